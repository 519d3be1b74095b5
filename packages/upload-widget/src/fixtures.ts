// A stand-in for the endpoints <tessera-upload> calls (consents, uploads, analyses), for Storybook and the
// tests: no API needed. fetch answers the JSON calls and streams the analyses' server-sent events; a fake
// XMLHttpRequest answers the uploads, automatically or step by step. Analyses advance when told (or by
// themselves). Keeps state like the real API and records every request. Not part of any bundle.
import { memberSession, sampleWidgetConfig } from '@tessera/widget-core'
import type { TesseraRuntime, WidgetConfig } from '@tessera/widget-core'
import { ANALYSIS_STAGES, isFinished } from './api.js'
import type { Analysis, AnalysisStatus, AnalysisSummary, StoredImage } from './api.js'
import { kindOfBytes } from './detect.js'
import type { Deidentifier } from './deid.js'
import { xhrTransport } from './transport.js'
import type { ProgressEventLike, Transport, XhrLike } from './transport.js'

export const UPLOAD_FIXTURE_API_BASE = 'https://api.uploads.invalid'
export const FIXTURE_SESSION = 'mt_fixture_upload_session'
export const FIXTURE_POLICY_VERSION = 'pv_fixture_2'
/** The stand-in's "now" for stored images. */
export const FIXTURE_NOW = '2026-04-01T08:00:00.000Z'
const DAY = 24 * 60 * 60 * 1000

export interface UploadFixtureOptions {
  key?: string
  signedIn?: boolean
  /** The member's image-analysis decision (default granted); 'absent': the policy has no such purpose. */
  imaging?: 'granted' | 'denied' | 'withdrawn' | null | 'absent'
  /** Images already stored. */
  stored?: StoredImage[]
  /** Uploads answer on their own (default), or wait for `xhrs[n].progress()` / `.respond()`. */
  uploads?: 'auto' | 'manual'
  /** The n-th upload (0-based) answers with this status instead of storing the image. */
  uploadStatuses?: (number | undefined)[]
  /** Processing is restricted: uploads (and asking for an analysis) answer 409 `processing-restricted`. */
  restricted?: boolean
  /** New uploads are queued for analysis (default), as the API does when the tenant has a model. */
  analyseUploads?: boolean
  /** Analyses advance when told with `advance(id)` (default), or by themselves every `analysisStepMs`. */
  analyses?: 'manual' | 'auto'
  analysisStepMs?: number
  /** What an analysis goes through after `queued` (default: the stages, then done with FIXTURE_SEGMENTATION). */
  analysisScript?: AnalysisStep[]
  /**
   * How `GET /analyses/:id/events` answers: an event stream whose blocks arrive split across chunks
   * (default); that HTTP status; a network failure; a 200 that is not an event stream; or a stream that
   * breaks off at the first change after the current state.
   */
  analysisEvents?: 'stream' | number | 'network' | 'not-a-stream' | 'drop'
  /** Asking for an analysis (`POST /uploads/:id/analyses`) answers with this status. */
  analysisRequestStatus?: number
}

/** One step of a stand-in analysis: a status, optionally with its error or summary. */
export type AnalysisStep =
  AnalysisStatus | { status: AnalysisStatus; error?: string; summary?: AnalysisSummary }

/** An event stream the stand-in opened. */
export interface FixtureStream {
  analysisId: string
  /** The request's signal: aborted when the element stopped reading. */
  signal: AbortSignal | undefined
  /** Ended by the stand-in (finished, or broken off) or by the reader. */
  closed: boolean
  /** The bytes sent, chunk by chunk, as text. */
  chunks: string[]
}

export interface RecordedRequest {
  method: string
  url: URL
  path: string
  body: unknown
  authorization: string | null
  key: string | null
  contentType: string | null
  accept: string | null
}

/** A fake XMLHttpRequest: records what is sent; answers when told (or by itself in 'auto' mode). */
export class FakeXhr implements XhrLike {
  withCredentials = true
  status = 0
  statusText = ''
  responseText = ''
  readonly upload: { onprogress: ((event: ProgressEventLike) => void) | null } = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null
  method = ''
  url = ''
  headers: Record<string, string> = {}
  body: Blob | undefined
  aborted = false
  done = false
  sentWithCredentials: boolean | undefined
  readonly #onSend: (xhr: FakeXhr) => void

  constructor(onSend: (xhr: FakeXhr) => void) {
    this.#onSend = onSend
  }

