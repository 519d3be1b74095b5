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
import type {
  Locale,
  MemberSessionStore,
  TesseraErrorDetail,
  TesseraRuntime,
  UploadLimits,
} from '@tessera/widget-core'
import { followAnalysis } from './analysis-events.js'
import { ANALYSIS_STAGES, isFinished, parseUploadComplete, UploadsApi } from './api.js'
import type {
  Analysis,
  AnalysisCompleteDetail,
  AnalysisSummary,
  ImagingConsent,
  StoredImage,
  UploadCompleteDetail,
} from './api.js'
import { DeidRefusal, defaultDeidentifier } from './deid.js'
import type { Deidentifier, PreparedImage } from './deid.js'
import { CONTENT_TYPES, detectKind } from './detect.js'
import type { ImageKind } from './detect.js'
import { umsg } from './messages.js'
import type { UploadMessageKey } from './messages.js'
import { tusTransport } from './transport.js'
import type { Transport } from './transport.js'

export const UPLOAD_TAG = 'tessera-upload'
/** At most this many files are added at a time (fewer when the tenant allows fewer images at once). */
export const MAX_FILES = 10

/**
 * At most this many analyses are followed through their event streams at once; others are polled. Each
 * stream holds a connection, and browsers allow only 6 per origin over HTTP/1.1 (uploads need one too).
 */
const MAX_STREAMS = 2

/** Labels of the part of an image where nothing was found (not worth reporting as a finding). */
const BACKGROUND = /^(background|bg|none)$/i

/** Format names as written in every language. */
const FORMAT_NAMES: Record<ImageKind, string> = { dicom: 'DICOM', png: 'PNG', jpeg: 'JPEG' }

type View = 'signed-out' | 'consent' | 'not-offered' | 'upload'
export type FileState =
  | 'checking'
  | 'deidentifying'
  | 'waiting'
  | 'queued'
  | 'uploading'
  | 'stored'
  | 'failed'
  | 'cancelled'
  | 'rejected'

interface QueueItem {
  id: number
  /** Shown on this device only; never sent. */
  name: string
  file: File
  size: number
  kind?: ImageKind
  state: FileState
  loaded: number
  prepared?: PreparedImage
  /** Why it was refused or failed (our words). */
  error?: string
  /** The API's problem detail, when it gave one. */
  detail?: string
  abort?: () => void
}

const problemType = (slug: string) => `${PROBLEM_BASE}${slug}`

function problemOf(error: unknown): TesseraErrorDetail {
  return isTesseraApiError(error)
    ? { status: error.status, type: error.type, title: error.title }
    : { status: 0, type: `${PROBLEM_BASE}unknown`, title: 'Unexpected error' }
}

const statusOf = (error: unknown) => (isTesseraApiError(error) ? error.status : undefined)

/**
 * `<tessera-upload>`: sends the signed-in member's medical images. Uploading is gated on the separate,
 * explicit consent for image analysis (health data), which can be given inline. Files are checked on the
 * device (kind by magic bytes, count, size), prepared for de-identification (see deid.ts) and shown with
 * what is removed; nothing is sent until the member presses Send. Each file shows its progress and can be
 * cancelled or retried; below, the stored images count down to their automatic deletion (24 h after upload)
 * and can be deleted sooner. Each stored image shows its analysis by the tenant's model: a progress bar
 * through the stages (queued, preparing, analysing, preparing the result), followed live from the API's
 * server-sent events (polled when they are unavailable), then a short summary of the result, or the reason
 * it failed with a button to analyse again.
 *
 * It follows the member session every Tessera element on the page shares: signing in with
 * `<tessera-consent>` shows the upload area at once.
 *
 * @attr heading-level - level of the element's main heading in the page outline, 1–6 (default 2)
 * @attr lang - language to render in (else the page's, else the tenant default)
 * @fires tessera-ready - `{ tenantId, locale }` once the first view is shown (and per locale)
 * @fires tessera-error - `{ status, type, title }` when refused (401/403/CORS) or failed
 * @fires tessera-upload-complete - `{ id, contentType, expiresAt }` after the API stored an image
 * @fires tessera-analysis-complete - `{ uploadId, analysisId, status: 'done' | 'failed', model: { name, version },
 *   summary }` once per analysis the element followed, when it finishes (AnalysisCompleteDetail)
 * @csspart base - the wrapper
 * @csspart dropzone - the drop zone (also the button that opens the file picker)
 * @csspart file - one file in the queue
 * @csspart progress - the progress bars (per file, and overall)
 * @csspart list - the list of stored images
 * @csspart countdown - the time left until a stored image is deleted
 * @csspart analysis - a stored image's analysis (stage, progress, result or failure)
 * @csspart analysis-progress - the track of the analysis progress bar (the bar itself takes
 *   --tessera-color-primary, and --tessera-color-accent once done)
 * @csspart analysis-summary - the result of a finished analysis
 * @cssprop --tessera-color-primary / --tessera-color-accent / --tessera-color-text
 * @cssprop --tessera-color-background / --tessera-font-family / --tessera-radius
 * @cssprop --tessera-color-danger - refusals and failures (default #b3261e)
 */
