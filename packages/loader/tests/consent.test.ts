// The cookie-consent core of tessera.js in real Chromium: Consent Mode, GPC, held-back scripts and iframes,
// withdrawal, receipts, policy changes; with the real banner and settings elements where the UI matters.
import '@tessera/consent-widget/cookie-banner'
import '@tessera/consent-widget/cookie-settings'
import type { CookieConfig, TesseraConsentChangeDetail } from '@tessera/widget-core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startConsent } from '../src/consent/core.js'
import type { ConsentCore } from '../src/consent/core.js'
import { storageKey } from '../src/consent/store.js'
import { watchForElements } from '../src/scan.js'

const API = 'https://api.example'
const KEY = 'pk_test_consent'
const STORE = storageKey(KEY)
const HASH = '0123456789abcdef'
const DENIED = {
  ad_storage: 'denied',
  ad_user_data: 'denied',
  ad_personalization: 'denied',
  analytics_storage: 'denied',
  functionality_storage: 'denied',
  personalization_storage: 'denied',
  security_storage: 'granted',
}
const GRANTED = Object.fromEntries(Object.keys(DENIED).map((k) => [k, 'granted']))
const ALL = { preferences: true, analytics: true, marketing: true }
const NONE = { preferences: false, analytics: false, marketing: false }

function cookieConfig(patch: Partial<CookieConfig> = {}): CookieConfig {
  const cat = (key: string, cookies: string[]) => ({
    key,
    required: key === 'necessary',
    title: key[0]!.toUpperCase() + key.slice(1),
    description: `${key} cookies`,
    cookies: cookies.map((name) => ({ name, provider: 'P', duration: '1 day', purpose: 'x' })),
  })
  return {
    regime: 'opt_in',
    policyHash: HASH,
    policyVersion: 'pv_1',
    expiresDays: 365,
    categories: [
      cat('necessary', ['session']),
      cat('preferences', ['lang']),
      cat('analytics', ['_ga', '_ga_*']),
      cat('marketing', ['_gcl_au']),
    ] as CookieConfig['categories'],
    ...patch,
  }
}

interface Api {
  fetch: ReturnType<typeof vi.fn<typeof fetch>>
  receipts: { url: string; init: RequestInit; body: Record<string, unknown> }[]
  configs: { url: string; key: string | null }[]
}

/** A stand-in API: the config endpoint and the receipts endpoint (201, or the statuses queued in `answers`). */
function fakeApi(config: () => CookieConfig | Response = () => cookieConfig(), answers: number[] = []): Api {
  const api: Api = { receipts: [], configs: [], fetch: vi.fn<typeof fetch>() }
  api.fetch.mockImplementation(async (input, init = {}) => {
    const url = String(input)
    if (url.startsWith(`${API}/v1/widget/cookies/config`)) {
      api.configs.push({ url, key: new Headers(init.headers).get('X-Tessera-Key') })
      const c = config()
      return c instanceof Response ? c : Response.json(c)
    }
    if (url.startsWith(`${API}/v1/widget/cookies/receipts`)) {
      api.receipts.push({ url, init, body: JSON.parse(String(init.body)) })
      const status = answers.shift() ?? 201
      if (status !== 201)
        return Response.json({ type: 'about:blank', title: `T${status}`, status }, { status })
      return Response.json(
        {
          receipt: 'ab'.repeat(32),
          visitorToken: `tok_${api.receipts.length}`,
          recordedAt: new Date().toISOString(),
        },
        { status: 201 }
      )
    }
    return new Response(null, { status: 404 })
  })
  return api
}

const win = window as unknown as Window & { __ran?: Record<string, number> }
let cores: ConsentCore[] = []
let observer: MutationObserver | undefined

function start(api: Api, now?: () => number): ConsentCore {
  const core = startConsent({ apiBase: API, key: KEY, fetch: api.fetch, ...(now ? { now } : {}) })
  cores.push(core)
  observer?.disconnect()
  observer = watchForElements(document.documentElement, () => {}, core.added)
  return core
}

const ready = (core: ConsentCore) => vi.waitFor(() => expect(core.api.getState().status).not.toBe('loading'))

