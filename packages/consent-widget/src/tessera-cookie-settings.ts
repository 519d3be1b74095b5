import { css, html, LitElement, nothing } from 'lit'
import type { PropertyValues, TemplateResult } from 'lit'
import { property, state } from 'lit/decorators.js'
import { allChoices, defineElement, LOCALES, msg, resolveLocale, tokenStyles } from '@tessera/widget-core'
import type {
  CookieCategory,
  CookieChoiceKey,
  CookieChoices,
  CookieConsentState,
  Locale,
  OpenCookieSettingsOptions,
  TesseraConsentChangeDetail,
  TesseraCookieConsent,
} from '@tessera/widget-core'

export const COOKIE_SETTINGS_TAG = 'tessera-cookie-settings'

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), summary, a[href], [tabindex="0"]'

/**
 * `<tessera-cookie-settings>`: the second layer of cookie consent, a modal `<dialog>` with one switch per
 * category (off unless the visitor turned it on; necessary shown as always on), each category's cookies
 * (name, provider, duration, purpose), and Reject all / Accept all / Save. Loaded on demand: the loader adds
 * it when the banner's Settings button, the “Cookie settings” button, an iframe placeholder or any
 * `[data-tessera-open-cookie-settings]` element asks, then calls `show()`.
 *
 * Keyboard: focus moves into the dialog, Tab cycles inside it, Escape closes it, and focus goes back to
 * the element that opened it.
 *
 * @attr lang - language (en, ko); else the page's
 * @attr open - reflected while the dialog is shown
 * @fires tessera-consent-change - `{ choices, source: 'settings', gpc }` on this element after a choice
 * @csspart dialog / title / category / switch / inventory / actions / choice / accept / reject / save / close
 * @cssprop --tessera-color-primary / --tessera-color-accent / --tessera-color-text
 * @cssprop --tessera-color-background / --tessera-font-family / --tessera-radius
 */
export class TesseraCookieSettings extends LitElement {
  static override styles = [
    tokenStyles,
    css`
      :host {
        display: contents;
      }
      dialog {
        width: min(40rem, calc(100vw - 2rem));
        max-height: calc(100vh - 2rem);
        padding: 1.25rem 1.5rem;
        border: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 25%, transparent);
        border-radius: var(--tessera-radius, 8px);
        background: var(--tessera-color-background, #ffffff);
        color: var(--tessera-color-text, #1b1f24);
        font-family: var(--tessera-font-family, system-ui, sans-serif);
        line-height: 1.5;
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.45);
      }
      .head {
        display: flex;
        justify-content: space-between;
        align-items: start;
        gap: 1rem;
      }
      h2 {
        margin: 0 0 0.5rem;
        font-size: 1.25rem;
      }
      p {
        margin: 0 0 0.75rem;
      }
      ul {
        list-style: none;
        margin: 0 0 1rem;
        padding: 0;
      }
      .category {
        border-top: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 15%, transparent);
        padding: 0.75rem 0;
      }
      .row {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 1rem;
      }
      label {
        font-weight: 600;
      }
      input[type='checkbox'] {
        width: 1.25rem;
        height: 1.25rem;
        accent-color: var(--tessera-color-primary, #0b5fff);
      }
      .always {
        font-size: 0.875rem;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.875rem;
        margin-top: 0.5rem;
      }
      th,
      td {
        text-align: start;
        vertical-align: top;
        padding: 0.25rem 0.5rem 0.25rem 0;
        overflow-wrap: anywhere;
      }
      summary {
        cursor: pointer;
      }
      .actions {
        display: grid;
        grid-template-columns: repeat(2, minmax(0, 1fr)) auto;
        gap: 0.5rem;
      }
      @media (max-width: 30rem) {
        .actions {
          grid-template-columns: repeat(2, minmax(0, 1fr));
        }
        .save {
          grid-column: 1 / -1;
        }
      }
      button {
        font: inherit;
        cursor: pointer;
        border-radius: var(--tessera-radius, 8px);
        padding: 0.5rem 1rem;
      }
      .choice {
        font-weight: 600;
        border: 2px solid var(--tessera-color-primary, #0b5fff);
        background: var(--tessera-color-primary, #0b5fff);
        color: var(--tessera-color-background, #ffffff);
      }
      .save,
      .close,
      .reload {
        border: 1px solid currentColor;
        background: var(--tessera-color-background, #ffffff);
        color: inherit;
      }
      .close {
        padding: 0.25rem 0.6rem;
      }
      .notice {
        padding: 0.5rem 0.75rem;
        border-inline-start: 4px solid var(--tessera-color-accent, #00a37a);
      }
      button:focus-visible,
      input:focus-visible,
      summary:focus-visible {
        outline: 3px solid var(--tessera-color-accent, #00a37a);
        outline-offset: 2px;
      }
    `,
  ]

