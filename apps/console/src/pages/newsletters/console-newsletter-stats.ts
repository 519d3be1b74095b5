import { LitElement, css, html, nothing } from 'lit'
import type { PropertyValues } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi } from '../../api.js'
import type { Locale } from '../../messages.js'
import { consoleStyles } from '../../styles.js'
import { newslettersApi } from './api.js'
import type { CampaignStats, CampaignStatus } from './api.js'
import { t } from './messages.js'
import { failureText, formatWhen, newsletterStyles } from './shared.js'

export const NEWSLETTER_STATS_TAG = 'tessera-console-newsletter-stats'

/** Statuses whose numbers still move: the statistics are read again every `pollMs`. */
const MOVING: readonly CampaignStatus[] = ['scheduled', 'sending']

/**
 * Delivery statistics of a campaign (`GET …/campaigns/:id/stats`): recipients, then sent, failed,
 * uncertain (a worker stopped mid-send: never sent twice, counted apart), skipped (no longer
 * eligible at send time) and waiting, each with its share as a bar. Read again while the campaign is
 * scheduled or sending; fires `newsletter-status` (detail: the status) when the status changes.
 */
export class TesseraConsoleNewsletterStats extends LitElement {
  static override styles = [
    consoleStyles,
    newsletterStyles,
    css`
      progress {
        width: 100%;
        min-width: 6rem;
        height: 0.75rem;
      }
    `,
  ]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  @property({ attribute: 'campaign-id' }) campaignId = ''
  /** How often moving numbers are read again (ms); 0 stops it. */
  @property({ type: Number, attribute: 'poll-ms' }) pollMs = 2000

  @state() stats: CampaignStats | null = null
  @state() private alert = ''
  private timer: ReturnType<typeof setTimeout> | undefined

  override disconnectedCallback() {
    super.disconnectedCallback()
    clearTimeout(this.timer)
  }

  protected override updated(changed: PropertyValues<this>) {
    if (changed.has('campaignId') && this.campaignId) void this.load()
  }

  async load() {
    clearTimeout(this.timer)
    const before = this.stats?.status
    try {
      this.stats = await newslettersApi(this.api).stats(this.campaignId)
      this.alert = ''
      if (before && before !== this.stats.status)
        this.dispatchEvent(
          new CustomEvent('newsletter-status', { detail: this.stats.status, bubbles: true, composed: true })
        )
      if (this.pollMs > 0 && MOVING.includes(this.stats.status) && this.isConnected)
        this.timer = setTimeout(() => void this.load(), this.pollMs)
    } catch (error) {
      const text = failureText(this, this.locale, error)
      if (text) this.alert = text
    }
  }

  override render() {
    const stats = this.stats
    if (!stats)
      return html`<h2>${t(this.locale, 'statsTitle')}</h2>
        <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
        ${this.alert ? nothing : html`<p>${t(this.locale, 'loading')}</p>`}`
    const d = stats.deliveries
    const rows = [
      ['sent', d.sent],
      ['failed', d.failed],
      ['uncertain', d.uncertain],
      ['skipped', d.skipped],
      ['pending', d.queued + d.sending],
    ] as const
    const total = stats.audience ?? rows.reduce((sum, [, n]) => sum + n, 0)
    const number = new Intl.NumberFormat(this.locale)
    return html`<div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      <div class="table-wrap" role="region" aria-labelledby="stats-caption" tabindex="0">
        <table>
          <caption id="stats-caption">
            ${t(this.locale, 'statsTitle')}
          </caption>
          <tbody>
            <tr>
              <th scope="row">${t(this.locale, 'statsAudience')}</th>
              <td class="number" data-stat="audience">
                ${stats.audience === null ? t(this.locale, 'none') : number.format(stats.audience)}
              </td>
              <td></td>
            </tr>
            ${rows.map(
              ([key, n]) =>
                html`<tr>
                  <th scope="row" id="stat-${key}">${t(this.locale, `delivery.${key}`)}</th>
                  <td class="number" data-stat=${key}>${number.format(n)}</td>
                  <td>
                    <progress max=${Math.max(total, 1)} .value=${n} aria-labelledby="stat-${key}"></progress>
                  </td>
                </tr>`
            )}
          </tbody>
        </table>
      </div>
      <p>${t(this.locale, 'statsAttempts', { count: number.format(stats.smtpAttempts) })}</p>
      ${stats.startedAt ? html`<p>${t(this.locale, 'statsStarted', { when: formatWhen(stats.startedAt, this.locale) })}</p>` : nothing}
      ${stats.finishedAt ? html`<p>${t(this.locale, 'statsFinished', { when: formatWhen(stats.finishedAt, this.locale) })}</p>` : nothing}
      <button class="secondary small" type="button" @click=${() => this.load()}>
        ${t(this.locale, 'statsRefresh')}
      </button>`
  }
}

if (!customElements.get(NEWSLETTER_STATS_TAG))
  customElements.define(NEWSLETTER_STATS_TAG, TesseraConsoleNewsletterStats)

declare global {
  interface HTMLElementTagNameMap {
    [NEWSLETTER_STATS_TAG]: TesseraConsoleNewsletterStats
  }
}
