import { LitElement, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError } from '../../api.js'
import '../../console-chart.js'
import { msg } from '../../messages.js'
import type { Locale } from '../../messages.js'
import { daysBetween, saveFile } from '../../save-file.js'
import { consoleStyles } from '../../styles.js'
import type { ChainReport } from '../consent/api.js'
import { chainReport } from '../consent/chain-report.js'
import { t as chainT } from '../consent/messages.js'
import { insightStyles } from '../insight-styles.js'
import { auditEvents, auditMonth, auditSummary, verifyAuditLog } from './api.js'
import type { AuditEvent, AuditFilters, AuditMonthSummary } from './api.js'
import { t } from './messages.js'
import { failureText } from '../../failures.js'

export const AUDIT_TAG = 'tessera-console-audit'

const FILTER_FIELDS = ['action', 'actor', 'subject', 'from', 'to'] as const
type FilterField = (typeof FILTER_FIELDS)[number]
type Field = FilterField | 'month' | 'reason'
const PAGE_SIZE = 25

/** `2026-11` of a date (UTC, as the API's months are). */
const monthOf = (date: Date) => date.toISOString().slice(0, 7)

/**
 * The Audit log page: the tenant's audit log (`GET /v1/admin/audit-events`, newest first) with filters
 * and paging, whether its hash chain is intact (`/verify`), and a month's summary (`/summary`) with the
 * month's log as NDJSON for a stated reason (`/monthly`). Refused filters or reasons are shown beside
 * their fields. Only for roles with `audit.read`.
 */
export class TesseraConsoleAudit extends LitElement {
  static override styles = [consoleStyles, insightStyles]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  /** Today, for the month shown first (injectable for stories and tests). */
  @property({ attribute: false }) today: Date = new Date()

  @state() private filters: AuditFilters = {}
  @state() private applied: AuditFilters = {}
  @state() private events: AuditEvent[] | null = null
  @state() private next: number | null = null
  /** The `before` cursors of the pages seen, so "Newer entries" can go back. */
  @state() private cursors: (number | undefined)[] = [undefined]
  @state() private report: ChainReport | null = null
  @state() private verifying = false
  @state() private month = ''
  @state() private summary: AuditMonthSummary | null = null
  @state() private reason = ''
  @state() private errors: Partial<Record<Field, string>> = {}
  @state() private alert = ''
  @state() private status = ''
  @state() private busy = false

  override connectedCallback() {
    super.connectedCallback()
    this.month = monthOf(this.today)
    void this.page(undefined, [undefined])
    void this.verify()
    void this.loadSummary()
  }

  private failed(error: unknown) {
    const text = failureText(this, this.locale, error)
    if (text) this.alert = text
  }

  /** A 422's field errors beside the fields named; otherwise the usual handling. */
  private async refused(error: unknown, fields: readonly Field[]) {
    if (error instanceof ConsoleApiError && error.status === 422 && error.errors.length) {
      const found: typeof this.errors = {}
      const elsewhere: string[] = []
      for (const e of error.errors) {
        if ((fields as readonly string[]).includes(e.field)) found[e.field as Field] ??= e.message
        else elsewhere.push(e.message)
      }
      this.errors = found
      this.alert = [msg(this.locale, 'fixFields'), ...elsewhere].join(' ')
      await this.focusFirstError()
    } else {
      this.failed(error)
    }
  }

  private async focusFirstError() {
    await this.updateComplete
    const order: Field[] = [...FILTER_FIELDS, 'month', 'reason']
    const first = order.find((f) => this.errors[f])
    if (first) this.renderRoot.querySelector<HTMLElement>(`#${first}`)?.focus()
  }

  private async page(before: number | undefined, cursors: (number | undefined)[]) {
    this.busy = true
    try {
      const result = await auditEvents(this.api, this.applied, before, PAGE_SIZE)
      this.events = result.data
      this.next = result.next
      this.cursors = cursors
    } catch (error) {
      await this.refused(error, FILTER_FIELDS)
    } finally {
      this.busy = false
    }
  }

  private async applyFilters(event: SubmitEvent) {
    event.preventDefault()
    this.alert = ''
    const cleaned: AuditFilters = {}
    for (const f of FILTER_FIELDS) {
      const value = this.filters[f]?.trim()
      if (value) cleaned[f] = value
    }
    if (cleaned.from && cleaned.to && cleaned.from > cleaned.to) {
      this.errors = { from: t(this.locale, 'rangeInvalid') }
      this.alert = msg(this.locale, 'fixFields')
      await this.focusFirstError()
      return
    }
    this.errors = {}
    this.applied = cleaned
    await this.page(undefined, [undefined])
  }

  private async clearFilters() {
    this.filters = {}
    this.applied = {}
    this.errors = {}
    this.alert = ''
    await this.page(undefined, [undefined])
  }

