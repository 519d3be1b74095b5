import { css, html, nothing } from 'lit'
import type { PropertyValues, TemplateResult } from 'lit'
import { property, state } from 'lit/decorators.js'
import { unsafeHTML } from 'lit/directives/unsafe-html.js'
import {
  applyTheme,
  clientForRuntime,
  defineElement,
  getRuntime,
  hasTheme,
  isRefusal,
  isTesseraApiError,
  msg,
  NOT_CONFIGURED_PROBLEM,
  PROBLEM_BASE,
  TesseraElement,
} from '@tessera/widget-core'
import type { Locale, TesseraReadyDetail, TesseraRuntime, WidgetConfig } from '@tessera/widget-core'
import { PolicyApi } from './policy/api.js'
import type {
  PolicyDiff,
  PolicyOverview,
  PolicyVersionDocument,
  PolicyVersionStatus,
  PolicyVersionSummary,
} from './policy/api.js'

export const POLICY_TAG = 'tessera-policy'

export interface TesseraPolicyReadyDetail extends TesseraReadyDetail {
  /** The version shown, or null when no policy has been published yet. */
  versionId: string | null
}

export interface TesseraPolicyVersionChangeDetail {
  id: string
  label: string
}

const HEADINGS = 'h1, h2, h3, h4, h5, h6'

function formatDate(iso: string, locale: Locale): string {
  const date = new Date(iso)
  return iso && !Number.isNaN(date.getTime())
    ? new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(date)
    : iso
}

/**
 * `<tessera-policy>`: the tenant's privacy policy, with a table of contents, the archive of published
 * versions, and a notice of upcoming changes (with a summary of what changes).
 *
 * @attr version - id of the version to show (`pv_…`) instead of the current one
 * @attr lang - language to render in (else the page's, else the tenant default)
 * @attr heading-level - level the policy title takes in the page outline, 1–6 (default 2)
 * @attr hide-toc - leave out the table of contents
 * @fires tessera-ready - `{ tenantId, locale, versionId }` once the policy is shown (versionId null: none yet)
 * @fires tessera-error - `{ status, type, title }` when refused (401/403/CORS) or failed
 * @fires tessera-policy-version-change - `{ id, label }` when the reader picks another version
 * @csspart base - the wrapper
 * @csspart banner - the upcoming-changes notice
 * @csspart diff - the summary of changes inside the notice
 * @csspart archive - the version selector (label and select)
 * @csspart toc - the table of contents
 * @csspart document - the policy text
 * @cssprop --tessera-color-primary / --tessera-color-accent / --tessera-color-text
 * @cssprop --tessera-color-background / --tessera-font-family / --tessera-radius
 */
export class TesseraPolicy extends TesseraElement {
  static override styles = [
    ...TesseraElement.styles,
    css`
      .base {
        display: grid;
        gap: 1rem;
        padding: 1rem 1.25rem;
        border: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 15%, transparent);
      }
      .banner,
      .notice {
        padding: 0.75rem 1rem;
        border-radius: var(--tessera-radius, 8px);
        border-inline-start: 4px solid var(--tessera-color-accent, #00a37a);
        background: color-mix(in srgb, var(--tessera-color-accent, #00a37a) 8%, transparent);
      }
      .banner p,
      .notice p,
      .diff p {
        margin: 0 0 0.5rem;
      }
      .banner-title {
        font-weight: 600;
      }
      .banner ul,
      .diff ul {
        margin: 0 0 0.5rem;
        padding-inline-start: 1.25rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      button,
      select {
        font: inherit;
        color: inherit;
        border-radius: var(--tessera-radius, 8px);
      }
      button {
        padding: 0.375rem 0.875rem;
        border: 1px solid var(--tessera-color-primary, #0b5fff);
        background: var(--tessera-color-background, #ffffff);
        color: var(--tessera-color-primary, #0b5fff);
        cursor: pointer;
      }
      select {
        max-width: 100%;
        padding: 0.375rem 0.5rem;
        border: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 40%, transparent);
        background: var(--tessera-color-background, #ffffff);
      }
      button:focus-visible,
      select:focus-visible,
      .document :focus-visible {
        outline: 2px solid var(--tessera-color-accent, #00a37a);
        outline-offset: 2px;
      }
      .diff {
        margin-top: 0.75rem;
        padding-top: 0.75rem;
        border-top: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 15%, transparent);
      }
      .archive {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
      }
      .archive label {
        font-weight: 600;
      }
      .toc ol {
        margin: 0;
        padding-inline-start: 1.5rem;
      }
      .toc-title {
        margin: 0 0 0.25rem;
        font-weight: 600;
      }
      .document[aria-busy='true'] {
        opacity: 0.6;
      }
      /* The text carries its own contents list; the element shows the toc part instead. */
      .document .tessera-policy-toc {
        display: none;
      }
      .document h1,
      .document h2,
      .document h3,
      .document h4 {
        color: var(--tessera-color-primary, #0b5fff);
        line-height: 1.25;
        scroll-margin-top: 1rem;
      }
      .document h1 {
        margin: 0 0 0.5rem;
        font-size: 1.5rem;
      }
      .document h2 {
        font-size: 1.25rem;
      }
      .document h3,
      .document h4 {
        font-size: 1.0625rem;
      }
      .document .tessera-policy-meta {
        margin-top: 0;
        opacity: 0.8;
      }
      .document table {
        width: 100%;
        border-collapse: collapse;
        margin: 0.5rem 0 1rem;
      }
      .document th,
      .document td {
        padding: 0.375rem 0.5rem;
        border: 1px solid color-mix(in srgb, var(--tessera-color-text, #1b1f24) 20%, transparent);
        text-align: start;
        vertical-align: top;
      }
      .document {
        overflow-wrap: anywhere;
      }
      @media print {
        .base {
          border: 0;
          padding: 0;
        }
        .archive,
        .toc,
        .actions,
        .notice button,
        .live {
          display: none;
        }
        .banner,
        .notice {
          background: none;
          border: 1px solid currentColor;
        }
        .document h1,
        .document h2,
        .document h3,
        .document h4 {
          color: inherit;
          break-after: avoid;
        }
        .document[aria-busy='true'] {
          opacity: 1;
        }
      }
    `,
  ]

