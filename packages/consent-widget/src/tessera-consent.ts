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
import type {
  ConsentAction,
  ConsentState,
  Member,
  MemberChoices,
  MemberPurpose,
  Purpose,
  PurposeList,
  Registration,
} from './members/api.js'
import { countryOptions } from './members/countries.js'
import { currentReturnUrl, readLinkToken } from './members/links.js'
import { exchangeLink, PLAIN_EMAIL, problemOf, statusOf, typeIs } from './members/sign-in.js'

export const CONSENT_TAG = 'tessera-consent'

export interface TesseraConsentReadyDetail extends TesseraReadyDetail {
  signedIn: boolean
}

export interface TesseraConsentChangeDetail {
  purpose: string
  state: Exclude<ConsentState, null>
}

export interface TesseraSignedInDetail {
  memberId: string
}

export interface TesseraPolicyRequestDetail {
  policyVersion: string
  policyLabel: string
  /** The API's hosted page for exactly this version, in the element's locale. */
  url: string
}

type View = 'sign-up' | 'sign-in' | 'inbox' | 'signed-in' | 'no-policy'

const SIGN_UP_FIELDS = ['firstName', 'lastName', 'company', 'nationality', 'email'] as const
type SignUpField = (typeof SIGN_UP_FIELDS)[number]

/**
 * `<tessera-consent>`: sign-up with consent, sign-in by e-mail link, and the member's consent choices.
 * Signed out it shows the registration form with every consent-based purpose as its own unticked box
 * (health-data analysis in a separate group that asks for explicit consent); signed in it shows each
 * consent with one button to give or withdraw it, and asks again for purposes whose policy changed.
 *
 * E-mailed links come back to this page as `#tessera-verify=…` / `#tessera-sign-in=…`: the element
 * exchanges the token for a session, keeps the session in sessionStorage (per publishable key) and
 * removes the fragment from the address bar.
 *
 * @attr identity-token - a partner-signed identity token: signs the member in without an e-mail link
 * @attr heading-level - level of the element's headings in the page outline, 1–6 (default 2)
 * @attr lang - language to render in (else the page's, else the tenant default)
 * @fires tessera-ready - `{ tenantId, locale, signedIn }` once the first view is shown (and per locale)
 * @fires tessera-error - `{ status, type, title }` when refused (401/403/CORS), failed, or an action failed
 * @fires tessera-purpose-change - `{ purpose, state }` after a consent to a purpose was given, declined or
 *   withdrawn (cookie choices are `tessera-consent-change` on `document`, from the cookie core)
 * @fires tessera-signed-in - `{ memberId }` after an e-mail link or identity token signed the member in
 * @fires tessera-signed-out - after the member signed out
 * @fires tessera-policy-request - `{ policyVersion, policyLabel, url }` when the policy link is activated;
 *   cancelable: call `preventDefault()` to show the policy yourself (e.g. `<tessera-policy version>` in a
 *   dialog) instead of opening the API's hosted page for that version in a new tab
 * @csspart base - the wrapper
 * @csspart form - the sign-up and sign-in forms
 * @csspart purposes - the list of purposes (sign-up and signed in)
 * @csspart choices - a group of consent choices (health data, and the other optional ones)
 * @csspart purpose - one purpose
 * @csspart reconsent - the purposes that need a new answer
 * @csspart status - status and notice messages
 * @cssprop --tessera-color-primary / --tessera-color-accent / --tessera-color-text
 * @cssprop --tessera-color-background / --tessera-font-family / --tessera-radius
 */
