import { createHmac } from 'node:crypto'
import {
  BurnedInAnnotationError,
  DicomDeidError,
  ImageFormatError,
  deidentifyStream,
  detectFormat,
  stripImageMetadata,
  type DeidentifyReport,
} from '@tessera/dicom-deid'
import env from '#start/env'
import { ProblemError, problems } from '#shared/problem'
import type Tenant from '#tenancy/tenant'
import { UploadTooLargeError } from '#uploads/envelope'

const FORMAT_OF: Record<string, 'dicom' | 'png' | 'jpeg'> = {
  'application/dicom': 'dicom',
  'image/png': 'png',
  'image/jpeg': 'jpeg',
}

export type DeidSummary = {
  format: 'dicom' | 'png' | 'jpeg'
  removed: number
  replaced: number
  uidsReplaced: number
  warnings: string[]
  /** Short human list: keywords of DICOM attributes changed, or image metadata blocks removed. */
  items: string[]
}

/** The tenant's key for replacement UIDs: the same study keeps one new UID across its files. */
function uidKey(tenant: Tenant): Uint8Array {
  return createHmac('sha256', 'tessera:dicom-uid-key')
    .update(`${env.get('APP_KEY').release()}:${tenant.publicId}`)
    .digest()
}

function problemFor(error: unknown): unknown {
  if (error instanceof BurnedInAnnotationError) {
    return new ProblemError(422, 'burned-in-annotation', 'Image may show patient details', error.message, [
      { field: 'body', message: error.message, rule: 'burnedInAnnotation' },
    ])
  }
  if (error instanceof DicomDeidError || error instanceof ImageFormatError) {
    return problems.invalid([{ field: 'body', message: error.message, rule: 'deidentification' }])
  }
  return error
}

function dicomSummary(report: DeidentifyReport): DeidSummary {
  return {
    format: 'dicom',
    removed: report.counts.removed + report.counts.privateRemoved,
    replaced: report.counts.replaced + report.counts.emptied,
    uidsReplaced: report.counts.uidsReplaced,
    warnings: report.warnings,
    items: [...new Set(report.entries.filter((e) => e.action !== 'K').map((e) => e.keyword || e.tag))].slice(
      0,
      200
    ),
  }
}

/** A de-identified file on its way to storage; `summary()` is complete once `chunks` has ended. */
export type CleanUpload = { chunks: AsyncIterable<Uint8Array>; summary(): DeidSummary }

/**
 * The server never trusts the browser's de-identification: the Basic Profile (DICOM) or metadata
 * stripping (PNG/JPEG) runs again on receipt; what it cannot clean is refused. DICOM streams: only
 * its header is held in memory, the pixels pass through. PNG/JPEG are read whole (at most
 * `rasterLimit` bytes). Errors found before the first output byte reject the promise; errors found
 * later (a file cut short inside its pixels) are thrown from `chunks`; both as problem+json.
 */
export async function deidentifyUpload(
  tenant: Tenant,
  contentType: string,
  source: AsyncIterable<Uint8Array>,
  rasterLimit: number
): Promise<CleanUpload> {
  const format = FORMAT_OF[contentType]
  if (!format) throw problems.unsupportedMediaType(Object.keys(FORMAT_OF).join(', '))
  try {
    if (format === 'dicom') {
      const { report, chunks } = await deidentifyStream(source, {
        uidKey: uidKey(tenant),
        burnedIn: tenant.settings.burnedInAnnotation,
      })
      return {
        chunks: (async function* () {
          try {
            yield* chunks
          } catch (error) {
            throw problemFor(error)
          }
        })(),
        summary: () => dicomSummary(report),
      }
    }
    const bytes = await readAll(source, rasterLimit)
    if (detectFormat(bytes) !== format) throw notA(contentType)
    const { bytes: cleaned, removed } = stripImageMetadata(bytes)
    const summary: DeidSummary = {
      format,
      removed: removed.length,
      replaced: 0,
      uidsReplaced: 0,
      warnings: [],
      items: removed,
    }
    return {
      chunks: (async function* () {
        yield cleaned
      })(),
      summary: () => summary,
    }
  } catch (error) {
    throw problemFor(error)
  }
}

function notA(contentType: string) {
  return problems.invalid([
    { field: 'body', message: `The file is not a valid ${contentType}`, rule: 'signature' },
  ])
}

async function readAll(source: AsyncIterable<Uint8Array>, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of source) {
    size += chunk.length
    if (size > limit) throw new UploadTooLargeError(limit)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}
