import { LitElement, css, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError } from './api.js'
import type { TenantChanges } from './api.js'
import { msg } from './messages.js'
import type { Locale, MessageKey } from './messages.js'
import { consoleStyles } from './styles.js'
import { settingsApi } from './pages/settings/api.js'
import type { TenantDocument, TenantPatch } from './pages/settings/api.js'
import { settingsMsg } from './pages/settings/messages.js'
import { purposesApi } from './pages/purposes/api.js'
import type { PolicyPurpose } from './pages/purposes/api.js'
import './pages/settings/settings-organisation.js'
import './pages/settings/settings-locales.js'
import './pages/settings/settings-origins.js'
import './pages/settings/settings-retention.js'
import './pages/settings/settings-dormancy.js'
import './pages/settings/settings-mail.js'
import './pages/settings/settings-uploads.js'
import './pages/settings/settings-branding.js'
import './pages/settings/settings-keys.js'
import { failureText } from './failures.js'

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

function valuesOf(tenant: TenantDocument): Record<SettingsField, string> {
  return {
    name: tenant.name,
    legalName: tenant.legalName,
    'officer.name': tenant.officer.name,
    'officer.department': tenant.officer.department,
    'officer.email': tenant.officer.email,
  }
}

/**
 * The Settings page: company and legal name and the privacy officer, then one section per part of the
 * tenant (languages, allowed origins, retention and notices, dormancy, newsletters, uploads, branding
 * with a live preview, API keys), from `GET /v1/admin/tenant`. Every section saves only what changed
 * with `PATCH /v1/admin/tenant` and the ETag it read as `If-Match`: when another admin saved in between,
 * the API answers 412 and the page says so, with a reload button (nothing is overwritten). A 422
 * problem's errors are shown next to their fields; "saved" and other errors are announced in live
 * regions. Read-only without `canEdit`. Fires `console-session-ended` when the API no longer accepts the
 * session.
 */
