import { createHmac } from 'node:crypto'
import {
  BurnedInAnnotationError,
  DicomDeidError,
  ImageFormatError,
  deidentify,
  detectFormat,
  stripImageMetadata,
} from '@tessera/dicom-deid'
import env from '#start/env'
import { ProblemError, problems } from '#shared/problem'
import type Tenant from '#tenancy/tenant'

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

/**
 * The server never trusts the browser's de-identification: the Basic Profile (DICOM) or metadata
 * stripping (PNG/JPEG) runs again on receipt; what it cannot clean is refused.
 */
export async function deidentifyUpload(
  tenant: Tenant,
  contentType: string,
  bytes: Uint8Array
): Promise<{ bytes: Uint8Array; summary: DeidSummary }> {
  const format = FORMAT_OF[contentType]
  if (!format || detectFormat(bytes) !== format) {
    throw problems.invalid([
      { field: 'body', message: `The file is not a valid ${contentType}`, rule: 'signature' },
    ])
  }
  try {
    if (format === 'dicom') {
      const { bytes: cleaned, report } = await deidentify(bytes, {
        uidKey: uidKey(tenant),
        burnedIn: tenant.settings.burnedInAnnotation,
      })
      return {
        bytes: cleaned,
        summary: {
          format,
          removed: report.counts.removed + report.counts.privateRemoved,
          replaced: report.counts.replaced + report.counts.emptied,
          uidsReplaced: report.counts.uidsReplaced,
          warnings: report.warnings,
          items: [
            ...new Set(report.entries.filter((e) => e.action !== 'K').map((e) => e.keyword || e.tag)),
          ].slice(0, 200),
        },
      }
    }
    const { bytes: cleaned, removed } = stripImageMetadata(bytes)
    return {
      bytes: cleaned,
      summary: {
        format,
        removed: removed.length,
        replaced: 0,
        uidsReplaced: 0,
        warnings: [],
        items: removed,
      },
    }
  } catch (error) {
    if (error instanceof BurnedInAnnotationError) {
      throw new ProblemError(422, 'burned-in-annotation', 'Image may show patient details', error.message, [
        { field: 'body', message: error.message, rule: 'burnedInAnnotation' },
      ])
    }
    if (error instanceof DicomDeidError || error instanceof ImageFormatError) {
      throw problems.invalid([{ field: 'body', message: error.message, rule: 'deidentification' }])
    }
    throw error
  }
}
