import { LitElement, html, nothing } from 'lit'
import { property, query, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError } from '../../api.js'
import type { Locale } from '../../messages.js'
import { consoleStyles } from '../../styles.js'
import {
  OPEN_STATUSES,
  acknowledgeRequest,
  completeRequest,
  extendRequest,
  getRequest,
  rejectRequest,
  verifyIdentity,
} from './api.js'
import type { HistoryEntry, RequestDetail } from './api.js'
import { formatDateTime, timeLeft } from './format.js'
import { t } from './messages.js'
import type { RequestsMessage } from './messages.js'
import { requestsStyles } from './styles.js'

export const REQUEST_DETAIL_TAG = 'tessera-console-request-detail'

/** The actions that ask for something first, in a dialog. */
type DialogAction = 'verify' | 'extend' | 'complete' | 'reject'

const DIALOG: Record<
  DialogAction,
  {
    title: RequestsMessage
    intro?: RequestsMessage
    label: RequestsMessage
    hint?: RequestsMessage
    field: string
    max: number
    required: boolean
  }
> = {
  verify: {
    title: 'verifyTitle',
    label: 'verifyMethod',
    hint: 'verifyHint',
    field: 'method',
    max: 200,
    required: true,
  },
  extend: {
    title: 'extendTitle',
    intro: 'extendIntro',
    label: 'extendReason',
    hint: 'extendHint',
    field: 'reason',
    max: 2000,
    required: true,
  },
  complete: {
    title: 'completeTitle',
    intro: 'completeIntro',
    label: 'completeResponse',
    field: 'response',
    max: 5000,
    required: false,
  },
  reject: {
    title: 'rejectTitle',
    intro: 'rejectIntro',
    label: 'rejectReason',
    field: 'reason',
    max: 2000,
    required: true,
  },
}

const HISTORY_STEPS = [
  'opened',
  'identity_verified',
  'acknowledged',
  'extended',
  'completed',
  'rejected',
] as const

/** The API's rule codes for extensions, in the console's language. */
const RULE_MESSAGES: Record<string, RequestsMessage> = {
  required: 'required',
  reason_required: 'reasonTooShort',
  not_extendable: 'notExtendable',
  after_deadline: 'afterDeadline',
}

/** `corrections: { company: 'X' }` → `[['corrections.company', 'X']]`: what was asked, as text. */
function flatten(value: unknown, prefix = ''): [string, string][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      flatten(v, prefix ? `${prefix}.${k}` : k)
    )
  return [[prefix, value === null ? '—' : typeof value === 'string' ? value : JSON.stringify(value)]]
}

/**
 * One privacy request (`GET /v1/admin/requests/:id`, an audited read): what was asked, by whom, the
 * deadline and the law it follows, the answer, and its history. The actions the API would accept in
 * its state: verify identity, start handling, extend (GDPR only, once, before the deadline, with a
 * reason), complete (optional answer), reject (reason required) — each but "start handling" in a modal
 * dialog with its field's errors beside it. A 409 (another admin closed it first, say) is announced and
 * the request reloaded. Fires `request-changed` after each action and `console-session-ended` on 401.
 */
export class TesseraConsoleRequestDetail extends LitElement {
  static override styles = [consoleStyles, requestsStyles]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  @property({ attribute: 'request-id' }) requestId = ''
  @property({ attribute: false }) now: () => Date = () => new Date()

  @state() private request: RequestDetail | null = null
  @state() private missing = false
  @state() private action: DialogAction | null = null
  @state() private text = ''
  @state() private fieldError = ''
  @state() private dialogAlert = ''
  @state() private alert = ''
  @state() private status = ''
  @state() private busy = false

  @query('dialog') private dialog!: HTMLDialogElement

  private t(key: RequestsMessage, vars?: Record<string, string>) {
    return t(this.locale, key, vars)
  }

  override updated(changed: Map<string, unknown>) {
    if (changed.has('requestId') && this.requestId) void this.load()
  }

