import { LitElement, css, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError } from '../../api.js'
import type { Locale } from '../../messages.js'
import { consoleStyles } from '../../styles.js'
import { settingsApi } from './api.js'
import type { ApiKey, IssuedKey } from './api.js'
import { settingsMsg } from './messages.js'
import type { SettingsMessage } from './messages.js'
import { sectionStyles } from './settings-section.js'

export const SETTINGS_KEYS_TAG = 'tessera-console-settings-keys'

/**
 * The tenant's API keys (needs `keys.manage`): the list (name, kind, first characters, dates), creating a
 * publishable or secret key, and revoking one after a confirmation. A new secret key is shown once, with a
 * copy button; after "Done" or a reload only its first characters remain.
 */
export class TesseraConsoleSettingsKeys extends LitElement {
  static override styles = [
    consoleStyles,
    sectionStyles,
    css`
      .table-wrap {
        overflow-x: auto;
      }
      .table-wrap:focus-visible {
        outline: 3px solid var(--tessera-color-accent, #00a37a);
        outline-offset: 2px;
        margin: 0 0 1rem;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.9375rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.375rem 0.5rem;
        border-bottom: 1px solid #e1e6eb;
        vertical-align: top;
      }
      tr.revoked td {
        color: #4a5561;
      }
      .confirm,
      .issued {
        margin: 0 0 1rem;
        padding: 0.75rem;
        border: 2px solid #b3261e;
        border-radius: 8px;
        background: #fff8f7;
      }
      .issued {
        border-color: var(--tessera-color-primary, #0b5fff);
        background: #f3f7ff;
      }
      .issued input {
        font-family: ui-monospace, monospace;
      }
      button.danger {
        background: #b3261e;
        border-color: #b3261e;
        color: #ffffff;
      }
    `,
  ]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  @property({ attribute: 'role-label' }) roleLabel = ''

  @state() private keys: ApiKey[] | null = null
  @state() private confirming: ApiKey | null = null
  @state() private issued: IssuedKey | null = null
  @state() private label = ''
  @state() private kind: ApiKey['kind'] = 'secret'
  @state() private errors: Record<string, string> = {}
  @state() private status = ''
  @state() private alert = ''
  @state() private busy = false

  private t(key: SettingsMessage, vars?: Record<string, string>) {
    return settingsMsg(this.locale, key, vars)
  }

  override connectedCallback() {
    super.connectedCallback()
    void this.load()
  }

  async load() {
    try {
      this.keys = (await settingsApi.keys(this.api)).data
    } catch (error) {
      this.failed(error)
    }
  }

  private failed(error: unknown) {
    if (error instanceof ConsoleApiError && error.status === 401) {
      this.dispatchEvent(new CustomEvent('console-session-ended', { bubbles: true, composed: true }))
    } else if (error instanceof ConsoleApiError && error.status === 422 && error.errors.length) {
      const errors: Record<string, string> = {}
      for (const e of error.errors) errors[e.field === 'kind' ? 'kind' : 'label'] ??= e.message
      this.errors = errors
      this.alert = this.t('fixFields')
      void this.focusFirstError()
    } else if (error instanceof ConsoleApiError && error.status !== 0) {
      this.alert = error.detail ?? error.title
    } else {
      this.alert = this.t('networkError')
    }
  }

  private async focusFirstError() {
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }

  private async create(event: SubmitEvent) {
    event.preventDefault()
    if (this.busy) return
    this.status = ''
    this.alert = ''
    this.issued = null
    const label = this.label.trim()
    if (!label) {
      this.errors = { label: this.t('required') }
      this.alert = this.t('fixFields')
      await this.focusFirstError()
      return
    }
    this.errors = {}
    this.busy = true
    try {
      const issued = await settingsApi.createKey(this.api, this.kind, label)
      this.issued = issued
      this.label = ''
      this.status = this.t('created', { label: issued.label })
      await this.load()
      await this.updateComplete
      this.renderRoot.querySelector<HTMLInputElement>('#issued-key')?.focus()
    } catch (error) {
      this.failed(error)
    } finally {
      this.busy = false
    }
  }

  private async askRevoke(key: ApiKey) {
    this.confirming = key
    this.status = ''
    await this.updateComplete
    this.renderRoot.querySelector<HTMLButtonElement>('.confirm button.danger')?.focus()
  }

  private async cancelRevoke() {
    const id = this.confirming?.id
    this.confirming = null
    await this.updateComplete
    if (id) this.renderRoot.querySelector<HTMLButtonElement>(`button[data-revoke="${id}"]`)?.focus()
  }

  private async revoke() {
    const key = this.confirming
    if (!key || this.busy) return
    this.busy = true
    try {
      await settingsApi.revokeKey(this.api, key.id)
      this.confirming = null
      if (this.issued?.id === key.id) this.issued = null
      this.status = this.t('revoked', { label: key.label })
      await this.load()
      await this.updateComplete
      this.renderRoot.querySelector<HTMLElement>('#keys-title')?.focus()
    } catch (error) {
      this.failed(error)
    } finally {
      this.busy = false
    }
  }

  private async copy() {
    if (!this.issued) return
    try {
      await navigator.clipboard.writeText(this.issued.key)
      this.status = this.t('copied')
    } catch {
      this.renderRoot.querySelector<HTMLInputElement>('#issued-key')?.select()
      this.status = this.t('copyFailed')
    }
  }

