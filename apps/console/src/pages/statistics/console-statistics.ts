import { LitElement, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError } from '../../api.js'
import '../../console-chart.js'
import { msg } from '../../messages.js'
import type { Locale } from '../../messages.js'
import { daysBetween, isoDay, saveFile } from '../../save-file.js'
import { consoleStyles } from '../../styles.js'
import { insightStyles } from '../insight-styles.js'
import { statistics, statisticsCsv } from './api.js'
import type { StatisticRow, Statistics } from './api.js'
import { t } from './messages.js'
import { failureText } from '../../failures.js'

export const STATISTICS_TAG = 'tessera-console-statistics'

const DEFAULT_DAYS = 31

/** A metric's values per day over the period: summed over its dimensions, or their maximum. */
export function perDay(rows: StatisticRow[], days: string[], metric: string, combine: 'sum' | 'max' = 'sum') {
  const index = new Map(days.map((d, i) => [d, i]))
  const values = days.map(() => 0)
  for (const row of rows) {
    if (row.metric !== metric) continue
    const i = index.get(row.day)
    if (i === undefined) continue
    values[i] = combine === 'sum' ? values[i]! + row.value : Math.max(values[i]!, row.value)
  }
  return values
}

const total = (values: number[]) => values.reduce((a, b) => a + b, 0)

/**
 * The Statistics page: the tenant's anonymous daily figures (`GET /v1/admin/statistics`) for a chosen
 * period as charts (uploads and analyses, purge lateness, privacy request deadlines: received,
 * resolved, late) and as a CSV download of the same rows. A refused period is shown beside its field.
 */
export class TesseraConsoleStatistics extends LitElement {
  static override styles = [consoleStyles, insightStyles]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  /** Today, as the period's default end (injectable for stories and tests). */
  @property({ attribute: false }) today: Date = new Date()

  @state() private from = ''
  @state() private to = ''
  @state() private result: Statistics | null = null
  @state() private errors: { from?: string; to?: string } = {}
  @state() private alert = ''
  @state() private status = ''
  @state() private downloading = false

  override connectedCallback() {
    super.connectedCallback()
    this.to = isoDay(this.today)
    this.from = isoDay(this.today, DEFAULT_DAYS - 1)
    void this.load()
  }

  private failed(error: unknown) {
    const text = failureText(this, this.locale, error)
    if (text) this.alert = text
  }

  private async focusFirstError() {
    await this.updateComplete
    const first = (['from', 'to'] as const).find((f) => this.errors[f])
    if (first) this.renderRoot.querySelector<HTMLElement>(`#${first}`)?.focus()
  }

  /** Checks the period here first (the API checks it too); false when a field is at fault. */
  private async periodValid() {
    const errors: typeof this.errors = {}
    if (!this.from) errors.from = msg(this.locale, 'required')
    if (!this.to) errors.to = msg(this.locale, 'required')
    if (this.from && this.to && this.from > this.to) errors.from = t(this.locale, 'rangeInvalid')
    this.errors = errors
    if (errors.from || errors.to) {
      this.alert = msg(this.locale, 'fixFields')
      await this.focusFirstError()
      return false
    }
    return true
  }

  private async refused(error: unknown) {
    if (error instanceof ConsoleApiError && error.status === 422 && error.errors.length) {
      const found: typeof this.errors = {}
      const elsewhere: string[] = []
      for (const e of error.errors) {
        if (e.field === 'from' || e.field === 'to') found[e.field] ??= e.message
        else elsewhere.push(e.message)
      }
      this.errors = found
      this.alert = [msg(this.locale, 'fixFields'), ...elsewhere].join(' ')
      await this.focusFirstError()
    } else {
      this.failed(error)
    }
  }

  async load() {
    this.alert = ''
    this.status = ''
    if (!(await this.periodValid())) return
    try {
      this.result = await statistics(this.api, this.from, this.to)
    } catch (error) {
      await this.refused(error)
    }
  }

