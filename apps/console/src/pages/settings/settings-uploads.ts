import { html } from 'lit'
import type { TenantDocument } from './api.js'
import { SettingsSection } from './settings-section.js'
import type { Values } from './settings-section.js'

export const SETTINGS_UPLOADS_TAG = 'tessera-console-settings-uploads'

/** What members may upload: formats, size and count limits, DICOM with burned-in annotation. */
export class TesseraConsoleSettingsUploads extends SettingsSection {
  protected readonly savedMessage = 'uploadsSaved' as const

  protected read({ settings: s }: TenantDocument): Values {
    return {
      'settings.uploadTypes': [...s.uploadTypes],
      'settings.uploadMaxMegabytes': String(s.uploadMaxMegabytes),
      'settings.uploadMaxFiles': String(s.uploadMaxFiles),
      'settings.burnedInAnnotation': s.burnedInAnnotation,
    }
  }

  protected override placeOf(field: string) {
    return field.startsWith('settings.uploadTypes') ? 'settings.uploadTypes' : field
  }

  protected override check(values: Values) {
    const errors = super.check(values)
    if (!(values['settings.uploadTypes'] as string[]).length)
      errors['settings.uploadTypes'] = this.t('uploadTypesNone')
    return errors
  }

  override render() {
    return this.card(
      'uploads',
      'uploadsTitle',
      'uploadsHint',
      html`${this.choices('settings.uploadTypes', this.t('uploadTypes'), [
        ['dicom', this.t('uploadType_dicom')],
        ['png', this.t('uploadType_png')],
        ['jpeg', this.t('uploadType_jpeg')],
      ])}
      ${this.numberField('settings.uploadMaxMegabytes', 'uploadMaxMegabytes')}
      ${this.numberField('settings.uploadMaxFiles', 'uploadMaxFiles')}
      ${this.select('settings.burnedInAnnotation', this.t('burnedInAnnotation'), [
        ['reject', this.t('burnedIn_reject')],
        ['warn', this.t('burnedIn_warn')],
      ])}`
    )
  }
}

if (!customElements.get(SETTINGS_UPLOADS_TAG))
  customElements.define(SETTINGS_UPLOADS_TAG, TesseraConsoleSettingsUploads)

declare global {
  interface HTMLElementTagNameMap {
    [SETTINGS_UPLOADS_TAG]: TesseraConsoleSettingsUploads
  }
}
