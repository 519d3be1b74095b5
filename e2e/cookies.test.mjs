// Cookie consent end to end on the demo site: the banner, real script and iframe blocking, Consent
// Mode, GPC, withdrawal, keyboard use and accessibility, against the real API in Chromium.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { launchChromium } from './support.mjs'
import { startStack } from './stack.mjs'

const require = createRequire(import.meta.url)
const AXE = require.resolve('axe-core/axe.min.js')

/** Polls `fn` in the page until it returns true (page.evaluate, which the page's CSP does not affect). */
async function until(p, fn, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await p.evaluate(fn)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`condition not met within ${timeoutMs} ms: ${fn}`)
}

describe('cookie banner and blocking in Chromium', () => {
  let stack, browser
  const page = async (options = {}) => {
    const context = await browser.newContext(options)
    const p = await context.newPage()
    const receipts = []
    p.on('request', (r) => {
      if (r.url().includes('/v1/widget/cookies/receipts')) receipts.push(JSON.parse(r.postData() ?? '{}'))
    })
    const violations = []
    await p.exposeFunction('__cspViolation', (v) => violations.push(v))
    await p.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`)
      )
    })
    await p.goto(`${stack.demoUrl}/cookies.html`)
    return { p, context, receipts, violations }
  }
  const banner = (p) => p.locator('tessera-cookie-banner')

  before(async () => {
    stack = await startStack({ apiPort: 3342, demoPort: 3403, smtpPort: 2528, redisDb: 5 })
    browser = await launchChromium()
  })
  after(async () => {
    await browser?.close()
    await stack?.close()
  })

  test('the banner appears; Accept and Reject are equally prominent; nothing blocked has run', async () => {
    const { p, context, violations } = await page()
    const accept = banner(p).locator('[data-act="accept"]')
    const reject = banner(p).locator('[data-act="reject"]')
    await accept.waitFor({ state: 'visible', timeout: 15_000 })
    const [a, r] = [await accept.boundingBox(), await reject.boundingBox()]
    assert.equal(Math.round(a.width), Math.round(r.width))
    assert.equal(Math.round(a.height), Math.round(r.height))
    const style = (l) =>
      l.evaluate((el) => {
        const s = getComputedStyle(el)
        return [s.fontWeight, s.fontSize, s.color, s.backgroundColor, s.borderColor].join('|')
      })
    assert.equal(await style(accept), await style(reject))
    assert.equal(await p.evaluate(() => window.__analyticsRan ?? 0), 0)
    assert.equal(await p.locator('iframe[data-tessera-category]').getAttribute('src'), null)
    const layer = await p.evaluate(() => window.dataLayer.map((e) => Array.from(e)))
    assert.deepEqual(layer[0].slice(0, 2), ['consent', 'default'])
    assert.equal(layer[0][2].analytics_storage, 'denied')
    assert.equal(layer[0][2].ad_storage, 'denied')
    assert.equal(layer[0][2].security_storage, 'granted')
    assert.deepEqual(violations, [], 'no CSP violation under the demo CSP (no inline script, no eval)')
    await context.close()
  })

  test('Reject: the blocked script never runs, also after reload; the receipt reaches the ledger', async () => {
    const { p, context, receipts } = await page()
    await banner(p).locator('[data-act="reject"]').click()
    await banner(p).locator('[data-act="reopen"]').waitFor({ state: 'visible' })
    await p.reload()
    await banner(p).locator('[data-act="reopen"]').waitFor({ state: 'visible', timeout: 15_000 })
    // A blocked node injected after load stays blocked too.
    await p.evaluate(() => {
      const s = document.createElement('script')
      s.type = 'text/plain'
      s.dataset.tesseraCategory = 'analytics'
      s.src = '/analytics-demo.js'
      document.body.append(s)
    })
    await p.waitForTimeout(300)
    assert.equal(await p.evaluate(() => window.__analyticsRan ?? 0), 0)
    assert.equal(receipts.length, 1)
    assert.deepEqual(receipts[0].choices, { preferences: false, analytics: false, marketing: false })
    const token = await stack.ownerToken()
    const stats = await (
      await fetch(`${stack.apiUrl}/v1/admin/consent/stats`, { headers: { authorization: `Bearer ${token}` } })
    ).json()
    assert.ok(stats.data.some((r) => r.target.key === 'analytics' && r.action === 'deny' && r.count >= 1))
    await context.close()
  })

  test('Accept: the script runs once, the iframe loads, Consent Mode is updated; later nodes run too', async () => {
    const { p, context, receipts } = await page()
    await banner(p).locator('[data-act="accept"]').click()
    await until(p, () => window.__analyticsRan === 1)
    assert.equal(await p.locator('iframe[data-tessera-category]').getAttribute('src'), '/map-embed.html')
    const updates = await p.evaluate(() =>
      window.dataLayer.map((e) => Array.from(e)).filter((e) => e[1] === 'update')
    )
    assert.equal(updates.at(-1)[2].analytics_storage, 'granted')
    assert.equal(updates.at(-1)[2].ad_user_data, 'granted')
    assert.equal(receipts.at(-1).gpc, false)
    await p.evaluate(() => {
      const s = document.createElement('script')
      s.type = 'text/plain'
      s.dataset.tesseraCategory = 'analytics'
      s.src = '/analytics-demo.js?late'
      document.body.append(s)
    })
    await until(p, () => window.__analyticsRan === 2)
    await context.close()
  })

  test('withdrawal in the settings removes the category cookies and stops further loading; keyboard only', async () => {
    const { p, context, receipts } = await page()
    await banner(p).locator('[data-act="accept"]').click()
    await until(p, () => window.__analyticsRan === 1)
    await p.evaluate(() => {
      document.cookie = 'demo_analytics=1; path=/'
    })
    // Keyboard: focus the persistent button, open the dialog, switch analytics off, save.
    const reopen = banner(p).locator('[data-act="reopen"]')
    await reopen.focus()
    await p.keyboard.press('Enter')
    const dialog = p.locator('tessera-cookie-settings [part="dialog"]')
    await dialog.waitFor({ state: 'visible', timeout: 10_000 })
    // Tab stays inside the open dialog.
    for (let i = 0; i < 12; i++) {
      await p.keyboard.press('Tab')
      const inside = await p.evaluate(() => {
        const host = document.querySelector('tessera-cookie-settings')
        return document.activeElement === host
      })
      assert.ok(inside, 'focus left the dialog')
    }
    await p.locator('tessera-cookie-settings #switch-analytics').focus()
    await p.keyboard.press('Space')
    await p.locator('tessera-cookie-settings [part~="save"]').focus()
    await p.keyboard.press('Enter')
    // The analytics script already ran and cannot be unloaded: the dialog says so and offers a reload.
    await p.locator('tessera-cookie-settings .notice').waitFor({ state: 'visible', timeout: 10_000 })
    await p.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 })
    assert.equal(
      await p.evaluate(() => document.cookie.includes('demo_analytics')),
      false,
      'analytics cookie deleted'
    )
    assert.deepEqual(receipts.at(-1).choices, { preferences: true, analytics: false, marketing: true })
    await p.evaluate(() => {
      const s = document.createElement('script')
      s.type = 'text/plain'
      s.dataset.tesseraCategory = 'analytics'
      s.src = '/analytics-demo.js?after-withdrawal'
      document.body.append(s)
    })
    await p.waitForTimeout(300)
    assert.equal(await p.evaluate(() => window.__analyticsRan), 1)

    // Escape closes the dialog and focus goes back to where it was opened from.
    await reopen.focus()
    await p.keyboard.press('Enter')
    await dialog.waitFor({ state: 'visible' })
    await p.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    assert.equal(await p.evaluate(() => document.activeElement?.tagName), 'TESSERA-COOKIE-BANNER')
    await context.close()
  })

  test('with GPC the defaults are denied and the receipt says so; an explicit Accept still wins', async () => {
    const context = await browser.newContext()
    const p = await context.newPage()
    await p.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true })
    )
    const receipts = []
    p.on(
      'request',
      (r) => r.url().includes('/cookies/receipts') && receipts.push(JSON.parse(r.postData() ?? '{}'))
    )
    await p.goto(`${stack.demoUrl}/cookies.html`)
    await banner(p).locator('[data-act="accept"]').waitFor({ state: 'visible', timeout: 15_000 })
    const first = await p.evaluate(() => Array.from(window.dataLayer[0]))
    assert.equal(first[2].analytics_storage, 'denied')
    await banner(p).locator('[data-act="accept"]').click()
    await until(p, () => window.__analyticsRan === 1)
    assert.equal(receipts.at(-1).gpc, true)
    assert.equal(receipts.at(-1).choices.analytics, true)
    await context.close()
  })

  test('axe-core finds no violations in the banner, the collapsed button and the settings dialog', async () => {
    const context = await browser.newContext({ bypassCSP: true })
    const p = await context.newPage()
    await p.goto(`${stack.demoUrl}/cookies.html`)
    await banner(p).locator('[data-act="accept"]').waitFor({ state: 'visible', timeout: 15_000 })
    await p.addScriptTag({ path: AXE })
    const scan = () =>
      p.evaluate(async () =>
        (await window.axe.run('tessera-cookie-banner, tessera-cookie-settings')).violations.map(
          (v) => `${v.id}: ${v.nodes.length}`
        )
      )
    assert.deepEqual(await scan(), [])
    await banner(p).locator('[data-act="settings"]').click()
    await p.locator('tessera-cookie-settings [part="dialog"]').waitFor({ state: 'visible', timeout: 10_000 })
    assert.deepEqual(await scan(), [])
    await p.locator('tessera-cookie-settings [part~="reject"]').click()
    await banner(p).locator('[data-act="reopen"]').waitFor({ state: 'visible' })
    assert.deepEqual(await scan(), [])
    await context.close()
  })
})
