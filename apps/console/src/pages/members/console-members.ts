import { LitElement, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError } from '../../api.js'
import type { Locale } from '../../messages.js'
import { consoleStyles } from '../../styles.js'
import { searchMembers } from './api.js'
import type { MemberSearchResult } from './api.js'
import { formatDateTime } from './format.js'
import { t } from './messages.js'
import type { MembersMessage } from './messages.js'
import { membersStyles } from './styles.js'
import './console-member-profile.js'
import { failureText } from '../../failures.js'

export const MEMBERS_TAG = 'tessera-console-members'

const PAGE_PATH = '/console/members'

/**
 * The Members page: a search by whole e-mail address or member id (`GET /v1/admin/members?q=`, audited
 * by the API; the data is encrypted, so there is no search by part of an address), its results, and a
 * member's profile (`memberId`, from `/console/members/<id>`). A 422 on `q` is shown beside the field.
 * Opening a result changes the address, so the profile can be linked to and the back button works.
 * Fires `console-session-ended` when the API no longer accepts the session.
 */
export class TesseraConsoleMembers extends LitElement {
  static override styles = [consoleStyles, membersStyles]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  /** The member whose profile is shown; '' shows the search. */
  @property({ attribute: 'member-id' }) memberId = ''
  @property({ type: Boolean, attribute: 'can-export' }) canExport = false
  @property({ type: Boolean, attribute: 'can-read-usage' }) canReadUsage = false
  @property({ type: Boolean, attribute: 'can-open-requests' }) canOpenRequests = false

  @state() private query = ''
  @state() private queryError = ''
  @state() private result: MemberSearchResult | null = null
  @state() private searched = ''
  @state() private alert = ''
  @state() private status = ''
  @state() private busy = false

  private t(key: MembersMessage, vars?: Record<string, string>) {
    return t(this.locale, key, vars)
  }

  private readonly onPopState = () => {
    const match = /^\/console\/members(?:\/([^/]*))?\/?$/.exec(location.pathname)
    if (!match) return
    this.memberId = decodeURIComponent(match[1] ?? '')
    this.dispatchEvent(
      new CustomEvent('console-subpath', { detail: this.memberId, bubbles: true, composed: true })
    )
  }

  override connectedCallback() {
    super.connectedCallback()
    window.addEventListener('popstate', this.onPopState)
  }

  override disconnectedCallback() {
    window.removeEventListener('popstate', this.onPopState)
    super.disconnectedCallback()
  }

  private failed(error: unknown) {
    const text = failureText(this, this.locale, error)
    if (text) this.alert = text
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault()
    await this.search(this.query.trim(), 1)
  }

  async search(q: string, page: number) {
    if (this.busy) return
    this.alert = ''
    this.status = ''
    this.queryError = q ? '' : this.t('required')
    if (this.queryError) {
      this.alert = this.t('fixFields')
      await this.focusQuery()
      return
    }
    this.busy = true
    try {
      this.result = await searchMembers(this.api, q, page)
      this.searched = q
      this.status = this.t('resultsCount', { count: String(this.result.meta.total) })
    } catch (error) {
      const fault =
        error instanceof ConsoleApiError && error.status === 422
          ? error.errors.find((e) => e.field === 'q')
          : undefined
      if (fault) {
        this.queryError = fault.message
        this.alert = this.t('fixFields')
        await this.focusQuery()
      } else this.failed(error)
    } finally {
      this.busy = false
    }
  }

  private async focusQuery() {
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>('#member-query')?.focus()
  }