  open(method: string, url: string): void {
    this.method = method
    this.url = url
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value
  }

  send(body: Blob): void {
    this.body = body
    this.sentWithCredentials = this.withCredentials
    this.#onSend(this)
  }

  abort(): void {
    if (this.done) return
    this.aborted = true
    this.done = true
    this.onabort?.()
  }

  /** Reports `loaded` bytes sent. */
  progress(loaded: number): void {
    if (this.done) return
    this.upload.onprogress?.({ loaded, total: this.body?.size ?? 0, lengthComputable: true })
  }

  respond(status: number, body?: unknown): void {
    if (this.done) return
    this.done = true
    this.status = status
    this.responseText = body === undefined ? '' : JSON.stringify(body)
    this.onload?.()
  }

  fail(): void {
    if (this.done) return
    this.done = true
    this.onerror?.()
  }
}

export interface UploadFixtureApi {
  fetch: typeof fetch
  runtime: Pick<TesseraRuntime, 'config' | 'apiBase' | 'key' | 'fetch'>
  /** The transport to give the element: the real xhrTransport over FakeXhr. */
  transport: Transport
  /** JSON calls, in order. */
  requests: RecordedRequest[]
  /** Every upload request, in order. */
  xhrs: FakeXhr[]
  /** The images stored now. */
  stored: StoredImage[]
  /** Every analysis, by id, as it is now. */
  analyses: Map<string, Analysis>
  /** Event streams opened, in order. */
  streams: FixtureStream[]
  /** Moves the analysis one step along its script, as the worker would; streams send the change. */
  advance(analysisId: string): Analysis | undefined
  seed(): void
  /** Answers upload `xhr` as the stand-in API would (reads the body; use in 'manual' mode). */
  answer(xhr: FakeXhr): Promise<void>
}

function json(body: unknown, status = 200): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status < 400 ? 'application/json' : 'application/problem+json' },
  })
}

const PROBLEMS: Record<number, { slug: string; title: string; detail: string; field?: string }> = {
  401: { slug: 'unauthenticated', title: 'Authentication required', detail: 'Sign in again.' },
  409: {
    slug: 'consent-required',
    title: 'Consent required',
    detail: 'Image analysis needs the member’s explicit consent (image_analysis).',
  },
  410: {
    slug: 'upload-gone',
    title: 'Image deleted',
    detail: 'Images are deleted after their retention period.',
  },
  413: { slug: 'payload-too-large', title: 'Payload too large', detail: 'Images may be at most 512 MB.' },
  415: {
    slug: 'unsupported-media-type',
    title: 'Unsupported media type',
    detail: 'Send application/dicom, image/png or image/jpeg.',
  },
  422: {
    slug: 'validation',
    title: 'Invalid input',
    detail: 'The bytes do not match the declared content type.',
    field: 'body',
  },
  500: { slug: 'internal', title: 'Internal error', detail: 'Something went wrong on our side.' },
}

function problemBody(status: number, slug?: string): Record<string, unknown> {
  const p = PROBLEMS[status] ?? { slug: `s${status}`, title: `Failure ${status}`, detail: '' }
  return {
    type: `https://tessera.dev/problems/${slug ?? p.slug}`,
    title: p.title,
    status,
    detail: slug === 'processing-restricted' ? 'Processing of this member’s data is restricted.' : p.detail,
    ...(p.field ? { errors: [{ field: p.field, message: p.detail, rule: 'format' }] } : {}),
  }
}

export const FIXTURE_MODEL = { name: 'retina-vessels', version: '1.2.0' }

/** A segmentation: 6.8 % of the image is vessel. */
export const FIXTURE_SEGMENTATION: AnalysisSummary = {
  kind: 'segmentation',
  labels: ['background', 'vessel'],
  scores: [0.932, 0.068],
  width: 512,
  height: 512,
  timings: { preprocess: 38, run: 412, postprocess: 21 },
}

/** A classification: most likely diabetic retinopathy (81 %). */
export const FIXTURE_CLASSIFICATION: AnalysisSummary = {
  kind: 'classification',
  labels: ['normal', 'diabetic_retinopathy', 'glaucoma'],
  scores: [0.12, 0.81, 0.07],
  width: 224,
  height: 224,
  timings: { preprocess: 12, run: 95, postprocess: 2 },
}

