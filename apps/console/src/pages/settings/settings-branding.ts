import { css, html, nothing } from 'lit'
import { property, state } from 'lit/decorators.js'
import { consoleStyles } from '../../styles.js'
import { FONT_FAMILY, HEX_COLOR, LOGO_TYPES, MAX_LOGO_BYTES, RADIUS } from './api.js'
import type { TenantDocument } from './api.js'
import type { PolicyPurpose } from '../purposes/api.js'
import { SettingsSection, sectionStyles } from './settings-section.js'
import type { Values } from './settings-section.js'
import { PREVIEW_TOKENS } from './settings-preview.js'
import type { PreviewTheme } from './settings-preview.js'
import './settings-preview.js'

export const SETTINGS_BRANDING_TAG = 'tessera-console-settings-branding'

const COLORS = ['primaryColor', 'accentColor', 'textColor', 'backgroundColor'] as const

/** Uploads the logo (PUT with If-Match); resolves once the page has the new settings. */
export type UploadLogo = (image: File) => Promise<void>

/**
 * Branding: the four colours, font and radius (checked as the API checks them), the logo, and a live
 * preview of the real widgets with the values being typed (only valid ones are applied).
 */
export class TesseraConsoleSettingsBranding extends SettingsSection {
  static override styles = [
    consoleStyles,
    sectionStyles,
    css`
      .color {
        display: flex;
        gap: 0.5rem;
        align-items: center;
      }
      .grow {
        flex: 1;
      }
      .swatch {
        flex: 0 0 2.25rem;
        height: 2.25rem;
        border-radius: 4px;
        border: 1px solid #6b7785;
      }
      .logo img {
        max-width: 12rem;
        max-height: 4rem;
        display: block;
        margin: 0 0 0.5rem;
      }
      h3 {
        font-size: 1rem;
        margin: 1rem 0 0.5rem;
      }
    `,
  ]
  protected readonly savedMessage = 'brandingSaved' as const

  @property({ attribute: false }) uploadLogo: UploadLogo | null = null
  /** The purposes the consent form in the preview lists. */
  @property({ attribute: false }) purposes: PolicyPurpose[] | null = null
  /** The API's origin, which serves the logo. */
  @property({ attribute: false }) apiBase = location.origin
  /** A cache-busting suffix for the logo address (the page changes it after an upload). */
  @property({ attribute: false }) logoVersion = ''

  @state() private logoBusy = false
  private logoFile: File | null = null

  protected read({ branding: b }: TenantDocument): Values {
    return {
      'branding.primaryColor': b.primaryColor,
      'branding.accentColor': b.accentColor,
      'branding.textColor': b.textColor,
      'branding.backgroundColor': b.backgroundColor,
      'branding.fontFamily': b.fontFamily,
      'branding.radius': b.radius,
    }
  }

  private valid(field: string, value: string) {
    if (field === 'branding.fontFamily') return value.length <= 200 && FONT_FAMILY.test(value)
    if (field === 'branding.radius') return RADIUS.test(value)
    return HEX_COLOR.test(value)
  }

  protected override check(values: Values) {
    const errors: Record<string, string> = {}
    for (const [field, value] of Object.entries(values)) {
      if (this.valid(field, String(value).trim())) continue
      errors[field] = this.t(
        field === 'branding.fontFamily'
          ? 'notAFont'
          : field === 'branding.radius'
            ? 'notARadius'
            : 'notAColor'
      )
    }
    return errors
  }

  protected override toApi(_field: string, value: string | boolean | string[]) {
    return String(value).trim()
  }

  /** The preview's tokens: each valid value being typed, else the saved one. */
  private theme(): PreviewTheme {
    const theme: PreviewTheme = {}
    const saved = this.tenant ? this.read(this.tenant) : {}
    for (const [token, name] of Object.entries(PREVIEW_TOKENS) as [keyof PreviewTheme, string][]) {
      const field = `branding.${name}`
      const typed = String(this.values?.[field] ?? '').trim()
      const value = this.valid(field, typed) ? typed : String(saved[field] ?? '')
      if (value) theme[token] = value
    }
    return theme
  }

  /** Swatch colours through the CSSOM (the console's CSP refuses `style` attributes). */
  protected override updated() {
    for (const swatch of this.renderRoot.querySelectorAll<HTMLElement>('[data-swatch]'))
      swatch.style.background = swatch.dataset.color ?? 'transparent'
  }

