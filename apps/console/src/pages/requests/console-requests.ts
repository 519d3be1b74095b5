import { LitElement, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi } from '../../api.js'
import type { Locale } from '../../messages.js'
import { consoleStyles } from '../../styles.js'
import { OPEN_STATUSES, REQUEST_TYPES, listRequests } from './api.js'
import type { InboxPage, InboxQuery, InboxRow, RequestType } from './api.js'
import { formatDateTime, timeLeft } from './format.js'
import { t } from './messages.js'
import type { RequestsMessage } from './messages.js'
import { requestsStyles } from './styles.js'
import type { RequestRecordedDetail, TesseraConsoleRequestRecord } from './console-request-record.js'
import './console-request-detail.js'
import './console-request-record.js'
import { failureText } from '../../failures.js'

export const REQUESTS_TAG = 'tessera-console-requests'

const PAGE_PATH = '/console/requests'

/** A request id as the API makes them (`pr_…`); anything else in the address is not one. */
const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/

/**
 * The Privacy requests page: the inbox (`GET /v1/admin/requests`) earliest due first, with each
 * request's type, status, day received, due date and time left; overdue and due-soon rows say so in
 * words as well as colour. Filters (open / closed / all, type, overdue / due soon) and pages. A request
 * opens in place with its own address (`/console/requests/<id>`, also as `subpath`; Back and Forward
 * work); "Record a request" opens the dialog for one received by e-mail or letter. Only for roles with
 * `requests.handle` (the registry hides it from the rest; the API refuses them too).
 */
export class TesseraConsoleRequests extends LitElement {
  static override styles = [consoleStyles, requestsStyles]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  @property({ attribute: 'role-label' }) roleLabel = ''
  /** The request in the address (`/console/requests/<id>` → `<id>`), or ''. */
  @property() subpath = ''
  @property({ type: Number, attribute: 'per-page' }) perPage = 25
  @property({ attribute: false }) now: () => Date = () => new Date()

  @state() private selected = ''
  @state() private query: InboxQuery = { status: 'open', page: 1 }
  @state() private inbox: InboxPage | null = null
  @state() private alert = ''
  @state() private status = ''
  @state() private loading = false

  private readonly onPopState = () => this.followAddress()

  private t(key: RequestsMessage, vars?: Record<string, string>) {
    return t(this.locale, key, vars)
  }

  override connectedCallback() {
    super.connectedCallback()
    this.selected = REQUEST_ID.test(this.subpath) ? this.subpath : ''
    window.addEventListener('popstate', this.onPopState)
    if (!this.selected) void this.load()
  }