export class TesseraUpload extends TesseraElement {
  static override styles = [
    ...TesseraElement.styles,
    css`
      .base {
        display: grid;
        gap: 1rem;
        padding: 1rem 1.25rem;
        border: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 15%, transparent);
      }
      .view,
      section {
        display: grid;
        gap: 0.75rem;
      }
      p {
        margin: 0;
      }
      .heading {
        margin: 0;
        font-size: 1.375rem;
        font-weight: 600;
        color: var(--tessera-color-primary, #0b5fff);
        line-height: 1.3;
      }
      [role='heading']:focus {
        outline: none;
      }
      .subheading {
        margin: 0;
        font-size: 1.125rem;
        font-weight: 600;
      }
      .panel {
        display: grid;
        gap: 0.75rem;
        padding: 0.75rem 1rem;
        border: 2px solid var(--tessera-color-primary, #0b5fff);
        border-radius: var(--tessera-radius, 8px);
      }
      .check {
        display: flex;
        gap: 0.5rem;
        align-items: flex-start;
        font-weight: 600;
      }
      .check input {
        margin-block-start: 0.3rem;
        inline-size: 1.125rem;
        block-size: 1.125rem;
      }
      .dropzone {
        display: grid;
        gap: 0.25rem;
        justify-items: center;
        inline-size: 100%;
        padding: 1.75rem 1rem;
        border: 2px dashed var(--tessera-color-primary, #0b5fff);
        border-radius: var(--tessera-radius, 8px);
        background: var(--tessera-color-background, #ffffff);
        color: inherit;
        font: inherit;
        cursor: pointer;
        text-align: center;
      }
      .dropzone[data-dragging] {
        background: color-mix(in srgb, var(--tessera-color-primary, #0b5fff) 8%, transparent);
        border-style: solid;
      }
      .dropzone strong {
        color: var(--tessera-color-primary, #0b5fff);
        font-size: 1.0625rem;
      }
      ul.plain {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.625rem;
      }
      .card {
        display: grid;
        gap: 0.375rem;
        padding: 0.625rem 0.875rem;
        border: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 18%, transparent);
        border-radius: var(--tessera-radius, 8px);
      }
      .row,
      .actions {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.375rem 1rem;
      }
      .row {
        justify-content: space-between;
      }
      .name {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .meta,
      .hint {
        font-size: 0.9375rem;
        opacity: 0.85;
      }
      .badge {
        display: inline-block;
        padding: 0 0.5rem;
        border-radius: 999px;
        border: 1px solid currentColor;
        font-size: 0.875rem;
        font-weight: 600;
      }
      .error,
      [data-state='rejected'] .badge,
      [data-state='failed'] .badge {
        color: var(--tessera-color-danger, #b3261e);
      }
      .error {
        font-weight: 600;
      }
      progress {
        inline-size: 100%;
        block-size: 0.75rem;
        accent-color: var(--tessera-color-primary, #0b5fff);
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
      button:not(.dropzone) {
        font: inherit;
        padding: 0.375rem 0.875rem;
        border-radius: var(--tessera-radius, 8px);
        border: 1px solid var(--tessera-color-primary, #0b5fff);
        background: var(--tessera-color-background, #ffffff);
        color: var(--tessera-color-primary, #0b5fff);
        cursor: pointer;
      }
      button.primary {
        background: var(--tessera-color-primary, #0b5fff);
        color: var(--tessera-color-background, #ffffff);
      }
      button[aria-disabled='true'] {
        opacity: 0.65;
        cursor: progress;
      }
      button:focus-visible,
      input:focus-visible {
        outline: 2px solid var(--tessera-color-accent, #00a37a);
        outline-offset: 2px;
      }
      .countdown {
        font-variant-numeric: tabular-nums;
        font-weight: 600;
      }
      .analysis {
        display: grid;
        gap: 0.375rem;
        padding-block-start: 0.5rem;
        border-block-start: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 12%, transparent);
      }
      .analysis:focus {
        outline: none;
      }
      .analysis:focus-visible {
        outline: 2px solid var(--tessera-color-accent, #00a37a);
        outline-offset: 2px;
      }
      .analysis-title {
        font-weight: 600;
      }
      [data-status='failed'] > .row .badge,
      [data-status='purged'] > .row .badge {
        color: var(--tessera-color-danger, #b3261e);
      }
      .track {
        block-size: 0.75rem;
        border-radius: 999px;
        background: color-mix(in srgb, var(--tessera-color-text, #1b1f24) 12%, transparent);
        overflow: hidden;
      }
      .track .bar {
        display: block;
        block-size: 100%;
        inline-size: 4%;
        border-radius: inherit;
        background: var(--tessera-color-primary, #0b5fff);
        transition: inline-size 0.4s ease;
      }
      .track[data-step='1'] .bar {
        inline-size: 25%;
      }
      .track[data-step='2'] .bar {
        inline-size: 50%;
      }
      .track[data-step='3'] .bar {
        inline-size: 75%;
      }
      .track[data-step='4'] .bar {
        inline-size: 100%;
        background: var(--tessera-color-accent, #00a37a);
      }
      @media (prefers-reduced-motion: reduce) {
        .track .bar {
          transition: none;
        }
      }
      @media (forced-colors: active) {
        .track {
          border: 1px solid CanvasText;
        }
        .track .bar {
          background: Highlight;
        }
      }
      .result {
        display: grid;
        gap: 0.25rem;
      }
      .findings {
        list-style: none;
        margin: 0;
        padding: 0;
        font-weight: 600;
      }
    `,
  ]

  /** Level of the element's main heading in the page outline (1–6). */
  @property({ attribute: 'heading-level', type: Number }) headingLevel = 2

  /** How bytes travel: resumable tus by default (tests and stories use xhrTransport over a stand-in). */
  @property({ attribute: false }) transport: Transport = tusTransport()

  /** What runs before sending (see deid.ts). */
  @property({ attribute: false }) deidentifier: Deidentifier = defaultDeidentifier

  /** The clock for the deletion countdowns (injectable for tests). */
  @property({ attribute: false }) now: () => number = () => Date.now()

  /** Milliseconds between checks of an analysis when its event stream is unavailable (read when following starts). */
  @property({ attribute: false }) pollInterval = 1500

  @state() private view: View = 'signed-out'
  @state() private consent: ImagingConsent | undefined
  @state() private consentError = ''
  @state() private consentBusy = false
  @state() private queue: QueueItem[] = []
  @state() private stored: StoredImage[] = []
  @state() private listError = false
  @state() private notice: { text: string; error: boolean } | undefined
  @state() private zoneNotice = ''
  @state() private dragging = false
  /** Text of the polite live region. */
  @state() private announcement = ''
  @state() private deleting: ReadonlySet<string> = new Set()
  /** Stored images whose analysis is being asked for again. */
  @state() private reanalysing: ReadonlySet<string> = new Set()
  /** Per stored image: why asking for its analysis failed. */
  @state() private analysisProblems: ReadonlyMap<string, UploadMessageKey> = new Map()
  /** Stored images whose analysis could not be followed. */
  @state() private lost: ReadonlySet<string> = new Set()

  #api: UploadsApi | undefined
  #store: MemberSessionStore | undefined
  #unsubscribe: (() => void) | undefined
  #session: string | undefined
  #startedFor: Locale | undefined
  #run = 0
  #nextId = 0
  /** Files of the current send (for the overall progress), and the last 25 % step announced. */
  #batch = new Set<number>()
  #step = 0
  #pumping = false
  #timer: ReturnType<typeof setInterval> | undefined
  /** The analyses being followed (by analysis id), and how many of them hold an event stream. */
  #follows = new Map<string, AbortController>()
  #streams = 0
  /** Bumped when every follow stops at once, so the stopped ones do not give back slots twice. */
  #followGeneration = 0
  /** Analyses whose end was reported with `tessera-analysis-complete` (until asked for again). */
  #completed = new Set<string>()

