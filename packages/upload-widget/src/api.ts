// The member calls <tessera-upload> makes besides the upload itself (see transport.ts): the imaging consent
// (a tiny copy of the two consent calls, so this bundle does not pull in the consent widget) and the list
// of stored images, and the analyses of those images (apps/api app/inference; the event stream is read by
// analysis-events.ts). Lenient parsers: a malformed answer becomes an `invalid-response` error, not a crash.
// Keep in step with apps/api (app/consent, app/uploads, app/inference).
import { INVALID_RESPONSE_PROBLEM, KEY_HEADER, TesseraApiError, memberGet } from '@tessera/widget-core'
import type { Locale, TesseraClient } from '@tessera/widget-core'

/** The purpose whose explicit consent uploading needs (special-category data: health). */
export const IMAGING_PURPOSE = 'image_analysis'

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

/** Where an analysis is. `purged`: the image was deleted before (or after) it was analysed. */
export type AnalysisStatus = (typeof ANALYSIS_STATUSES)[number]

/** The stages a successful analysis steps through, in order. */
export const ANALYSIS_STAGES: readonly AnalysisStatus[] = [
  'queued',
  'preprocessing',
  'running',
  'postprocessing',
  'done',
]

/** Statuses after which an analysis does not change any more (unless asked for again). */
export const FINISHED_ANALYSIS: readonly AnalysisStatus[] = ['done', 'failed', 'purged']

export const isFinished = (analysis: Pick<Analysis, 'status'>): boolean =>
  FINISHED_ANALYSIS.includes(analysis.status)

const SUMMARY_KINDS = ['segmentation', 'classification', 'heatmap'] as const

/** What a finished analysis found (the mask itself is fetched separately). */
export interface AnalysisSummary {
  kind: (typeof SUMMARY_KINDS)[number]
  labels: string[]
  /** Segmentation: share of the image per label (0–1); classification: score per label; heatmap: max per channel. */
  scores: number[]
  width: number
  height: number
  /** Milliseconds spent in each step. */
  timings: { preprocess: number; run: number; postprocess: number }
}

/** One run of the tenant's model on one stored image. */
export interface Analysis {
  id: string
  status: AnalysisStatus
  model: { name: string; version: string }
  /** A readable reason when failed or purged (never personal data). */
  error: string | null
  summary: AnalysisSummary | null
  createdAt: string
  finishedAt: string | null
  expiresAt: string
}

/** `tessera-analysis-complete`: an analysis the element followed has finished. */
export interface AnalysisCompleteDetail {
  uploadId: string
  analysisId: string
  /** `failed` also when the image was deleted before it could be analysed. */
  status: 'done' | 'failed'
  model: { name: string; version: string }
  summary: AnalysisSummary | null
}

export interface ImagingConsent {
  policyVersion: string
  /** Whether the tenant's policy has the purpose at all. */
  offered: boolean
  granted: boolean
  title: string
  description: string
}

export interface StoredImage {
  id: string
  contentType: string
  size: number
  status: string
  uploadedAt: string
  expiresAt: string
  /** Its latest analysis, if one was asked for. */
  analysis: Analysis | null
}

export interface UploadCompleteDetail {
  id: string
  contentType: string
  expiresAt: string
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
const loose = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}

function required(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw invalid(`${what} is missing.`)
  return value
}

export function parseImagingConsent(json: unknown): ImagingConsent {
  const c = record(json, 'The consent choices')
  if (!Array.isArray(c.purposes)) throw invalid('The consent choices have no purposes array.')
  const purpose = c.purposes
    .filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null)
    .find((p) => p.key === IMAGING_PURPOSE)
  return {
    policyVersion: required(c.policyVersion, 'The policy version'),
    offered: purpose !== undefined,
    // A purpose the member must answer again (changed in the policy now in effect) is not granted yet.
    granted: purpose?.state === 'granted' && purpose.needsAnswer !== true,
    title: text(purpose?.title),
    description: text(purpose?.description),
  }
}

export function parseStoredImage(json: unknown): StoredImage {
  const u = record(json, 'An upload')
  return {
    id: required(u.id, 'The upload id'),
    contentType: text(u.contentType),
    size: typeof u.size === 'number' ? u.size : 0,
    status: text(u.status),
    uploadedAt: text(u.uploadedAt),
    expiresAt: required(u.expiresAt, 'The deletion time'),
    analysis: u.analysis === null || u.analysis === undefined ? null : parseAnalysis(u.analysis),
  }
}

export function parseStoredList(json: unknown): StoredImage[] {
  const l = record(json, 'The uploads')
  if (!Array.isArray(l.data)) throw invalid('The uploads answer has no data array.')
  return l.data.map(parseStoredImage)
}

export function parseAnalysisSummary(json: unknown): AnalysisSummary | null {
  if (json === null || json === undefined) return null
  const s = record(json, 'The analysis summary')
  const kind = SUMMARY_KINDS.find((k) => k === s.kind)
  if (!kind) throw invalid('The analysis summary has an unknown kind.')
  const timings = loose(s.timings)
  return {
    kind,
    labels: Array.isArray(s.labels) ? s.labels.map((l) => (typeof l === 'string' ? l : String(l))) : [],
    scores: Array.isArray(s.scores) ? s.scores.map(num) : [],
    width: num(s.width),
    height: num(s.height),
    timings: {
      preprocess: num(timings.preprocess),
      run: num(timings.run),
      postprocess: num(timings.postprocess),
    },
  }
}