export class TesseraConsent extends TesseraElement {
  static override styles = [
    ...TesseraElement.styles,
    css`
      .base {
        display: grid;
        gap: 1rem;
        padding: 1rem 1.25rem;
        border: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 15%, transparent);
      }
      .heading {
        margin: 0;
        font-size: 1.25rem;
        font-weight: 600;
        color: var(--tessera-color-primary, #0b5fff);
        line-height: 1.3;
      }
      .subheading {
        margin: 0;
        font-size: 1.0625rem;
        font-weight: 600;
      }
      .heading:focus,
      .subheading:focus {
        outline: none;
      }
      .heading:focus-visible {
        outline: 2px solid var(--tessera-color-accent, #00a37a);
        outline-offset: 2px;
      }
      p {
        margin: 0;
      }
      form,
      .view {
        display: grid;
        gap: 1rem;
      }
      .fields {
        display: grid;
        gap: 0.75rem;
        grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
      }
      .field {
        display: grid;
        gap: 0.25rem;
        align-content: start;
      }
      label {
        font-weight: 600;
      }
      input[type='text'],
      input[type='email'],
      select {
        font: inherit;
        color: inherit;
        width: 100%;
        padding: 0.4375rem 0.5rem;
        border: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 45%, transparent);
        border-radius: var(--tessera-radius, 8px);
        background: var(--tessera-color-background, #ffffff);
      }
      [aria-invalid='true'] {
        border-color: #b3261e;
        box-shadow: 0 0 0 1px #b3261e;
      }
      .field-error,
      .form-error {
        color: #b3261e;
        font-weight: 600;
      }
      .form-error {
        padding: 0.5rem 0.75rem;
        border-inline-start: 4px solid #b3261e;
        background: color-mix(in srgb, #b3261e 7%, transparent);
        border-radius: var(--tessera-radius, 8px);
      }
      .notice {
        padding: 0.625rem 0.875rem;
        border-inline-start: 4px solid var(--tessera-color-accent, #00a37a);
        background: color-mix(in srgb, var(--tessera-color-accent, #00a37a) 8%, transparent);
        border-radius: var(--tessera-radius, 8px);
      }
      .hint {
        font-size: 0.9375rem;
        opacity: 0.85;
      }
      fieldset,
      .group {
        margin: 0;
        padding: 0.75rem 1rem 1rem;
        border: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 20%, transparent);
        border-radius: var(--tessera-radius, 8px);
        display: grid;
        gap: 0.75rem;
      }
      legend {
        padding: 0 0.25rem;
        font-weight: 600;
      }
      .group-health {
        border: 2px solid var(--tessera-color-primary, #0b5fff);
        background: color-mix(in srgb, var(--tessera-color-primary, #0b5fff) 4%, transparent);
      }
      ul.purpose-list {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.75rem;
      }
      .purpose {
        display: grid;
        gap: 0.25rem;
      }
      .purpose + .purpose {
        padding-top: 0.75rem;
        border-top: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 12%, transparent);
      }
      .purpose-title {
        font-weight: 600;
      }
      .basis {
        font-size: 0.9375rem;
      }
      .check {
        display: flex;
        gap: 0.5rem;
        align-items: flex-start;
      }
      .check input {
        margin: 0.25rem 0 0;
        inline-size: 1.125rem;
        block-size: 1.125rem;
        flex: none;
        accent-color: var(--tessera-color-primary, #0b5fff);
      }
      .state {
        font-weight: 600;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem 1rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
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
      button.link {
        padding: 0;
        border: 0;
        background: none;
        text-decoration: underline;
      }
      button[aria-disabled='true'] {
        opacity: 0.65;
        cursor: progress;
      }
      button:focus-visible,
      input:focus-visible,
      select:focus-visible {
        outline: 2px solid var(--tessera-color-accent, #00a37a);
        outline-offset: 2px;
      }
      .reconsent {
        padding: 0.75rem 1rem 1rem;
        border: 2px solid var(--tessera-color-accent, #00a37a);
        border-radius: var(--tessera-radius, 8px);
        display: grid;
        gap: 0.75rem;
      }
      .changed {
        font-weight: 600;
      }
      .always {
        font-size: 0.9375rem;
      }
    `,
  ]

  /** A partner-signed identity token (the partner's own sign-in vouches for the member). */
  @property({ attribute: 'identity-token' }) identityToken: string | undefined

  /** Level of the element's main heading in the page outline (1–6). */
  @property({ attribute: 'heading-level', type: Number }) headingLevel = 2

  @state() private view: View = 'sign-up'
  @state() private purposeList: PurposeList | undefined
  @state() private member: Member | undefined
  @state() private choices: MemberChoices | undefined
  /** Consent-based purposes the visitor ticked on the sign-up form. Nothing is ticked to start with. */
  @state() private ticked: ReadonlySet<string> = new Set()
  @state() private fieldErrors: Partial<Record<string, string>> = {}
  @state() private formError = ''
  /** A lasting message above the view (link expired, session ended, …). */
  @state() private notice = ''
  @state() private submitting = false
  /** Purposes with a decision on its way. */
  @state() private saving: ReadonlySet<string> = new Set()
  @state() private inbox: { kind: 'sign-up' | 'sign-in'; email: string } | undefined
  /** Text of the polite live region. */
  @state() private announcement = ''

