import { html } from 'lit'
import type { TenantDocument } from './api.js'
import { SettingsSection } from './settings-section.js'
import type { Values } from './settings-section.js'

export const SETTINGS_DORMANCY_TAG = 'tessera-console-settings-dormancy'

/** Dormant accounts: on or off, after how long, the notice before, when dormant data is destroyed. */
export class TesseraConsoleSettingsDormancy extends SettingsSection {
  protected readonly savedMessage = 'dormancySaved' as const

  protected read({ settings: s }: TenantDocument): Values {
    return {
      'settings.dormancyEnabled': s.dormancyEnabled,
      'settings.dormancyDays': String(s.dormancyDays),
      'settings.dormancyNoticeDays': String(s.dormancyNoticeDays),
      'settings.dormantDestroyYears': String(s.dormantDestroyYears),
    }
  }

  override render() {
    return this.card(
      'dormancy',
      'dormancyTitle',
      'dormancyHint',
      html`${this.checkbox('settings.dormancyEnabled', this.t('dormancyEnabled'))}
      ${this.numberField('settings.dormancyDays', 'dormancyDays')}
      ${this.numberField('settings.dormancyNoticeDays', 'dormancyNoticeDays')}
      ${this.numberField('settings.dormantDestroyYears', 'dormantDestroyYears')}`
    )
  }
}

if (!customElements.get(SETTINGS_DORMANCY_TAG))
  customElements.define(SETTINGS_DORMANCY_TAG, TesseraConsoleSettingsDormancy)

declare global {
  interface HTMLElementTagNameMap {
    [SETTINGS_DORMANCY_TAG]: TesseraConsoleSettingsDormancy
  }
}