  override connectedCallback(): void {
    super.connectedCallback()
    // The countdowns are minutes: re-render once a minute.
    this.#timer ??= setInterval(() => {
      if (this.stored.length > 0) this.requestUpdate()
    }, 60_000)
    if (this.hasUpdated && this.config) this.requestUpdate()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearInterval(this.#timer)
    this.#timer = undefined
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
    this.#store = undefined
    this.#startedFor = undefined
    this.#run++
    for (const item of this.queue) item.abort?.()
    this.#stopFollowing()
  }

  #t(key: UploadMessageKey, params?: Record<string, string | number>): string {
    const limits = this.#limits()
    return umsg(this.locale, key, {
      hours: limits.retentionHours,
      size: this.#size(limits.maxBytes),
      ...params,
    })
  }

  #limits(): UploadLimits {
    return uploadLimitsOf(this.config)
  }

  /** Files that may be added now: the per-batch cap, less the images already held. */
  #perBatch(): number {
    return Math.max(0, Math.min(MAX_FILES, this.#limits().maxFiles - this.stored.length))
  }

  #acceptedKinds(): string {
    const kinds = (Object.keys(CONTENT_TYPES) as ImageKind[]).filter((k) =>
      this.#limits().contentTypes.includes(CONTENT_TYPES[k])
    )
    return kinds.map((k) => FORMAT_NAMES[k]).join(', ')
  }

  #level(offset = 0): number {
    const n = Math.trunc(Number(this.headingLevel))
    return Math.min(6, Math.max(1, (Number.isFinite(n) ? n : 2) + offset))
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed)
    if (!this.config || !this.isConnected) return
    if (this.#startedFor !== this.locale) {
      this.#startedFor = this.locale
      void this.#begin()
    }
  }

  #prepare(): boolean {
    const runtime = (this.runtime ?? getRuntime(this)) as Partial<TesseraRuntime> | undefined
    const client = clientForRuntime(runtime)
    if (!client || !runtime?.key) {
      this.problem = { status: 0, type: NOT_CONFIGURED_PROBLEM, title: 'Tessera is not configured' }
      this.state = 'error'
      return false
    }
    this.#api = new UploadsApi(client, this.locale, runtime.fetch)
    if (!this.#store) {
      this.#store = memberSession(runtime.key)
      // <tessera-consent> (or another element) signed in or out: follow it.
      this.#unsubscribe = this.#store.subscribe((token) => {
        if (this.isConnected && token !== this.#session) void this.#begin()
      })
    }
    return true
  }

  async #begin(): Promise<void> {
    const run = ++this.#run
    this.state = 'loading'
    if (!this.#prepare()) return
    const session = this.#store?.get()
    // Another member (or none): nothing of the previous one's queue may be sent with this session.
    if (session !== this.#session) {
      this.#resetQueue()
      this.#stopFollowing()
    }
    this.#session = session
    if (!session) {
      this.#signedOut()
      return
    }
    try {
      await this.#checkConsent(run)
      if (run !== this.#run) return
      this.state = 'ready'
      if (this.view === 'upload') await this.#loadList()
    } catch (error) {
      if (run !== this.#run) return
      if (statusOf(error) === 401) this.#sessionEnded()
      else {
        this.problem = problemOf(error)
        this.state = isRefusal(error) ? 'refused' : 'error'
      }
    }
  }

  async #checkConsent(run: number): Promise<void> {
    const consent = await (this.#api as UploadsApi).imagingConsent(this.#session as string)
    if (run !== this.#run) return
    this.consent = consent
    this.view = !consent.offered ? 'not-offered' : consent.granted ? 'upload' : 'consent'
  }

  async #loadList(): Promise<void> {
    const session = this.#session
    if (!session || !this.#api) return
    try {
      const list = await this.#api.list(session)
      if (session !== this.#session) return
      // An analysis being followed is newer than the list's copy of it.
      this.stored = list.map((image) => {
        const mine = this.stored.find((s) => s.id === image.id)?.analysis
        return mine && image.analysis?.id === mine.id && this.#follows.has(mine.id)
          ? { ...image, analysis: mine }
          : image
      })
      this.listError = false
      this.#followAll()
    } catch (error) {
      if (statusOf(error) === 401) this.#sessionEnded()
      else this.listError = true
    }
  }

  #resetQueue(): void {
    for (const item of this.queue) item.abort?.()
    this.queue = []
    this.#batch.clear()
    this.zoneNotice = ''
  }

  #signedOut(notice = ''): void {
    this.#resetQueue()
    this.view = 'signed-out'
    this.consent = undefined
    this.stored = []
    this.#stopFollowing()
    this.#completed.clear()
    this.analysisProblems = new Map()
    this.lost = new Set()
    this.notice = notice ? { text: notice, error: false } : undefined
    this.state = 'ready'
  }

  #sessionEnded(): void {
    this.#session = undefined
    this.#run++
    this.#store?.clear()
    this.#signedOut(this.#t('sessionEnded'))
  }

  #emit(type: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }))
  }

  // ---------------------------------------------------------------- consent

  #onGrant = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault()
    if (this.consentBusy || !this.#api || !this.consent || !this.#session) return
    const box = this.renderRoot.querySelector<HTMLInputElement>('#imaging-consent')
    if (!box?.checked) {
      this.consentError = this.#t('consentTickFirst')
      await this.updateComplete
      box?.focus()
      return
    }
    this.consentError = ''
    this.consentBusy = true
    const session = this.#session
    try {
      await this.#api.grantImaging(session, this.consent.policyVersion)
      if (session !== this.#session) return
      this.consent = { ...this.consent, granted: true }
      this.view = 'upload'
      this.notice = { text: this.#t('consentSaved'), error: false }
      this.announcement = this.#t('consentSaved')
      // The form is gone: continue where the member is headed.
      await this.updateComplete
      this.renderRoot.querySelector<HTMLElement>('[part~=dropzone]')?.focus()
      await this.#loadList()
    } catch (error) {
      if (statusOf(error) === 401) this.#sessionEnded()
      else this.consentError = this.#t('consentFailed')
    } finally {
      this.consentBusy = false
    }
  }

  // ---------------------------------------------------------------- adding files

  #picker(): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')
  }

  #onPick = (event: Event): void => {
    const input = event.target as HTMLInputElement
    void this.addFiles([...(input.files ?? [])])
    input.value = ''
  }

  #onDragOver = (event: DragEvent): void => {
    event.preventDefault()
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy'
    this.dragging = true
  }

  #onDragLeave = (): void => {
    this.dragging = false
  }

  #onDrop = (event: DragEvent): void => {
    event.preventDefault()
    this.dragging = false
    void this.addFiles([...(event.dataTransfer?.files ?? [])])
  }

  #update(id: number, patch: Partial<QueueItem>): QueueItem | undefined {
    let found: QueueItem | undefined
    this.queue = this.queue.map((item) => {
      if (item.id !== id) return item
      found = { ...item, ...patch }
      return found
    })
    return found
  }

  #item(id: number): QueueItem | undefined {
    return this.queue.find((item) => item.id === id)
  }

  /**
   * Adds files to the queue (the picker and drops call this): checks each one on this device and prepares
   * it. Nothing is sent until the member presses Send.
   */
  async addFiles(files: readonly File[]): Promise<void> {
    if (this.view !== 'upload') return
    const open = this.queue.filter((i) => !['stored', 'rejected', 'cancelled'].includes(i.state)).length
    const room = Math.max(0, this.#perBatch() - open)
    const taken = files.slice(0, room)
    this.zoneNotice =
      files.length > room ? this.#t('tooMany', { count: files.length - room, files: this.#perBatch() }) : ''
    const added = taken.map<QueueItem>((file) => ({
      id: ++this.#nextId,
      name: file.name,
      file,
      size: file.size,
      state: 'checking',
      loaded: 0,
    }))
    this.queue = [...this.queue, ...added]
    await Promise.all(added.map((item) => this.#check(item)))
  }

  async #check(item: QueueItem): Promise<void> {
    const reject = (key: UploadMessageKey) =>
      this.#update(item.id, { state: 'rejected', error: this.#t(key) })
    if (item.size === 0) return void reject('rejectEmpty')
    const limits = this.#limits()
    if (item.size > Math.max(limits.maxBytes, limits.maxRasterBytes)) return void reject('rejectSize')
    let kind: ImageKind | undefined
    try {
      kind = await detectKind(item.file)
    } catch {
      return void reject('rejectRead')
    }
    // The bytes decide, not the name: a `.dcm` without DICOM data is refused, a DICOM without extension is not.
    if (!kind) return void reject(/\.dcm$/i.test(item.name) ? 'rejectDcm' : 'rejectType')
    if (!limits.contentTypes.includes(CONTENT_TYPES[kind])) {
      return void this.#update(item.id, {
        kind,
        state: 'rejected',
        error: this.#t('rejectNotAccepted', { kind: FORMAT_NAMES[kind] }),
      })
    }
    const limit = kind === 'dicom' ? limits.maxBytes : limits.maxRasterBytes
    if (item.size > limit) {
      return void this.#update(item.id, {
        kind,
        state: 'rejected',
        error: this.#t('rejectSize', { size: this.#size(limit) }),
      })
    }
    this.#update(item.id, { kind, state: 'deidentifying' })
    try {
      const prepared = await this.deidentifier.prepare(item.file, kind)
      if (!this.#item(item.id)) return
      this.#update(item.id, { state: 'waiting', prepared })
    } catch (error) {
      const reason = error instanceof DeidRefusal ? error.reason : 'unreadable'
      const key: UploadMessageKey =
        reason === 'burned-in' ? 'rejectBurnedIn' : reason === 'too-large' ? 'rejectPixels' : 'rejectRead'
      this.#update(item.id, { state: 'rejected', error: this.#t(key) })
    }
  }

  #remove(id: number): void {
    this.queue = this.queue.filter((item) => item.id !== id)
    this.#batch.delete(id)
  }

  // ---------------------------------------------------------------- sending

  /** Sends every file that is ready: this press of the button is the member's confirmation. */
  #onSend = (): void => {
    const ready = this.queue.filter((item) => item.state === 'waiting')
    if (ready.length === 0) return
    if ([...this.#batch].every((id) => !['queued', 'uploading'].includes(this.#item(id)?.state ?? ''))) {
      this.#batch.clear()
      this.#step = 0
    }
    for (const item of ready) {
      this.#batch.add(item.id)
      this.#update(item.id, { state: 'queued', loaded: 0, error: undefined, detail: undefined })
    }
    void this.#pump()
  }

  #retry(id: number): void {
    const item = this.#item(id)
    if (!item?.prepared) return
    if ([...this.#batch].every((b) => !['queued', 'uploading'].includes(this.#item(b)?.state ?? ''))) {
      this.#batch.clear()
      this.#step = 0
    }
    this.#batch.add(id)
    this.#update(id, { state: 'queued', loaded: 0, error: undefined, detail: undefined })
    void this.#pump()
  }

  #cancel(id: number): void {
    const item = this.#item(id)
    if (!item) return
    if (item.state === 'uploading') item.abort?.()
    else if (item.state === 'queued') this.#update(id, { state: 'cancelled' })
    this.announcement = this.#t('announceCancelled', { name: item.name })
  }

  /** One file at a time, in order. */
  async #pump(): Promise<void> {
    if (this.#pumping) return
    this.#pumping = true
    try {
      for (;;) {
        const next = this.queue.find((item) => item.state === 'queued')
        if (!next || this.view !== 'upload') break
        await this.#send(next)
      }
    } finally {
      this.#pumping = false
    }
    this.#finishBatch()
  }

  async #send(item: QueueItem): Promise<void> {
    const session = this.#session
    const prepared = item.prepared
    if (!session || !this.#api || !prepared || !item.kind) return
    const contentType = CONTENT_TYPES[item.kind]
    const target = this.#api.uploadTarget(session, contentType)
    // A plain Blob of the bytes: a File would carry its name.
    const body = prepared.body.slice(0, prepared.body.size, contentType)
    // Answers for an upload made with an earlier session are dropped (its queue was reset).
    const stale = () => this.#session !== session
    const handle = this.transport({
      url: target.url,
      headers: target.headers,
      body,
      onProgress: (loaded) => {
        if (stale()) return
        this.#update(item.id, { loaded: Math.min(loaded, body.size) })
        this.#announceProgress()
      },
    })
    this.#update(item.id, { state: 'uploading', loaded: 0, abort: handle.abort })
    try {
      const stored = parseUploadComplete(await handle.result)
      if (stale()) return
      this.#update(item.id, { state: 'stored', loaded: body.size, abort: undefined })
      this.announcement = this.#t('announceStored', { name: item.name })
      this.#announceProgress()
      const detail: UploadCompleteDetail = stored
      this.#emit('tessera-upload-complete', detail)
      await this.#loadList()
    } catch (error) {
      if (stale()) return
      if (error instanceof DOMException && error.name === 'AbortError') {
        this.#update(item.id, { state: 'cancelled', loaded: 0, abort: undefined })
        return
      }
      if (statusOf(error) === 401) {
        this.#sessionEnded()
        return
      }
      this.#update(item.id, { state: 'failed', abort: undefined, ...this.#failure(error) })
      this.#emit('tessera-error', problemOf(error))
      this.announcement = `${this.#t('announceFailed', { name: item.name })} ${this.#item(item.id)?.error ?? ''}`
      if (isTesseraApiError(error) && error.type === problemType('consent-required')) {
        // The consent was withdrawn meanwhile (elsewhere): ask again.
        try {
          await this.#checkConsent(this.#run)
        } catch {
          // The failure is shown on the file.
        }
      }
    }
  }

  #failure(error: unknown): { error: string; detail?: string } {
    if (!isTesseraApiError(error)) return { error: this.#t('fail.generic') }
    const detail = error.detail || error.errors.find((e) => e.field === 'body')?.message || undefined
    const withDetail = (key: UploadMessageKey) => ({ error: this.#t(key), ...(detail ? { detail } : {}) })
    if (error.status === 0) return { error: this.#t('fail.network') }
    if (error.type === problemType('consent-required')) return withDetail('fail.consent')
    if (error.type === problemType('processing-restricted')) return withDetail('fail.restricted')
    if (error.status === 413) return withDetail('fail.413')
    if (error.status === 415) return withDetail('fail.415')
    if (error.status === 422) return withDetail('fail.422')
    return withDetail('fail.generic')
  }

  /** Percent of the current send, over the files still in it. */
  #overall(): number {
    let loaded = 0
    let total = 0
    for (const id of this.#batch) {
      const item = this.#item(id)
      if (!item || item.state === 'cancelled' || item.state === 'failed') continue
      loaded += item.state === 'stored' ? item.size : item.loaded
      total += item.state === 'stored' ? item.size : (item.prepared?.body.size ?? item.size)
    }
    return total === 0 ? 0 : Math.floor((loaded / total) * 100)
  }

  /** Announces the overall progress at 25 %, 50 % and 75 % (not on every event). */
  #announceProgress(): void {
    const step = Math.floor(this.#overall() / 25)
    if (step > this.#step && step < 4) {
      this.#step = step
      this.announcement = this.#t('announceProgress', { percent: step * 25 })
    }
  }

  #finishBatch(): void {
    const items = [...this.#batch].map((id) => this.#item(id)).filter((i): i is QueueItem => !!i)
    if (items.length === 0 || items.some((i) => i.state === 'queued' || i.state === 'uploading')) return
    const stored = items.filter((i) => i.state === 'stored').length
    const failed = items.filter((i) => i.state === 'failed').length
    this.#step = 4
    if (stored === items.length) this.announcement = this.#t('announceAllDone')
    else if (failed > 0 || stored > 0) this.announcement = this.#t('announceDone', { stored, failed })
  }

  // ---------------------------------------------------------------- stored images

  async #delete(image: StoredImage): Promise<void> {
    if (!this.#api || !this.#session || this.deleting.has(image.id)) return
    this.deleting = new Set([...this.deleting, image.id])
    try {
      await this.#api.remove(this.#session, image.id)
      if (image.analysis) this.#unfollow(image.analysis.id)
      this.stored = this.stored.filter((s) => s.id !== image.id)
      this.notice = { text: this.#t('deleted'), error: false }
      this.announcement = this.#t('deleted')
      // The button is gone: keep the keyboard in the list's section.
      await this.updateComplete
      this.renderRoot.querySelector<HTMLElement>('#stored-title')?.focus()
    } catch (error) {
      if (statusOf(error) === 401) return this.#sessionEnded()
      this.notice = { text: this.#t('deleteFailed'), error: true }
      this.announcement = this.#t('deleteFailed')
    } finally {
      const next = new Set(this.deleting)
      next.delete(image.id)
      this.deleting = next
    }
  }

  // ---------------------------------------------------------------- analyses

  #stopFollowing(): void {
    for (const controller of this.#follows.values()) controller.abort()
    this.#follows.clear()
    this.#streams = 0
    this.#followGeneration++
  }

  #unfollow(analysisId: string): void {
    this.#follows.get(analysisId)?.abort()
    this.#follows.delete(analysisId)
  }

  /** Follows every unfinished analysis in the list; stops following those no longer in it. */
  #followAll(): void {
    const listed = new Set(this.stored.flatMap((image) => (image.analysis ? [image.analysis.id] : [])))
    for (const id of [...this.#follows.keys()]) if (!listed.has(id)) this.#unfollow(id)
    for (const image of this.stored) if (image.analysis) this.#follow(image.id, image.analysis)
  }

  #follow(uploadId: string, analysis: Analysis): void {
    const api = this.#api
    const session = this.#session
    if (!api || !session || !this.isConnected || isFinished(analysis) || this.#follows.has(analysis.id))
      return
    const controller = new AbortController()
    this.#follows.set(analysis.id, controller)
    this.#without('lost', uploadId)
    const generation = this.#followGeneration
    let streaming = this.#streams < MAX_STREAMS
    if (streaming) this.#streams++
    const release = () => {
      if (streaming && generation === this.#followGeneration) this.#streams--
      streaming = false
    }
    const stale = () => controller.signal.aborted || session !== this.#session
    followAnalysis({
      ...(streaming ? { events: (signal) => api.analysisEvents(session, analysis.id, signal) } : {}),
      poll: (signal) => api.analysis(session, analysis.id, signal),
      onUpdate: (next) => {
        if (!stale()) this.#onAnalysis(uploadId, next)
      },
      onPolling: release,
      signal: controller.signal,
      interval: this.pollInterval,
    })
      .catch((error: unknown) => {
        if (stale()) return
        if (statusOf(error) === 401) this.#sessionEnded()
        else this.lost = new Set([...this.lost, uploadId])
      })
      .finally(() => {
        release()
        if (this.#follows.get(analysis.id) === controller) this.#follows.delete(analysis.id)
      })
  }

  #without(which: 'lost' | 'reanalysing', uploadId: string): void {
    if (!this[which].has(uploadId)) return
    const next = new Set(this[which])
    next.delete(uploadId)
    this[which] = next
  }

  #problem(uploadId: string, key: UploadMessageKey | undefined): void {
    if (!key && !this.analysisProblems.has(uploadId)) return
    const next = new Map(this.analysisProblems)
    if (key) next.set(uploadId, key)
    else next.delete(uploadId)
    this.analysisProblems = next
  }

  /** A new state of a followed analysis: shown, announced when it starts and ends, reported when it ends. */
  #onAnalysis(uploadId: string, next: Analysis): void {
    const image = this.stored.find((s) => s.id === uploadId)
    if (!image) return
    const previous = image.analysis
    this.stored = this.stored.map((s) => (s.id === uploadId ? { ...s, analysis: next } : s))
    if (previous?.id === next.id && previous.status === next.status) return
    const words = { kind: this.#kind(image.contentType), time: this.#time(image.uploadedAt) }
    if (isFinished(next)) {
      if (this.#completed.has(next.id)) return
      this.#completed.add(next.id)
      const done = next.status === 'done'
      this.announcement = this.#t(done ? 'announceAnalysisDone' : 'announceAnalysisFailed', words)
      const detail: AnalysisCompleteDetail = {
        uploadId,
        analysisId: next.id,
        status: done ? 'done' : 'failed',
        model: { ...next.model },
        summary: next.summary,
      }
      this.#emit('tessera-analysis-complete', detail)
    } else if (next.status !== 'queued' && (previous?.id !== next.id || previous.status === 'queued')) {
      // Started (a page that opens mid-run does not announce it again).
      this.announcement = this.#t('announceAnalysisStarted', words)
    }
  }

  /** Asks for the image to be analysed again (after a failure), then follows the new run. */
  async #reanalyse(image: StoredImage): Promise<void> {
    const api = this.#api
    const session = this.#session
    if (!api || !session || this.reanalysing.has(image.id)) return
    this.reanalysing = new Set([...this.reanalysing, image.id])
    this.#problem(image.id, undefined)
    try {
      const analysis = await api.requestAnalysis(session, image.id)
      if (session !== this.#session) return
      this.#completed.delete(analysis.id)
      this.#unfollow(analysis.id)
      this.stored = this.stored.map((s) => (s.id === image.id ? { ...s, analysis } : s))
      this.#follow(image.id, analysis)
      // The button is gone: keep the keyboard with this image's analysis.
      await this.updateComplete
      this.renderRoot
        .querySelector<HTMLElement>(`[data-stored="${CSS.escape(image.id)}"] [part~=analysis]`)
        ?.focus()
    } catch (error) {
      if (session !== this.#session) return
      if (statusOf(error) === 401) return this.#sessionEnded()
      const type = isTesseraApiError(error) ? error.type : ''
      const key: UploadMessageKey =
        type === problemType('consent-required')
          ? 'analysisNoConsent'
          : type === problemType('processing-restricted')
            ? 'analysisRestricted'
            : statusOf(error) === 410
              ? 'analysisGone'
              : 'analysisRequestFailed'
      this.#problem(image.id, key)
      this.announcement = this.#t(key)
      try {
        // The consent was withdrawn meanwhile, or the image is gone: show where things are.
        if (key === 'analysisNoConsent') await this.#checkConsent(this.#run)
        else if (key === 'analysisGone') await this.#loadList()
      } catch {
        // The problem is shown with the image.
      }
    } finally {
      this.#without('reanalysing', image.id)
    }
  }

  /** Time left until `expiresAt`, as hh:mm and its long form. */
  countdown(expiresAt: string): { hhmm: string; hours: number; minutes: number; iso: string } {
    const left = Math.max(0, Date.parse(expiresAt) - this.now())
    const total = Number.isFinite(left) ? Math.floor(left / 60_000) : 0
    const hours = Math.floor(total / 60)
    const minutes = total % 60
    const pad = (n: number) => String(n).padStart(2, '0')
    return { hhmm: `${pad(hours)}:${pad(minutes)}`, hours, minutes, iso: `PT${hours}H${minutes}M` }
  }

  // ---------------------------------------------------------------- rendering

  #heading(text: string, offset: number, id?: string, focusable = false): TemplateResult {
    return html`<div
      class=${offset === 0 ? 'heading' : 'subheading'}
      role="heading"
      aria-level=${this.#level(offset)}
      id=${id ?? nothing}
      tabindex=${focusable ? '-1' : nothing}
    >
      ${text}
    </div>`
  }

  #size(bytes: number): string {
    const [unit, value] =
      bytes >= 1024 * 1024
        ? (['megabyte', bytes / (1024 * 1024)] as const)
        : bytes >= 1024
          ? (['kilobyte', bytes / 1024] as const)
          : (['byte', bytes] as const)
    return new Intl.NumberFormat(this.locale, {
      style: 'unit',
      unit,
      unitDisplay: 'short',
      maximumFractionDigits: 1,
    }).format(value)
  }

  #time(iso: string): string {
    const date = new Date(iso)
    return Number.isNaN(date.getTime())
      ? ''
      : new Intl.DateTimeFormat(this.locale, { hour: 'numeric', minute: '2-digit' }).format(date)
  }

  /** A share or score: as a percentage when it is one (0–1), else as a number. */
  #score(value: number, fixed = false): string {
    const share = value >= 0 && value <= 1
    return new Intl.NumberFormat(this.locale, {
      style: share ? 'percent' : 'decimal',
      minimumFractionDigits: fixed && share ? 1 : 0,
      maximumFractionDigits: share ? 1 : 2,
    }).format(value)
  }

  /** A model's label for display: `left_ventricle` → `Left ventricle`. */
  #label(label: string): string {
    const words = label.replace(/[_-]+/g, ' ').trim()
    return words.charAt(0).toUpperCase() + words.slice(1)
  }

  /** What a finished analysis found, in a line or three. */
  #findings(summary: AnalysisSummary | null): string[] {
    if (!summary) return []
    const pairs = summary.labels
      .map((label, i) => ({ label, score: summary.scores[i] }))
      .filter((p): p is { label: string; score: number } => p.score !== undefined)
    if (summary.kind === 'classification') {
      const top = [...pairs].sort((a, b) => b.score - a.score)[0]
      return top
        ? [this.#t('result.classification', { label: this.#label(top.label), score: this.#score(top.score) })]
        : []
    }
    const found = pairs.filter((p) => !BACKGROUND.test(p.label.trim())).sort((a, b) => b.score - a.score)
    if (summary.kind === 'heatmap') {
      const top = found[0]
      return top
        ? [this.#t('result.heatmap', { label: this.#label(top.label), score: this.#score(top.score) })]
        : []
    }
    if (found.length === 0) return [this.#t('result.nothing')]
    return found
      .slice(0, 3)
      .map((p) =>
        this.#t('result.segmentation', { label: this.#label(p.label), share: this.#score(p.score, true) })
      )
  }

  #kind(kind: ImageKind | string | undefined): string {
    const k =
      kind === 'dicom' || kind === 'application/dicom'
        ? 'dicom'
        : kind === 'png' || kind === 'image/png'
          ? 'png'
          : kind === 'jpeg' || kind === 'image/jpeg'
            ? 'jpeg'
            : 'other'
    return this.#t(`kind.${k}` as UploadMessageKey)
  }

  protected renderReady(): TemplateResult {
    return html`<div class="view" data-view=${this.view}>
      ${this.#heading(this.#t('title'), 0)}
      ${
        this.view === 'signed-out'
          ? html`${this.notice ? html`<p class="notice">${this.notice.text}</p>` : nothing}
              <p data-signed-out>${this.#t('signedOut')}</p>`
          : this.view === 'not-offered'
            ? html`<p>${this.#t('notOffered')}</p>`
            : html`<p class="hint">${this.#t('intro')}</p>
                ${this.view === 'consent' ? this.#renderConsent() : this.#renderUpload()}`
      }
      <p class="visually-hidden" role="status" data-live>${this.announcement}</p>
    </div>`
  }

  #renderConsent(): TemplateResult {
    const error = this.consentError
    return html`<form class="panel" data-consent @submit=${this.#onGrant} novalidate>
      ${this.#heading(this.#t('consentTitle'), 1)}
      <p>${this.#t('consentBody')}</p>
      ${this.consent?.description ? html`<p class="hint">${this.consent.description}</p>` : nothing}
      <label class="check">
        <input
          id="imaging-consent"
          type="checkbox"
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${error ? 'consent-error' : nothing}
        />
        <span>${this.#t('consentCheckbox')}</span>
      </label>
      ${error ? html`<p class="error" id="consent-error">${error}</p>` : nothing}
      <div class="actions">
        <button class="primary" type="submit" aria-disabled=${this.consentBusy ? 'true' : 'false'}>
          ${this.consentBusy ? this.#t('consentSaving') : this.#t('consentButton')}
        </button>
      </div>
    </form>`
  }

  #renderUpload(): TemplateResult {
    const waiting = this.queue.filter((i) => i.state === 'waiting').length
    const overall = this.#overall()
    return html`${
        this.notice
          ? html`<p class="notice ${this.notice.error ? 'error' : ''}" data-notice>${this.notice.text}</p>`
          : nothing
      }
      <button
        part="dropzone"
        class="dropzone"
        type="button"
        aria-describedby="dropzone-hint"
        ?data-dragging=${this.dragging}
        @click=${() => this.#picker()?.click()}
        @dragenter=${this.#onDragOver}
        @dragover=${this.#onDragOver}
        @dragleave=${this.#onDragLeave}
        @drop=${this.#onDrop}
      >
        <strong>${this.#t('dropzone')}</strong>
        <span class="hint" id="dropzone-hint"
          >${this.#t('dropzoneHint', { types: this.#acceptedKinds(), files: this.#perBatch() })}</span
        >
      </button>
      <input type="file" multiple hidden tabindex="-1" @change=${this.#onPick} />
      ${this.zoneNotice ? html`<p class="notice error" data-zone-notice>${this.zoneNotice}</p>` : nothing}
      ${
        this.queue.length > 0
          ? html`<section aria-labelledby="queue-title" data-section="queue">
              ${this.#heading(this.#t('queueTitle'), 1, 'queue-title')}
              <ul class="plain">
                ${this.queue.map((item) => this.#renderItem(item))}
              </ul>
              ${
                this.#batch.size > 0
                  ? html`<label class="field" data-overall>
                      <span>${this.#t('overall')}: ${overall}%</span>
                      <progress part="progress" max="100" .value=${overall}></progress>
                    </label>`
                  : nothing
              }
              ${
                waiting > 0
                  ? html`<div class="actions">
                      <button class="primary" type="button" data-send @click=${this.#onSend}>
                        ${this.#t('send', { count: waiting })}
                      </button>
                      <span class="hint">${this.#t('confirmNote')}</span>
                    </div>`
                  : nothing
              }
            </section>`
          : nothing
      }
      ${this.#renderStored()}`
  }

  #renderSummary(prepared: PreparedImage | undefined): TemplateResult | typeof nothing {
    if (!prepared) return nothing
    if (prepared.where === 'server') return html`<p class="hint" data-summary>${this.#t('summaryServer')}</p>`
    if (prepared.removed.length === 0)
      return html`<p class="hint" data-summary>${this.#t('summaryNothing')}</p>`
    const shown = prepared.removed.slice(0, 8)
    const more = prepared.removed.length - shown.length
    const list = shown.join(', ') + (more > 0 ? ` ${this.#t('summaryMore', { count: more })}` : '')
    return html`<p class="hint" data-summary>${this.#t('summaryBrowser', { list })}</p>
      ${prepared.warnings.map((w) => html`<p class="error">${w}</p>`)}`
  }

  #renderItem(item: QueueItem): TemplateResult {
    const total = item.prepared?.body.size ?? item.size
    const percent = total > 0 ? Math.floor((item.loaded / total) * 100) : 0
    const label = this.#t(`state.${item.state}` as UploadMessageKey, { percent })
    const name = item.name
    return html`<li class="card" part="file" data-file=${item.id} data-state=${item.state}>
      <div class="row">
        <span class="name">${name}</span>
        <span class="badge">${label}</span>
      </div>
      <span class="meta">${item.kind ? `${this.#kind(item.kind)} · ` : ''}${this.#size(item.size)}</span>
      ${item.state === 'waiting' || item.state === 'queued' ? this.#renderSummary(item.prepared) : nothing}
      ${
        item.state === 'uploading'
          ? html`<progress
              part="progress"
              max="100"
              .value=${percent}
              aria-label=${this.#t('progressFor', { name })}
            ></progress>`
          : nothing
      }
      ${item.error ? html`<p class="error" data-error>${item.error}</p>` : nothing}
      ${item.detail ? html`<p class="hint" data-detail>${item.detail}</p>` : nothing}
      ${this.#renderItemActions(item)}
    </li>`
  }

  #renderItemActions(item: QueueItem): TemplateResult | typeof nothing {
    const forName = html`<span class="visually-hidden">${this.#t('fileActions', { name: item.name })}</span>`
    const buttons: TemplateResult[] = []
    if (item.state === 'uploading' || item.state === 'queued')
      buttons.push(
        html`<button type="button" data-cancel @click=${() => this.#cancel(item.id)}>
          ${this.#t('cancel')} ${forName}
        </button>`
      )
    if ((item.state === 'failed' || item.state === 'cancelled') && item.prepared)
      buttons.push(
        html`<button type="button" data-retry @click=${() => this.#retry(item.id)}>
          ${this.#t('retry')} ${forName}
        </button>`
      )
    if (['waiting', 'failed', 'cancelled', 'rejected', 'stored'].includes(item.state))
      buttons.push(
        html`<button type="button" data-remove @click=${() => this.#remove(item.id)}>
          ${this.#t('remove')} ${forName}
        </button>`
      )
    return buttons.length ? html`<div class="actions">${buttons}</div>` : nothing
  }

  #renderAnalysis(image: StoredImage, time: string): TemplateResult | typeof nothing {
    const analysis = image.analysis
    const problem = this.analysisProblems.get(image.id)
    const problemText = problem
      ? html`<p class="error" data-analysis-problem>${this.#t(problem)}</p>`
      : nothing
    if (!analysis) return problemText
    const kind = this.#kind(image.contentType)
    const step = ANALYSIS_STAGES.indexOf(analysis.status)
    const stage = this.#t(`analysis.${analysis.status}` as UploadMessageKey)
    const forImage = html`<span class="visually-hidden">${this.#t('analysisFor', { kind, time })}</span>`
    return html`<div
      class="analysis"
      part="analysis"
      tabindex="-1"
      data-analysis=${analysis.id}
      data-status=${analysis.status}
    >
      <div class="row">
        <span class="analysis-title">${this.#t('analysisTitle')}</span>
        <span class="badge" data-stage>${stage}</span>
      </div>
      ${
        step >= 0
          ? html`<div
              class="track"
              part="analysis-progress"
              role="progressbar"
              aria-label=${this.#t('analysisProgressFor', { kind, time })}
              aria-valuemin="0"
              aria-valuemax=${ANALYSIS_STAGES.length - 1}
              aria-valuenow=${step}
              aria-valuetext=${this.#t('analysisStep', { stage, step: step + 1, steps: ANALYSIS_STAGES.length })}
              data-step=${step}
            >
              <span class="bar"></span>
            </div>`
          : nothing
      }
      ${analysis.status === 'done' ? this.#renderResult(analysis) : nothing}
      ${
        analysis.status === 'failed'
          ? html`<p class="error" data-analysis-error>${this.#t('analysisFailed')}</p>
              ${analysis.error ? html`<p class="hint" data-analysis-reason>${analysis.error}</p>` : nothing}`
          : nothing
      }
      ${analysis.status === 'purged' ? html`<p class="hint" data-analysis-error>${this.#t('analysisPurged')}</p>` : nothing}
      ${
        this.lost.has(image.id) && !isFinished(analysis)
          ? html`<p class="hint" data-analysis-lost>${this.#t('analysisLost')}</p>
              <div class="actions">
                <button type="button" data-analysis-check @click=${() => this.#follow(image.id, analysis)}>
                  ${this.#t('analysisCheck')} ${forImage}
                </button>
              </div>`
          : nothing
      }
      ${problemText}
      ${
        analysis.status === 'failed'
          ? html`<div class="actions">
              <button
                type="button"
                data-reanalyse
                aria-disabled=${this.reanalysing.has(image.id) ? 'true' : 'false'}
                @click=${() => this.#reanalyse(image)}
              >
                ${this.#t('reanalyse')} ${forImage}
              </button>
            </div>`
          : nothing
      }
    </div>`
  }

  #renderResult(analysis: Analysis): TemplateResult {
    const findings = this.#findings(analysis.summary)
    const { name, version } = analysis.model
    return html`<div class="result" part="analysis-summary" data-analysis-summary>
      ${
        findings.length > 0
          ? html`<ul class="findings">
              ${findings.map((line) => html`<li>${line}</li>`)}
            </ul>`
          : nothing
      }
      ${name ? html`<p class="hint" data-model>${this.#t('resultModel', { name, version })}</p>` : nothing}
      <p class="hint">${this.#t('resultNote')}</p>
    </div>`
  }

  #renderStored(): TemplateResult {
    return html`<section aria-labelledby="stored-title" data-section="stored">
      ${this.#heading(this.#t('listTitle'), 1, 'stored-title', true)}
      <p class="hint">${this.#t('listIntro')}</p>
      ${
        this.listError
          ? html`<p class="error">${this.#t('listFailed')}</p>`
          : this.stored.length === 0
            ? html`<p data-stored-none>${this.#t('listEmpty')}</p>`
            : html`<ul class="plain" part="list">
                ${this.stored.map((image) => {
                  const left = this.countdown(image.expiresAt)
                  const time = this.#time(image.uploadedAt)
                  const [before = '', after = ''] = this.#t('countdown', { hhmm: '\u0000' }).split('\u0000')
                  return html`<li class="card" data-stored=${image.id}>
                    <div class="row">
                      <span class="name">${this.#kind(image.contentType)}</span>
                      <span class="countdown" part="countdown">
                        <span aria-hidden="true"
                          >${before}<time datetime=${left.iso}>${left.hhmm}</time>${after}</span
                        >
                        <span class="visually-hidden"
                          >${this.#t('countdownLong', { hours: left.hours, minutes: left.minutes })}</span
                        >
                      </span>
                    </div>
                    <span class="meta"
                      >${this.#size(image.size)}${time ? ` · ${this.#t('sentAt', { time })}` : ''}</span
                    >
                    ${this.#renderAnalysis(image, time)}
                    <div class="actions">
                      <button
                        type="button"
                        data-delete
                        aria-disabled=${this.deleting.has(image.id) ? 'true' : 'false'}
                        @click=${() => this.#delete(image)}
                      >
                        ${this.#t('deleteNow')}
                        <span class="visually-hidden"
                          >${this.#t('deleteLabel', { kind: this.#kind(image.contentType), time })}</span
                        >
                      </button>
                    </div>
                  </li>`
                })}
              </ul>`
      }
    </section>`
  }
}

defineElement(UPLOAD_TAG, TesseraUpload)

declare global {
  interface HTMLElementTagNameMap {
    'tessera-upload': TesseraUpload
  }
}
