import { LitElement, css, html, nothing } from 'lit'
import type { PropertyValues, TemplateResult } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApiError } from '../../api.js'
import type { Locale } from '../../messages.js'
import { consoleStyles } from '../../styles.js'
import { SETTING_LIMITS } from './api.js'
import type { NumericSetting, TenantDocument, TenantPatch } from './api.js'
import { settingsMsg } from './messages.js'
import type { SettingsMessage } from './messages.js'

/** Saves a change of the tenant (PATCH with If-Match); resolves with the tenant as saved. */
export type SaveTenant = (changes: TenantPatch) => Promise<TenantDocument>

/** A field's value as the form holds it (inputs give text; checkboxes booleans; choice sets arrays). */
export type FieldValue = string | boolean | string[]

/** The form's values, keyed by the field's name in the API (`settings.imageRetentionHours`). */
export type Values = Record<string, FieldValue>

/** `settings.imageRetentionHours` → `settings-imageRetentionHours` (usable as an id). */
export const idOf = (field: string) => field.replace(/\./g, '-')

const same = (a: Values, b: Values) => JSON.stringify(a) === JSON.stringify(b)

/** `{ 'settings.x': 1 }` → `{ settings: { x: 1 } }`. */
function nest(flat: Record<string, unknown>): TenantPatch {
  const out: Record<string, unknown> = {}
  for (const [path, value] of Object.entries(flat)) {
    const parts = path.split('.')
    let node = out
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>
    node[parts[parts.length - 1]!] = value
  }
  return out as TenantPatch
}

export const sectionStyles = css`
  :host {
    margin: 0 0 1.25rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .row input {
    flex: 1 1 14rem;
    width: auto;
  }
  .check {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    margin: 0 0 0.875rem;
  }
  .check input {
    width: auto;
  }
  .check label {
    margin: 0;
    font-weight: 400;
  }
  fieldset.choices label {
    font-weight: 400;
  }
  input[type='checkbox'][aria-invalid='true'] {
    outline: 2px solid #b3261e;
  }
`

/**
 * One section of the Settings page: its own form over part of the tenant, saved with the page's
 * `save` (so every section sends the same If-Match and sees the same conflicts). Values are kept per
 * API field; a 422 problem's errors are shown beside their fields, the first one focused. Unsaved edits
 * survive a save of another section; a reload of the page (`generation`) drops them.
 */
export abstract class SettingsSection extends LitElement {
  static override styles = [consoleStyles, sectionStyles]

  @property({ attribute: false }) tenant: TenantDocument | null = null
  @property({ attribute: false }) save: SaveTenant | null = null
  @property() locale: Locale = 'en'
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false
  /** Bumped by the page when it reloads the settings: unsaved edits are dropped. */
  @property({ type: Number }) generation = 0

  @state() protected values: Values | null = null
  @state() protected errors: Record<string, string> = {}
  @state() protected status = ''
  @state() protected alert = ''
  @state() protected busy = false
  private baseline: Values | null = null

  /** The section's fields from the tenant. */
  protected abstract read(tenant: TenantDocument): Values
  /** The message announced after a save. */
  protected abstract readonly savedMessage: SettingsMessage

  /** Errors found before sending (keyed by API field); the API checks again. */
  protected check(values: Values): Record<string, string> {
    const errors: Record<string, string> = {}
    for (const [field, value] of Object.entries(values)) {
      const limits = SETTING_LIMITS[field.replace(/^settings\./, '') as NumericSetting]
      if (limits && typeof value === 'string') {
        const n = Number(value)
        if (!/^\d+$/.test(value.trim()) || n < limits.min || n > limits.max)
          errors[field] = this.t('between', { min: String(limits.min), max: String(limits.max) })
      }
    }
    return errors
  }

  /** A field's value as the API takes it. */
  protected toApi(field: string, value: FieldValue): unknown {
    const limits = SETTING_LIMITS[field.replace(/^settings\./, '') as NumericSetting]
    return limits && typeof value === 'string' ? Number(value) : value
  }

  /** The changed fields as a PATCH body, or null. */
  protected changes(values: Values, baseline: Values): TenantPatch | null {
    const flat: Record<string, unknown> = {}
    for (const [field, value] of Object.entries(values))
      if (JSON.stringify(value) !== JSON.stringify(baseline[field])) flat[field] = this.toApi(field, value)
    return Object.keys(flat).length ? nest(flat) : null
  }

