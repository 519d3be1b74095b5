import { sampleWidgetConfig, type WidgetConfig, type WidgetConfigPatch } from '@tessera/widget-core'
import '../src/index.js'
import type { TesseraPrivacyContact } from '../src/index.js'

export function makeConfig(patch: WidgetConfigPatch = {}): WidgetConfig {
  return sampleWidgetConfig(patch)
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
