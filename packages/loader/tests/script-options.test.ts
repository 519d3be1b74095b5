import { afterEach, describe, expect, it } from 'vitest'
import { findLoaderScript, parseScriptOptions } from '../src/script-options.js'

function script(attrs: Record<string, string>): HTMLScriptElement {
  const s = document.createElement('script')
  s.type = 'text/plain' // never executed
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v)
  return s
}

const page = 'https://partner.example/clinic/index.html'

afterEach(() => document.querySelectorAll('script[type="text/plain"]').forEach((s) => s.remove()))

describe('parseScriptOptions', () => {
  it('uses the script origin as API base and reads the key', () => {
    const options = parseScriptOptions(
      script({ src: 'https://api.tessera.example/widgets/v1/tessera.js', 'data-key': ' pk_live_abc ' }),
      page
    )
    expect(options).toEqual({
      scriptSrc: 'https://api.tessera.example/widgets/v1/tessera.js',
      apiBase: 'https://api.tessera.example',
      key: 'pk_live_abc',
      warnings: [],
    })
  })

  it('takes data-api as an override, keeping a path prefix without trailing slash', () => {
    const options = parseScriptOptions(
      script({
        src: 'https://cdn.example/tessera.js',
        'data-key': 'pk_x',
        'data-api': 'https://api.example/tessera/',
      }),
      page
    )
    expect(options.apiBase).toBe('https://api.example/tessera')
    expect(options.scriptSrc).toBe('https://cdn.example/tessera.js')
  })

  it('resolves a relative src against the page', () => {
    const options = parseScriptOptions(script({ src: '../widgets/v1/tessera.js', 'data-key': 'pk_x' }), page)
    expect(options.scriptSrc).toBe('https://partner.example/widgets/v1/tessera.js')
    expect(options.apiBase).toBe('https://partner.example')
  })

  it('refuses a non-http data-api and warns about a missing key, without leaking anything', () => {
    const options = parseScriptOptions(
      script({ src: 'https://api.example/widgets/v1/tessera.js', 'data-api': 'javascript:alert(1)' }),
      page
    )
    expect(options.apiBase).toBe('https://api.example')
    expect(options.key).toBeUndefined()
    expect(options.warnings).toHaveLength(2)
    expect(options.warnings.join(' ')).toMatch(/data-api.*data-key/s)
  })
})

describe('findLoaderScript', () => {
  it('finds the tag by src and data-key when currentScript is not available', () => {
    const s = script({ src: 'https://api.example/widgets/v1/tessera.js', 'data-key': 'pk_x' })
    document.head.append(s)
    expect(document.currentScript).toBeNull()
    expect(findLoaderScript(document)).toBe(s)
  })
})