  /** Whether an API error about `field` belongs beside one of this section's fields. */
  protected owns(field: string): boolean {
    return Object.keys(this.values ?? {}).some((k) => field === k || field.startsWith(`${k}.`))
  }

  /** Where an API error about `field` is shown (`allowedOrigins.2` stays itself; override to merge). */
  protected placeOf(field: string): string {
    return Object.keys(this.values ?? {}).find((k) => field === k) ?? field
  }

  protected t(key: SettingsMessage, vars?: Record<string, string>) {
    return settingsMsg(this.locale, key, vars)
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if ((changed.has('tenant') || changed.has('generation')) && this.tenant) {
      const fresh = this.read(this.tenant)
      const reload = changed.has('generation') && changed.get('generation') !== undefined
      if (reload || !this.values || !this.baseline || same(this.values, this.baseline)) {
        this.values = fresh
        if (reload) {
          this.errors = {}
          this.alert = ''
          this.status = ''
        }
      }
      this.baseline = fresh
    }
  }

  protected set(field: string, value: FieldValue) {
    this.values = { ...this.values!, [field]: value }
  }

  protected async submit(event: SubmitEvent) {
    event.preventDefault()
    if (this.busy || !this.canEdit || !this.values || !this.baseline || !this.save) return
    this.status = ''
    this.alert = ''
    const errors = this.check(this.values)
    this.errors = errors
    if (Object.keys(errors).length) {
      this.alert = this.t('fixFields')
      await this.focusFirstError()
      return
    }
    const changes = this.changes(this.values, this.baseline)
    if (!changes) {
      this.status = this.t('nothingChanged')
      return
    }
    this.busy = true
    try {
      const saved = await this.save(changes)
      this.baseline = this.values = this.read(saved)
      this.status = this.t(this.savedMessage)
    } catch (error) {
      await this.failed(error)
    } finally {
      this.busy = false
    }
  }

  /** 422: beside the fields; 401 and 412 are the page's to show; anything else in the alert. */
  protected async failed(error: unknown) {
    if (error instanceof ConsoleApiError && error.status === 422 && error.errors.length) {
      const errors: Record<string, string> = {}
      const elsewhere: string[] = []
      for (const e of error.errors) {
        if (this.owns(e.field)) errors[this.placeOf(e.field)] ??= e.message
        else elsewhere.push(e.message)
      }
      this.errors = errors
      this.alert = [this.t('fixFields'), ...elsewhere].join(' ')
      await this.focusFirstError()
    } else if (error instanceof ConsoleApiError && (error.status === 401 || error.status === 412)) {
      // The page ends the session or shows the conflict with its reload button.
    } else if (error instanceof ConsoleApiError && error.status !== 0) {
      this.alert = error.detail ?? error.title
    } else {
      this.alert = this.t('networkError')
    }
  }

  protected async focusFirstError() {
    await this.updateComplete
    // Controls mark themselves aria-invalid; list rows without a control of their own, data-error.
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"], [data-error]')?.focus()
  }

  // Rendering helpers: labelled controls with hint and error tied by aria-describedby.

  protected described(field: string, hint: boolean) {
    const ids = [hint ? `${idOf(field)}-hint` : '', this.errors[field] ? `${idOf(field)}-error` : '']
    return ids.filter(Boolean).join(' ') || nothing
  }

  protected errorOf(field: string) {
    const error = this.errors[field]
    return error ? html`<p class="error" id="${idOf(field)}-error">${error}</p>` : nothing
  }