  /** The shell changed the address (its navigation link from a deep link): follow it. */
  override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('subpath') && changed.get('subpath') !== undefined) {
      const id = REQUEST_ID.test(this.subpath) ? this.subpath : ''
      if (id !== this.selected) {
        this.selected = id
        if (!id) void this.load()
      }
    }
  }

  override disconnectedCallback() {
    window.removeEventListener('popstate', this.onPopState)
    super.disconnectedCallback()
  }

  /** Back / Forward between the inbox and a request. */
  private followAddress() {
    if (!location.pathname.startsWith(PAGE_PATH)) return
    const id = decodeURIComponent(location.pathname.slice(PAGE_PATH.length).replace(/^\//, ''))
    this.selected = REQUEST_ID.test(id) ? id : ''
    if (!this.selected) void this.load()
  }

  /** (Re)reads the inbox page the filters ask for. */
  async load() {
    this.loading = true
    try {
      this.inbox = await listRequests(this.api, { ...this.query, perPage: this.perPage })
      this.alert = ''
    } catch (error) {
      this.failed(error)
    } finally {
      this.loading = false
    }
  }

  private failed(error: unknown) {
    const text = failureText(this, this.locale, error)
    if (text) this.alert = text
  }

  private filter(change: Partial<InboxQuery>) {
    this.query = { ...this.query, ...change, page: change.page ?? 1 }
    this.status = ''
    void this.load()
  }

  private go(path: string) {
    if (location.pathname.startsWith('/console')) history.pushState(null, '', path)
  }

  private async open(event: MouseEvent, id: string) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    this.go(`${PAGE_PATH}/${encodeURIComponent(id)}`)
    this.selected = id
    this.status = ''
    await this.updateComplete
    const detail = this.renderRoot.querySelector(REQUEST_DETAIL)
    await detail?.updateComplete
    detail?.shadowRoot?.querySelector<HTMLElement>('h1')?.focus()
  }

  private async back(event: MouseEvent) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    this.go(PAGE_PATH)
    this.selected = ''
    await this.load()
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>('h1')?.focus()
  }

  private async recorded(event: CustomEvent<RequestRecordedDetail>) {
    const { id, dueAt, status } = event.detail
    this.status =
      status === 'completed'
        ? this.t('recordedAnswered', { id })
        : this.t('recorded', { id, due: formatDateTime(dueAt, this.locale) })
    await this.load()
  }

  private timeLeftCell(r: InboxRow) {
    if (!OPEN_STATUSES.includes(r.status)) return html`${this.t('answered')}`
    return html`${timeLeft(r.dueAt, this.now(), this.locale)}
    ${r.overdue ? html`<strong class="badge overdue">${this.t('overdue')}</strong>` : nothing}
    ${r.dueSoon ? html`<strong class="badge due-soon">${this.t('dueSoon')}</strong>` : nothing}`
  }

  private filters() {
    const q = this.query
    return html`<form
      class="toolbar"
      aria-label=${this.t('filters')}
      @submit=${(e: Event) => e.preventDefault()}
    >
      <div class="field">
        <label for="filter-status">${this.t('filterStatus')}</label>
        <select
          id="filter-status"
          @change=${(e: Event) =>
            this.filter({ status: (e.target as HTMLSelectElement).value as InboxQuery['status'] })}
        >
          ${(
            [
              ['open', 'statusOpen'],
              ['closed', 'statusClosed'],
              ['all', 'statusAll'],
            ] as const
          ).map(
            ([value, label]) =>
              html`<option value=${value} ?selected=${q.status === value}>${this.t(label)}</option>`
          )}
        </select>
      </div>
      <div class="field">
        <label for="filter-type">${this.t('filterType')}</label>
        <select
          id="filter-type"
          @change=${(e: Event) =>
            this.filter({
              type: ((e.target as HTMLSelectElement).value || undefined) as RequestType | undefined,
            })}
        >
          <option value="" ?selected=${!q.type}>${this.t('anyType')}</option>
          ${REQUEST_TYPES.map(
            (type) =>
              html`<option value=${type} ?selected=${q.type === type}>${this.t(`type.${type}`)}</option>`
          )}
        </select>
      </div>
      <div class="field">
        <label for="filter-due">${this.t('filterDue')}</label>
        <select
          id="filter-due"
          @change=${(e: Event) =>
            this.filter({
              due: ((e.target as HTMLSelectElement).value || undefined) as InboxQuery['due'],
            })}
        >
          <option value="" ?selected=${!q.due}>${this.t('anyDue')}</option>
          <option value="overdue" ?selected=${q.due === 'overdue'}>${this.t('dueOverdue')}</option>
          <option value="soon" ?selected=${q.due === 'soon'}>${this.t('dueSoonFilter')}</option>
        </select>
      </div>
    </form>`
  }

  private table(page: InboxPage) {
    if (!page.data.length)
      return html`<p class="empty">
        ${this.query.status === 'open' && !this.query.type && !this.query.due ? this.t('emptyOpen') : this.t('empty')}
      </p>`
    // A region that may scroll sideways on narrow screens: focusable, so it scrolls from the keyboard.
    return html`<div class="table-wrap" role="region" aria-labelledby="inbox-caption" tabindex="0">
      <table>
        <caption id="inbox-caption">
          ${this.t('inboxCaption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${this.t('colRequest')}</th>
            <th scope="col">${this.t('colType')}</th>
            <th scope="col">${this.t('colStatus')}</th>
            <th scope="col">${this.t('colChannel')}</th>
            <th scope="col">${this.t('colReceived')}</th>
            <th scope="col">${this.t('colDue')}</th>
            <th scope="col">${this.t('colDaysLeft')}</th>
          </tr>
        </thead>
        <tbody>
          ${page.data.map(
            (r) =>
              html`<tr data-request=${r.id} class=${r.overdue ? 'overdue' : r.dueSoon ? 'due-soon' : ''}>
                <th scope="row">
                  <a
                    href="${PAGE_PATH}/${encodeURIComponent(r.id)}"
                    @click=${(e: MouseEvent) => this.open(e, r.id)}
                    ><code>${r.id}</code></a
                  >
                </th>
                <td>${this.t(`type.${r.type}`)}</td>
                <td class="request-status">${this.t(`status.${r.status}`)}</td>
                <td>${this.t(`channel.${r.channel}`)}</td>
                <td><time datetime=${r.receivedAt}>${formatDateTime(r.receivedAt, this.locale)}</time></td>
                <td><time datetime=${r.dueAt}>${formatDateTime(r.dueAt, this.locale)}</time></td>
                <td class="time-left">${this.timeLeftCell(r)}</td>
              </tr>`
          )}
        </tbody>
      </table>
    </div>`
  }

  private pager(page: InboxPage) {
    const { page: current, lastPage } = page.meta
    if (lastPage <= 1) return nothing
    return html`<nav aria-label=${this.t('paging')} class="buttons">
      <button
        class="secondary"
        type="button"
        data-page="previous"
        ?disabled=${current <= 1 || this.loading}
        @click=${() => this.filter({ page: current - 1 })}
      >
        ${this.t('previous')}
      </button>
      <span class="page-of">${this.t('pageOf', { page: String(current), pages: String(lastPage) })}</span>
      <button
        class="secondary"
        type="button"
        data-page="next"
        ?disabled=${current >= lastPage || this.loading}
        @click=${() => this.filter({ page: current + 1 })}
      >
        ${this.t('next')}
      </button>
    </nav>`
  }

  private inboxView() {
    const page = this.inbox
    return html`<section class="card" aria-labelledby="requests-title">
      <h1 id="requests-title" tabindex="-1">${this.t('title')}</h1>
      <p class="hint">${this.t('intro')}</p>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      <p class="status" role="status">${this.status}</p>
      <div class="buttons">
        <button
          class="primary"
          type="button"
          data-action="record"
          @click=${() => this.renderRoot.querySelector<TesseraConsoleRequestRecord>(REQUEST_RECORD)?.open()}
        >
          ${this.t('record')}
        </button>
      </div>
      ${this.filters()}
      ${
        page
          ? html`<p class="count" aria-live="polite">
                ${this.t('inboxCount', { total: String(page.meta.total) })}
              </p>
              ${this.table(page)} ${this.pager(page)}`
          : html`<p>${this.alert ? '' : this.t('loading')}</p>`
      }
      <tessera-console-request-record
        .api=${this.api}
        .locale=${this.locale}
        .now=${this.now}
        @request-recorded=${this.recorded}
      ></tessera-console-request-record>
    </section>`
  }

  override render() {
    if (!this.selected) return this.inboxView()
    return html`<p>
        <a href=${PAGE_PATH} class="back" @click=${this.back}>← ${this.t('back')}</a>
      </p>
      <tessera-console-request-detail
        .api=${this.api}
        .locale=${this.locale}
        .now=${this.now}
        request-id=${this.selected}
      ></tessera-console-request-detail>`
  }
}

const REQUEST_DETAIL = 'tessera-console-request-detail'
const REQUEST_RECORD = 'tessera-console-request-record'

if (!customElements.get(REQUESTS_TAG)) customElements.define(REQUESTS_TAG, TesseraConsoleRequests)

declare global {
  interface HTMLElementTagNameMap {
    [REQUESTS_TAG]: TesseraConsoleRequests
  }
}
