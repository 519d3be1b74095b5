import { LitElement, css, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError, TOKEN_KEY } from './api.js'
import type { Fetch, WhoAmI } from './api.js'
import { msg, preferredLocale } from './messages.js'
import type { Locale, MessageKey } from './messages.js'
import { consoleStyles } from './styles.js'
import type { SignedInDetail } from './console-sign-in.js'
import './console-sign-in.js'
import { PAGES } from './pages.js'

export const CONSOLE_TAG = 'tessera-console'

/** Minimal storage the shell keeps the token in (sessionStorage in the browser). */
export type TokenStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/**
 * The console shell: the sign-in page until a session is known, then a header (who is signed in, the
 * language, sign out), the navigation and the current page. The token lives in sessionStorage only.
 */
export class TesseraConsole extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      .skip {
        position: absolute;
        left: -9999px;
      }
      .skip:focus {
        left: 1rem;
        top: 1rem;
        background: #ffffff;
        padding: 0.5rem;
        z-index: 1;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem 1.5rem;
        align-items: center;
        justify-content: space-between;
        padding: 0.75rem 1.25rem;
        background: var(--tessera-color-background, #ffffff);
        border-bottom: 1px solid #c9d1d9;
      }
      .brand {
        font-weight: 700;
        margin: 0;
      }
      .tools {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: center;
      }
      .tools label {
        display: inline;
        margin: 0 0.25rem 0 0;
      }
      .tools select {
        width: auto;
      }
      .who {
        margin: 0;
      }
      .layout {
        display: flex;
        flex-wrap: wrap;
        gap: 1.5rem;
        padding: 1.25rem;
      }
      nav ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      nav a {
        display: block;
        padding: 0.375rem 0.75rem;
        border-radius: calc(var(--tessera-radius, 8px) / 2);
        text-decoration: none;
      }
      nav a[aria-current='page'] {
        font-weight: 700;
        background: #eaf1ff;
      }
      main {
        flex: 1 1 24rem;
      }
      main:focus {
        outline: none;
      }
      .signed-out {
        padding: 1.25rem;
      }
    `,
  ]

  /** The API origin (the console is served by the API, so its own origin by default). */
  @property({ attribute: 'api-base' }) apiBase = location.origin
  @property() locale: Locale = preferredLocale()
  /** A fetch stand-in (tests, Storybook); the browser's fetch by default. */
  @property({ attribute: false }) fetcher?: Fetch
  @property({ attribute: false }) store: TokenStore = sessionStorage

  @state() private token: string | null = null
  @state() private who: WhoAmI | null = null
  @state() private checking = true
  @state() private notice = ''
  @state() private page = PAGES[0]!.path
  @state() private subpath = ''

  private t(key: MessageKey, vars?: Record<string, string>) {
    return msg(this.locale, key, vars)
  }

  private api() {
    return new ConsoleApi(this.apiBase, this.token, this.fetcher, this.locale)
  }

  override connectedCallback() {
    super.connectedCallback()
    this.token = this.store.getItem(TOKEN_KEY)
    const [, path, subpath] = /^\/console\/([a-z-]+)(?:\/(.*))?/.exec(location.pathname) ?? []
    if (path && PAGES.some((p) => p.path === path)) {
      this.page = path
      this.subpath = subpath ?? ''
    }
    void this.identify()
  }

  override updated(changed: Map<string, unknown>) {
    if (changed.has('locale')) document.documentElement.lang = this.locale
  }

  private async identify() {
    this.checking = true
    if (!this.token) {
      this.who = null
      this.checking = false
      return
    }
    try {
      this.who = await this.api().whoAmI()
    } catch (error) {
      if (error instanceof ConsoleApiError && error.status === 401) this.ended()
      else this.notice = this.t('networkError')
    } finally {
      this.checking = false
    }
  }

  private async signedIn(event: CustomEvent<SignedInDetail>) {
    this.token = event.detail.token
    this.store.setItem(TOKEN_KEY, this.token)
    this.notice = ''
    await this.identify()
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>('main')?.focus()
  }

  private ended() {
    this.store.removeItem(TOKEN_KEY)
    this.token = null
    this.who = null
    this.notice = this.t('sessionEnded')
  }

  private async signOut() {
    try {
      await this.api().signOut()
    } catch {
      // Signed out locally either way; the token expires on its own.
    }
    this.store.removeItem(TOKEN_KEY)
    this.token = null
    this.who = null
    this.notice = ''
  }

  /**
   * A page moved within itself (`/console/members` → `/console/members/mb_…`, the address already
   * updated by the page): the shell keeps the subpath, so its navigation link leads back to the start.
   */
  private subpathChanged(event: CustomEvent<string>) {
    this.subpath = event.detail
  }

  private navigate(event: MouseEvent, path: string) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    this.page = path
    this.subpath = ''
    if (location.pathname.startsWith('/console')) history.pushState(null, '', `/console/${path}`)
  }

  private tenantFromAddress() {
    return new URLSearchParams(location.search).get('tenant') ?? ''
  }

  private languagePicker() {
    return html`<div>
      <label for="language">${this.t('language')}</label>
      <select
        id="language"
        @change=${(e: Event) => (this.locale = (e.target as HTMLSelectElement).value as Locale)}
      >
        <option value="en" lang="en" ?selected=${this.locale === 'en'}>English</option>
        <option value="ko" lang="ko" ?selected=${this.locale === 'ko'}>한국어</option>
      </select>
    </div>`
  }

  override render() {
    if (this.checking) return html`<p class="signed-out" role="status">${this.t('loading')}</p>`
    if (!this.who) {
      return html`<header>
          <p class="brand">${this.t('appName')}</p>
          <div class="tools">${this.languagePicker()}</div>
        </header>
        <main class="signed-out" id="main" tabindex="-1">
          <tessera-console-sign-in
            .api=${this.api()}
            .locale=${this.locale}
            .tenant=${this.tenantFromAddress()}
            .notice=${this.notice}
            @console-signed-in=${this.signedIn}
          ></tessera-console-sign-in>
        </main>`
    }
    const who = this.who
    const role = this.t(`role.${who.role}` as MessageKey)
    const pages = PAGES.filter((p) => who.permissions.includes(p.permission))
    // A direct link to a page the role may not open says so, and renders (so fetches) nothing of it.
    const refused = PAGES.some((p) => p.path === this.page) && !pages.some((p) => p.path === this.page)
    const current = refused ? undefined : (pages.find((p) => p.path === this.page) ?? pages[0])
    return html`<header>
        <button class="skip secondary" type="button" @click=${this.skip}>${this.t('skip')}</button>

        <p class="brand">${this.t('appName')} · ${who.tenant.name}</p>
        <div class="tools">
          <p class="who">${this.t('signedInAs', { who: who.email ?? who.fullName ?? '—', role })}</p>
          ${this.languagePicker()}
          <button class="secondary sign-out" type="button" @click=${this.signOut}>
            ${this.t('signOut')}
          </button>
        </div>
      </header>
      <div class="layout">
        <nav aria-label=${this.t('nav')}>
          <ul>
            ${pages.map(
              (p) =>
                html`<li>
                  <a
                    href="/console/${p.path}"
                    aria-current=${current === p ? 'page' : 'false'}
                    @click=${(e: MouseEvent) => this.navigate(e, p.path)}
                    >${this.t(p.label)}</a
                  >
                </li>`
            )}
          </ul>
        </nav>
        <main
          id="main"
          tabindex="-1"
          @console-session-ended=${this.ended}
          @console-subpath=${this.subpathChanged}
        >
          ${
            refused
              ? html`<section class="card page-not-allowed" aria-labelledby="not-allowed-title">
                  <h1 id="not-allowed-title">${this.t('pageNotAllowedTitle')}</h1>
                  <p>${this.t('pageNotAllowed', { role })}</p>
                </section>`
              : nothing
          }
          ${current?.render({
            api: this.api(),
            locale: this.locale,
            roleLabel: role,
            permissions: who.permissions,
            who,
            subpath: current.path === this.page ? this.subpath : '',
          })}
        </main>
      </div>`
  }

  /** The skip link is a button: a `#main` fragment cannot reach into the shadow root. */
  private skip() {
    this.renderRoot.querySelector<HTMLElement>('main')?.focus()
  }
}

if (!customElements.get(CONSOLE_TAG)) customElements.define(CONSOLE_TAG, TesseraConsole)

declare global {
  interface HTMLElementTagNameMap {
    [CONSOLE_TAG]: TesseraConsole
  }
}