  /** The consent core to use; defaults to the loader's (`globalThis.__tesseraConsent`). */
  @property({ attribute: false }) controller: TesseraCookieConsent | undefined

  /** Reflected while the dialog is shown. */
  @property({ type: Boolean, reflect: true }) open = false

  @state() private consent: CookieConsentState | undefined
  @state() private draft: CookieChoices = allChoices(false)

  #unsubscribe: (() => void) | undefined
  #opener: Element | null | undefined
  #focusCategory: string | undefined

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang']
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value)
    if (name === 'lang' && old !== value) this.requestUpdate()
  }

  get #core(): TesseraCookieConsent | undefined {
    return this.controller ?? globalThis.__tesseraConsent
  }

  override connectedCallback(): void {
    super.connectedCallback()
    this.#listen()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('controller')) this.#listen()
  }

  #listen() {
    this.#unsubscribe?.()
    this.#unsubscribe = this.#core?.subscribe((s) => (this.consent = s))
    this.consent = this.#core?.getState()
  }

  /** Opens the dialog; `category` gets focus, `opener` gets it back on close. */
  async show(options: OpenCookieSettingsOptions = {}): Promise<void> {
    this.#opener = options.opener ?? document.activeElement
    this.#focusCategory = options.category
    const s = this.#core?.getState()
    this.consent = s
    // Nothing pre-ticked: the switches show the visitor's own choice, else all off.
    this.draft = s?.decided ? { ...s.choices } : allChoices(false)
    this.open = true
    await this.updateComplete
    const dialog = this.#dialog
    if (!dialog) return
    if (!dialog.open) dialog.showModal()
    const target = this.renderRoot.querySelector<HTMLElement>(`#switch-${this.#focusCategory ?? ''}`)
    ;(target ?? this.renderRoot.querySelector<HTMLElement>('#title'))?.focus()
  }

  /** Closes the dialog and returns focus to the opener. */
  close(): void {
    this.#dialog?.close()
  }

  get #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog')
  }

  #onClose = () => {
    this.open = false
    const opener = this.#opener
    this.#opener = undefined
    if (!(opener instanceof HTMLElement) || !opener.isConnected) return
    // The banner's Settings button is gone once a choice collapsed it: its host then delegates focus.
    if (opener.getClientRects().length) opener.focus()
    else ((opener.getRootNode() as ShadowRoot).host as HTMLElement | undefined)?.focus()
  }

  /** A real focus trap on top of the modal dialog: Tab and Shift+Tab cycle inside it. */
  #onKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Tab') return
    const items = [...this.renderRoot.querySelectorAll<HTMLElement>(`dialog ${FOCUSABLE}`)].filter(
      (el) => el.getClientRects().length > 0
    )
    const first = items[0]
    const last = items.at(-1)
    const active = (this.renderRoot as ShadowRoot).activeElement
    if (event.shiftKey && (active === first || !items.includes(active as HTMLElement))) {
      event.preventDefault()
      last?.focus()
    } else if (!event.shiftKey && active === last) {
      event.preventDefault()
      first?.focus()
    }
  }

  async #decide(choices: CookieChoices) {
    const core = this.#core
    if (!core) return
    this.draft = { ...choices }
    await core.decide(choices, 'settings')
    const detail: TesseraConsentChangeDetail = { choices, source: 'settings', gpc: core.getState().gpc }
    this.dispatchEvent(new CustomEvent('tessera-consent-change', { detail }))
    const after = core.getState()
    if (!after.reloadNeeded && !after.problem) this.close()
    else {
      await this.updateComplete
      this.renderRoot.querySelector<HTMLElement>('.notice')?.focus()
    }
  }

  #toggle(key: CookieChoiceKey, event: Event) {
    this.draft = { ...this.draft, [key]: (event.target as HTMLInputElement).checked }
  }

  #renderCategory(category: CookieCategory, locale: Locale): TemplateResult {
    const key = category.key
    const required = key === 'necessary'
    const id = `switch-${key}`
    return html`<li class="category" part="category">
      <div class="row">
        <label for=${id}>${category.title}</label>
        <span class="row">
          ${required ? html`<span class="always" id="always">${msg(locale, 'cookies.alwaysOn')}</span>` : nothing}
          <input
            part="switch"
            type="checkbox"
            role="switch"
            id=${id}
            aria-describedby=${required ? `always desc-${key}` : `desc-${key}`}
            .checked=${required || this.draft[key as CookieChoiceKey] === true}
            ?disabled=${required}
            @change=${(e: Event) => this.#toggle(key as CookieChoiceKey, e)}
          />
        </span>
      </div>
      <p id=${`desc-${key}`}>${category.description}</p>
      <details part="inventory">
        <summary>${msg(locale, 'cookies.inventory', { count: category.cookies.length })}</summary>
        ${
          category.cookies.length
            ? html`<table>
                <thead>
                  <tr>
                    <th scope="col">${msg(locale, 'cookies.name')}</th>
                    <th scope="col">${msg(locale, 'cookies.provider')}</th>
                    <th scope="col">${msg(locale, 'cookies.duration')}</th>
                    <th scope="col">${msg(locale, 'cookies.purpose')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${category.cookies.map(
                    (c) =>
                      html`<tr>
                        <td><code>${c.name}</code></td>
                        <td>${c.provider}</td>
                        <td>${c.duration}</td>
                        <td>${c.purpose}</td>
                      </tr>`
                  )}
                </tbody>
              </table>`
            : html`<p>${msg(locale, 'cookies.none')}</p>`
        }
      </details>
    </li>`
  }

  #renderBody(locale: Locale): TemplateResult {
    const s = this.consent
    if (!s || s.status !== 'ready' || !s.config) {
      const key =
        !s || s.status === 'error'
          ? 'state.error'
          : s.status === 'refused'
            ? 'state.refused'
            : 'state.loading'
      return html`<p role="status">${msg(locale, key)}</p>`
    }
    return html`
      <p>${msg(locale, 'cookies.intro')}</p>
      ${s.gpc ? html`<p class="notice">${msg(locale, 'cookies.gpc')}</p>` : nothing}
      <ul>
        ${s.config.categories.map((c) => this.#renderCategory(c, locale))}
      </ul>
      ${
        s.reloadNeeded
          ? html`<div class="notice" role="status" tabindex="-1">
              <p>${msg(locale, 'cookies.reload')}</p>
              <button type="button" class="reload" @click=${() => location.reload()}>
                ${msg(locale, 'cookies.reloadButton')}
              </button>
            </div>`
          : nothing
      }
      ${
        s.problem
          ? html`<p class="notice" role="alert" tabindex="-1">
              ${msg(locale, 'cookies.notRecorded', { title: s.problem.title })}
            </p>`
          : nothing
      }
      <div class="actions" part="actions">
        <button
          type="button"
          class="choice"
          part="choice reject"
          @click=${() => this.#decide(allChoices(false))}
        >
          ${msg(locale, 'cookies.rejectAll')}
        </button>
        <button
          type="button"
          class="choice"
          part="choice accept"
          @click=${() => this.#decide(allChoices(true))}
        >
          ${msg(locale, 'cookies.acceptAll')}
        </button>
        <button type="button" class="save" part="save" @click=${() => this.#decide({ ...this.draft })}>
          ${msg(locale, 'cookies.save')}
        </button>
      </div>
    `
  }

  override render(): TemplateResult {
    const locale = resolveLocale(this, LOCALES)
    return html`<dialog
      part="dialog"
      lang=${locale}
      aria-labelledby="title"
      @close=${this.#onClose}
      @keydown=${this.#onKeydown}
    >
      ${
        this.open
          ? html`<div class="head">
                <h2 id="title" part="title" tabindex="-1">${msg(locale, 'cookies.title')}</h2>
                <button type="button" class="close" part="close" @click=${() => this.close()}>
                  ${msg(locale, 'cookies.close')}
                </button>
              </div>
              ${this.#renderBody(locale)}`
          : nothing
      }
    </dialog>`
  }
}

defineElement(COOKIE_SETTINGS_TAG, TesseraCookieSettings)

declare global {
  interface HTMLElementTagNameMap {
    'tessera-cookie-settings': TesseraCookieSettings
  }
}
