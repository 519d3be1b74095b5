// <tessera-cookie-banner>: the first layer of cookie consent.
//
// Why no Lit here: this element is on every page of every partner site, and the loader plus this bundle
// must stay within 12 KB gzip (asserted by packages/loader/tests/build). Lit's runtime alone is ~5.8 KB
// gzip, so this is a plain custom element: shadow DOM built once from a template, properties as accessors,
// parts and `--tessera-*` tokens for theming, and the same events as the Lit elements. It imports nothing
// at run time but its own messages; the consent logic lives in the loader (`globalThis.__tesseraConsent`).
import type {
  CookieChoices,
  CookieConsentState,
  TesseraConsentChangeDetail,
  TesseraCookieConsent,
} from '@tessera/widget-core/lite'
import { BANNER_MESSAGES, bannerLocale } from './cookies/banner-messages.js'
import type { BannerLocale } from './cookies/banner-messages.js'

export const COOKIE_BANNER_TAG = 'tessera-cookie-banner'

/** Reflected on the `state` attribute. */
export type CookieBannerState = 'loading' | 'open' | 'collapsed' | 'refused' | 'error'

export interface TesseraCookieBannerReadyDetail {
  locale: BannerLocale
  decided: boolean
}

const STYLE = `
:host{font-family:var(--tessera-font-family,system-ui,sans-serif);color:var(--tessera-color-text,#1b1f24);line-height:1.5}
:host([hidden]),[hidden]{display:none!important}
*{box-sizing:border-box}
.banner,.collapsed{position:var(--tessera-cookie-banner-position,fixed);z-index:2147483000;bottom:1rem;margin:0}
.banner{left:1rem;right:1rem;max-width:44rem;margin-inline:auto;padding:1rem 1.25rem;
background:var(--tessera-color-background,#fff);border-radius:var(--tessera-radius,8px);
border:1px solid color-mix(in srgb,currentColor 25%,transparent);box-shadow:0 4px 24px rgb(0 0 0/.18)}
.collapsed{left:1rem}
.title{margin:0 0 .25rem;font-size:1.0625rem;font-weight:600}
p{margin:0 0 .75rem}
.actions{display:grid;grid-template-columns:repeat(2,minmax(0,1fr)) auto;gap:.5rem}
@media (max-width:30rem){.actions{grid-template-columns:repeat(2,minmax(0,1fr))}.settings{grid-column:1/-1}}
button{font:inherit;font-size:1rem;cursor:pointer;border-radius:var(--tessera-radius,8px);padding:.55rem 1rem;margin:0}
.choice{font-weight:600;border:2px solid var(--tessera-color-primary,#0b5fff);
background:var(--tessera-color-primary,#0b5fff);color:var(--tessera-color-background,#fff)}
.settings,.reopen{font-weight:400;border:1px solid currentColor;background:var(--tessera-color-background,#fff);color:inherit}
.reopen{font-size:.875rem;padding:.35rem .75rem;box-shadow:0 2px 8px rgb(0 0 0/.15)}
button:focus-visible{outline:3px solid var(--tessera-color-accent,#00a37a);outline-offset:2px}
`

const TEMPLATE = `<style>${STYLE}</style>
<section part="banner" class="banner" aria-labelledby="title" aria-describedby="text" hidden>
<div part="title" class="title" id="title" role="heading" aria-level="2"></div>
<p part="text" id="text"></p>
<div part="actions" class="actions">
<button part="choice accept" class="choice" data-act="accept" type="button"></button>
<button part="choice reject" class="choice" data-act="reject" type="button"></button>
<button part="settings" class="settings" data-act="settings" type="button"></button>
</div></section>
<section part="collapsed" class="collapsed" hidden><button part="reopen" class="reopen" data-act="reopen" type="button"></button></section>
<section part="status" class="banner" hidden><p role="status"></p></section>`

let warned = false

/**
 * `<tessera-cookie-banner>`: shown while there is no valid stored choice, with “Accept all” and “Reject all”
 * equally prominent (same class) and “Settings” (opens `<tessera-cookie-settings>`, loaded on demand).
 * After a choice it collapses into a small persistent “Cookie settings” button.
 *
 * @attr lang - language (en, ko); else the page's
 * @attr heading-level - aria-level of the title (default 2)
 * @attr state - reflected: loading | open | collapsed | refused | error
 * @fires tessera-ready - `{ locale, decided }` once the cookie config is in
 * @fires tessera-error - `{ status, type, title }` when the config was refused or failed
 * @fires tessera-consent-change - `{ choices, source, gpc }` on this element after a choice made here (the
 *   consent core fires the same event on `document` for every choice, wherever it was made)
 * @csspart banner / title / text / actions / choice / accept / reject / settings / collapsed / reopen / status
 * @cssprop --tessera-color-primary / --tessera-color-accent / --tessera-color-text
 * @cssprop --tessera-color-background / --tessera-font-family / --tessera-radius
 * @cssprop --tessera-cookie-banner-position - `fixed` (default) or `static` to place it in the page flow
 */
export class TesseraCookieBanner extends HTMLElement {
  static observedAttributes = ['lang', 'heading-level']

  readonly #root: ShadowRoot
  #controller: TesseraCookieConsent | undefined
  #unsubscribe: (() => void) | undefined
  #announced = ''
  #missing = false

