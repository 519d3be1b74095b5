import { html } from 'lit'
import type { TenantDocument } from './api.js'
import { SettingsSection } from './settings-section.js'
import type { FieldValue, Values } from './settings-section.js'

export const SETTINGS_ORGANISATION_TAG = 'tessera-console-settings-organisation'

/** An http(s) address, as the API's `url` rule takes it (with the scheme). */
function isWebsite(value: string) {
  try {
    const url = new URL(value)
    return ['http:', 'https:'].includes(url.protocol) && /^https?:\/\//i.test(value) && value.length <= 2048
  } catch {
    return false
  }
}

/**
 * Country (decides, with the visitor's country, whether cookies are asked for first; checked against
 * ISO 3166-1 by the API) and the website shown in the policy (optional).
 */
export class TesseraConsoleSettingsOrganisation extends SettingsSection {
  protected readonly savedMessage = 'organisationSaved' as const

  protected read(tenant: TenantDocument): Values {
    return { country: tenant.country, website: tenant.website ?? '' }
  }

  protected override check(values: Values) {
    const errors: Record<string, string> = {}
    if (!/^[A-Za-z]{2}$/.test(String(values.country).trim())) errors.country = this.t('notACountry')
    const website = String(values.website).trim()
    if (website && !isWebsite(website)) errors.website = this.t('notAWebsite')
    return errors
  }

  protected override toApi(field: string, value: FieldValue) {
    const text = String(value).trim()
    if (field === 'country') return text.toUpperCase()
    return text || null
  }

  override render() {
    return this.card(
      'organisation',
      'organisationTitle',
      'organisationHint',
      html`${this.textField('country', this.t('country'), { hint: this.t('countryHint'), autocomplete: 'country' })}
      ${this.textField('website', this.t('website'), {
        hint: this.t('websiteHint'),
        type: 'url',
        inputmode: 'url',
        autocomplete: 'url',
      })}`
    )
  }
}

if (!customElements.get(SETTINGS_ORGANISATION_TAG))
  customElements.define(SETTINGS_ORGANISATION_TAG, TesseraConsoleSettingsOrganisation)

declare global {
  interface HTMLElementTagNameMap {
    [SETTINGS_ORGANISATION_TAG]: TesseraConsoleSettingsOrganisation
  }
}
