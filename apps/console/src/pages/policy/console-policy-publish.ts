import { LitElement, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError } from '../../api.js'
import { consoleStyles } from '../../styles.js'
import type { Locale } from '../../messages.js'
import { PolicyApi } from './api.js'
import type { PolicyVersionDetail, PolicyVersionSummary, Publication } from './api.js'
import { policyMsg } from './messages.js'
import type { PolicyMessageKey } from './messages.js'
import {
  endSession,
  formatInstant,
  fromLocalInput,
  isConflict,
  policyStyles,
  toLocalInput,
} from './shared.js'

export const POLICY_PUBLISH_TAG = 'tessera-console-policy-publish'

/**
 * The date field offers whole minutes; the earliest allowed instant moves on with the clock while the
 * admin reads, so the suggestion is the first whole minute at least one minute after it.
 */
export function suggestedEffective(earliestIso: string): Date {
  const minute = 60_000
  return new Date(Math.ceil((Date.parse(earliestIso) + minute) / minute) * minute)
}

/**
 * Publishing a draft. Shows what the API says publishing now would mean (GET …/publication): whether
 * the change is significant, the notice period, the earliest effective date and how many members get
 * the notice; the rule itself is the API's. A refused date shows the API's reason beside the field.
 * Publishing sends the draft's ETag as `If-Match` (412: someone changed it; reload).
 * Fires `policy-published` (detail: the published version) and `policy-reload`.
 */
export class TesseraConsolePolicyPublish extends LitElement {
  static override styles = [consoleStyles, policyStyles]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  @property({ attribute: false }) version: PolicyVersionDetail | null = null
  @property({ attribute: false }) etag: string | null = null
  /** The editor holds changes not saved yet: publishing would not include them. */
  @property({ type: Boolean }) unsaved = false

  @state() private facts: Publication | null = null
  @state() private effective = ''
  @state() private error = ''
  @state() private alert = ''
  @state() private status = ''
  @state() private conflict = false
  @state() private busy = false

  private t(key: PolicyMessageKey, vars?: Record<string, string>) {
    return policyMsg(this.locale, key, vars)
  }

  override updated(changed: Map<string, unknown>) {
    // The facts depend on the draft's content: read them again whenever it was saved.
    if ((changed.has('version') || changed.has('etag')) && this.version) void this.load()
  }

  async load(suggest = true) {
    if (!this.version) return
    try {
      this.facts = await new PolicyApi(this.api).publication(this.version.id)
      if (suggest || !this.effective)
        this.effective = toLocalInput(suggestedEffective(this.facts.earliestEffectiveAt))
      this.conflict = false
    } catch (error) {
      this.failed(error)
    }
  }

  private failed(error: unknown) {
    if (!(error instanceof ConsoleApiError) || error.status === 0) this.alert = this.t('networkError')
    else if (error.status === 401) endSession(this)
    else if (isConflict(error)) {
      this.conflict = true
      this.alert = this.t('conflict')
    } else this.alert = error.detail ?? error.title
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault()
    if (this.busy || !this.version) return
    this.alert = ''
    this.status = ''
    if (this.unsaved) {
      this.alert = this.t('saveFirst')
      return
    }
    const effectiveAt = fromLocalInput(this.effective)
    if (!effectiveAt) {
      this.error = this.t('dateRequired')
      await this.focusDate()
      return
    }
    this.error = ''
    this.busy = true
    try {
      const published = await new PolicyApi(this.api).publish(
        this.version.id,
        effectiveAt,
        this.locale,
        this.etag
      )
      this.status = this.t('publishedStatus', {
        label: published.label,
        date: formatInstant(published.effectiveAt, this.locale),
      })
      this.dispatchEvent(
        new CustomEvent<PolicyVersionSummary>('policy-published', {
          detail: published,
          bubbles: true,
          composed: true,
        })
      )
    } catch (error) {
      if (error instanceof ConsoleApiError && error.status === 422 && error.errors.length) {
        const date = error.errors.find((e) => e.field === 'effectiveAt')
        this.error = date?.message ?? ''
        const elsewhere = error.errors.filter((e) => e !== date).map((e) => e.message)
        this.alert = [this.t('fixFields'), ...elsewhere].join(' ')
        // The earliest date moved on with the clock (or the draft changed): show the API's latest.
        await this.load(false)
        if (date) await this.focusDate()
      } else {
        this.failed(error)
      }
    } finally {
      this.busy = false
    }
  }

