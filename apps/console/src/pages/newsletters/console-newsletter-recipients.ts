import { LitElement, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi } from '../../api.js'
import type { Locale } from '../../messages.js'
import { consoleStyles } from '../../styles.js'
import { newslettersApi } from './api.js'
import type { CampaignRecipient } from './api.js'
import { t } from './messages.js'
import { failureText, formatWhen, newsletterStyles } from './shared.js'

export const NEWSLETTER_RECIPIENTS_TAG = 'tessera-console-newsletter-recipients'

const PER_PAGE = 50

/**
 * Who a campaign went to (`GET …/campaigns/:id/recipients`, `newsletters.recipients`). Personal data
 * whose every read the API audits, so nothing is fetched until staff ask for it; then page by page.
 */
export class TesseraConsoleNewsletterRecipients extends LitElement {
  static override styles = [consoleStyles, newsletterStyles]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  @property({ attribute: 'campaign-id' }) campaignId = ''

  @state() private rows: CampaignRecipient[] | null = null
  @state() private page = 0
  @state() private more = false
  @state() private alert = ''
  @state() private busy = false

  private async next() {
    if (this.busy) return
    this.busy = true
    this.alert = ''
    try {
      const answer = await newslettersApi(this.api).recipients(this.campaignId, this.page + 1, PER_PAGE)
      this.page = answer.page
      this.rows = [...(this.rows ?? []), ...answer.data]
      this.more = answer.data.length === PER_PAGE
    } catch (error) {
      const text = failureText(this, this.locale, error)
      if (text) this.alert = text
    } finally {
      this.busy = false
    }
  }

  override render() {
    const m = (key: Parameters<typeof t>[1]) => t(this.locale, key)
    const rows = this.rows
    return html`<h2 id="recipients-title">${m('recipientsTitle')}</h2>
      <p class="hint">${m('recipientsHint')}</p>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      ${
        rows === null
          ? html`<button class="secondary" type="button" ?disabled=${this.busy} @click=${this.next}>
              ${m('recipientsShow')}
            </button>`
          : rows.length === 0
            ? html`<p>${m('recipientsEmpty')}</p>`
            : html`<div class="table-wrap" role="region" aria-labelledby="recipients-title" tabindex="0">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">${m('colMember')}</th>
                        <th scope="col">${m('colStatus')}</th>
                        <th scope="col">${m('colAttempts')}</th>
                        <th scope="col">${m('colReason')}</th>
                        <th scope="col">${m('colSentAt')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${rows.map(
                        (r) =>
                          html`<tr>
                            <th scope="row"><code>${r.member ?? m('none')}</code></th>
                            <td>
                              ${r.status === 'queued' || r.status === 'sending' ? m('delivery.pending') : m(`delivery.${r.status}`)}
                            </td>
                            <td class="number">${r.attempts}</td>
                            <td>${r.skipReason ?? r.error ?? m('none')}</td>
                            <td>${formatWhen(r.sentAt, this.locale)}</td>
                          </tr>`
                      )}
                    </tbody>
                  </table>
                </div>
                ${
                  this.more
                    ? html`<button
                        class="secondary small"
                        type="button"
                        ?disabled=${this.busy}
                        @click=${this.next}
                      >
                        ${m('recipientsMore')}
                      </button>`
                    : nothing
                }`
      }`
  }
}

if (!customElements.get(NEWSLETTER_RECIPIENTS_TAG))
  customElements.define(NEWSLETTER_RECIPIENTS_TAG, TesseraConsoleNewsletterRecipients)

declare global {
  interface HTMLElementTagNameMap {
    [NEWSLETTER_RECIPIENTS_TAG]: TesseraConsoleNewsletterRecipients
  }
}