/** The consent calls on dataLayer, as [command, type, values]. */
const consentCalls = () =>
  (win.dataLayer ?? []).map((entry) => {
    expect(Object.prototype.toString.call(entry)).toBe('[object Arguments]')
    return [...(entry as IArguments)]
  })

/** Held-back markup: one inline and one external analytics script, and a marketing iframe. */
function addBlocked(root: Element = document.body, id = 'a') {
  root.insertAdjacentHTML(
    'beforeend',
    `<div id="blocked-${id}">
      <script type="text/plain" data-tessera-category="analytics">window.__ran.inline${id} = (window.__ran.inline${id} || 0) + 1</script>
      <script type="text/plain" data-tessera-category="analytics" data-extra="1" src="data:text/javascript,window.__ran.src${id}=(window.__ran.src${id}||0)+1"></script>
      <iframe title="Map" data-tessera-category="marketing" data-src="about:blank#map-${id}"></iframe>
    </div>`
  )
}

const ran = (name: string) => win.__ran?.[name] ?? 0
const settle = () => new Promise((r) => setTimeout(r, 50))

beforeEach(() => {
  localStorage.clear()
  win.dataLayer = []
  win.__ran = {}
  globalThis.__tesseraConsent = undefined
  document.documentElement.lang = 'en'
})

afterEach(() => {
  observer?.disconnect()
  observer = undefined
  cores = []
  document.body.replaceChildren()
  delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl
  for (const c of document.cookie.split(';')) {
    const name = c.split('=')[0]!.trim()
    if (name) document.cookie = `${name}=; max-age=0; path=/`
  }
  vi.restoreAllMocks()
})

describe('Google Consent Mode v2', () => {
  it('issues the defaults (all denied but security, wait_for_update) at start, then updates on config and choices', async () => {
    const api = fakeApi()
    const core = start(api)
    expect(consentCalls()).toEqual([['consent', 'default', { ...DENIED, wait_for_update: 500 }]])
    await ready(core)
    expect(consentCalls()[1]).toEqual(['consent', 'update', DENIED])
    await core.api.decide({ preferences: true, analytics: true, marketing: false }, 'banner')
    expect(consentCalls().at(-1)).toEqual([
      'consent',
      'update',
      {
        ...DENIED,
        analytics_storage: 'granted',
        functionality_storage: 'granted',
        personalization_storage: 'granted',
      },
    ])
    await core.api.decide(ALL, 'settings')
    expect(consentCalls().at(-1)).toEqual(['consent', 'update', GRANTED])
    expect(api.configs).toEqual([{ url: `${API}/v1/widget/cookies/config?locale=en`, key: KEY }])
  })

  it('takes the defaults from a valid stored choice and confirms it once the config agrees', async () => {
    const api = fakeApi()
    const first = start(api)
    await ready(first)
    await first.api.decide({ preferences: false, analytics: true, marketing: false }, 'banner')
    win.dataLayer = []
    // The next page load.
    const core = start(api)
    const analyticsOnly = { ...DENIED, analytics_storage: 'granted' }
    expect(consentCalls()).toEqual([['consent', 'default', { ...analyticsOnly, wait_for_update: 500 }]])
    await ready(core)
    expect(consentCalls()[1]).toEqual(['consent', 'update', analyticsOnly])
    expect(core.api.getState()).toMatchObject({ decided: true, choices: { analytics: true } })
  })

  it('ignores a stored choice once the policy hash changed or it expired (the banner asks again)', async () => {
    const api = fakeApi()
    const first = start(api)
    await ready(first)
    await first.api.decide(ALL, 'banner')

    const changed = start(fakeApi(() => cookieConfig({ policyHash: 'fedcba9876543210' })))
    await ready(changed)
    expect(changed.api.getState()).toMatchObject({ decided: false, choices: NONE })
    expect(consentCalls().at(-1)).toEqual(['consent', 'update', DENIED])

    const later = Date.now() + 366 * 864e5
    const expired = start(api, () => later)
    expect(consentCalls().at(-1)).toEqual(['consent', 'default', { ...DENIED, wait_for_update: 500 }])
    await ready(expired)
    expect(expired.api.getState().decided).toBe(false)
  })
})

