import { LitElement, css, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi } from '../../api.js'
import type { Locale } from '../../messages.js'
import { consoleStyles } from '../../styles.js'
import { purposesApi } from './api.js'
import type { PolicyVersionDetail } from './api.js'
import { purposesMsg } from './messages.js'
import type { PurposesMessage } from './messages.js'
import './purposes-inventory.js'
import './purposes-embed.js'
import { failureText } from '../../failures.js'

export const PURPOSES_TAG = 'tessera-console-purposes'

/**
 * The Purposes & cookies page: the purposes of the policy in effect with their lawful basis and the cookie
 * categories (read-only here: they are part of the published policy and change only with a new version,
 * on the Policy page), the cookie inventory editor, and the embed snippet with the publishable key.
 */
export class TesseraConsolePurposes extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      .card {
        margin: 0 0 1.25rem;
      }
      .table-wrap {
        overflow-x: auto;
      }
      .table-wrap:focus-visible {
        outline: 3px solid var(--tessera-color-accent, #00a37a);
        outline-offset: 2px;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.9375rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.375rem 0.5rem;
        border-bottom: 1px solid #e1e6eb;
        vertical-align: top;
      }
      td .key,
      dd .key {
        color: #4a5561;
        font-size: 0.8125rem;
      }
      dl {
        margin: 0;
      }
      dt {
        font-weight: 600;
        margin-top: 0.5rem;
      }
      dd {
        margin: 0;
      }
    `,
  ]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  @property({ attribute: 'role-label' }) roleLabel = ''
  /** `tenant.update`: the inventory may be changed. */
  @property({ type: Boolean, attribute: 'can-edit' }) canEdit = false
  /** `keys.manage`: the publishable key can be read for the embed snippet. */
  @property({ type: Boolean, attribute: 'can-read-keys' }) canReadKeys = false

  /** undefined: loading; null: no policy in effect. */
  @state() private policy: PolicyVersionDetail | null | undefined = undefined
  @state() private publishableKey: string | null = null
  @state() private alert = ''

  private t(key: PurposesMessage, vars?: Record<string, string>) {
    return purposesMsg(this.locale, key, vars)
  }

  override connectedCallback() {
    super.connectedCallback()
    void this.load()
  }

  async load() {
    try {
      this.policy = await purposesApi.currentPolicy(this.api)
    } catch (error) {
      this.failed(error)
    }
    if (this.canReadKeys) {
      try {
        this.publishableKey = (await purposesApi.publishableKeys(this.api))[0]?.publishableKey ?? null
      } catch (error) {
        this.failed(error)
      }
    }
  }

  private failed(error: unknown) {
    const text = failureText(this, this.locale, error)
    if (text) this.alert = text
  }

  private purposes(policy: PolicyVersionDetail) {
    const yesNo = (v: boolean) => (v ? this.t('yes') : this.t('no'))
    return html`<section class="card" aria-labelledby="purposes-title">
      <h2 id="purposes-title">${this.t('purposesTitle')}</h2>
      <p class="hint">
        ${this.t('fromPolicy', { label: policy.label })}
        <a href="/console/policy">${this.t('policyLink')}</a>.
      </p>
      <div class="table-wrap" role="group" tabindex="0" aria-labelledby="purposes-title">
        <table aria-labelledby="purposes-title">
          <thead>
            <tr>
              <th scope="col">${this.t('purpose')}</th>
              <th scope="col">${this.t('lawfulBasis')}</th>
              <th scope="col">${this.t('consentNeeded')}</th>
              <th scope="col">${this.t('requiredHead')}</th>
              <th scope="col">${this.t('specialCategory')}</th>
            </tr>
          </thead>
          <tbody>
            ${policy.content.purposes.map(
              (p) =>
                html`<tr data-purpose=${p.key}>
                  <th scope="row">
                    ${p.title[this.locale]}<br /><span class="key">${p.key}</span>
                    <p class="hint">${p.description[this.locale]}</p>
                  </th>
                  <td class="basis">${this.t(`basis_${p.lawfulBasis}` as PurposesMessage)}</td>
                  <td>${yesNo(p.consentBased)}</td>
                  <td>${yesNo(p.required)}</td>
                  <td>${yesNo(p.specialCategory)}</td>
                </tr>`
            )}
          </tbody>
        </table>
      </div>
    </section>`
  }

  private categories(policy: PolicyVersionDetail) {
    return html`<section class="card" aria-labelledby="categories-title">
      <h2 id="categories-title">${this.t('categoriesTitle')}</h2>
      <dl>
        ${policy.content.cookies.map(
          (c) =>
            html`<dt data-category=${c.key}>${c.title[this.locale]} <span class="key">(${c.key})</span></dt>
              <dd>
                ${c.required ? this.t('alwaysOn') : this.t('optional')} — ${c.description[this.locale]}
              </dd>`
        )}
      </dl>
    </section>`
  }

  override render() {
    const policy = this.policy
    return html`<h1 id="purposes-page-title" tabindex="-1">${this.t('title')}</h1>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      ${
        policy === undefined
          ? html`<p role="status">${this.alert ? '' : this.t('loading')}</p>`
          : policy === null
            ? html`<p class="notice">
                ${this.t('noPolicy')} <a href="/console/policy">${this.t('policyLink')}</a>
              </p>`
            : html`${this.purposes(policy)} ${this.categories(policy)}`
      }
      ${
        policy === undefined
          ? nothing
          : html`<tessera-console-purposes-inventory
              .api=${this.api}
              .locale=${this.locale}
              .roleLabel=${this.roleLabel}
              .canEdit=${this.canEdit}
              .categories=${policy?.content.cookies ?? []}
            ></tessera-console-purposes-inventory>`
      }
      <tessera-console-purposes-embed
        .locale=${this.locale}
        .apiBase=${this.api.base}
        .publishableKey=${this.publishableKey}
      ></tessera-console-purposes-embed>`
  }
}

if (!customElements.get(PURPOSES_TAG)) customElements.define(PURPOSES_TAG, TesseraConsolePurposes)

declare global {
  interface HTMLElementTagNameMap {
    [PURPOSES_TAG]: TesseraConsolePurposes
  }
}