  /** (Re)reads the request. */
  async load() {
    try {
      this.request = await getRequest(this.api, this.requestId)
      this.missing = false
    } catch (error) {
      if (error instanceof ConsoleApiError && error.status === 404) this.missing = true
      this.failed(error)
    }
  }

  private failed(error: unknown) {
    if (error instanceof ConsoleApiError && error.status === 401) {
      if (this.dialog?.open) this.dialog.close()
      this.dispatchEvent(new CustomEvent('console-session-ended', { bubbles: true, composed: true }))
    } else if (error instanceof ConsoleApiError && error.status === 409) {
      this.alert = this.t('conflict', { detail: error.detail ?? error.title })
    } else if (error instanceof ConsoleApiError && error.status !== 0) {
      this.alert = error.detail ?? error.title
    } else {
      this.alert = this.t('networkError')
    }
  }

  private async openDialog(action: DialogAction) {
    this.action = action
    this.text = ''
    this.fieldError = ''
    this.dialogAlert = ''
    this.alert = ''
    this.status = ''
    await this.updateComplete
    if (!this.dialog.open) this.dialog.showModal()
    this.renderRoot.querySelector<HTMLElement>('#action-text')?.focus()
  }

  private closeDialog() {
    if (this.dialog?.open) this.dialog.close()
  }

  private async acknowledge() {
    if (this.busy || !this.request) return
    this.alert = ''
    this.status = ''
    try {
      await this.run(() => acknowledgeRequest(this.api, this.request!.id), 'acknowledged')
    } catch (error) {
      this.failed(error)
    }
  }

  /** Runs an action; on success reloads, announces it and tells the page; errors are announced. */
  private async run(call: () => Promise<unknown>, done: RequestsMessage): Promise<boolean> {
    this.busy = true
    try {
      await call()
      await this.load()
      this.status = this.t(done, { due: this.request ? formatDateTime(this.request.dueAt, this.locale) : '' })
      this.dispatchEvent(new CustomEvent('request-changed', { bubbles: true, composed: true }))
      return true
    } catch (error) {
      if (error instanceof ConsoleApiError && error.status === 409) {
        // Someone else changed it first: show what it is now.
        this.closeDialog()
        this.failed(error)
        await this.load()
      } else throw error
      return false
    } finally {
      this.busy = false
    }
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault()
    const action = this.action
    if (this.busy || !action || !this.request) return
    const spec = DIALOG[action]
    const text = this.text.trim()
    this.dialogAlert = ''
    this.fieldError = ''
    if (spec.required && !text) {
      this.fieldError = this.t('required')
      await this.focusField()
      return
    }
    const id = this.request.id
    const calls: Record<DialogAction, () => Promise<unknown>> = {
      verify: () => verifyIdentity(this.api, id, text),
      extend: () => extendRequest(this.api, id, text),
      complete: () => completeRequest(this.api, id, text),
      reject: () => rejectRequest(this.api, id, text),
    }
    const done: Record<DialogAction, RequestsMessage> = {
      verify: 'verified',
      extend: 'extended',
      complete: 'completed',
      reject: 'rejected',
    }
    try {
      if (await this.run(calls[action], done[action])) {
        this.closeDialog()
        await this.updateComplete
        this.renderRoot.querySelector<HTMLElement>('h1')?.focus()
      }
    } catch (error) {
      if (error instanceof ConsoleApiError && error.status === 422 && error.errors.length) {
        const own = error.errors.find((e) => e.field === spec.field)
        const other = error.errors.filter((e) => e.field !== spec.field)
        const say = (e: { message: string; rule?: string }) =>
          e.rule && RULE_MESSAGES[e.rule] ? this.t(RULE_MESSAGES[e.rule]!) : e.message
        if (own) this.fieldError = say(own)
        this.dialogAlert = other.map(say).join(' ') || this.t('fixFields')
        if (own) await this.focusField()
      } else if (error instanceof ConsoleApiError && error.status !== 401 && error.status !== 0) {
        this.dialogAlert = error.detail ?? error.title
      } else {
        this.closeDialog()
        this.failed(error)
      }
    }
  }

