import { LitElement, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi } from '../../api.js'
import type { Locale } from '../../messages.js'
import { consoleStyles } from '../../styles.js'
import { newslettersApi } from './api.js'
import type { Campaign } from './api.js'
import { t } from './messages.js'
import type { NewsletterMessage } from './messages.js'
import type { SavedCampaign } from './console-newsletter-editor.js'
import { failureText, formatWhen, newsletterStyles } from './shared.js'
import './console-newsletter-campaign.js'
import './console-newsletter-editor.js'

export const NEWSLETTERS_TAG = 'tessera-console-newsletters'

/**
 * The Newsletters page (`newsletters.read`): how many members a newsletter would reach now, the
 * campaigns with their status and dates, and one campaign opened (or a new one composed, with
 * `newsletters.manage`). `/console/newsletters/<id>` opens that campaign directly.
 */
export class TesseraConsoleNewsletters extends LitElement {
  static override styles = [consoleStyles, newsletterStyles]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  @property({ attribute: 'role-label' }) roleLabel = ''
  @property({ type: Boolean, attribute: 'can-manage' }) canManage = false
  @property({ type: Boolean, attribute: 'can-see-recipients' }) canSeeRecipients = false
  /** The campaign to open first (from the address), or ''. */
  @property() subpath = ''
  @property({ type: Number, attribute: 'poll-ms' }) pollMs = 2000

  @state() private campaigns: Campaign[] | null = null
  @state() private audience: number | null = null
  @state() private view: { kind: 'list' } | { kind: 'new' } | { kind: 'campaign'; id: string } = {
    kind: 'list',
  }
  @state() private alert = ''

  private m(key: NewsletterMessage, vars?: Record<string, string>) {
    return t(this.locale, key, vars)
  }

  override connectedCallback() {
    super.connectedCallback()
    if (/^nl_[0-9A-Za-z]+$/.test(this.subpath)) this.view = { kind: 'campaign', id: this.subpath }
    void this.load()
  }

  /** (Re)reads the campaigns and the audience count. */
  async load() {
    const calls = newslettersApi(this.api)
    try {
      const [list, audience] = await Promise.all([calls.list(), calls.audience()])
      this.campaigns = list.data
      this.audience = audience.eligible
      this.alert = ''
    } catch (error) {
      const text = failureText(this, this.locale, error)
      if (text) this.alert = text
    }
  }

  private async show(view: typeof this.view) {
    this.view = view
    if (view.kind === 'list') void this.load()
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>('#newsletters-title')?.focus()
  }

  /** "112 sent, 2 failed, …" once a campaign has deliveries. */
  private deliveries(c: Campaign, number: Intl.NumberFormat) {
    const d = c.deliveries
    if (!d || c.audienceCount === null) return this.m('none')
    return this.m('listDelivery', {
      sent: number.format(d.sent),
      failed: number.format(d.failed),
      uncertain: number.format(d.uncertain),
      skipped: number.format(d.skipped),
    })
  }

  private list(campaigns: Campaign[]) {
    if (!campaigns.length)
      return html`<h2>${this.m('listTitle')}</h2>
        <p>${this.m('empty')}</p>`
    const number = new Intl.NumberFormat(this.locale)
    return html`<div class="table-wrap" role="region" aria-labelledby="campaigns-caption" tabindex="0">
      <table>
        <caption id="campaigns-caption">
          ${this.m('listTitle')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${this.m('colName')}</th>
            <th scope="col">${this.m('colStatus')}</th>
            <th scope="col">${this.m('colScheduled')}</th>
            <th scope="col">${this.m('colSent')}</th>
            <th scope="col">${this.m('colAudience')}</th>
            <th scope="col">${this.m('colDelivery')}</th>
            <th scope="col"><span class="visually-hidden">${this.m('open')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${campaigns.map(
            (c) =>
              html`<tr data-campaign=${c.id}>
                <th scope="row">${c.name}</th>
                <td><span class="badge" data-status=${c.status}>${this.m(`status.${c.status}`)}</span></td>
                <td>${formatWhen(c.scheduledAt, this.locale)}</td>
                <td>
                  ${c.startedAt ? formatWhen(c.startedAt, this.locale) : this.m('none')}
                  ${c.finishedAt ? html`<br />${formatWhen(c.finishedAt, this.locale)}` : nothing}
                </td>
                <td class="number">
                  ${c.audienceCount === null ? this.m('none') : number.format(c.audienceCount)}
                </td>
                <td class="delivery">${this.deliveries(c, number)}</td>
                <td>
                  <button
                    class="secondary small"
                    type="button"
                    aria-label=${this.m('openLabel', { name: c.name })}
                    @click=${() => this.show({ kind: 'campaign', id: c.id })}
                  >
                    ${this.m('open')}
                  </button>
                </td>
              </tr>`
          )}
        </tbody>
      </table>
    </div>`
  }

  private body() {
    const view = this.view
    if (view.kind === 'new')
      return html`<tessera-console-newsletter-editor
        .api=${this.api}
        .locale=${this.locale}
        @newsletter-saved=${(e: CustomEvent<SavedCampaign>) => this.show({ kind: 'campaign', id: e.detail.campaign.id })}
      ></tessera-console-newsletter-editor>`
    if (view.kind === 'campaign')
      return html`<tessera-console-newsletter-campaign
        .api=${this.api}
        .locale=${this.locale}
        campaign-id=${view.id}
        ?can-manage=${this.canManage}
        ?can-see-recipients=${this.canSeeRecipients}
        .audience=${this.audience}
        poll-ms=${this.pollMs}
      ></tessera-console-newsletter-campaign>`
    const campaigns = this.campaigns
    if (!campaigns) return html`<p>${this.alert ? '' : this.m('loading')}</p>`
    return html`${
      this.canManage
        ? html`<div class="actions">
            <button
              class="primary"
              type="button"
              id="new-campaign"
              @click=${() => this.show({ kind: 'new' })}
            >
              ${this.m('newCampaign')}
            </button>
          </div>`
        : nothing
    }
    ${this.list(campaigns)}`
  }

  override render() {
    return html`<section class="card wide" aria-labelledby="newsletters-title">
      <h1 id="newsletters-title" tabindex="-1">${this.m('title')}</h1>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      ${!this.canManage ? html`<p class="notice">${this.m('readOnly', { role: this.roleLabel })}</p>` : nothing}
      ${
        this.audience !== null
          ? html`<p class="audience">
              ${this.m('audience', { count: new Intl.NumberFormat(this.locale).format(this.audience) })}
            </p>`
          : nothing
      }
      ${
        this.view.kind !== 'list'
          ? html`<p>
              <button
                class="secondary small"
                type="button"
                id="back"
                @click=${() => this.show({ kind: 'list' })}
              >
                ${this.m('back')}
              </button>
            </p>`
          : nothing
      }
      ${this.body()}
    </section>`
  }
}

if (!customElements.get(NEWSLETTERS_TAG)) customElements.define(NEWSLETTERS_TAG, TesseraConsoleNewsletters)

declare global {
  interface HTMLElementTagNameMap {
    [NEWSLETTERS_TAG]: TesseraConsoleNewsletters
  }
}
