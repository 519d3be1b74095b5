import { LitElement, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError } from './api.js'
import type { TenantChanges, TenantSettings } from './api.js'
import { msg } from './messages.js'
import type { Locale, MessageKey } from './messages.js'
import { consoleStyles } from './styles.js'

export const SETTINGS_TAG = 'tessera-console-settings'

/** The fields this page edits, named as the API names them in 422 problems. */
export const SETTINGS_FIELDS = [
  'name',
  'legalName',
  'officer.name',
  'officer.department',
  'officer.email',
] as const
export type SettingsField = (typeof SETTINGS_FIELDS)[number]

const LABELS: Record<SettingsField, MessageKey> = {
  name: 'companyName',
  legalName: 'legalName',
  'officer.name': 'officerName',
  'officer.department': 'officerDepartment',
  'officer.email': 'officerEmail',
}

/** `officer.email` → `officer-email` (an id usable in selectors). */
const idOf = (field: SettingsField) => field.replace('.', '-')

function valuesOf(tenant: TenantSettings): Record<SettingsField, string> {
  return {
    name: tenant.name,
    legalName: tenant.legalName,
    'officer.name': tenant.officer.name,
    'officer.department': tenant.officer.department,
    'officer.email': tenant.officer.email,
  }
}

/**
 * The Settings page: company and legal name and the privacy officer, from `GET /v1/admin/tenant`, saved
 * with `PATCH /v1/admin/tenant` (only the fields that changed). A 422 problem's errors are shown next to
 * their fields; "saved" and other errors are announced in live regions. Read-only without `canEdit`.
 * Fires `console-session-ended` when the API no longer accepts the session.
 */
export class TesseraConsoleSettings extends LitElement {
  static override styles = consoleStyles

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  /** Whether the signed-in role may change the tenant (`tenant.update`). */
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false
  @property({ attribute: 'role-label' }) roleLabel = ''

  @state() private loaded: TenantSettings | null = null
  @state() private values: Record<SettingsField, string> | null = null
  @state() private errors: Partial<Record<SettingsField, string>> = {}
  @state() private status = ''
  @state() private alert = ''
  @state() private busy = false

  private t(key: MessageKey, vars?: Record<string, string>) {
    return msg(this.locale, key, vars)
  }

  override connectedCallback() {
    super.connectedCallback()
    void this.load()
  }

  /** (Re)reads the tenant settings. */
  async load() {
    try {
      this.loaded = await this.api.tenant()
      this.values = valuesOf(this.loaded)
    } catch (error) {
      this.failed(error)
    }
  }

  private failed(error: unknown) {
    if (error instanceof ConsoleApiError && error.status === 401) {
      this.dispatchEvent(new CustomEvent('console-session-ended', { bubbles: true, composed: true }))
    } else if (error instanceof ConsoleApiError && error.status !== 0) {
      this.alert = error.detail ?? error.title
    } else {
      this.alert = this.t('networkError')
    }
  }

  private changes(): TenantChanges | null {
    if (!this.loaded || !this.values) return null
    const before = valuesOf(this.loaded)
    const v = this.values
    const changes: TenantChanges = {}
    if (v.name !== before.name) changes.name = v.name
    if (v.legalName !== before.legalName) changes.legalName = v.legalName
    const officer: NonNullable<TenantChanges['officer']> = {}
    if (v['officer.name'] !== before['officer.name']) officer.name = v['officer.name']
    if (v['officer.department'] !== before['officer.department']) officer.department = v['officer.department']
    if (v['officer.email'] !== before['officer.email']) officer.email = v['officer.email']
    if (Object.keys(officer).length) changes.officer = officer
    return Object.keys(changes).length ? changes : null
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault()
    if (this.busy || !this.canEdit || !this.values) return
    this.status = ''
    this.alert = ''
    const values = this.values
    const missing = SETTINGS_FIELDS.filter((f) => !values[f].trim())
    if (missing.length) {
      this.errors = Object.fromEntries(missing.map((f) => [f, this.t('required')]))
      this.alert = this.t('fixFields')
      await this.focusFirstError()
      return
    }
    const changes = this.changes()
    this.errors = {}
    if (!changes) {
      this.status = this.t('nothingChanged')
      return
    }
    this.busy = true
    try {
      this.loaded = await this.api.updateTenant(changes)
      this.values = valuesOf(this.loaded)
      this.status = this.t('saved')
    } catch (error) {
      if (error instanceof ConsoleApiError && error.status === 422 && error.errors.length) {
        const errors: Partial<Record<SettingsField, string>> = {}
        const elsewhere: string[] = []
        for (const e of error.errors) {
          if ((SETTINGS_FIELDS as readonly string[]).includes(e.field))
            errors[e.field as SettingsField] ??= e.message
          else elsewhere.push(e.message)
        }
        this.errors = errors
        this.alert = [this.t('fixFields'), ...elsewhere].join(' ')
        await this.focusFirstError()
      } else {
        this.failed(error)
      }
    } finally {
      this.busy = false
    }
  }

  private async focusFirstError() {
    await this.updateComplete
    const first = SETTINGS_FIELDS.find((f) => this.errors[f])
    if (first) this.renderRoot.querySelector<HTMLInputElement>(`#${idOf(first)}`)?.focus()
  }

  private input(event: Event, field: SettingsField) {
    this.values = { ...this.values!, [field]: (event.target as HTMLInputElement).value }
  }

  private field(field: SettingsField, type = 'text', autocomplete = 'off') {
    const id = idOf(field)
    const error = this.errors[field]
    return html`<div class="field">
      <label for=${id}>${this.t(LABELS[field])}</label>
      <input
        id=${id}
        name=${field}
        type=${type}
        autocomplete=${autocomplete}
        .value=${this.values?.[field] ?? ''}
        ?disabled=${!this.canEdit}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `${id}-error` : nothing}
        @input=${(e: Event) => this.input(e, field)}
      />
      ${error ? html`<p class="error" id="${id}-error">${error}</p>` : ''}
    </div>`
  }

  override render() {
    return html`<section class="card" aria-labelledby="settings-title">
      <h1 id="settings-title" tabindex="-1">${this.t('settingsTitle')}</h1>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      ${
        !this.canEdit && this.values
          ? html`<p class="notice">${this.t('readOnly', { role: this.roleLabel })}</p>`
          : ''
      }
      ${
        this.values
          ? html`<form novalidate @submit=${this.submit} aria-busy=${this.busy ? 'true' : 'false'}>
              <fieldset>
                <legend>${this.t('company')}</legend>
                ${this.field('name', 'text', 'organization')} ${this.field('legalName')}
              </fieldset>
              <fieldset>
                <legend>${this.t('officer')}</legend>
                <p class="hint">${this.t('officerHint')}</p>
                ${this.field('officer.name', 'text', 'name')} ${this.field('officer.department')}
                ${this.field('officer.email', 'email', 'email')}
              </fieldset>
              ${
                this.canEdit
                  ? html`<button class="primary" type="submit" ?disabled=${this.busy}>
                      ${this.busy ? this.t('saving') : this.t('save')}
                    </button>`
                  : ''
              }
            </form>`
          : html`<p>${this.alert ? '' : this.t('loading')}</p>`
      }
      <p class="status" role="status">${this.status}</p>
    </section>`
  }
}

if (!customElements.get(SETTINGS_TAG)) customElements.define(SETTINGS_TAG, TesseraConsoleSettings)

declare global {
  interface HTMLElementTagNameMap {
    [SETTINGS_TAG]: TesseraConsoleSettings
  }
}