  constructor() {
    super()
    this.#root = this.attachShadow({ mode: 'open', delegatesFocus: true })
    this.#root.innerHTML = TEMPLATE
    this.#root.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-act]')
      if (button) this.#act(button.dataset.act!, button)
    })
  }

  /** The consent core to use; defaults to the loader's (`globalThis.__tesseraConsent`). */
  get controller(): TesseraCookieConsent | undefined {
    return this.#controller ?? globalThis.__tesseraConsent
  }

  set controller(value: TesseraCookieConsent | undefined) {
    this.#controller = value
    if (this.isConnected) this.#subscribe()
  }

  /** Where the banner is (also the `state` attribute). */
  get state(): CookieBannerState {
    return (this.getAttribute('state') as CookieBannerState | null) ?? 'loading'
  }

  connectedCallback(): void {
    this.#subscribe()
    // Give a `controller` set right after insertion a chance before reporting that there is none.
    if (!this.controller)
      setTimeout(() => {
        this.#missing = true
        this.#subscribe()
      })
  }

  disconnectedCallback(): void {
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
  }

  attributeChangedCallback(): void {
    this.#render()
  }

  #subscribe() {
    this.#unsubscribe?.()
    const controller = this.controller
    if (!controller && this.#missing && !warned) {
      warned = true
      console.warn(`[Tessera] <${this.localName}> has no consent core: include tessera.js with data-key.`)
    }
    this.#unsubscribe = controller?.subscribe(() => this.#render())
    this.#render()
  }

  #act(act: string, button: HTMLButtonElement) {
    const controller = this.controller
    if (!controller) return
    if (act === 'accept' || act === 'reject') {
      const v = act === 'accept'
      const choices: CookieChoices = { preferences: v, analytics: v, marketing: v }
      void controller.decide(choices, 'banner')
      const detail: TesseraConsentChangeDetail = { choices, source: 'banner', gpc: controller.getState().gpc }
      this.dispatchEvent(new CustomEvent('tessera-consent-change', { detail }))
    } else controller.openSettings({ opener: button })
  }

  #render() {
    const s: CookieConsentState | undefined = this.controller?.getState()
    const locale = bannerLocale(this)
    const m = BANNER_MESSAGES[locale]
    const state: CookieBannerState = !s
      ? this.#missing
        ? 'error'
        : 'loading'
      : s.status !== 'ready'
        ? s.status
        : s.decided
          ? 'collapsed'
          : 'open'
    const $ = (selector: string) => this.#root.querySelector<HTMLElement>(selector)!
    const banner = $('.banner')
    const hadFocus = banner.contains(this.#root.activeElement)
    banner.hidden = state !== 'open'
    $('.collapsed').hidden = state !== 'collapsed'
    $('[part=status]').hidden = state !== 'refused' && state !== 'error'
    $('.collapsed').setAttribute('aria-label', m.region)
    $('[part=status]').setAttribute('aria-label', m.region)
    $('#title').textContent = m.title
    $('#title').setAttribute(
      'aria-level',
      String(Math.min(6, Math.max(1, Number(this.getAttribute('heading-level')) || 2)))
    )
    $('#text').textContent = [
      s?.config?.regime === 'opt_out' ? m.optOut : m.optIn,
      s?.gpc ? m.gpc : '',
      m.later,
    ]
      .filter(Boolean)
      .join(' ')
    for (const act of ['accept', 'reject', 'settings', 'reopen'] as const)
      $(`[data-act=${act}]`).textContent = m[act]
    $('[role=status]').textContent = state === 'refused' ? m.refused : state === 'error' ? m.error : ''
    this.#root.querySelectorAll<HTMLElement>('[part]').forEach((el) => el.setAttribute('lang', locale))
    if (this.getAttribute('state') !== state) this.setAttribute('state', state)
    if (hadFocus && state === 'collapsed') $('.reopen').focus()
    this.#announce(state, locale, s)
  }

  /** `tessera-ready` / `tessera-error`, once per distinct outcome. */
  #announce(state: CookieBannerState, locale: BannerLocale, s: CookieConsentState | undefined) {
    const ready = state === 'open' || state === 'collapsed'
    const detail = ready
      ? { locale, decided: state === 'collapsed' }
      : (s?.problem ?? { status: 0, type: 'about:blank', title: 'Not configured' })
    const id = ready ? `r${locale}` : state === 'loading' ? '' : `e${JSON.stringify(detail)}`
    if (!id || id === this.#announced) return
    this.#announced = id
    this.dispatchEvent(
      new CustomEvent(ready ? 'tessera-ready' : 'tessera-error', { detail, bubbles: true, composed: true })
    )
  }
}

if (!customElements.get(COOKIE_BANNER_TAG)) customElements.define(COOKIE_BANNER_TAG, TesseraCookieBanner)

declare global {
  interface HTMLElementTagNameMap {
    'tessera-cookie-banner': TesseraCookieBanner
  }
  interface DocumentEventMap {
    'tessera-consent-change': CustomEvent<TesseraConsentChangeDetail>
  }
  interface HTMLElementEventMap {
    'tessera-consent-change': CustomEvent<TesseraConsentChangeDetail>
  }
}
