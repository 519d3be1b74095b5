import { LitElement, css, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError } from '../../api.js'
import type { Locale } from '../../messages.js'
import { consoleStyles } from '../../styles.js'
import { INVENTORY_LIMITS, purposesApi } from './api.js'
import type { InventoryEntry, PolicyCookieCategory } from './api.js'
import { purposesMsg } from './messages.js'
import type { PurposesMessage } from './messages.js'

export const PURPOSES_INVENTORY_TAG = 'tessera-console-purposes-inventory'

type EntryField = 'category' | 'name' | 'provider' | 'duration' | 'purpose.en' | 'purpose.ko'
const TEXT_FIELDS: Array<{ field: EntryField; label: PurposesMessage; max: number; area?: boolean }> = [
  { field: 'name', label: 'name', max: INVENTORY_LIMITS.name },
  { field: 'provider', label: 'provider', max: INVENTORY_LIMITS.provider },
  { field: 'duration', label: 'duration', max: INVENTORY_LIMITS.duration },
  { field: 'purpose.en', label: 'purposeEn', max: INVENTORY_LIMITS.purpose, area: true },
  { field: 'purpose.ko', label: 'purposeKo', max: INVENTORY_LIMITS.purpose, area: true },
]

/** The id of a row's field (`entry-3-purpose-en`). */
const idOf = (index: number, field: string) => `entry-${index}-${field.replace('.', '-')}`

const valueOf = (e: InventoryEntry, field: EntryField) =>
  field === 'purpose.en' ? e.purpose.en : field === 'purpose.ko' ? e.purpose.ko : e[field]

function withValue(e: InventoryEntry, field: EntryField, value: string): InventoryEntry {
  if (field === 'purpose.en') return { ...e, purpose: { ...e.purpose, en: value } }
  if (field === 'purpose.ko') return { ...e, purpose: { ...e.purpose, ko: value } }
  return { ...e, [field]: value }
}

/**
 * The cookie inventory editor: one group of fields per cookie (category, name, provider, duration,
 * purpose in English and Korean), add and remove rows, saved as a whole with
 * `PUT /v1/admin/cookies/inventory`. The API's errors (`entries.3.name`) are shown beside that row's field;
 * the first one is focused. Read-only without `canEdit`.
 */
