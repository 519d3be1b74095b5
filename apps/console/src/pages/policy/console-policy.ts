import { LitElement, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError } from '../../api.js'
import { consoleStyles } from '../../styles.js'
import type { Locale } from '../../messages.js'
import { PolicyApi } from './api.js'
import type { PolicyVersionDetail, PolicyVersionSummary, Tagged, VersionStatus } from './api.js'
import { policyMsg } from './messages.js'
import type { PolicyMessageKey } from './messages.js'
import { endSession, formatInstant, policyStyles } from './shared.js'
import './console-policy-editor.js'
import './console-policy-publish.js'
import './console-policy-review.js'

export const POLICY_TAG = 'tessera-console-policy'

/** The groups of the version list, in the order the page shows them. */
const GROUPS: readonly { status: VersionStatus; title: PolicyMessageKey; empty: PolicyMessageKey }[] = [
  { status: 'effective', title: 'groupEffective', empty: 'noneEffective' },
  { status: 'scheduled', title: 'groupScheduled', empty: 'noneScheduled' },
  { status: 'draft', title: 'groupDrafts', empty: 'noneDrafts' },
  { status: 'superseded', title: 'groupPast', empty: 'nonePast' },
]

/**
 * The Policy page: every version of the tenant's privacy policy (in effect, scheduled, drafts, past),
 * a new draft based on the latest published version, and one version opened: its preview and changes,
 * and for a draft the editor (`policy.edit`) and publishing (`policy.publish`). The opened version's
 * ETag travels with every change, so two admins never overwrite each other unknowingly.
 */
export class TesseraConsolePolicy extends LitElement {
  static override styles = [consoleStyles, policyStyles]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  @property({ attribute: 'role-label' }) roleLabel = ''
  /** May create and edit drafts (`policy.edit`). */
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false
  /** May publish drafts (`policy.publish`). */
  @property({ type: Boolean, attribute: 'can-publish' }) canPublish = false
  /** The version to open first (the address `/console/policy/<id>`). */
  @property({ attribute: 'version-id' }) versionId = ''

  @state() private versions: PolicyVersionSummary[] | null = null
  @state() private opened: Tagged<PolicyVersionDetail> | null = null
  @state() private alert = ''
  @state() private status = ''
  @state() private busy = false
  /** The editor holds changes not saved yet. */
  @state() private unsaved = false

  private t(key: PolicyMessageKey, vars?: Record<string, string>) {
    return policyMsg(this.locale, key, vars)
  }

  private get policies() {
    return new PolicyApi(this.api)
  }

  override connectedCallback() {
    super.connectedCallback()
    void this.load()
  }

  override updated(changed: Map<string, unknown>) {
    // The shell hands a new address (the Policy link in the navigation, back and forward).
    if (!changed.has('versionId') || changed.get('versionId') === undefined || !this.versions) return
    if (this.versionId && this.versionId !== this.opened?.data.id) void this.open(this.versionId, false)
    else if (!this.versionId && this.opened) this.opened = null
  }

  async load() {
    try {
      this.versions = await this.policies.versions()
      if (this.versionId && !this.opened) await this.open(this.versionId, false)
    } catch (error) {
      this.failed(error)
    }
  }

  private failed(error: unknown) {
    if (!(error instanceof ConsoleApiError) || error.status === 0) this.alert = this.t('networkError')
    else if (error.status === 401) endSession(this)
    else this.alert = error.detail ?? error.title
  }

  private async open(id: string, focus = true) {
    this.alert = ''
    this.status = ''
    try {
      this.opened = await this.policies.version(id)
      this.address(id)
      if (focus) {
        await this.updateComplete
        this.renderRoot.querySelector<HTMLElement>('#version-title')?.focus()
      }
    } catch (error) {
      this.failed(error)
    }
  }

  /** Keeps the address on the opened version (a link to it can be shared). */
  private address(id: string | null) {
    if (!location.pathname.startsWith('/console/policy')) return
    const path = id ? `/console/policy/${encodeURIComponent(id)}` : '/console/policy'
    if (location.pathname !== path) history.pushState(null, '', path)
  }

  private async close() {
    this.opened = null
    this.unsaved = false
    this.address(null)
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>('#policy-title')?.focus()
  }

  private async createDraft() {
    if (this.busy) return
    this.busy = true
    this.alert = ''
    try {
      const draft = await this.policies.createDraft()
      this.versions = await this.policies.versions()
      this.opened = draft
      this.address(draft.data.id)
      this.status = this.t('draftCreated', { label: draft.data.label })
      await this.updateComplete
      this.renderRoot.querySelector<HTMLElement>('#version-title')?.focus()
    } catch (error) {
      this.failed(error)
    } finally {
      this.busy = false
    }
  }

  private async saved(event: CustomEvent<Tagged<PolicyVersionDetail>>) {
    this.opened = event.detail
    try {
      this.versions = await this.policies.versions()
    } catch (error) {
      this.failed(error)
    }
  }

