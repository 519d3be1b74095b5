import { describe, expect, it } from 'vitest'
import { bundleForTag, bundleNames, bundleUrl, ELEMENT_BUNDLES } from '../src/bundles.js'

describe('tag → bundle map', () => {
  it('maps every tag to a bundle with an entry module that defines that tag', async () => {
    const entries = import.meta.glob('../src/elements/*.ts')
    for (const [tag, bundle] of Object.entries(ELEMENT_BUNDLES)) {
      expect(tag).toMatch(/^tessera-[a-z0-9-]+$/)
      const entry = entries[`../src/elements/${bundle}.ts`]
      expect(entry, `src/elements/${bundle}.ts`).toBeTypeOf('function')
      await entry!()
      expect(customElements.get(tag), tag).toBeTypeOf('function')
    }
  })

  it('knows only Tessera tags it has bundles for', () => {
    expect(bundleForTag('tessera-privacy-contact')).toBe('consent')
    expect(bundleForTag('tessera-nope')).toBeUndefined()
    expect(bundleForTag('constructor')).toBeUndefined()
    expect(bundleNames()).toEqual([...new Set(Object.values(ELEMENT_BUNDLES))])
  })

  it('resolves bundle URLs next to the loader script', () => {
    expect(bundleUrl('consent', 'https://api.example/widgets/v1/tessera.js')).toBe(
      'https://api.example/widgets/v1/elements/consent.js'
    )
    expect(bundleUrl('consent', 'https://cdn.example/t/tessera.js?v=3')).toBe(
      'https://cdn.example/t/elements/consent.js'
    )
  })
})
