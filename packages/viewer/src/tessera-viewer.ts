import { css, html, nothing } from 'lit'
import type { PropertyValues, TemplateResult } from 'lit'
import { property, state } from 'lit/decorators.js'
import {
  clientForRuntime,
  defineElement,
  getRuntime,
  isRefusal,
  isTesseraApiError,
  memberSession,
  NOT_CONFIGURED_PROBLEM,
  PROBLEM_BASE,
  TesseraElement,
  uploadLimitsOf,
} from '@tessera/widget-core'
import type { MemberSessionStore, TesseraErrorDetail, TesseraRuntime } from '@tessera/widget-core'
import { ViewerApi } from './api.js'
import type { Analysis, StoredImage } from './api.js'
import type * as Engine from './engine.js'
import type { CornerstoneImage, ImageInfo, OpenedImage } from './engine.js'
import { vmsg } from './messages.js'
import type { ViewerMessageKey } from './messages.js'

export const VIEWER_TAG = 'tessera-viewer'

type EngineModule = typeof Engine
let engine: Promise<EngineModule> | undefined
/** The cornerstone half, fetched on first use (its own chunk). A failed fetch is forgotten so it can be retried. */
function loadEngine(): Promise<EngineModule> {
  engine ??= import('./engine.js')
  engine.catch(() => {
    engine = undefined
  })
  return engine
}

/** `upload-id="latest"`: the member's newest image. */
const LATEST = 'latest'

/** The newest image with a finished analysis, else the newest image (the list holds no deleted ones). */
function newestImage(images: readonly StoredImage[]): string | undefined {
  const newest = (list: readonly StoredImage[]) =>
    [...list].sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt))[0]?.id
  return newest(images.filter((i) => i.analysis?.status === 'done')) ?? newest(images)
}

export type ViewerView =
  'signed-out' | 'no-upload' | 'loading' | 'viewing' | 'not-found' | 'expired' | 'failed' | 'error'

export type DragMode = 'window' | 'pan' | 'measure'

/** `tessera-viewer-ready`: an image is on screen. */
export interface ViewerReadyDetail {
  uploadId: string
  width: number
  height: number
  frames: number
}

export interface WindowLevel {
  center: number
  width: number
}

/** Window presets (centre / width, Hounsfield units) offered for CT; other modalities get the automatic one. */
export const CT_PRESETS = {
  brain: { center: 40, width: 80 },
  lung: { center: -600, width: 1500 },
  abdomen: { center: 40, width: 400 },
  bone: { center: 400, width: 1800 },
} as const satisfies Record<string, WindowLevel>
type Preset = 'auto' | 'custom' | keyof typeof CT_PRESETS

/** Window width and centre are kept within these bounds (any stored value fits; the LUT stays finite). */
export const WINDOW_LIMIT = 1e7
const ZOOM_STEP = 1.25
const MIN_SCALE = 0.02
const MAX_SCALE = 64
const PAN_STEP = 24
const HEX = /^#[0-9a-f]{6}$/i
const DEFAULT_OVERLAY = '#ff2d55'

const problemType = (slug: string) => `${PROBLEM_BASE}${slug}`
const statusOf = (error: unknown) => (isTesseraApiError(error) ? error.status : undefined)

