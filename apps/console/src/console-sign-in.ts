import { LitElement, html, nothing } from 'lit'
import { property, query, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError } from './api.js'
import { msg } from './messages.js'
import type { Locale, MessageKey } from './messages.js'
import { consoleStyles } from './styles.js'

export const SIGN_IN_TAG = 'tessera-console-sign-in'

/** Detail of `console-signed-in`: the new session token. */
export interface SignedInDetail {
  token: string
}

type Field = 'tenant' | 'email' | 'password'
const FIELDS: Field[] = ['tenant', 'email', 'password']

/**
 * The sign-in form: tenant id, e-mail and password → `POST /v1/admin/sessions`. Fires
 * `console-signed-in` with the token; the shell keeps it. Errors are shown next to the field at fault.
 */
export class TesseraConsoleSignIn extends LitElement {
  static override styles = consoleStyles

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  /** Prefills the tenant id (e.g. from `?tenant=` in the console's address). */
  @property() tenant = ''
  /** A notice above the form (e.g. "your session has ended"). */
  @property() notice = ''

  @state() private busy = false
  @state() private errors: Partial<Record<Field, string>> = {}
  @state() private alert = ''

  @query('form') private form!: HTMLFormElement

  private t(key: MessageKey, vars?: Record<string, string>) {
    return msg(this.locale, key, vars)
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault()
    if (this.busy) return
    const data = new FormData(this.form)
    const values = Object.fromEntries(FIELDS.map((f) => [f, String(data.get(f) ?? '').trim()])) as Record<
      Field,
      string
    >
    values.password = String(data.get('password') ?? '')
    const missing = FIELDS.filter((f) => !values[f])
    this.alert = ''
    if (missing.length) {
      this.errors = Object.fromEntries(missing.map((f) => [f, this.t('required')]))
      await this.focusFirstError()
      return
    }
    this.errors = {}
    this.busy = true
    try {
      const session = await this.api.signIn(values.tenant, values.email, values.password)
      this.dispatchEvent(
        new CustomEvent<SignedInDetail>('console-signed-in', {
          detail: { token: session.token },
          bubbles: true,
          composed: true,
        })
      )
    } catch (error) {
      if (error instanceof ConsoleApiError && error.errors.length) {
        const errors: Partial<Record<Field, string>> = {}
        for (const e of error.errors) {
          if ((FIELDS as string[]).includes(e.field)) errors[e.field as Field] ??= e.message
        }
        this.errors = errors
        this.alert = this.t('fixFields')
        await this.focusFirstError()
      } else if (error instanceof ConsoleApiError && error.status !== 0) {
        this.alert = error.detail ?? error.title
      } else {
        this.alert = this.t('networkError')
      }
    } finally {
      this.busy = false
    }
  }

  private async focusFirstError() {
    await this.updateComplete
    const first = FIELDS.find((f) => this.errors[f])
    if (first) this.renderRoot.querySelector<HTMLInputElement>(`#${first}`)?.focus()
  }

  private field(name: Field, label: string, type: string, autocomplete: string, hint?: string) {
    const error = this.errors[name]
    const describedBy = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ')
    return html`<div class="field">
      <label for=${name}>${label}</label>
      ${hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : ''}
      <input
        id=${name}
        name=${name}
        type=${type}
        autocomplete=${autocomplete}
        .value=${name === 'tenant' ? this.tenant : ''}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        spellcheck="false"
      />
      ${error ? html`<p class="error" id="${name}-error">${error}</p>` : ''}
    </div>`
  }

  override render() {
    return html`<section class="card" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">${this.t('signInTitle')}</h1>
      ${this.notice ? html`<p class="notice">${this.notice}</p>` : ''}
      <p>${this.t('signInIntro')}</p>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      <form novalidate @submit=${this.submit}>
        ${this.field('tenant', this.t('tenantId'), 'text', 'organization', this.t('tenantHint'))}
        ${this.field('email', this.t('email'), 'email', 'username')}
        ${this.field('password', this.t('password'), 'password', 'current-password')}
        <button class="primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? this.t('signingIn') : this.t('signIn')}
        </button>
      </form>
    </section>`
  }
}

if (!customElements.get(SIGN_IN_TAG)) customElements.define(SIGN_IN_TAG, TesseraConsoleSignIn)

declare global {
  interface HTMLElementTagNameMap {
    [SIGN_IN_TAG]: TesseraConsoleSignIn
  }
}
