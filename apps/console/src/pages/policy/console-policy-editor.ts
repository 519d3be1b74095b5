import { LitElement, html, nothing } from 'lit'
import type { TemplateResult } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError } from '../../api.js'
import { consoleStyles } from '../../styles.js'
import type { Locale } from '../../messages.js'
import { PolicyApi } from './api.js'
import type {
  CollectedItem,
  DraftPatch,
  PolicyLocale,
  PolicyVersionDetail,
  ProseSection,
  Purpose,
  Tagged,
} from './api.js'
import { policyMsg } from './messages.js'
import type { PolicyMessageKey } from './messages.js'
import { endSession, fieldId, isConflict, policyStyles } from './shared.js'

export const POLICY_EDITOR_TAG = 'tessera-console-policy-editor'

const LOCALES: readonly PolicyLocale[] = ['en', 'ko']
const CATEGORIES = ['account', 'imaging', 'automatic'] as const
/** The lawful bases policy-text knows (packages/policy-text/src/model.ts). */
const LAWFUL_BASES = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'legitimate_interests',
] as const
/** The API's limit for one prose section (apps/api/app/policies/validators.ts), shown as a hint. */
export const SECTION_BODY_MAX = 20_000

interface Values {
  label: string
  items: CollectedItem[]
  purposes: Purpose[]
  prose: Record<PolicyLocale, ProseSection[]>
}

const copy = <T>(value: T): T => structuredClone(value)
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

function valuesOf(version: PolicyVersionDetail): Values {
  return {
    label: version.label,
    items: copy(version.content.items ?? []),
    purposes: copy(version.content.purposes ?? []),
    prose: copy(version.content.prose ?? { en: [], ko: [] }),
  }
}

/**
 * Edits one draft: its label, the collected items, the purposes' wording and the prose in each
 * language. Saves only what changed with `PATCH …/versions/:id`, sending the ETag the draft was read
 * with as `If-Match`: when another admin saved in between the API answers 412 and this form says so,
 * keeping the typed text until the admin reloads. 422 errors appear beside their fields.
 * Fires `policy-saved` (detail: the saved draft and its new ETag), `policy-reload`, and
 * `policy-unsaved` (detail: whether the form holds changes not saved yet).
 */
export class TesseraConsolePolicyEditor extends LitElement {
  static override styles = [consoleStyles, policyStyles]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  @property({ attribute: false }) version: PolicyVersionDetail | null = null
  @property({ attribute: false }) etag: string | null = null

  @state() private values: Values | null = null
  @state() private proseLocale: PolicyLocale = 'en'
  @state() private errors: Record<string, string> = {}
  @state() private alert = ''
  @state() private status = ''
  @state() private conflict = false
  @state() private busy = false

  private t(key: PolicyMessageKey, vars?: Record<string, string>) {
    return policyMsg(this.locale, key, vars)
  }

  override willUpdate(changed: Map<string, unknown>) {
    // A different draft, or the same one read again (after a save or a reload): start from it.
    if ((changed.has('version') || changed.has('etag')) && this.version) {
      this.values = valuesOf(this.version)
      this.conflict = false
      this.announceUnsaved()
    }
  }

  private patch(): DraftPatch | null {
    if (!this.version || !this.values) return null
    const before = valuesOf(this.version)
    const v = this.values
    const patch: DraftPatch = {}
    if (v.label !== before.label) patch.label = v.label
    if (!same(v.items, before.items)) patch.items = v.items
    if (!same(v.purposes, before.purposes)) patch.purposes = v.purposes
    if (!same(v.prose, before.prose)) patch.prose = v.prose
    return Object.keys(patch).length ? patch : null
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault()
    if (this.busy || !this.version) return
    this.alert = ''
    this.status = ''
    const patch = this.patch()
    if (!patch) {
      this.errors = {}
      this.status = this.t('nothingChanged')
      return
    }
    await this.save(patch)
  }

