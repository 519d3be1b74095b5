import { LitElement, css, html, nothing } from 'lit'
import type { PropertyValues } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError } from '../../api.js'
import type { Locale } from '../../messages.js'
import { consoleStyles } from '../../styles.js'
import { CAMPAIGN_LOCALES, newslettersApi } from './api.js'
import type { Campaign, CampaignLocale } from './api.js'
import { t } from './messages.js'
import type { NewsletterMessage } from './messages.js'
import type { SavedCampaign } from './console-newsletter-editor.js'
import { failureText, formatWhen, localInputToIso, localTimeZone, newsletterStyles } from './shared.js'
import './console-newsletter-editor.js'
import './console-newsletter-preview.js'
import './console-newsletter-stats.js'
import './console-newsletter-recipients.js'

export const NEWSLETTER_CAMPAIGN_TAG = 'tessera-console-newsletter-campaign'

const editable = (c: Campaign) => c.status === 'draft' || c.status === 'scheduled'
const started = (c: Campaign) => c.status === 'sending' || c.status === 'sent' || c.status === 'cancelled'

/**
 * One campaign (`GET …/campaigns/:id`): its content (edited while a draft or scheduled, with
 * `newsletters.manage`), the preview, a test send to an address, then schedule at a time stated in
 * the reader's time zone, send now (after a confirmation) or cancel; once started, the delivery
 * statistics and, with `newsletters.recipients`, the recipients. Refusals are shown beside their
 * field (422) or announced (409: already started, 502: the mail server refused the test).
 */
export class TesseraConsoleNewsletterCampaign extends LitElement {
  static override styles = [
    consoleStyles,
    newsletterStyles,
    css`
      .head {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: baseline;
      }
      .confirm {
        padding: 0.75rem;
        border: 2px solid #b3261e;
        border-radius: calc(var(--tessera-radius, 8px) / 2);
        margin: 0 0 1rem;
      }
      input[type='datetime-local'] {
        max-width: 18rem;
      }
      dl {
        margin: 0 0 1rem;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0 0 0.5rem;
      }
    `,
  ]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  @property({ attribute: 'campaign-id' }) campaignId = ''
  @property({ type: Boolean, attribute: 'can-manage' }) canManage = false
  @property({ type: Boolean, attribute: 'can-see-recipients' }) canSeeRecipients = false
  /** Members a campaign sent now would reach (GET …/audience), for the confirmation. */
  @property({ type: Number }) audience: number | null = null
  @property({ type: Number, attribute: 'poll-ms' }) pollMs = 2000

  @state() campaign: Campaign | null = null
  /** The ETag of the version shown, sent with an edit so no one overwrites someone else's. */
  @state() private etag: string | null = null
  @state() private revision = 0
  @state() private alert = ''
  @state() private status = ''
  @state() private busy = false
  @state() private testTo = ''
  @state() private testLocale: CampaignLocale = 'en'
  @state() private sendAt = ''
  @state() private errors: Record<string, string> = {}
  @state() private confirming = false

  private m(key: NewsletterMessage, vars?: Record<string, string>) {
    return t(this.locale, key, vars)
  }

  private watch: ReturnType<typeof setTimeout> | undefined

  override disconnectedCallback() {
    super.disconnectedCallback()
    clearTimeout(this.watch)
  }

  protected override updated(changed: PropertyValues<this>) {
    if (changed.has('campaignId') && this.campaignId) void this.load()
    if (changed.has('campaign')) this.watchSchedule()
  }

  /**
   * While scheduled, the status is read (from the statistics, not the campaign: the editor's
   * version must not change under it) until the worker starts it; then the campaign is read again.
   */
  private watchSchedule() {
    clearTimeout(this.watch)
    if (this.campaign?.status !== 'scheduled' || this.pollMs <= 0 || !this.isConnected) return
    this.watch = setTimeout(async () => {
      try {
        const { status } = await newslettersApi(this.api).stats(this.campaignId)
        if (status !== 'scheduled') await this.load()
        else this.watchSchedule()
      } catch (error) {
        const text = failureText(this, this.locale, error)
        if (text) this.alert = text
      }
    }, this.pollMs)
  }

  async load() {
    try {
      const { campaign, etag } = await newslettersApi(this.api).get(this.campaignId)
      this.campaign = campaign
      this.etag = etag
      const locales = this.locales()
      if (!locales.includes(this.testLocale)) this.testLocale = locales[0] ?? 'en'
    } catch (error) {
      const text = failureText(this, this.locale, error)
      if (text) this.alert = text
    }
  }

  private locales(): CampaignLocale[] {
    return CAMPAIGN_LOCALES.filter((l) => this.campaign?.content[l])
  }