export const FIXTURE_ANALYSIS_ERROR =
  'The image could not be read: its pixel data uses a compression the model cannot decode.'

/** An analysis in `status`, started a minute before FIXTURE_NOW. */
export function fixtureAnalysis(
  id: string,
  status: AnalysisStatus,
  overrides: Partial<Analysis> = {}
): Analysis {
  const finished = isFinished({ status })
  return {
    id,
    status,
    model: { ...FIXTURE_MODEL },
    error: status === 'failed' ? FIXTURE_ANALYSIS_ERROR : null,
    summary: status === 'done' ? FIXTURE_SEGMENTATION : null,
    createdAt: new Date(Date.parse(FIXTURE_NOW) - 60_000).toISOString(),
    finishedAt: finished ? FIXTURE_NOW : null,
    expiresAt: new Date(Date.parse(FIXTURE_NOW) + DAY).toISOString(),
    ...overrides,
  }
}

function storedImage(
  id: string,
  minutesAgo: number,
  analysis: Analysis | null,
  contentType = 'image/png'
): StoredImage {
  const uploadedAt = Date.parse(FIXTURE_NOW) - minutesAgo * 60_000
  return {
    id,
    contentType,
    size: 812_000,
    status: 'stored',
    uploadedAt: new Date(uploadedAt).toISOString(),
    expiresAt: new Date(uploadedAt + DAY).toISOString(),
    analysis,
  }
}

/** Stored images with an analysis in each state (pick the ones a test or story needs). */
export const FIXTURE_ANALYSED = {
  queued: storedImage('up_an_queued', 1, fixtureAnalysis('an_queued', 'queued')),
  running: storedImage('up_an_running', 2, fixtureAnalysis('an_running', 'running'), 'application/dicom'),
  done: storedImage('up_an_done', 10, fixtureAnalysis('an_done', 'done')),
  classified: storedImage(
    'up_an_classified',
    12,
    fixtureAnalysis('an_classified', 'done', {
      model: { name: 'fundus-grading', version: '3.0.1' },
      summary: FIXTURE_CLASSIFICATION,
    }),
    'image/jpeg'
  ),
  failed: storedImage('up_an_failed', 15, fixtureAnalysis('an_failed', 'failed')),
} satisfies Record<string, StoredImage>

const DEFAULT_SCRIPT: AnalysisStep[] = ['preprocessing', 'running', 'postprocessing', 'done']

const order = (status: AnalysisStatus) =>
  ANALYSIS_STAGES.includes(status) ? ANALYSIS_STAGES.indexOf(status) : ANALYSIS_STAGES.length - 1

/** Splits a block of bytes where readers are likely to trip: inside a field name, mid-way, between the two line feeds. */
function splitBytes(bytes: Uint8Array): Uint8Array[] {
  const cuts = [...new Set([7, Math.floor(bytes.length / 2), bytes.length - 1])].filter(
    (n) => n > 0 && n < bytes.length
  )
  return [0, ...cuts].map((start, i) => bytes.slice(start, cuts[i] ?? bytes.length))
}

/** Stored images expiring in 23:35 and 02:10 from FIXTURE_NOW. */
export const FIXTURE_STORED: StoredImage[] = [
  {
    id: 'up_fixture_1',
    contentType: 'application/dicom',
    size: 4_718_592,
    status: 'stored',
    uploadedAt: new Date(Date.parse(FIXTURE_NOW) - 25 * 60_000).toISOString(),
    expiresAt: new Date(Date.parse(FIXTURE_NOW) - 25 * 60_000 + DAY).toISOString(),
    analysis: null,
  },
  {
    id: 'up_fixture_2',
    contentType: 'image/png',
    size: 812_000,
    status: 'stored',
    uploadedAt: new Date(Date.parse(FIXTURE_NOW) - (21 * 60 + 50) * 60_000).toISOString(),
    expiresAt: new Date(Date.parse(FIXTURE_NOW) - (21 * 60 + 50) * 60_000 + DAY).toISOString(),
    analysis: null,
  },
]

