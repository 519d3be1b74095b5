import type { WidgetConfig } from '@tessera/widget-core'
import '../src/index.js'
import type { TesseraPrivacyContact } from '../src/index.js'

export function makeConfig(
  patch: { [K in keyof WidgetConfig]?: Partial<WidgetConfig[K]> } = {}
): WidgetConfig {
  const base: WidgetConfig = {
    tenant: {
      id: 'tn_acme',
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
  }
  return {
    tenant: { ...base.tenant, ...patch.tenant },
    locales: { ...base.locales, ...patch.locales },
    branding: { ...base.branding, ...patch.branding },
    officer: { ...base.officer, ...patch.officer },
    features: { ...base.features, ...patch.features },
    apiVersion: patch.apiVersion ?? base.apiVersion,
  } as WidgetConfig
}

/** Mounts the element in `container` markup (the element must have id="el"), after `setup`. */
export async function mount(
  markup = '<tessera-privacy-contact id="el"></tessera-privacy-contact>',
  setup?: (el: TesseraPrivacyContact) => void
): Promise<TesseraPrivacyContact> {
  const template = document.createElement('template')
  template.innerHTML = markup
  const el = template.content.querySelector<TesseraPrivacyContact>('#el')!
  // Upgrade before setting properties so they hit Lit's accessors.
  customElements.upgrade(template.content)
  setup?.(el)
  document.body.append(template.content)
  await el.updateComplete
  return el
}

export function shadow(el: Element): ShadowRoot {
  return el.shadowRoot!
}

export function part(el: Element, name: string): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)
}