  /** Id of a version to show instead of the current one; set to another id when the reader picks one. */
  @property() version: string | undefined

  /** Level of the policy title in the page outline (1–6); the text's own headings follow from it. */
  @property({ attribute: 'heading-level', type: Number }) headingLevel = 2

  /** Leave out the table of contents. */
  @property({ attribute: 'hide-toc', type: Boolean }) hideToc = false

  @state() private overview: (PolicyOverview & { versions: PolicyVersionSummary[] }) | undefined
  @state() private doc: PolicyVersionDocument | undefined
  @state() private documentBusy = false
  @state() private documentFailed = false
  @state() private diff: PolicyDiff | undefined
  @state() private diffState: 'closed' | 'loading' | 'open' | 'failed' = 'closed'
  /** Text of the polite live region. */
  @state() private announcement = ''

  /** Locale the overview was (or is being) loaded for; a change starts over. */
  #overviewFor: string | undefined
  /** `locale|id` of the document loaded or loading. */
  #documentFor: string | undefined
  #overviewLoad = 0
  #documentLoad = 0
  #api: PolicyApi | undefined
  #readyAnnounced: string | undefined
  /** Set when a button (not the select) asked for another version: focus its title once it is shown. */
  #focusTitle = false
  #renderedDoc: PolicyVersionDocument | undefined