  private async focusField() {
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>('#action-text')?.focus()
  }

  private historyLine(entry: HistoryEntry) {
    // `request.erase.opened` → opened; `request.extended` → extended; anything newer is shown as is.
    const step = entry.action.split('.').pop() ?? ''
    const event = (HISTORY_STEPS as readonly string[]).includes(step)
      ? this.t(`event.${step as (typeof HISTORY_STEPS)[number]}`)
      : entry.action
    return html`<li>
      <time datetime=${entry.at}>${formatDateTime(entry.at, this.locale)}</time> —
      ${this.t('eventBy', { event, actor: this.t(`actor.${entry.actorType}`) })}
    </li>`
  }

  private facts(r: RequestDetail) {
    const open = OPEN_STATUSES.includes(r.status)
    const details = flatten(r.details).filter(([key]) => key)
    return html`<dl class="facts summary">
        <dt>${this.t('colType')}</dt>
        <dd>${this.t(`type.${r.type}`)}</dd>
        <dt>${this.t('colStatus')}</dt>
        <dd class="request-status">${this.t(`status.${r.status}`)}</dd>
        <dt>${this.t('colChannel')}</dt>
        <dd>${this.t(`channel.${r.channel}`)}</dd>
        <dt>${this.t('colReceived')}</dt>
        <dd><time datetime=${r.receivedAt}>${formatDateTime(r.receivedAt, this.locale)}</time></dd>
        <dt>${this.t('colDue')}</dt>
        <dd class="due">
          <time datetime=${r.dueAt}>${formatDateTime(r.dueAt, this.locale)}</time>
          ${open ? html` — ${timeLeft(r.dueAt, this.now(), this.locale)}` : nothing}
          ${r.overdue ? html` <strong class="badge overdue">${this.t('overdue')}</strong>` : nothing}
          ${r.dueSoon ? html` <strong class="badge due-soon">${this.t('dueSoon')}</strong>` : nothing}
        </dd>
        <dt>${this.t('regimes')}</dt>
        <dd>${r.regimes.map((g) => this.t(g === 'eu' ? 'regime_eu' : 'regime_kr')).join(', ')}</dd>
        <dt>${this.t('member')}</dt>
        <dd>${r.member ? html`<code>${r.member}</code>` : this.t('noMember')}</dd>
        <dt>${this.t('identity')}</dt>
        <dd class="pre">${r.identityMethod ?? this.t('identityNotVerified')}</dd>
        ${
          r.extensionReason
            ? html`<dt>${this.t('extensionReason')}</dt>
                <dd class="pre">${r.extensionReason}</dd>`
            : nothing
        }
        ${
          r.response
            ? html`<dt>${this.t(r.status === 'rejected' ? 'rejectionReason' : 'response')}</dt>
                <dd class="pre response">${r.response}</dd>`
            : nothing
        }
        ${
          r.resolvedAt
            ? html`<dt>${this.t('resolvedAt')}</dt>
                <dd><time datetime=${r.resolvedAt}>${formatDateTime(r.resolvedAt, this.locale)}</time></dd>`
            : nothing
        }
      </dl>
      <h2>${this.t('details')}</h2>
      ${
        details.length
          ? html`<dl class="facts details">
              ${details.map(
                ([key, value]) =>
                  html`<dt><code>${key}</code></dt>
                    <dd class="pre">${value}</dd>`
              )}
            </dl>`
          : html`<p>${this.t('noDetails')}</p>`
      }`
  }