/** A stand-in for the upload endpoints. */
export function uploadFixtureApi(
  options: UploadFixtureOptions = {},
  config: WidgetConfig = sampleWidgetConfig({ features: { upload: true } })
): UploadFixtureApi {
  const key = options.key ?? 'pk_fixture_upload'
  const requests: RecordedRequest[] = []
  const xhrs: FakeXhr[] = []
  let stored: StoredImage[] = [...(options.stored ?? [])]
  let imaging = options.imaging === undefined ? 'granted' : options.imaging
  let seq = 0
  const analyses = new Map<string, Analysis>()
  /** The latest analysis of each upload. */
  const analysisOf = new Map<string, string>()
  for (const image of stored) {
    if (!image.analysis) continue
    analyses.set(image.analysis.id, { ...image.analysis })
    analysisOf.set(image.id, image.analysis.id)
  }
  const streams: FixtureStream[] = []
  const listeners = new Map<string, Set<(analysis: Analysis) => void>>()
  const latest = (uploadId: string): Analysis | null => {
    const id = analysisOf.get(uploadId)
    return (id && analyses.get(id)) || null
  }
  const present = (image: StoredImage) => ({ ...image, analysis: latest(image.id) })

  const change = (analysis: Analysis) => {
    analyses.set(analysis.id, analysis)
    for (const listener of [...(listeners.get(analysis.id) ?? [])]) listener(analysis)
    if (options.analyses === 'auto' && !isFinished(analysis))
      setTimeout(() => advance(analysis.id), options.analysisStepMs ?? 700)
  }

  const advance = (analysisId: string): Analysis | undefined => {
    const analysis = analyses.get(analysisId)
    if (!analysis || isFinished(analysis)) return analysis
    const step = (options.analysisScript ?? DEFAULT_SCRIPT)
      .map((s) => (typeof s === 'string' ? { status: s } : s))
      .find((s) => order(s.status) > order(analysis.status))
    if (!step) return analysis
    const finished = isFinished(step)
    const next: Analysis = {
      ...analysis,
      status: step.status,
      error: step.status === 'failed' ? (step.error ?? FIXTURE_ANALYSIS_ERROR) : null,
      summary: step.status === 'done' ? (step.summary ?? FIXTURE_SEGMENTATION) : null,
      finishedAt: finished ? new Date(Date.parse(FIXTURE_NOW) + ++seq * 1000).toISOString() : null,
    }
    change(next)
    return next
  }

  const queueAnalysis = (image: StoredImage): Analysis => {
    const analysis = fixtureAnalysis(`an_new_${++seq}`, 'queued', {
      createdAt: image.uploadedAt,
      expiresAt: image.expiresAt,
    })
    analysisOf.set(image.id, analysis.id)
    change(analysis)
    return analysis
  }

  const eventStream = (analysis: Analysis, signal: AbortSignal | undefined, drop: boolean): Response => {
    const record: FixtureStream = { analysisId: analysis.id, signal, closed: false, chunks: [] }
    streams.push(record)
    const encoder = new TextEncoder()
    let blocks = 0
    let send: (analysis: Analysis) => void = () => {}
    const stop = () => {
      record.closed = true
      listeners.get(analysis.id)?.delete(send)
    }
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        send = (now: Analysis) => {
          if (record.closed) return
          if (drop && blocks > 0) {
            // The connection breaks instead of delivering the change.
            stop()
            controller.error(new TypeError('network error'))
            return
          }
          // Every other block comes after a keep-alive comment, as the API sends one every 15 s.
          const block = `${blocks++ % 2 ? ': keep-alive\n\n' : ''}event: analysis\ndata: ${JSON.stringify(now)}\n\n`
          for (const piece of splitBytes(encoder.encode(block))) {
            record.chunks.push(new TextDecoder().decode(piece))
            controller.enqueue(piece)
          }
          if (isFinished(now)) {
            stop()
            controller.close()
          }
        }
        if (!listeners.has(analysis.id)) listeners.set(analysis.id, new Set())
        listeners.get(analysis.id)!.add(send)
        signal?.addEventListener('abort', () => {
          if (record.closed) return
          stop()
          controller.error(signal.reason)
        })
        send(analysis)
      },
      cancel() {
        stop()
      },
    })
    return new Response(body, {
      status: 200,
      headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' },
    })
  }

  const signedIn = (authorization: string | null | undefined) =>
    authorization === `Bearer ${FIXTURE_SESSION}` && memberSession(key).get() === FIXTURE_SESSION

  const fetchImpl = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const path = url.pathname
    const headers = new Headers(init.headers)
    const method = (init.method ?? 'GET').toUpperCase()
    const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined
    // An aborted request never leaves the browser.
    if (init.signal?.aborted) throw new DOMException('The request was aborted.', 'AbortError')
    requests.push({
      method,
      url,
      path,
      body,
      authorization: headers.get('Authorization'),
      key: headers.get('X-Tessera-Key'),
      contentType: headers.get('Content-Type'),
      accept: headers.get('Accept'),
    })
    if (path === '/v1/widget/config') return json(config)
    if (!signedIn(headers.get('Authorization'))) return json(problemBody(401), 401)
    if (path === '/v1/widget/me/consents') {
      if (method === 'POST') {
        const b = (body ?? {}) as Record<string, unknown>
        if (b.purpose === 'image_analysis' && b.action === 'grant') imaging = 'granted'
        return json({ purpose: { key: 'image_analysis', state: imaging } })
      }
      const ko = url.searchParams.get('locale') === 'ko'
      return json({
        policyVersion: FIXTURE_POLICY_VERSION,
        purposes: [
          { key: 'account', lawfulBasis: 'contract', consentBased: false, state: null },
          ...(imaging === 'absent'
            ? []
            : [
                {
                  key: 'image_analysis',
                  lawfulBasis: 'consent',
                  consentBased: true,
                  specialCategory: true,
                  title: ko ? '의료 이미지 분석' : 'Analysis of your medical images',
                  description: ko
                    ? '보내신 이미지를 AI 보조 판독에 사용합니다.'
                    : 'We use the images you send for AI-assisted reading.',
                  state: imaging,
                  needsAnswer: false,
                },
              ]),
        ],
      })
    }
    if (path === '/v1/widget/me/uploads' && method === 'GET') {
      return json({ data: stored.map(present) })
    }
    const del = /^\/v1\/widget\/me\/uploads\/([^/]+)$/.exec(path)
    if (del && method === 'DELETE') {
      const id = decodeURIComponent(del[1]!)
      if (!stored.some((s) => s.id === id)) return json(problemBody(404), 404)
      stored = stored.filter((s) => s.id !== id)
      const analysis = latest(id)
      if (analysis && !isFinished(analysis))
        change({ ...analysis, status: 'purged', error: 'The image was deleted before it could be analysed.' })
      return json(undefined, 204)
    }
    const ask = /^\/v1\/widget\/me\/uploads\/([^/]+)\/analyses$/.exec(path)
    if (ask && method === 'POST') {
      const image = stored.find((s) => s.id === decodeURIComponent(ask[1]!))
      if (!image) return json(problemBody(404), 404)
      const forced = options.analysisRequestStatus
      if (forced) return json(problemBody(forced), forced)
      if (options.restricted) return json(problemBody(409, 'processing-restricted'), 409)
      if (imaging !== 'granted') return json(problemBody(409), 409)
      const existing = latest(image.id)
      if (existing && existing.status !== 'failed') return json(existing, 202)
      if (!existing) return json(queueAnalysis(image), 202)
      const again: Analysis = { ...existing, status: 'queued', error: null, summary: null, finishedAt: null }
      change(again)
      return json(again, 202)
    }
    const one = /^\/v1\/widget\/me\/analyses\/([^/]+)(\/events)?$/.exec(path)
    if (one && method === 'GET') {
      const analysis = analyses.get(decodeURIComponent(one[1]!))
      if (!analysis) return json(problemBody(404), 404)
      if (!one[2]) return json(analysis)
      const mode = options.analysisEvents ?? 'stream'
      if (typeof mode === 'number') return json(problemBody(mode), mode)
      if (mode === 'network') throw new TypeError('Failed to fetch')
      if (mode === 'not-a-stream')
        return new Response('<!doctype html><p>Gateway</p>', { headers: { 'Content-Type': 'text/html' } })
      return eventStream(analysis, init.signal ?? undefined, mode === 'drop')
    }
    return json(problemBody(404), 404)
  }

  const answer = async (xhr: FakeXhr): Promise<void> => {
    const n = xhrs.indexOf(xhr)
    const forced = options.uploadStatuses?.[n]
    if (!signedIn(xhr.headers['Authorization'])) return xhr.respond(401, problemBody(401))
    if (forced) return xhr.respond(forced, problemBody(forced))
    if (options.restricted) return xhr.respond(409, problemBody(409, 'processing-restricted'))
    if (imaging !== 'granted') return xhr.respond(409, problemBody(409))
    const type = xhr.headers['Content-Type'] ?? ''
    const expected = { 'application/dicom': 'dicom', 'image/png': 'png', 'image/jpeg': 'jpeg' }[type]
    if (!expected) return xhr.respond(415, problemBody(415))
    const body = xhr.body ?? new Blob([])
    if (body.size === 0) return xhr.respond(422, problemBody(422))
    if (kindOfBytes(new Uint8Array(await body.slice(0, 132).arrayBuffer())) !== expected)
      return xhr.respond(422, problemBody(422))
    const uploadedAt = new Date(Date.parse(FIXTURE_NOW) + ++seq * 1000)
    const image: StoredImage = {
      id: `up_new_${seq}`,
      contentType: type,
      size: body.size,
      status: 'stored',
      uploadedAt: uploadedAt.toISOString(),
      expiresAt: new Date(uploadedAt.getTime() + DAY).toISOString(),
      analysis: null,
    }
    stored = [image, ...stored]
    if (options.analyseUploads !== false) queueAnalysis(image)
    xhr.respond(201, { ...present(image), secondsLeft: DAY / 1000, deidentification: null })
  }

  const onSend = (xhr: FakeXhr) => {
    xhrs.push(xhr)
    if (options.uploads === 'manual') return
    const size = xhr.body?.size ?? 0
    let step = 0
    const tick = () => {
      if (xhr.done) return
      step++
      if (step <= 4) {
        xhr.progress(Math.round((size * step) / 4))
        setTimeout(tick, 40)
      } else void answer(xhr)
    }
    setTimeout(tick, 40)
  }

  const fetch = fetchImpl as typeof globalThis.fetch
  return {
    fetch,
    runtime: { config: Promise.resolve(config), apiBase: UPLOAD_FIXTURE_API_BASE, key, fetch },
    transport: xhrTransport(() => new FakeXhr(onSend)),
    requests,
    xhrs,
    get stored() {
      return stored
    },
    analyses,
    streams,
    advance,
    seed() {
      const store = memberSession(key)
      if (options.signedIn) store.set(FIXTURE_SESSION)
      else store.clear()
    },
    answer,
  }
}

