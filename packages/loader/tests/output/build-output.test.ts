// Builds the loader and element bundles into a temp dir (so it never races the real `build` task), checks
// the output's shape, then runs it for real: a partner page on one origin, the API on another, in Chromium.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Script } from 'node:vm'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../widget-core/vitest.browser.ts'
// Brings in the `window.Tessera` type (a type-only import: nothing of src runs in this node process).
import type { TesseraGlobal } from '../../src/boot.ts'

const pkg = fileURLToPath(new URL('../..', import.meta.url))
let out: string

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
}

const gzipSize = async (file: string) => gzipSync(await readFile(join(out, file)), { level: 9 }).length

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'tessera-loader-'))
  // Vitest sets NODE_ENV=test, which would make Vite pick Lit's development build: build as `vite build` does.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    const common = { mode: 'production', logLevel: 'error' as const }
    await build({ ...common, configFile: join(pkg, 'vite.loader.config.ts'), build: { outDir: out } })
    await build({
      ...common,
      configFile: join(pkg, 'vite.elements.config.ts'),
      build: { outDir: join(out, 'elements') },
    })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
})

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true })
})

describe('built output', () => {
  it('has stable names for the loader and every bundle entry', async () => {
    const names = await files(out)
    expect(names).toContain('tessera.js')
    expect(names).toContain('elements/consent.js')
    expect(names).toContain('elements/banner.js')
    expect(names).toContain('elements/cookie-settings.js')
    for (const name of names.filter((n) => n !== 'tessera.js' && !n.startsWith('elements/chunks/'))) {
      expect(name).toMatch(/^elements\/[a-z0-9-]+\.js$/)
    }
  })

  it('tessera.js is a classic script (no import statement) without Lit, and is small', async () => {
    const code = await readFile(join(out, 'tessera.js'), 'utf8')
    expect(() => new Script(code, { filename: 'tessera.js' })).not.toThrow()
    expect(code).not.toMatch(/^\s*(import|export)\b/m)
    for (const marker of [
      'litHtmlVersions',
      'reactiveElementVersions',
      'litElementVersions',
      'LitElement',
      '_$litType$',
    ]) {
      expect(code).not.toContain(marker)
    }
    expect(code).toContain('import(') // bundles are loaded with native dynamic import
    const gz = await gzipSize('tessera.js')
    console.log(`tessera.js: ${code.length} bytes, ${gz} bytes gzip`)
    expect(gz).toBeLessThan(6 * 1024)
  })

  it('the cookie banner path (tessera.js + banner bundle and everything it imports) is ≤ 12 KB gzip, without Lit', async () => {
    // Follows the banner entry's static imports: a shared chunk it pulls in counts too.
    const seen = new Set<string>()
    const visit = async (name: string) => {
      if (seen.has(name)) return
      seen.add(name)
      const code = await readFile(join(out, name), 'utf8')
      for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["'`](\.{1,2}\/[^"'`]+)["'`]/g)) {
        await visit(join(name, '..', m[1]!).split(sep).join('/'))
      }
    }
    await visit('elements/banner.js')
    let banner = 0
    for (const name of seen) {
      const code = await readFile(join(out, name), 'utf8')
      for (const marker of ['litHtmlVersions', 'reactiveElementVersions', '_$litType$'])
        expect(code).not.toContain(marker)
      banner += await gzipSize(name)
    }
    const loader = await gzipSize('tessera.js')
    const settings = await gzipSize('elements/cookie-settings.js')
    console.log(
      `first layer: tessera.js ${loader} + banner ${banner} (${[...seen].join(', ')}) = ${loader + banner} bytes gzip; cookie-settings.js ${settings}`
    )
    expect(loader + banner).toBeLessThanOrEqual(12 * 1024)
  })

  it('the viewer: cornerstone and the DICOM decoders only in a chunk the viewer imports dynamically', async () => {
    // Every module `entry` loads before it runs (static imports, followed through shared chunks).
    const staticClosure = async (entry: string): Promise<Set<string>> => {
      const seen = new Set<string>()
      const visit = async (name: string) => {
        if (seen.has(name)) return
        seen.add(name)
        const code = await readFile(join(out, name), 'utf8')
        for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*)["'`](\.{1,2}\/[^"'`]+)["'`]/g)) {
          await visit(join(name, '..', m[1]!).split(sep).join('/'))
        }
      }
      await visit(entry)
      return seen
    }
    const markers = ['cornerstone', 'dicomParser', 'WADO']
    const names = await files(out)
    const engines: string[] = []
    for (const name of names.filter((n) => n.startsWith('elements/chunks/'))) {
      const code = await readFile(join(out, name), 'utf8')
      if (code.includes('cornerstoneWADOImageLoader') && code.includes('dicomParser')) engines.push(name)
    }
    expect(engines).toHaveLength(1)
    const engine = engines[0]!
    // The banner path and the loader never carry any of it; no other bundle even reaches the chunk.
    for (const name of ['tessera.js', ...(await staticClosure('elements/banner.js'))]) {
      const code = await readFile(join(out, name), 'utf8')
      for (const marker of markers) expect(code, `${name} contains ${marker}`).not.toContain(marker)
    }
    for (const entry of names.filter((n) => /^elements\/[a-z0-9-]+\.js$/.test(n))) {
      expect(await staticClosure(entry), entry).not.toContain(engine)
      const code = await readFile(join(out, entry), 'utf8')
      if (entry !== 'elements/viewer.js') expect(code, entry).not.toContain(engine.slice('elements/'.length))
    }
    // The viewer fetches it with import() when it shows an image.
    const viewer = await readFile(join(out, 'elements/viewer.js'), 'utf8')
    const rel = `./${engine.slice('elements/'.length)}`
    expect(viewer.replace(/["'`]/g, '"')).toContain(`import("${rel}")`)
    let first = 0
    for (const name of await staticClosure('elements/viewer.js')) first += await gzipSize(name)
    const engineRaw = (await readFile(join(out, engine))).length
    const engineGz = await gzipSize(engine)
    console.log(
      `viewer: elements/viewer.js and its static imports ${first} bytes gzip; ${engine} ${engineRaw} bytes, ${engineGz} bytes gzip (on demand)`
    )
    expect(first).toBeLessThan(48 * 1024)
    expect(engineGz).toBeLessThan(640 * 1024)
  })

  it('element bundles contain Lit, use only relative imports and no dev-only references', async () => {
    const names = (await files(out)).filter((n) => n.startsWith('elements/'))
    let all = ''
    for (const name of names) {
      const code = await readFile(join(out, name), 'utf8')
      all += code
      const specifiers = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'`]([^"'`]+)["'`]/g)].map(
        (m) => m[1]!
      )
      for (const s of specifiers) expect(s, `${name} imports ${s}`).toMatch(/^\.\.?\//)
      expect(code).not.toMatch(/node_modules|process\.env|\/@vite\//)
      console.log(`${name}: ${code.length} bytes, ${await gzipSize(name)} bytes gzip`)
    }
    expect(all).toContain('litHtmlVersions')
    expect(all).not.toContain('Lit is in dev mode') // the production build of Lit
    expect(all).toContain('tessera-privacy-contact')
  })
})

// ---- end to end -------------------------------------------------------------------------------------------

const ALLOWED_KEY = 'pk_e2e_allowed_0000'
const REFUSED_KEY = 'pk_e2e_refused_0000'
const cookieConfig = {
  regime: 'opt_in',
  policyHash: '0123456789abcdef',
  policyVersion: 'pv_1',
  expiresDays: 365,
  categories: ['necessary', 'preferences', 'analytics', 'marketing'].map((key) => ({
    key,
    required: key === 'necessary',
    title: key,
    description: `${key} cookies`,
    cookies:
      key === 'analytics' ? [{ name: '_ga', provider: 'Google', duration: '2 years', purpose: 'stats' }] : [],
  })),
}
const widgetConfig = {
  tenant: {
    id: 'tn_e2e',
    name: 'E2E Imaging',
    legalName: 'E2E Imaging Co., Ltd.',
    country: 'KR',
    website: 'https://e2e.example',
  },
  locales: { default: 'en', supported: ['en', 'ko'] },
  branding: {
    primaryColor: '#aa0000',
    accentColor: '#00a37a',
    textColor: '#1b1f24',
    backgroundColor: '#ffffff',
    fontFamily: 'serif',
    radius: '2px',
    logoUrl: null,
  },
  officer: { name: 'Kim Minji', department: 'Privacy Office', email: 'privacy@e2e.example' },
  features: {
    consent: true,
    cookieBanner: false,
    policy: false,
    privacyCenter: false,
    upload: false,
    viewer: false,
  },
  apiVersion: 'v1',
}

describe('end to end in Chromium', () => {
  let server: Server
  let browser: Browser
  let api: string
  let site: string
  const requests: { path: string; key: string | undefined; origin: string | undefined }[] = []
  const receipts: {
    contentType: string | undefined
    key: string | null
    body: { visitorToken: string | null }
  }[] = []

  const types: Record<string, string> = {
    '.js': 'text/javascript; charset=utf-8',
    '.html': 'text/html; charset=utf-8',
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x')
    const host = req.headers.host ?? ''
    const origin = req.headers.origin
    requests.push({ path: url.pathname, key: req.headers['x-tessera-key'] as string | undefined, origin })
    if (host.startsWith('localhost')) {
      // The partner site.
      const key = url.searchParams.get('key') ?? ALLOWED_KEY
      const lang = url.searchParams.get('lang') ?? 'en'
      const late = url.searchParams.has('late')
      res.writeHead(200, { 'Content-Type': types['.html']! })
      if (url.searchParams.has('cookies')) {
        // tessera.js without async, before the page's own tags: Consent Mode defaults come first.
        res.end(`<!doctype html><html lang="en"><head><title>Cookies</title>
          <script src="${api}/widgets/v1/tessera.js" data-key="${key}"></script>
          <script>window.__firstCall = [...window.dataLayer[0]]</script></head><body><main>
          <script type="text/plain" data-tessera-category="analytics">window.__analyticsRan = (window.__analyticsRan || 0) + 1</script>
          <iframe title="Map" data-tessera-category="marketing" data-src="${api}/map"></iframe>
          <a href="#" data-tessera-open-cookie-settings>Cookie settings</a></main>
          <tessera-cookie-banner></tessera-cookie-banner></body></html>`)
        return
      }
      res.end(`<!doctype html><html lang="${lang}"><head><title>Partner</title></head><body>
        ${late ? '' : '<tessera-privacy-contact id="a"></tessera-privacy-contact>'}
        <script src="${api}/widgets/v1/tessera.js" data-key="${key}" async></script></body></html>`)
      return
    }
    if (url.pathname.startsWith('/widgets/v1/')) {
      const file = resolve(out, url.pathname.slice('/widgets/v1/'.length))
      if (!file.startsWith(out + sep)) return void res.writeHead(404).end()
      try {
        const body = await readFile(file)
        res.writeHead(200, {
          'Content-Type': types[extname(file)] ?? 'application/octet-stream',
          'Access-Control-Allow-Origin': '*',
        })
        res.end(body)
      } catch {
        res.writeHead(404).end()
      }
      return
    }
    if (url.pathname.startsWith('/v1/widget/cookies/')) {
      const cors = {
        'Access-Control-Allow-Origin': site,
        'Access-Control-Allow-Headers': 'X-Tessera-Key, Accept',
        Vary: 'Origin',
      }
      if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end()
      if (url.pathname.endsWith('/config')) {
        res.writeHead(200, { 'Content-Type': 'application/json', ...cors })
        res.end(JSON.stringify(cookieConfig))
        return
      }
      let body = ''
      for await (const chunk of req) body += chunk
      receipts.push({
        contentType: req.headers['content-type'],
        key: url.searchParams.get('key'),
        body: JSON.parse(body),
      })
      res.writeHead(201, { 'Content-Type': 'application/json', ...cors })
      res.end(
        JSON.stringify({
          receipt: 'ab'.repeat(32),
          visitorToken: `tok_${receipts.length}`,
          recordedAt: new Date().toISOString(),
        })
      )
      return
    }
    if (url.pathname === '/map') {
      res
        .writeHead(200, { 'Content-Type': types['.html']! })
        .end('<!doctype html><title>Map</title><p>Map</p>')
      return
    }
    if (url.pathname === '/v1/widget/config') {
      const allowed = origin === site
      const cors = allowed
        ? {
            'Access-Control-Allow-Origin': site,
            'Access-Control-Allow-Headers': 'X-Tessera-Key, Accept',
            Vary: 'Origin',
          }
        : {}
      if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end()
      const key = req.headers['x-tessera-key']
      if (!allowed || key !== ALLOWED_KEY) {
        res.writeHead(403, { 'Content-Type': 'application/problem+json', ...cors })
        res.end(
          JSON.stringify({
            type: 'https://tessera.dev/problems/origin-not-allowed',
            title: 'Origin not allowed',
            status: 403,
          })
        )
        return
      }
      res.writeHead(200, { 'Content-Type': 'application/json', ...cors })
      res.end(JSON.stringify(widgetConfig))
      return
    }
    res.writeHead(404).end()
  }

  beforeAll(async () => {
    server = createServer((req, res) => void handle(req, res))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as { port: number }
    api = `http://127.0.0.1:${port}`
    site = `http://localhost:${port}`
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true })
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise((r) => server?.close(r))
  })

  async function open(query: string): Promise<{ page: Page; warnings: string[]; errors: string[] }> {
    const page = await browser.newPage()
    const warnings: string[] = []
    const errors: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'warning' && m.text().startsWith('[Tessera]')) warnings.push(m.text())
    })
    page.on('pageerror', (e) => errors.push(e.message))
    requests.length = 0
    await page.goto(`${site}/?${query}`)
    return { page, warnings, errors }
  }

  const stateOf = (page: Page, sel = 'tessera-privacy-contact') =>
    page
      .waitForFunction((s) => {
        const state = document.querySelector(s)?.getAttribute('state')
        return state && state !== 'loading' ? state : false
      }, sel)
      .then((h) => h.jsonValue())

  it('loads the bundle for the element, fetches the config once with the key, themes and renders', async () => {
    const { page, warnings, errors } = await open('lang=ko')
    expect(await stateOf(page)).toBe('ready')
    const shown = await page.evaluate(() => {
      const el = document.querySelector('tessera-privacy-contact')!
      const heading = el.shadowRoot!.querySelector('[part=heading]')!
      return {
        heading: heading.textContent!.trim(),
        name: el.shadowRoot!.querySelector('[part=name]')!.textContent,
        colour: getComputedStyle(heading).color,
        themes: document.querySelectorAll('style[data-tessera-theme]').length,
      }
    })
    expect(shown).toEqual({
      heading: '개인정보 보호 문의',
      name: 'Kim Minji',
      colour: 'rgb(170, 0, 0)',
      themes: 1,
    })
    const tenantId = await page.evaluate(() =>
      (window as { Tessera?: TesseraGlobal }).Tessera!.ready.then((c) => c.tenant.id)
    )
    expect(tenantId).toBe('tn_e2e')
    const configGets = requests.filter((r) => r.path === '/v1/widget/config' && r.key)
    expect(configGets).toEqual([{ path: '/v1/widget/config', key: ALLOWED_KEY, origin: site }])
    // Entries only: Lit sits in a shared chunk now that two bundles (consent, cookie-settings) use it.
    const entries = requests.filter(
      (r) => r.path.startsWith('/widgets/v1/elements/') && !r.path.includes('/chunks/')
    )
    expect(entries.map((r) => r.path)).toEqual(['/widgets/v1/elements/consent.js'])
    expect(warnings).toEqual([])
    expect(errors).toEqual([])
    await page.close()
  })

  it('loads bundles for elements added after start-up', async () => {
    const { page } = await open('late')
    await page.waitForFunction(() => (window as { Tessera?: TesseraGlobal }).Tessera)
    await page.evaluate(() =>
      document.body.insertAdjacentHTML(
        'beforeend',
        '<div><tessera-privacy-contact></tessera-privacy-contact></div>'
      )
    )
    expect(await stateOf(page)).toBe('ready')
    await page.close()
  })

  it('on refusal shows the not-authorised state and logs one warning without the key', async () => {
    const { page, warnings } = await open(`key=${REFUSED_KEY}`)
    expect(await stateOf(page)).toBe('refused')
    const text = await page.evaluate(
      () =>
        document.querySelector('tessera-privacy-contact')!.shadowRoot!.querySelector('[role=status]')!
          .textContent
    )
    expect(text).toBe('This site is not authorised to show this content.')
    await page.waitForTimeout(50)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(site)
    expect(warnings[0]).not.toContain(REFUSED_KEY)
    await page.close()
  })

  it('cookie consent: Consent Mode first, banner, nothing before Accept, receipts, settings bundle on demand', async () => {
    const { page, errors } = await open('cookies')
    expect(await page.evaluate(() => (window as unknown as { __firstCall: unknown[] }).__firstCall)).toEqual([
      'consent',
      'default',
      expect.objectContaining({
        analytics_storage: 'denied',
        security_storage: 'granted',
        wait_for_update: 500,
      }),
    ])
    const banner = page.locator('tessera-cookie-banner')
    await page.waitForFunction(
      () => document.querySelector('tessera-cookie-banner')?.getAttribute('state') === 'open'
    )
    expect(await page.evaluate(() => (window as { __analyticsRan?: number }).__analyticsRan)).toBeUndefined()
    expect(await page.locator('iframe').getAttribute('src')).toBeNull()
    const elementPaths = () =>
      requests.filter((r) => r.path.startsWith('/widgets/v1/elements/')).map((r) => r.path)
    expect(elementPaths()).not.toContain('/widgets/v1/elements/cookie-settings.js')

    await banner.getByRole('button', { name: 'Accept all' }).click()
    await page.waitForFunction(() => (window as { __analyticsRan?: number }).__analyticsRan === 1)
    expect(await page.locator('iframe').getAttribute('src')).toBe(`${api}/map`)
    expect(await banner.getAttribute('state')).toBe('collapsed')
    await expect.poll(() => receipts.length).toBe(1)
    expect(receipts[0]).toMatchObject({
      contentType: 'text/plain;charset=UTF-8',
      key: ALLOWED_KEY,
      body: { visitorToken: null },
    })
    expect(requests.some((r) => r.path === '/v1/widget/cookies/receipts' && r.origin === site)).toBe(true)

    await page.getByRole('link', { name: 'Cookie settings' }).click()
    await page.getByRole('dialog').waitFor()
    expect(elementPaths()).toContain('/widgets/v1/elements/cookie-settings.js')
    await page.getByRole('dialog').getByRole('button', { name: 'Reject all' }).click()
    await expect.poll(() => receipts.length).toBe(2)
    expect(receipts[1]!.body).toMatchObject({ visitorToken: 'tok_1', choices: { analytics: false } })
    const last = await page.evaluate(() => [
      ...(window as unknown as { dataLayer: IArguments[] }).dataLayer.at(-1)!,
    ])
    expect(last).toEqual(['consent', 'update', expect.objectContaining({ analytics_storage: 'denied' })])

    // Next page load: the stored choice is the default, and the banner stays collapsed.
    await page.reload()
    expect(await page.evaluate(() => (window as unknown as { __firstCall: unknown[] }).__firstCall)).toEqual([
      'consent',
      'default',
      expect.objectContaining({ analytics_storage: 'denied', ad_storage: 'denied' }),
    ])
    await page.waitForFunction(
      () => document.querySelector('tessera-cookie-banner')?.getAttribute('state') === 'collapsed'
    )
    expect(await page.evaluate(() => (window as { __analyticsRan?: number }).__analyticsRan)).toBeUndefined()
    expect(errors).toEqual([])
    await page.close()
  })
})
