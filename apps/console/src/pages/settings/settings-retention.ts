import { html } from 'lit'
import type { TenantDocument } from './api.js'
import { SettingsSection } from './settings-section.js'
import type { Values } from './settings-section.js'
import { isTimeZone } from './api.js'

export const SETTINGS_RETENTION_TAG = 'tessera-console-settings-retention'

/** Retention periods, notice periods, the privacy-request deadline, cookie rules and the time zone. */
export class TesseraConsoleSettingsRetention extends SettingsSection {
  protected readonly savedMessage = 'retentionSaved' as const

  protected read({ settings: s }: TenantDocument): Values {
    return {
      'settings.imageRetentionHours': String(s.imageRetentionHours),
      'settings.usageRecordDays': String(s.usageRecordDays),
      'settings.privacyRequestDeadlineDays': String(s.privacyRequestDeadlineDays),
      'settings.minorNoticeDays': String(s.minorNoticeDays),
      'settings.significantNoticeDays': String(s.significantNoticeDays),
      'settings.notifyMinorChangesByEmail': s.notifyMinorChangesByEmail,
      'settings.cookieConsentMonths': String(s.cookieConsentMonths),
      'settings.cookieRegimeDefault': s.cookieRegimeDefault,
      'settings.timeZone': s.timeZone,
    }
  }

  protected override check(values: Values) {
    const errors = super.check(values)
    if (!isTimeZone(String(values['settings.timeZone']).trim()))
      errors['settings.timeZone'] = this.t('notATimeZone')
    return errors
  }

  protected override toApi(field: string, value: string | boolean | string[]) {
    return field === 'settings.timeZone' ? String(value).trim() : super.toApi(field, value)
  }

  override render() {
    return this.card(
      'retention',
      'retentionTitle',
      'retentionHint',
      html`${this.numberField('settings.imageRetentionHours', 'imageRetentionHours')}
      ${this.numberField('settings.usageRecordDays', 'usageRecordDays')}
      ${this.numberField('settings.privacyRequestDeadlineDays', 'privacyRequestDeadlineDays')}
      ${this.numberField('settings.minorNoticeDays', 'minorNoticeDays')}
      ${this.numberField('settings.significantNoticeDays', 'significantNoticeDays')}
      ${this.checkbox('settings.notifyMinorChangesByEmail', this.t('notifyMinorChangesByEmail'))}
      ${this.numberField('settings.cookieConsentMonths', 'cookieConsentMonths')}
      ${this.select('settings.cookieRegimeDefault', this.t('cookieRegimeDefault'), [
        ['opt_in', this.t('regime_opt_in')],
        ['opt_out', this.t('regime_opt_out')],
      ])}
      ${this.textField('settings.timeZone', this.t('timeZone'), { hint: this.t('timeZoneHint') })}`
    )
  }
}

if (!customElements.get(SETTINGS_RETENTION_TAG))
  customElements.define(SETTINGS_RETENTION_TAG, TesseraConsoleSettingsRetention)

declare global {
  interface HTMLElementTagNameMap {
    [SETTINGS_RETENTION_TAG]: TesseraConsoleSettingsRetention
  }
}