/** A de-identifier that runs "in the browser" and reports what it removed (stories, tests). */
export const fixtureDeidentifier: Deidentifier = {
  async prepare(file, kind) {
    return {
      body: file,
      where: 'browser',
      removed:
        kind === 'dicom'
          ? ['PatientName', 'PatientID', 'PatientBirthDate', 'InstitutionName', 'ReferringPhysicianName']
          : ['EXIF (camera, date, GPS)'],
      warnings: [],
    }
  },
}

/** Test and story files: DICOM (DICM at byte 128), PNG, JPEG, and something else. */
export function fixtureFile(kind: 'dicom' | 'png' | 'jpeg' | 'text', name: string, size = 2048): File {
  const bytes = new Uint8Array(Math.max(size, 132))
  if (kind === 'dicom') bytes.set([0x44, 0x49, 0x43, 0x4d], 128)
  if (kind === 'png') bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  if (kind === 'jpeg') bytes.set([0xff, 0xd8, 0xff, 0xe0])
  if (kind === 'text') bytes.set(new TextEncoder().encode('hello, this is not an image'))
  // The browser's guess is deliberately unhelpful: detection must not rely on it.
  return new File([bytes], name, { type: kind === 'text' ? 'application/dicom' : '' })
}

/**
 * A small but real DICOM Part 10 file (explicit VR little endian, CT image, no pixel data) with the given
 * patient name: what the in-browser de-identification must clean. `modality: 'US'` makes it one that may
 * carry burned-in text.
 */
