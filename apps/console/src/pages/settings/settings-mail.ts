import { html, nothing } from 'lit'
import { TIME_OF_DAY, isTimeZone } from './api.js'
import type { TenantDocument, TenantPatch } from './api.js'
import { SettingsSection } from './settings-section.js'
import type { Values } from './settings-section.js'

export const SETTINGS_MAIL_TAG = 'tessera-console-settings-mail'

const QUIET = ['settings.quietHours.start', 'settings.quietHours.end', 'settings.quietHours.timezone']

/** Newsletters: quiet hours (off, or from–until in a time zone) and the sending rate. */
export class TesseraConsoleSettingsMail extends SettingsSection {
  protected readonly savedMessage = 'mailSaved' as const

  protected read({ settings: s }: TenantDocument): Values {
    return {
      'settings.quietHours': s.quietHours !== null,
      'settings.quietHours.start': s.quietHours?.start ?? '21:00',
      'settings.quietHours.end': s.quietHours?.end ?? '08:00',
      'settings.quietHours.timezone': s.quietHours?.timezone ?? s.timeZone,
      'settings.newsletterRatePerSecond': String(s.newsletterRatePerSecond),
    }
  }

  protected override placeOf(field: string) {
    return QUIET.includes(field) || field === 'settings.newsletterRatePerSecond'
      ? field
      : 'settings.quietHours'
  }

  protected override check(values: Values) {
    const errors = super.check(values)
    if (values['settings.quietHours'] === true) {
      for (const field of QUIET.slice(0, 2))
        if (!TIME_OF_DAY.test(String(values[field]))) errors[field] = this.t('notATime')
      if (!isTimeZone(String(values[QUIET[2]!]).trim())) errors[QUIET[2]!] = this.t('notATimeZone')
    }
    return errors
  }

  /** Quiet hours go as one object (or null), the rate as a number. */
  protected override changes(values: Values, baseline: Values): TenantPatch | null {
    const settings: NonNullable<TenantPatch['settings']> = {}
    const quiet = (v: Values) =>
      v['settings.quietHours'] === true
        ? {
            start: String(v[QUIET[0]!]),
            end: String(v[QUIET[1]!]),
            timezone: String(v[QUIET[2]!]).trim(),
          }
        : null
    if (JSON.stringify(quiet(values)) !== JSON.stringify(quiet(baseline))) settings.quietHours = quiet(values)
    if (values['settings.newsletterRatePerSecond'] !== baseline['settings.newsletterRatePerSecond'])
      settings.newsletterRatePerSecond = Number(values['settings.newsletterRatePerSecond'])
    return Object.keys(settings).length ? { settings } : null
  }

  override render() {
    const on = this.values?.['settings.quietHours'] === true
    return this.card(
      'mail',
      'mailTitle',
      'mailHint',
      html`${this.checkbox('settings.quietHours', this.t('quietHoursEnabled'))}
      ${
        on
          ? html`${this.textField('settings.quietHours.start', this.t('quietStart'), { type: 'time' })}
            ${this.textField('settings.quietHours.end', this.t('quietEnd'), { type: 'time' })}
            ${this.textField('settings.quietHours.timezone', this.t('quietZone'), {
              hint: this.t('timeZoneHint'),
            })}`
          : nothing
      }
      ${this.numberField('settings.newsletterRatePerSecond', 'newsletterRatePerSecond')}`
    )
  }
}

if (!customElements.get(SETTINGS_MAIL_TAG))
  customElements.define(SETTINGS_MAIL_TAG, TesseraConsoleSettingsMail)

declare global {
  interface HTMLElementTagNameMap {
    [SETTINGS_MAIL_TAG]: TesseraConsoleSettingsMail
  }
}
