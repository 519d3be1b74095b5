import { css, html, nothing } from 'lit'
import { state } from 'lit/decorators.js'
import { MAX_ORIGINS, isOrigin } from './api.js'
import type { TenantDocument } from './api.js'
import { SettingsSection, idOf, sectionStyles } from './settings-section.js'
import type { Values } from './settings-section.js'
import { consoleStyles } from '../../styles.js'

export const SETTINGS_ORIGINS_TAG = 'tessera-console-settings-origins'

/**
 * The allowed origins, a list editor: add (checked as the API checks: an origin, not a URL with a path;
 * not twice; at most 20), remove, then save the list. An API error about `allowedOrigins.2` shows beside
 * that row.
 */
export class TesseraConsoleSettingsOrigins extends SettingsSection {
  static override styles = [
    consoleStyles,
    sectionStyles,
    css`
      ul {
        list-style: none;
        margin: 0 0 1rem;
        padding: 0;
      }
      li {
        padding: 0.375rem 0;
        border-bottom: 1px solid #e1e6eb;
      }
      li code {
        flex: 1 1 14rem;
        overflow-wrap: anywhere;
      }
    `,
  ]
  protected readonly savedMessage = 'originsSaved' as const

  @state() private draft = ''

  protected read(tenant: TenantDocument): Values {
    return { allowedOrigins: [...tenant.allowedOrigins] }
  }

  protected override owns(field: string) {
    return field === 'allowedOrigins' || field.startsWith('allowedOrigins.') || field === 'newOrigin'
  }

  protected override check(values: Values) {
    const errors: Record<string, string> = {}
    const list = values.allowedOrigins as string[]
    if (list.length > MAX_ORIGINS)
      errors.allowedOrigins = this.t('tooManyOrigins', { max: String(MAX_ORIGINS) })
    return errors
  }

  private async add(event: Event) {
    event.preventDefault()
    const origin = this.draft.trim()
    const list = this.values!.allowedOrigins as string[]
    const { newOrigin: _, ...rest } = this.errors
    let error = ''
    if (!isOrigin(origin)) error = this.t('notAnOrigin')
    else if (list.includes(origin)) error = this.t('duplicateOrigin')
    else if (list.length >= MAX_ORIGINS) error = this.t('tooManyOrigins', { max: String(MAX_ORIGINS) })
    if (error) {
      this.errors = { ...rest, newOrigin: error }
      await this.focusFirstError()
      return
    }
    this.errors = rest
    this.set('allowedOrigins', [...list, origin])
    this.draft = ''
  }

  private removeOrigin(index: number) {
    const list = [...(this.values!.allowedOrigins as string[])]
    list.splice(index, 1)
    // Row errors name positions: after a removal they no longer point at the right rows.
    this.errors = {}
    this.set('allowedOrigins', list)
  }

  override render() {
    const list = (this.values?.allowedOrigins as string[] | undefined) ?? []
    const newError = this.errors.newOrigin
    return this.card(
      'origins',
      'originsTitle',
      'originsHint',
      html`${
        list.length
          ? html`<ul aria-labelledby="origins-title">
              ${list.map((origin, i) => {
                const field = `allowedOrigins.${i}`
                const error = this.errors[field]
                return html`<li>
                  <div class="row">
                    <code
                      id=${idOf(field)}
                      tabindex=${error ? '-1' : nothing}
                      ?data-error=${!!error}
                      aria-describedby=${error ? `${idOf(field)}-error` : nothing}
                      >${origin}</code
                    >
                    ${
                      this.canEdit
                        ? html`<button
                            type="button"
                            class="secondary"
                            aria-label=${this.t('removeOrigin', { origin })}
                            @click=${() => this.removeOrigin(i)}
                          >
                            ${this.t('remove')}
                          </button>`
                        : nothing
                    }
                  </div>
                  ${this.errorOf(field)}
                </li>`
              })}
            </ul>`
          : html`<p>${this.t('originsEmpty')}</p>`
      }
      ${this.errorOf('allowedOrigins')}
      ${
        this.canEdit
          ? html`<div class="field">
              <label for="new-origin">${this.t('newOrigin')}</label>
              <div class="row">
                <input
                  id="new-origin"
                  name="newOrigin"
                  type="url"
                  inputmode="url"
                  autocomplete="off"
                  placeholder="https://clinic.example"
                  .value=${this.draft}
                  aria-invalid=${newError ? 'true' : 'false'}
                  aria-describedby=${newError ? 'newOrigin-error' : nothing}
                  @input=${(e: Event) => (this.draft = (e.target as HTMLInputElement).value)}
                  @keydown=${(e: KeyboardEvent) => {
                    if (e.key === 'Enter') void this.add(e)
                  }}
                />
                <button type="button" class="secondary add" @click=${this.add}>${this.t('add')}</button>
              </div>
              ${this.errorOf('newOrigin')}
            </div>`
          : nothing
      }`
    )
  }
}

if (!customElements.get(SETTINGS_ORIGINS_TAG))
  customElements.define(SETTINGS_ORIGINS_TAG, TesseraConsoleSettingsOrigins)

declare global {
  interface HTMLElementTagNameMap {
    [SETTINGS_ORIGINS_TAG]: TesseraConsoleSettingsOrigins
  }
}
