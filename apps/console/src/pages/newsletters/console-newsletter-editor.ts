import { LitElement, html, nothing } from 'lit'
import type { PropertyValues } from 'lit'
import { property, state } from 'lit/decorators.js'
import { ConsoleApi, ConsoleApiError } from '../../api.js'
import type { Locale } from '../../messages.js'
import { consoleStyles } from '../../styles.js'
import { BODY_MAX, CAMPAIGN_LOCALES, SUBJECT_MAX, newslettersApi } from './api.js'
import type { Campaign, CampaignContent, CampaignLocale } from './api.js'
import { t } from './messages.js'
import type { NewsletterMessage } from './messages.js'
import { failureText, newsletterStyles } from './shared.js'

export const NEWSLETTER_EDITOR_TAG = 'tessera-console-newsletter-editor'

/** The detail of `newsletter-saved`: the campaign and the ETag of the version saved. */
export interface SavedCampaign {
  campaign: Campaign
  etag: string | null
}

type Draft = { name: string; content: Record<CampaignLocale, { subject: string; body: string }> }

/** Field ids in the order they appear (the first one at fault gets the focus). */
const FIELD_ORDER = ['name', 'content', ...CAMPAIGN_LOCALES.flatMap((l) => [l, `${l}-subject`, `${l}-body`])]

/** The API's field path (`content.en.body`) → the id of the element showing it (`en-body`). */
function fieldId(path: string): string | null {
  if (path === 'name' || path === 'content') return path
  const match = /^content\.(en|ko)(?:\.(subject|body))?$/.exec(path)
  if (!match) return null
  return match[2] ? `${match[1]}-${match[2]}` : match[1]!
}

function draftOf(campaign: Campaign | null): Draft {
  const content = Object.fromEntries(
    CAMPAIGN_LOCALES.map((l) => [
      l,
      { subject: campaign?.content[l]?.subject ?? '', body: campaign?.content[l]?.body ?? '' },
    ])
  ) as Draft['content']
  return { name: campaign?.name ?? '', content }
}

/**
 * Composes a campaign (no `campaign`: `POST …/campaigns`) or edits a draft or scheduled one
 * (`PATCH …/campaigns/:id`): an internal name, then a subject and a Markdown body per locale; a
 * locale left empty is not sent in. The API refuses hostile Markdown (raw HTML, scripts, iframes,
 * images, links other than https/mailto) by field; each refusal is shown beside its field. Fires
 * `newsletter-saved` (detail: the campaign and its ETag) after a save. An edit sends the ETag of the
 * version loaded (If-Match): when someone else saved meanwhile (412) the draft stays in the form
 * and `newsletter-changed` asks for the current version only when staff choose to discard theirs;
 * 409 (already started) fires it at once.
 */
export class TesseraConsoleNewsletterEditor extends LitElement {
  static override styles = [consoleStyles, newsletterStyles]

  @property({ attribute: false }) api: ConsoleApi = new ConsoleApi(location.origin)
  @property() locale: Locale = 'en'
  /** The campaign to edit; null composes a new one. */
  @property({ attribute: false }) campaign: Campaign | null = null
  /** The ETag of `campaign` as loaded: an edit sends it as If-Match. */
  @property({ attribute: false }) etag: string | null = null

  @state() private draft: Draft = draftOf(null)
  /** Messages by field id. */
  @state() private errors: Record<string, string[]> = {}
  @state() private alert = ''
  @state() private status = ''
  @state() private busy = false
  /** Someone else changed the campaign (412): the draft stays until the current version is asked for. */
  @state() private stale = false
  private discardOnNextCampaign = false

  private m(key: NewsletterMessage, vars?: Record<string, string>) {
    return t(this.locale, key, vars)
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    const before = changed.get('campaign') as Campaign | null | undefined
    if (
      changed.has('campaign') &&
      (before === undefined || before?.id !== this.campaign?.id || this.discardOnNextCampaign)
    ) {
      this.draft = draftOf(this.campaign)
      this.errors = {}
      this.discardOnNextCampaign = false
      this.stale = false
    }
  }

