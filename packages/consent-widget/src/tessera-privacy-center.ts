import { css, html, nothing } from 'lit'
import type { PropertyValues, TemplateResult } from 'lit'
import { property, state } from 'lit/decorators.js'
import {
  applyTheme,
  clientForRuntime,
  defineElement,
  getRuntime,
  hasTheme,
  isRefusal,
  isTesseraApiError,
  memberSession,
  msg,
  NOT_CONFIGURED_PROBLEM,
  TesseraElement,
} from '@tessera/widget-core'
import type {
  Locale,
  MemberSessionStore,
  MessageKey,
  TesseraReadyDetail,
  TesseraRuntime,
  WidgetConfig,
} from '@tessera/widget-core'
import { MembersApi } from './members/api.js'
import type { MemberPurpose, Purpose } from './members/api.js'
import { countryOptions } from './members/countries.js'
import { currentReturnUrl } from './members/links.js'
import { exchangeLink, PLAIN_EMAIL, problemOf, statusOf, typeIs } from './members/sign-in.js'
import { CORRECTABLE, PrivacyApi } from './privacy-center/api.js'
import type {
  CorrectableField,
  Corrections,
  ExportFormat,
  MemberData,
  NewRequest,
  PrivacyRequest,
} from './privacy-center/api.js'
import { hasMessage, pmsg } from './privacy-center/messages.js'
import type { PrivacyMessageKey } from './privacy-center/messages.js'

export const PRIVACY_CENTER_TAG = 'tessera-privacy-center'

export interface TesseraPrivacyCenterReadyDetail extends TesseraReadyDetail {
  signedIn: boolean
}

export interface TesseraRequestCreatedDetail {
  id: string
  type: string
  status: string
}

type View = 'signed-out' | 'inbox' | 'signed-in'
type FormName = 'sign-in' | 'rectify' | 'review' | 'inquiry'
/** Where an action's outcome is shown (next to the control that started it). */
type Outcome = { where: string; text: string; error: boolean }

const FORM_FIELDS: Record<Exclude<FormName, 'sign-in'>, (field: string) => string | undefined> = {
  rectify: (field) => {
    const name = /^corrections\.(\w+)$/.exec(field)?.[1]
    return name && (CORRECTABLE as readonly string[]).includes(name) ? `rc-${name}` : undefined
  },
  review: (field) => (field === 'reference' || field === 'message' ? `hr-${field}` : undefined),
  inquiry: (field) =>
    field === 'subject' || field === 'message'
      ? `iq-${field}`
      : field === 'kind'
        ? 'iq-kind-inquiry'
        : undefined,
}

const REQUIRED_PROFILE: readonly CorrectableField[] = ['firstName', 'lastName', 'nationality', 'email']

/**
 * `<tessera-privacy-center>`: the signed-in member's privacy page. Shows the data held about them
 * (profile, consent history, policy notices, uploads, requests) and lets them use every right with one
 * control each: correct, download (JSON, CSV), pause processing, object, withdraw consent, ask for a human
 * review, write to the privacy officer, delete the account (confirmed in a dialog). A banner says when
 * processing is paused and why; rejections and the footer name the supervisory authority to complain to.
 *
 * Signed out it offers sign-in by e-mail link. It follows the member session every Tessera element on the
 * page shares: signing in with `<tessera-consent>` shows the privacy center at once.
 *
 * @attr heading-level - level of the element's main heading in the page outline, 1–6 (default 2)
 * @attr lang - language to render in (else the page's, else the tenant default)
 * @fires tessera-ready - `{ tenantId, locale, signedIn }` once the first view is shown (and per locale)
 * @fires tessera-error - `{ status, type, title }` when refused (401/403/CORS), failed, or an action failed
 * @fires tessera-request-created - `{ id, type, status }` after the API accepted a privacy request
 * @csspart base - the wrapper
 * @csspart restriction - the banner shown while processing is paused
 * @csspart section - each section (profile, consents, notices, uploads, requests, rights, authorities)
 * @csspart form - every form (sign-in, correction, review, message to the officer)
 * @csspart purpose - one purpose in the consents section
 * @csspart request - one request in the requests list
 * @csspart dialog - the account deletion confirmation
 * @csspart danger - the account deletion controls
 * @csspart status - status and outcome messages
 * @cssprop --tessera-color-primary / --tessera-color-accent / --tessera-color-text
 * @cssprop --tessera-color-background / --tessera-font-family / --tessera-radius
 * @cssprop --tessera-color-danger - the deletion controls and error messages (default #b3261e)
 */
