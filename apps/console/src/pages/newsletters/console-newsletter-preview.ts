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

/** Elements that have no place in a preview (the API sends none of them; removed all the same). */
const DROPPED = 'script, iframe, frame, object, embed, link, meta, base, form, style'

/**
 * The mail HTML made fit for the console's CSP: style attributes are taken out (the frame inherits
 * the console's `style-src 'self'`, which refuses them) and numbered, to be put back through the
 * CSSOM, which CSP allows; images from elsewhere become their alt text (`img-src 'self'`); no
 * scripts, handlers or frames.
 */
export function previewDocument(mail: string, origin: string): { srcdoc: string; styles: string[] } {
  const doc = new DOMParser().parseFromString(mail, 'text/html')
  for (const el of doc.querySelectorAll(DROPPED)) el.remove()
  const styles: string[] = []
  for (const el of doc.querySelectorAll('*')) {
    for (const attribute of [...el.attributes]) {
      const name = attribute.name.toLowerCase()
      if (name.startsWith('on') || name === 'srcset') el.removeAttribute(attribute.name)
      if ((name === 'href' || name === 'src') && /^\s*(javascript|data|vbscript):/i.test(attribute.value))
        el.removeAttribute(attribute.name)
    }
    const style = el.getAttribute('style')
    if (style !== null) {
      el.removeAttribute('style')
      el.setAttribute('data-preview-style', String(styles.length))
      styles.push(style)
    }
  }
  for (const img of doc.querySelectorAll('img')) {
    let sameOrigin: boolean
    try {
      sameOrigin = new URL(img.getAttribute('src') ?? '', origin).origin === origin
    } catch {
      sameOrigin = false
    }
    if (!sameOrigin) img.replaceWith(doc.createTextNode(img.getAttribute('alt') ?? ''))
  }
  return { srcdoc: `<!doctype html>${doc.documentElement.outerHTML}`, styles }
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