  private actions(r: RequestDetail) {
    if (!OPEN_STATUSES.includes(r.status))
      return html`<p class="notice">${this.t('closedNotice', { status: this.t(`status.${r.status}`) })}</p>`
    const verified = r.status !== 'identity_unverified'
    return html`<h2 id="actions-title">${this.t('actions')}</h2>
      <div class="buttons" role="group" aria-labelledby="actions-title">
        ${
          verified
            ? nothing
            : html`<button
                class="primary"
                type="button"
                data-action="verify"
                ?disabled=${this.busy}
                @click=${() => this.openDialog('verify')}
              >
                ${this.t('verify')}
              </button>`
        }
        ${
          r.status === 'received'
            ? html`<button
                class="primary"
                type="button"
                data-action="acknowledge"
                ?disabled=${this.busy}
                @click=${this.acknowledge}
              >
                ${this.t('acknowledge')}
              </button>`
            : nothing
        }
        ${
          verified
            ? html`<button
                class="primary"
                type="button"
                data-action="complete"
                ?disabled=${this.busy}
                @click=${() => this.openDialog('complete')}
              >
                ${this.t('complete')}
              </button>`
            : nothing
        }
        ${
          r.extendable
            ? html`<button
                class="secondary"
                type="button"
                data-action="extend"
                ?disabled=${this.busy}
                @click=${() => this.openDialog('extend')}
              >
                ${this.t('extend')}
              </button>`
            : nothing
        }
        <button
          class="secondary"
          type="button"
          data-action="reject"
          ?disabled=${this.busy}
          @click=${() => this.openDialog('reject')}
        >
          ${this.t('reject')}
        </button>
      </div>`
  }

  private dialogContent() {
    const action = this.action
    if (!action) return nothing
    const spec = DIALOG[action]
    const invalid = !!this.fieldError
    const describedBy = [spec.hint ? 'action-hint' : '', invalid ? 'action-error' : '']
      .filter(Boolean)
      .join(' ')
    return html`<form novalidate @submit=${this.submit} aria-busy=${this.busy ? 'true' : 'false'}>
      <h2 id="action-title">${this.t(spec.title)}</h2>
      ${spec.intro ? html`<p>${this.t(spec.intro)}</p>` : nothing}
      ${
        action === 'complete' && this.request?.type === 'erase'
          ? html`<p class="warning">${this.t('completeEraseWarning')}</p>`
          : nothing
      }
      <div role="alert" class="alert ${this.dialogAlert ? 'shown' : ''}">${this.dialogAlert}</div>
      <div class="field">
        <label for="action-text">${this.t(spec.label)}</label>
        ${spec.hint ? html`<p class="hint" id="action-hint">${this.t(spec.hint)}</p>` : nothing}
        <textarea
          id="action-text"
          name=${spec.field}
          maxlength=${spec.max}
          ?required=${spec.required}
          .value=${this.text}
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          @input=${(e: Event) => (this.text = (e.target as HTMLTextAreaElement).value)}
        ></textarea>
        ${invalid ? html`<p class="error" id="action-error">${this.fieldError}</p>` : nothing}
      </div>
      <div class="buttons">
        <button class="primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? this.t('working') : this.t(action === 'verify' ? 'verify' : action)}
        </button>
        <button class="secondary" type="button" @click=${this.closeDialog}>${this.t('cancel')}</button>
      </div>
    </form>`
  }

  override render() {
    const r = this.request
    return html`<section class="card" aria-labelledby="request-title">
      <h1 id="request-title" tabindex="-1">${this.t('detailTitle', { id: this.requestId })}</h1>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      ${
        r && !this.missing
          ? html`${this.facts(r)} ${this.actions(r)}
              <h2>${this.t('history')}</h2>
              ${
                r.history.length
                  ? html`<ol class="history">
                      ${r.history.map((h) => this.historyLine(h))}
                    </ol>`
                  : html`<p>${this.t('noHistory')}</p>`
              }`
          : this.missing || this.alert
            ? nothing
            : html`<p>${this.t('loading')}</p>`
      }
      <p class="status" role="status">${this.status}</p>
      <dialog aria-labelledby="action-title" @close=${() => (this.action = null)}>
        ${this.dialogContent()}
      </dialog>
    </section>`
  }
}

if (!customElements.get(REQUEST_DETAIL_TAG))
  customElements.define(REQUEST_DETAIL_TAG, TesseraConsoleRequestDetail)

declare global {
  interface HTMLElementTagNameMap {
    [REQUEST_DETAIL_TAG]: TesseraConsoleRequestDetail
  }
}
