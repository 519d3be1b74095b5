import { LitElement, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError } from '../../api.js'
import '../../console-chart.js'
import type { ChartSeries } from '../../console-chart.js'
import { msg } from '../../messages.js'
import type { Locale } from '../../messages.js'
import { MAX_DAYS, daysBetween, isoDay, saveFile } from '../../save-file.js'
import { consoleStyles } from '../../styles.js'
import { insightStyles } from '../insight-styles.js'
import { consentStats, exportConsentLedger, verifyConsentLedger } from './api.js'
import type { ChainReport, ConsentAction, ConsentStatRow } from './api.js'
import { chainReport } from './chain-report.js'
import { t } from './messages.js'
import { failureText } from '../../failures.js'

export const CONSENT_TAG = 'tessera-console-consent'

const ACTIONS: readonly ConsentAction[] = ['grant', 'deny', 'withdraw']
/** The period shown first: the last 30 days, today included. */
const DEFAULT_DAYS = 30

type Fields = { from?: string; to?: string; reason?: string }

/**
 * The Consent page: decisions per purpose and cookie category per day (`GET /v1/admin/consent/stats`,
 * one chart each, for a chosen period), whether the ledger's hash chain is intact
 * (`GET /v1/admin/consent/verify`), and with `canExport` (`consent.export`) the ledger as NDJSON for
 * a stated reason (`GET /v1/admin/consent/export`; a refused reason is shown beside its field).
 */
export class TesseraConsoleConsent extends LitElement {
  static override styles = [consoleStyles, insightStyles]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  @property({ type: Boolean, attribute: 'can-export' }) canExport = false
  @property({ attribute: 'role-label' }) roleLabel = ''
  /** Today, as the period's default end (injectable for stories and tests). */
  @property({ attribute: false }) today: Date = new Date()

  @state() private from = ''
  @state() private to = ''
  @state() private shown: { from: string; to: string } | null = null
  @state() private rows: ConsentStatRow[] | null = null
  @state() private report: ChainReport | null = null
  @state() private verifying = false
  @state() private reason = ''
  @state() private errors: Fields = {}
  @state() private alert = ''
  @state() private status = ''
  @state() private exporting = false

  override connectedCallback() {
    super.connectedCallback()
    this.to = isoDay(this.today)
    this.from = isoDay(this.today, DEFAULT_DAYS - 1)
    void this.loadStats()
    void this.verify()
  }

  private failed(error: unknown) {
    const text = failureText(this, this.locale, error)
    if (text) this.alert = text
  }

  private async focusFirstError() {
    await this.updateComplete
    const first = (['from', 'to', 'reason'] as const).find((f) => this.errors[f])
    if (first) this.renderRoot.querySelector<HTMLElement>(`#${first}`)?.focus()
  }

  /** Field errors of a 422 placed beside their fields; true when there were any. */
  private async fieldErrors(error: unknown, fields: readonly (keyof Fields)[]) {
    if (!(error instanceof ConsoleApiError) || error.status !== 422 || !error.errors.length) return false
    const found: Fields = {}
    const elsewhere: string[] = []
    for (const e of error.errors) {
      if ((fields as readonly string[]).includes(e.field)) found[e.field as keyof Fields] ??= e.message
      else elsewhere.push(e.message)
    }
    this.errors = found
    this.alert = [msg(this.locale, 'fixFields'), ...elsewhere].join(' ')
    await this.focusFirstError()
    return true
  }

  async loadStats() {
    this.alert = ''
    const errors: Fields = {}
    if (!this.from) errors.from = msg(this.locale, 'required')
    if (!this.to) errors.to = msg(this.locale, 'required')
    if (this.from && this.to && this.from > this.to) errors.from = t(this.locale, 'rangeInvalid')
    else if (this.from && this.to && daysBetween(this.from, this.to).length > MAX_DAYS)
      errors.from = t(this.locale, 'rangeTooLong')
    this.errors = errors
    if (errors.from || errors.to) {
      this.alert = msg(this.locale, 'fixFields')
      await this.focusFirstError()
      return
    }
    const period = { from: this.from, to: this.to }
    try {
      const { data } = await consentStats(this.api, period.from, period.to)
      this.rows = data
      this.shown = period
    } catch (error) {
      if (!(await this.fieldErrors(error, ['from', 'to']))) this.failed(error)
    }
  }

  async verify() {
    this.verifying = true
    try {
      this.report = await verifyConsentLedger(this.api)
    } catch (error) {
      this.failed(error)
    } finally {
      this.verifying = false
    }
  }

  private async download(event: SubmitEvent) {
    event.preventDefault()
    if (this.exporting || !this.canExport) return
    this.alert = ''
    this.status = ''
    const reason = this.reason.trim()
    if (!reason) {
      this.errors = { reason: msg(this.locale, 'required') }
      this.alert = msg(this.locale, 'fixFields')
      await this.focusFirstError()
      return
    }
    this.errors = {}
    this.exporting = true
    try {
      const { blob, fileName } = await exportConsentLedger(this.api, reason)
      const name = fileName ?? 'consent-ledger.ndjson'
      saveFile(blob, name)
      this.status = t(this.locale, 'downloaded', { file: name })
    } catch (error) {
      if (!(await this.fieldErrors(error, ['reason']))) this.failed(error)
    } finally {
      this.exporting = false
    }
  }