export function fixtureDicom(name: string, patientName = 'Kim^Mina', modality = 'CT'): File {
  const enc = new TextEncoder()
  const parts: number[] = []
  const even = (s: string, pad: number) => {
    const b = [...enc.encode(s)]
    if (b.length % 2) b.push(pad)
    return b
  }
  const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff]
  const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff]
  const el = (group: number, element: number, vr: string, value: number[]) => [
    ...u16(group),
    ...u16(element),
    ...enc.encode(vr),
    ...(['OB', 'OW', 'SQ', 'UN', 'UT'].includes(vr) ? [0, 0, ...u32(value.length)] : u16(value.length)),
    ...value,
  ]
  const str = (g: number, e: number, vr: string, s: string) => el(g, e, vr, even(s, vr === 'UI' ? 0 : 0x20))
  const ct = '1.2.840.10008.5.1.4.1.1.2'
  const meta = [
    ...el(0x0002, 0x0001, 'OB', [0, 1]),
    ...str(0x0002, 0x0002, 'UI', ct),
    ...str(0x0002, 0x0003, 'UI', '1.2.826.0.1.3680043.10.999.1.2.3'),
    ...str(0x0002, 0x0010, 'UI', '1.2.840.10008.1.2.1'),
    ...str(0x0002, 0x0012, 'UI', '1.2.826.0.1.3680043.10.999'),
  ]
  parts.push(...new Array(128).fill(0), ...enc.encode('DICM'))
  parts.push(...el(0x0002, 0x0000, 'UL', u32(meta.length)), ...meta)
  parts.push(
    ...str(0x0008, 0x0016, 'UI', ct),
    ...str(0x0008, 0x0018, 'UI', '1.2.826.0.1.3680043.10.999.1.2.3'),
    ...str(0x0008, 0x0020, 'DA', '20260315'),
    ...str(0x0008, 0x0060, 'CS', modality),
    ...str(0x0008, 0x0080, 'LO', 'Seaside General Hospital'),
    ...str(0x0010, 0x0010, 'PN', patientName),
    ...str(0x0010, 0x0020, 'LO', 'MRN-0042'),
    ...str(0x0010, 0x0030, 'DA', '19800102'),
    ...str(0x0020, 0x000d, 'UI', '1.2.826.0.1.3680043.10.999.1'),
    ...str(0x0020, 0x000e, 'UI', '1.2.826.0.1.3680043.10.999.1.2')
  )
  return new File([new Uint8Array(parts)], name)
}