export class TesseraConsolePurposesInventory extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      :host {
        margin: 0 0 1.25rem;
      }
      fieldset.entry {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
        gap: 0 1rem;
      }
      fieldset.entry .wide {
        grid-column: 1 / -1;
      }
      textarea {
        font: inherit;
        width: 100%;
        min-height: 3.5rem;
        padding: 0.5rem 0.625rem;
        border: 1px solid #6b7785;
        border-radius: 4px;
      }
      textarea[aria-invalid='true'],
      select[aria-invalid='true'] {
        border-color: #b3261e;
        border-width: 2px;
      }
      textarea:focus-visible {
        outline: 3px solid var(--tessera-color-accent, #00a37a);
        outline-offset: 2px;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
    `,
  ]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false
  @property({ attribute: 'role-label' }) roleLabel = ''
  /** The categories of the policy in effect (what a cookie may be filed under). */
  @property({ attribute: false }) categories: PolicyCookieCategory[] = []

  @state() private entries: InventoryEntry[] | null = null
  @state() private errors: Record<string, string> = {}
  @state() private status = ''
  @state() private alert = ''
  @state() private busy = false
  private saved = ''

  private t(key: PurposesMessage, vars?: Record<string, string>) {
    return purposesMsg(this.locale, key, vars)
  }

  override connectedCallback() {
    super.connectedCallback()
    void this.load()
  }

  async load() {
    try {
      const { entries } = await purposesApi.inventory(this.api)
      this.entries = entries
      this.saved = JSON.stringify(entries)
    } catch (error) {
      this.failed(error)
    }
  }

  private failed(error: unknown) {
    if (error instanceof ConsoleApiError && error.status === 401) {
      this.dispatchEvent(new CustomEvent('console-session-ended', { bubbles: true, composed: true }))
    } else if (error instanceof ConsoleApiError && error.status === 422 && error.errors.length) {
      const errors: Record<string, string> = {}
      const elsewhere: string[] = []
      for (const e of error.errors) {
        const row =
          /^entries\.(\d+)\.(category|name|provider|duration|purpose\.en|purpose\.ko|purpose)$/.exec(e.field)
        if (row) errors[idOf(Number(row[1]), row[2] === 'purpose' ? 'purpose.en' : row[2]!)] ??= e.message
        else if (e.field === 'entries') errors.entries ??= e.message
        else elsewhere.push(e.message)
      }
      this.errors = errors
      this.alert = [this.t('fixFields'), ...elsewhere].join(' ')
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

  /**
   * Empty fields and the number of rows, before sending; keyed by the field's id. Lengths are the
   * inputs' maxlength and the API's to refuse (its 422 shows beside the field like these).
   */
  private check(entries: InventoryEntry[]) {
    const errors: Record<string, string> = {}
    if (entries.length > INVENTORY_LIMITS.entries)
      errors.entries = this.t('tooManyEntries', { max: String(INVENTORY_LIMITS.entries) })
    entries.forEach((e, i) => {
      if (!e.category) errors[idOf(i, 'category')] = this.t('required')
      for (const { field } of TEXT_FIELDS)
        if (!valueOf(e, field).trim()) errors[idOf(i, field)] = this.t('required')
    })
    return errors
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault()
    if (this.busy || !this.canEdit || !this.entries) return
    this.status = ''
    this.alert = ''
    const errors = this.check(this.entries)
    this.errors = errors
    if (Object.keys(errors).length) {
      this.alert = this.t('fixFields')
      await this.focusFirstError()
      return
    }
    if (JSON.stringify(this.entries) === this.saved) {
      this.status = this.t('nothingChanged')
      return
    }
    this.busy = true
    try {
      const { entries } = await purposesApi.replaceInventory(this.api, this.entries)
      this.entries = entries
      this.saved = JSON.stringify(entries)
      this.status = this.t('saved')
    } catch (error) {
      this.failed(error)
    } finally {
      this.busy = false
    }
  }

  private edit(index: number, field: EntryField, value: string) {
    this.entries = this.entries!.map((e, i) => (i === index ? withValue(e, field, value) : e))
  }

  private async add() {
    const entries = this.entries ?? []
    if (entries.length >= INVENTORY_LIMITS.entries) {
      this.errors = {
        ...this.errors,
        entries: this.t('tooManyEntries', { max: String(INVENTORY_LIMITS.entries) }),
      }
      return
    }
    const category = this.categories.find((c) => !c.required)?.key ?? this.categories[0]?.key ?? ''
    this.entries = [
      ...entries,
      { category, name: '', provider: '', duration: '', purpose: { en: '', ko: '' } },
    ]
    await this.updateComplete
    this.renderRoot.querySelector<HTMLInputElement>(`#${idOf(entries.length, 'name')}`)?.focus()
  }

  private async removeEntry(index: number) {
    this.entries = this.entries!.filter((_, i) => i !== index)
    // Errors name rows by position: after a removal they would point at the wrong rows.
    this.errors = {}
    await this.updateComplete
    this.renderRoot.querySelector<HTMLButtonElement>('button.add-entry')?.focus()
  }

  private described(id: string) {
    return this.errors[id] ? `${id}-error` : nothing
  }

  private error(id: string) {
    return this.errors[id] ? html`<p class="error" id="${id}-error">${this.errors[id]}</p>` : nothing
  }

  private entry(e: InventoryEntry, i: number) {
    const n = String(i + 1)
    const categoryId = idOf(i, 'category')
    // A category no longer in the policy stays selectable, so a row is never silently moved.
    const keys = this.categories.map((c) => c.key)
    const options = keys.includes(e.category) || !e.category ? keys : [...keys, e.category]
    const title = (key: string) => this.categories.find((c) => c.key === key)?.title[this.locale] ?? key
    return html`<fieldset class="entry" data-entry=${i}>
      <legend>${this.t('entry', { n })}${e.name ? ` · ${e.name}` : ''}</legend>
      <div class="field">
        <label for=${categoryId}>${this.t('category')}</label>
        <select
          id=${categoryId}
          ?disabled=${!this.canEdit}
          aria-invalid=${this.errors[categoryId] ? 'true' : 'false'}
          aria-describedby=${this.described(categoryId)}
          @change=${(ev: Event) => this.edit(i, 'category', (ev.target as HTMLSelectElement).value)}
        >
          ${options.map((key) => html`<option value=${key} ?selected=${key === e.category}>${title(key)}</option>`)}
        </select>
        ${this.error(categoryId)}
      </div>
      ${TEXT_FIELDS.map(({ field, label, max, area }) => {
        const id = idOf(i, field)
        const common = {
          invalid: this.errors[id] ? 'true' : 'false',
          input: (ev: Event) => this.edit(i, field, (ev.target as HTMLInputElement).value),
        }
        return html`<div class="field ${area ? 'wide' : ''}">
          <label for=${id}>${this.t(label)}</label>
          ${
            area
              ? html`<textarea
                  id=${id}
                  maxlength=${max}
                  .value=${valueOf(e, field)}
                  ?disabled=${!this.canEdit}
                  aria-invalid=${common.invalid}
                  aria-describedby=${this.described(id)}
                  @input=${common.input}
                ></textarea>`
              : html`<input
                  id=${id}
                  maxlength=${max}
                  autocomplete="off"
                  .value=${valueOf(e, field)}
                  ?disabled=${!this.canEdit}
                  aria-invalid=${common.invalid}
                  aria-describedby=${this.described(id)}
                  @input=${common.input}
                />`
          }
          ${this.error(id)}
        </div>`
      })}
      ${
        this.canEdit
          ? html`<div class="wide">
              <button type="button" class="secondary" @click=${() => this.removeEntry(i)}>
                ${this.t('removeEntry', { n })}
              </button>
            </div>`
          : nothing
      }
    </fieldset>`
  }

  override render() {
    return html`<section class="card" aria-labelledby="inventory-title">
      <h2 id="inventory-title">${this.t('inventoryTitle')}</h2>
      <p class="hint">${this.t('inventoryHint')}</p>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      ${!this.canEdit && this.entries ? html`<p class="notice">${this.t('readOnly', { role: this.roleLabel })}</p>` : nothing}
      ${
        this.entries === null
          ? html`<p>${this.alert ? '' : this.t('loading')}</p>`
          : html`<form novalidate @submit=${this.submit} aria-busy=${this.busy ? 'true' : 'false'}>
              ${this.entries.length ? this.entries.map((e, i) => this.entry(e, i)) : html`<p>${this.t('inventoryEmpty')}</p>`}
              ${this.errors.entries ? html`<p class="error" id="entries-error">${this.errors.entries}</p>` : nothing}
              ${
                this.canEdit
                  ? html`<div class="actions">
                      <button
                        type="button"
                        class="secondary add-entry"
                        aria-describedby=${this.errors.entries ? 'entries-error' : nothing}
                        @click=${this.add}
                      >
                        ${this.t('addEntry')}
                      </button>
                      <button class="primary save-inventory" ?disabled=${this.busy}>
                        ${this.busy ? this.t('saving') : this.t('save')}
                      </button>
                    </div>`
                  : nothing
              }
            </form>`
      }
      <p class="status" role="status">${this.status}</p>
    </section>`
  }
}

if (!customElements.get(PURPOSES_INVENTORY_TAG))
  customElements.define(PURPOSES_INVENTORY_TAG, TesseraConsolePurposesInventory)

declare global {
  interface HTMLElementTagNameMap {
    [PURPOSES_INVENTORY_TAG]: TesseraConsolePurposesInventory
  }
}