  private set(path: 'name' | `${CampaignLocale}.${'subject' | 'body'}`, value: string) {
    if (path === 'name') this.draft = { ...this.draft, name: value }
    else {
      const [locale, part] = path.split('.') as [CampaignLocale, 'subject' | 'body']
      this.draft = {
        ...this.draft,
        content: { ...this.draft.content, [locale]: { ...this.draft.content[locale], [part]: value } },
      }
    }
  }

  /** The content to send: only the locales with something in them. */
  private content(): CampaignContent {
    const content: CampaignContent = {}
    for (const l of CAMPAIGN_LOCALES) {
      const { subject, body } = this.draft.content[l]
      if (subject.trim() || body.trim()) content[l] = { subject, body }
    }
    return content
  }

  /** What can be told without the API: missing halves and lengths (the API checks the Markdown). */
  private localErrors(): Record<string, string[]> {
    const errors: Record<string, string[]> = {}
    if (!this.draft.name.trim()) errors.name = [this.m('required')]
    for (const l of CAMPAIGN_LOCALES) {
      const { subject, body } = this.draft.content[l]
      if (!subject.trim() && !body.trim()) continue
      if (!subject.trim()) errors[`${l}-subject`] = [this.m('required')]
      else if (subject.length > SUBJECT_MAX)
        errors[`${l}-subject`] = [this.m('subjectTooLong', { max: String(SUBJECT_MAX) })]
      if (!body.trim()) errors[`${l}-body`] = [this.m('required')]
      else if (body.length > BODY_MAX)
        errors[`${l}-body`] = [this.m('bodyTooLong', { max: BODY_MAX.toLocaleString(this.locale) })]
    }
    return errors
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault()
    if (this.busy) return
    this.alert = ''
    this.status = ''
    this.errors = this.localErrors()
    if (Object.keys(this.errors).length) {
      this.alert = this.m('fixFields')
      await this.focusFirstError()
      return
    }
    this.busy = true
    const calls = newslettersApi(this.api)
    try {
      const draft = { name: this.draft.name, content: this.content() }
      const saved: SavedCampaign = this.campaign
        ? await calls.update(this.campaign.id, draft, this.etag)
        : { campaign: await calls.create(draft), etag: null }
      this.status = this.m(this.campaign ? 'saved' : 'created')
      this.dispatchEvent(
        new CustomEvent<SavedCampaign>('newsletter-saved', { detail: saved, bubbles: true, composed: true })
      )
    } catch (error) {
      if (error instanceof ConsoleApiError && error.status === 422 && error.errors.length) {
        const found: Record<string, string[]> = {}
        const elsewhere: string[] = []
        for (const e of error.errors) {
          const id = fieldId(e.field)
          if (id) (found[id] ??= []).push(e.message)
          else elsewhere.push(e.message)
        }
        this.errors = found
        this.alert = [this.m('fixFields'), ...elsewhere].join(' ')
        await this.focusFirstError()
      } else if (error instanceof ConsoleApiError && error.status === 412) {
        this.stale = true
        this.alert = this.m('changedMeanwhile')
        await this.updateComplete
        this.renderRoot.querySelector<HTMLElement>('#reload')?.focus()
      } else {
        const text = failureText(this, this.locale, error)
        if (text) this.alert = text
        if (error instanceof ConsoleApiError && error.status === 409)
          this.dispatchEvent(new CustomEvent('newsletter-changed', { bubbles: true, composed: true }))
      }
    } finally {
      this.busy = false
    }
  }

  /** Drops the draft for the version someone else saved. */
  private reload() {
    this.discardOnNextCampaign = true
    this.alert = ''
    this.dispatchEvent(new CustomEvent('newsletter-changed', { bubbles: true, composed: true }))
  }

  private async focusFirstError() {
    await this.updateComplete
    const first = FIELD_ORDER.find((id) => this.errors[id])
    if (!first) return
    // A locale-wide error sits on its fieldset: focus the locale's subject.
    const target =
      first === 'content'
        ? `${CAMPAIGN_LOCALES[0]}-subject`
        : /^(en|ko)$/.test(first)
          ? `${first}-subject`
          : first
    this.renderRoot.querySelector<HTMLElement>(`#${target}`)?.focus()
  }