describe('held-back scripts and iframes', () => {
  it('runs nothing before a choice, everything after Accept (once), and shows a placeholder until then', async () => {
    addBlocked()
    const core = start(fakeApi())
    await ready(core)
    await settle()
    expect([ran('inlinea'), ran('srca')]).toEqual([0, 0])
    const iframe = document.querySelector('iframe')!
    expect(iframe.hasAttribute('src')).toBe(false)
    expect(iframe.hidden).toBe(true)
    const placeholder = document.querySelector('[data-tessera-placeholder="marketing"]')!
    expect(placeholder.previousElementSibling).toBe(iframe)
    expect(placeholder.textContent).toContain('“Marketing” cookies')
    expect(placeholder.querySelector('button')!.getAttribute('data-tessera-open-cookie-settings')).toBe(
      'marketing'
    )

    await core.api.decide(ALL, 'banner')
    await vi.waitFor(() => expect([ran('inlinea'), ran('srca')]).toEqual([1, 1]))
    const activated = document.querySelector<HTMLScriptElement>('script[data-extra]')!
    expect(activated.type).toBe('')
    expect(activated.dataset.tesseraCategory).toBe('analytics')
    expect(iframe.getAttribute('src')).toBe('about:blank#map-a')
    expect(iframe.hidden).toBe(false)
    expect(document.querySelector('[data-tessera-placeholder]')).toBeNull()
    await core.api.decide(ALL, 'settings')
    await settle()
    expect([ran('inlinea'), ran('srca')]).toEqual([1, 1])
  })

  it('never runs anything after Reject, including nodes added later', async () => {
    addBlocked()
    const core = start(fakeApi())
    await ready(core)
    await core.api.decide(NONE, 'banner')
    addBlocked(document.body, 'b')
    await settle()
    expect([ran('inlinea'), ran('srca'), ran('inlineb'), ran('srcb')]).toEqual([0, 0, 0, 0])
    expect([...document.querySelectorAll('iframe')].map((f) => f.hasAttribute('src'))).toEqual([false, false])
    expect(document.querySelectorAll('[data-tessera-placeholder]')).toHaveLength(2)
  })

  it('holds back nodes injected after load until consent, and runs new ones at once after it', async () => {
    const core = start(fakeApi())
    await ready(core)
    addBlocked(document.body, 'late')
    await settle()
    expect(ran('inlinelate')).toBe(0)
    expect(document.querySelector('[data-tessera-placeholder]')).not.toBeNull()
    await core.api.decide(ALL, 'banner')
    await vi.waitFor(() => expect(ran('inlinelate')).toBe(1))
    addBlocked(document.body, 'later')
    await vi.waitFor(() => expect([ran('inlinelater'), ran('srclater')]).toEqual([1, 1]))
  })

  it('under opt_out runs non-necessary categories without a choice', async () => {
    addBlocked()
    const core = start(fakeApi(() => cookieConfig({ regime: 'opt_out' })))
    await ready(core)
    expect(core.api.getState()).toMatchObject({ decided: false, choices: ALL })
    await vi.waitFor(() => expect(ran('inlinea')).toBe(1))
    expect(consentCalls().at(-1)).toEqual(['consent', 'update', GRANTED])
  })

  it('runs nothing when the API refuses the site', async () => {
    addBlocked()
    const refused = () =>
      Response.json({ type: 'about:blank', title: 'Origin not allowed', status: 403 }, { status: 403 })
    const core = start(fakeApi(refused))
    await ready(core)
    expect(core.api.getState()).toMatchObject({ status: 'refused', problem: { status: 403 } })
    await settle()
    expect(ran('inlinea')).toBe(0)
  })
})