  private chooseLogo(event: Event) {
    this.logoFile = (event.target as HTMLInputElement).files?.[0] ?? null
    const { logo: _, ...rest } = this.errors
    this.errors = rest
  }

  private async sendLogo() {
    if (this.logoBusy || !this.uploadLogo) return
    this.status = ''
    this.alert = ''
    const file = this.logoFile
    let error = ''
    if (!file) error = this.t('logoChoose')
    else if (!(LOGO_TYPES as readonly string[]).includes(file.type)) error = this.t('logoWrongType')
    else if (file.size > MAX_LOGO_BYTES) error = this.t('logoTooLarge')
    if (error || !file) {
      this.errors = { ...this.errors, logo: error }
      await this.focusFirstError()
      return
    }
    this.logoBusy = true
    try {
      await this.uploadLogo(file)
      this.status = this.t('logoUploaded')
    } catch (e) {
      await this.failed(e)
    } finally {
      this.logoBusy = false
    }
  }

  /** A 422 about the upload body (`body`: not really an image of that type) belongs to the logo. */
  protected override owns(field: string) {
    return field === 'body' || field === 'logo' || super.owns(field)
  }

  protected override placeOf(field: string) {
    return field === 'body' ? 'logo' : super.placeOf(field)
  }

  private colorField(name: (typeof COLORS)[number]) {
    const field = `branding.${name}`
    const value = String(this.values?.[field] ?? '')
    return html`<div class="color">
      <span
        class="swatch"
        aria-hidden="true"
        data-swatch=${name}
        data-color=${HEX_COLOR.test(value) ? value : 'transparent'}
      ></span>
      <div class="grow">${this.textField(field, this.t(name), { hint: this.t('colorHint') })}</div>
    </div>`
  }

  override render() {
    const logoKey = this.tenant?.branding.logoKey
    const logoError = this.errors.logo
    return html`${this.card(
        'branding',
        'brandingTitle',
        'brandingHint',
        html`${COLORS.map((c) => this.colorField(c))}
        ${this.textField('branding.fontFamily', this.t('fontFamily'), { hint: this.t('fontHint') })}
        ${this.textField('branding.radius', this.t('radius'), { hint: this.t('radiusHint') })}`
      )}
      <section class="card logo" aria-labelledby="logo-title">
        <h2 id="logo-title">${this.t('logo')}</h2>
        ${
          logoKey && this.tenant
            ? html`<img
                src="${this.apiBase}/v1/branding/${encodeURIComponent(this.tenant.id)}/logo${this.logoVersion ? `?v=${this.logoVersion}` : ''}"
                alt=${this.t('logoCurrent')}
              />`
            : html`<p>${this.t('logoNone')}</p>`
        }
        ${
          this.canEdit
            ? html`<div class="field">
                  <label for="logo">${this.t('logo')}</label>
                  <p class="hint" id="logo-hint">${this.t('logoHint')}</p>
                  <input
                    id="logo"
                    type="file"
                    accept=${LOGO_TYPES.join(',')}
                    aria-invalid=${logoError ? 'true' : 'false'}
                    aria-describedby=${logoError ? 'logo-hint logo-error' : 'logo-hint'}
                    @change=${this.chooseLogo}
                  />
                  ${this.errorOf('logo')}
                </div>
                <button
                  type="button"
                  class="secondary upload-logo"
                  ?disabled=${this.logoBusy}
                  @click=${this.sendLogo}
                >
                  ${this.logoBusy ? this.t('logoUploading') : this.t('logoUpload')}
                </button>`
            : nothing
        }
      </section>
      <section class="card" aria-labelledby="preview-title">
        <h2 id="preview-title">${this.t('previewTitle')}</h2>
        <p class="hint">${this.t('previewHint')}</p>
        <tessera-console-widget-preview
          .tenant=${this.tenant}
          .theme=${this.theme()}
          .purposes=${this.purposes}
          .locale=${this.locale}
          .label=${{ show: this.t('previewShowConsent'), hide: this.t('previewHideConsent') }}
        ></tessera-console-widget-preview>
      </section>`
  }
}

if (!customElements.get(SETTINGS_BRANDING_TAG))
  customElements.define(SETTINGS_BRANDING_TAG, TesseraConsoleSettingsBranding)

declare global {
  interface HTMLElementTagNameMap {
    [SETTINGS_BRANDING_TAG]: TesseraConsoleSettingsBranding
  }
}