  /** Takes the tenant's current settings and privacy officer into the draft (with any unsaved edits). */
  private async refreshFromTenant() {
    if (this.busy || !this.version) return
    this.alert = ''
    this.status = ''
    await this.save({ ...this.patch(), refreshFromTenant: true })
  }

  private async save(patch: DraftPatch) {
    this.busy = true
    try {
      const saved = await new PolicyApi(this.api).updateDraft(this.version!.id, patch, this.etag)
      this.errors = {}
      this.status = this.t('draftSaved')
      this.dispatchEvent(
        new CustomEvent<Tagged<PolicyVersionDetail>>('policy-saved', {
          detail: saved,
          bubbles: true,
          composed: true,
        })
      )
    } catch (error) {
      await this.failed(error)
    } finally {
      this.busy = false
    }
  }

  private async failed(error: unknown) {
    if (!(error instanceof ConsoleApiError) || error.status === 0) {
      this.alert = this.t('networkError')
    } else if (error.status === 401) {
      endSession(this)
    } else if (isConflict(error)) {
      this.conflict = true
      this.alert = this.t('conflict')
    } else if (error.status === 422 && error.errors.length) {
      const errors: Record<string, string> = {}
      const elsewhere: string[] = []
      for (const e of error.errors) {
        // One purpose's item keys are checked one by one; the form marks the group.
        const field = e.field.replace(/^(purposes\.\d+\.items)\.\d+$/, '$1')
        if (this.shows(field)) errors[field] ??= e.message
        else elsewhere.push(e.message)
      }
      this.errors = errors
      // A prose error in the language not shown: show that language, so the field is there.
      const proseLocale = /^prose\.(en|ko)\./.exec(Object.keys(errors)[0] ?? '')?.[1] as PolicyLocale
      if (proseLocale) this.proseLocale = proseLocale
      this.alert = [this.t('fixFields'), ...elsewhere].join(' ')
      await this.focusFirstError()
    } else if (error.status === 413) {
      this.alert = this.t('tooLarge')
    } else {
      this.alert = error.detail ?? error.title
    }
  }

  /** Whether the form has a control for the field an error names. */
  private shows(field: string): boolean {
    const v = this.values
    if (!v) return false
    if (field === 'label') return true
    const m =
      /^(items|purposes)\.(\d+)\.(key|category|required|label|title|description|lawfulBasis|items)(?:\.(en|ko))?$/.exec(
        field
      )
    if (m) {
      const list = m[1] === 'items' ? v.items : v.purposes
      const part = m[3]!
      const localized = ['label', 'title', 'description'].includes(part)
      if (localized !== Boolean(m[4])) return false
      if (m[1] === 'purposes' && ['category', 'label'].includes(part)) return false
      if (m[1] === 'items' && ['title', 'description', 'lawfulBasis', 'items'].includes(part)) return false
      return Number(m[2]) < list.length
    }
    const p = /^prose\.(en|ko)\.(\d+)\.(title|body)$/.exec(field)
    return Boolean(p && Number(p[2]) < v.prose[p[1] as PolicyLocale].length)
  }

  private async focusFirstError() {
    await this.updateComplete
    const first = Object.keys(this.errors)[0]
    if (first) this.renderRoot.querySelector<HTMLElement>(`#${fieldId(first)}`)?.focus()
  }

  private reload() {
    this.alert = ''
    this.errors = {}
    this.dispatchEvent(new CustomEvent('policy-reload', { bubbles: true, composed: true }))
  }

  private set(mutate: (v: Values) => void) {
    const next = copy(this.values!)
    mutate(next)
    this.values = next
    this.announceUnsaved()
  }

  private unsaved = false

  /** Tells the page whether the form holds changes not saved yet (publishing takes the saved draft). */
  private announceUnsaved() {
    const unsaved = this.patch() !== null
    if (unsaved === this.unsaved) return
    this.unsaved = unsaved
    this.dispatchEvent(
      new CustomEvent<boolean>('policy-unsaved', { detail: unsaved, bubbles: true, composed: true })
    )
  }