describe('withdrawal', () => {
  it("deletes the category's cookies on every domain/path variant and stops new activations", async () => {
    addBlocked()
    const core = start(fakeApi())
    await ready(core)
    await core.api.decide(ALL, 'banner')
    await vi.waitFor(() => expect(ran('inlinea')).toBe(1))
    const dir = location.pathname.slice(0, location.pathname.lastIndexOf('/') + 1) || '/'
    document.cookie = '_ga=1; path=/'
    document.cookie = `_ga=2; path=${dir}`
    document.cookie = `_ga=3; path=${location.pathname}`
    document.cookie = `_ga_XYZ=1; path=/; domain=${location.hostname}`
    document.cookie = '_gcl_au=1; path=/'
    document.cookie = 'unrelated=1; path=/'
    expect(document.cookie).toContain('_ga=')

    const events: TesseraConsentChangeDetail[] = []
    document.addEventListener('tessera-consent-change', (e) => events.push(e.detail), { once: true })
    await core.api.decide({ preferences: true, analytics: false, marketing: true }, 'settings')
    const names = document.cookie.split(';').map((c) => c.split('=')[0]!.trim())
    expect(names).not.toContain('_ga')
    expect(names).not.toContain('_ga_XYZ')
    expect(names).toEqual(expect.arrayContaining(['_gcl_au', 'unrelated']))
    expect(events).toEqual([
      { choices: { preferences: true, analytics: false, marketing: true }, source: 'settings', gpc: false },
    ])
    expect(core.api.getState().reloadNeeded).toBe(true)

    addBlocked(document.body, 'after')
    await settle()
    expect(ran('inlineafter')).toBe(0)
    expect(ran('inlinea')).toBe(1)
  })

  it('unloads a withdrawn iframe and shows its placeholder again', async () => {
    addBlocked()
    const core = start(fakeApi())
    await ready(core)
    await core.api.decide(ALL, 'banner')
    const iframe = document.querySelector('iframe')!
    expect(iframe.getAttribute('src')).toBe('about:blank#map-a')
    await core.api.decide({ ...ALL, marketing: false }, 'settings')
    expect(iframe.hasAttribute('src')).toBe(false)
    expect(document.querySelector('[data-tessera-placeholder="marketing"]')).not.toBeNull()
    expect(core.api.getState().reloadNeeded).toBe(false) // no marketing *script* ran
  })
})

describe('Global Privacy Control', () => {
  it('denies analytics and marketing by default even under opt_out, says gpc in receipts, and Accept still grants', async () => {
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true })
    addBlocked()
    const api = fakeApi(() => cookieConfig({ regime: 'opt_out' }))
    const core = start(api)
    expect(consentCalls()[0]).toEqual(['consent', 'default', { ...DENIED, wait_for_update: 500 }])
    await ready(core)
    expect(core.api.getState()).toMatchObject({
      gpc: true,
      choices: { preferences: true, analytics: false, marketing: false },
    })
    expect(consentCalls().at(-1)).toEqual([
      'consent',
      'update',
      { ...DENIED, functionality_storage: 'granted', personalization_storage: 'granted' },
    ])
    await settle()
    expect(ran('inlinea')).toBe(0)
    await core.api.decide(ALL, 'banner')
    expect(api.receipts[0]!.body).toMatchObject({ gpc: true, choices: ALL })
    expect(consentCalls().at(-1)).toEqual(['consent', 'update', GRANTED])
    await vi.waitFor(() => expect(ran('inlinea')).toBe(1))
  })
})