  private async reload() {
    if (!this.opened) return
    const id = this.opened.data.id
    try {
      this.opened = await this.policies.version(id)
      this.status = this.t('reloaded')
    } catch (error) {
      this.failed(error)
    }
  }

  private async published(event: CustomEvent<PolicyVersionSummary>) {
    this.status = this.t('publishedStatus', {
      label: event.detail.label,
      date: formatInstant(event.detail.effectiveAt, this.locale),
    })
    try {
      this.versions = await this.policies.versions()
      this.opened = await this.policies.version(event.detail.id)
    } catch (error) {
      this.failed(error)
    }
  }

  private statusLabel(status: VersionStatus) {
    return this.t(`status.${status}`)
  }

  private list(versions: PolicyVersionSummary[]) {
    return GROUPS.map(({ status, title, empty }) => {
      const rows = versions.filter((v) => v.status === status)
      return html`<section aria-labelledby="group-${status}">
        <h2 id="group-${status}">${this.t(title)}</h2>
        ${
          rows.length
            ? html`<ul class="versions" id="versions-${status}">
                ${rows.map(
                  (v) =>
                    html`<li>
                      <strong>${v.label}</strong>
                      <span>${this.statusLabel(v.status)}</span>
                      ${
                        v.effectiveAt
                          ? html`<span
                              >${this.t('effectiveOn', { date: formatInstant(v.effectiveAt, this.locale) })}</span
                            >`
                          : nothing
                      }
                      ${v.significant ? html`<span class="badge significant">${this.t('significantYes')}</span>` : nothing}
                      <button
                        type="button"
                        class="secondary"
                        aria-label=${this.t('openLabel', { label: v.label })}
                        @click=${() => this.open(v.id)}
                      >
                        ${this.t('open')}
                      </button>
                    </li>`
                )}
              </ul>`
            : html`<p class="muted">${this.t(empty)}</p>`
        }
      </section>`
    })
  }

  private detail({ data: version, etag }: Tagged<PolicyVersionDetail>) {
    const draft = version.status === 'draft'
    return html`<section aria-labelledby="version-title">
      <div class="actions">
        <button type="button" class="secondary" id="back" @click=${this.close}>${this.t('back')}</button>
      </div>
      <h2 id="version-title" tabindex="-1">
        ${this.t('versionTitle', { label: version.label, status: this.statusLabel(version.status) })}
      </h2>
      <dl class="facts">
        <dt>${this.t('postedAt')}</dt>
        <dd>${formatInstant(version.postedAt, this.locale)}</dd>
        <dt>${this.t('effectiveAt')}</dt>
        <dd>${formatInstant(version.effectiveAt, this.locale)}</dd>
      </dl>
      ${draft && !this.canEdit ? html`<p class="notice">${this.t('draftReadOnly', { role: this.roleLabel })}</p>` : nothing}
      ${
        draft && this.canEdit
          ? html`<tessera-console-policy-editor
              .api=${this.api}
              .locale=${this.locale}
              .version=${version}
              .etag=${etag}
              @policy-saved=${this.saved}
              @policy-reload=${this.reload}
              @policy-unsaved=${(e: CustomEvent<boolean>) => (this.unsaved = e.detail)}
            ></tessera-console-policy-editor>`
          : nothing
      }
      <tessera-console-policy-review
        .api=${this.api}
        .locale=${this.locale}
        version-id=${version.id}
        .labels=${Object.fromEntries((this.versions ?? []).map((v) => [v.id, v.label]))}
        revision=${etag ?? ''}
      ></tessera-console-policy-review>
      ${
        draft && this.canPublish
          ? html`<tessera-console-policy-publish
              .api=${this.api}
              .locale=${this.locale}
              .version=${version}
              .etag=${etag}
              ?unsaved=${this.unsaved}
              @policy-published=${this.published}
              @policy-reload=${this.reload}
            ></tessera-console-policy-publish>`
          : nothing
      }
    </section>`
  }

  override render() {
    return html`<section class="card" aria-labelledby="policy-title">
      <h1 id="policy-title" tabindex="-1">${this.t('policyTitle')}</h1>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      <p class="status" role="status">${this.status}</p>
      ${
        !this.canEdit && this.versions
          ? html`<p class="notice">${this.t('readOnly', { role: this.roleLabel })}</p>`
          : nothing
      }
      ${
        this.opened
          ? this.detail(this.opened)
          : this.versions
            ? html`${
                this.canEdit
                  ? html`<div class="actions">
                      <button
                        type="button"
                        class="primary"
                        id="new-draft"
                        ?disabled=${this.busy}
                        @click=${this.createDraft}
                      >
                        ${this.t('newDraft')}
                      </button>
                    </div>`
                  : nothing
              }
              ${this.list(this.versions)}`
            : html`<p>${this.alert ? '' : this.t('loading')}</p>`
      }
    </section>`
  }
}

if (!customElements.get(POLICY_TAG)) customElements.define(POLICY_TAG, TesseraConsolePolicy)

declare global {
  interface HTMLElementTagNameMap {
    [POLICY_TAG]: TesseraConsolePolicy
  }
}
