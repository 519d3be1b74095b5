import { html, LitElement } from 'lit'
import type { PropertyValues, TemplateResult } from 'lit'
import { property, state } from 'lit/decorators.js'
import { isRefusal, isTesseraApiError, PROBLEM_BASE } from './errors.js'
import { LOCALES, msg, resolveLocale } from './i18n.js'
import type { Locale } from './i18n.js'
import { getRuntime } from './runtime.js'
import type { TesseraRuntime } from './runtime.js'
import { applyTheme, hasTheme } from './theme.js'
import { tokenStyles } from './styles.js'
import type { WidgetConfig } from './types.js'

export type ElementState = 'loading' | 'ready' | 'refused' | 'error'

export interface TesseraReadyDetail {
  tenantId: string
  locale: Locale
}

export interface TesseraErrorDetail {
  status: number
  type: string
  title: string
}

export const NOT_CONFIGURED_PROBLEM = `${PROBLEM_BASE}not-configured`

/** Defines a custom element unless that tag is already taken (bundle loaded twice, or npm + loader). */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor)
}

// One observer for <html lang> shared by every connected element.
const langListeners = new Set<TesseraElement>()
let langObserver: MutationObserver | undefined
function watchDocumentLang(el: TesseraElement, on: boolean) {
  if (on) langListeners.add(el)
  else langListeners.delete(el)
  if (on && !langObserver) {
    langObserver = new MutationObserver(() => langListeners.forEach((l) => l.requestUpdate()))
    langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] })
  }
}

let warnedNoRuntime = false

/**
 * Base class for Tessera elements: finds the widget config (a `config` property, else the runtime the
 * loader or the element's `api-base`/`publishable-key` attributes provide), tracks the locale, renders the
 * loading / refused / error states and fires `tessera-ready` / `tessera-error`. Subclasses render the
 * ready state in `renderReady()`.
 */
export abstract class TesseraElement extends LitElement {
  static override styles = [tokenStyles]

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang']
  }

  /** The widget config. Set it directly to render without the API (Storybook, tests, server-side data). */
  @property({ attribute: false }) config: WidgetConfig | undefined

  /** A runtime to use instead of the page's (own client, stories, tests). Read when loading starts. */
  @property({ attribute: false }) runtime: Pick<TesseraRuntime, 'config'> | undefined

  /** API base for use without the loader; needs `publishable-key` too. */
  @property({ attribute: 'api-base' }) apiBase: string | undefined

  /** Publishable key (`pk_…`) for use without the loader. */
  @property({ attribute: 'publishable-key' }) publishableKey: string | undefined

  /** Where the element is: reflected so partners can style e.g. `[state='refused'] { display: none }`. */
  @property({ reflect: true }) state: ElementState = 'loading'

  /** The locale in use (resolved on every update from `lang` attributes and the tenant's locales). */
  @state() locale: Locale = 'en'

  /** The last failure, for the error states. */
  @state() problem: TesseraErrorDetail | undefined

  #loadId = 0
  #announced: string | undefined

  override connectedCallback(): void {
    super.connectedCallback()
    watchDocumentLang(this, true)
    // Reconnected after an earlier failure: try again (the first load happens in willUpdate).
    if (this.hasUpdated && !this.config && this.state !== 'loading') void this.#load()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    watchDocumentLang(this, false)
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value)
    if (name === 'lang' && old !== value) this.requestUpdate()
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated && !this.config) void this.#load()
    if (changed.has('config') && this.config) {
      this.state = 'ready'
      this.problem = undefined
    }
    this.locale = this.config
      ? resolveLocale(this, this.config.locales.supported, this.config.locales.default)
      : resolveLocale(this, LOCALES)
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed)
    if (this.state === 'ready' && this.config) {
      if (!hasTheme(this.ownerDocument)) applyTheme(this.ownerDocument, this.config.branding)
      this.#announce('tessera-ready', { tenantId: this.config.tenant.id, locale: this.locale })
    } else if ((this.state === 'refused' || this.state === 'error') && this.problem) {
      this.#announce('tessera-error', this.problem)
    }
  }

  /** Fires each event once per distinct outcome (not on every re-render). */
  #announce(type: 'tessera-ready' | 'tessera-error', detail: TesseraReadyDetail | TesseraErrorDetail) {
    const id = `${type}|${JSON.stringify(detail)}`
    if (this.#announced === id) return
    this.#announced = id
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }))
  }

  async #load(): Promise<void> {
    const id = ++this.#loadId
    const runtime = this.runtime ?? getRuntime(this)
    if (!runtime) {
      if (!warnedNoRuntime) {
        warnedNoRuntime = true
        console.warn(
          `[Tessera] <${this.localName}> has no configuration: include tessera.js with data-key, ` +
            'or set the api-base and publishable-key attributes, or the config property.'
        )
      }
      this.#fail({ status: 0, type: NOT_CONFIGURED_PROBLEM, title: 'Tessera is not configured' }, 'error')
      return
    }
    this.state = 'loading'
    try {
      const config = await runtime.config
      if (id === this.#loadId && !this.config) this.config = config
    } catch (error) {
      if (id !== this.#loadId || this.config) return
      const problem = isTesseraApiError(error)
        ? { status: error.status, type: error.type, title: error.title }
        : { status: 0, type: `${PROBLEM_BASE}unknown`, title: 'Unexpected error' }
      this.#fail(problem, isRefusal(error) ? 'refused' : 'error')
    }
  }

  #fail(problem: TesseraErrorDetail, state: 'refused' | 'error') {
    this.problem = problem
    this.state = state
  }

  /** The ready state; `config` is set. */
  protected abstract renderReady(config: WidgetConfig, locale: Locale): TemplateResult

  protected renderStatus(): TemplateResult {
    const key =
      this.state === 'refused' ? 'state.refused' : this.state === 'error' ? 'state.error' : 'state.loading'
    return html`<p class="status" role="status">${msg(this.locale, key)}</p>`
  }

  override render(): TemplateResult {
    const ready = this.state === 'ready' && this.config !== undefined
    return html`<div
      part="base"
      class="base"
      lang=${this.locale}
      data-state=${this.state}
      aria-busy=${this.state === 'loading' ? 'true' : 'false'}
    >
      ${ready ? this.renderReady(this.config as WidgetConfig, this.locale) : this.renderStatus()}
    </div>`
  }
}
