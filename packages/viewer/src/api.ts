// The member calls <tessera-viewer> makes (apps/api app/uploads and app/inference): the list of stored images
// (metadata, deletion time, latest analysis), an analysis, and two binary downloads (the image and the result
// mask). Binary answers are fetched with `cache: 'no-store'` and handed over as Blobs, never as URLs, and
// nothing is persisted. Lenient parsers: a malformed answer becomes an `invalid-response` error, not a crash.
// Keep in step with apps/api (openapi.ts).
import { INVALID_RESPONSE_PROBLEM, TesseraApiError, memberGet } from '@tessera/widget-core'
import type { TesseraClient } from '@tessera/widget-core'

export const UPLOADS_PATH = '/v1/widget/me/uploads'
export const ANALYSES_PATH = '/v1/widget/me/analyses'

const ANALYSIS_STATUSES = [
  'queued',
  'preprocessing',
  'running',
  'postprocessing',
  'done',
  'failed',
  'purged',
] as const
export type AnalysisStatus = (typeof ANALYSIS_STATUSES)[number]

const SUMMARY_KINDS = ['segmentation', 'classification', 'heatmap'] as const

export interface AnalysisSummary {
  kind: (typeof SUMMARY_KINDS)[number]
  labels: string[]
  /** Segmentation: share of the image per label (0–1); classification: score per label; heatmap: max per channel. */
  scores: number[]
  /** Size of the result mask (the image's size). */
  width: number
  height: number
}

/** One run of the tenant's model on one stored image. */
export interface Analysis {
  id: string
  status: AnalysisStatus
  model: { name: string; version: string }
  error: string | null
  summary: AnalysisSummary | null
  createdAt: string
  finishedAt: string | null
  expiresAt: string
}

/** A stored image as the list reports it. */
export interface StoredImage {
  id: string
  contentType: string
  size: number
  uploadedAt: string
  expiresAt: string
  analysis: Analysis | null
}

function invalid(detail: string): TesseraApiError {
  return new TesseraApiError({
    type: INVALID_RESPONSE_PROBLEM,
    title: 'Invalid response',
    status: 200,
    detail,
  })
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`${what} is not an object.`)
  return value as Record<string, unknown>
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '')
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0)

function required(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw invalid(`${what} is missing.`)
  return value
}

export function parseAnalysis(json: unknown): Analysis {
  const a = record(json, 'An analysis')
  const status = ANALYSIS_STATUSES.find((s) => s === a.status)
  if (!status) throw invalid('The analysis status is missing or unknown.')
  const model = typeof a.model === 'object' && a.model !== null ? (a.model as Record<string, unknown>) : {}
  let summary: AnalysisSummary | null = null
  if (a.summary !== null && a.summary !== undefined) {
    const s = record(a.summary, 'The analysis summary')
    const kind = SUMMARY_KINDS.find((k) => k === s.kind)
    if (!kind) throw invalid('The analysis summary has an unknown kind.')
    summary = {
      kind,
      labels: Array.isArray(s.labels) ? s.labels.map((l) => String(l)) : [],
      scores: Array.isArray(s.scores) ? s.scores.map(num) : [],
      width: num(s.width),
      height: num(s.height),
    }
  }
  return {
    id: required(a.id, 'The analysis id'),
    status,
    model: { name: text(model.name), version: text(model.version) },
    error: typeof a.error === 'string' && a.error !== '' ? a.error : null,
    summary,
    createdAt: text(a.createdAt),
    finishedAt: typeof a.finishedAt === 'string' ? a.finishedAt : null,
    expiresAt: text(a.expiresAt),
  }
}

export function parseStoredList(json: unknown): StoredImage[] {
  const l = record(json, 'The uploads')
  if (!Array.isArray(l.data)) throw invalid('The uploads answer has no data array.')
  return l.data.map((item) => {
    const u = record(item, 'An upload')
    return {
      id: required(u.id, 'The upload id'),
      contentType: text(u.contentType),
      size: num(u.size),
      uploadedAt: text(u.uploadedAt),
      expiresAt: required(u.expiresAt, 'The deletion time'),
      analysis: u.analysis === null || u.analysis === undefined ? null : parseAnalysis(u.analysis),
    }
  })
}

export class ViewerApi {
  readonly #client: TesseraClient
  readonly #fetch: typeof fetch

  /** `fetchImpl`: the runtime's fetch (stand-ins), for the binary downloads the client cannot make. */
  constructor(client: TesseraClient, fetchImpl?: typeof fetch) {
    this.#client = client
    this.#fetch = fetchImpl ?? ((...args) => globalThis.fetch(...args))
  }

  #auth(session: string): Record<string, string> {
    return { Authorization: `Bearer ${session}` }
  }

  /** GET /v1/widget/me/uploads: the member's stored images (purged ones are not listed). */
  async list(session: string, signal?: AbortSignal): Promise<StoredImage[]> {
    return parseStoredList(
      await this.#client.request<unknown>(UPLOADS_PATH, {
        headers: this.#auth(session),
        ...(signal ? { signal } : {}),
      })
    )
  }

  /** GET /v1/widget/me/analyses/:id. */
  async analysis(session: string, id: string, signal?: AbortSignal): Promise<Analysis> {
    return parseAnalysis(
      await this.#client.request<unknown>(`${ANALYSES_PATH}/${encodeURIComponent(id)}`, {
        headers: this.#auth(session),
        ...(signal ? { signal } : {}),
      })
    )
  }

  /**
   * GET /v1/widget/me/uploads/:id/content: the de-identified image. 404 when it is not the member's, 410 once
   * deleted (both as TesseraApiError).
   */
  content(session: string, uploadId: string, signal: AbortSignal): Promise<Blob> {
    return this.#bytes(
      session,
      `${UPLOADS_PATH}/${encodeURIComponent(uploadId)}/content`,
      'application/dicom, image/png, image/jpeg',
      signal
    )
  }

  /** GET /v1/widget/me/analyses/:id/mask: the result mask (PNG, 8-bit, 0 or 255). 404 until done. */
  mask(session: string, analysisId: string, signal: AbortSignal): Promise<Blob> {
    return this.#bytes(
      session,
      `${ANALYSES_PATH}/${encodeURIComponent(analysisId)}/mask`,
      'image/png',
      signal
    )
  }

  async #bytes(session: string, path: string, accept: string, signal: AbortSignal): Promise<Blob> {
    // Health data: never into the HTTP cache (memberGet asks no-store; the API answers it too).
    const response = await memberGet(this.#client, this.#fetch, path, {
      session,
      accept,
      signal,
      unavailable: 'The image could not be fetched.',
    })
    const blob = await response.blob()
    const type = (response.headers.get('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase()
    // The Blob keeps the type the API declared (the element picks the decoder from it).
    return type && blob.type !== type ? new Blob([blob], { type }) : blob
  }
}
