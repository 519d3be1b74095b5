import { LitElement, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError } from '../../api.js'
import type { Locale } from '../../messages.js'
import { consoleStyles } from '../../styles.js'
import { consentProof, memberProfile, usageRecords } from './api.js'
import type { MemberConsent, MemberProfile, UsageRecords } from './api.js'
import { CODES, MEMBER_ID, formatDateTime, formatSize } from './format.js'
import { t } from './messages.js'
import type { MembersMessage } from './messages.js'
import { membersStyles } from './styles.js'
import { failureText } from '../../failures.js'

export const MEMBER_PROFILE_TAG = 'tessera-console-member-profile'

type Loaded =
  | { kind: 'loading' }
  | { kind: 'profile'; profile: MemberProfile }
  | { kind: 'not-found' }
  | { kind: 'failed' }

/**
 * One member as staff see them (`GET /v1/admin/members/:id`, audited): details, consents per purpose,
 * privacy requests and upload metadata. A dormant member shows the status only. With `consent.export`
 * the consent proof downloads, with `usage.read` the usage records show — both need a reason, checked
 * here and by the API (a 422 on `reason` is shown beside the field). An id that cannot be a member's is
 * not sent to the API. Fires `console-session-ended` when the API no longer accepts the session.
 */
export class TesseraConsoleMemberProfile extends LitElement {
  static override styles = [consoleStyles, membersStyles]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  @property({ attribute: 'member-id' }) memberId = ''
  /** `consent.export`: the consent proof may be downloaded. */
  @property({ type: Boolean, attribute: 'can-export' }) canExport = false
  /** `usage.read`: the usage records may be shown. */
  @property({ type: Boolean, attribute: 'can-read-usage' }) canReadUsage = false
  /** `requests.handle`: requests link to the Requests page. */
  @property({ type: Boolean, attribute: 'can-open-requests' }) canOpenRequests = false

  @state() private loaded: Loaded = { kind: 'loading' }
  @state() private reason = ''
  @state() private reasonError = ''
  @state() private usage: UsageRecords | null = null
  @state() private alert = ''
  @state() private status = ''
  @state() private busy = false

  private t(key: MembersMessage, vars?: Record<string, string>) {
    return t(this.locale, key, vars)
  }

  override willUpdate(changed: Map<string, unknown>) {
    // Each read is audited: only a different member is read again, not a re-render of the shell (which
    // hands over a new api object each time) or a new language.
    if (changed.has('memberId')) void this.load()
  }

  /** (Re)reads the profile; a new member starts with a clean reason form. */
  async load() {
    const id = this.memberId
    this.usage = null
    this.reasonError = ''
    this.alert = ''
    this.status = ''
    if (!MEMBER_ID.test(id)) {
      this.loaded = { kind: 'not-found' }
      return
    }
    this.loaded = { kind: 'loading' }
    try {
      const profile = await memberProfile(this.api, id, this.locale)
      if (id === this.memberId) this.loaded = { kind: 'profile', profile }
    } catch (error) {
      if (error instanceof ConsoleApiError && error.status === 404) this.loaded = { kind: 'not-found' }
      else {
        this.loaded = { kind: 'failed' }
        this.failed(error)
      }
    }
  }

  private failed(error: unknown) {
    const text = failureText(this, this.locale, error)
    if (text) this.alert = text
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault()
    const submitter = event.submitter as HTMLButtonElement | null
    const action = submitter?.value === 'usage' ? 'usage' : 'proof'
    if (this.busy || this.loaded.kind !== 'profile') return
    const id = this.loaded.profile.id
    this.status = ''
    this.alert = ''
    const reason = this.reason.trim()
    this.reasonError = !reason
      ? this.t('required')
      : reason.length < 5 || reason.length > 500
        ? this.t('reasonLength')
        : ''
    if (this.reasonError) {
      this.alert = this.t('fixFields')
      await this.focusReason()
      return
    }
    this.busy = true
    try {
      if (action === 'usage') {
        this.usage = await usageRecords(this.api, id, reason)
      } else {
        this.status = this.t('downloading')
        const { blob, fileName } = await consentProof(this.api, id, reason)
        this.save(blob, fileName ?? `consent-proof-${id}.json`)
        this.status = this.t('downloaded')
      }
    } catch (error) {
      this.status = ''
      const reasonFault =
        error instanceof ConsoleApiError && error.status === 422
          ? error.errors.find((e) => e.field === 'reason')
          : undefined
      if (reasonFault) {
        this.reasonError = reasonFault.message
        this.alert = this.t('fixFields')
        await this.focusReason()
      } else this.failed(error)
    } finally {
      this.busy = false
    }
  }