  /** One chart per purpose or cookie category, a series per kind of decision, a value per day. */
  private charts(rows: ConsentStatRow[], period: { from: string; to: string }) {
    const days = daysBetween(period.from, period.to)
    const index = new Map(days.map((d, i) => [d, i]))
    const targets = new Map<string, { type: string; key: string; counts: Record<ConsentAction, number[]> }>()
    for (const row of rows) {
      const id = `${row.target.type}:${row.target.key}`
      let target = targets.get(id)
      if (!target) {
        target = {
          ...row.target,
          counts: { grant: days.map(() => 0), deny: days.map(() => 0), withdraw: days.map(() => 0) },
        }
        targets.set(id, target)
      }
      const i = index.get(row.day)
      if (i !== undefined && row.action in target.counts) target.counts[row.action][i]! += row.count
    }
    if (!targets.size) return html`<p>${t(this.locale, 'noDecisions')}</p>`
    return [...targets.values()].map((target) => {
      const series: ChartSeries[] = ACTIONS.map((action) => ({
        label: t(this.locale, action),
        values: target.counts[action],
      }))
      const caption = t(this.locale, target.type === 'purpose' ? 'chartPurpose' : 'chartCookie', {
        key: target.key,
      })
      return html`<tessera-console-chart
        data-target=${`${target.type}:${target.key}`}
        .caption=${caption}
        .locale=${this.locale}
        .days=${days}
        .series=${series}
      ></tessera-console-chart>`
    })
  }

  private field(id: 'from' | 'to', label: string, value: string, set: (v: string) => void) {
    const error = this.errors[id]
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        name=${id}
        type="date"
        .value=${value}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? `${id}-error` : nothing}
        @input=${(e: Event) => set((e.target as HTMLInputElement).value)}
      />
      ${error ? html`<p class="error" id=${`${id}-error`}>${error}</p>` : nothing}
    </div>`
  }

  private exportForm() {
    if (!this.canExport)
      return html`<p class="notice">${t(this.locale, 'exportNotAllowed', { role: this.roleLabel })}</p>`
    const error = this.errors.reason
    return html`<form novalidate @submit=${this.download} aria-busy=${this.exporting ? 'true' : 'false'}>
      <div class="field">
        <label for="reason">${t(this.locale, 'reason')}</label>
        <p class="hint" id="reason-hint">${t(this.locale, 'reasonHint')}</p>
        <input
          id="reason"
          name="reason"
          maxlength="500"
          .value=${this.reason}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${error ? 'reason-hint reason-error' : 'reason-hint'}
          @input=${(e: Event) => (this.reason = (e.target as HTMLInputElement).value)}
        />
        ${error ? html`<p class="error" id="reason-error">${error}</p>` : nothing}
      </div>
      <button class="primary" type="submit" ?disabled=${this.exporting}>
        ${this.exporting ? t(this.locale, 'downloading') : t(this.locale, 'download')}
      </button>
    </form>`
  }

  override render() {
    const l = this.locale
    return html`<section class="card" aria-labelledby="consent-title">
      <h1 id="consent-title" tabindex="-1">${t(l, 'title')}</h1>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      <p>${t(l, 'intro')}</p>

      <section class="part" aria-labelledby="stats-title">
        <h2 id="stats-title">${t(l, 'statsTitle')}</h2>
        <form
          class="range"
          novalidate
          @submit=${(e: SubmitEvent) => {
            e.preventDefault()
            void this.loadStats()
          }}
        >
          <fieldset>
            <legend>${t(l, 'period')}</legend>
            ${this.field('from', t(l, 'from'), this.from, (v) => (this.from = v))}
            ${this.field('to', t(l, 'to'), this.to, (v) => (this.to = v))}
          </fieldset>
          <button class="secondary" type="submit">${t(l, 'show')}</button>
        </form>
        ${
          this.rows && this.shown
            ? this.charts(this.rows, this.shown)
            : html`<p>${this.alert ? '' : msg(l, 'loading')}</p>`
        }
      </section>

      <section class="part" aria-labelledby="ledger-title" aria-busy=${this.verifying ? 'true' : 'false'}>
        <h2 id="ledger-title">${t(l, 'ledgerTitle')}</h2>
        ${this.report ? chainReport(this.report, l) : html`<p>${this.verifying ? t(l, 'verifying') : ''}</p>`}
        <button class="secondary" type="button" ?disabled=${this.verifying} @click=${() => this.verify()}>
          ${this.verifying ? t(l, 'verifying') : t(l, 'verifyAgain')}
        </button>
      </section>

      <section class="part" aria-labelledby="export-title">
        <h2 id="export-title">${t(l, 'exportTitle')}</h2>
        <p>${t(l, 'exportIntro')}</p>
        ${this.exportForm()}
      </section>
      <p class="status" role="status">${this.status}</p>
    </section>`
  }
}

if (!customElements.get(CONSENT_TAG)) customElements.define(CONSENT_TAG, TesseraConsoleConsent)

declare global {
  interface HTMLElementTagNameMap {
    [CONSENT_TAG]: TesseraConsoleConsent
  }
}