  async verify() {
    this.verifying = true
    try {
      this.report = await verifyAuditLog(this.api)
    } catch (error) {
      this.failed(error)
    } finally {
      this.verifying = false
    }
  }

  async loadSummary() {
    if (!/^\d{4}-\d{2}$/.test(this.month)) {
      this.errors = { month: msg(this.locale, 'required') }
      this.alert = msg(this.locale, 'fixFields')
      await this.focusFirstError()
      return
    }
    try {
      this.summary = await auditSummary(this.api, this.month)
    } catch (error) {
      await this.refused(error, ['month'])
    }
  }

  private async download(event: SubmitEvent) {
    event.preventDefault()
    if (this.busy) return
    this.alert = ''
    this.status = ''
    const errors: typeof this.errors = {}
    if (!/^\d{4}-\d{2}$/.test(this.month)) errors.month = msg(this.locale, 'required')
    if (!this.reason.trim()) errors.reason = msg(this.locale, 'required')
    this.errors = errors
    if (errors.month || errors.reason) {
      this.alert = msg(this.locale, 'fixFields')
      await this.focusFirstError()
      return
    }
    this.busy = true
    try {
      const { blob, fileName } = await auditMonth(this.api, this.month, this.reason.trim())
      const name = fileName ?? `audit-${this.month}.ndjson`
      saveFile(blob, name)
      this.status = t(this.locale, 'downloaded', { file: name })
      // The export is an entry of the log itself: show it.
      void this.page(undefined, [undefined])
      void this.loadSummary()
    } catch (error) {
      await this.refused(error, ['month', 'reason'])
    } finally {
      this.busy = false
    }
  }

