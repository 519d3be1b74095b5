// A stand-in for the endpoints <tessera-viewer> calls (the member's uploads, their content, analyses and
// masks), for Storybook and the tests: no API needed. Answers like the real API (404 for images that are not
// the member's, 410 `upload-gone` once deleted, 401 without the session) and records every request.
// Not part of any bundle.
import { memberSession, sampleWidgetConfig } from '@tessera/widget-core'
import type { TesseraRuntime, WidgetConfig } from '@tessera/widget-core'
import type { Analysis, AnalysisSummary } from './api.js'

export const VIEWER_FIXTURE_API_BASE = 'https://api.viewer.invalid'
export const FIXTURE_SESSION = 'mt_fixture_viewer_session'
/** The stand-in's "now". */
export const FIXTURE_NOW = '2026-04-01T08:00:00.000Z'
export const FIXTURE_MODEL = { name: 'lesion-seg', version: '2.1.0' }
const HOUR = 60 * 60 * 1000

/** A stored image of the stand-in: its bytes, and optionally its analysis and that analysis's mask. */
export interface FixtureUpload {
  id: string
  contentType: string
  bytes: Blob
  uploadedAt?: string
  expiresAt?: string
  analysis?: Analysis | null
  mask?: Blob
}

export interface ViewerFixtureOptions {
  key?: string
  signedIn?: boolean
  uploads?: FixtureUpload[]
  /** Upload ids that were deleted: content answers 410 `upload-gone`, the list leaves them out. */
  gone?: string[]
  /** The content answers this status instead (e.g. 500). */
  contentStatus?: number
  /** GET /analyses/:id answers this status instead. */
  analysisStatus?: number
  /** Content, analysis and mask answers wait for this promise first (stories of the loading state). */
  hold?: Promise<unknown>
}

export interface RecordedRequest {
  method: string
  path: string
  authorization: string | null
  key: string | null
  accept: string | null
  cache: RequestCache | undefined
  credentials: RequestCredentials | undefined
}

export interface ViewerFixtureApi {
  fetch: typeof fetch
  runtime: Pick<TesseraRuntime, 'config' | 'apiBase' | 'key' | 'fetch'>
  requests: RecordedRequest[]
  /** Stores (or clears) the member session for this key, as signing in would. */
  seed(): void
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': status < 400 ? 'application/json' : 'application/problem+json',
      'Cache-Control': 'no-store',
    },
  })
}

const PROBLEMS: Record<number, { slug: string; title: string; detail: string }> = {
  401: { slug: 'unauthenticated', title: 'Authentication required', detail: 'Sign in again.' },
  404: { slug: 'not-found', title: 'Not found', detail: 'No such upload.' },
  410: {
    slug: 'upload-gone',
    title: 'Image deleted',
    detail: 'Images are deleted after their retention period.',
  },
  500: { slug: 'internal', title: 'Internal error', detail: 'Something went wrong on our side.' },
}

function problem(status: number): Response {
  const p = PROBLEMS[status] ?? { slug: `s${status}`, title: `Failure ${status}`, detail: '' }
  return json(
    { type: `https://tessera.dev/problems/${p.slug}`, title: p.title, status, detail: p.detail },
    status
  )
}

export const FIXTURE_SEGMENTATION = (width: number, height: number, share = 0.12): AnalysisSummary => ({
  kind: 'segmentation',
  labels: ['background', 'lesion'],
  scores: [1 - share, share],
  width,
  height,
})

export const FIXTURE_CLASSIFICATION: AnalysisSummary = {
  kind: 'classification',
  labels: ['normal', 'benign', 'malignant'],
  scores: [0.81, 0.15, 0.04],
  width: 0,
  height: 0,
}

/** An analysis as the API presents it. */
export function fixtureAnalysis(
  id: string,
  status: Analysis['status'],
  summary: AnalysisSummary | null = null,
  patch: Partial<Analysis> = {}
): Analysis {
  const finished = status === 'done' || status === 'failed' || status === 'purged'
  return {
    id,
    status,
    model: { ...FIXTURE_MODEL },
    error: status === 'failed' ? 'The model could not read this image.' : null,
    summary: status === 'done' ? summary : null,
    createdAt: new Date(Date.parse(FIXTURE_NOW) - HOUR).toISOString(),
    finishedAt: finished ? new Date(Date.parse(FIXTURE_NOW) - HOUR / 2).toISOString() : null,
    expiresAt: new Date(Date.parse(FIXTURE_NOW) + 23 * HOUR).toISOString(),
    ...patch,
  }
}

