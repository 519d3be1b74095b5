import { LitElement, css, html, nothing } from 'lit'
import type { PropertyValues } from 'lit'
import { property, state } from 'lit/decorators.js'
import { keyed } from 'lit/directives/keyed.js'
import type { TesseraRuntime, WidgetConfig } from '@tessera/widget-core'
import type { Locale } from '../../messages.js'
import type { PolicyPurpose } from '../purposes/api.js'
import type { TenantDocument } from './api.js'

export const SETTINGS_PREVIEW_TAG = 'tessera-console-widget-preview'

/** The `--tessera-*` tokens and the branding field each comes from (packages/widget-core/src/theme.ts). */
export const PREVIEW_TOKENS = {
  '--tessera-color-primary': 'primaryColor',
  '--tessera-color-accent': 'accentColor',
  '--tessera-color-text': 'textColor',
  '--tessera-color-background': 'backgroundColor',
  '--tessera-font-family': 'fontFamily',
  '--tessera-radius': 'radius',
} as const

export type PreviewTheme = Partial<Record<keyof typeof PREVIEW_TOKENS, string>>

/** The key the preview's stand-in runtime carries: never a real key, never sent anywhere. */
const PREVIEW_KEY = 'pk_console_preview'

/** The namespace of the console's stand-in for the widgets' theme style (see keepConsoleUnthemed). */
export const PREVIEW_MARKER_NAMESPACE = 'urn:tessera:console:preview'

/**
 * Widgets put the tenant's theme on the page as a `<style data-tessera-theme>` unless one is there. The
 * console must not take the tenant's theme (and its CSP refuses inline style sheets, empty ones too), so a
 * marker stands in: an element named `style` in a namespace of its own, which the widgets' check
 * (`style[data-tessera-theme]`) finds but which is no style sheet (never parsed, never checked by the CSP).
 */
function keepConsoleUnthemed(doc: Document) {
  if (doc.head.querySelector('style[data-tessera-theme]')) return
  const marker = doc.createElementNS(PREVIEW_MARKER_NAMESPACE, 'style')
  marker.setAttribute('data-tessera-theme', '')
  doc.head.append(marker)
}

let widgets: Promise<unknown> | undefined

/** The real partner widgets, fetched once, from the console's own origin (a separate chunk). */
function loadWidgets() {
  widgets ??= Promise.all([
    import('@tessera/consent-widget/privacy-contact'),
    import('@tessera/consent-widget/consent'),
  ])
  return widgets
}

const problem = (status: number, slug: string, title: string) =>
  new Response(JSON.stringify({ type: `https://tessera.dev/problems/${slug}`, title, status }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  })

/**
 * A live preview of the real partner widgets (`<tessera-privacy-contact>`, `<tessera-consent>` from
 * packages/consent-widget) with the theme being edited, applied as `--tessera-*` custom properties on a
 * wrapper (CSSOM, so the console's CSP allows it). The widgets get their data here: the config from the
 * tenant being edited and, for the consent form, a stand-in fetch answering the purposes of the policy in
 * effect. Nothing goes over the network.
 */