  private input(
    id: Field,
    label: string,
    type: string,
    value: string,
    set: (v: string) => void,
    hint?: string
  ) {
    const error = this.errors[id]
    const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ')
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : nothing}
      <input
        id=${id}
        name=${id}
        type=${type}
        maxlength=${type === 'text' ? (id === 'reason' ? '500' : '64') : nothing}
        .value=${value}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        @input=${(e: Event) => set((e.target as HTMLInputElement).value)}
      />
      ${error ? html`<p class="error" id=${`${id}-error`}>${error}</p>` : nothing}
    </div>`
  }

  private filterForm() {
    const l = this.locale
    const text = (f: FilterField, label: string, type = 'text') =>
      this.input(f, label, type, this.filters[f] ?? '', (v) => (this.filters = { ...this.filters, [f]: v }))
    return html`<form class="range" novalidate @submit=${this.applyFilters}>
      <fieldset>
        <legend>${t(l, 'filters')}</legend>
        ${text('action', t(l, 'action'))} ${text('actor', t(l, 'actor'))} ${text('subject', t(l, 'subject'))}
        ${text('from', t(l, 'from'), 'date')} ${text('to', t(l, 'to'), 'date')}
      </fieldset>
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${this.busy}>${t(l, 'filter')}</button>
        <button class="secondary" type="button" ?disabled=${this.busy} @click=${() => this.clearFilters()}>
          ${t(l, 'clear')}
        </button>
      </div>
    </form>`
  }

  private list(events: AuditEvent[]) {
    const l = this.locale
    if (!events.length) return html`<p class="empty-list">${t(l, 'empty')}</p>`
    const when = new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'medium' })
    const who = (e: AuditEvent) => `${e.actor.type}${e.actor.id ? ` ${e.actor.id}` : ''}`
    return html`<div class="table-wrap" role="region" aria-labelledby="list-caption" tabindex="0">
      <table>
        <caption id="list-caption">
          ${t(l, 'listTitle')} (${t(l, 'pageOf', { page: String(this.cursors.length) })})
        </caption>
        <thead>
          <tr>
            <th scope="col">${t(l, 'entry')}</th>
            <th scope="col">${t(l, 'when')}</th>
            <th scope="col">${t(l, 'what')}</th>
            <th scope="col">${t(l, 'who')}</th>
            <th scope="col">${t(l, 'about')}</th>
            <th scope="col">${t(l, 'why')}</th>
          </tr>
        </thead>
        <tbody>
          ${events.map(
            (e) =>
              html`<tr data-event=${String(e.id)}>
                <td class="number">${e.seq}</td>
                <td><time datetime=${e.createdAt}>${when.format(new Date(e.createdAt))}</time></td>
                <th scope="row"><code>${e.action}</code></th>
                <td>${who(e)}</td>
                <td>${e.subject ? `${e.subject.type} ${e.subject.id ?? ''}` : '—'}</td>
                <td>${e.reason ?? '—'}</td>
              </tr>`
          )}
        </tbody>
      </table>
    </div>`
  }

  private paging() {
    const l = this.locale
    const newer = this.cursors.length > 1
    if (!newer && !this.next) return nothing
    return html`<nav class="actions" aria-label=${t(l, 'listTitle')}>
      <button
        class="secondary"
        type="button"
        ?disabled=${!newer || this.busy}
        @click=${() => {
          const cursors = this.cursors.slice(0, -1)
          void this.page(cursors[cursors.length - 1], cursors)
        }}
      >
        ${t(l, 'newer')}
      </button>
      <button
        class="secondary"
        type="button"
        ?disabled=${!this.next || this.busy}
        @click=${() => {
          const before = this.next ?? undefined
          void this.page(before, [...this.cursors, before])
        }}
      >
        ${t(l, 'older')}
      </button>
    </nav>`
  }

  private monthPart() {
    const l = this.locale
    const summary = this.summary
    const monthName = (month: string) =>
      new Intl.DateTimeFormat(l, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
        new Date(`${month}-01T00:00:00Z`)
      )
    const count = new Intl.NumberFormat(l)
    let body: unknown = nothing
    if (summary) {
      const name = monthName(summary.month)
      const [y, m] = summary.month.split('-').map(Number)
      const last = new Date(Date.UTC(y!, m!, 0)).getUTCDate()
      const days = daysBetween(`${summary.month}-01`, `${summary.month}-${String(last).padStart(2, '0')}`)
      const byDay = new Map(summary.days.map((d) => [d.day, d.count]))
      body = html`<p class="month-total">
          ${t(l, 'monthTotal', { count: count.format(summary.total), month: name })}
        </p>
        <tessera-console-chart
          data-chart="month"
          .caption=${t(l, 'monthChart', { month: name })}
          .locale=${l}
          .days=${days}
          .series=${[{ label: t(l, 'entries'), values: days.map((d) => byDay.get(d) ?? 0) }]}
        ></tessera-console-chart>
        ${
          summary.actions.length
            ? html`<div class="table-wrap">
                <table class="actions-table">
                  <caption>
                    ${t(l, 'actionsCaption', { month: name })}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">${t(l, 'what')}</th>
                      <th scope="col">${t(l, 'count')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${summary.actions.map(
                      (a) =>
                        html`<tr>
                          <th scope="row"><code>${a.action}</code></th>
                          <td class="number">${count.format(a.count)}</td>
                        </tr>`
                    )}
                  </tbody>
                </table>
              </div>`
            : nothing
        }`
    }
    return html`<section class="part" aria-labelledby="month-title">
      <h2 id="month-title">${t(l, 'monthTitle')}</h2>
      <p>${t(l, 'monthIntro')}</p>
      <form
        class="range"
        novalidate
        @submit=${(e: SubmitEvent) => {
          e.preventDefault()
          this.alert = ''
          this.errors = {}
          void this.loadSummary()
        }}
      >
        ${this.input('month', t(l, 'month'), 'month', this.month, (v) => (this.month = v))}
        <button class="secondary" type="submit">${t(l, 'showMonth')}</button>
      </form>
      ${body}
      <form novalidate @submit=${this.download} aria-busy=${this.busy ? 'true' : 'false'}>
        ${this.input('reason', t(l, 'reason'), 'text', this.reason, (v) => (this.reason = v), t(l, 'reasonHint'))}
        <button class="primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? t(l, 'downloading') : t(l, 'download')}
        </button>
      </form>
    </section>`
  }

  override render() {
    const l = this.locale
    return html`<section class="card" aria-labelledby="audit-title">
      <h1 id="audit-title" tabindex="-1">${t(l, 'title')}</h1>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      <p>${t(l, 'intro')}</p>

      <section class="part" aria-labelledby="chain-title" aria-busy=${this.verifying ? 'true' : 'false'}>
        <h2 id="chain-title">${t(l, 'chainTitle')}</h2>
        ${this.report ? chainReport(this.report, l) : html`<p>${this.verifying ? t(l, 'verifying') : ''}</p>`}
        <button class="secondary" type="button" ?disabled=${this.verifying} @click=${() => this.verify()}>
          ${this.verifying ? chainT(l, 'verifying') : t(l, 'verifyAgain')}
        </button>
      </section>

      <section class="part" aria-labelledby="list-title">
        <h2 id="list-title">${t(l, 'listTitle')}</h2>
        ${this.filterForm()}
        ${this.events ? html`${this.list(this.events)} ${this.paging()}` : html`<p>${this.alert ? '' : msg(l, 'loading')}</p>`}
      </section>

      ${this.monthPart()}
      <p class="status" role="status">${this.status}</p>
    </section>`
  }
}

if (!customElements.get(AUDIT_TAG)) customElements.define(AUDIT_TAG, TesseraConsoleAudit)

declare global {
  interface HTMLElementTagNameMap {
    [AUDIT_TAG]: TesseraConsoleAudit
  }
}