  #api: MembersApi | undefined
  #store: MemberSessionStore | undefined
  #unsubscribe: (() => void) | undefined
  #session: string | undefined
  #startedFor: Locale | undefined
  #run = 0
  #readyAnnounced: string | undefined
  #focusAfter: string | undefined
  /** What the visitor typed, kept across view changes (never stored). */
  #values: Partial<Record<SignUpField | 'signInEmail', string>> = {}

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
    this.#store = undefined
    this.#startedFor = undefined
    // Whatever was under way belongs to the old connection: drop its results.
    this.#run++
  }

  override connectedCallback(): void {
    super.connectedCallback()
    // Reconnected: start over (the session may have changed while detached).
    if (this.hasUpdated && this.config) this.requestUpdate()
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
      void this.#reloadTexts()
    }
  }

  /** Sets up the API for the current locale; false (and the error state) when there is no API. */
  #prepare(): boolean {
    const runtime = this.#runtime()
    const client = clientForRuntime(runtime)
    if (!client || !runtime?.key) {
      this.problem = { status: 0, type: NOT_CONFIGURED_PROBLEM, title: 'Tessera is not configured' }
      this.state = 'error'
      return false
    }
    this.#api = new MembersApi(client, this.locale)
    if (!this.#store) {
      this.#store = memberSession(runtime.key)
      // Another Tessera element on the page signed in or out: follow it.
      this.#unsubscribe = this.#store.subscribe((token) => {
        if (this.isConnected && token !== this.#session) void this.#begin()
      })
    }
    return true
  }

  #fail(error: unknown): void {
    this.problem = problemOf(error)
    this.state = isRefusal(error) ? 'refused' : 'error'
  }

  /** Exchanges any e-mailed link or identity token, then shows the signed-in or signed-out view. */
  async #begin(): Promise<void> {
    const run = ++this.#run
    this.state = 'loading'
    if (!this.#prepare()) return
    const api = this.#api as MembersApi
    const store = this.#store as MemberSessionStore
    const stale = () => run !== this.#run

    let notice = ''
    let grant: { session: string; member: Member } | undefined
    // The token is single-use: out of the address bar and history at once, whatever happens next.
    const link = readLinkToken(globalThis.location?.hash ?? '')
    const outcome = await exchangeLink(api)
    if (outcome.grant) grant = outcome.grant
    if (outcome.announcement) this.announcement = msg(this.locale, outcome.announcement)
    if (outcome.notice) notice = msg(this.locale, outcome.notice)
    if (!link && this.identityToken) {
      try {
        grant = await api.identity(this.identityToken)
      } catch (error) {
        notice = msg(
          this.locale,
          typeIs(error, 'member-not-registered') ? 'consent.notRegistered' : 'consent.identityFailed'
        )
      }
    }
    if (stale()) return
    if (grant) {
      this.#session = grant.session
      store.set(grant.session)
      this.#emit('tessera-signed-in', { memberId: grant.member.id } satisfies TesseraSignedInDetail)
    }

    const session = grant?.session ?? store.get()
    this.#session = session
    if (session) {
      try {
        const [member, choices] = await Promise.all([
          grant ? Promise.resolve(grant.member) : api.me(session),
          api.choices(session),
        ])
        if (stale()) return
        this.member = member
        this.choices = choices
        this.notice = notice
        this.view = 'signed-in'
        this.state = 'ready'
        return
      } catch (error) {
        if (stale()) return
        if (statusOf(error) === 401) {
          // The session ended (signed out elsewhere, expired): forget it and show the sign-up form.
          this.#session = undefined
          store.clear()
          notice ||= msg(this.locale, 'consent.sessionEnded')
        } else if (typeIs(error, 'no-policy')) {
          this.#show('no-policy', notice)
          return
        } else {
          this.#fail(error)
          return
        }
      }
    }
    await this.#loadSignedOut(run, notice)
  }

  async #loadSignedOut(run: number, notice: string, view: 'sign-up' | 'sign-in' = 'sign-up'): Promise<void> {
    const api = this.#api as MembersApi
    this.member = undefined
    this.choices = undefined
    try {
      const list = await api.purposes()
      if (run !== this.#run) return
      this.#setPurposes(list)
      this.#show(view, notice)
    } catch (error) {
      if (run !== this.#run) return
      if (typeIs(error, 'no-policy')) this.#show('no-policy', notice)
      else this.#fail(error)
    }
  }

  #setPurposes(list: PurposeList): void {
    this.purposeList = list
    // Keep only ticks for consent purposes that still exist.
    const keys = new Set(list.purposes.filter((p) => p.consentBased).map((p) => p.key))
    this.ticked = new Set([...this.ticked].filter((k) => keys.has(k)))
  }

  #show(view: View, notice = ''): void {
    this.view = view
    this.notice = notice
    this.state = 'ready'
  }

  /** The locale changed: the purpose texts come again in the new language; the view stays. */
  async #reloadTexts(): Promise<void> {
    // Still starting: start again in the new language.
    if (this.state === 'loading') return void this.#begin()
    if (!this.#prepare()) return
    const api = this.#api as MembersApi
    const run = this.#run
    try {
      if (this.view === 'signed-in' && this.#session) {
        const choices = await api.choices(this.#session)
        if (run === this.#run) this.choices = choices
      } else if (this.view !== 'no-policy') {
        const list = await api.purposes()
        if (run === this.#run) this.#setPurposes(list)
      }
    } catch {
      if (run === this.#run) this.announcement = msg(this.locale, 'state.error')
    }
  }

  #emit(type: string, detail?: unknown, options: { bubbles?: boolean; cancelable?: boolean } = {}): boolean {
    const bubbles = options.bubbles ?? true
    return this.dispatchEvent(
      new CustomEvent(type, { detail, bubbles, composed: bubbles, cancelable: options.cancelable ?? false })
    )
  }

  #reportError(error: unknown): void {
    this.#emit('tessera-error', problemOf(error))
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.state === 'ready' && this.config) {
      // Replaces the base class's ready handling: tessera-ready says whether a member is signed in.
      if (!hasTheme(this.ownerDocument)) applyTheme(this.ownerDocument, this.config.branding)
      const detail: TesseraConsentReadyDetail = {
        tenantId: this.config.tenant.id,
        locale: this.locale,
        signedIn: this.view === 'signed-in',
      }
      const once = `${detail.tenantId}|${detail.locale}`
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

  /** Moves focus to `selector` once the next render is on screen. */
  #focusSoon(selector: string): void {
    this.#focusAfter = selector
    this.requestUpdate()
  }

  // ---------------------------------------------------------------- signed out

  #consentPurposes(): Purpose[] {
    return this.purposeList?.purposes.filter((p) => p.consentBased) ?? []
  }

  #onTick(key: string, event: Event): void {
    const next = new Set(this.ticked)
    if ((event.target as HTMLInputElement).checked) next.add(key)
    else next.delete(key)
    this.ticked = next
  }

  #onInput(event: Event): void {
    const target = event.target as HTMLInputElement | HTMLSelectElement
    const name = target.name as SignUpField | 'signInEmail'
    this.#values[name] = target.value
    if (this.fieldErrors[name]) {
      const rest = { ...this.fieldErrors }
      delete rest[name]
      this.fieldErrors = rest
    }
  }

  #value(name: SignUpField | 'signInEmail'): string {
    return (this.#values[name] ?? '').trim()
  }

  /** Field errors found before sending (empty required fields, an e-mail without @). */
  #checkLocally(fields: readonly (SignUpField | 'signInEmail')[]): Record<string, string> {
    const errors: Record<string, string> = {}
    for (const field of fields) {
      if (field === 'company') continue
      const value = this.#value(field)
      if (!value) errors[field] = msg(this.locale, 'consent.fieldMissing')
      else if ((field === 'email' || field === 'signInEmail') && !PLAIN_EMAIL.test(value))
        errors[field] = msg(this.locale, 'consent.emailInvalid')
    }
    return errors
  }

  #showFieldErrors(errors: Record<string, string>, formError = msg(this.locale, 'consent.fixErrors')): void {
    this.fieldErrors = errors
    this.formError = formError
    this.announcement = formError
    this.#focusSoon('[aria-invalid="true"]')
  }

  /** Server field names → the ids of the controls they belong to. */
  #fieldFor(field: string, consents: Registration['consents']): string | undefined {
    if ((SIGN_UP_FIELDS as readonly string[]).includes(field)) return field
    const consent = /^consents\.(\d+)(?:\.|$)/.exec(field)
    if (consent) {
      const key = consents[Number(consent[1])]?.purpose
      return key ? `purpose-${key}` : undefined
    }
    return undefined
  }

  #localMessage(rule: string | undefined, message: string, field: string): string {
    if (rule === 'required') return msg(this.locale, 'consent.fieldMissing')
    if (rule === 'email' || (field === 'email' && rule !== 'maxLength'))
      return msg(this.locale, 'consent.emailInvalid')
    return message || msg(this.locale, 'consent.fixErrors')
  }

  #onSignUp = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault()
    const list = this.purposeList
    if (this.submitting || !list || !this.#api) return
    const local = this.#checkLocally(SIGN_UP_FIELDS)
    if (Object.keys(local).length) {
      this.#showFieldErrors(local)
      return
    }
    const company = this.#value('company')
    const consents = this.#consentPurposes().map((p) => ({ purpose: p.key, granted: this.ticked.has(p.key) }))
    const registration: Registration = {
      firstName: this.#value('firstName'),
      lastName: this.#value('lastName'),
      ...(company ? { company } : {}),
      nationality: this.#value('nationality'),
      email: this.#value('email'),
      locale: this.locale,
      policyVersion: list.policyVersion,
      consents,
      returnUrl: currentReturnUrl(),
    }
    this.submitting = true
    this.fieldErrors = {}
    this.formError = ''
    this.announcement = msg(this.locale, 'consent.sending')
    const run = this.#run
    try {
      await this.#api.register(registration)
      if (run !== this.#run) return
      this.inbox = { kind: 'sign-up', email: registration.email }
      this.view = 'inbox'
      this.announcement = msg(this.locale, 'consent.inboxTitle')
      this.#focusSoon('#view-heading')
    } catch (error) {
      if (run !== this.#run) return
      this.#onFormError(error, (field) => this.#fieldFor(field, consents))
    } finally {
      this.submitting = false
    }
  }

  #onFormError(error: unknown, fieldFor: (field: string) => string | undefined): void {
    this.#reportError(error)
    if (statusOf(error) === 422 && isTesseraApiError(error) && error.errors.length) {
      const errors: Record<string, string> = {}
      const rest: string[] = []
      for (const e of error.errors) {
        const id = fieldFor(e.field)
        if (id) errors[id] ??= this.#localMessage(e.rule, e.message, e.field)
        else rest.push(e.message)
      }
      const summary = [msg(this.locale, 'consent.fixErrors'), ...rest].join(' ')
      if (Object.keys(errors).length) this.#showFieldErrors(errors, summary)
      else this.#showFormError(summary)
      return
    }
    if (typeIs(error, 'policy-changed')) {
      // The policy changed while the form was open: show the purposes now in effect.
      this.#showFormError(msg(this.locale, 'consent.policyChanged'))
      void this.#api
        ?.purposes()
        .then((list) => this.#setPurposes(list))
        .catch(() => {})
      return
    }
    this.#showFormError(msg(this.locale, isRefusal(error) ? 'state.refused' : 'consent.actionFailed'))
  }

  #showFormError(text: string): void {
    this.formError = text
    this.announcement = text
    this.#focusSoon('#form-error')
  }

  #onSignIn = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault()
    if (this.submitting || !this.#api) return
    const local = this.#checkLocally(['signInEmail'])
    if (Object.keys(local).length) {
      this.#showFieldErrors(local)
      return
    }
    const email = this.#value('signInEmail')
    this.submitting = true
    this.fieldErrors = {}
    this.formError = ''
    this.announcement = msg(this.locale, 'consent.sending')
    const run = this.#run
    try {
      await this.#api.requestLink(email, currentReturnUrl())
      if (run !== this.#run) return
      this.inbox = { kind: 'sign-in', email }
      this.view = 'inbox'
      this.announcement = msg(this.locale, 'consent.inboxTitle')
      this.#focusSoon('#view-heading')
    } catch (error) {
      if (run !== this.#run) return
      this.#onFormError(error, (field) => (field === 'email' ? 'signInEmail' : undefined))
    } finally {
      this.submitting = false
    }
  }

  #switchTo(view: 'sign-up' | 'sign-in'): void {
    this.view = view
    this.fieldErrors = {}
    this.formError = ''
    this.notice = ''
    this.#focusSoon('#view-heading')
  }

  #onPolicyLink(event: MouseEvent, url: string): void {
    const list = this.purposeList
    if (!list) return
    const detail: TesseraPolicyRequestDetail = {
      policyVersion: list.policyVersion,
      policyLabel: list.policyLabel,
      url,
    }
    const proceed = this.#emit('tessera-policy-request', detail, { cancelable: true })
    if (!proceed) event.preventDefault()
  }

  // ---------------------------------------------------------------- signed in

  async #decide(purpose: MemberPurpose, action: ConsentAction, fromReconsent: boolean): Promise<void> {
    const session = this.#session
    const choices = this.choices
    if (!session || !choices || !this.#api || this.saving.has(purpose.key)) return
    this.saving = new Set([...this.saving, purpose.key])
    this.announcement = msg(this.locale, 'consent.saving')
    // A grant or a fresh answer names the version shown; a withdrawal needs none.
    const decision =
      action === 'withdraw'
        ? { purpose: purpose.key, action }
        : { purpose: purpose.key, action, policyVersion: choices.policyVersion }
    const run = this.#run
    try {
      const updated = await this.#api.decide(session, decision)
      if (run !== this.#run || !this.choices) return
      this.choices = {
        ...this.choices,
        purposes: this.choices.purposes.map((p) => (p.key === updated.key ? updated : p)),
      }
      const key: MessageKey =
        updated.state === 'granted'
          ? 'consent.nowGranted'
          : updated.state === 'withdrawn'
            ? 'consent.nowWithdrawn'
            : 'consent.nowDenied'
      this.announcement = msg(this.locale, key, { title: updated.title })
      // Marketing counts only after the double opt-in: say that a confirmation e-mail is on its way.
      if (updated.key === 'marketing' && updated.state === 'granted') {
        this.notice = msg(this.locale, 'consent.confirmByEmail')
        this.announcement = `${this.announcement} ${this.notice}`
      }
      if (updated.state) {
        this.#emit('tessera-purpose-change', {
          purpose: updated.key,
          state: updated.state,
        } satisfies TesseraConsentChangeDetail)
      }
      if (fromReconsent) this.#focusSoon(`#toggle-${CSS.escape(updated.key)}`)
    } catch (error) {
      if (run !== this.#run) return
      this.#reportError(error)
      if (statusOf(error) === 401) {
        this.#session = undefined
        this.#store?.clear()
        await this.#loadSignedOut(this.#run, msg(this.locale, 'consent.sessionEnded'))
        return
      }
      if (typeIs(error, 'policy-changed')) {
        this.announcement = msg(this.locale, 'consent.policyChanged')
        this.notice = msg(this.locale, 'consent.policyChanged')
        try {
          const fresh = await this.#api.choices(session)
          if (run === this.#run) this.choices = fresh
        } catch {
          // Keep what is shown; the notice asks to try again.
        }
        return
      }
      this.announcement = msg(this.locale, 'consent.actionFailed')
    } finally {
      const next = new Set(this.saving)
      next.delete(purpose.key)
      this.saving = next
    }
  }

  #signOut = async (): Promise<void> => {
    const session = this.#session
    const api = this.#api
    // Forget the session here first: signing out never depends on the network.
    this.#session = undefined
    this.#store?.clear()
    const run = ++this.#run
    this.#values = {}
    this.ticked = new Set()
    if (session && api) await api.signOut(session).catch(() => {})
    if (run !== this.#run) return
    this.#emit('tessera-signed-out')
    this.announcement = msg(this.locale, 'consent.signedOut')
    await this.#loadSignedOut(run, '')
    this.#focusSoon('#view-heading')
  }

  // ---------------------------------------------------------------- rendering

  #heading(text: string, offset = 0, id?: string): TemplateResult {
    return html`<div
      class=${offset === 0 ? 'heading' : 'subheading'}
      role="heading"
      aria-level=${this.#level(offset)}
      id=${id ?? nothing}
      tabindex=${id === 'view-heading' ? '-1' : nothing}
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

  #basis(p: Purpose): string {
    if (p.consentBased)
      return msg(this.locale, p.specialCategory ? 'consent.basis.explicit' : 'consent.basis.consent')
    return msg(this.locale, `consent.basis.${p.lawfulBasis}` as MessageKey)
  }

  protected renderReady(config: WidgetConfig, locale: Locale): TemplateResult {
    const live = html`<p class="live visually-hidden" role="status" aria-live="polite">
      ${this.announcement}
    </p>`
    const notice = this.notice ? html`<p class="notice" part="status">${this.notice}</p>` : nothing
    let body: TemplateResult
    switch (this.view) {
      case 'no-policy':
        body = html`<p class="status" part="status">${msg(locale, 'consent.noPolicy')}</p>`
        break
      case 'inbox':
        body = this.#renderInbox(locale)
        break
      case 'signed-in':
        body = this.#renderSignedIn(locale)
        break
      case 'sign-in':
        body = this.#renderSignIn(locale)
        break
      default:
        body = this.#renderSignUp(config, locale)
    }
    return html`${live}${notice}${body}`
  }

  #describedBy(...ids: (string | false | undefined)[]): string | typeof nothing {
    const list = ids.filter((id): id is string => Boolean(id))
    return list.length ? list.join(' ') : nothing
  }

  #renderError(id: string): TemplateResult | typeof nothing {
    const error = this.fieldErrors[id]
    return error ? html`<p class="field-error" id=${`${id}-error`}>${error}</p>` : nothing
  }

  #renderFormError(): TemplateResult | typeof nothing {
    return this.formError
      ? html`<p class="form-error" id="form-error" tabindex="-1" part="status">${this.formError}</p>`
      : nothing
  }

  #renderInput(
    name: SignUpField | 'signInEmail',
    label: string,
    options: { type?: string; autocomplete: string; optional?: boolean }
  ): TemplateResult {
    const error = this.fieldErrors[name]
    return html`<div class="field">
      <label for=${name}>${label}</label>
      <input
        id=${name}
        name=${name}
        type=${options.type ?? 'text'}
        autocomplete=${options.autocomplete}
        maxlength=${name === 'company' ? 200 : name.toLowerCase().includes('email') ? 254 : 100}
        aria-required=${options.optional ? 'false' : 'true'}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${this.#describedBy(error && `${name}-error`)}
        .value=${this.#values[name] ?? ''}
        @input=${this.#onInput}
      />
      ${this.#renderError(name)}
    </div>`
  }

  #renderSignUp(config: WidgetConfig, locale: Locale): TemplateResult {
    const list = this.purposeList
    const purposes = list?.purposes ?? []
    const always = purposes.filter((p) => !p.consentBased)
    const health = purposes.filter((p) => p.consentBased && p.specialCategory)
    const optional = purposes.filter((p) => p.consentBased && !p.specialCategory)
    const nationalityError = this.fieldErrors.nationality
    const policyUrl = list
      ? `${this.#runtime()?.apiBase ?? ''}/policy/${encodeURIComponent(config.tenant.id)}/versions/${encodeURIComponent(list.policyVersion)}?lang=${locale}`
      : ''
    return html`<div class="view" data-view="sign-up">
      ${this.#heading(msg(locale, 'consent.signUpTitle'), 0, 'view-heading')}
      <p>${msg(locale, 'consent.signUpIntro')}</p>
      <form part="form" novalidate aria-labelledby="view-heading" @submit=${this.#onSignUp}>
        ${this.#renderFormError()}
        <p class="hint">${msg(locale, 'consent.fieldsNote')}</p>
        <div class="fields">
          ${this.#renderInput('firstName', msg(locale, 'consent.firstName'), { autocomplete: 'given-name' })}
          ${this.#renderInput('lastName', msg(locale, 'consent.lastName'), { autocomplete: 'family-name' })}
          ${this.#renderInput('company', msg(locale, 'consent.company'), {
            autocomplete: 'organization',
            optional: true,
          })}
          <div class="field">
            <label for="nationality">${msg(locale, 'consent.nationality')}</label>
            <select
              id="nationality"
              name="nationality"
              autocomplete="off"
              aria-required="true"
              aria-invalid=${nationalityError ? 'true' : 'false'}
              aria-describedby=${this.#describedBy(nationalityError && 'nationality-error')}
              @change=${this.#onInput}
            >
              <option value="" ?selected=${!this.#values.nationality}>
                ${msg(locale, 'consent.nationalityPick')}
              </option>
              ${countryOptions(locale).map(
                (c) =>
                  html`<option value=${c.code} ?selected=${c.code === this.#values.nationality}>
                    ${c.name}
                  </option>`
              )}
            </select>
            ${this.#renderError('nationality')}
          </div>
          ${this.#renderInput('email', msg(locale, 'consent.email'), { type: 'email', autocomplete: 'email' })}
        </div>

        <section class="purposes" part="purposes" aria-labelledby="purposes-heading">
          ${this.#heading(msg(locale, 'consent.purposesTitle'), 1, 'purposes-heading')}
          ${
            always.length
              ? html`<div class="group group-always" data-group="always">
                  ${this.#heading(msg(locale, 'consent.alwaysTitle'), 2)}
                  <p class="hint">${msg(locale, 'consent.alwaysIntro')}</p>
                  <ul class="purpose-list">
                    ${always.map((p) => this.#renderInfoPurpose(p, locale))}
                  </ul>
                </div>`
              : nothing
          }
          ${this.#checkboxGroup('health', msg(locale, 'consent.healthTitle'), msg(locale, 'consent.healthIntro'), health, locale)}
          ${this.#checkboxGroup('optional', msg(locale, 'consent.optionalTitle'), msg(locale, 'consent.optionalIntro'), optional, locale)}
          ${
            list
              ? html`<p>
                  <a
                    class="policy-link"
                    href=${policyUrl}
                    target="_blank"
                    rel="noopener"
                    data-policy-version=${list.policyVersion}
                    @click=${(e: MouseEvent) => this.#onPolicyLink(e, policyUrl)}
                    >${msg(locale, 'consent.policyLink', { label: list.policyLabel || list.policyVersion })}<span
                      class="visually-hidden"
                    >
                      ${msg(locale, 'consent.newTab')}</span
                    ></a
                  >
                </p>`
              : nothing
          }
        </section>

        <div class="actions">
          <button
            type="submit"
            class="primary"
            aria-disabled=${this.submitting ? 'true' : 'false'}
            aria-describedby=${this.formError ? 'form-error' : nothing}
          >
            ${msg(locale, this.submitting ? 'consent.sending' : 'consent.submit')}
          </button>
        </div>
      </form>
      <p>
        ${msg(locale, 'consent.haveAccount')}
        <button type="button" class="link to-sign-in" @click=${() => this.#switchTo('sign-in')}>
          ${msg(locale, 'consent.toSignIn')}
        </button>
      </p>
    </div>`
  }

  #renderInfoPurpose(p: Purpose, locale: Locale): TemplateResult {
    return html`<li class="purpose" part="purpose" data-purpose=${p.key}>
      <span class="purpose-title">${p.title}</span>
      ${p.description ? html`<span>${p.description}</span>` : nothing}
      <span class="basis"
        ><span class="visually-hidden">${msg(locale, 'consent.basisLabel')}: </span>${this.#basis(p)}</span
      >
    </li>`
  }

  #renderCheckbox(p: Purpose, locale: Locale): TemplateResult {
    const id = `purpose-${p.key}`
    const error = this.fieldErrors[id]
    return html`<div class="purpose" part="purpose" data-purpose=${p.key}>
      <div class="check">
        <input
          type="checkbox"
          id=${id}
          name="consents"
          value=${p.key}
          .checked=${this.ticked.has(p.key)}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${this.#describedBy(`${id}-desc`, `${id}-basis`, error && `${id}-error`)}
          @change=${(e: Event) => this.#onTick(p.key, e)}
        />
        <label for=${id}>
          ${msg(locale, p.specialCategory ? 'consent.explicitAgree' : 'consent.agree', { title: p.title })}
        </label>
      </div>
      <p id=${`${id}-desc`}>${p.description}</p>
      <p class="basis" id=${`${id}-basis`}>${msg(locale, 'consent.basisLabel')}: ${this.#basis(p)}</p>
      ${this.#renderError(id)}
    </div>`
  }

  #renderSignIn(locale: Locale): TemplateResult {
    return html`<div class="view" data-view="sign-in">
      ${this.#heading(msg(locale, 'consent.signInTitle'), 0, 'view-heading')}
      <p>${msg(locale, 'consent.signInIntro')}</p>
      <form part="form" novalidate aria-labelledby="view-heading" @submit=${this.#onSignIn}>
        ${this.#renderFormError()}
        ${this.#renderInput('signInEmail', msg(locale, 'consent.email'), { type: 'email', autocomplete: 'email' })}
        <div class="actions">
          <button type="submit" class="primary" aria-disabled=${this.submitting ? 'true' : 'false'}>
            ${msg(locale, this.submitting ? 'consent.sending' : 'consent.sendLink')}
          </button>
        </div>
      </form>
      <p>
        ${msg(locale, 'consent.newHere')}
        <button type="button" class="link to-sign-up" @click=${() => this.#switchTo('sign-up')}>
          ${msg(locale, 'consent.toSignUp')}
        </button>
      </p>
    </div>`
  }

  #renderInbox(locale: Locale): TemplateResult {
    const inbox = this.inbox
    const kind = inbox?.kind ?? 'sign-up'
    return html`<div class="view" data-view="inbox" part="status">
      ${this.#heading(msg(locale, 'consent.inboxTitle'), 0, 'view-heading')}
      <p>
        ${msg(locale, kind === 'sign-up' ? 'consent.inboxSignUp' : 'consent.inboxSignIn', {
          email: inbox?.email ?? '',
        })}
      </p>
      <p class="hint">${msg(locale, 'consent.inboxHint')}</p>
      <div class="actions">
        <button type="button" class="inbox-back" @click=${() => this.#switchTo(kind)}>
          ${msg(locale, 'consent.inboxBack')}
        </button>
      </div>
    </div>`
  }

  #renderSignedIn(locale: Locale): TemplateResult {
    const member = this.member
    const purposes = this.choices?.purposes ?? []
    const reconsent = purposes.filter((p) => p.consentBased && p.needsAnswer)
    const settled = purposes.filter((p) => p.consentBased && !p.needsAnswer)
    const health = settled.filter((p) => p.specialCategory)
    const other = settled.filter((p) => !p.specialCategory)
    const always = purposes.filter((p) => !p.consentBased)
    const name = member
      ? msg(locale, 'consent.fullName', { first: member.firstName, last: member.lastName }).trim()
      : ''
    return html`<div class="view" data-view="signed-in">
      <div class="row">
        <div>
          ${this.#heading(msg(locale, 'consent.signedInAs', { name: name || member?.email || '' }), 0, 'view-heading')}
          ${member?.email ? html`<p class="member-email">${member.email}</p>` : nothing}
        </div>
        <button type="button" class="sign-out" @click=${this.#signOut}>
          ${msg(locale, 'consent.signOut')}
        </button>
      </div>
      ${
        reconsent.length
          ? html`<section class="reconsent" part="reconsent" aria-labelledby="reconsent-heading">
              ${this.#heading(msg(locale, 'consent.reconsentTitle'), 1, 'reconsent-heading')}
              <p>${msg(locale, 'consent.reconsentIntro')}</p>
              <ul class="purpose-list">
                ${reconsent.map((p) => this.#renderReconsent(p, locale))}
              </ul>
            </section>`
          : nothing
      }
      <section class="purposes" part="purposes" aria-labelledby="choices-heading">
        ${this.#heading(msg(locale, 'consent.choicesTitle'), 1, 'choices-heading')}
        <p class="hint">${msg(locale, 'consent.choicesIntro')}</p>
        ${this.#choiceGroup('health', msg(locale, 'consent.healthTitle'), health, (p) =>
          this.#renderChoice(p, locale)
        )}
        ${this.#choiceGroup('optional', msg(locale, 'consent.otherTitle'), other, (p) =>
          this.#renderChoice(p, locale)
        )}
        ${this.#choiceGroup('always', msg(locale, 'consent.alwaysTitle'), always, (p) =>
          this.#renderAlwaysOn(p, locale)
        )}
      </section>
    </div>`
  }

  /** A sign-up fieldset of consent checkboxes, left out when the policy has no such purposes. */
  #checkboxGroup(
    group: 'health' | 'optional',
    title: string,
    intro: string,
    purposes: Purpose[],
    locale: Locale
  ): TemplateResult | typeof nothing {
    if (!purposes.length) return nothing
    return html`<fieldset class="group group-${group}" part="choices" data-group=${group}>
      <legend>${title}</legend>
      <p class="hint">${intro}</p>
      ${purposes.map((p) => this.#renderCheckbox(p, locale))}
    </fieldset>`
  }

  /** One titled group of purposes; only the groups a member can change are exposed as `choices` parts. */
  #choiceGroup(
    group: 'health' | 'optional' | 'always',
    title: string,
    purposes: MemberPurpose[],
    renderItem: (p: MemberPurpose) => TemplateResult
  ): TemplateResult | typeof nothing {
    if (!purposes.length) return nothing
    const headingId = `${group === 'optional' ? 'other' : group}-heading`
    return html`<div
      class="group group-${group}"
      part=${group === 'always' ? nothing : 'choices'}
      data-group=${group}
      role="group"
      aria-labelledby=${headingId}
    >
      ${this.#heading(title, 2, headingId)}
      <ul class="purpose-list">
        ${purposes.map(renderItem)}
      </ul>
    </div>`
  }

  #renderAlwaysOn(p: MemberPurpose, locale: Locale): TemplateResult {
    return html`<li class="purpose" part="purpose" data-purpose=${p.key}>
      <span class="purpose-title">${p.title}</span>
      ${p.description ? html`<span>${p.description}</span>` : nothing}
      <span class="always"><strong>${msg(locale, 'consent.alwaysOn')}</strong> · ${this.#basis(p)}</span>
    </li>`
  }

  #stateText(p: MemberPurpose, locale: Locale): string {
    switch (p.state) {
      case 'granted':
        return msg(locale, 'consent.state.granted', { date: this.#date(p.decidedAt) })
      case 'withdrawn':
        return msg(locale, 'consent.state.withdrawn', { date: this.#date(p.decidedAt) })
      case 'denied':
        return msg(locale, 'consent.state.denied')
      default:
        return msg(locale, 'consent.state.none')
    }
  }

  #renderChoice(p: MemberPurpose, locale: Locale): TemplateResult {
    const granted = p.state === 'granted'
    const busy = this.saving.has(p.key)
    const id = `choice-${p.key}`
    return html`<li class="purpose" part="purpose" data-purpose=${p.key} data-state=${p.state ?? 'none'}>
      <span class="purpose-title" id=${`${id}-title`}>${p.title}</span>
      ${p.description ? html`<span>${p.description}</span>` : nothing}
      <span class="basis">${msg(locale, 'consent.basisLabel')}: ${this.#basis(p)}</span>
      <div class="row">
        <span class="state" id=${`${id}-state`}>${this.#stateText(p, locale)}</span>
        <button
          type="button"
          id=${`toggle-${p.key}`}
          class="toggle"
          data-action=${granted ? 'withdraw' : 'grant'}
          aria-describedby=${`${id}-title ${id}-state`}
          aria-disabled=${busy ? 'true' : 'false'}
          @click=${() => void this.#decide(p, granted ? 'withdraw' : 'grant', false)}
        >
          ${msg(locale, busy ? 'consent.saving' : granted ? 'consent.withdraw' : 'consent.give')}
        </button>
      </div>
    </li>`
  }

  #renderReconsent(p: MemberPurpose, locale: Locale): TemplateResult {
    const busy = this.saving.has(p.key)
    const id = `reconsent-${p.key}`
    return html`<li class="purpose" part="purpose" data-purpose=${p.key}>
      <span class="purpose-title" id=${`${id}-title`}>${p.title}</span>
      <span class="changed" id=${`${id}-changed`}>${msg(locale, 'consent.reconsentChanged')}</span>
      ${p.description ? html`<span>${p.description}</span>` : nothing}
      <span class="basis">${msg(locale, 'consent.basisLabel')}: ${this.#basis(p)}</span>
      <div class="actions">
        <button
          type="button"
          class="accept"
          aria-describedby=${`${id}-title`}
          aria-disabled=${busy ? 'true' : 'false'}
          @click=${() => void this.#decide(p, 'grant', true)}
        >
          ${msg(locale, 'consent.accept')}
        </button>
        <button
          type="button"
          class="decline"
          aria-describedby=${`${id}-title`}
          aria-disabled=${busy ? 'true' : 'false'}
          @click=${() => void this.#decide(p, 'deny', true)}
        >
          ${msg(locale, 'consent.decline')}
        </button>
      </div>
    </li>`
  }
}

defineElement(CONSENT_TAG, TesseraConsent)

declare global {
  interface HTMLElementTagNameMap {
    'tessera-consent': TesseraConsent
  }
}