export class TesseraPrivacyCenter extends TesseraElement {
  static override styles = [
    ...TesseraElement.styles,
    css`
      .base {
        display: grid;
        gap: 1.25rem;
        padding: 1rem 1.25rem;
        border: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 15%, transparent);
      }
      .view,
      form,
      section {
        display: grid;
        gap: 0.75rem;
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
      .minor {
        margin: 0;
        font-size: 1rem;
        font-weight: 600;
      }
      [role='heading']:focus {
        outline: none;
      }
      p,
      dl,
      dd {
        margin: 0;
      }
      section {
        padding-top: 1rem;
        border-top: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 12%, transparent);
      }
      dl {
        display: grid;
        grid-template-columns: minmax(8rem, max-content) 1fr;
        gap: 0.25rem 1rem;
      }
      dt {
        font-weight: 600;
      }
      ul.plain {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.75rem;
      }
      .card {
        display: grid;
        gap: 0.375rem;
        padding: 0.75rem 1rem;
        border: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 18%, transparent);
        border-radius: var(--tessera-radius, 8px);
      }
      .title {
        font-weight: 600;
      }
      .hint,
      .history {
        font-size: 0.9375rem;
        opacity: 0.85;
      }
      .history ul {
        margin: 0;
        padding-inline-start: 1.25rem;
      }
      .badge {
        display: inline-block;
        padding: 0 0.5rem;
        border-radius: 999px;
        border: 1px solid currentColor;
        font-size: 0.875rem;
        font-weight: 600;
      }
      .restriction {
        padding: 0.75rem 1rem;
        border-inline-start: 4px solid #8a5a00;
        background: color-mix(in srgb, #f2b300 14%, transparent);
        border-radius: var(--tessera-radius, 8px);
        display: grid;
        gap: 0.25rem;
      }
      .notice,
      .outcome {
        padding: 0.5rem 0.75rem;
        border-inline-start: 4px solid var(--tessera-color-accent, #00a37a);
        background: color-mix(in srgb, var(--tessera-color-accent, #00a37a) 8%, transparent);
        border-radius: var(--tessera-radius, 8px);
      }
      .outcome.error,
      .form-error {
        border-inline-start: 4px solid var(--tessera-color-danger, #b3261e);
        background: color-mix(in srgb, var(--tessera-color-danger, #b3261e) 7%, transparent);
        color: var(--tessera-color-danger, #b3261e);
        font-weight: 600;
        padding: 0.5rem 0.75rem;
        border-radius: var(--tessera-radius, 8px);
      }
      .field {
        display: grid;
        gap: 0.25rem;
      }
      .fields {
        display: grid;
        gap: 0.75rem;
        grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
      }
      label,
      legend {
        font-weight: 600;
      }
      fieldset {
        margin: 0;
        padding: 0.5rem 0.75rem 0.75rem;
        border: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 20%, transparent);
        border-radius: var(--tessera-radius, 8px);
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1.25rem;
      }
      .radio {
        display: flex;
        gap: 0.375rem;
        align-items: center;
        font-weight: 400;
      }
      input[type='text'],
      input[type='email'],
      select,
      textarea {
        font: inherit;
        color: inherit;
        width: 100%;
        padding: 0.4375rem 0.5rem;
        border: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 45%, transparent);
        border-radius: var(--tessera-radius, 8px);
        background: var(--tessera-color-background, #ffffff);
      }
      textarea {
        min-block-size: 6rem;
        resize: vertical;
      }
      [aria-invalid='true'] {
        border-color: var(--tessera-color-danger, #b3261e);
        box-shadow: 0 0 0 1px var(--tessera-color-danger, #b3261e);
      }
      .field-error {
        color: var(--tessera-color-danger, #b3261e);
        font-weight: 600;
      }
      .panel {
        padding: 0.75rem 1rem 1rem;
        border: 2px solid var(--tessera-color-primary, #0b5fff);
        border-radius: var(--tessera-radius, 8px);
      }
      .row,
      .actions {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1rem;
      }
      .row {
        justify-content: space-between;
      }
      button {
        font: inherit;
        padding: 0.4375rem 1rem;
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
      button.danger {
        border-color: var(--tessera-color-danger, #b3261e);
        color: var(--tessera-color-danger, #b3261e);
      }
      button.danger.primary {
        background: var(--tessera-color-danger, #b3261e);
        color: var(--tessera-color-background, #ffffff);
      }
      button[aria-disabled='true'] {
        opacity: 0.65;
        cursor: progress;
      }
      button:focus-visible,
      input:focus-visible,
      select:focus-visible,
      textarea:focus-visible {
        outline: 2px solid var(--tessera-color-accent, #00a37a);
        outline-offset: 2px;
      }
      .danger-zone {
        padding: 0.75rem 1rem;
        border: 1px solid var(--tessera-color-danger, #b3261e);
        border-radius: var(--tessera-radius, 8px);
        display: grid;
        gap: 0.5rem;
      }
      dialog {
        max-inline-size: min(34rem, calc(100vw - 2rem));
        padding: 1.25rem;
        border: 0;
        border-radius: var(--tessera-radius, 8px);
        color: var(--tessera-color-text, #1b1f24);
        background: var(--tessera-color-background, #ffffff);
        font-family: var(--tessera-font-family, system-ui, sans-serif);
        line-height: 1.5;
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 45%);
      }
      dialog[open] {
        display: grid;
        gap: 0.75rem;
      }
    `,
  ]

  /** Level of the element's main heading in the page outline (1–6). */
  @property({ attribute: 'heading-level', type: Number }) headingLevel = 2

  @state() private view: View = 'signed-out'
  @state() private data: MemberData | undefined
  @state() private requests: PrivacyRequest[] = []
  /** The disclosure panel that is open, if any. */
  @state() private open: 'rectify' | 'review' | 'inquiry' | undefined
  /** Field errors by control id. */
  @state() private fieldErrors: Partial<Record<string, string>> = {}
  @state() private formError: { form: FormName; text: string } | undefined
  @state() private outcome: Outcome | undefined
  /** Controls with a call on its way (by key). */
  @state() private busy: ReadonlySet<string> = new Set()
  @state() private notice = ''
  @state() private inboxEmail = ''
  /** Text of the polite live region. */
  @state() private announcement = ''