  private async focusDate() {
    await this.updateComplete
    this.renderRoot.querySelector<HTMLInputElement>('#effective-at')?.focus()
  }

  /** Reads the facts again (the earliest date moves on with the clock) and offers that date. */
  private async useEarliest() {
    this.error = ''
    await this.load(true)
    await this.focusDate()
  }

  private reload() {
    this.alert = ''
    this.dispatchEvent(new CustomEvent('policy-reload', { bubbles: true, composed: true }))
  }

  private factsList(f: Publication) {
    return html`<dl class="facts" id="publication-facts">
      <dt>${this.t('significance')}</dt>
      <dd>
        ${
          f.significant
            ? html`<span class="badge significant">${this.t('significantYes')}</span>`
            : html`<span class="badge">${this.t('significantNo')}</span>`
        }
      </dd>
      <dt>${this.t('noticePeriod')}</dt>
      <dd>${f.against ? this.t('noticeDays', { days: String(f.noticeDays) }) : this.t('firstVersion')}</dd>
      <dt>${this.t('earliestDate')}</dt>
      <dd id="earliest">${formatInstant(f.earliestEffectiveAt, this.locale)}</dd>
      <dt>${this.t('recipients')}</dt>
      <dd id="recipients">
        ${
          f.notifies
            ? this.t('recipientsCount', { count: f.recipients.toLocaleString(this.locale) })
            : this.t('recipientsNone')
        }
      </dd>
    </dl>`
  }

  override render() {
    const f = this.facts
    return html`<form novalidate @submit=${this.submit} aria-busy=${this.busy ? 'true' : 'false'}>
      <h2>${this.t('publishTitle')}</h2>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      ${
        this.conflict
          ? html`<div class="conflict">
              <p>${this.t('conflictHint')}</p>
              <button type="button" class="secondary" id="publish-reload" @click=${this.reload}>
                ${this.t('reload')}
              </button>
            </div>`
          : nothing
      }
      ${
        f
          ? html`${this.factsList(f)}
              ${f.unchanged ? html`<p class="notice">${this.t('unchanged')}</p>` : nothing}
              ${this.unsaved ? html`<p class="notice" id="unsaved-notice">${this.t('saveFirst')}</p>` : nothing}
              <div class="field">
                <label for="effective-at">${this.t('effectiveAt')}</label>
                <p class="hint" id="effective-at-hint">
                  ${this.t('effectiveHint', {
                    zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
                  })}
                </p>
                <input
                  id="effective-at"
                  type="datetime-local"
                  .value=${this.effective}
                  aria-invalid=${this.error ? 'true' : 'false'}
                  aria-describedby=${this.error ? 'effective-at-hint effective-at-error' : 'effective-at-hint'}
                  @input=${(e: Event) => (this.effective = (e.target as HTMLInputElement).value)}
                />
                ${this.error ? html`<p class="error" id="effective-at-error">${this.error}</p>` : nothing}
              </div>
              <div class="actions">
                <button type="button" class="secondary" id="use-earliest" @click=${this.useEarliest}>
                  ${this.t('useEarliest')}
                </button>
                <button class="primary" type="submit" ?disabled=${this.busy}>
                  ${this.busy ? this.t('publishing') : this.t('publish')}
                </button>
              </div>`
          : html`<p>${this.alert ? '' : this.t('loading')}</p>`
      }
      <p class="status" role="status">${this.status}</p>
    </form>`
  }
}

if (!customElements.get(POLICY_PUBLISH_TAG))
  customElements.define(POLICY_PUBLISH_TAG, TesseraConsolePolicyPublish)

declare global {
  interface HTMLElementTagNameMap {
    [POLICY_PUBLISH_TAG]: TesseraConsolePolicyPublish
  }
}