  private async downloadCsv() {
    if (this.downloading) return
    this.alert = ''
    this.status = ''
    if (!(await this.periodValid())) return
    this.downloading = true
    try {
      const { blob, fileName } = await statisticsCsv(this.api, this.from, this.to)
      const name = fileName ?? `statistics-${this.from}-${this.to}.csv`
      saveFile(blob, name)
      this.status = t(this.locale, 'downloaded', { file: name })
    } catch (error) {
      await this.refused(error)
    } finally {
      this.downloading = false
    }
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

  private charts(result: Statistics) {
    const l = this.locale
    const days = daysBetween(result.from, result.to)
    const rows = result.data
    const received = perDay(rows, days, 'requests_received')
    const resolved = perDay(rows, days, 'requests_resolved')
    const late = perDay(rows, days, 'requests_late')
    const number = new Intl.NumberFormat(l)
    const at = new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(result.generatedAt)
    )
    return html`<p class="hint">${t(l, 'generatedAt', { at })}</p>
      <tessera-console-chart
        data-chart="activity"
        .caption=${t(l, 'activityChart')}
        .locale=${l}
        .days=${days}
        .series=${[
          { label: t(l, 'uploads'), values: perDay(rows, days, 'uploads') },
          { label: t(l, 'analyses'), values: perDay(rows, days, 'analyses') },
        ]}
      ></tessera-console-chart>
      <tessera-console-chart
        data-chart="purges"
        value-format="duration"
        .caption=${t(l, 'purgeChart')}
        .locale=${l}
        .days=${days}
        .series=${[
          { label: t(l, 'purgeLateness'), values: perDay(rows, days, 'purge_lateness_max_seconds', 'max') },
        ]}
      ></tessera-console-chart>
      <tessera-console-chart
        data-chart="requests"
        .caption=${t(l, 'requestsChart')}
        .locale=${l}
        .days=${days}
        .series=${[
          { label: t(l, 'received'), values: received },
          { label: t(l, 'resolved'), values: resolved },
          { label: t(l, 'late'), values: late },
        ]}
      ></tessera-console-chart>
      <p class="totals">
        ${t(l, 'totals', {
          received: number.format(total(received)),
          resolved: number.format(total(resolved)),
          late: number.format(total(late)),
        })}
      </p>`
  }

  override render() {
    const l = this.locale
    return html`<section class="card" aria-labelledby="statistics-title">
      <h1 id="statistics-title" tabindex="-1">${t(l, 'title')}</h1>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      <p>${t(l, 'intro', { zone: this.result?.timeZone ?? '—' })}</p>
      <form
        class="range"
        novalidate
        @submit=${(e: SubmitEvent) => {
          e.preventDefault()
          void this.load()
        }}
      >
        <fieldset>
          <legend>${t(l, 'period')}</legend>
          ${this.field('from', t(l, 'from'), this.from, (v) => (this.from = v))}
          ${this.field('to', t(l, 'to'), this.to, (v) => (this.to = v))}
        </fieldset>
        <div class="actions">
          <button class="primary" type="submit">${t(l, 'show')}</button>
          <button
            class="secondary"
            type="button"
            ?disabled=${this.downloading}
            @click=${() => this.downloadCsv()}
          >
            ${this.downloading ? t(l, 'downloading') : t(l, 'downloadCsv')}
          </button>
        </div>
      </form>
      ${this.result ? this.charts(this.result) : html`<p>${this.alert ? '' : msg(l, 'loading')}</p>`}
      <p class="status" role="status">${this.status}</p>
    </section>`
  }
}

if (!customElements.get(STATISTICS_TAG)) customElements.define(STATISTICS_TAG, TesseraConsoleStatistics)

declare global {
  interface HTMLElementTagNameMap {
    [STATISTICS_TAG]: TesseraConsoleStatistics
  }
}