describe('receipts', () => {
  it('POSTs text/plain with keepalive to ?key=, then sends the visitorToken from the previous answer', async () => {
    const api = fakeApi()
    const core = start(api)
    await ready(core)
    await core.api.decide(NONE, 'banner')
    await core.api.decide({ ...NONE, analytics: true }, 'settings')
    expect(api.receipts).toHaveLength(2)
    const [first, second] = api.receipts
    expect(first!.url).toBe(`${API}/v1/widget/cookies/receipts?key=${KEY}`)
    expect(first!.init).toMatchObject({ method: 'POST', keepalive: true, credentials: 'omit' })
    expect(new Headers(first!.init.headers).get('Content-Type')).toBe('text/plain;charset=UTF-8')
    expect(new Headers(first!.init.headers).has('X-Tessera-Key')).toBe(false) // no preflight
    expect(first!.body).toEqual({
      visitorId: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
      ),
      visitorToken: null,
      choices: NONE,
      policyHash: HASH,
      gpc: false,
      source: 'banner',
    })
    expect(second!.body).toMatchObject({
      visitorId: first!.body.visitorId,
      visitorToken: 'tok_1',
      choices: { analytics: true },
      source: 'settings',
    })
    const stored = JSON.parse(localStorage.getItem(STORE)!)
    expect(stored).toMatchObject({
      policyHash: HASH,
      visitorId: first!.body.visitorId,
      visitorToken: 'tok_2',
    })
    expect(Date.parse(stored.decidedAt)).toBeGreaterThan(Date.now() - 60_000)
  })

  it('on 409 (stale policy) reloads the config and shows the banner again', async () => {
    let hash = HASH
    const api = fakeApi(() => cookieConfig({ policyHash: hash }), [409])
    const core = start(api)
    const banner = document.createElement('tessera-cookie-banner')
    document.body.append(banner)
    await ready(core)
    expect(banner.state).toBe('open')
    hash = 'fedcba9876543210'
    await core.api.decide(ALL, 'banner')
    expect(api.configs).toHaveLength(2)
    expect(core.api.getState()).toMatchObject({ decided: false, choices: NONE, config: { policyHash: hash } })
    expect(banner.state).toBe('open')
    expect(consentCalls().at(-1)).toEqual(['consent', 'update', DENIED])
    await core.api.decide(ALL, 'banner')
    expect(api.receipts.at(-1)!.body).toMatchObject({ policyHash: hash })
    expect(banner.state).toBe('collapsed')
  })

  it('starts a new visitor when the API says the visitorId is known but no token was sent (403)', async () => {
    const api = fakeApi(undefined, [403])
    const core = start(api)
    await ready(core)
    await core.api.decide(ALL, 'banner')
    expect(api.receipts).toHaveLength(2)
    expect(api.receipts[1]!.body.visitorId).not.toBe(api.receipts[0]!.body.visitorId)
    expect(JSON.parse(localStorage.getItem(STORE)!).visitorToken).toBe('tok_2')
  })

  it('keeps a receipt that could not be sent and beacons it on pagehide', async () => {
    const api = fakeApi()
    const core = start(api)
    await ready(core)
    api.fetch.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    const beacon = vi.spyOn(navigator, 'sendBeacon').mockReturnValue(true)
    await core.api.decide(ALL, 'banner')
    expect(core.api.getState().problem).toMatchObject({ status: 0 })
    window.dispatchEvent(new PageTransitionEvent('pagehide'))
    expect(beacon).toHaveBeenCalledTimes(1)
    const [url, blob] = beacon.mock.calls[0]!
    expect(url).toBe(`${API}/v1/widget/cookies/receipts?key=${KEY}`)
    expect((blob as Blob).type).toBe('text/plain;charset=utf-8')
    expect(JSON.parse(await (blob as Blob).text())).toMatchObject({ choices: ALL, source: 'banner' })
  })
})

describe('opening the settings', () => {
  it('from an iframe placeholder (at its category) and from any [data-tessera-open-cookie-settings] element', async () => {
    addBlocked()
    const core = start(fakeApi())
    await ready(core)
    const button = document.querySelector<HTMLButtonElement>('[data-tessera-placeholder] button')!
    button.click()
    const dialog = await vi.waitFor(() => {
      const el = document.querySelector('tessera-cookie-settings')
      expect(el?.open).toBe(true)
      return el!
    })
    await dialog.updateComplete
    expect(dialog.shadowRoot!.activeElement?.id).toBe('switch-marketing')
    dialog.shadowRoot!.querySelector<HTMLInputElement>('#switch-marketing')!.click()
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part=save]')!.click()
    await vi.waitFor(() =>
      expect(document.querySelector('iframe')!.getAttribute('src')).toBe('about:blank#map-a')
    )
    expect(core.api.getState().choices).toEqual({ preferences: false, analytics: false, marketing: true })
    expect(document.activeElement).not.toBe(button) // the placeholder (and its button) are gone

    document.body.insertAdjacentHTML(
      'beforeend',
      '<a href="#cookies" data-tessera-open-cookie-settings>Cookie settings</a>'
    )
    document.querySelector<HTMLAnchorElement>('a[data-tessera-open-cookie-settings]')!.click()
    await vi.waitFor(() => expect(dialog.open).toBe(true))
    expect(location.hash).not.toBe('#cookies')
  })
})