  private described(field: string, hint?: string) {
    const ids = [hint, this.errors[field] ? `${fieldId(field)}-error` : ''].filter(Boolean).join(' ')
    return ids || nothing
  }

  private error(field: string) {
    const message = this.errors[field]
    return message ? html`<p class="error" id="${fieldId(field)}-error">${message}</p>` : nothing
  }

  private text(field: string, label: string, value: string, onInput: (value: string) => void) {
    const id = fieldId(field)
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        type="text"
        autocomplete="off"
        .value=${value}
        aria-invalid=${this.errors[field] ? 'true' : 'false'}
        aria-describedby=${this.described(field)}
        @input=${(e: Event) => onInput((e.target as HTMLInputElement).value)}
      />
      ${this.error(field)}
    </div>`
  }

  private area(field: string, label: string, value: string, onInput: (value: string) => void, hint?: string) {
    const id = fieldId(field)
    const hintId = hint ? `${id}-hint` : undefined
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${hint ? html`<p class="hint" id=${hintId!}>${hint}</p>` : nothing}
      <textarea
        id=${id}
        .value=${value}
        aria-invalid=${this.errors[field] ? 'true' : 'false'}
        aria-describedby=${this.described(field, hintId)}
        @input=${(e: Event) => onInput((e.target as HTMLTextAreaElement).value)}
      ></textarea>
      ${this.error(field)}
    </div>`
  }

  private item(item: CollectedItem, i: number): TemplateResult {
    const name = item.label[this.locale] || item.key || this.t('newItem')
    const f = (part: string) => `items.${i}.${part}`
    return html`<fieldset>
      <legend>${this.t('itemLegend', { name })}</legend>
      <div class="row">
        ${this.text(f('key'), this.t('itemKey'), item.key, (value) =>
          this.set((v) => void (v.items[i]!.key = value))
        )}
        <div class="field">
          <label for=${fieldId(f('category'))}>${this.t('itemCategory')}</label>
          <select
            id=${fieldId(f('category'))}
            aria-invalid=${this.errors[f('category')] ? 'true' : 'false'}
            aria-describedby=${this.described(f('category'))}
            @change=${(e: Event) =>
              this.set(
                (v) =>
                  void (v.items[i]!.category = (e.target as HTMLSelectElement)
                    .value as CollectedItem['category'])
              )}
          >
            ${CATEGORIES.map(
              (c) =>
                html`<option value=${c} ?selected=${item.category === c}>${this.t(`category.${c}`)}</option>`
            )}
          </select>
          ${this.error(f('category'))}
        </div>
      </div>
      <div class="row">
        ${LOCALES.map((l) =>
          this.text(f(`label.${l}`), this.t(`labelIn.${l}`), item.label[l], (value) =>
            this.set((v) => void (v.items[i]!.label[l] = value))
          )
        )}
      </div>
      <div class="actions">
        <label class="check">
          <input
            type="checkbox"
            id=${fieldId(f('required'))}
            .checked=${item.required}
            @change=${(e: Event) =>
              this.set((v) => void (v.items[i]!.required = (e.target as HTMLInputElement).checked))}
          />${this.t('itemRequired')}
        </label>
        <button
          type="button"
          class="secondary"
          aria-label=${this.t('removeItemLabel', { name })}
          @click=${() => this.set((v) => void v.items.splice(i, 1))}
        >
          ${this.t('removeItem')}
        </button>
      </div>
    </fieldset>`
  }

  private check(field: string, label: string, checked: boolean, onChange: (checked: boolean) => void) {
    return html`<label class="check">
      <input
        type="checkbox"
        id=${fieldId(field)}
        .checked=${checked}
        @change=${(e: Event) => onChange((e.target as HTMLInputElement).checked)}
      />${label}
    </label>`
  }