export class TesseraConsoleSettings extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      .sections > * {
        max-width: 40rem;
      }
      .company {
        margin: 0 0 1.25rem;
      }
      .conflict.shown {
        margin: 0 0 1rem;
        padding: 0.75rem;
        border: 2px solid #b3261e;
        border-radius: 8px;
        background: #fdecea;
        max-width: 40rem;
      }
      .conflict p {
        margin: 0 0 0.5rem;
      }
    `,
  ]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  /** Whether the signed-in role may change the tenant (`tenant.update`). */
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false
  @property({ attribute: 'role-label' }) roleLabel = ''
  /** Whether the signed-in role may manage API keys (`keys.manage`); else the keys are not shown. */
  @property({ type: Boolean, attribute: 'can-manage-keys' }) canManageKeys = false

  @state() private loaded: TenantDocument | null = null
  /** The ETag of `loaded`, sent as If-Match with every change. */
  private etag: string | null = null
  /** Another admin saved since `loaded`: shown with a reload button. */
  @state() private conflict = false
  /** Bumped on reload so the sections drop their unsaved edits. */
  @state() private generation = 0
  /** The purposes in effect, for the preview's consent form (null until known). */
  @state() private purposes: PolicyPurpose[] | null = null
  @state() private logoVersion = ''
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

  /** (Re)reads the tenant settings and their ETag. */
  async load() {
    try {
      const { tenant, etag } = await settingsApi.tenant(this.api)
      this.loaded = tenant
      this.etag = etag
      this.values = valuesOf(tenant)
    } catch (error) {
      this.failed(error)
    }
    // The preview's consent form lists the purposes in effect; without them it says there is no policy.
    purposesApi.currentPolicy(this.api).then(
      (policy) => (this.purposes = policy?.content.purposes ?? []),
      () => (this.purposes = [])
    )
  }

  /** After a 412: the current settings, every section's unsaved edits dropped. */
  private async reload() {
    this.conflict = false
    this.errors = {}
    this.alert = ''
    await this.load()
    this.generation += 1
    this.status = settingsMsg(this.locale, 'reloaded')
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>('#settings-title')?.focus()
  }

  /**
   * Saves a change with If-Match (what every section calls). 412: the conflict is shown; 401: the
   * session ended. Either way the error is passed on so the section stops and keeps its edits.
   */
  private saveTenant = async (changes: TenantPatch): Promise<TenantDocument> => {
    try {
      const { tenant, etag } = await settingsApi.update(this.api, changes, this.etag)
      this.accept(tenant, etag)
      return tenant
    } catch (error) {
      this.refused(error)
      throw error
    }
  }

  private uploadLogo = async (image: File) => {
    try {
      await settingsApi.uploadLogo(this.api, image, this.etag)
    } catch (error) {
      this.refused(error)
      throw error
    }
    // The logo key is the API's to name: read the settings (and their new ETag) back.
    const { tenant, etag } = await settingsApi.tenant(this.api)
    this.accept(tenant, etag)
    this.logoVersion = String(Date.now())
  }

  private accept(tenant: TenantDocument, etag: string | null) {
    this.loaded = tenant
    this.etag = etag
    this.conflict = false
  }

  private refused(error: unknown) {
    if (error instanceof ConsoleApiError && error.status === 412) this.conflict = true
    else if (error instanceof ConsoleApiError && error.status === 401)
      this.dispatchEvent(new CustomEvent('console-session-ended', { bubbles: true, composed: true }))
  }

  private failed(error: unknown) {
    const text = failureText(this, this.locale, error)
    if (text) this.alert = text
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
      this.values = valuesOf(await this.saveTenant(changes))
      this.status = this.t('saved')
    } catch (error) {
      if (error instanceof ConsoleApiError && (error.status === 412 || error.status === 401)) {
        // Shown by saveTenant: the conflict with its reload button, or the sign-in page.
      } else if (error instanceof ConsoleApiError && error.status === 422 && error.errors.length) {
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

  protected override updated(changed: Map<string, unknown>) {
    // A conflict may come from a section far down the page: bring the reload button to the keyboard.
    if (changed.has('conflict') && this.conflict) {
      const reload = this.renderRoot.querySelector<HTMLButtonElement>('.conflict button')
      reload?.focus()
      reload?.scrollIntoView?.({ block: 'center' })
    }
  }

  private sections(tenant: TenantDocument) {
    const common = {
      tenant,
      save: this.saveTenant,
      locale: this.locale,
      canEdit: this.canEdit,
      generation: this.generation,
    }
    return html`<div class="sections">
      <tessera-console-settings-organisation
        .tenant=${common.tenant}
        .save=${common.save}
        .locale=${common.locale}
        .canEdit=${common.canEdit}
        .generation=${common.generation}
      ></tessera-console-settings-organisation>
      <tessera-console-settings-locales
        .tenant=${common.tenant}
        .save=${common.save}
        .locale=${common.locale}
        .canEdit=${common.canEdit}
        .generation=${common.generation}
      ></tessera-console-settings-locales>
      <tessera-console-settings-origins
        .tenant=${common.tenant}
        .save=${common.save}
        .locale=${common.locale}
        .canEdit=${common.canEdit}
        .generation=${common.generation}
      ></tessera-console-settings-origins>
      <tessera-console-settings-retention
        .tenant=${common.tenant}
        .save=${common.save}
        .locale=${common.locale}
        .canEdit=${common.canEdit}
        .generation=${common.generation}
      ></tessera-console-settings-retention>
      <tessera-console-settings-dormancy
        .tenant=${common.tenant}
        .save=${common.save}
        .locale=${common.locale}
        .canEdit=${common.canEdit}
        .generation=${common.generation}
      ></tessera-console-settings-dormancy>
      <tessera-console-settings-mail
        .tenant=${common.tenant}
        .save=${common.save}
        .locale=${common.locale}
        .canEdit=${common.canEdit}
        .generation=${common.generation}
      ></tessera-console-settings-mail>
      <tessera-console-settings-uploads
        .tenant=${common.tenant}
        .save=${common.save}
        .locale=${common.locale}
        .canEdit=${common.canEdit}
        .generation=${common.generation}
      ></tessera-console-settings-uploads>
      <tessera-console-settings-branding
        .tenant=${common.tenant}
        .save=${common.save}
        .locale=${common.locale}
        .canEdit=${common.canEdit}
        .generation=${common.generation}
        .uploadLogo=${this.uploadLogo}
        .purposes=${this.purposes}
        .logoVersion=${this.logoVersion}
        .apiBase=${this.api.base}
      ></tessera-console-settings-branding>
      ${
        this.canManageKeys
          ? html`<tessera-console-settings-keys
              .api=${this.api}
              .locale=${this.locale}
              .roleLabel=${this.roleLabel}
            ></tessera-console-settings-keys>`
          : nothing
      }
    </div>`
  }

  override render() {
    const s = (key: Parameters<typeof settingsMsg>[1]) => settingsMsg(this.locale, key)
    return html`<section class="card company" aria-labelledby="settings-title">
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
      </section>
      <div role="alert" class="conflict ${this.conflict ? 'shown' : ''}">
        ${
          this.conflict
            ? html`<p>${s('conflict')}</p>
                <button type="button" class="primary reload" @click=${this.reload}>${s('reload')}</button>`
            : nothing
        }
      </div>
      ${this.loaded ? this.sections(this.loaded) : nothing}`
  }
}

if (!customElements.get(SETTINGS_TAG)) customElements.define(SETTINGS_TAG, TesseraConsoleSettings)

declare global {
  interface HTMLElementTagNameMap {
    [SETTINGS_TAG]: TesseraConsoleSettings
  }
}
