import { DEFAULT_UPLOAD_LIMITS } from './upload-limits.js'
import type { WidgetConfig } from './types.js'

export type WidgetConfigPatch = { [K in keyof WidgetConfig]?: Partial<WidgetConfig[K]> }

/**
 * A complete widget config for stories and tests (what `/v1/widget/config` answers), with each
 * section patchable on its own.
 */
export function sampleWidgetConfig(patch: WidgetConfigPatch = {}): WidgetConfig {
  return {
    tenant: {
      id: 'tn_acme',
      name: 'Acme Imaging',
      legalName: 'Acme Imaging Co., Ltd.',
      country: 'KR',
      website: 'https://acme.example',
      ...patch.tenant,
    },
    locales: { default: 'en', supported: ['en', 'ko'], ...patch.locales },
    branding: {
      primaryColor: '#0b5fff',
      accentColor: '#00a37a',
      textColor: '#1b1f24',
      backgroundColor: '#ffffff',
      fontFamily: 'system-ui, sans-serif',
      radius: '8px',
      logoUrl: null,
      ...patch.branding,
    },
    officer: {
      name: 'Jane Doe',
      department: 'Privacy Office',
      email: 'privacy@acme.example',
      ...patch.officer,
    },
    features: {
      consent: true,
      cookieBanner: true,
      policy: true,
      privacyCenter: true,
      upload: false,
      viewer: false,
      ...patch.features,
    },
    uploads: { ...DEFAULT_UPLOAD_LIMITS, ...patch.uploads },
    apiVersion: patch.apiVersion ?? 'v1',
  } as WidgetConfig
}
