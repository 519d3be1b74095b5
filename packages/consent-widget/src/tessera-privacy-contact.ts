import { css, html, nothing } from 'lit'
import type { TemplateResult } from 'lit'
import { property } from 'lit/decorators.js'
import { defineElement, msg, TesseraElement } from '@tessera/widget-core'
import type { Locale, WidgetConfig } from '@tessera/widget-core'

export const PRIVACY_CONTACT_TAG = 'tessera-privacy-contact'

// Only plain addresses become mailto: links, so tenant data cannot add ?cc=/&body= or another scheme.
const PLAIN_EMAIL = /^[^\s@<>()[\]\\,;:"'?&=/]+@[^\s@<>()[\]\\,;:"'?&=/]+\.[^\s@<>()[\]\\,;:"'?&=/]+$/

/**
 * `<tessera-privacy-contact>`: the tenant's privacy officer (name, department, e-mail) and legal name.
 *
 * @attr heading-level - level of the heading, 1–6 (default 2)
 * @attr lang - language to render in (else the page's, else the tenant default)
 * @fires tessera-ready - `{ tenantId, locale }` once the content is shown
 * @fires tessera-error - `{ status, type, title }` when refused (401/403/CORS) or failed
 * @csspart base - the wrapper
 * @csspart heading - the heading
 * @csspart organisation - the tenant's legal name
 * @csspart name - the officer's name
 * @csspart email - the e-mail link
 * @cssprop --tessera-color-primary / --tessera-color-accent / --tessera-color-text
 * @cssprop --tessera-color-background / --tessera-font-family / --tessera-radius
 */
export class TesseraPrivacyContact extends TesseraElement {
  static override styles = [
    ...TesseraElement.styles,
    css`
      .base {
        padding: 1rem 1.25rem;
        border: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 15%, transparent);
      }
      .heading {
        margin: 0 0 0.5rem;
        font-size: 1.125rem;
        font-weight: 600;
        color: var(--tessera-color-primary, #0b5fff);
      }
      .intro {
        margin: 0 0 0.75rem;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
        margin: 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
    `,
  ]

  /** Heading level (1–6) so the element fits the partner page's outline. */
  @property({ attribute: 'heading-level', type: Number }) headingLevel = 2

  #level(): number {
    const n = Math.trunc(Number(this.headingLevel))
    return Number.isFinite(n) ? Math.min(6, Math.max(1, n)) : 2
  }

  protected renderReady(config: WidgetConfig, locale: Locale): TemplateResult {
    const { officer, tenant } = config
    const controller = tenant.legalName || tenant.name
    const email = officer.email.trim()
    return html`
      <div class="heading" part="heading" role="heading" aria-level=${this.#level()}>
        ${msg(locale, 'privacyContact.heading')}
      </div>
      <p class="intro">${msg(locale, 'privacyContact.intro', { controller })}</p>
      <dl>
        <dt>${msg(locale, 'privacyContact.organisation')}</dt>
        <dd part="organisation">${controller}</dd>
        ${
          officer.name
            ? html`<dt>${msg(locale, 'privacyContact.officer')}</dt>
                <dd part="name">${officer.name}</dd>`
            : nothing
        }
        ${
          officer.department
            ? html`<dt>${msg(locale, 'privacyContact.department')}</dt>
                <dd>${officer.department}</dd>`
            : nothing
        }
        ${
          email
            ? html`<dt>${msg(locale, 'privacyContact.email')}</dt>
                <dd>
                  ${
                    PLAIN_EMAIL.test(email)
                      ? html`<a part="email" href=${`mailto:${email}`}>${email}</a>`
                      : html`<span part="email">${email}</span>`
                  }
                </dd>`
            : nothing
        }
      </dl>
    `
  }
}

defineElement(PRIVACY_CONTACT_TAG, TesseraPrivacyContact)

declare global {
  interface HTMLElementTagNameMap {
    'tessera-privacy-contact': TesseraPrivacyContact
  }
}