  /** The error paragraph (or list) of a field, with the id its input points to. */
  private errorOf(id: string) {
    const messages = this.errors[id]
    if (!messages) return nothing
    return messages.length === 1
      ? html`<p class="error" id="${id}-error">${messages[0]}</p>`
      : html`<ul class="error" id="${id}-error">
          ${messages.map((m) => html`<li>${m}</li>`)}
        </ul>`
  }

  private describedBy(id: string, hint?: string) {
    return [hint, this.errors[id] ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing
  }

  private localeFields(l: CampaignLocale) {
    const entry = this.draft.content[l]
    const subjectId = `${l}-subject`
    const bodyId = `${l}-body`
    const localeError = this.errors[l]
    return html`<fieldset aria-describedby=${localeError ? `${l}-hint ${l}-error` : `${l}-hint`}>
      <legend>${this.m(`locale.${l}`)}</legend>
      <p class="hint" id="${l}-hint">${this.m('localeHint')}</p>
      ${this.errorOf(l)}
      <div class="field">
        <label for=${subjectId}>${this.m('subject')}</label>
        <input
          id=${subjectId}
          name=${subjectId}
          autocomplete="off"
          .value=${entry.subject}
          aria-invalid=${this.errors[subjectId] ? 'true' : 'false'}
          aria-describedby=${this.describedBy(subjectId, l === CAMPAIGN_LOCALES[0] && this.errors.content ? 'content-error' : '')}
          @input=${(e: Event) => this.set(`${l}.subject`, (e.target as HTMLInputElement).value)}
        />
        ${this.errorOf(subjectId)}
      </div>
      <div class="field">
        <label for=${bodyId}>${this.m('body')}</label>
        <p class="hint" id="${bodyId}-hint">${this.m('bodyHint')}</p>
        <textarea
          id=${bodyId}
          name=${bodyId}
          spellcheck="true"
          .value=${entry.body}
          aria-invalid=${this.errors[bodyId] ? 'true' : 'false'}
          aria-describedby=${this.describedBy(bodyId, `${bodyId}-hint ${bodyId}-count`)}
          @input=${(e: Event) => this.set(`${l}.body`, (e.target as HTMLTextAreaElement).value)}
        ></textarea>
        <p class="hint" id="${bodyId}-count">
          ${this.m('bodyCount', {
            count: entry.body.length.toLocaleString(this.locale),
            max: BODY_MAX.toLocaleString(this.locale),
          })}
        </p>
        ${this.errorOf(bodyId)}
      </div>
    </fieldset>`
  }

  override render() {
    return html`<form novalidate @submit=${this.submit} aria-busy=${this.busy ? 'true' : 'false'}>
      <h2 id="editor-title">${this.m(this.campaign ? 'editTitle' : 'composeTitle')}</h2>
      <div role="alert" class="alert ${this.alert ? 'shown' : ''}">${this.alert}</div>
      ${
        this.stale
          ? html`<p>
              <button class="secondary" type="button" id="reload" @click=${this.reload}>
                ${this.m('loadCurrent')}
              </button>
            </p>`
          : nothing
      }
      <div class="field">
        <label for="name">${this.m('name')}</label>
        <p class="hint" id="name-hint">${this.m('nameHint')}</p>
        <input
          id="name"
          name="name"
          autocomplete="off"
          .value=${this.draft.name}
          aria-invalid=${this.errors.name ? 'true' : 'false'}
          aria-describedby=${this.describedBy('name', 'name-hint')}
          @input=${(e: Event) => this.set('name', (e.target as HTMLInputElement).value)}
        />
        ${this.errorOf('name')}
      </div>
      ${this.errorOf('content')} ${CAMPAIGN_LOCALES.map((l) => this.localeFields(l))}
      <button class="primary" type="submit" ?disabled=${this.busy}>
        ${this.busy ? this.m('saving') : this.m(this.campaign ? 'save' : 'create')}
      </button>
      <p class="status" role="status">${this.status}</p>
    </form>`
  }
}

if (!customElements.get(NEWSLETTER_EDITOR_TAG))
  customElements.define(NEWSLETTER_EDITOR_TAG, TesseraConsoleNewsletterEditor)

declare global {
  interface HTMLElementTagNameMap {
    [NEWSLETTER_EDITOR_TAG]: TesseraConsoleNewsletterEditor
  }
}