function problemOf(error: unknown): TesseraErrorDetail {
  return isTesseraApiError(error)
    ? { status: error.status, type: error.type, title: error.title }
    : { status: 0, type: problemType('unknown'), title: 'Unexpected error' }
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError'

/**
 * `<tessera-viewer>`: shows one of the signed-in member's stored images (DICOM: uncompressed, deflate, RLE, JPEG
 * baseline / extended / lossless, JPEG-LS, JPEG 2000; multi-frame with a frame slider and cine; PNG and JPEG)
 * with the AI result of its latest (or the given) analysis: the mask as a coloured overlay (toggle, opacity,
 * colour), the scores per label, and which model and version made it. Contrast (window/level) by dragging, by
 * preset and by keyboard; zoom, pan, fit, reset, invert; the pixel value under the pointer; a length measurement
 * in millimetres when the file gives the pixel spacing. Counts down to the image's automatic deletion.
 *
 * Rendering is cornerstone-core with the WADO image loader, fetched only when a viewer is on the page (a
 * separate chunk of about 500 KB gzip). Image bytes are fetched with the member's session, handed to the
 * decoder in memory, never cached or stored, and dropped when the element goes or shows another image.
 *
 * It follows the member session every Tessera element on the page shares.
 *
 * @attr upload-id - the stored image to show (`up_…`), or `latest`: the member's newest image (one with a finished
 *   analysis first), switching to each image whose analysis finishes on the page (`tessera-analysis-complete`)
 * @attr analysis-id - the analysis whose result to show (default: the image's latest)
 * @attr heading-level - level of the element's heading in the page outline, 1–6 (default 2)
 * @attr overlay-color - colour of the result overlay, `#rrggbb` (default #ff2d55; the member can change it)
 * @attr lang - language to render in (else the page's, else the tenant default)
 * @fires tessera-ready - `{ tenantId, locale }` once the element has its configuration
 * @fires tessera-viewer-ready - `{ uploadId, width, height, frames }` when an image is on screen
 * @fires tessera-error - `{ status, type, title }`: not found (404), deleted (410, `upload-gone`), the image could
 *   not be read (`…/image-unreadable`, `…/image-unsupported`, `…/image-blocked-by-csp`), or the API failed
 * @csspart base - the wrapper
 * @csspart toolbar - the tools above the image
 * @csspart viewport - the focusable image area (the canvas is inside)
 * @csspart readout - pixel value, window/level, zoom and length below the image
 * @csspart frames - the frame slider and play button
 * @csspart countdown - the time left until the image is deleted
 * @csspart analysis - the AI result panel
 * @csspart scores - the table of scores per label
 * @csspart shortcuts - the list of keyboard shortcuts
 * @cssprop --tessera-color-primary / --tessera-color-accent / --tessera-color-text
 * @cssprop --tessera-color-background / --tessera-font-family / --tessera-radius
 * @cssprop --tessera-color-danger - failures (default #b3261e)
 * @cssprop --tessera-viewer-background - behind the image (default #000)
 * @cssprop --tessera-viewer-height - height of the image area (default 28rem)
 */
export class TesseraViewer extends TesseraElement {
  static override styles = [
    ...TesseraElement.styles,
    css`
      .base {
        display: grid;
        gap: 0.75rem;
        padding: 1rem 1.25rem;
        border: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 15%, transparent);
      }
      .view {
        display: grid;
        gap: 0.75rem;
      }
      p {
        margin: 0;
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        justify-content: space-between;
        gap: 0.25rem 1rem;
      }
      .heading {
        margin: 0;
        font-size: 1.375rem;
        font-weight: 600;
        color: var(--tessera-color-primary, #0b5fff);
        line-height: 1.3;
      }
      .subheading {
        margin: 0;
        font-size: 1.125rem;
        font-weight: 600;
      }
      .countdown {
        font-variant-numeric: tabular-nums;
        font-weight: 600;
      }
      .toolbar,
      .frames,
      .group,
      .controls {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.375rem 0.5rem;
      }
      .toolbar {
        gap: 0.5rem 1rem;
      }
      .group-label {
        font-size: 0.875rem;
        opacity: 0.85;
      }
      button,
      select {
        font: inherit;
        font-size: 0.9375rem;
        padding: 0.25rem 0.625rem;
        border-radius: var(--tessera-radius, 8px);
        border: 1px solid var(--tessera-color-primary, #0b5fff);
        background: var(--tessera-color-background, #ffffff);
        color: var(--tessera-color-primary, #0b5fff);
        cursor: pointer;
      }
      button[aria-pressed='true'],
      button.primary {
        background: var(--tessera-color-primary, #0b5fff);
        color: var(--tessera-color-background, #ffffff);
      }
      select {
        color: var(--tessera-color-text, #1b1f24);
      }
      button:focus-visible,
      select:focus-visible,
      input:focus-visible,
      summary:focus-visible,
      .viewport:focus-visible {
        outline: 2px solid var(--tessera-color-accent, #00a37a);
        outline-offset: 2px;
      }
      .viewport {
        position: relative;
        block-size: var(--tessera-viewer-height, 28rem);
        background: var(--tessera-viewer-background, #000);
        border-radius: var(--tessera-radius, 8px);
        overflow: hidden;
        touch-action: none;
        user-select: none;
        cursor: crosshair;
      }
      .viewport[data-mode='pan'] {
        cursor: grab;
      }
      .stage {
        position: absolute;
        inset: 0;
      }
      .readout {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1.25rem;
        font-size: 0.9375rem;
        font-variant-numeric: tabular-nums;
      }
      .frames input[type='range'] {
        flex: 1 1 12rem;
        accent-color: var(--tessera-color-primary, #0b5fff);
      }
      .panel {
        display: grid;
        gap: 0.5rem;
        padding-block-start: 0.75rem;
        border-block-start: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 12%, transparent);
      }
      .controls label {
        display: inline-flex;
        align-items: center;
        gap: 0.375rem;
      }
      .controls input[type='range'] {
        accent-color: var(--tessera-color-primary, #0b5fff);
      }
      table {
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        text-align: start;
        padding: 0.125rem 1rem 0.125rem 0;
      }
      .hint,
      .meta {
        font-size: 0.9375rem;
        opacity: 0.85;
      }
      .error {
        color: var(--tessera-color-danger, #b3261e);
        font-weight: 600;
      }
      .notice {
        padding: 0.5rem 0.75rem;
        border-inline-start: 4px solid var(--tessera-color-accent, #00a37a);
        background: color-mix(in srgb, var(--tessera-color-accent, #00a37a) 8%, transparent);
        border-radius: var(--tessera-radius, 8px);
      }
      .notice.error {
        border-inline-start-color: var(--tessera-color-danger, #b3261e);
        background: color-mix(in srgb, var(--tessera-color-danger, #b3261e) 7%, transparent);
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
        margin: 0.5rem 0 0;
      }
      dd {
        margin: 0;
      }
      kbd {
        font: inherit;
        font-weight: 600;
      }
      summary {
        cursor: pointer;
      }
    `,
  ]

  /** The stored image to show. */
  @property({ attribute: 'upload-id' }) uploadId: string | undefined

  /** The analysis whose result to show; default: the image's latest. */
  @property({ attribute: 'analysis-id' }) analysisId: string | undefined

  /** Level of the element's heading in the page outline (1–6). */
  @property({ attribute: 'heading-level', type: Number }) headingLevel = 2

  /** Colour of the result overlay (`#rrggbb`). */
  @property({ attribute: 'overlay-color' }) overlayColor = DEFAULT_OVERLAY

  /** The clock for the deletion countdown (injectable for tests). */
  @property({ attribute: false }) now: () => number = () => Date.now()

  /** What the element shows: reflected so partners can style e.g. `[view='expired']`. */
  @property({ reflect: true }) view: ViewerView = 'loading'

  /** Why the image could not be shown (view `error`). */
  @state() private errorReason: 'corrupt' | 'unsupported' | 'eval-blocked' = 'corrupt'
  @state() private upload: StoredImage | undefined
  @state() private analysis: Analysis | undefined
  @state() private analysisFailed = false
  @state() private info: ImageInfo | undefined
  @state() private frame = 0
  @state() private playing = false
  @state() private voi: WindowLevel | undefined
  @state() private preset: Preset = 'auto'
  @state() private scale = 1
  @state() private inverted = false
  @state() private mode: DragMode = 'window'
  @state() private pointer: { x: number; y: number; value: string } | undefined
  @state() private measurement: { a: Point; b: Point } | undefined
  @state() private overlayOn = true
  @state() private opacity = 0.5
  /** The mask is loaded and fits the image. */
  @state() private hasMask = false
  @state() private maskProblem: string | undefined
  @state() private sessionNotice = false
  /** Text of the polite live region. */
  @state() private announcement = ''

  #api: ViewerApi | undefined
  #store: MemberSessionStore | undefined
  #unsubscribe: (() => void) | undefined
  #session: string | undefined
  /** What the last load was for (`uploadId|analysisId`); a change loads again. */
  #startedFor: string | undefined
  #run = 0
  #controller: AbortController | undefined
  #engine: EngineModule | undefined
  #holdsEngine = false
  #image: OpenedImage | undefined
  #stage: HTMLElement | undefined
  #current: CornerstoneImage | undefined
  #auto: WindowLevel | undefined
  #frameToken = 0
  #mask: { width: number; height: number; values: Uint8Array } | undefined
  #overlay: HTMLCanvasElement | undefined
  #resize: ResizeObserver | undefined
  #timer: ReturnType<typeof setInterval> | undefined
  #cine: ReturnType<typeof setTimeout> | undefined
  #drag: { id: number; mode: DragMode; x: number; y: number } | undefined
  #readyFor: string | undefined
  /** With `upload-id="latest"`: the image a finished analysis on the page named, preferred over the list. */
  #latest: string | undefined

  /** With `upload-id="latest"`: an analysis finished on the page (e.g. in <tessera-upload>), show that image. */
  #onAnalysisComplete = (event: Event): void => {
    const detail = (event as CustomEvent<{ uploadId?: unknown; status?: unknown }>).detail
    if (this.uploadId !== LATEST || detail?.status !== 'done' || typeof detail.uploadId !== 'string') return
    this.#latest = detail.uploadId
    void this.#begin()
  }

  override connectedCallback(): void {
    super.connectedCallback()
    document.addEventListener('tessera-analysis-complete', this.#onAnalysisComplete)
    // The countdown is in minutes: re-render once a minute (and notice the deletion time passing).
    this.#timer ??= setInterval(() => this.#minute(), 60_000)
    if (this.hasUpdated && this.config) this.requestUpdate()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    document.removeEventListener('tessera-analysis-complete', this.#onAnalysisComplete)
    clearInterval(this.#timer)
    this.#timer = undefined
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
    this.#store = undefined
    this.#startedFor = undefined
    this.#run++
    this.#teardown()
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed)
    if (changed.has('overlayColor') && this.#mask) this.#paintOverlay()
    if (!this.config || !this.isConnected) return
    const wanted = `${this.uploadId ?? ''}|${this.analysisId ?? ''}`
    if (this.#startedFor !== wanted) {
      this.#startedFor = wanted
      void this.#begin()
    }
  }

  #t(key: ViewerMessageKey, params?: Record<string, string | number>): string {
    return vmsg(this.locale, key, { hours: uploadLimitsOf(this.config).retentionHours, ...params })
  }

  #level(offset = 0): number {
    const n = Math.trunc(Number(this.headingLevel))
    return Math.min(6, Math.max(1, (Number.isFinite(n) ? n : 2) + offset))
  }

  #emit(type: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }))
  }

  #say(text: string): void {
    // A repeated message must still change the region's text to be spoken again.
    this.announcement = this.announcement === text ? `${text}\u00a0` : text
  }

  // ---------------------------------------------------------------- loading

  #prepare(): boolean {
    const runtime = (this.runtime ?? getRuntime(this)) as Partial<TesseraRuntime> | undefined
    const client = clientForRuntime(runtime)
    if (!client || !runtime?.key) {
      this.problem = { status: 0, type: NOT_CONFIGURED_PROBLEM, title: 'Tessera is not configured' }
      this.state = 'error'
      return false
    }
    this.#api = new ViewerApi(client, runtime.fetch)
    if (!this.#store) {
      this.#store = memberSession(runtime.key)
      // <tessera-consent> (or another element) signed in or out: follow it.
      this.#unsubscribe = this.#store.subscribe((token) => {
        if (this.isConnected && token !== this.#session) void this.#begin()
      })
    }
    return true
  }

  /** Loads (again) what the attributes ask for. */
  async #begin(): Promise<void> {
    const run = ++this.#run
    this.#teardown()
    this.upload = undefined
    this.analysis = undefined
    this.analysisFailed = false
    this.view = 'loading'
    if (!this.#prepare()) return
    const session = this.#store?.get()
    this.#session = session
    this.state = 'ready'
    if (!session) {
      this.view = 'signed-out'
      return
    }
    this.sessionNotice = false
    const api = this.#api as ViewerApi
    const controller = new AbortController()
    this.#controller = controller
    const stale = () => run !== this.#run
    let uploadId = this.uploadId
    if (uploadId === LATEST) {
      try {
        uploadId = this.#latest ?? newestImage(await api.list(session, controller.signal))
      } catch (error) {
        if (stale() || isAbort(error)) return
        return this.#loadFailed(error)
      }
      if (stale()) return
    }
    if (!uploadId) {
      this.view = 'no-upload'
      return
    }
    // The cornerstone chunk, the image and the list (deletion time, latest analysis) come in parallel.
    const engineLoad = loadEngine()
    engineLoad.catch(() => {})
    const listed = api.list(session, controller.signal).catch((error: unknown) => error)
    let bytes: Blob
    try {
      bytes = await api.content(session, uploadId, controller.signal)
    } catch (error) {
      if (stale() || isAbort(error)) return
      return this.#loadFailed(error)
    }
    if (stale()) return
    const list = await listed
    if (stale()) return
    if (Array.isArray(list)) this.upload = list.find((u) => u.id === uploadId)
    let engineModule: EngineModule
    try {
      engineModule = await engineLoad
    } catch (error) {
      if (stale()) return
      return this.#loadFailed(error)
    }
    if (stale()) return
    this.#engine = engineModule
    if (!this.#holdsEngine) {
      engineModule.acquire()
      this.#holdsEngine = true
    }
    let image: OpenedImage
    try {
      image = await engineModule.openImage(bytes, bytes.type || this.upload?.contentType || '')
    } catch (error) {
      if (stale()) return
      return this.#unreadable(error)
    }
    if (stale()) {
      image.close()
      return
    }
    this.#image = image
    // The viewer renders (still marked loading) so cornerstone has its stage; `viewing` once a frame is drawn.
    this.info = image
    // A result belongs to the middle frame (the one the API analyses); start there when there is one.
    const analysisId = this.analysisId || this.upload?.analysis?.id
    this.frame = analysisId ? this.#analysedFrame() : 0
    await this.updateComplete
    if (stale()) return
    const shown = await this.#mount()
    if (!shown || stale()) return
    this.view = 'viewing'
    const ready: ViewerReadyDetail = {
      uploadId,
      width: image.width,
      height: image.height,
      frames: image.frames,
    }
    const readyId = `${run}`
    if (this.#readyFor !== readyId) {
      this.#readyFor = readyId
      this.#emit('tessera-viewer-ready', ready)
    }
    const kind = this.#kind()
    this.#say(
      `${this.#t('announceReady', { kind, width: image.width, height: image.height })}${
        image.frames > 1 ? ` ${this.#t('announceFrames', { count: image.frames })}` : ''
      }`
    )
    if (analysisId) await this.#loadAnalysis(run, session, analysisId, controller.signal)
  }

  #loadFailed(error: unknown): void {
    const status = statusOf(error)
    if (status === 401) {
      this.#session = undefined
      this.#store?.clear()
      this.sessionNotice = true
      this.view = 'signed-out'
      return
    }
    if (isRefusal(error)) {
      this.problem = problemOf(error)
      this.state = 'refused'
      return
    }
    this.view = status === 404 ? 'not-found' : status === 410 ? 'expired' : 'failed'
    this.#emit('tessera-error', problemOf(error))
  }

  #unreadable(error: unknown): void {
    const reason =
      error instanceof Error && 'reason' in error
        ? ((error as Engine.ImageDecodeError).reason ?? 'corrupt')
        : 'corrupt'
    this.errorReason = reason
    this.view = 'error'
    const slug =
      reason === 'eval-blocked'
        ? 'image-blocked-by-csp'
        : reason === 'unsupported'
          ? 'image-unsupported'
          : 'image-unreadable'
    this.#emit('tessera-error', {
      status: 0,
      type: problemType(slug),
      title: error instanceof Error ? error.message : 'The image could not be read',
    })
    this.#teardown()
  }

  async #loadAnalysis(run: number, session: string, id: string, signal: AbortSignal): Promise<void> {
    const api = this.#api as ViewerApi
    try {
      this.analysis = await api.analysis(session, id, signal)
    } catch (error) {
      if (run !== this.#run || isAbort(error)) return
      if (statusOf(error) === 401) return this.#loadFailed(error)
      this.analysisFailed = true
      return
    }
    if (run !== this.#run) return
    const summary = this.analysis.summary
    if (this.analysis.status !== 'done' || !summary || summary.kind === 'classification') return
    let bitmap: ImageBitmap
    try {
      const blob = await api.mask(session, id, signal)
      if (run !== this.#run) return
      bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' })
    } catch (error) {
      if (run !== this.#run || isAbort(error)) return
      this.maskProblem = this.#t('maskFailed')
      return
    }
    if (run !== this.#run || !this.info) return bitmap.close()
    const { width, height } = this.info
    if (bitmap.width !== width || bitmap.height !== height) {
      this.maskProblem = this.#t('maskMismatch', {
        maskWidth: bitmap.width,
        maskHeight: bitmap.height,
        width,
        height,
      })
      bitmap.close()
      return
    }
    const canvas = new OffscreenCanvas(width, height)
    const context = canvas.getContext('2d', { willReadFrequently: true })!
    context.drawImage(bitmap, 0, 0)
    bitmap.close()
    const rgba = context.getImageData(0, 0, width, height).data
    const values = new Uint8Array(width * height)
    for (let p = 0; p < values.length; p++) values[p] = rgba[p * 4]!
    this.#mask = { width, height, values }
    this.#paintOverlay()
    this.hasMask = true
    this.#redraw()
  }

  /** The frame the API analyses in a multi-frame file (its middle one). */
  #analysedFrame(): number {
    const frames = this.info?.frames ?? 1
    return frames > 1 ? Math.floor(frames / 2) : 0
  }

  // ---------------------------------------------------------------- cornerstone

  async #mount(): Promise<boolean> {
    const stage = this.renderRoot.querySelector<HTMLElement>('.stage')
    const cs = this.#engine?.cornerstone
    if (!stage || !cs) return false
    cs.enable(stage)
    this.#stage = stage
    stage.addEventListener(cs.EVENTS.IMAGE_RENDERED, this.#onRendered)
    this.#resize = new ResizeObserver(() => {
      if (this.#stage && this.#current) cs.resize(this.#stage, false)
      else if (this.#stage) cs.resize(this.#stage, true)
    })
    this.#resize.observe(stage)
    return this.#show(this.frame)
  }

  /** Shows frame `index`, keeping contrast, zoom and position. False when it could not be decoded. */
  async #show(index: number): Promise<boolean> {
    const image = this.#image
    const cs = this.#engine?.cornerstone
    if (!image || !cs) return false
    const token = ++this.#frameToken
    let decoded: CornerstoneImage
    try {
      decoded = await image.frame(index)
    } catch (error) {
      if (token !== this.#frameToken || this.#image !== image) return false
      this.#unreadable(error)
      return false
    }
    const stage = this.#stage
    if (token !== this.#frameToken || !stage || this.#image !== image) return false
    if (!this.#current) {
      cs.displayImage(stage, decoded)
      this.#auto = (this.#engine as EngineModule).autoWindow(decoded)
      const viewport = cs.getViewport(stage)
      if (viewport) {
        viewport.voi = { windowCenter: this.#auto.center, windowWidth: this.#auto.width }
        cs.setViewport(stage, viewport)
      }
      this.preset = 'auto'
    } else {
      cs.displayImage(stage, decoded, cs.getViewport(stage))
    }
    this.#current = decoded
    this.frame = Math.min(image.frames - 1, Math.max(0, Math.trunc(index)))
    this.#sync()
    return true
  }

  /** Copies the viewport into the element's state (for the readout and controls). */
  #sync(): void {
    const viewport = this.#stage && this.#engine?.cornerstone.getViewport(this.#stage)
    if (!viewport) return
    this.voi = { center: viewport.voi.windowCenter, width: viewport.voi.windowWidth }
    this.scale = viewport.scale
    this.inverted = viewport.invert !== (this.#current?.invert === true)
  }

  #redraw(): void {
    if (this.#stage && this.#current) this.#engine?.cornerstone.updateImage(this.#stage)
  }

  #teardown(): void {
    this.#stopCine()
    this.#controller?.abort()
    this.#controller = undefined
    this.#frameToken++
    this.#resize?.disconnect()
    this.#resize = undefined
    const cs = this.#engine?.cornerstone
    if (this.#stage && cs) {
      this.#stage.removeEventListener(cs.EVENTS.IMAGE_RENDERED, this.#onRendered)
      try {
        cs.disable(this.#stage)
      } catch {
        // Not enabled (mount failed half-way): nothing to undo.
      }
    }
    this.#stage = undefined
    this.#current = undefined
    this.#image?.close()
    this.#image = undefined
    this.#mask = undefined
    this.#overlay = undefined
    this.#drag = undefined
    this.info = undefined
    this.hasMask = false
    this.maskProblem = undefined
    this.measurement = undefined
    this.pointer = undefined
    this.voi = undefined
    this.inverted = false
    this.mode = 'window'
    if (this.#holdsEngine) {
      this.#holdsEngine = false
      this.#engine?.release()
    }
  }

  #paintOverlay(): void {
    const mask = this.#mask
    if (!mask) return
    const colour = HEX.test(this.overlayColor) ? this.overlayColor : DEFAULT_OVERLAY
    const r = parseInt(colour.slice(1, 3), 16)
    const g = parseInt(colour.slice(3, 5), 16)
    const b = parseInt(colour.slice(5, 7), 16)
    const canvas = this.#overlay ?? document.createElement('canvas')
    canvas.width = mask.width
    canvas.height = mask.height
    const context = canvas.getContext('2d')!
    const data = context.createImageData(mask.width, mask.height)
    for (let p = 0, i = 0; p < mask.values.length; p++, i += 4) {
      data.data[i] = r
      data.data[i + 1] = g
      data.data[i + 2] = b
      data.data[i + 3] = mask.values[p]!
    }
    context.putImageData(data, 0, 0)
    this.#overlay = canvas
    this.#redraw()
  }

  /** After cornerstone drew the image: the result overlay and the measurement, in image pixel coordinates. */
  #onRendered = (event: Event): void => {
    const cs = this.#engine?.cornerstone
    const detail = (
      event as CustomEvent<{ canvasContext: CanvasRenderingContext2D; enabledElement: Engine.EnabledElement }>
    ).detail
    if (!cs || !detail) return
    const context = detail.canvasContext
    const showOverlay = this.#overlay && this.overlayOn && this.frame === this.#analysedFrame()
    if (!showOverlay && !this.measurement) return
    context.save()
    cs.setToPixelCoordinateSystem(detail.enabledElement, context)
    if (showOverlay) {
      context.imageSmoothingEnabled = false
      context.globalAlpha = this.opacity
      context.drawImage(this.#overlay as HTMLCanvasElement, 0, 0)
      context.globalAlpha = 1
    }
    const m = this.measurement
    if (m) {
      const scale = detail.enabledElement.viewport?.scale || 1
      context.lineWidth = 2 / scale
      context.strokeStyle = '#ffd60a'
      context.beginPath()
      context.moveTo(m.a.x, m.a.y)
      context.lineTo(m.b.x, m.b.y)
      context.stroke()
      for (const p of [m.a, m.b]) {
        context.beginPath()
        context.arc(p.x, p.y, 3 / scale, 0, Math.PI * 2)
        context.fillStyle = '#ffd60a'
        context.fill()
      }
    }
    context.restore()
  }

  // ---------------------------------------------------------------- controls (also the public API)

  /** Sets window centre and width (modality units, e.g. HU); non-finite values are ignored, others clamped. */
  setWindow(center: number, width: number, preset: Preset = 'custom'): void {
    const stage = this.#stage
    const cs = this.#engine?.cornerstone
    if (!stage || !cs || !this.#current || !Number.isFinite(center) || !Number.isFinite(width)) return
    const viewport = cs.getViewport(stage)
    if (!viewport) return
    viewport.voi = {
      windowCenter: Math.min(WINDOW_LIMIT, Math.max(-WINDOW_LIMIT, center)),
      windowWidth: Math.min(WINDOW_LIMIT, Math.max(1, width)),
    }
    cs.setViewport(stage, viewport)
    this.preset = preset
    this.#sync()
  }

  /** Applies a preset: 'auto' (from the file, else the pixel range) or, for CT, brain / lung / abdomen / bone. */
  applyPreset(preset: 'auto' | keyof typeof CT_PRESETS): void {
    const wl = preset === 'auto' ? this.#auto : CT_PRESETS[preset]
    if (wl) this.setWindow(wl.center, wl.width, preset)
  }

  /** Zooms by `factor` around the centre. */
  zoomBy(factor: number): void {
    this.#viewport((v) => {
      v.scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale * factor))
    })
  }

  fit(): void {
    const stage = this.#stage
    if (!stage || !this.#current) return
    this.#engine?.cornerstone.fitToWindow(stage)
    this.#sync()
  }

  /** Contrast, zoom, position and inversion back to how the image opened. */
  reset(): void {
    const stage = this.#stage
    const cs = this.#engine?.cornerstone
    if (!stage || !cs || !this.#current) return
    cs.reset(stage)
    this.measurement = undefined
    this.applyPreset('auto')
    this.#sync()
  }

  toggleInvert(): void {
    this.#viewport((v) => {
      v.invert = !v.invert
    })
  }

  /** Shows frame `n` (1-based, as displayed). */
  async goToFrame(n: number): Promise<void> {
    if (!this.info || !Number.isFinite(n)) return
    await this.#show(Math.min(this.info.frames, Math.max(1, Math.trunc(n))) - 1)
  }

  #viewport(change: (viewport: Engine.Viewport) => void): void {
    const stage = this.#stage
    const cs = this.#engine?.cornerstone
    if (!stage || !cs || !this.#current) return
    const viewport = cs.getViewport(stage)
    if (!viewport) return
    change(viewport)
    cs.setViewport(stage, viewport)
    this.#sync()
  }

  #pan(dx: number, dy: number): void {
    this.#viewport((v) => {
      v.translation = { x: v.translation.x + dx / v.scale, y: v.translation.y + dy / v.scale }
    })
  }

  #windowBy(dCenter: number, dWidth: number): void {
    if (!this.voi) return
    this.setWindow(this.voi.center + dCenter, this.voi.width + dWidth)
  }

  /** How far one step (key press, or one pixel of drag) moves the window: relative to the image's range. */
  #windowStep(): number {
    return Math.max(1, Math.round((this.#auto?.width ?? 256) / 64))
  }

  #setOverlay(on: boolean): void {
    this.overlayOn = on
    this.#redraw()
    this.#say(this.#t(on ? 'announceOverlayOn' : 'announceOverlayOff'))
  }

  #setMode(mode: DragMode): void {
    const was = this.mode
    this.mode = mode
    if (mode === 'measure' && was !== 'measure') this.#say(this.#t('announceMeasureOn'))
    if (mode !== 'measure' && was === 'measure') this.#say(this.#t('announceMeasureOff'))
  }

  #togglePlay(): void {
    if (!this.info || this.info.frames < 2) return
    if (this.playing) {
      this.#stopCine()
      this.#say(this.#t('announcePaused', { n: this.frame + 1, total: this.info.frames }))
      return
    }
    this.playing = true
    this.#say(this.#t('announcePlaying'))
    void this.#tick()
  }

  #tick = async (): Promise<void> => {
    if (!this.playing || !this.info) return
    const started = performance.now()
    await this.#show((this.frame + 1) % this.info.frames)
    if (!this.playing || !this.info) return
    const interval = Math.min(2000, Math.max(16, this.info.frameTime ?? 100))
    this.#cine = setTimeout(this.#tick, Math.max(0, interval - (performance.now() - started)))
  }

  #stopCine(): void {
    clearTimeout(this.#cine)
    this.#cine = undefined
    this.playing = false
  }

  #minute(): void {
    if (!this.upload) return
    if (this.view === 'viewing' && Date.parse(this.upload.expiresAt) <= this.now()) {
      this.#run++
      this.#teardown()
      this.view = 'expired'
      this.#say(this.#t('announceExpired'))
      this.#emit('tessera-error', {
        status: 410,
        type: problemType('upload-gone'),
        title: 'Image deleted',
      })
      return
    }
    this.requestUpdate()
  }

  // ---------------------------------------------------------------- input

  #onKeyDown = (event: KeyboardEvent): void => {
    if (!this.#current || event.altKey || event.ctrlKey || event.metaKey) return
    const info = this.info as ImageInfo
    const step = this.#windowStep()
    let handled = true
    let said: string | undefined
    switch (event.key) {
      case 'ArrowLeft':
      case 'ArrowRight':
      case 'ArrowUp':
      case 'ArrowDown': {
        const sign = event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 1
        if (event.shiftKey) {
          if (event.key === 'ArrowUp' || event.key === 'ArrowDown') this.#windowBy(-sign * step * 2, 0)
          else this.#windowBy(0, sign * step * 2)
          said = this.#windowText('announceWindow')
        } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') this.#pan(sign * PAN_STEP, 0)
        else this.#pan(0, sign * PAN_STEP)
        break
      }
      case '[':
      case ']':
        this.#windowBy(0, (event.key === '[' ? -1 : 1) * step * 4)
        said = this.#windowText('announceWindow')
        break
      case '+':
      case '=':
      case '-':
      case '_':
        this.zoomBy(event.key === '+' || event.key === '=' ? ZOOM_STEP : 1 / ZOOM_STEP)
        said = this.#t('announceZoom', { percent: this.#percent(this.scale) })
        break
      case 'i':
      case 'I':
        this.toggleInvert()
        said = this.#t(this.inverted ? 'announceInvertOn' : 'announceInvertOff')
        break
      case 'r':
      case 'R':
        this.reset()
        said = this.#t('announceReset')
        break
      case 'f':
      case 'F':
        this.fit()
        said = this.#t('announceFit')
        break
      case 'o':
      case 'O':
        if (this.hasMask) this.#setOverlay(!this.overlayOn)
        break
      case 'm':
      case 'M':
        this.#setMode(this.mode === 'measure' ? 'window' : 'measure')
        break
      case 'Escape':
        if (this.mode !== 'measure' && !this.measurement) handled = false
        this.measurement = undefined
        if (this.mode === 'measure') this.#setMode('window')
        this.#redraw()
        break
      case ' ':
        this.#togglePlay()
        break
      case 'PageUp':
      case 'PageDown':
      case 'Home':
      case 'End': {
        if (info.frames < 2) {
          handled = false
          break
        }
        const target =
          event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? info.frames - 1
              : Math.min(info.frames - 1, Math.max(0, this.frame + (event.key === 'PageUp' ? -1 : 1)))
        void this.#show(target).then((ok) => {
          if (ok) this.#say(this.#t('frameOf', { n: target + 1, total: info.frames }))
        })
        break
      }
      default:
        handled = false
    }
    if (handled) event.preventDefault()
    if (said) this.#say(said)
  }

  #pixelAt(event: PointerEvent | WheelEvent): Point | undefined {
    const stage = this.#stage
    const cs = this.#engine?.cornerstone
    if (!stage || !cs || !this.#current) return undefined
    return cs.pageToPixel(stage, event.pageX, event.pageY)
  }

  #onPointerDown = (event: PointerEvent): void => {
    if (!this.#current || !this.#stage) return
    const mode: DragMode = event.button === 1 || event.button === 2 || event.shiftKey ? 'pan' : this.mode
    if (event.button !== 0 && mode !== 'pan') return
    try {
      ;(event.currentTarget as HTMLElement).setPointerCapture(event.pointerId)
    } catch {
      // Synthetic pointers cannot be captured; dragging still works while over the image.
    }
    this.#drag = { id: event.pointerId, mode, x: event.clientX, y: event.clientY }
    if (mode === 'measure') {
      const p = this.#pixelAt(event)
      if (p) this.measurement = { a: p, b: p }
    }
    event.preventDefault()
  }

  #onPointerMove = (event: PointerEvent): void => {
    this.#readPointer(event)
    const drag = this.#drag
    if (!drag || drag.id !== event.pointerId) return
    const dx = event.clientX - drag.x
    const dy = event.clientY - drag.y
    drag.x = event.clientX
    drag.y = event.clientY
    if (drag.mode === 'pan') this.#pan(dx, dy)
    else if (drag.mode === 'window') {
      const step = this.#windowStep()
      this.#windowBy(dy * step, dx * step)
    } else if (this.measurement) {
      const p = this.#pixelAt(event)
      if (p) {
        this.measurement = { a: this.measurement.a, b: p }
        this.#redraw()
      }
    }
  }

  #onPointerUp = (event: PointerEvent): void => {
    const drag = this.#drag
    if (!drag || drag.id !== event.pointerId) return
    this.#drag = undefined
    if (drag.mode === 'measure' && this.measurement) {
      const length = this.#lengthText()
      if (length) this.#say(length)
    } else if (drag.mode === 'window') this.#say(this.#windowText('announceWindow'))
  }

  #onPointerLeave = (): void => {
    this.pointer = undefined
  }

  #onWheel = (event: WheelEvent): void => {
    // Only once the member chose the image (it has focus): the page keeps scrolling otherwise.
    if (
      !this.#current ||
      this.renderRoot.querySelector('.viewport') !== (this.renderRoot as ShadowRoot).activeElement
    )
      return
    event.preventDefault()
    this.zoomBy(event.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP)
  }

  #readPointer(event: PointerEvent): void {
    const p = this.#pixelAt(event)
    const image = this.#current
    if (!p || !image || !this.#engine) return
    const x = Math.floor(p.x)
    const y = Math.floor(p.y)
    if (x < 0 || y < 0 || x >= image.columns || y >= image.rows) {
      this.pointer = undefined
      return
    }
    const value = this.#engine.pixelValue(image, x, y)
    this.pointer = {
      x,
      y,
      value: Array.isArray(value)
        ? `R ${value[0]} G ${value[1]} B ${value[2]}`
        : `${this.#number(value, 2)}${this.info?.modality === 'CT' ? ' HU' : ''}`,
    }
  }

  // ---------------------------------------------------------------- formatting

  #number(value: number, digits = 0): string {
    return new Intl.NumberFormat(this.locale, { maximumFractionDigits: digits }).format(value)
  }

  #percent(scale: number): string {
    return new Intl.NumberFormat(this.locale, { style: 'percent', maximumFractionDigits: 0 }).format(scale)
  }

  #windowText(key: 'windowLevel' | 'announceWindow'): string {
    return this.voi
      ? this.#t(key, { width: this.#number(this.voi.width, 1), center: this.#number(this.voi.center, 1) })
      : ''
  }

  /** The measured length: in mm when the pixel spacing is known, else in pixels. */
  lengthOf(a: Point, b: Point): { value: number; unit: 'mm' | 'px' } {
    const spacing = this.info?.spacing
    const dx = b.x - a.x
    const dy = b.y - a.y
    return spacing
      ? { value: Math.hypot(dx * spacing.column, dy * spacing.row), unit: 'mm' }
      : { value: Math.hypot(dx, dy), unit: 'px' }
  }

  #lengthText(): string {
    const m = this.measurement
    if (!m) return ''
    const { value, unit } = this.lengthOf(m.a, m.b)
    const length =
      unit === 'mm'
        ? new Intl.NumberFormat(this.locale, {
            style: 'unit',
            unit: 'millimeter',
            maximumFractionDigits: 1,
          }).format(value)
        : `${this.#number(value, 1)} px`
    return this.#t(unit === 'mm' ? 'length' : 'lengthPx', { length })
  }

  #kind(): string {
    const type = (
      this.upload?.contentType || (this.info?.kind === 'dicom' ? 'application/dicom' : '')
    ).toLowerCase()
    const key =
      type === 'application/dicom' || this.info?.kind === 'dicom'
        ? 'kind.dicom'
        : type === 'image/png'
          ? 'kind.png'
          : type === 'image/jpeg'
            ? 'kind.jpeg'
            : 'kind.other'
    return this.#t(key)
  }

  #score(value: number): string {
    const share = value >= 0 && value <= 1
    return new Intl.NumberFormat(this.locale, {
      style: share ? 'percent' : 'decimal',
      maximumFractionDigits: share ? 1 : 2,
    }).format(value)
  }

  /** A model's label for display: `left_ventricle` → `Left ventricle`. */
  #label(label: string): string {
    const words = label.replace(/[_-]+/g, ' ').trim()
    return words.charAt(0).toUpperCase() + words.slice(1)
  }

  countdown(expiresAt: string): { hhmm: string; hours: number; minutes: number; iso: string } {
    const left = Math.max(0, Date.parse(expiresAt) - this.now())
    const total = Number.isFinite(left) ? Math.floor(left / 60_000) : 0
    const hours = Math.floor(total / 60)
    const minutes = total % 60
    const pad = (n: number) => String(n).padStart(2, '0')
    return { hhmm: `${pad(hours)}:${pad(minutes)}`, hours, minutes, iso: `PT${hours}H${minutes}M` }
  }

  /** Decoded frames held now (bounded: frames are decoded on demand). */
  get cachedFrames(): number {
    return this.#image?.cachedFrames ?? 0
  }

  // ---------------------------------------------------------------- rendering

  protected renderReady(): TemplateResult {
    return html`<div class="view" data-view=${this.view}>
      <div class="head">
        <div class="heading" role="heading" aria-level=${this.#level()}>${this.#t('title')}</div>
        ${this.#renderCountdown()}
      </div>
      ${this.info && (this.view === 'viewing' || this.view === 'loading') ? this.#renderViewer() : this.#renderBody()}
      <p class="visually-hidden" role="status" data-live>${this.announcement}</p>
    </div>`
  }

  #renderCountdown(): TemplateResult | typeof nothing {
    if (!this.upload || this.view !== 'viewing') return nothing
    const left = this.countdown(this.upload.expiresAt)
    const [before = '', after = ''] = this.#t('countdown', { hhmm: '\u0000' }).split('\u0000')
    return html`<span class="countdown" part="countdown" data-countdown>
      <span aria-hidden="true">${before}<time datetime=${left.iso}>${left.hhmm}</time>${after}</span>
      <span class="visually-hidden"
        >${this.#t('countdownLong', { hours: left.hours, minutes: left.minutes })}</span
      >
    </span>`
  }

  #renderBody(): TemplateResult {
    switch (this.view) {
      case 'signed-out':
        return html`${this.sessionNotice ? html`<p class="notice">${this.#t('sessionEnded')}</p>` : nothing}
          <p data-signed-out>${this.#t('signedOut')}</p>`
      case 'no-upload':
        return html`<p>${this.#t(this.uploadId === LATEST ? 'noImages' : 'noUpload')}</p>`
      case 'loading':
        return html`<p class="status">${this.#t('loading')}</p>`
      case 'not-found':
        return html`<p class="notice error" data-problem="not-found">${this.#t('notFound')}</p>`
      case 'expired':
        return html`<p class="notice" data-problem="expired">${this.#t('expired')}</p>`
      case 'failed':
        return html`<p class="notice error" data-problem="failed">${this.#t('loadFailed')}</p>
          <div>
            <button type="button" data-retry @click=${() => void this.#begin()}>${this.#t('retry')}</button>
          </div>`
      case 'error':
        return html`<p class="notice error" data-problem=${this.errorReason}>
          ${this.#t(this.errorReason === 'eval-blocked' ? 'evalBlocked' : this.errorReason)}
        </p>`
      case 'viewing':
        return html`<p class="status">${this.#t('loading')}</p>`
    }
  }

  #renderViewer(): TemplateResult {
    const info = this.info
    const ct = info?.modality === 'CT'
    const presets: Preset[] = ct ? ['auto', ...(Object.keys(CT_PRESETS) as Preset[])] : ['auto']
    const modes: DragMode[] = ['window', 'pan', 'measure']
    return html`
      ${this.view === 'loading' ? html`<p class="status">${this.#t('loading')}</p>` : nothing}
      <div class="toolbar" part="toolbar" role="toolbar" aria-label=${this.#t('toolbar')}>
        <div class="group" role="group" aria-labelledby="drag-label">
          <span class="group-label" id="drag-label">${this.#t('dragMode')}</span>
          ${modes.map(
            (mode) =>
              html`<button
                type="button"
                data-mode=${mode}
                aria-pressed=${this.mode === mode ? 'true' : 'false'}
                @click=${() => this.#setMode(mode)}
              >
                ${this.#t(`mode.${mode}`)}
              </button>`
          )}
        </div>
        <div class="group">
          <button type="button" data-action="zoom-in" @click=${() => this.zoomBy(ZOOM_STEP)}>
            ${this.#t('zoomIn')}
          </button>
          <button type="button" data-action="zoom-out" @click=${() => this.zoomBy(1 / ZOOM_STEP)}>
            ${this.#t('zoomOut')}
          </button>
          <button type="button" data-action="fit" @click=${() => this.fit()}>${this.#t('fit')}</button>
          <button type="button" data-action="reset" @click=${() => this.reset()}>${this.#t('reset')}</button>
          <button
            type="button"
            data-action="invert"
            aria-pressed=${this.inverted ? 'true' : 'false'}
            @click=${() => this.toggleInvert()}
          >
            ${this.#t('invert')}
          </button>
        </div>
        <label class="group">
          <span class="group-label">${this.#t('preset')}</span>
          <select
            data-preset
            .value=${this.preset}
            @change=${(e: Event) => this.applyPreset((e.target as HTMLSelectElement).value as 'auto')}
          >
            ${presets.map((p) => html`<option value=${p} ?selected=${this.preset === p}>${this.#t(`preset.${p}`)}</option>`)}
            ${
              this.preset === 'custom'
                ? html`<option value="custom" disabled selected>${this.#t('preset.custom')}</option>`
                : nothing
            }
          </select>
        </label>
      </div>
      <div
        class="viewport"
        part="viewport"
        tabindex="0"
        role="application"
        aria-label=${info ? this.#t('viewport', { kind: this.#kind(), width: info.width, height: info.height }) : ''}
        aria-describedby="readout"
        aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown + - Shift+ArrowUp Shift+ArrowDown Shift+ArrowLeft Shift+ArrowRight [ ] I F R O M Escape Space PageUp PageDown Home End"
        data-mode=${this.mode}
        @keydown=${this.#onKeyDown}
        @pointerdown=${this.#onPointerDown}
        @pointermove=${this.#onPointerMove}
        @pointerup=${this.#onPointerUp}
        @pointercancel=${this.#onPointerUp}
        @pointerleave=${this.#onPointerLeave}
        @wheel=${this.#onWheel}
        @contextmenu=${(e: Event) => e.preventDefault()}
      >
        <div class="stage"></div>
      </div>
      <div class="readout" part="readout" id="readout">
        <span data-readout="pointer"
          >${
            this.pointer
              ? this.#t('pointer', { x: this.pointer.x, y: this.pointer.y, value: this.pointer.value })
              : this.#t('pointerNone')
          }</span
        >
        <span data-readout="window">${this.#windowText('windowLevel')}</span>
        <span data-readout="zoom">${this.#t('zoom', { percent: this.#percent(this.scale) })}</span>
        ${
          this.measurement
            ? html`<span data-readout="length">${this.#lengthText()}</span>`
            : this.mode === 'measure'
              ? html`<span>${this.#t('measureHint')}</span>`
              : nothing
        }
      </div>
      ${info && info.frames > 1 ? this.#renderFrames(info) : nothing} ${this.#renderAnalysis()}
      ${this.#renderShortcuts()}
    `
  }

  #renderFrames(info: ImageInfo): TemplateResult {
    return html`<div class="frames" part="frames" role="group" aria-label=${this.#t('frames')}>
      <button
        type="button"
        data-action="play"
        aria-pressed=${this.playing ? 'true' : 'false'}
        @click=${() => this.#togglePlay()}
      >
        ${this.#t(this.playing ? 'pause' : 'play')}
      </button>
      <input
        type="range"
        data-frame
        min="1"
        max=${info.frames}
        step="1"
        .value=${String(this.frame + 1)}
        aria-label=${this.#t('frame')}
        aria-valuetext=${this.#t('frameOf', { n: this.frame + 1, total: info.frames })}
        @input=${(e: Event) => void this.goToFrame(Number((e.target as HTMLInputElement).value))}
      />
      <span aria-hidden="true">${this.frame + 1} / ${info.frames}</span>
    </div>`
  }

  #renderAnalysis(): TemplateResult {
    const a = this.analysis
    const body = (): TemplateResult => {
      if (this.analysisFailed) return html`<p class="error">${this.#t('analysisUnavailable')}</p>`
      if (!a) return html`<p data-no-analysis>${this.#t('noAnalysis')}</p>`
      const model = html`<p class="meta" data-model>
        ${this.#t('model', { name: a.model.name, version: a.model.version })}
      </p>`
      if (a.status !== 'done')
        return html`<p
            class=${a.status === 'failed' || a.status === 'purged' ? 'error' : ''}
            data-analysis-status=${a.status}
          >
            ${this.#t(`analysis.${a.status}` as ViewerMessageKey)}
          </p>
          ${model}`
      const s = a.summary
      return html`${model}
        ${this.maskProblem ? html`<p class="notice error" data-mask-problem>${this.maskProblem}</p>` : nothing}
        ${
          this.hasMask
            ? html`<div class="controls">
                  <label
                    ><input
                      type="checkbox"
                      data-overlay
                      .checked=${this.overlayOn}
                      @change=${(e: Event) => this.#setOverlay((e.target as HTMLInputElement).checked)}
                    />${this.#t('showOverlay')}</label
                  >
                  <label
                    >${this.#t('opacity')}
                    <input
                      type="range"
                      data-opacity
                      min="0"
                      max="100"
                      .value=${String(Math.round(this.opacity * 100))}
                      aria-valuetext=${this.#percent(this.opacity)}
                      @input=${(e: Event) => {
                        this.opacity = Number((e.target as HTMLInputElement).value) / 100
                        this.#redraw()
                      }}
                  /></label>
                  <label
                    >${this.#t('colour')}
                    <input
                      type="color"
                      data-colour
                      .value=${HEX.test(this.overlayColor) ? this.overlayColor : DEFAULT_OVERLAY}
                      @input=${(e: Event) => {
                        this.overlayColor = (e.target as HTMLInputElement).value
                      }}
                  /></label>
                </div>
                ${
                  this.info && this.info.frames > 1 && this.frame !== this.#analysedFrame()
                    ? html`<p class="hint" data-overlay-frame>
                        ${this.#t('overlayFrame', { n: this.#analysedFrame() + 1 })}
                      </p>`
                    : nothing
                }`
            : nothing
        }
        ${
          s && s.labels.length > 0
            ? html`<table part="scores" data-scores>
                <caption class="visually-hidden">
                  ${this.#t('scores')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${this.#t('label')}</th>
                    <th scope="col">${this.#t(`result.${s.kind}`)}</th>
                  </tr>
                </thead>
                <tbody>
                  ${s.labels.map(
                    (label, i) =>
                      html`<tr>
                        <th scope="row">${this.#label(label)}</th>
                        <td>${s.scores[i] === undefined ? '–' : this.#score(s.scores[i])}</td>
                      </tr>`
                  )}
                </tbody>
              </table>`
            : nothing
        }
        <p class="hint">${this.#t('resultNote')}</p>`
    }
    return html`<section class="panel" part="analysis" aria-labelledby="analysis-title" data-analysis>
      <div class="subheading" role="heading" aria-level=${this.#level(1)} id="analysis-title">
        ${this.#t('analysisTitle')}
      </div>
      ${body()}
    </section>`
  }

  #renderShortcuts(): TemplateResult {
    const keys = [
      'arrows',
      'zoom',
      'window',
      'brackets',
      'invert',
      'fit',
      'reset',
      'overlay',
      'measure',
      'frames',
      'cine',
    ] as const
    return html`<details part="shortcuts" data-shortcuts>
      <summary>${this.#t('shortcuts')}</summary>
      <dl>
        ${keys.map(
          (k) =>
            html`<dt><kbd>${this.#t(`key.${k}`)}</kbd></dt>
              <dd>${this.#t(`key.${k}.do`)}</dd>`
        )}
      </dl>
    </details>`
  }
}

interface Point {
  x: number
  y: number
}

defineElement(VIEWER_TAG, TesseraViewer)

declare global {
  interface HTMLElementTagNameMap {
    'tessera-viewer': TesseraViewer
  }
}
