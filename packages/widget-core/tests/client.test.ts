import { describe, expect, it, vi } from 'vitest'
import {
  isRefusal,
  isTesseraApiError,
  NETWORK_PROBLEM,
  parseWidgetConfig,
  TesseraApiError,
  TesseraClient,
} from '../src/index.js'
import { jsonResponse, makeConfig } from './fixtures.js'

describe('TesseraClient.request', () => {
  it('sends the key header, omits credentials and uses a strict-origin referrer', async () => {
    const fetch = vi.fn(async (..._args: Parameters<typeof globalThis.fetch>) => jsonResponse({ ok: true }))
    const client = new TesseraClient({ apiBase: 'https://api.example/', key: 'pk_test_1', fetch })
    await expect(client.request('/v1/widget/ping')).resolves.toEqual({ ok: true })
    const [url, init] = fetch.mock.calls[0]!
    expect(url).toBe('https://api.example/v1/widget/ping')
    expect(init?.credentials).toBe('omit')
    expect(init?.referrerPolicy).toBe('strict-origin')
    expect((init?.headers as Record<string, string>)['X-Tessera-Key']).toBe('pk_test_1')
  })

  it('keeps a path prefix of the API base', () => {
    const client = new TesseraClient({ apiBase: 'https://example.org/tessera/', key: 'pk_x' })
    expect(client.url('/v1/widget/config')).toBe('https://example.org/tessera/v1/widget/config')
  })

  it('parses problem+json into a TesseraApiError', async () => {
    const problem = {
      type: 'https://tessera.dev/problems/validation',
      title: 'Invalid request',
      status: 422,
      detail: 'Two fields are wrong.',
      errors: [{ field: 'email', message: 'must be an e-mail', rule: 'email' }],
    }
    const fetch = async () => jsonResponse(problem, 422, 'application/problem+json')
    const client = new TesseraClient({ apiBase: 'https://api.example', key: 'pk_x', fetch })
    const error = await client.request('/v1/widget/x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TesseraApiError)
    expect(error).toMatchObject({ ...problem, name: 'TesseraApiError' })
    expect(isRefusal(error)).toBe(false)
  })

  it('treats 403 as a refusal and falls back to the status text for a non-JSON error body', async () => {
    const fetch = async () => new Response('nope', { status: 403, statusText: 'Forbidden' })
    const client = new TesseraClient({ apiBase: 'https://api.example', key: 'pk_x', fetch })
    const error = await client.request('/v1/widget/x').catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 403, type: 'about:blank', title: 'Forbidden' })
    expect(isRefusal(error)).toBe(true)
  })

  it('turns a network/CORS failure into status 0 with the network problem type', async () => {
    const fetch = async () => {
      throw new TypeError('Failed to fetch')
    }
    const client = new TesseraClient({ apiBase: 'https://api.example', key: 'pk_x', fetch })
    const error = await client.request('/v1/widget/x').catch((e: unknown) => e)
    expect(isTesseraApiError(error)).toBe(true)
    expect(error).toMatchObject({ status: 0, type: NETWORK_PROBLEM })
    expect(isRefusal(error)).toBe(true)
  })

  it('gets a real CORS refusal from the browser as a network error', async () => {
    // A host that cannot resolve here: the browser's fetch rejects with a TypeError, like a CORS refusal.
    const client = new TesseraClient({ apiBase: 'https://refused.invalid', key: 'pk_x' })
    await expect(client.request('/v1/widget/config')).rejects.toMatchObject({
      status: 0,
      type: NETWORK_PROBLEM,
    })
  })
})

describe('TesseraClient.getWidgetConfig', () => {
  it('fetches the config once per client', async () => {
    const fetch = vi.fn(async () => jsonResponse(makeConfig()))
    const client = new TesseraClient({ apiBase: 'https://api.example', key: 'pk_x', fetch })
    const [a, b] = await Promise.all([client.getWidgetConfig(), client.getWidgetConfig()])
    await client.getWidgetConfig()
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(a).toBe(b)
    expect(a.tenant.legalName).toBe('Acme Imaging Co., Ltd.')
  })

  it('forgets a failed fetch so a later call retries', async () => {
    let calls = 0
    const fetch = vi.fn(async () => {
      calls++
      if (calls === 1) throw new TypeError('offline')
      return jsonResponse(makeConfig())
    })
    const client = new TesseraClient({ apiBase: 'https://api.example', key: 'pk_x', fetch })
    await expect(client.getWidgetConfig()).rejects.toMatchObject({ status: 0 })
    await expect(client.getWidgetConfig()).resolves.toMatchObject({ tenant: { id: 'tn_test' } })
    expect(fetch).toHaveBeenCalledTimes(2)
  })
})

describe('parseWidgetConfig', () => {
  it('rejects a config without tenant id', () => {
    expect(() => parseWidgetConfig({ tenant: {} })).toThrow(TesseraApiError)
  })

  it('fills missing parts with safe defaults and drops non-string branding', () => {
    const config = parseWidgetConfig({ tenant: { id: 'tn_1', name: 'N' }, branding: { primaryColor: 5 } })
    expect(config.tenant.legalName).toBe('N')
    expect(config.locales).toEqual({ default: 'en', supported: ['en'] })
    expect(config.branding.primaryColor).toBeNull()
    expect(config.features.consent).toBe(false)
    expect(config.officer).toEqual({ name: '', department: '', email: '' })
  })
})