  /** Hands the file to the browser's download (a same-origin blob: no page navigation). */
  private save(blob: Blob, fileName: string) {
    const url = URL.createObjectURL(blob)
    const link = document.createElement('a')
    link.href = url
    link.download = fileName
    link.hidden = true
    this.renderRoot.append(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(url), 0)
  }

  private async focusReason() {
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>('#reason')?.focus()
  }

  private when(iso: string | null) {
    return formatDateTime(iso, this.locale)
  }

  private details(p: MemberProfile) {
    const personal = p.personal
    const given = (value: string | null | undefined) => value || this.t('notGiven')
    const name = [personal?.firstName, personal?.lastName].filter(Boolean).join(' ')
    return html`<h2>${this.t('details')}</h2>
      <dl>
        <dt>${this.t('memberId')}</dt>
        <dd><code>${p.id}</code></dd>
        <dt>${this.t('status')}</dt>
        <dd class="member-status">${this.t(`status.${p.status}` as MembersMessage)}</dd>
        <dt>${this.t('created')}</dt>
        <dd>${this.when(p.createdAt)}</dd>
        ${
          personal
            ? html`<dt>${this.t('lastActive')}</dt>
                <dd>${p.lastActiveAt ? this.when(p.lastActiveAt) : this.t('never')}</dd>
                <dt>${this.t('name')}</dt>
                <dd class="member-name">${given(name)}</dd>
                <dt>${this.t('email')}</dt>
                <dd class="member-email">${personal.email}</dd>
                <dt>${this.t('company')}</dt>
                <dd>${given(personal.company)}</dd>
                <dt>${this.t('nationality')}</dt>
                <dd>${given(personal.nationality)}</dd>
                <dt>${this.t('language')}</dt>
                <dd>${given(p.locale)}</dd>`
            : nothing
        }
      </dl>`
  }

  private decision(c: MemberConsent) {
    if (!c.consentBased) return this.t('notConsentBased')
    const state = this.t(`state.${c.state ?? 'none'}` as MembersMessage)
    return c.needsAnswer ? `${state} · ${this.t('needsAnswer')}` : state
  }