  /** Shows a member (a plain click: in place, with the address updated; other clicks as links do). */
  private async open(event: MouseEvent, id: string) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    this.go(id)
    await this.updateComplete
    const profile = this.renderRoot.querySelector('tessera-console-member-profile')
    await profile?.updateComplete
    profile?.renderRoot.querySelector<HTMLElement>('#profile-title')?.focus()
  }

  private async back(event: MouseEvent) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    this.go('')
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>(this.result ? '#results' : '#member-query')?.focus()
  }

  private go(id: string) {
    this.memberId = id
    if (location.pathname.startsWith('/console'))
      history.pushState(null, '', id ? `${PAGE_PATH}/${encodeURIComponent(id)}` : PAGE_PATH)
    // The shell keeps the subpath, so its Members link brings the search back.
    this.dispatchEvent(new CustomEvent('console-subpath', { detail: id, bubbles: true, composed: true }))
  }

  private results(result: MemberSearchResult) {
    if (!result.data.length)
      return html`<h2 id="results" tabindex="-1">${this.t('resultsTitle')}</h2>
        <p class="no-results">${this.t('noResults')}</p>`
    const { page, perPage, total } = result.meta
    const pages = Math.max(1, Math.ceil(total / perPage))
    return html`<div class="table-wrap" role="region" aria-labelledby="results" tabindex="0">
        <table>
          <caption id="results" tabindex="-1">
            ${this.t('resultsTitle')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${this.t('memberId')}</th>
              <th scope="col">${this.t('status')}</th>
              <th scope="col">${this.t('created')}</th>
              <th scope="col">${this.t('lastActive')}</th>
            </tr>
          </thead>
          <tbody>
            ${result.data.map(
              (m) =>
                html`<tr data-member=${m.id}>
                  <th scope="row">
                    <a
                      href="${PAGE_PATH}/${encodeURIComponent(m.id)}"
                      @click=${(e: MouseEvent) => this.open(e, m.id)}
                      ><code>${m.id}</code></a
                    >
                  </th>
                  <td>${this.t(`status.${m.status}` as MembersMessage)}</td>
                  <td>${formatDateTime(m.createdAt, this.locale)}</td>
                  <td>${m.lastActiveAt ? formatDateTime(m.lastActiveAt, this.locale) : this.t('never')}</td>
                </tr>`
            )}
          </tbody>
        </table>
      </div>
      ${
        pages > 1
          ? html`<nav class="paging" aria-label=${this.t('resultsPaging')}>
              <button
                class="secondary"
                type="button"
                ?disabled=${this.busy || page <= 1}
                @click=${() => this.search(this.searched, page - 1)}
              >
                ${this.t('previous')}
              </button>
              <p>${this.t('pageOf', { page: String(page), pages: String(pages) })}</p>
              <button
                class="secondary"
                type="button"
                ?disabled=${this.busy || page >= pages}
                @click=${() => this.search(this.searched, page + 1)}
              >
                ${this.t('next')}
              </button>
            </nav>`
          : nothing
      }`
  }

  private form() {
    const error = this.queryError
    return html`<form
      novalidate
      role="search"
      @submit=${this.submit}
      aria-busy=${this.busy ? 'true' : 'false'}
    >
      <fieldset>
        <legend>${this.t('searchLegend')}</legend>
        <div class="field">
          <label for="member-query">${this.t('query')}</label>
          <p class="hint" id="member-query-hint">${this.t('queryHint')}</p>
          <input
            id="member-query"
            name="q"
            type="search"
            autocomplete="off"
            spellcheck="false"
            maxlength="320"
            .value=${this.query}
            aria-invalid=${error ? 'true' : 'false'}
            aria-describedby=${error ? 'member-query-hint member-query-error' : 'member-query-hint'}
            @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)}
          />
          ${error ? html`<p class="error" id="member-query-error">${error}</p>` : nothing}
        </div>
      </fieldset>
      <button class="primary" type="submit" ?disabled=${this.busy}>
        ${this.busy ? this.t('searching') : this.t('search')}
      </button>
    </form>`
  }

  override render() {
    if (this.memberId) {
      return html`<p>
          <a href=${PAGE_PATH} class="back" @click=${this.back}>${this.t('backToSearch')}</a>
        </p>
        <tessera-console-member-profile
          .api=${this.api}
          .locale=${this.locale}
          .memberId=${this.memberId}
          ?can-export=${this.canExport}
          ?can-read-usage=${this.canReadUsage}
          ?can-open-requests=${this.canOpenRequests}
        ></tessera-console-member-profile>`
    }
    return html`<section class="card" aria-labelledby="members-title">
      <h1 id="members-title" tabindex="-1">${this.t('title')}</h1>
      <p class="notice">${this.t('accessLogged')}</p>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      ${this.form()} ${this.result ? this.results(this.result) : nothing}
      <p class="status" role="status">${this.status}</p>
    </section>`
  }
}

if (!customElements.get(MEMBERS_TAG)) customElements.define(MEMBERS_TAG, TesseraConsoleMembers)

declare global {
  interface HTMLElementTagNameMap {
    [MEMBERS_TAG]: TesseraConsoleMembers
  }
}
