import { html } from 'lit'
import { SUPPORTED_LOCALES } from './api.js'
import type { TenantDocument } from './api.js'
import { SettingsSection } from './settings-section.js'
import type { Values } from './settings-section.js'

export const SETTINGS_LOCALES_TAG = 'tessera-console-settings-locales'

/** The languages offered and the default one (`locales`, `defaultLocale`). */
export class TesseraConsoleSettingsLocales extends SettingsSection {
  protected readonly savedMessage = 'localesSaved' as const

  protected read(tenant: TenantDocument): Values {
    return { locales: [...tenant.locales], defaultLocale: tenant.defaultLocale }
  }

  protected override check(values: Values) {
    const errors: Record<string, string> = {}
    const locales = values.locales as string[]
    if (!locales.length) errors.locales = this.t('localesNone')
    else if (!locales.includes(values.defaultLocale as string))
      errors.defaultLocale = this.t('defaultNotOffered')
    return errors
  }

  /** `locales.1` (an unknown locale) is shown beside the whole set. */
  protected override placeOf(field: string) {
    return field.startsWith('locales') ? 'locales' : field
  }

  override render() {
    const names = SUPPORTED_LOCALES.map((l): [string, string] => [l, this.t(`localeName_${l}`)])
    return this.card(
      'locales',
      'localesTitle',
      'localesHint',
      html`${this.choices('locales', this.t('localesOffered'), names)}
      ${this.select('defaultLocale', this.t('defaultLocale'), names)}`
    )
  }
}

if (!customElements.get(SETTINGS_LOCALES_TAG))
  customElements.define(SETTINGS_LOCALES_TAG, TesseraConsoleSettingsLocales)

declare global {
  interface HTMLElementTagNameMap {
    [SETTINGS_LOCALES_TAG]: TesseraConsoleSettingsLocales
  }
}