  /** A table that may scroll sideways on narrow screens: focusable, so it scrolls from the keyboard. */
  private table(id: string, caption: string, head: string[], rows: unknown[], hint?: string) {
    return html`<div class="table-wrap" role="region" aria-labelledby="${id}-caption" tabindex="0">
      <table id=${id}>
        <caption id="${id}-caption">
          ${caption}
        </caption>
        <thead>
          <tr>
            ${head.map((h) => html`<th scope="col">${h}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
      ${hint ? html`<p class="hint">${hint}</p>` : nothing}
    </div>`
  }

  private consents(p: MemberProfile) {
    const consents = p.consents!
    if (!consents.policyVersion)
      return html`<h2>${this.t('consentsTitle')}</h2>
        <p>${this.t('consentsNoPolicy')}</p>`
    return this.table(
      'consents',
      this.t('consentsTitle'),
      [this.t('purpose'), this.t('decision'), this.t('decidedAt')],
      consents.purposes.map(
        (c) =>
          html`<tr data-purpose=${c.key}>
            <th scope="row">${c.title}</th>
            <td class="decision">${this.decision(c)}</td>
            <td>${this.when(c.decidedAt)}</td>
          </tr>`
      ),
      this.t('consentsPolicy', { version: consents.policyVersion })
    )
  }

  private requests(p: MemberProfile) {
    const requests = p.requests!
    if (!requests.length)
      return html`<h2>${this.t('requestsTitle')}</h2>
        <p>${this.t('noRequests')}</p>`
    return this.table(
      'requests',
      this.t('requestsTitle'),
      [this.t('request'), this.t('type'), this.t('status'), this.t('received'), this.t('due')],
      requests.map(
        (r) =>
          html`<tr data-request=${r.id}>
            <th scope="row">
              ${
                this.canOpenRequests
                  ? html`<a href="/console/requests/${encodeURIComponent(r.id)}"><code>${r.id}</code></a>`
                  : html`<code>${r.id}</code>`
              }
            </th>
            <td>${this.label('requestType', r.type)}</td>
            <td>${this.label('requestStatus', r.status)}</td>
            <td>${this.when(r.receivedAt)}</td>
            <td>${this.when(r.dueAt)}</td>
          </tr>`
      )
    )
  }

  private uploads(p: MemberProfile) {
    const uploads = p.uploads!
    if (!uploads.length)
      return html`<h2>${this.t('uploadsTitle')}</h2>
        <p>${this.t('noUploads')}</p>`
    return this.table(
      'uploads',
      this.t('uploadsTitle'),
      [
        this.t('upload'),
        this.t('contentType'),
        this.t('size'),
        this.t('status'),
        this.t('uploadedAt'),
        this.t('expiresAt'),
      ],
      uploads.map(
        (u) =>
          html`<tr data-upload=${u.id}>
            <th scope="row"><code>${u.id}</code></th>
            <td>${u.modality ? `${u.contentType} (${u.modality})` : u.contentType}</td>
            <td class="number">${formatSize(u.size, this.locale)}</td>
            <td>${this.label('uploadStatus', u.status)}</td>
            <td>${this.when(u.uploadedAt)}</td>
            <td>${this.when(u.purgedAt ?? u.expiresAt)}</td>
          </tr>`
      ),
      this.t('uploadsHint')
    )
  }

  /** A code's label in the console's language; a code this console does not know yet, as it is. */
  private label(group: keyof typeof CODES, code: string) {
    return CODES[group].includes(code) ? this.t(`${group}.${code}` as MembersMessage) : code
  }

  private exports() {
    if (!this.canExport && !this.canReadUsage) return nothing
    const error = this.reasonError
    return html`<form novalidate @submit=${this.submit} aria-busy=${this.busy ? 'true' : 'false'}>
      <fieldset>
        <legend>${this.t('exportsTitle')}</legend>
        <p class="hint" id="exports-hint">${this.t('exportsHint')}</p>
        <div class="field">
          <label for="reason">${this.t('reason')}</label>
          <p class="hint" id="reason-hint">${this.t('reasonHint')}</p>
          <textarea
            id="reason"
            name="reason"
            maxlength="500"
            .value=${this.reason}
            aria-invalid=${error ? 'true' : 'false'}
            aria-describedby=${error ? 'reason-hint reason-error' : 'reason-hint'}
            @input=${(e: Event) => (this.reason = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
          ${error ? html`<p class="error" id="reason-error">${error}</p>` : nothing}
        </div>
      </fieldset>
      <div class="actions">
        ${
          this.canExport
            ? html`<button class="primary" type="submit" value="proof" ?disabled=${this.busy}>
                ${this.t('downloadProof')}
              </button>`
            : nothing
        }
        ${
          this.canReadUsage
            ? html`<button class="secondary" type="submit" value="usage" ?disabled=${this.busy}>
                ${this.t('showUsage')}
              </button>`
            : nothing
        }
      </div>
    </form>`
  }

  private usageTable() {
    const usage = this.usage
    if (!usage) return nothing
    if (!usage.data.length)
      return html`<h2>${this.t('usageTitle')}</h2>
        <p>${this.t('noUsage')}</p>`
    return this.table(
      'usage',
      this.t('usageTitle'),
      [this.t('action'), this.t('ip'), this.t('at')],
      usage.data.map(
        (u) =>
          html`<tr>
            <th scope="row">${this.label('usage', u.action)}</th>
            <td><code>${u.ip ?? ''}</code></td>
            <td>${this.when(u.at)}</td>
          </tr>`
      ),
      this.t('usageRetention', { days: String(usage.retentionDays) })
    )
  }

  override render() {
    const loaded = this.loaded
    const profile = loaded.kind === 'profile' ? loaded.profile : null
    return html`<section class="card" aria-labelledby="profile-title">
      <h1 id="profile-title" tabindex="-1">${this.t('profileTitle', { id: profile?.id ?? '' }).trim()}</h1>
      <p class="notice">${this.t('accessLogged')}</p>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      ${loaded.kind === 'loading' ? html`<p>${this.t('profileLoading')}</p>` : nothing}
      ${loaded.kind === 'not-found' ? html`<p class="not-found">${this.t('notFound')}</p>` : nothing}
      ${
        profile
          ? profile.separated
            ? html`${this.details(profile)}
                <p class="notice dormant">
                  ${this.t('dormantNotice', { date: this.when(profile.dormantAt) })}
                </p>`
            : html`${this.details(profile)} ${this.consents(profile)} ${this.requests(profile)}
              ${this.uploads(profile)} ${this.exports()} ${this.usageTable()}`
          : nothing
      }
      <p class="status" role="status">${this.status}</p>
    </section>`
  }
}

if (!customElements.get(MEMBER_PROFILE_TAG))
  customElements.define(MEMBER_PROFILE_TAG, TesseraConsoleMemberProfile)

declare global {
  interface HTMLElementTagNameMap {
    [MEMBER_PROFILE_TAG]: TesseraConsoleMemberProfile
  }
}