  #level(offset = 0): number {
    const n = Math.trunc(Number(this.headingLevel))
    return Math.min(6, Math.max(1, (Number.isFinite(n) ? n : 2) + offset))
  }

  /** The version to show: the `version` property, else the current one, else the upcoming one. */
  #wantedId(): string | undefined {
    const o = this.overview
    return this.version || o?.current?.id || o?.upcoming?.id
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed)
    // The base class has found the config (state 'ready'); the policy itself loads from here.
    if (!this.config) return
    if (this.#overviewFor !== this.locale) {
      this.#overviewFor = this.locale
      this.#documentFor = undefined
      void this.#loadOverview(this.locale)
      return
    }
    const id = this.#wantedId()
    if (this.overview && id && this.#documentFor !== `${this.locale}|${id}`) {
      this.#documentFor = `${this.locale}|${id}`
      void this.#loadDocument(id)
    }
  }

  async #loadOverview(locale: Locale): Promise<void> {
    const load = ++this.#overviewLoad
    ++this.#documentLoad
    this.state = 'loading'
    this.overview = undefined
    this.doc = undefined
    this.diff = undefined
    this.diffState = 'closed'
    this.announcement = ''
    const client = clientForRuntime((this.runtime ?? getRuntime(this)) as Partial<TesseraRuntime> | undefined)
    if (!client) {
      this.#fail({ status: 0, type: NOT_CONFIGURED_PROBLEM, title: 'Tessera is not configured' })
      return
    }
    this.#api = new PolicyApi(client, locale)
    try {
      const [overview, versions] = await Promise.all([this.#api.overview(), this.#api.versions()])
      if (load !== this.#overviewLoad) return
      this.overview = { ...overview, versions }
      // Nothing published: ready, with a message. Otherwise willUpdate loads the version's text next.
      if (!overview.current && !overview.upcoming && !this.version) this.state = 'ready'
    } catch (error) {
      if (load === this.#overviewLoad) this.#fail(error)
    }
  }

  async #loadDocument(id: string): Promise<void> {
    const load = ++this.#documentLoad
    const api = this.#api
    if (!api) return
    const first = this.state !== 'ready'
    this.documentBusy = true
    if (!first) this.announcement = msg(this.locale, 'policy.loadingVersion')
    try {
      const doc = await api.version(id)
      if (load !== this.#documentLoad) return
      this.doc = doc
      this.documentBusy = false
      this.documentFailed = false
      if (first) this.state = 'ready'
      else this.announcement = msg(this.locale, 'policy.showing', { label: doc.label })
    } catch (error) {
      if (load !== this.#documentLoad) return
      this.documentBusy = false
      if (first) this.#fail(error)
      else {
        // Keep the controls so the reader can pick another version; say why the text did not change.
        this.documentFailed = true
        this.announcement = msg(this.locale, 'state.error')
      }
    }
  }

  #fail(error: unknown): void {
    this.problem = isTesseraApiError(error)
      ? { status: error.status, type: error.type, title: error.title }
      : { status: 0, type: `${PROBLEM_BASE}unknown`, title: 'Unexpected error' }
    this.state = isRefusal(error) ? 'refused' : 'error'
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.state === 'ready' && this.config) {
      // Replaces the base class's ready handling: tessera-ready also names the version, and waits for it.
      if (!hasTheme(this.ownerDocument)) applyTheme(this.ownerDocument, this.config.branding)
      const detail: TesseraPolicyReadyDetail = {
        tenantId: this.config.tenant.id,
        locale: this.locale,
        versionId: this.doc?.id ?? null,
      }
      const once = `${detail.tenantId}|${detail.locale}`
      if (this.#readyAnnounced !== once) {
        this.#readyAnnounced = once
        this.dispatchEvent(new CustomEvent('tessera-ready', { detail, bubbles: true, composed: true }))
      }
      const docChanged = this.doc !== this.#renderedDoc
      this.#renderedDoc = this.doc
      if (docChanged || changed.has('headingLevel')) this.#levelHeadings()
      // A user-picked option makes the select "dirty", so `?selected` alone would not move it back.
      const select = this.renderRoot.querySelector<HTMLSelectElement>('#archive')
      const shown = this.#wantedId()
      if (select && shown && select.value !== shown) select.value = shown
      if (this.#focusTitle && docChanged && this.doc) {
        this.#focusTitle = false
        this.#focusHeading(this.renderRoot.querySelector<HTMLElement>('.document'))
      }
    } else {
      super.updated(changed)
    }
  }

  /**
   * Fits the text's own headings (h1 = title) under `heading-level` in the page outline, never skipping a
   * level (the text may go from a section's h2 straight to an h4).
   */
  #levelHeadings(): void {
    let previous = this.#level() - 1
    this.renderRoot.querySelectorAll(`.document :is(${HEADINGS})`).forEach((h) => {
      const level = Math.min(this.#level(Number(h.localName.slice(1)) - 1), previous + 1)
      h.setAttribute('aria-level', String(level))
      previous = level
    })
  }

  /** Fragment links do not cross the shadow boundary: scroll to the target here and focus its heading. */
  #onAnchorClick = (event: MouseEvent): void => {
    const link = event
      .composedPath()
      .find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement && n.hasAttribute('href'))
    const href = link?.getAttribute('href') ?? ''
    if (!href.startsWith('#') || href.length < 2) return
    const target = this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(href.slice(1))}`)
    if (!target) return
    event.preventDefault()
    this.#focusHeading(target)
  }

  /** Scrolls to `target` and focuses its heading (made focusable by script only). */
  #focusHeading(target: HTMLElement | null): void {
    if (!target) return
    const heading = target.matches(HEADINGS)
      ? target
      : (target.querySelector<HTMLElement>(HEADINGS) ?? target)
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1')
    target.scrollIntoView({ block: 'start' })
    heading.focus({ preventScroll: true })
  }

  #selectVersion(id: string): void {
    const version = this.overview?.versions.find((v) => v.id === id) ??
      [this.overview?.current, this.overview?.upcoming].find((v) => v?.id === id) ?? { id, label: id }
    this.version = id
    const detail: TesseraPolicyVersionChangeDetail = { id, label: version.label }
    this.dispatchEvent(
      new CustomEvent('tessera-policy-version-change', { detail, bubbles: true, composed: true })
    )
  }

  #onArchiveChange = (event: Event): void => {
    this.#selectVersion((event.target as HTMLSelectElement).value)
  }

  // These buttons disappear once their version is shown, so focus moves on to its title.
  #backToCurrent = (): void => {
    const current = this.overview?.current
    if (!current) return
    this.#focusTitle = true
    this.#selectVersion(current.id)
  }

  #viewUpcoming = (): void => {
    const upcoming = this.overview?.upcoming
    if (!upcoming) return
    this.#focusTitle = true
    this.#selectVersion(upcoming.id)
  }

  #toggleDiff = async (): Promise<void> => {
    const { current, upcoming } = this.overview ?? {}
    if (!current || !upcoming || !this.#api || this.diffState === 'loading') return
    if (this.diffState === 'open') {
      this.diffState = 'closed'
      return
    }
    if (this.diff) {
      this.diffState = 'open'
      return
    }
    const load = this.#overviewLoad
    this.diffState = 'loading'
    this.announcement = msg(this.locale, 'policy.diffLoading')
    try {
      const diff = await this.#api.diff(current.id, upcoming.id)
      if (load !== this.#overviewLoad) return
      this.diff = diff
      this.diffState = 'open'
      this.announcement = msg(this.locale, 'policy.diffShown')
    } catch {
      if (load !== this.#overviewLoad) return
      this.diffState = 'failed'
      this.announcement = msg(this.locale, 'state.error')
    }
  }

  #date(iso: string): string {
    return formatDate(iso, this.locale)
  }

  #statusWord(status: PolicyVersionStatus): string {
    return msg(this.locale, `policy.status.${status}`)
  }

  protected renderReady(_config: WidgetConfig, locale: Locale): TemplateResult {
    const overview = this.overview
    const live = html`<p class="live visually-hidden" role="status" aria-live="polite">
      ${this.announcement}
    </p>`
    if (!overview || (!overview.current && !overview.upcoming && !this.doc)) {
      return html`${live}
        <p class="status empty">${msg(locale, 'policy.empty')}</p>`
    }
    return html`
      ${live} ${this.#renderBanner(overview, locale)} ${this.#renderArchive(overview, locale)}
      ${this.#renderNotice(overview, locale)}
      ${this.hideToc || !this.doc?.toc.length ? nothing : this.#renderToc(this.doc, locale)}
      ${
        this.documentFailed ? html`<p class="status" role="alert">${msg(locale, 'state.error')}</p>` : nothing
      }
      <div
        class="document"
        part="document"
        aria-busy=${this.documentBusy ? 'true' : 'false'}
        @click=${this.#onAnchorClick}
      >
        ${
          // The one trusted-HTML sink: the API renders this with @tessera/policy-text, which escapes every
          // value, allows only https:/mailto: links and emits no scripts, styles or handlers. It stays
          // inside the shadow root. Everything else in this element is bound as text.
          unsafeHTML(this.doc?.html ?? '')
        }
      </div>
    `
  }

  #renderBanner(overview: PolicyOverview, locale: Locale): TemplateResult | typeof nothing {
    const { current, upcoming } = overview
    if (!upcoming) return nothing
    const open = this.diffState === 'open' && this.diff
    return html`<section class="banner" part="banner" role="region" aria-labelledby="banner-title">
      <p class="banner-title" id="banner-title">${msg(locale, 'policy.bannerTitle')}</p>
      <p class="banner-date">
        ${msg(locale, 'policy.bannerDate', { label: upcoming.label, date: this.#date(upcoming.effectiveAt) })}
        ${msg(locale, upcoming.significant ? 'policy.significant' : 'policy.minor')}
      </p>
      ${
        upcoming.summary.length
          ? html`<ul class="banner-summary">
              ${upcoming.summary.map((line) => html`<li>${line}</li>`)}
            </ul>`
          : nothing
      }
      <div class="actions">
        ${
          current
            ? html`<button
                type="button"
                class="diff-button"
                aria-expanded=${open ? 'true' : 'false'}
                aria-controls="diff"
                @click=${this.#toggleDiff}
              >
                ${msg(locale, open ? 'policy.hideDiff' : 'policy.showDiff')}
              </button>`
            : nothing
        }
        ${
          this.doc?.id === upcoming.id
            ? nothing
            : html`<button type="button" class="upcoming-button" @click=${this.#viewUpcoming}>
                ${msg(locale, 'policy.viewUpcoming')}
              </button>`
        }
      </div>
      <div class="diff" id="diff" part="diff" ?hidden=${this.diffState === 'closed'}>
        ${this.#renderDiff(locale, current, upcoming)}
      </div>
    </section>`
  }

  #renderDiff(
    locale: Locale,
    current: PolicyVersionSummary | null,
    upcoming: PolicyVersionSummary
  ): TemplateResult | typeof nothing {
    if (this.diffState === 'loading') return html`<p>${msg(locale, 'policy.diffLoading')}</p>`
    if (this.diffState === 'failed') return html`<p>${msg(locale, 'state.error')}</p>`
    const diff = this.diff
    if (!diff || !current) return nothing
    return html`<p class="diff-title">
        <strong>${msg(locale, 'policy.diffTitle', { from: current.label, to: upcoming.label })}</strong>
      </p>
      <p>${msg(locale, diff.significant ? 'policy.significant' : 'policy.minor')}</p>
      ${
        diff.summary.length
          ? html`<ul class="diff-summary">
              ${diff.summary.map((line) => html`<li>${line}</li>`)}
            </ul>`
          : html`<p>${msg(locale, 'policy.diffEmpty')}</p>`
      }`
  }

  #renderArchive(overview: { versions: PolicyVersionSummary[] }, locale: Locale): TemplateResult {
    const shown = this.#wantedId()
    return html`<div class="archive" part="archive">
      <label for="archive">${msg(locale, 'policy.archiveLabel')}</label>
      <select id="archive" @change=${this.#onArchiveChange}>
        ${overview.versions.map(
          (v) =>
            html`<option value=${v.id} ?selected=${v.id === shown}>
              ${msg(locale, 'policy.archiveOption', {
                label: v.label,
                status: this.#statusWord(v.status),
                date: this.#date(v.effectiveAt),
              })}
            </option>`
        )}
      </select>
    </div>`
  }

  /** Says when the text shown is not the one in force, with its dates. */
  #renderNotice(
    overview: PolicyOverview & { versions: PolicyVersionSummary[] },
    locale: Locale
  ): TemplateResult | typeof nothing {
    const doc = this.doc
    if (!doc || doc.status === 'effective') return nothing
    let text: string
    if (doc.status === 'scheduled') {
      text = msg(locale, 'policy.viewingUpcoming', {
        label: doc.label,
        posted: this.#date(doc.postedAt),
        from: this.#date(doc.effectiveAt),
      })
    } else {
      // The archive is newest first: the next newer version that has taken effect ended this one.
      const index = overview.versions.findIndex((v) => v.id === doc.id)
      const next = overview.versions
        .slice(0, Math.max(0, index))
        .reverse()
        .find((v) => v.status !== 'scheduled')
      text = next
        ? msg(locale, 'policy.viewingSuperseded', {
            label: doc.label,
            from: this.#date(doc.effectiveAt),
            to: this.#date(next.effectiveAt),
          })
        : msg(locale, 'policy.viewingPast', { label: doc.label, from: this.#date(doc.effectiveAt) })
    }
    return html`<div class="notice" data-status=${doc.status}>
      <p><strong>${text}</strong></p>
      ${
        overview.current && overview.current.id !== doc.id
          ? html`<button type="button" class="current-button" @click=${this.#backToCurrent}>
              ${msg(locale, 'policy.backToCurrent')}
            </button>`
          : nothing
      }
    </div>`
  }

  #renderToc(doc: PolicyVersionDocument, locale: Locale): TemplateResult {
    return html`<nav class="toc" part="toc" aria-labelledby="toc-title" @click=${this.#onAnchorClick}>
      <p class="toc-title" id="toc-title">${msg(locale, 'policy.contents')}</p>
      <ol>
        ${doc.toc.map((entry) => html`<li><a href=${`#${entry.anchor}`}>${entry.title}</a></li>`)}
      </ol>
    </nav>`
  }
}

defineElement(POLICY_TAG, TesseraPolicy)

declare global {
  interface HTMLElementTagNameMap {
    'tessera-policy': TesseraPolicy
  }
  interface HTMLElementEventMap {
    'tessera-policy-version-change': CustomEvent<TesseraPolicyVersionChangeDetail>
  }
}