/**
 * A real, decodable PNG or JPEG drawn on a canvas (a round, scan-like gradient), carrying the kind of
 * metadata a phone or viewer adds: a PNG `tEXt` Author chunk, or a JPEG APP1 Exif block whose Artist
 * holds the name. What the in-browser de-identification must strip.
 */
export async function fixtureImage(kind: 'png' | 'jpeg', name: string, author = 'Kim Mina'): Promise<File> {
  const { crc32 } = await import('@tessera/dicom-deid')
  const size = 96
  const canvas = new OffscreenCanvas(size, size)
  const context = canvas.getContext('2d')!
  const glow = context.createRadialGradient(size / 2, size / 2, 4, size / 2, size / 2, size / 2)
  glow.addColorStop(0, '#e8e8e8')
  glow.addColorStop(0.6, '#6a6a6a')
  glow.addColorStop(1, '#050505')
  context.fillStyle = glow
  context.fillRect(0, 0, size, size)
  const type = kind === 'png' ? 'image/png' : 'image/jpeg'
  const image = new Uint8Array(await (await canvas.convertToBlob({ type, quality: 0.9 })).arrayBuffer())
  const text = new TextEncoder().encode(kind === 'png' ? `Author\0${author}` : `${author}\0`)
  if (kind === 'png') {
    const chunk = new Uint8Array(12 + text.length)
    const view = new DataView(chunk.buffer)
    view.setUint32(0, text.length)
    chunk.set(new TextEncoder().encode('tEXt'), 4)
    chunk.set(text, 8)
    view.setUint32(8 + text.length, crc32(chunk.subarray(4, 8 + text.length)))
    const afterHeader = 8 + 25 // signature + IHDR
    return new File([image.subarray(0, afterHeader), chunk, image.subarray(afterHeader)], name)
  }
  // APP1 "Exif\0\0", a little-endian TIFF header and one IFD entry: Artist (0x013B), ASCII.
  const tiff = new Uint8Array(8 + 2 + 12 + 4 + text.length)
  const t = new DataView(tiff.buffer)
  tiff.set([0x49, 0x49, 0x2a, 0x00])
  t.setUint32(4, 8, true)
  t.setUint16(8, 1, true)
  t.setUint16(10, 0x013b, true)
  t.setUint16(12, 2, true)
  t.setUint32(14, text.length, true)
  t.setUint32(18, 26, true)
  tiff.set(text, 26)
  const app1 = new Uint8Array(4 + 6 + tiff.length)
  new DataView(app1.buffer).setUint16(0, 0xffe1)
  new DataView(app1.buffer).setUint16(2, 2 + 6 + tiff.length)
  app1.set(new TextEncoder().encode('Exif\0\0'), 4)
  app1.set(tiff, 10)
  return new File([image.subarray(0, 2), app1, image.subarray(2)], name)
}
