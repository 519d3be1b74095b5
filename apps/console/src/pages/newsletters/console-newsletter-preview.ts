import { LitElement, css, html, nothing } from 'lit'
import type { PropertyValues } from 'lit'
import { property, query, state } from 'lit/decorators.js'
import { ConsoleApi } from '../../api.js'
import type { Locale } from '../../messages.js'
import { consoleStyles } from '../../styles.js'
import { CAMPAIGN_LOCALES, newslettersApi } from './api.js'
import type { CampaignLocale, CampaignPreview } from './api.js'
import { t } from './messages.js'
import { failureText, newsletterStyles } from './shared.js'

export const NEWSLETTER_PREVIEW_TAG = 'tessera-console-newsletter-preview'

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  '#39': "'",
  '#x27': "'",
}
/** The API's escaped attribute values (`&quot;` in a font name) back to text. */
const unescape = (value: string) =>
  value.replace(/&(amp|lt|gt|quot|apos|#39|#x27);/gi, (_, name: string) => ENTITIES[name.toLowerCase()]!)
const escapeText = (value: string) =>
  value.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)

function sameOrigin(url: string, origin: string) {
  try {
    return new URL(url, origin).origin === origin
  } catch {
    return false
  }
}

/**
 * The mail HTML made fit for the console's CSP, which the frame inherits: its `style-src 'self'`
 * refuses style attributes, so they are taken out (as text: parsing the mail here would apply the
 * CSP to them too) and numbered, to be put back through the CSSOM, which CSP allows; images from
 * elsewhere (`img-src 'self'`) become their alt text. Not a sanitizer: the frame's sandbox (no
 * scripts) and the inherited CSP (no inline scripts) keep the mail inert whatever it holds.
 */
export function previewDocument(mail: string, origin: string): { srcdoc: string; styles: string[] } {
  const styles: string[] = []
  const srcdoc = mail
    .replace(/\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')/gi, (_match, double?: string, single?: string) => {
      styles.push(unescape(double ?? single ?? ''))
      return ` data-preview-style="${styles.length - 1}"`
    })
    .replace(/<img\b[^>]*>/gi, (tag) => {
      const src = /\ssrc\s*=\s*"([^"]*)"/i.exec(tag)?.[1]
      if (src && sameOrigin(unescape(src), origin)) return tag
      return escapeText(unescape(/\salt\s*=\s*"([^"]*)"/i.exec(tag)?.[1] ?? ''))
    })
  return { srcdoc, styles }
}

/**
 * The campaign as a member would get it (`GET …/campaigns/:id/preview?locale=`): the subject line,
 * the HTML in a sandboxed frame (no scripts, no navigation out; same origin only so the console can
 * put the mail's styles back through the CSSOM) and the plain-text version.
 */
export class TesseraConsoleNewsletterPreview extends LitElement {
  static override styles = [
    consoleStyles,
    newsletterStyles,
    css`
      iframe {
        width: 100%;
        min-height: 20rem;
        border: 1px solid #c9d1d9;
        border-radius: calc(var(--tessera-radius, 8px) / 2);
        background: #f4f5f7;
      }
      .row {
        display: flex;
        gap: 0.5rem;
        align-items: end;
        margin: 0 0 0.75rem;
      }
      .row .field {
        margin: 0;
      }
      summary {
        cursor: pointer;
        margin: 0.5rem 0;
      }
    `,
  ]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  @property({ attribute: 'campaign-id' }) campaignId = ''
  /** The campaign's locales (those with content); the preview offers these. */
  @property({ attribute: false }) locales: readonly CampaignLocale[] = CAMPAIGN_LOCALES
  /** Bumped by the page after a save, so the preview is rendered again. */
  @property({ type: Number }) revision = 0

  @state() private mailLocale: CampaignLocale = 'en'
  @state() private preview: CampaignPreview | null = null
  @state() private alert = ''
  @state() private loading = false
  @query('iframe') private frame?: HTMLIFrameElement
  private styleList: string[] = []

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('locales') && !this.locales.includes(this.mailLocale))
      this.mailLocale = this.locales.includes(this.locale) ? this.locale : (this.locales[0] ?? 'en')
  }

  protected override updated(changed: PropertyValues<this>) {
    if ((changed.has('campaignId') || changed.has('revision')) && this.campaignId) void this.load()
  }

  async load() {
    this.loading = true
    this.alert = ''
    try {
      this.preview = await newslettersApi(this.api).preview(this.campaignId, this.mailLocale)
      const { srcdoc, styles } = previewDocument(this.preview.html, location.origin)
      this.styleList = styles
      await this.updateComplete
      if (this.frame) this.frame.srcdoc = srcdoc
    } catch (error) {
      this.preview = null
      const text = failureText(this, this.locale, error)
      if (text) this.alert = text
    } finally {
      this.loading = false
    }
  }

  /** Puts the mail's styles back (CSSOM, allowed by the CSP) and fits the frame to its content. */
  private framed() {
    const doc = this.frame?.contentDocument
    if (!doc || !this.frame) return
    for (const el of doc.querySelectorAll<HTMLElement>('[data-preview-style]')) {
      el.style.cssText = this.styleList[Number(el.dataset.previewStyle)] ?? ''
    }
    this.frame.style.height = `${doc.documentElement.scrollHeight + 4}px`
  }

  private choose(event: Event) {
    this.mailLocale = (event.target as HTMLSelectElement).value as CampaignLocale
    void this.load()
  }

  override render() {
    const preview = this.preview
    return html`<h2>${t(this.locale, 'previewTitle')}</h2>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      ${
        this.locales.length > 1
          ? html`<div class="row">
              <div class="field">
                <label for="preview-locale">${t(this.locale, 'previewLocale')}</label>
                <select id="preview-locale" .value=${this.mailLocale} @change=${this.choose}>
                  ${this.locales.map(
                    (l) =>
                      html`<option value=${l} ?selected=${l === this.mailLocale}>
                        ${t(this.locale, `locale.${l}`)}
                      </option>`
                  )}
                </select>
              </div>
            </div>`
          : nothing
      }
      <p role="status">${this.loading ? t(this.locale, 'previewLoading') : ''}</p>
      ${
        preview
          ? html`<p class="subject">${t(this.locale, 'previewSubject', { subject: preview.subject })}</p>`
          : nothing
      }
      <iframe
        ?hidden=${!preview}
        sandbox="allow-same-origin"
        referrerpolicy="no-referrer"
        title=${t(this.locale, 'previewFrame')}
        @load=${this.framed}
      ></iframe>
      ${
        preview
          ? html`<details>
              <summary>${t(this.locale, 'previewText')}</summary>
              <pre class="text">${preview.text}</pre>
            </details>`
          : nothing
      }`
  }
}

if (!customElements.get(NEWSLETTER_PREVIEW_TAG))
  customElements.define(NEWSLETTER_PREVIEW_TAG, TesseraConsoleNewsletterPreview)

declare global {
  interface HTMLElementTagNameMap {
    [NEWSLETTER_PREVIEW_TAG]: TesseraConsoleNewsletterPreview
  }
}