  private purpose(purpose: Purpose, i: number): TemplateResult {
    const f = (part: string) => `purposes.${i}.${part}`
    const name = purpose.title[this.locale] || purpose.key || this.t('newPurpose')
    const keys = this.values!.items.map((item) => item.key).filter(Boolean)
    return html`<fieldset>
      <legend>${this.t('purposeLegend', { name })}</legend>
      <div class="row">
        ${this.text(f('key'), this.t('purposeKey'), purpose.key, (value) =>
          this.set((v) => void (v.purposes[i]!.key = value))
        )}
        <div class="field">
          <label for=${fieldId(f('lawfulBasis'))}>${this.t('lawfulBasis')}</label>
          <select
            id=${fieldId(f('lawfulBasis'))}
            aria-invalid=${this.errors[f('lawfulBasis')] ? 'true' : 'false'}
            aria-describedby=${this.described(f('lawfulBasis'))}
            @change=${(e: Event) =>
              this.set((v) => void (v.purposes[i]!.lawfulBasis = (e.target as HTMLSelectElement).value))}
          >
            ${LAWFUL_BASES.map(
              (b) =>
                html`<option value=${b} ?selected=${purpose.lawfulBasis === b}>
                  ${this.t(`basis.${b}`)}
                </option>`
            )}
          </select>
          ${this.error(f('lawfulBasis'))}
        </div>
      </div>
      <div class="actions">
        ${this.check(f('consentBased'), this.t('consentBased'), purpose.consentBased, (on) =>
          this.set((v) => void (v.purposes[i]!.consentBased = on))
        )}
        ${this.check(f('required'), this.t('purposeRequired'), purpose.required, (on) =>
          this.set((v) => void (v.purposes[i]!.required = on))
        )}
        ${this.check(f('specialCategory'), this.t('specialCategory'), purpose.specialCategory, (on) =>
          this.set((v) => void (v.purposes[i]!.specialCategory = on))
        )}
      </div>
      <fieldset aria-describedby=${this.described(f('items'))}>
        <legend>${this.t('purposeItems')}</legend>
        <div class="actions">
          ${keys.map((key) =>
            this.check(`${f('items')}.${key}`, key, purpose.items.includes(key), (on) =>
              this.set((v) => {
                const p = v.purposes[i]!
                p.items = on ? [...p.items.filter((k) => k !== key), key] : p.items.filter((k) => k !== key)
              })
            )
          )}
        </div>
        ${this.error(f('items'))}
      </fieldset>
      ${LOCALES.map(
        (l) =>
          html`${this.text(f(`title.${l}`), this.t(`titleIn.${l}`), purpose.title[l], (value) =>
            this.set((v) => void (v.purposes[i]!.title[l] = value))
          )}
          ${this.area(f(`description.${l}`), this.t(`descriptionIn.${l}`), purpose.description[l], (value) =>
            this.set((v) => void (v.purposes[i]!.description[l] = value))
          )}`
      )}
      <div class="actions">
        <button
          type="button"
          class="secondary"
          aria-label=${this.t('removePurposeLabel', { name })}
          @click=${() => this.set((v) => void v.purposes.splice(i, 1))}
        >
          ${this.t('removeItem')}
        </button>
      </div>
    </fieldset>`
  }