  /** Runs one action: clears the messages, announces the outcome, shows 422 fields beside them. */
  private async act(run: () => Promise<string>, fields: string[] = []) {
    if (this.busy) return
    this.busy = true
    this.alert = ''
    this.status = ''
    this.errors = {}
    try {
      this.status = await run()
    } catch (error) {
      if (error instanceof ConsoleApiError && error.status === 422 && error.errors.length) {
        const found: Record<string, string> = {}
        const elsewhere: string[] = []
        for (const e of error.errors) {
          if (fields.includes(e.field)) found[e.field] ??= e.message
          else elsewhere.push(e.message)
        }
        this.errors = found
        this.alert = [this.m('fixFields'), ...elsewhere].join(' ')
        await this.updateComplete
        const first = fields.find((f) => found[f])
        if (first)
          this.renderRoot.querySelector<HTMLElement>(`#${first === 'to' ? 'test-to' : first}`)?.focus()
      } else {
        const text = failureText(this, this.locale, error)
        if (text) this.alert = text
        if (error instanceof ConsoleApiError && error.status === 409) await this.load()
      }
    } finally {
      this.busy = false
      this.confirming = false
    }
  }

  private sendTest(event: SubmitEvent) {
    event.preventDefault()
    const to = this.testTo.trim()
    return this.act(async () => {
      await newslettersApi(this.api).sendTest(this.campaignId, this.testLocale, to || undefined)
      return to ? this.m('testSent', { to }) : this.m('testSentSelf')
    }, ['to', 'locale'])
  }

  private async schedule(event: SubmitEvent) {
    event.preventDefault()
    const iso = localInputToIso(this.sendAt)
    if (!iso) {
      this.errors = { sendAt: this.m('required') }
      this.alert = this.m('fixFields')
      await this.updateComplete
      this.renderRoot.querySelector<HTMLElement>('#sendAt')?.focus()
      return
    }
    return this.act(async () => {
      this.campaign = await newslettersApi(this.api).schedule(this.campaignId, iso)
      return this.m('scheduled', { when: formatWhen(this.campaign.scheduledAt, this.locale) })
    }, ['sendAt'])
  }

  private sendNow() {
    return this.act(async () => {
      this.campaign = await newslettersApi(this.api).sendNow(this.campaignId)
      return this.m('started')
    })
  }

  private cancel() {
    return this.act(async () => {
      this.campaign = await newslettersApi(this.api).cancel(this.campaignId)
      return this.m('cancelled')
    })
  }

  private saved(event: CustomEvent<SavedCampaign>) {
    this.campaign = event.detail.campaign
    this.etag = event.detail.etag
    this.revision += 1
  }

  private content(campaign: Campaign) {
    return html`<h3>${this.m('viewTitle')}</h3>
      <dl>
        ${this.locales().map(
          (l) =>
            html`<dt>${this.m(`locale.${l}`)} — ${this.m('subject')}</dt>
              <dd>${campaign.content[l]!.subject}</dd>
              <dt>${this.m(`locale.${l}`)} — ${this.m('body')}</dt>
              <dd><pre>${campaign.content[l]!.body}</pre></dd>`
        )}
      </dl>`
  }

  private testForm() {
    const locales = this.locales()
    return html`<form novalidate @submit=${this.sendTest} aria-labelledby="test-title">
      <h2 id="test-title">${this.m('testTitle')}</h2>
      <div class="field">
        <label for="test-to">${this.m('testTo')}</label>
        <p class="hint" id="test-to-hint">${this.m('testToHint')}</p>
        <input
          id="test-to"
          type="email"
          autocomplete="email"
          .value=${this.testTo}
          aria-invalid=${this.errors.to ? 'true' : 'false'}
          aria-describedby=${this.errors.to ? 'test-to-hint to-error' : 'test-to-hint'}
          @input=${(e: Event) => (this.testTo = (e.target as HTMLInputElement).value)}
        />
        ${this.errors.to ? html`<p class="error" id="to-error">${this.errors.to}</p>` : nothing}
      </div>
      ${
        locales.length > 1
          ? html`<div class="field">
              <label for="test-locale">${this.m('testLocale')}</label>
              <select
                id="test-locale"
                @change=${(e: Event) => (this.testLocale = (e.target as HTMLSelectElement).value as CampaignLocale)}
              >
                ${locales.map(
                  (l) =>
                    html`<option value=${l} ?selected=${l === this.testLocale}>
                      ${this.m(`locale.${l}`)}
                    </option>`
                )}
              </select>
            </div>`
          : nothing
      }
      <button class="secondary" type="submit" ?disabled=${this.busy}>${this.m('testSend')}</button>
    </form>`
  }