export class TesseraConsoleWidgetPreview extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .toggle {
      font: inherit;
      cursor: pointer;
      justify-self: start;
      padding: 0.375rem 0.75rem;
      border-radius: 4px;
      border: 1px solid #0b5fff;
      background: #ffffff;
      color: #0b5fff;
    }
    .toggle:focus-visible {
      outline: 3px solid #00a37a;
      outline-offset: 2px;
    }
    .stage {
      display: grid;
      gap: 1rem;
      padding: 1rem;
      border: 1px dashed #6b7785;
      border-radius: 8px;
      background: var(--tessera-color-background, #ffffff);
    }
  `

  @property({ attribute: false }) tenant: TenantDocument | null = null
  @property({ attribute: false }) theme: PreviewTheme = {}
  /**
   * The purposes of the policy in effect (the consent form lists them); none: the form says there is
   * no policy; null: not known yet (the form waits: it asks for them once).
   */
  @property({ attribute: false }) purposes: PolicyPurpose[] | null = null
  @property() locale: Locale = 'en'
  /** The toggle's texts, in the console's language. */
  @property({ attribute: false }) label = { show: 'Show the sign-up form', hide: 'Hide the sign-up form' }

  /**
   * The sign-up form is shown on request: it is a form of its own (with a submit button) and asks for
   * the purposes, neither of which the Settings page needs until someone wants to see it.
   */
  @state() private showConsent = false

  /** The widgets' code is loaded when a preview is first shown (its own chunk, not the console's). */
  @state() private loaded = false

  private config: WidgetConfig | undefined
  private runtime: TesseraRuntime | undefined

  override connectedCallback() {
    super.connectedCallback()
    keepConsoleUnthemed(this.ownerDocument)
    void loadWidgets().then(() => (this.loaded = true))
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if ((changed.has('tenant') || changed.has('purposes')) && this.tenant) {
      this.config = this.configOf(this.tenant)
      this.runtime = this.runtimeOf(this.config)
    }
  }

  /**
   * The tokens go on the stage through the CSSOM: a `style` attribute (what lit's styleMap writes on its
   * first render) is refused by the console's CSP.
   */
  protected override updated() {
    const stage = this.renderRoot.querySelector<HTMLElement>('.stage')
    if (!stage) return
    for (const token of Object.keys(PREVIEW_TOKENS) as (keyof PreviewTheme)[]) {
      const value = this.theme[token]
      if (value) stage.style.setProperty(token, value)
      else stage.style.removeProperty(token)
    }
  }

  private configOf(t: TenantDocument): WidgetConfig {
    return {
      tenant: {
        id: t.id,
        name: t.name,
        legalName: t.legalName,
        country: t.country,
        website: t.website ?? '',
      },
      locales: { default: t.defaultLocale, supported: t.locales },
      branding: { ...t.branding, logoUrl: null },
      officer: t.officer,
      features: {
        consent: true,
        cookieBanner: true,
        policy: true,
        privacyCenter: true,
        upload: true,
        viewer: true,
      },
      uploads: {},
      apiVersion: '1',
    }
  }

  /** The consent form's runtime: its fetch answers the purposes and refuses everything else. */
  private runtimeOf(config: WidgetConfig): TesseraRuntime {
    const purposes = this.purposes ?? []
    const fetcher = async (input: RequestInfo | URL): Promise<Response> => {
      const url = new URL(String(input), location.origin)
      const locale = url.searchParams.get('locale') === 'ko' ? 'ko' : 'en'
      if (url.pathname === '/v1/widget/purposes') {
        if (!purposes.length) return problem(409, 'no-policy', 'No policy in effect')
        return new Response(
          JSON.stringify({
            policyVersion: 'preview',
            policyLabel: 'preview',
            purposes: purposes.map((p) => ({
              key: p.key,
              lawfulBasis: p.lawfulBasis,
              consentBased: p.consentBased,
              required: p.required,
              specialCategory: p.specialCategory,
              title: p.title[locale],
              description: p.description[locale],
            })),
          }),
          { status: 200, headers: { 'content-type': 'application/json' } }
        )
      }
      return problem(403, 'preview', 'This is a preview')
    }
    return {
      apiBase: location.origin,
      key: PREVIEW_KEY,
      config: Promise.resolve(config),
      source: 'attributes',
      fetch: fetcher as typeof fetch,
    }
  }

  override render() {
    if (!this.tenant || !this.config || !this.loaded) return nothing
    return html`<div class="stage" data-preview>
      <tessera-privacy-contact
        lang=${this.locale}
        heading-level="3"
        .config=${this.config}
      ></tessera-privacy-contact>
      <button
        type="button"
        class="toggle"
        aria-expanded=${this.showConsent ? 'true' : 'false'}
        @click=${() => (this.showConsent = !this.showConsent)}
      >
        ${this.showConsent ? this.label.hide : this.label.show}
      </button>
      ${
        // A new element when the purposes change: the form asks for them once, when it starts.
        this.showConsent && this.purposes
          ? keyed(
              this.runtime,
              html`<tessera-consent
                lang=${this.locale}
                heading-level="3"
                .runtime=${this.runtime}
              ></tessera-consent>`
            )
          : nothing
      }
    </div>`
  }
}

if (!customElements.get(SETTINGS_PREVIEW_TAG))
  customElements.define(SETTINGS_PREVIEW_TAG, TesseraConsoleWidgetPreview)

declare global {
  interface HTMLElementTagNameMap {
    [SETTINGS_PREVIEW_TAG]: TesseraConsoleWidgetPreview
  }
}
