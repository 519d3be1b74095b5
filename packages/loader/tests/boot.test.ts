import { getGlobalRuntime, resetRuntimeForTests } from '@tessera/widget-core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { boot } from '../src/boot.js'
import { pendingBundles } from '../src/scan.js'

const SCRIPT = 'https://api.example/widgets/v1/tessera.js'
const config = {
  tenant: { id: 'tn_1', name: 'Acme', legalName: 'Acme Co.', country: 'KR', website: 'https://acme.example' },
  locales: { default: 'en', supported: ['en'] },
  branding: { primaryColor: '#123456', radius: '4px' },
  officer: { name: 'J', department: 'P', email: 'p@acme.example' },
  features: {},
  apiVersion: 'v1',
}

let host: HTMLElement

beforeEach(() => {
  host = document.createElement('div')
  document.body.append(host)
})

afterEach(() => {
  host.remove()
  document.querySelectorAll('style[data-tessera-theme]').forEach((s) => s.remove())
  resetRuntimeForTests()
})

function fakeFetch(status = 200) {
  return vi.fn(async (..._args: Parameters<typeof fetch>) =>
    status === 200
      ? Response.json(config)
      : Response.json({ type: 'about:blank', title: 'Forbidden', status }, { status })
  )
}

describe('pendingBundles', () => {
  it('finds bundles for undefined known Tessera tags only, including the root', () => {
    host.innerHTML = `<tessera-privacy-contact></tessera-privacy-contact><tessera-unknown></tessera-unknown><x-other></x-other>`
    expect([...pendingBundles(host)]).toEqual(['consent'])
    const el = document.createElement('tessera-privacy-contact')
    expect([...pendingBundles(el)]).toEqual(['consent'])
    expect([...pendingBundles(document.createElement('section'))]).toEqual([])
  })

  it('skips tags that are already defined', () => {
    host.innerHTML = `<tessera-privacy-contact></tessera-privacy-contact>`
    const registry = { get: (tag: string) => (tag === 'tessera-privacy-contact' ? HTMLElement : undefined) }
    expect(pendingBundles(host, registry as unknown as CustomElementRegistry).size).toBe(0)
  })
})

describe('boot', () => {
  it('sets up the runtime, fetches the config once, applies the theme and resolves ready', async () => {
    const fetch = fakeFetch()
    const api = boot(
      { scriptSrc: SCRIPT, apiBase: 'https://api.example', key: 'pk_boot', warnings: [] },
      { fetch, importModule: async () => {}, warn: () => {} }
    )
    await expect(api.ready).resolves.toMatchObject({ tenant: { id: 'tn_1' } })
    expect(getGlobalRuntime()).toMatchObject({
      apiBase: 'https://api.example',
      key: 'pk_boot',
      source: 'loader',
    })
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(String(fetch.mock.calls[0]![0])).toBe('https://api.example/v1/widget/config')
    await vi.waitFor(() => {
      const style = document.querySelector('style[data-tessera-theme]')
      expect(style?.textContent).toContain('--tessera-color-primary: #123456;')
    })
  })

  it('imports each needed bundle once, relative to the script, now and for elements added later', async () => {
    host.innerHTML =
      '<tessera-privacy-contact></tessera-privacy-contact><tessera-privacy-contact></tessera-privacy-contact>'
    const importModule = vi.fn(async (_url: string) => {})
    boot(
      { scriptSrc: SCRIPT, apiBase: 'https://api.example', key: 'pk_boot', warnings: [] },
      { fetch: fakeFetch(), importModule, warn: () => {} }
    )
    expect(importModule.mock.calls).toEqual([['https://api.example/widgets/v1/elements/consent.js']])
    host.insertAdjacentHTML('beforeend', '<p><tessera-privacy-contact></tessera-privacy-contact></p>')
    await new Promise((r) => setTimeout(r, 20))
    expect(importModule).toHaveBeenCalledTimes(1)
  })

  it('loads a bundle when the first element of its kind is added after start-up', async () => {
    const importModule = vi.fn(async (_url: string) => {})
    boot(
      { scriptSrc: SCRIPT, apiBase: 'https://api.example', key: 'pk_boot', warnings: [] },
      { fetch: fakeFetch(), importModule, warn: () => {} }
    )
    expect(importModule).not.toHaveBeenCalled()
    const section = document.createElement('section')
    section.innerHTML = '<div><tessera-privacy-contact></tessera-privacy-contact></div>'
    host.append(section)
    await vi.waitFor(() =>
      expect(importModule).toHaveBeenCalledWith('https://api.example/widgets/v1/elements/consent.js')
    )
  })

  it('retries a bundle whose import failed', async () => {
    host.innerHTML = '<tessera-privacy-contact></tessera-privacy-contact>'
    const importModule = vi.fn(async (_url: string) => {
      throw new TypeError('offline')
    })
    const warn = vi.fn()
    const api = boot(
      { scriptSrc: SCRIPT, apiBase: 'https://api.example', key: 'pk_boot', warnings: [] },
      { fetch: fakeFetch(), importModule, warn }
    )
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.stringContaining('Could not load')))
    api.scan()
    expect(importModule).toHaveBeenCalledTimes(2)
  })

  it.each([
    [403, /refused this site \(HTTP 403/],
    [0, /unreachable, or it does not allow/],
  ])('on refusal (%i) warns once, without the key, and rejects ready', async (status, pattern) => {
    const fetch =
      status === 0
        ? vi.fn(async () => {
            throw new TypeError('Failed to fetch')
          })
        : fakeFetch(status)
    const warn = vi.fn()
    const api = boot(
      { scriptSrc: SCRIPT, apiBase: 'https://api.example', key: 'pk_secretish_123', warnings: [] },
      { fetch, importModule: async () => {}, warn }
    )
    await expect(api.ready).rejects.toMatchObject({ status })
    await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(1))
    const message = String(warn.mock.calls[0]![0])
    expect(message).toMatch(pattern)
    expect(message).toContain(location.origin)
    expect(message).not.toContain('pk_secretish_123')
    expect(document.querySelector('style[data-tessera-theme]')).toBeNull()
  })

  it('without a key: warns, installs no runtime, still loads bundles so elements can show their error', async () => {
    host.innerHTML = `<tessera-privacy-contact></tessera-privacy-contact>`
    const importModule = vi.fn(async (_url: string) => {})
    const warn = vi.fn()
    const api = boot(
      { scriptSrc: SCRIPT, apiBase: 'https://api.example', key: undefined, warnings: ['no data-key.'] },
      { fetch: fakeFetch(), importModule, warn }
    )
    expect(warn).toHaveBeenCalledWith('[Tessera] no data-key.')
    expect(getGlobalRuntime()).toBeUndefined()
    expect(importModule).toHaveBeenCalledTimes(1)
    await expect(api.ready).rejects.toBeDefined()
  })
})
