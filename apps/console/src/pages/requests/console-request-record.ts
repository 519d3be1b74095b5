import { LitElement, html, nothing } from 'lit'
import { property, query, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError } from '../../api.js'
import type { Locale } from '../../messages.js'
import { consoleStyles } from '../../styles.js'
import { REQUEST_TYPES, recordRequest } from './api.js'
import type { RequestType } from './api.js'
import { t } from './messages.js'
import type { RequestsMessage } from './messages.js'
import { requestsStyles } from './styles.js'

export const REQUEST_RECORD_TAG = 'tessera-console-request-record'

type Field = 'memberEmail' | 'type' | 'channel' | 'receivedAt' | 'identityMethod' | 'message'
const FIELDS: readonly Field[] = ['memberEmail', 'type', 'channel', 'receivedAt', 'identityMethod', 'message']

/** `2026-07-03` in the browser's zone. */
const localDate = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`

/**
 * The received day as the API wants it: now when it is today (a later hour would be in the future),
 * else midday in the browser's zone, so the day stays the same in any tenant zone within ±12 hours.
 */
function receivedAtOf(day: string, now: Date) {
  if (day === localDate(now)) return now.toISOString()
  return new Date(`${day}T12:00:00`).toISOString()
}

/** What the recorded request's event carries. */
export interface RequestRecordedDetail {
  id: string
  dueAt: string
  /** `completed` when the API answered it at once (access or export of a known, verified member). */
  status: string
}

/**
 * "Record a request": a modal dialog with the form for a request received by e-mail or letter
 * (`POST /v1/admin/requests`): requester's address, type, channel, day received, how identity was
 * checked, what they wrote. A 422's fields are shown next to their inputs (the first one focused), a 409
 * (a deletion already open) in the dialog's alert. Fires `request-recorded` (detail: id, dueAt) and
 * closes; fires `console-session-ended` on 401.
 */
export class TesseraConsoleRequestRecord extends LitElement {
  static override styles = [consoleStyles, requestsStyles]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  /** The clock (tests and stories set it). */
  @property({ attribute: false }) now: () => Date = () => new Date()

  @state() private values: Record<Field, string> = this.blank()
  @state() private errors: Partial<Record<Field, string>> = {}
  @state() private alert = ''
  @state() private busy = false

  @query('dialog') private dialog!: HTMLDialogElement

  private t(key: RequestsMessage, vars?: Record<string, string>) {
    return t(this.locale, key, vars)
  }

  private blank(): Record<Field, string> {
    return {
      memberEmail: '',
      type: 'access',
      channel: 'email',
      receivedAt: localDate(this.now?.() ?? new Date()),
      identityMethod: '',
      message: '',
    }
  }

  /** Opens the dialog with an empty form. */
  async open() {
    this.values = this.blank()
    this.errors = {}
    this.alert = ''
    await this.updateComplete
    if (!this.dialog.open) this.dialog.showModal()
    this.renderRoot.querySelector<HTMLElement>('#record-memberEmail')?.focus()
  }

  close() {
    if (this.dialog?.open) this.dialog.close()
  }

  private set(field: Field, value: string) {
    this.values = { ...this.values, [field]: value }
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault()
    if (this.busy) return
    this.alert = ''
    const v = this.values
    const errors: typeof this.errors = {}
    if (!v.memberEmail.trim()) errors.memberEmail = this.t('required')
    if (!v.receivedAt) errors.receivedAt = this.t('required')
    this.errors = errors
    if (Object.keys(errors).length) {
      this.alert = this.t('fixFields')
      await this.focusFirstError()
      return
    }
    this.busy = true
    try {
      const created = await recordRequest(this.api, {
        memberEmail: v.memberEmail.trim(),
        type: v.type as RequestType,
        channel: v.channel as 'email' | 'letter',
        receivedAt: receivedAtOf(v.receivedAt, this.now()),
        ...(v.identityMethod.trim() ? { identityMethod: v.identityMethod.trim() } : {}),
        ...(v.message.trim() ? { details: { message: v.message.trim() } } : {}),
      })
      this.close()
      this.dispatchEvent(
        new CustomEvent<RequestRecordedDetail>('request-recorded', {
          detail: { id: created.id, dueAt: created.dueAt, status: created.status },
          bubbles: true,
          composed: true,
        })
      )
    } catch (error) {
      await this.failed(error)
    } finally {
      this.busy = false
    }
  }

  private async failed(error: unknown) {
    if (error instanceof ConsoleApiError && error.status === 401) {
      this.close()
      this.dispatchEvent(new CustomEvent('console-session-ended', { bubbles: true, composed: true }))
    } else if (error instanceof ConsoleApiError && error.status === 422 && error.errors.length) {
      const found: typeof this.errors = {}
      const elsewhere: string[] = []
      for (const e of error.errors) {
        const field = (e.field === 'details.message' ? 'message' : e.field) as Field
        if (FIELDS.includes(field)) found[field] ??= e.message
        else elsewhere.push(e.message)
      }
      this.errors = found
      this.alert = [this.t('fixFields'), ...elsewhere].join(' ')
      await this.focusFirstError()
    } else if (error instanceof ConsoleApiError && error.status !== 0) {
      this.alert =
        error.status === 409
          ? this.t('conflict', { detail: error.detail ?? error.title })
          : (error.detail ?? error.title)
    } else {
      this.alert = this.t('networkError')
    }
  }

  private async focusFirstError() {
    await this.updateComplete
    const first = FIELDS.find((f) => this.errors[f])
    const id = first === 'channel' ? 'record-channel-email' : `record-${first}`
    if (first) this.renderRoot.querySelector<HTMLElement>(`#${id}`)?.focus()
  }

  /** The ids an input is described by: its hint and, when at fault, its error. */
  private describedBy(field: Field, hint: boolean) {
    return (
      [hint ? `record-${field}-hint` : '', this.errors[field] ? `record-${field}-error` : '']
        .filter(Boolean)
        .join(' ') || nothing
    )
  }

  private error(field: Field) {
    const message = this.errors[field]
    return message ? html`<p class="error" id="record-${field}-error">${message}</p>` : nothing
  }

  private input(field: Field, label: RequestsMessage, type: string, hint?: RequestsMessage) {
    return html`<div class="field">
      <label for="record-${field}">${this.t(label)}</label>
      ${hint ? html`<p class="hint" id="record-${field}-hint">${this.t(hint)}</p>` : nothing}
      <input
        id="record-${field}"
        name=${field}
        type=${type}
        maxlength=${field === 'memberEmail' ? 254 : 200}
        .value=${this.values[field]}
        max=${type === 'date' ? localDate(this.now()) : nothing}
        autocomplete="off"
        aria-invalid=${this.errors[field] ? 'true' : 'false'}
        aria-describedby=${this.describedBy(field, !!hint)}
        @input=${(e: Event) => this.set(field, (e.target as HTMLInputElement).value)}
      />
      ${this.error(field)}
    </div>`
  }

  override render() {
    return html`<dialog aria-labelledby="record-title" @close=${() => (this.alert = '')}>
      <form novalidate @submit=${this.submit} aria-busy=${this.busy ? 'true' : 'false'}>
        <h2 id="record-title">${this.t('recordTitle')}</h2>
        <p class="hint">${this.t('recordIntro')}</p>
        <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
        ${this.input('memberEmail', 'memberEmail', 'email', 'memberEmailHint')}
        <div class="field">
          <label for="record-type">${this.t('requestType')}</label>
          <select
            id="record-type"
            name="type"
            aria-invalid=${this.errors.type ? 'true' : 'false'}
            aria-describedby=${this.describedBy('type', false)}
            @change=${(e: Event) => this.set('type', (e.target as HTMLSelectElement).value)}
          >
            ${REQUEST_TYPES.map(
              (type) =>
                html`<option value=${type} ?selected=${this.values.type === type}>
                  ${this.t(`type.${type}`)}
                </option>`
            )}
          </select>
          ${this.error('type')}
        </div>
        <fieldset aria-describedby=${this.describedBy('channel', false)}>
          <legend>${this.t('channel')}</legend>
          ${(['email', 'letter'] as const).map(
            (channel) =>
              html`<label class="inline">
                <input
                  type="radio"
                  name="channel"
                  id="record-channel-${channel}"
                  value=${channel}
                  .checked=${this.values.channel === channel}
                  @change=${() => this.set('channel', channel)}
                />
                ${this.t(`channel.${channel}`)}
              </label>`
          )}
          ${this.error('channel')}
        </fieldset>
        ${this.input('receivedAt', 'receivedAt', 'date', 'receivedHint')}
        ${this.input('identityMethod', 'identityMethod', 'text', 'identityHint')}
        <div class="field">
          <label for="record-message">${this.t('message')}</label>
          <textarea
            id="record-message"
            name="message"
            maxlength="5000"
            .value=${this.values.message}
            aria-invalid=${this.errors.message ? 'true' : 'false'}
            aria-describedby=${this.describedBy('message', false)}
            @input=${(e: Event) => this.set('message', (e.target as HTMLTextAreaElement).value)}
          ></textarea>
          ${this.error('message')}
        </div>
        <div class="buttons">
          <button class="primary" type="submit" ?disabled=${this.busy}>
            ${this.busy ? this.t('saving') : this.t('save')}
          </button>
          <button class="secondary" type="button" @click=${() => this.close()}>${this.t('cancel')}</button>
        </div>
      </form>
    </dialog>`
  }
}

if (!customElements.get(REQUEST_RECORD_TAG))
  customElements.define(REQUEST_RECORD_TAG, TesseraConsoleRequestRecord)

declare global {
  interface HTMLElementTagNameMap {
    [REQUEST_RECORD_TAG]: TesseraConsoleRequestRecord
  }
}
