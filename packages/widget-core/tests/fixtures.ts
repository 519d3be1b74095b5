import type { WidgetConfig } from '../src/index.js'

export function makeConfig(overrides: Partial<WidgetConfig> = {}): WidgetConfig {
  return {
    tenant: {
      id: 'tn_test',
      name: 'Acme Imaging',
      legalName: 'Acme Imaging Co., Ltd.',
      country: 'KR',
      website: 'https://acme.example',
    },
    locales: { default: 'en', supported: ['en', 'ko'] },
    branding: {
      primaryColor: '#0b5fff',
      accentColor: '#00a37a',
      textColor: '#1b1f24',
      backgroundColor: '#ffffff',
      fontFamily: 'system-ui, sans-serif',
      radius: '8px',
      logoUrl: null,
    },
    officer: { name: 'Jane Doe', department: 'Privacy Office', email: 'privacy@acme.example' },
    features: {
      consent: true,
      cookieBanner: true,
      policy: true,
      privacyCenter: true,
      upload: false,
      viewer: false,
    },
    apiVersion: 'v1',
    ...overrides,
  }
}

export function jsonResponse(body: unknown, status = 200, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } })
}
