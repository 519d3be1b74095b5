import { LitElement, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError } from '../../api.js'
import { consoleStyles } from '../../styles.js'
import type { Locale } from '../../messages.js'
import { PolicyApi } from './api.js'
import type { PolicyDiff, PolicyLocale, PolicyPreview } from './api.js'
import { policyMsg, settingName } from './messages.js'
import type { PolicyMessageKey } from './messages.js'
import { endSession, policyStyles } from './shared.js'

export const POLICY_REVIEW_TAG = 'tessera-console-policy-review'

const escapeText = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The API's rendered HTML (already escaped and sanitised there) as a whole document with its language. */
export function previewDocument(preview: PolicyPreview, title: string): string {
  return `<!doctype html><html lang="${preview.locale === 'ko' ? 'ko' : 'en'}"><head><meta charset="utf-8"><title>${escapeText(
    title
  )}</title></head><body>${preview.content}</body></html>`
}

/**
 * A version as members will read it and what it changes. The preview is the API's rendering (its
 * safe Markdown subset, escaped), shown in a sandboxed frame without scripts, so nothing a policy
 * text holds runs in the console. The changes are the API's summary against the version in effect.
 */
export class TesseraConsolePolicyReview extends LitElement {
  static override styles = [consoleStyles, policyStyles]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  @property({ attribute: 'version-id' }) versionId = ''
  /** Changes whenever the version was saved (its ETag), so the preview is read again. */
  @property() revision = ''
  /** Version labels by id, to name the version compared with. */
  @property({ attribute: false }) labels: Record<string, string> = {}

  @state() private previewLocale: PolicyLocale = 'en'
  @state() private preview: PolicyPreview | null = null
  @state() private changes: PolicyDiff | null = null
  @state() private alert = ''

  private t(key: PolicyMessageKey, vars?: Record<string, string>) {
    return policyMsg(this.locale, key, vars)
  }

  override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('locale') && !this.preview) this.previewLocale = this.locale
  }

  override updated(changed: Map<string, unknown>) {
    if (
      this.versionId &&
      (changed.has('versionId') || changed.has('revision') || changed.has('previewLocale'))
    )
      void this.load()
  }

  private async load() {
    const api = new PolicyApi(this.api)
    try {
      const [preview, changes] = await Promise.all([
        api.preview(this.versionId, this.previewLocale),
        api.diff(this.versionId, this.previewLocale),
      ])
      this.preview = preview
      this.changes = changes
      this.alert = ''
    } catch (error) {
      if (error instanceof ConsoleApiError && error.status === 401) endSession(this)
      else if (error instanceof ConsoleApiError && error.status !== 0)
        this.alert = error.detail ?? error.title
      else this.alert = this.t('networkError')
    }
  }

  private diff(d: PolicyDiff) {
    if (!d.against) return html`<p id="diff">${this.t('firstVersionDiff')}</p>`
    return html`<div id="diff">
      <p>
        ${this.t('comparedWith', { label: this.labels[d.against] ?? d.against })}
        ${
          d.significant
            ? html`<span class="badge significant">${this.t('significantYes')}</span>`
            : html`<span class="badge">${this.t('significantNo')}</span>`
        }
      </p>
      <ul>
        ${d.summary.map((line) => html`<li>${line}</li>`)}
      </ul>
    </div>`
  }

  private driftNotice() {
    const drift = this.preview?.drift
    if (!drift || (!drift.settings.length && !drift.officer)) return nothing
    return html`<div class="notice" id="drift">
      <p>${this.t('driftIntro')}</p>
      <ul>
        ${drift.settings.map(
          (c) =>
            html`<li>
              ${this.t('driftSetting', { name: settingName(this.locale, c.name), before: String(c.before), after: String(c.after) })}
            </li>`
        )}
        ${drift.officer ? html`<li>${this.t('driftOfficer')}</li>` : nothing}
      </ul>
    </div>`
  }

  override render() {
    return html`<section aria-labelledby="review-title">
      <h2 id="review-title">${this.t('reviewTitle')}</h2>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      <div class="field">
        <label for="preview-locale">${this.t('previewLanguage')}</label>
        <select
          id="preview-locale"
          @change=${(e: Event) =>
            (this.previewLocale = (e.target as HTMLSelectElement).value as PolicyLocale)}
        >
          ${(['en', 'ko'] as const).map(
            (l) =>
              html`<option value=${l} ?selected=${this.previewLocale === l}>
                ${this.t(`language.${l}`)}
              </option>`
          )}
        </select>
      </div>
      ${this.driftNotice()}
      <h3>${this.t('changesTitle')}</h3>
      ${this.changes ? this.diff(this.changes) : html`<p>${this.alert ? '' : this.t('loading')}</p>`}
      <h3>${this.t('previewTitle')}</h3>
      ${
        this.preview
          ? html`<iframe
              class="preview"
              title=${this.t('previewFrame')}
              sandbox=""
              referrerpolicy="no-referrer"
              lang=${this.preview.locale}
              .srcdoc=${previewDocument(this.preview, this.t('previewFrame'))}
            ></iframe>`
          : nothing
      }
    </section>`
  }
}

if (!customElements.get(POLICY_REVIEW_TAG))
  customElements.define(POLICY_REVIEW_TAG, TesseraConsolePolicyReview)

declare global {
  interface HTMLElementTagNameMap {
    [POLICY_REVIEW_TAG]: TesseraConsolePolicyReview
  }
}
