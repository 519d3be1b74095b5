import { LitElement, css, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import type { Locale } from '../../messages.js'
import { consoleStyles } from '../../styles.js'
import { purposesMsg } from './messages.js'
import type { PurposesMessage } from './messages.js'

export const PURPOSES_EMBED_TAG = 'tessera-console-purposes-embed'

/** What a partner puts in a page: the loader script with the publishable key, then the elements. */
export function embedSnippet(
  apiBase: string,
  key: string,
  comment: (key: PurposesMessage) => string
): string {
  const base = apiBase.replace(/\/+$/, '')
  return [
    `<!-- ${comment('commentScript')} -->`,
    `<script src="${base}/widgets/v1/tessera.js" data-key="${key}" async></script>`,
    '',
    `<!-- ${comment('commentBanner')} -->`,
    '<tessera-cookie-banner></tessera-cookie-banner>',
    '',
    `<!-- ${comment('commentConsent')} -->`,
    '<tessera-consent></tessera-consent>',
    '',
    `<!-- ${comment('commentPolicy')} -->`,
    '<tessera-policy></tessera-policy>',
    '',
    `<!-- ${comment('commentCenter')} -->`,
    '<tessera-privacy-center></tessera-privacy-center>',
    '',
    `<!-- ${comment('commentContact')} -->`,
    '<tessera-privacy-contact></tessera-privacy-contact>',
  ].join('\n')
}

/**
 * The embed snippet for partners, with the tenant's publishable key (public by design) and a copy
 * button. Without a publishable key it says where to get one and shows none.
 */
export class TesseraConsolePurposesEmbed extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      textarea {
        width: 100%;
        min-height: 16rem;
        font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
        font-size: 0.8125rem;
        padding: 0.5rem;
        border: 1px solid #6b7785;
        border-radius: 4px;
        white-space: pre;
      }
      textarea:focus-visible {
        outline: 3px solid var(--tessera-color-accent, #00a37a);
        outline-offset: 2px;
      }
    `,
  ]

  @property() locale: Locale = 'en'
  /** Where the loader is served from (the API's origin). */
  @property({ attribute: 'api-base' }) apiBase = location.origin
  /** The publishable key, or null when there is none to show. */
  @property({ attribute: false }) publishableKey: string | null = null

  @state() private status = ''

  private t(key: PurposesMessage, vars?: Record<string, string>) {
    return purposesMsg(this.locale, key, vars)
  }

  private async copy() {
    const area = this.renderRoot.querySelector<HTMLTextAreaElement>('#embed')
    if (!area) return
    try {
      await navigator.clipboard.writeText(area.value)
      this.status = this.t('copied')
    } catch {
      area.select()
      this.status = this.t('copyFailed')
    }
  }

  override render() {
    const key = this.publishableKey
    return html`<section class="card" aria-labelledby="embed-title">
      <h2 id="embed-title">${this.t('embedTitle')}</h2>
      <p class="hint" id="embed-hint">${this.t('embedHint')}</p>
      ${
        key
          ? html`<label for="embed">${this.t('embedLabel')}</label>
              <textarea
                id="embed"
                readonly
                spellcheck="false"
                aria-describedby="embed-hint"
                .value=${embedSnippet(this.apiBase, key, (k) => this.t(k))}
              ></textarea>
              <button type="button" class="secondary copy-embed" @click=${this.copy}>
                ${this.t('copy')}
              </button>`
          : html`<p class="notice">${this.t('embedNoKey')}</p>`
      }
      <p class="status" role="status">${key ? this.status : nothing}</p>
    </section>`
  }
}

if (!customElements.get(PURPOSES_EMBED_TAG))
  customElements.define(PURPOSES_EMBED_TAG, TesseraConsolePurposesEmbed)

declare global {
  interface HTMLElementTagNameMap {
    [PURPOSES_EMBED_TAG]: TesseraConsolePurposesEmbed
  }
}