  #members: MembersApi | undefined
  #privacy: PrivacyApi | undefined
  #store: MemberSessionStore | undefined
  #unsubscribe: (() => void) | undefined
  #session: string | undefined
  #startedFor: Locale | undefined
  #run = 0
  #readyAnnounced: string | undefined
  #focusAfter: string | undefined

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
    this.#store = undefined
    this.#startedFor = undefined
    this.#run++
  }

  override connectedCallback(): void {
    super.connectedCallback()
    if (this.hasUpdated && this.config) this.requestUpdate()
  }

  #t(key: PrivacyMessageKey, params?: Record<string, string | number>): string {
    return pmsg(this.locale, key, params)
  }

  #level(offset = 0): number {
    const n = Math.trunc(Number(this.headingLevel))
    return Math.min(6, Math.max(1, (Number.isFinite(n) ? n : 2) + offset))
  }

  #runtime(): Partial<TesseraRuntime> | undefined {
    return (this.runtime ?? getRuntime(this)) as Partial<TesseraRuntime> | undefined
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed)
    if (!this.config || !this.isConnected) return
    if (this.#startedFor === undefined) {
      this.#startedFor = this.locale
      void this.#begin()
    } else if (this.#startedFor !== this.locale) {
      this.#startedFor = this.locale
      if (this.state === 'loading') void this.#begin()
      else if (this.#prepare() && this.view === 'signed-in') void this.#refresh()
    }
  }

  #prepare(): boolean {
    const runtime = this.#runtime()
    const client = clientForRuntime(runtime)
    if (!client || !runtime?.key) {
      this.problem = { status: 0, type: NOT_CONFIGURED_PROBLEM, title: 'Tessera is not configured' }
      this.state = 'error'
      return false
    }
    this.#members = new MembersApi(client, this.locale)
    this.#privacy = new PrivacyApi(client, this.locale, runtime.fetch)
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
    const store = this.#store as MemberSessionStore
    const link = await exchangeLink(this.#members as MembersApi)
    if (run !== this.#run) return
    if (link.grant) {
      this.#session = link.grant.session
      store.set(link.grant.session)
    }
    if (link.announcement) this.announcement = msg(this.locale, link.announcement)
    const session = link.grant?.session ?? store.get()
    this.#session = session
    if (!session) {
      this.#signedOut(link.notice ? msg(this.locale, link.notice) : '')
      return
    }
    try {
      await this.#load(session, run)
      if (run !== this.#run) return
      this.view = 'signed-in'
      this.notice = ''
      this.state = 'ready'
    } catch (error) {
      if (run !== this.#run) return
      if (statusOf(error) === 401) this.#sessionEnded()
      else {
        this.problem = problemOf(error)
        this.state = isRefusal(error) ? 'refused' : 'error'
      }
    }
  }

  async #load(session: string, run: number): Promise<void> {
    const privacy = this.#privacy as PrivacyApi
    const [data, requests] = await Promise.all([privacy.data(session), privacy.requests(session)])
    if (run !== this.#run) return
    this.data = data
    this.requests = requests
  }

  /** Loads the data again after an action (or a locale change), keeping the view. */
  async #refresh(): Promise<void> {
    const session = this.#session
    if (!session) return
    try {
      await this.#load(session, this.#run)
    } catch (error) {
      if (statusOf(error) === 401) this.#sessionEnded()
    }
  }

  #signedOut(notice: string): void {
    this.data = undefined
    this.requests = []
    this.open = undefined
    this.view = 'signed-out'
    this.notice = notice
    this.state = 'ready'
  }

  #sessionEnded(): void {
    this.#session = undefined
    this.#store?.clear()
    this.#signedOut(this.#t('sessionEnded'))
  }

  #emit(type: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }))
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.state === 'ready' && this.config) {
      if (!hasTheme(this.ownerDocument)) applyTheme(this.ownerDocument, this.config.branding)
      const detail: TesseraPrivacyCenterReadyDetail = {
        tenantId: this.config.tenant.id,
        locale: this.locale,
        signedIn: this.view === 'signed-in',
      }
      const once = `${detail.tenantId}|${detail.locale}|${detail.signedIn}`
      if (this.#readyAnnounced !== once) {
        this.#readyAnnounced = once
        this.#emit('tessera-ready', detail)
      }
      if (this.#focusAfter) {
        const target = this.renderRoot.querySelector<HTMLElement>(this.#focusAfter)
        this.#focusAfter = undefined
        target?.focus()
      }
    } else {
      super.updated(changed)
    }
  }

  #focusSoon(selector: string): void {
    this.#focusAfter = selector
    this.requestUpdate()
  }

  #setBusy(key: string, on: boolean): void {
    const next = new Set(this.busy)
    if (on) next.add(key)
    else next.delete(key)
    this.busy = next
  }

  #say(where: string, text: string, error = false): void {
    this.outcome = { where, text, error }
    this.announcement = text
  }

  // ---------------------------------------------------------------- signed out

  #onSignIn = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault()
    if (this.busy.has('sign-in') || !this.#members) return
    const email = String(new FormData(event.target as HTMLFormElement).get('email') ?? '').trim()
    if (!email || !PLAIN_EMAIL.test(email)) {
      this.#showFieldErrors('sign-in', {
        'si-email': msg(this.locale, email ? 'consent.emailInvalid' : 'consent.fieldMissing'),
      })
      return
    }
    this.#clearErrors()
    this.#setBusy('sign-in', true)
    const run = this.#run
    try {
      await this.#members.requestLink(email, currentReturnUrl())
      if (run !== this.#run) return
      this.inboxEmail = email
      this.view = 'inbox'
      this.announcement = msg(this.locale, 'consent.inboxTitle')
      this.#focusSoon('#view-heading')
    } catch (error) {
      if (run !== this.#run) return
      this.#formFailed('sign-in', error, (field) => (field === 'email' ? 'si-email' : undefined))
    } finally {
      this.#setBusy('sign-in', false)
    }
  }

  // ---------------------------------------------------------------- forms and requests

  #clearErrors(): void {
    this.fieldErrors = {}
    this.formError = undefined
  }

  #showFieldErrors(form: FormName, errors: Record<string, string>, text = this.#t('fixErrors')): void {
    this.fieldErrors = errors
    this.formError = { form, text }
    this.announcement = text
    this.#focusSoon(`form[data-form="${form}"] [aria-invalid="true"]`)
  }

  #formFailed(form: FormName, error: unknown, fieldFor: (field: string) => string | undefined): void {
    this.#emit('tessera-error', problemOf(error))
    if (statusOf(error) === 422 && isTesseraApiError(error) && error.errors.length) {
      const errors: Record<string, string> = {}
      const rest: string[] = []
      for (const e of error.errors) {
        const id = fieldFor(e.field)
        if (id)
          errors[id] ??= e.rule === 'required' ? this.#t('fieldMissing') : e.message || this.#t('fixErrors')
        else rest.push(e.message)
      }
      const summary = [this.#t('fixErrors'), ...rest].join(' ')
      if (Object.keys(errors).length) return this.#showFieldErrors(form, errors, summary)
      return this.#showFormError(form, summary)
    }
    this.#showFormError(form, msg(this.locale, isRefusal(error) ? 'state.refused' : 'consent.actionFailed'))
  }

  #showFormError(form: FormName, text: string): void {
    this.formError = { form, text }
    this.announcement = text
    this.#focusSoon(`#${form}-error`)
  }

  /**
   * Sends one privacy request. Resolves to the created request, or undefined after showing the failure
   * (on the form's fields, or next to the control `where`).
   */
  async #send(
    request: NewRequest,
    where: string,
    form?: Exclude<FormName, 'sign-in'>
  ): Promise<PrivacyRequest | undefined> {
    const session = this.#session
    if (!session || !this.#privacy || this.busy.has(where)) return undefined
    this.#setBusy(where, true)
    this.outcome = undefined
    this.announcement = this.#t('sending')
    const run = this.#run
    try {
      const created = await this.#privacy.create(session, request)
      if (run !== this.#run) return undefined
      this.#emit('tessera-request-created', {
        id: created.id,
        type: created.type || request.type,
        status: created.status,
      } satisfies TesseraRequestCreatedDetail)
      void this.#refresh()
      return created
    } catch (error) {
      if (run !== this.#run) return undefined
      if (statusOf(error) === 401) {
        this.#emit('tessera-error', problemOf(error))
        this.#sessionEnded()
        return undefined
      }
      if (form) {
        this.#formFailed(form, error, FORM_FIELDS[form])
      } else {
        this.#emit('tessera-error', problemOf(error))
        const erase = request.type === 'erase' && (statusOf(error) === 409 || typeIs(error, 'request-open'))
        this.#say(where, erase ? this.#t('deleteAlreadyOpen') : this.#t('actionFailed'), true)
      }
      return undefined
    } finally {
      this.#setBusy(where, false)
    }
  }

  #toggle(panel: 'rectify' | 'review' | 'inquiry'): void {
    const opening = this.open !== panel
    this.open = opening ? panel : undefined
    this.#clearErrors()
    this.#focusSoon(opening ? `#${panel}-heading` : `#${panel}-open`)
  }

  #onInput(event: Event): void {
    const id = (event.target as HTMLElement).id
    if (this.fieldErrors[id]) {
      const rest = { ...this.fieldErrors }
      delete rest[id]
      this.fieldErrors = rest
    }
  }

  #onRectify = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault()
    const profile = this.data?.profile
    if (!profile) return
    const form = new FormData(event.target as HTMLFormElement)
    const corrections: Corrections = {}
    const errors: Record<string, string> = {}
    for (const field of CORRECTABLE) {
      const value = String(form.get(field) ?? '').trim()
      const current = (profile[field] ?? '').trim()
      if (value === current) continue
      if (!value && REQUIRED_PROFILE.includes(field)) errors[`rc-${field}`] = this.#t('fieldMissing')
      else if (field === 'email' && !PLAIN_EMAIL.test(value))
        errors[`rc-${field}`] = msg(this.locale, 'consent.emailInvalid')
      else corrections[field] = value
    }
    if (Object.keys(errors).length) return this.#showFieldErrors('rectify', errors)
    if (!Object.keys(corrections).length) return this.#showFormError('rectify', this.#t('correctNothing'))
    this.#clearErrors()
    const created = await this.#send({ type: 'rectify', corrections }, 'rectify', 'rectify')
    if (!created) return
    this.open = undefined
    this.#say('rectify', this.#t('correctSent'))
    this.#focusSoon('#rectify-open')
  }

  #onReview = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    const reference = String(form.get('reference') ?? '').trim()
    const message = String(form.get('message') ?? '').trim()
    if (!reference) return this.#showFieldErrors('review', { 'hr-reference': this.#t('fieldMissing') })
    this.#clearErrors()
    const created = await this.#send(
      { type: 'human_review', reference, ...(message ? { message } : {}) },
      'review',
      'review'
    )
    if (!created) return
    this.open = undefined
    this.#say('review', this.#t('reviewDone'))
    this.#focusSoon('#review-open')
  }

  #onInquiry = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    const kind = form.get('kind') === 'complaint' ? 'complaint' : 'inquiry'
    const subject = String(form.get('subject') ?? '').trim()
    const message = String(form.get('message') ?? '').trim()
    const errors: Record<string, string> = {}
    if (!subject) errors['iq-subject'] = this.#t('fieldMissing')
    if (!message) errors['iq-message'] = this.#t('fieldMissing')
    if (Object.keys(errors).length) return this.#showFieldErrors('inquiry', errors)
    this.#clearErrors()
    const created = await this.#send({ type: 'inquiry', subject, message, kind }, 'inquiry', 'inquiry')
    if (!created) return
    this.open = undefined
    this.#say('inquiry', this.#t('officerDone'))
    this.#focusSoon('#inquiry-open')
  }

  async #restrict(): Promise<void> {
    if (await this.#send({ type: 'restrict' }, 'restrict')) this.#say('restrict', this.#t('restrictDone'))
  }

  async #object(p: Purpose): Promise<void> {
    const where = `object-${p.key}`
    if (await this.#send({ type: 'object', purpose: p.key }, where))
      this.#say(where, this.#t('objectSent', { title: p.title }))
  }

  async #objectMarketing(): Promise<void> {
    if (await this.#send({ type: 'object', purpose: 'marketing' }, 'object-marketing'))
      this.#say('object-marketing', this.#t('objectMarketingDone'))
  }

  async #withdraw(p: MemberPurpose): Promise<void> {
    const where = `consent-${p.key}`
    if (await this.#send({ type: 'withdraw_consent', purpose: p.key }, where))
      this.#say(where, this.#t('withdrawn', { title: p.title }))
  }

  async #give(p: MemberPurpose): Promise<void> {
    const where = `consent-${p.key}`
    const session = this.#session
    const policyVersion = this.data?.consents.policyVersion
    if (!session || !this.#members || !policyVersion || this.busy.has(where)) return
    this.#setBusy(where, true)
    this.outcome = undefined
    try {
      await this.#members.decide(session, { purpose: p.key, action: 'grant', policyVersion })
      this.#say(where, this.#t('given', { title: p.title }))
      void this.#refresh()
    } catch (error) {
      this.#emit('tessera-error', problemOf(error))
      if (statusOf(error) === 401) return this.#sessionEnded()
      this.#say(
        where,
        typeIs(error, 'policy-changed') ? msg(this.locale, 'consent.policyChanged') : this.#t('actionFailed'),
        true
      )
      if (typeIs(error, 'policy-changed')) void this.#refresh()
    } finally {
      this.#setBusy(where, false)
    }
  }

  async #export(format: ExportFormat): Promise<void> {
    const where = `export-${format}`
    const session = this.#session
    if (!session || !this.#privacy || this.busy.has(where)) return
    this.#setBusy(where, true)
    this.outcome = undefined
    this.announcement = this.#t('exportPreparing')
    try {
      const { blob, name } = await this.#privacy.export(session, format)
      const url = URL.createObjectURL(blob)
      const a = document.createElement('a')
      a.href = url
      a.download = name
      a.hidden = true
      this.renderRoot.appendChild(a)
      try {
        a.click()
      } finally {
        a.remove()
        URL.revokeObjectURL(url)
      }
      this.#say('export', this.#t('exportDone'))
    } catch (error) {
      this.#emit('tessera-error', problemOf(error))
      if (statusOf(error) === 401) return this.#sessionEnded()
      this.#say('export', this.#t('actionFailed'), true)
    } finally {
      this.#setBusy(where, false)
    }
  }

  // ---------------------------------------------------------------- deletion dialog

  #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector<HTMLDialogElement>('#erase-dialog')
  }

  #openErase(): void {
    const dialog = this.#dialog()
    if (!dialog || dialog.open) return
    this.outcome = undefined
    dialog.showModal()
    dialog.querySelector<HTMLElement>('#erase-cancel')?.focus()
  }

  #closeErase(): void {
    const dialog = this.#dialog()
    if (dialog?.open) dialog.close()
  }

  /** Closed by any means (Cancel, Escape, after sending): focus goes back to the button that opened it. */
  #onDialogClose = (): void => {
    this.renderRoot.querySelector<HTMLElement>('#erase-open')?.focus()
  }

  /** Keeps Tab and Shift+Tab inside the dialog. */
  #onDialogKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Tab') return
    const dialog = event.currentTarget as HTMLDialogElement
    const focusable = [
      ...dialog.querySelectorAll<HTMLElement>('button, [href], input, select, textarea'),
    ].filter((el) => !el.hasAttribute('disabled'))
    const first = focusable[0]
    const last = focusable[focusable.length - 1]
    if (!first || !last) return
    const active = (this.renderRoot as ShadowRoot).activeElement
    if (event.shiftKey && (active === first || !dialog.contains(active))) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && (active === last || !dialog.contains(active))) {
      event.preventDefault()
      first.focus()
    }
  }

  async #confirmErase(): Promise<void> {
    const created = await this.#send({ type: 'erase' }, 'erase')
    this.#closeErase()
    if (created) this.#say('erase', this.#t('deleteDone'))
  }

  // ---------------------------------------------------------------- rendering helpers

  #heading(text: string, offset: number, id?: string, focusable = false): TemplateResult {
    return html`<div
      class=${offset === 0 ? 'heading' : offset === 1 ? 'subheading' : 'minor'}
      role="heading"
      aria-level=${this.#level(offset)}
      id=${id ?? nothing}
      tabindex=${focusable ? '-1' : nothing}
    >
      ${text}
    </div>`
  }

  #date(iso: string | null): string {
    const date = iso ? new Date(iso) : undefined
    return date && !Number.isNaN(date.getTime())
      ? new Intl.DateTimeFormat(this.locale, { dateStyle: 'long' }).format(date)
      : ''
  }

  #dateTime(iso: string | null): string {
    const date = iso ? new Date(iso) : undefined
    return date && !Number.isNaN(date.getTime())
      ? new Intl.DateTimeFormat(this.locale, { dateStyle: 'long', timeStyle: 'short' }).format(date)
      : ''
  }

  #label(key: string, fallback: string): string {
    return hasMessage(key) ? this.#t(key) : fallback
  }

  #country(code: string): string {
    return countryOptions(this.locale).find((c) => c.code === code)?.name ?? code
  }

  #basis(p: Purpose): string {
    if (p.consentBased)
      return msg(this.locale, p.specialCategory ? 'consent.basis.explicit' : 'consent.basis.consent')
    return msg(this.locale, `consent.basis.${p.lawfulBasis}` as MessageKey)
  }

  #describedBy(...ids: (string | false | undefined)[]): string | typeof nothing {
    const list = ids.filter((id): id is string => Boolean(id))
    return list.length ? list.join(' ') : nothing
  }

  #fieldError(id: string): TemplateResult | typeof nothing {
    const error = this.fieldErrors[id]
    return error ? html`<p class="field-error" id=${`${id}-error`}>${error}</p>` : nothing
  }

  #formErrorFor(form: FormName): TemplateResult | typeof nothing {
    return this.formError?.form === form
      ? html`<p class="form-error" id=${`${form}-error`} tabindex="-1" part="status">
          ${this.formError.text}
        </p>`
      : nothing
  }

  #outcomeFor(where: string): TemplateResult | typeof nothing {
    const o = this.outcome
    return o && o.where === where
      ? html`<p class=${o.error ? 'outcome error' : 'outcome'} part="status" data-outcome=${where}>
          ${o.text}
        </p>`
      : nothing
  }

  #input(
    id: string,
    name: string,
    label: string,
    options: { type?: string; value?: string; autocomplete?: string; required?: boolean; textarea?: boolean }
  ): TemplateResult {
    const error = this.fieldErrors[id]
    const control = options.textarea
      ? html`<textarea
          id=${id}
          name=${name}
          maxlength="5000"
          aria-required=${options.required ? 'true' : 'false'}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${this.#describedBy(error && `${id}-error`)}
          @input=${this.#onInput}
        ></textarea>`
      : html`<input
          id=${id}
          name=${name}
          type=${options.type ?? 'text'}
          value=${options.value ?? ''}
          autocomplete=${options.autocomplete ?? 'off'}
          maxlength=${options.type === 'email' ? 254 : 200}
          aria-required=${options.required ? 'true' : 'false'}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${this.#describedBy(error && `${id}-error`)}
          @input=${this.#onInput}
        />`
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${control} ${this.#fieldError(id)}
    </div>`
  }

  #button(
    key: string,
    label: string,
    onClick: () => void,
    options: { id?: string; cls?: string; describedBy?: string; expanded?: boolean; controls?: string } = {}
  ): TemplateResult {
    const busy = this.busy.has(key)
    return html`<button
      type="button"
      id=${options.id ?? nothing}
      class=${options.cls ?? nothing}
      data-action=${key}
      aria-describedby=${options.describedBy ?? nothing}
      aria-expanded=${options.expanded === undefined ? nothing : options.expanded ? 'true' : 'false'}
      aria-controls=${options.expanded ? (options.controls ?? nothing) : nothing}
      aria-disabled=${busy ? 'true' : 'false'}
      @click=${() => {
        if (!this.busy.has(key)) onClick()
      }}
    >
      ${busy ? this.#t('sending') : label}
    </button>`
  }

  #submit(form: FormName, label: string): TemplateResult {
    const busy = this.busy.has(form)
    return html`<button
      type="submit"
      class="primary"
      aria-disabled=${busy ? 'true' : 'false'}
      aria-describedby=${this.formError?.form === form ? `${form}-error` : nothing}
    >
      ${busy ? this.#t('sending') : label}
    </button>`
  }

  // ---------------------------------------------------------------- views

  protected renderReady(_config: WidgetConfig, locale: Locale): TemplateResult {
    const live = html`<p class="live visually-hidden" role="status" aria-live="polite">
      ${this.announcement}
    </p>`
    const notice = this.notice ? html`<p class="notice" part="status">${this.notice}</p>` : nothing
    const body =
      this.view === 'signed-in' && this.data
        ? this.#renderSignedIn(this.data, locale)
        : this.view === 'inbox'
          ? this.#renderInbox(locale)
          : this.#renderSignedOut(locale)
    return html`${live}${notice}${body}`
  }

  #renderSignedOut(locale: Locale): TemplateResult {
    const busy = this.busy.has('sign-in')
    return html`<div class="view" data-view="signed-out">
      ${this.#heading(this.#t('title'), 0, 'view-heading', true)}
      <p>${this.#t('signedOutIntro')}</p>
      <form
        part="form"
        data-form="sign-in"
        novalidate
        aria-labelledby="view-heading"
        @submit=${this.#onSignIn}
      >
        ${this.#formErrorFor('sign-in')}
        ${this.#input('si-email', 'email', msg(locale, 'consent.email'), {
          type: 'email',
          autocomplete: 'email',
          required: true,
        })}
        <div class="actions">
          <button type="submit" class="primary" aria-disabled=${busy ? 'true' : 'false'}>
            ${msg(locale, busy ? 'consent.sending' : 'consent.sendLink')}
          </button>
        </div>
      </form>
    </div>`
  }

  #renderInbox(locale: Locale): TemplateResult {
    return html`<div class="view" data-view="inbox" part="status">
      ${this.#heading(msg(locale, 'consent.inboxTitle'), 0, 'view-heading', true)}
      <p>${this.#t('inboxSignIn', { email: this.inboxEmail })}</p>
      <p class="hint">${msg(locale, 'consent.inboxHint')}</p>
      <div class="actions">
        <button type="button" class="inbox-back" @click=${() => this.#backToSignIn()}>
          ${msg(locale, 'consent.inboxBack')}
        </button>
      </div>
    </div>`
  }

  #backToSignIn(): void {
    this.view = 'signed-out'
    this.#clearErrors()
    this.#focusSoon('#view-heading')
  }

  #renderSignedIn(data: MemberData, locale: Locale): TemplateResult {
    return html`<div class="view" data-view="signed-in">
      ${this.#heading(this.#t('title'), 0, 'view-heading', true)}
      <p>${this.#t('intro')}</p>
      <p class="hint">${this.#t('signedInAs', { email: data.profile.email })}</p>
      ${
        data.restriction
          ? html`<div class="restriction" part="restriction" data-restriction>
              ${this.#heading(this.#t('restrictedTitle'), 1)}
              <p>${this.#t('restrictedBody', { reason: data.restriction })}</p>
            </div>`
          : nothing
      }
      ${this.#renderProfile(data, locale)} ${this.#renderConsents(data)} ${this.#renderNotices(data)}
      ${this.#renderUploads(data)} ${this.#renderRequests()} ${this.#renderRights(data)}
      ${this.#renderAuthorities(data)}
    </div>`
  }

  #renderProfile(data: MemberData, locale: Locale): TemplateResult {
    const p = data.profile
    const row = (label: PrivacyMessageKey, value: string) =>
      html`<dt>${this.#t(label)}</dt>
        <dd>${value || this.#t('notGiven')}</dd>`
    const open = this.open === 'rectify'
    return html`<section part="section" data-section="profile" aria-labelledby="profile-heading">
      ${this.#heading(this.#t('profileTitle'), 1, 'profile-heading')}
      <dl>
        ${row('field.firstName', p.firstName)} ${row('field.lastName', p.lastName)}
        ${row('field.company', p.company ?? '')}
        ${row('field.nationality', p.nationality ? this.#country(p.nationality) : '')}
        ${row('field.email', p.email)} ${row('field.locale', this.#label(`locale.${p.locale}`, p.locale))}
        ${row('field.status', this.#label(`status.${p.status}`, p.status))}
        ${row('field.createdAt', this.#date(p.createdAt))}
        ${row('field.lastActiveAt', this.#date(p.lastActiveAt))}
      </dl>
      <div class="actions">
        ${this.#button('rectify-toggle', this.#t('correct'), () => this.#toggle('rectify'), {
          id: 'rectify-open',
          expanded: open,
          controls: 'rectify-panel',
        })}
      </div>
      ${this.#outcomeFor('rectify')} ${open ? this.#renderRectify(data, locale) : nothing}
    </section>`
  }

  #renderRectify(data: MemberData, locale: Locale): TemplateResult {
    const p = data.profile
    const nationalityError = this.fieldErrors['rc-nationality']
    const localeError = this.fieldErrors['rc-locale']
    return html`<div class="panel" id="rectify-panel">
      <form
        part="form"
        data-form="rectify"
        novalidate
        aria-labelledby="rectify-heading"
        @submit=${this.#onRectify}
      >
        ${this.#heading(this.#t('correctTitle'), 2, 'rectify-heading', true)}
        <p class="notice" id="rectify-intro">${this.#t('correctIntro')}</p>
        ${this.#formErrorFor('rectify')}
        <div class="fields">
          ${this.#input('rc-firstName', 'firstName', this.#t('field.firstName'), {
            value: p.firstName,
            autocomplete: 'given-name',
            required: true,
          })}
          ${this.#input('rc-lastName', 'lastName', this.#t('field.lastName'), {
            value: p.lastName,
            autocomplete: 'family-name',
            required: true,
          })}
          ${this.#input('rc-company', 'company', this.#t('field.company'), {
            value: p.company ?? '',
            autocomplete: 'organization',
          })}
          <div class="field">
            <label for="rc-nationality">${this.#t('field.nationality')}</label>
            <select
              id="rc-nationality"
              name="nationality"
              aria-required="true"
              aria-invalid=${nationalityError ? 'true' : 'false'}
              aria-describedby=${this.#describedBy(nationalityError && 'rc-nationality-error')}
              @change=${this.#onInput}
            >
              ${countryOptions(locale).map(
                (c) => html`<option value=${c.code} ?selected=${c.code === p.nationality}>${c.name}</option>`
              )}
            </select>
            ${this.#fieldError('rc-nationality')}
          </div>
          ${this.#input('rc-email', 'email', this.#t('field.email'), {
            type: 'email',
            value: p.email,
            autocomplete: 'email',
            required: true,
          })}
          <div class="field">
            <label for="rc-locale">${this.#t('field.locale')}</label>
            <select
              id="rc-locale"
              name="locale"
              aria-invalid=${localeError ? 'true' : 'false'}
              aria-describedby=${this.#describedBy(localeError && 'rc-locale-error')}
              @change=${this.#onInput}
            >
              ${(['en', 'ko'] as const).map(
                (l) => html`<option value=${l} ?selected=${l === p.locale}>${this.#t(`locale.${l}`)}</option>`
              )}
            </select>
            ${this.#fieldError('rc-locale')}
          </div>
        </div>
        <div class="actions">
          ${this.#submit('rectify', this.#t('correctSubmit'))}
          <button type="button" class="cancel" @click=${() => this.#toggle('rectify')}>
            ${this.#t('cancel')}
          </button>
        </div>
      </form>
    </div>`
  }

  #renderConsents(data: MemberData): TemplateResult {
    const purposes = data.consents.purposes
    const consentBased = purposes.filter((p) => p.consentBased)
    const others = purposes.filter((p) => !p.consentBased)
    const marketing = purposes.find((p) => p.key === 'marketing')
    return html`<section part="section" data-section="consents" aria-labelledby="consents-heading">
      ${this.#heading(this.#t('consentsTitle'), 1, 'consents-heading')}
      <p class="hint">${this.#t('consentsIntro')}</p>
      <ul class="plain">
        ${consentBased.map((p) => this.#renderConsent(p, data))}
      </ul>
      ${
        marketing
          ? html`<div class="card" data-marketing>
              ${this.#heading(this.#t('marketingTitle'), 2, 'marketing-heading')}
              <p id="marketing-intro">${this.#t('marketingIntro')}</p>
              <div class="actions">
                ${this.#button(
                  'object-marketing',
                  this.#t('objectMarketing'),
                  () => void this.#objectMarketing(),
                  {
                    id: 'object-marketing',
                    describedBy: 'marketing-intro',
                  }
                )}
              </div>
              ${this.#outcomeFor('object-marketing')}
            </div>`
          : nothing
      }
      ${
        others.length
          ? html`${this.#heading(this.#t('otherBasesTitle'), 2, 'bases-heading')}
              <p class="hint">${this.#t('otherBasesIntro')}</p>
              <ul class="plain">
                ${others.map((p) => this.#renderOtherPurpose(p))}
              </ul>`
          : nothing
      }
    </section>`
  }

  #renderConsent(p: MemberPurpose, data: MemberData): TemplateResult {
    const id = `consent-${p.key}`
    const granted = p.state === 'granted'
    const history = data.ledger
      .filter((e) => e.targetKey === p.key && (e.targetType === 'purpose' || e.targetType === ''))
      .sort((a, b) => (a.occurredAt ?? '').localeCompare(b.occurredAt ?? '') || a.seq - b.seq)
    const state = msg(
      this.locale,
      p.state === 'granted'
        ? 'consent.state.granted'
        : p.state === 'withdrawn'
          ? 'consent.state.withdrawn'
          : p.state === 'denied'
            ? 'consent.state.denied'
            : 'consent.state.none',
      { date: this.#date(p.decidedAt) }
    )
    return html`<li class="card" part="purpose" data-purpose=${p.key} data-state=${p.state ?? 'none'}>
      ${this.#heading(p.title, 2, `${id}-title`)}
      ${p.description ? html`<span>${p.description}</span>` : nothing}
      <span class="hint">${msg(this.locale, 'consent.basisLabel')}: ${this.#basis(p)}</span>
      <div class="row">
        <span class="state" id=${`${id}-state`}><strong>${state}</strong></span>
        ${this.#button(
          id,
          msg(this.locale, granted ? 'consent.withdraw' : 'consent.give'),
          () => void (granted ? this.#withdraw(p) : this.#give(p)),
          { id: `${id}-toggle`, describedBy: `${id}-title ${id}-state` }
        )}
      </div>
      ${this.#outcomeFor(id)}
      <div class="history">
        ${this.#heading(this.#t('historyTitle'), 3)}
        ${
          history.length
            ? html`<ul>
                ${history.map((e) => {
                  const key = `history.${e.action}`
                  const date = this.#dateTime(e.occurredAt)
                  const text = hasMessage(key)
                    ? this.#t(key, { date })
                    : this.#t('history.other', { action: e.action, date })
                  return html`<li>
                    ${text}
                    ${e.policyVersion ? this.#t('historyVersion', { version: e.policyVersion }) : nothing}
                  </li>`
                })}
              </ul>`
            : html`<p>${this.#t('historyEmpty')}</p>`
        }
      </div>
    </li>`
  }

  #renderOtherPurpose(p: MemberPurpose): TemplateResult {
    const id = `object-${p.key}`
    return html`<li class="card" part="purpose" data-purpose=${p.key}>
      <span class="title" id=${`${id}-title`}>${p.title}</span>
      ${p.description ? html`<span>${p.description}</span>` : nothing}
      <span class="hint">${msg(this.locale, 'consent.basisLabel')}: ${this.#basis(p)}</span>
      ${
        p.lawfulBasis === 'legitimate_interests'
          ? html`<div class="actions">
                ${this.#button(id, this.#t('object'), () => void this.#object(p), {
                  id: `${id}-button`,
                  describedBy: `${id}-title`,
                })}
              </div>
              ${this.#outcomeFor(id)}`
          : nothing
      }
    </li>`
  }

  #renderNotices(data: MemberData): TemplateResult {
    return html`<section part="section" data-section="notices" aria-labelledby="notices-heading">
      ${this.#heading(this.#t('noticesTitle'), 1, 'notices-heading')}
      ${
        data.notices.length
          ? html`<ul>
              ${data.notices.map(
                (n) =>
                  html`<li>
                    ${this.#t('notice', {
                      version: n.version,
                      channel: this.#label(`channel.${n.channel}`, n.channel),
                      date: this.#date(n.queuedAt),
                    })}
                  </li>`
              )}
            </ul>`
          : html`<p>${this.#t('noticesEmpty')}</p>`
      }
    </section>`
  }

  #renderUploads(data: MemberData): TemplateResult {
    const uploads = data.uploads ?? []
    return html`<section part="section" data-section="uploads" aria-labelledby="uploads-heading">
      ${this.#heading(this.#t('uploadsTitle'), 1, 'uploads-heading')}
      <p>${this.#t('uploadsRule')}</p>
      ${
        uploads.length
          ? html`<ul>
              ${uploads.map(
                (u) =>
                  html`<li>
                    ${this.#t('upload', {
                      modality: u.modality || '—',
                      uploaded: this.#dateTime(u.uploadedAt),
                      expires: this.#dateTime(u.expiresAt),
                    })}
                  </li>`
              )}
            </ul>`
          : html`<p data-uploads-none>${this.#t('uploadsNone')}</p>`
      }
    </section>`
  }

  #renderRequests(): TemplateResult {
    return html`<section part="section" data-section="requests" aria-labelledby="requests-heading">
      ${this.#heading(this.#t('requestsTitle'), 1, 'requests-heading')}
      ${
        this.requests.length
          ? html`<ul class="plain">
              ${this.requests.map((r) => this.#renderRequest(r))}
            </ul>`
          : html`<p>${this.#t('requestsEmpty')}</p>`
      }
    </section>`
  }

  #renderRequest(r: PrivacyRequest): TemplateResult {
    const open = r.status !== 'completed' && r.status !== 'rejected'
    return html`<li class="card" part="request" data-request=${r.id} data-status=${r.status}>
      <div class="row">
        <span class="title">${this.#label(`type.${r.type}`, r.type)}</span>
        <span class="badge">${this.#label(`rstatus.${r.status}`, r.status)}</span>
      </div>
      <span>${this.#t('requestReceived', { date: this.#date(r.receivedAt) })}</span>
      ${open && r.dueAt ? html`<span class="due">${this.#t('requestDue', { date: this.#date(r.dueAt) })}</span>` : nothing}
      ${
        r.status === 'extended' && r.extensionReason
          ? html`<span>${this.#t('requestExtended', { reason: r.extensionReason })}</span>`
          : nothing
      }
      ${!open && r.resolvedAt ? html`<span>${this.#t('requestResolved', { date: this.#date(r.resolvedAt) })}</span>` : nothing}
      ${
        r.response
          ? html`<span class="response"
              >${this.#t(r.status === 'rejected' ? 'requestRejected' : 'requestResponse', { response: r.response })}</span
            >`
          : nothing
      }
      ${r.status === 'rejected' ? html`<span class="hint">${this.#t('requestComplain')}</span>` : nothing}
    </li>`
  }

  #renderRights(data: MemberData): TemplateResult {
    const officer = data.controller.officer
    const reviewOpen = this.open === 'review'
    const inquiryOpen = this.open === 'inquiry'
    return html`<section part="section" data-section="rights" aria-labelledby="rights-heading">
      ${this.#heading(this.#t('actionsTitle'), 1, 'rights-heading')}

      <div class="card" data-right="export">
        ${this.#heading(this.#t('exportTitle'), 2, 'export-heading')}
        <p id="export-intro">${this.#t('exportIntro')}</p>
        <div class="actions">
          ${this.#button('export-json', this.#t('exportJson'), () => void this.#export('json'), { id: 'export-json' })}
          ${this.#button('export-csv', this.#t('exportCsv'), () => void this.#export('csv'), { id: 'export-csv' })}
        </div>
        ${this.#outcomeFor('export')}
      </div>

      <div class="card" data-right="restrict">
        ${this.#heading(this.#t('restrictTitle'), 2, 'restrict-heading')}
        <p id="restrict-intro">${this.#t('restrictIntro')}</p>
        <div class="actions">
          ${this.#button('restrict', this.#t('restrictButton'), () => void this.#restrict(), {
            id: 'restrict',
            describedBy: 'restrict-intro',
          })}
        </div>
        ${this.#outcomeFor('restrict')}
      </div>

      <div class="card" data-right="review">
        ${this.#heading(this.#t('reviewTitle'), 2, 'review-title')}
        <p>${this.#t('reviewIntro')}</p>
        <div class="actions">
          ${this.#button('review-toggle', this.#t('reviewOpen'), () => this.#toggle('review'), {
            id: 'review-open',
            expanded: reviewOpen,
            controls: 'review-panel',
          })}
        </div>
        ${this.#outcomeFor('review')}
        ${
          reviewOpen
            ? html`<div class="panel" id="review-panel">
                <form
                  part="form"
                  data-form="review"
                  novalidate
                  aria-labelledby="review-heading"
                  @submit=${this.#onReview}
                >
                  ${this.#heading(this.#t('reviewOpen'), 3, 'review-heading', true)}
                  ${this.#formErrorFor('review')}
                  ${this.#input('hr-reference', 'reference', this.#t('reviewReference'), { required: true })}
                  ${this.#input('hr-message', 'message', this.#t('reviewMessage'), { textarea: true })}
                  <div class="actions">
                    ${this.#submit('review', this.#t('reviewSubmit'))}
                    <button type="button" class="cancel" @click=${() => this.#toggle('review')}>
                      ${this.#t('cancel')}
                    </button>
                  </div>
                </form>
              </div>`
            : nothing
        }
      </div>

      <div class="card" data-right="inquiry">
        ${this.#heading(this.#t('officerTitle'), 2, 'officer-title')}
        <p class="officer">
          ${this.#t('officerIntro', {
            name: officer.name,
            department: officer.department || data.controller.legalName,
            email: officer.email,
          })}
          ${officer.email ? html`<a href=${`mailto:${officer.email}`}>${officer.email}</a>` : nothing}
        </p>
        <div class="actions">
          ${this.#button('inquiry-toggle', this.#t('officerOpen'), () => this.#toggle('inquiry'), {
            id: 'inquiry-open',
            expanded: inquiryOpen,
            controls: 'inquiry-panel',
          })}
        </div>
        ${this.#outcomeFor('inquiry')} ${inquiryOpen ? this.#renderInquiry() : nothing}
      </div>

      <div class="danger-zone" part="danger" data-right="erase">
        ${this.#heading(this.#t('deleteTitle'), 2, 'erase-heading')}
        <p id="erase-intro">${this.#t('deleteIntro')}</p>
        <div class="actions">
          ${this.#button('erase-open', this.#t('deleteButton'), () => this.#openErase(), {
            id: 'erase-open',
            cls: 'danger',
            describedBy: 'erase-intro',
          })}
        </div>
        ${this.#outcomeFor('erase')}
      </div>
      ${this.#renderDialog()}
    </section>`
  }

  #renderInquiry(): TemplateResult {
    const kindError = this.fieldErrors['iq-kind-inquiry']
    return html`<div class="panel" id="inquiry-panel">
      <form
        part="form"
        data-form="inquiry"
        novalidate
        aria-labelledby="inquiry-heading"
        @submit=${this.#onInquiry}
      >
        ${this.#heading(this.#t('officerOpen'), 3, 'inquiry-heading', true)} ${this.#formErrorFor('inquiry')}
        <fieldset aria-describedby=${this.#describedBy(kindError && 'iq-kind-inquiry-error')}>
          <legend>${this.#t('officerKind')}</legend>
          ${(['inquiry', 'complaint'] as const).map(
            (kind) =>
              html`<label class="radio"
                ><input
                  type="radio"
                  id=${`iq-kind-${kind}`}
                  name="kind"
                  value=${kind}
                  ?checked=${kind === 'inquiry'}
                  aria-invalid=${kind === 'inquiry' && kindError ? 'true' : 'false'}
                />${this.#t(`kind.${kind}`)}</label
              >`
          )}
        </fieldset>
        ${this.#fieldError('iq-kind-inquiry')}
        ${this.#input('iq-subject', 'subject', this.#t('officerSubject'), { required: true })}
        ${this.#input('iq-message', 'message', this.#t('officerMessage'), { required: true, textarea: true })}
        <div class="actions">
          ${this.#submit('inquiry', this.#t('officerSubmit'))}
          <button type="button" class="cancel" @click=${() => this.#toggle('inquiry')}>
            ${this.#t('cancel')}
          </button>
        </div>
      </form>
    </div>`
  }

  #renderDialog(): TemplateResult {
    const busy = this.busy.has('erase')
    return html`<dialog
      id="erase-dialog"
      part="dialog"
      aria-labelledby="erase-dialog-title"
      aria-describedby="erase-dialog-body"
      @keydown=${this.#onDialogKeydown}
      @close=${this.#onDialogClose}
    >
      ${this.#heading(this.#t('dialogTitle'), 2, 'erase-dialog-title')}
      <div id="erase-dialog-body">
        <p>${this.#t('dialogDeleted')}</p>
        <p>${this.#t('dialogKept')}</p>
        <p>${this.#t('dialogPending')}</p>
      </div>
      <div class="actions">
        <button type="button" id="erase-cancel" @click=${() => this.#closeErase()}>
          ${this.#t('cancel')}
        </button>
        <button
          type="button"
          id="erase-confirm"
          class="danger primary"
          aria-disabled=${busy ? 'true' : 'false'}
          @click=${() => {
            if (!this.busy.has('erase')) void this.#confirmErase()
          }}
        >
          ${busy ? this.#t('sending') : this.#t('dialogConfirm')}
        </button>
      </div>
    </dialog>`
  }

  #renderAuthorities(data: MemberData): TemplateResult | typeof nothing {
    if (!data.authorities.length) return nothing
    return html`<section part="section" data-section="authorities" aria-labelledby="authorities-heading">
      ${this.#heading(this.#t('authorityTitle'), 1, 'authorities-heading')}
      <p>${this.#t('authorityIntro')}</p>
      <ul>
        ${data.authorities.map(
          (a) =>
            html`<li data-region=${a.region}>
              <a href=${a.url} target="_blank" rel="noopener noreferrer"
                >${a.name}<span class="visually-hidden"> ${this.#t('newTab')}</span></a
              >
              (${this.#label(`region.${a.region}`, a.region)})
            </li>`
        )}
      </ul>
    </section>`
  }
}

defineElement(PRIVACY_CENTER_TAG, TesseraPrivacyCenter)

declare global {
  interface HTMLElementTagNameMap {
    'tessera-privacy-center': TesseraPrivacyCenter
  }
}