  private date(iso: string | null) {
    if (!iso) return this.t('never')
    return new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(iso)
    )
  }

  private row(key: ApiKey) {
    return html`<tr class=${key.revokedAt ? 'revoked' : ''} data-key=${key.id}>
      <td>${key.label}</td>
      <td>${this.t(`kind_${key.kind}`)}</td>
      <td><code>${key.prefix}…</code></td>
      <td>${this.date(key.createdAt)}</td>
      <td>${this.date(key.lastUsedAt)}</td>
      <td>
        ${key.revokedAt ? this.t('keyRevoked', { date: this.date(key.revokedAt) }) : this.t('keyActive')}
      </td>
      <td>
        ${
          key.revokedAt
            ? nothing
            : html`<button
                type="button"
                class="secondary"
                data-revoke=${key.id}
                aria-label=${this.t('revokeLabel', { label: key.label })}
                @click=${() => this.askRevoke(key)}
              >
                ${this.t('revoke')}
              </button>`
        }
      </td>
    </tr>`
  }

  private confirmation(key: ApiKey) {
    return html`<div class="confirm" role="group" aria-labelledby="confirm-text">
      <p id="confirm-text">${this.t('confirmRevoke', { label: key.label, prefix: key.prefix })}</p>
      <div class="row">
        <button type="button" class="danger" ?disabled=${this.busy} @click=${this.revoke}>
          ${this.t('confirmRevokeButton')}
        </button>
        <button type="button" class="secondary" @click=${this.cancelRevoke}>${this.t('cancel')}</button>
      </div>
    </div>`
  }

  private issuedKey(key: IssuedKey) {
    return html`<div class="issued">
      <p id="issued-note">
        <strong>${key.kind === 'secret' ? this.t('secretOnce') : this.t('publishableShown')}</strong>
      </p>
      <label for="issued-key">${this.t('newKey')}</label>
      <div class="row">
        <input id="issued-key" readonly .value=${key.key} aria-describedby="issued-note" />
        <button type="button" class="secondary copy" @click=${this.copy}>${this.t('copy')}</button>
        <button type="button" class="primary done" @click=${() => (this.issued = null)}>
          ${this.t('done')}
        </button>
      </div>
    </div>`
  }

  override render() {
    const labelError = this.errors.label
    return html`<section class="card" aria-labelledby="keys-title">
      <h2 id="keys-title" tabindex="-1">${this.t('keysTitle')}</h2>
      <p class="hint">${this.t('keysHint')}</p>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      ${this.issued ? this.issuedKey(this.issued) : nothing}
      ${this.confirming ? this.confirmation(this.confirming) : nothing}
      ${
        this.keys === null
          ? nothing
          : this.keys.length
            ? html`<div class="table-wrap" role="group" tabindex="0" aria-labelledby="keys-title">
                <table aria-labelledby="keys-title">
                  <thead>
                    <tr>
                      <th scope="col">${this.t('keyLabel')}</th>
                      <th scope="col">${this.t('keyKind')}</th>
                      <th scope="col">${this.t('keyPrefix')}</th>
                      <th scope="col">${this.t('keyCreated')}</th>
                      <th scope="col">${this.t('keyLastUsed')}</th>
                      <th scope="col">${this.t('keyStatus')}</th>
                      <th scope="col">${this.t('keyActions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${this.keys.map((k) => this.row(k))}
                  </tbody>
                </table>
              </div>`
            : html`<p>${this.t('keysEmpty')}</p>`
      }
      <form novalidate @submit=${this.create} aria-busy=${this.busy ? 'true' : 'false'}>
        <fieldset>
          <legend>${this.t('createKey')}</legend>
          <div class="field">
            <label for="key-kind">${this.t('newKeyKind')}</label>
            <select
              id="key-kind"
              aria-invalid=${this.errors.kind ? 'true' : 'false'}
              @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as ApiKey['kind'])}
            >
              <option value="secret" ?selected=${this.kind === 'secret'}>${this.t('kind_secret')}</option>
              <option value="publishable" ?selected=${this.kind === 'publishable'}>
                ${this.t('kind_publishable')}
              </option>
            </select>
          </div>
          <div class="field">
            <label for="key-label">${this.t('newKeyLabel')}</label>
            <input
              id="key-label"
              autocomplete="off"
              maxlength="120"
              .value=${this.label}
              aria-invalid=${labelError ? 'true' : 'false'}
              aria-describedby=${labelError ? 'key-label-error' : nothing}
              @input=${(e: Event) => (this.label = (e.target as HTMLInputElement).value)}
            />
            ${labelError ? html`<p class="error" id="key-label-error">${labelError}</p>` : nothing}
          </div>
          <button class="primary create-key" ?disabled=${this.busy}>
            ${this.busy ? this.t('creating') : this.t('create')}
          </button>
        </fieldset>
      </form>
      <p class="status" role="status">${this.status}</p>
    </section>`
  }
}

if (!customElements.get(SETTINGS_KEYS_TAG))
  customElements.define(SETTINGS_KEYS_TAG, TesseraConsoleSettingsKeys)

declare global {
  interface HTMLElementTagNameMap {
    [SETTINGS_KEYS_TAG]: TesseraConsoleSettingsKeys
  }
}
