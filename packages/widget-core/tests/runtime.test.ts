import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  clientForRuntime,
  getGlobalRuntime,
  getRuntime,
  installRuntime,
  resetRuntimeForTests,
} from '../src/index.js'
import { jsonResponse, makeConfig } from './fixtures.js'

afterEach(() => {
  resetRuntimeForTests()
  vi.unstubAllGlobals()
})

describe('runtime hand-off', () => {
  it('installs one page-wide runtime and keeps the first', async () => {
    const fetch = vi.fn(async () => jsonResponse(makeConfig()))
    const first = installRuntime({ apiBase: 'https://api.example/', key: 'pk_a', fetch })
    const second = installRuntime({ apiBase: 'https://other.example', key: 'pk_b', fetch })
    expect(second).toBe(first)
    expect(getGlobalRuntime()).toBe(first)
    expect(first).toMatchObject({ apiBase: 'https://api.example', key: 'pk_a', source: 'loader' })
    await expect(first.config).resolves.toMatchObject({ tenant: { id: 'tn_test' } })
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('lets an element without attributes use the global runtime, or nothing', () => {
    const el = document.createElement('div')
    expect(getRuntime(el)).toBeUndefined()
    const runtime = installRuntime({
      apiBase: 'https://api.example',
      key: 'pk_a',
      fetch: async () => jsonResponse(makeConfig()),
    })
    expect(getRuntime(el)).toBe(runtime)
  })

  it('prefers api-base + publishable-key attributes, sharing one runtime per pair', async () => {
    const fetch = vi.fn(async () => jsonResponse(makeConfig()))
    vi.stubGlobal('fetch', fetch)
    installRuntime({ apiBase: 'https://loader.example', key: 'pk_loader', fetch })
    const a = document.createElement('div')
    const b = document.createElement('div')
    for (const el of [a, b]) {
      el.setAttribute('api-base', 'https://attr.example')
      el.setAttribute('publishable-key', 'pk_attr')
    }
    const ra = getRuntime(a)!
    expect(ra).toMatchObject({ apiBase: 'https://attr.example', key: 'pk_attr', source: 'attributes' })
    expect(getRuntime(b)).toBe(ra)
    await ra.config
    const urls = fetch.mock.calls.map((call) => String((call as unknown[])[0]))
    expect(urls.filter((u) => u.startsWith('https://attr.example'))).toEqual([
      'https://attr.example/v1/widget/config',
    ])
  })

  it('hands its fetch on to clients made with clientForRuntime (and the global fetch when it has none)', async () => {
    const fetch = vi.fn(async (input: RequestInfo | URL) =>
      String(input).endsWith('/config') ? jsonResponse(makeConfig()) : jsonResponse({ ok: true })
    )
    const runtime = installRuntime({ apiBase: 'https://api.example/', key: 'pk_a', fetch })
    expect(runtime.fetch).toBe(fetch)
    const client = clientForRuntime(runtime)!
    await expect(client.request('/v1/widget/policy?locale=en')).resolves.toEqual({ ok: true })
    const [url, init] = fetch.mock.calls.at(-1) as unknown as [string, RequestInit]
    expect(url).toBe('https://api.example/v1/widget/policy?locale=en')
    expect((init.headers as Record<string, string>)['X-Tessera-Key']).toBe('pk_a')

    const global = vi.fn(async () => jsonResponse({ global: true }))
    vi.stubGlobal('fetch', global)
    const el = document.createElement('div')
    el.setAttribute('api-base', 'https://attr.example')
    el.setAttribute('publishable-key', 'pk_attr')
    const attrRuntime = getRuntime(el)!
    expect(attrRuntime.fetch).toBeUndefined()
    await expect(clientForRuntime(attrRuntime)!.request('/x')).resolves.toEqual({ global: true })
    expect(clientForRuntime({ config: runtime.config })).toBeUndefined()
    expect(clientForRuntime(undefined)).toBeUndefined()
  })
})