  private prose(): TemplateResult {
    const l = this.proseLocale
    const sections = this.values!.prose[l]
    return html`<fieldset>
      <legend>${this.t('proseLegend')}</legend>
      <div role="radiogroup" aria-label=${this.t('proseLanguage')} class="actions">
        ${LOCALES.map(
          (option) =>
            html`<label class="check">
              <input
                type="radio"
                name="prose-locale"
                value=${option}
                .checked=${l === option}
                @change=${() => (this.proseLocale = option)}
              />${this.t(`language.${option}`)}
            </label>`
        )}
      </div>
      <p class="hint">${this.t('proseHint')}</p>
      ${sections.map((section, i) => {
        const f = (part: string) => `prose.${l}.${i}.${part}`
        return html`<div class="section">
          ${this.text(f('title'), this.t('sectionTitle', { n: String(i + 1) }), section.title, (value) =>
            this.set((v) => void (v.prose[l][i]!.title = value))
          )}
          ${this.area(
            f('body'),
            this.t('sectionBody', { title: section.title || String(i + 1) }),
            section.body,
            (value) => this.set((v) => void (v.prose[l][i]!.body = value)),
            this.t('sectionBodyHint', {
              count: section.body.length.toLocaleString(this.locale),
              max: SECTION_BODY_MAX.toLocaleString(this.locale),
            })
          )}
        </div>`
      })}
    </fieldset>`
  }

  override render() {
    const v = this.values
    if (!v) return html`<p>${this.t('loading')}</p>`
    return html`<form novalidate @submit=${this.submit} aria-busy=${this.busy ? 'true' : 'false'}>
      <h2 id="editor-title">${this.t('editTitle')}</h2>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      ${
        this.conflict
          ? html`<div class="conflict">
              <p>${this.t('conflictHint')}</p>
              <button type="button" class="secondary" id="reload" @click=${this.reload}>
                ${this.t('reload')}
              </button>
            </div>`
          : nothing
      }
      ${this.text('label', this.t('versionLabel'), v.label, (value) => this.set((x) => void (x.label = value)))}
      <div class="actions">
        <button
          type="button"
          class="secondary"
          id="refresh-from-tenant"
          aria-describedby="refresh-hint"
          ?disabled=${this.busy}
          @click=${this.refreshFromTenant}
        >
          ${this.t('refreshFromTenant')}
        </button>
      </div>
      <p class="hint" id="refresh-hint">${this.t('refreshHint')}</p>
      <h3>${this.t('itemsTitle')}</h3>
      <p class="hint">${this.t('itemsHint')}</p>
      ${v.items.map((item, i) => this.item(item, i))}
      <div class="actions">
        <button
          type="button"
          class="secondary"
          id="add-item"
          @click=${async () => {
            this.set(
              (x) =>
                void x.items.push({
                  key: '',
                  category: 'account',
                  required: false,
                  label: { en: '', ko: '' },
                })
            )
            await this.updateComplete
            this.renderRoot.querySelector<HTMLInputElement>(`#items-${v.items.length}-key`)?.focus()
          }}
        >
          ${this.t('addItem')}
        </button>
      </div>
      <h3>${this.t('purposesTitle')}</h3>
      ${v.purposes.map((p, i) => this.purpose(p, i))}
      <div class="actions">
        <button
          type="button"
          class="secondary"
          id="add-purpose"
          @click=${async () => {
            this.set(
              (x) =>
                void x.purposes.push({
                  key: '',
                  lawfulBasis: 'consent',
                  consentBased: true,
                  required: false,
                  specialCategory: false,
                  items: [],
                  title: { en: '', ko: '' },
                  description: { en: '', ko: '' },
                })
            )
            await this.updateComplete
            this.renderRoot.querySelector<HTMLInputElement>(`#purposes-${v.purposes.length}-key`)?.focus()
          }}
        >
          ${this.t('addPurpose')}
        </button>
      </div>
      <h3>${this.t('proseTitle')}</h3>
      ${this.prose()}
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? this.t('saving') : this.t('saveDraft')}
        </button>
      </div>
      <p class="status" role="status">${this.status}</p>
    </form>`
  }
}

if (!customElements.get(POLICY_EDITOR_TAG))
  customElements.define(POLICY_EDITOR_TAG, TesseraConsolePolicyEditor)

declare global {
  interface HTMLElementTagNameMap {
    [POLICY_EDITOR_TAG]: TesseraConsolePolicyEditor
  }
}