  private sendForms(campaign: Campaign) {
    const count = this.audience === null ? '?' : new Intl.NumberFormat(this.locale).format(this.audience)
    return html`<h2 id="send-title">${this.m('sendTitle')}</h2>
      <form novalidate @submit=${this.schedule} aria-labelledby="send-title">
        <div class="field">
          <label for="sendAt">${this.m('sendAt')}</label>
          <p class="hint" id="sendAt-hint">${this.m('sendAtHint', { zone: localTimeZone() })}</p>
          <input
            id="sendAt"
            type="datetime-local"
            .value=${this.sendAt}
            aria-invalid=${this.errors.sendAt ? 'true' : 'false'}
            aria-describedby=${this.errors.sendAt ? 'sendAt-hint sendAt-error' : 'sendAt-hint'}
            @input=${(e: Event) => (this.sendAt = (e.target as HTMLInputElement).value)}
          />
          ${this.errors.sendAt ? html`<p class="error" id="sendAt-error">${this.errors.sendAt}</p>` : nothing}
        </div>
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this.busy}>${this.m('schedule')}</button>
          ${
            this.confirming
              ? nothing
              : html`<button
                  class="secondary"
                  type="button"
                  id="send-now"
                  ?disabled=${this.busy}
                  @click=${async () => {
                    this.confirming = true
                    await this.updateComplete
                    this.renderRoot.querySelector<HTMLElement>('#send-confirm')?.focus()
                  }}
                >
                  ${this.m('sendNow')}
                </button>`
          }
          ${
            campaign.status === 'scheduled'
              ? html`<button
                  class="secondary"
                  type="button"
                  id="cancel"
                  ?disabled=${this.busy}
                  @click=${this.cancel}
                >
                  ${this.m('cancel')}
                </button>`
              : nothing
          }
        </div>
      </form>
      ${
        this.confirming
          ? html`<div class="confirm" role="group" aria-labelledby="confirm-text">
              <p id="confirm-text">${this.m('sendConfirm', { count })}</p>
              <div class="actions">
                <button
                  class="primary"
                  type="button"
                  id="send-confirm"
                  ?disabled=${this.busy}
                  @click=${this.sendNow}
                >
                  ${this.m('sendConfirmYes')}
                </button>
                <button
                  class="secondary"
                  type="button"
                  @click=${async () => {
                    this.confirming = false
                    await this.updateComplete
                    this.renderRoot.querySelector<HTMLElement>('#send-now')?.focus()
                  }}
                >
                  ${this.m('sendConfirmNo')}
                </button>
              </div>
            </div>`
          : nothing
      }`
  }

  override render() {
    const campaign = this.campaign
    if (!campaign)
      return html`<div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
        ${this.alert ? nothing : html`<p>${this.m('loading')}</p>`}`
    const manage = this.canManage
    return html`<div class="head">
        <h2 id="campaign-title">${campaign.name}</h2>
        <span class="badge" data-status=${campaign.status}>${this.m(`status.${campaign.status}`)}</span>
      </div>
      ${
        campaign.status === 'scheduled'
          ? html`<p>${this.m('scheduledFor', { when: formatWhen(campaign.scheduledAt, this.locale) })}</p>`
          : nothing
      }
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      <p class="status" role="status">${this.status}</p>
      ${
        started(campaign)
          ? html`<section>
              <tessera-console-newsletter-stats
                .api=${this.api}
                .locale=${this.locale}
                campaign-id=${campaign.id}
                poll-ms=${this.pollMs}
                @newsletter-status=${() => this.load()}
              ></tessera-console-newsletter-stats>
            </section>`
          : nothing
      }
      ${
        manage && campaign.status === 'sending'
          ? html`<div class="actions">
              <button
                class="secondary"
                type="button"
                id="cancel"
                ?disabled=${this.busy}
                @click=${this.cancel}
              >
                ${this.m('cancel')}
              </button>
            </div>`
          : nothing
      }
      <section>
        ${
          manage && editable(campaign)
            ? html`<tessera-console-newsletter-editor
                .api=${this.api}
                .locale=${this.locale}
                .campaign=${campaign}
                .etag=${this.etag}
                @newsletter-saved=${this.saved}
                @newsletter-changed=${() => this.load()}
              ></tessera-console-newsletter-editor>`
            : html`${manage ? html`<p class="notice">${this.m('notEditable')}</p>` : nothing}
              ${this.content(campaign)}`
        }
      </section>
      <section>
        <tessera-console-newsletter-preview
          .api=${this.api}
          .locale=${this.locale}
          campaign-id=${campaign.id}
          .locales=${this.locales()}
          revision=${this.revision}
        ></tessera-console-newsletter-preview>
      </section>
      ${manage ? html`<section>${this.testForm()}</section>` : nothing}
      ${manage && editable(campaign) ? html`<section>${this.sendForms(campaign)}</section>` : nothing}
      ${
        this.canSeeRecipients && started(campaign)
          ? html`<section>
              <tessera-console-newsletter-recipients
                .api=${this.api}
                .locale=${this.locale}
                campaign-id=${campaign.id}
              ></tessera-console-newsletter-recipients>
            </section>`
          : nothing
      }`
  }
}

if (!customElements.get(NEWSLETTER_CAMPAIGN_TAG))
  customElements.define(NEWSLETTER_CAMPAIGN_TAG, TesseraConsoleNewsletterCampaign)

declare global {
  interface HTMLElementTagNameMap {
    [NEWSLETTER_CAMPAIGN_TAG]: TesseraConsoleNewsletterCampaign
  }
}