  protected textField(
    field: string,
    label: string,
    options: { hint?: string; type?: string; inputmode?: string; autocomplete?: string } = {}
  ): TemplateResult {
    const id = idOf(field)
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : nothing}
      <input
        id=${id}
        name=${field}
        type=${options.type ?? 'text'}
        inputmode=${options.inputmode ?? nothing}
        autocomplete=${options.autocomplete ?? 'off'}
        .value=${String(this.values?.[field] ?? '')}
        ?disabled=${!this.canEdit}
        aria-invalid=${this.errors[field] ? 'true' : 'false'}
        aria-describedby=${this.described(field, !!options.hint)}
        @input=${(e: Event) => this.set(field, (e.target as HTMLInputElement).value)}
      />
      ${this.errorOf(field)}
    </div>`
  }

  /** A whole number within the API's limits (the hint says which, and whether the platform caps it). */
  protected numberField(field: string, label: SettingsMessage): TemplateResult {
    const limits = SETTING_LIMITS[field.replace(/^settings\./, '') as NumericSetting]
    const range = this.t('range', { min: String(limits.min), max: String(limits.max) })
    const hint = limits.cap ? `${range} ${this.t('cap', { max: String(limits.max) })}` : range
    return this.textField(field, this.t(label), { hint, inputmode: 'numeric' })
  }

  protected checkbox(field: string, label: string): TemplateResult {
    const id = idOf(field)
    return html`<div class="check">
        <input
          id=${id}
          name=${field}
          type="checkbox"
          .checked=${this.values?.[field] === true}
          ?disabled=${!this.canEdit}
          aria-invalid=${this.errors[field] ? 'true' : 'false'}
          aria-describedby=${this.described(field, false)}
          @change=${(e: Event) => this.set(field, (e.target as HTMLInputElement).checked)}
        />
        <label for=${id}>${label}</label>
      </div>
      ${this.errorOf(field)}`
  }

  protected select(field: string, label: string, options: Array<[string, string]>): TemplateResult {
    const id = idOf(field)
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <select
        id=${id}
        name=${field}
        ?disabled=${!this.canEdit}
        aria-invalid=${this.errors[field] ? 'true' : 'false'}
        aria-describedby=${this.described(field, false)}
        @change=${(e: Event) => this.set(field, (e.target as HTMLSelectElement).value)}
      >
        ${options.map(
          ([value, text]) =>
            html`<option value=${value} ?selected=${this.values?.[field] === value}>${text}</option>`
        )}
      </select>
      ${this.errorOf(field)}
    </div>`
  }

  /** A set of checkboxes for an array field (`locales`, `settings.uploadTypes`). */
  protected choices(field: string, legend: string, options: Array<[string, string]>): TemplateResult {
    const chosen = (this.values?.[field] as string[] | undefined) ?? []
    const id = idOf(field)
    // Read the values when the box changes, not when it was rendered (two quick changes in a row).
    const toggle = (value: string, on: boolean) => {
      const now = (this.values?.[field] as string[] | undefined) ?? []
      this.set(
        field,
        options.map(([v]) => v).filter((v) => (v === value ? on : now.includes(v)))
      )
    }
    return html`<fieldset class="choices" aria-describedby=${this.described(field, false)}>
      <legend>${legend}</legend>
      ${options.map(
        ([value, text]) =>
          html`<div class="check">
            <input
              id="${id}-${value}"
              type="checkbox"
              .checked=${chosen.includes(value)}
              ?disabled=${!this.canEdit}
              aria-invalid=${this.errors[field] ? 'true' : 'false'}
              @change=${(e: Event) => toggle(value, (e.target as HTMLInputElement).checked)}
            />
            <label for="${id}-${value}">${text}</label>
          </div>`
      )}
      ${this.errorOf(field)}
    </fieldset>`
  }

  /** The section's card: title, hint, live regions, the form and its save button. */
  protected card(name: string, title: SettingsMessage, hint: SettingsMessage, body: TemplateResult) {
    return html`<section class="card" aria-labelledby="${name}-title">
      <h2 id="${name}-title">${this.t(title)}</h2>
      <p class="hint">${this.t(hint)}</p>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      ${
        this.values
          ? html`<form novalidate @submit=${this.submit} aria-busy=${this.busy ? 'true' : 'false'}>
              ${body}
              ${
                this.canEdit
                  ? // No type attribute: still the form's submit button, but not one of the
                    // page's button[type=submit] (the company form's, which other tests address).
                    html`<button class="primary save" ?disabled=${this.busy}>
                      ${this.busy ? this.t('saving') : this.t('save')}
                    </button>`
                  : nothing
              }
            </form>`
          : nothing
      }
      <p class="status" role="status">${this.status}</p>
    </section>`
  }
}