export function parseAnalysis(json: unknown): Analysis {
  const a = record(json, 'An analysis')
  const status = ANALYSIS_STATUSES.find((s) => s === a.status)
  if (!status) throw invalid('The analysis status is missing or unknown.')
  const model = loose(a.model)
  return {
    id: required(a.id, 'The analysis id'),
    status,
    model: { name: text(model.name), version: text(model.version) },
    error: typeof a.error === 'string' && a.error !== '' ? a.error : null,
    summary: parseAnalysisSummary(a.summary),
    createdAt: text(a.createdAt),
    finishedAt: typeof a.finishedAt === 'string' ? a.finishedAt : null,
    expiresAt: text(a.expiresAt),
  }
}

export class UploadsApi {
  readonly #client: TesseraClient
  readonly #locale: Locale
  readonly #fetch: typeof fetch

  /** `fetchImpl`: the runtime's fetch (stand-ins), for the one call the client cannot make (the event stream). */
  constructor(client: TesseraClient, locale: Locale, fetchImpl?: typeof fetch) {
    this.#client = client
    this.#locale = locale
    this.#fetch = fetchImpl ?? ((...args) => globalThis.fetch(...args))
  }

  #auth(session: string): Record<string, string> {
    return { Authorization: `Bearer ${session}` }
  }

  #query(): string {
    return new URLSearchParams({ locale: this.#locale }).toString()
  }

  /** GET /v1/widget/me/consents: is image analysis granted? */
  async imagingConsent(session: string): Promise<ImagingConsent> {
    return parseImagingConsent(
      await this.#client.request<unknown>(`/v1/widget/me/consents?${this.#query()}`, {
        headers: this.#auth(session),
      })
    )
  }

  /** POST /v1/widget/me/consents: grants image analysis under the policy version the member saw. */
  async grantImaging(session: string, policyVersion: string): Promise<void> {
    await this.#client.request<unknown>(`/v1/widget/me/consents?${this.#query()}`, {
      method: 'POST',
      body: { purpose: IMAGING_PURPOSE, action: 'grant', policyVersion },
      headers: this.#auth(session),
    })
  }

  /** GET /v1/widget/me/uploads: the member's stored images (purged ones are not listed). */
  async list(session: string): Promise<StoredImage[]> {
    return parseStoredList(
      await this.#client.request<unknown>(UPLOADS_PATH, { headers: this.#auth(session) })
    )
  }

  /** DELETE /v1/widget/me/uploads/:id: deletes now (204). */
  async remove(session: string, id: string): Promise<void> {
    await this.#client.request<unknown>(`${UPLOADS_PATH}/${encodeURIComponent(id)}`, {
      method: 'DELETE',
      headers: this.#auth(session),
    })
  }

  /** GET /v1/widget/me/analyses/:id: where the analysis is now (the fallback when events are unavailable). */
  async analysis(session: string, id: string, signal?: AbortSignal): Promise<Analysis> {
    return parseAnalysis(
      await this.#client.request<unknown>(`${ANALYSES_PATH}/${encodeURIComponent(id)}`, {
        headers: this.#auth(session),
        ...(signal ? { signal } : {}),
      })
    )
  }

  /**
   * POST /v1/widget/me/uploads/:id/analyses: asks (again) for an analysis of a stored image; 202 with it
   * (queued, or the one already under way). 409 without consent or when processing is restricted, 410 when
   * the image is gone.
   */
  async requestAnalysis(session: string, uploadId: string): Promise<Analysis> {
    return parseAnalysis(
      await this.#client.request<unknown>(`${UPLOADS_PATH}/${encodeURIComponent(uploadId)}/analyses`, {
        method: 'POST',
        headers: this.#auth(session),
      })
    )
  }

  /**
   * GET /v1/widget/me/analyses/:id/events: opens the analysis's server-sent events and returns the body to
   * read (see analysis-events.ts). Made with fetch, not EventSource, so the key and session travel in headers.
   * Rejects with a TesseraApiError when there is no event stream to read, or an `AbortError`.
   */
  async analysisEvents(
    session: string,
    id: string,
    signal: AbortSignal
  ): Promise<ReadableStream<Uint8Array>> {
    const response = await memberGet(
      this.#client,
      this.#fetch,
      `${ANALYSES_PATH}/${encodeURIComponent(id)}/events`,
      { session, accept: 'text/event-stream', signal, unavailable: 'The analysis events are unavailable.' }
    )
    const type = (response.headers.get('Content-Type') ?? '').toLowerCase()
    if (!response.body || !type.startsWith('text/event-stream')) {
      await response.body?.cancel().catch(() => {})
      throw invalid('The analysis events are not an event stream.')
    }
    return response.body
  }

  /** Where and how the transport sends one image: the body is the bytes, nothing else (no file name). */
  uploadTarget(session: string, contentType: string): { url: string; headers: Record<string, string> } {
    return {
      url: this.#client.url(UPLOADS_PATH),
      headers: {
        Accept: 'application/json',
        [KEY_HEADER]: this.#client.key,
        ...this.#auth(session),
        'Content-Type': contentType,
      },
    }
  }
}

export function parseUploadComplete(json: unknown): UploadCompleteDetail {
  const u = record(json, 'The upload')
  return {
    id: required(u.id, 'The upload id'),
    contentType: text(u.contentType),
    expiresAt: required(u.expiresAt, 'The deletion time'),
  }
}