export function viewerFixtureApi(
  options: ViewerFixtureOptions = {},
  config: WidgetConfig = sampleWidgetConfig({ features: { upload: true, viewer: true } })
): ViewerFixtureApi {
  const key = options.key ?? 'pk_fixture_viewer'
  const requests: RecordedRequest[] = []
  const uploads = options.uploads ?? []
  const gone = new Set(options.gone ?? [])
  const present = (u: FixtureUpload) => {
    const uploadedAt = u.uploadedAt ?? new Date(Date.parse(FIXTURE_NOW) - 2 * HOUR).toISOString()
    const expiresAt = u.expiresAt ?? new Date(Date.parse(uploadedAt) + 24 * HOUR).toISOString()
    return {
      id: u.id,
      contentType: u.contentType,
      size: u.bytes.size,
      status: 'stored',
      uploadedAt,
      expiresAt,
      secondsLeft: Math.max(0, Math.round((Date.parse(expiresAt) - Date.parse(FIXTURE_NOW)) / 1000)),
      deidentification: null,
      analysis: u.analysis ?? null,
    }
  }
  const signedIn = (authorization: string | null) =>
    authorization === `Bearer ${FIXTURE_SESSION}` && memberSession(key).get() === FIXTURE_SESSION

  const fetchImpl = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const path = url.pathname
    const headers = new Headers(init.headers)
    const method = (init.method ?? 'GET').toUpperCase()
    if (init.signal?.aborted) throw new DOMException('The request was aborted.', 'AbortError')
    requests.push({
      method,
      path,
      authorization: headers.get('Authorization'),
      key: headers.get('X-Tessera-Key'),
      accept: headers.get('Accept'),
      cache: init.cache,
      credentials: init.credentials,
    })
    if (path === '/v1/widget/config') return json(config)
    if (!signedIn(headers.get('Authorization'))) return problem(401)
    if (path === '/v1/widget/me/uploads' && method === 'GET')
      return json({ data: uploads.filter((u) => !gone.has(u.id)).map(present) })
    if (options.hold) await options.hold
    if (init.signal?.aborted) throw new DOMException('The request was aborted.', 'AbortError')
    const content = /^\/v1\/widget\/me\/uploads\/([^/]+)\/content$/.exec(path)
    if (content && method === 'GET') {
      const id = decodeURIComponent(content[1]!)
      if (gone.has(id)) return problem(410)
      const upload = uploads.find((u) => u.id === id)
      if (!upload) return problem(404)
      if (options.contentStatus) return problem(options.contentStatus)
      return new Response(upload.bytes, {
        status: 200,
        headers: {
          'Content-Type': upload.contentType,
          'Cache-Control': 'no-store',
          'Content-Disposition': 'inline',
        },
      })
    }
    const analysis = /^\/v1\/widget\/me\/analyses\/([^/]+)(\/mask)?$/.exec(path)
    if (analysis && method === 'GET') {
      const id = decodeURIComponent(analysis[1]!)
      const owner = uploads.find((u) => u.analysis?.id === id)
      if (!owner?.analysis) return problem(404)
      if (options.analysisStatus) return problem(options.analysisStatus)
      if (!analysis[2]) return json(owner.analysis)
      if (owner.analysis.status !== 'done' || !owner.mask) return problem(404)
      return new Response(owner.mask, {
        status: 200,
        headers: { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' },
      })
    }
    return problem(404)
  }

  const fetch = fetchImpl as typeof globalThis.fetch
  return {
    fetch,
    runtime: { config: Promise.resolve(config), apiBase: VIEWER_FIXTURE_API_BASE, key, fetch },
    requests,
    seed() {
      const store = memberSession(key)
      if (options.signedIn === false) store.clear()
      else store.set(FIXTURE_SESSION)
    },
  }
}
