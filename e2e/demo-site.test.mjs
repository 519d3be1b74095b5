// End to end, on the production column: MariaDB, Redis, a real SMTP server, the API and the demo
// partner site as separate processes, driven in Debian's Chromium.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { launchChromium, startForeignSite } from './support.mjs'
import { startStack, DEMO_KEY } from './stack.mjs'

const API_PORT = 3340
const DEMO_PORT = 3401
const FOREIGN_PORT = 3402
const SMTP_PORT = 2526
const API_URL = `http://localhost:${API_PORT}`
const DEMO_URL = `http://localhost:${DEMO_PORT}`

/** As the demo tenant's owner: post a version that adds a purpose, taking effect in 30 days. */
async function scheduleSignificantChange() {
  const config = await (
    await fetch(`${API_URL}/v1/widget/config`, { headers: { 'x-tessera-key': DEMO_KEY, origin: DEMO_URL } })
  ).json()
  const json = { 'content-type': 'application/json' }
  const session = await fetch(`${API_URL}/v1/admin/sessions`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({
      tenant: config.tenant.id,
      email: 'owner@hanbit-imaging.example',
      password: 'demo-owner-password',
    }),
  })
  const auth = { ...json, authorization: `Bearer ${(await session.json()).token}` }
  const draft = await (
    await fetch(`${API_URL}/v1/admin/policy/versions`, { method: 'POST', headers: auth, body: '{}' })
  ).json()
  const purposes = [
    ...draft.content.purposes,
    {
      key: 'research',
      lawfulBasis: 'consent',
      consentBased: true,
      required: false,
      specialCategory: true,
      items: ['medical_images'],
      title: { en: 'Research on de-identified images', ko: '비식별 영상을 이용한 연구' },
      description: {
        en: 'Improving our models with images you let us keep.',
        ko: '허락하신 영상으로 모델을 개선합니다.',
      },
    },
  ]
  const patched = await fetch(`${API_URL}/v1/admin/policy/versions/${draft.id}`, {
    method: 'PATCH',
    headers: auth,
    body: JSON.stringify({ purposes }),
  })
  assert.equal(patched.status, 200)
  const effectiveAt = new Date(Date.now() + 31 * 24 * 3600 * 1000).toISOString()
  const published = await fetch(`${API_URL}/v1/admin/policy/versions/${draft.id}/publish`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ effectiveAt }),
  })
  assert.equal(published.status, 200, await published.clone().text())
}

describe('demo partner site in Chromium', () => {
  let stack, foreign, browser

  before(async () => {
    stack = await startStack({ apiPort: API_PORT, demoPort: DEMO_PORT, smtpPort: SMTP_PORT, redisDb: 2 })
    foreign = await startForeignSite(FOREIGN_PORT, API_URL, DEMO_KEY)
    await scheduleSignificantChange()
    browser = await launchChromium()
  })

  after(async () => {
    await browser?.close()
    foreign?.close()
    await stack?.close()
  })

  test('the loader renders the privacy contact in the tenant branding, talking to nobody but the API', async () => {
    const page = await browser.newPage()
    const hosts = new Set()
    page.on('request', (request) => hosts.add(new URL(request.url()).host))
    await page.goto(DEMO_URL)
    const element = page.locator('tessera-privacy-contact')
    await element.locator('[part="name"]').waitFor({ timeout: 15_000 })
    assert.equal(await element.getAttribute('state'), 'ready')
    assert.equal(await element.locator('[part="name"]').textContent(), 'Seo-yeon Park')
    assert.equal(
      await element.locator('[part="email"]').getAttribute('href'),
      'mailto:privacy@hanbit-imaging.example'
    )
    const primary = await page.evaluate(() =>
      getComputedStyle(document.querySelector('tessera-privacy-contact'))
        .getPropertyValue('--tessera-color-primary')
        .trim()
    )
    assert.equal(primary, '#0f766e', 'tenant colour applied as a --tessera-* custom property')
    assert.deepEqual(
      [...hosts].sort(),
      [`localhost:${API_PORT}`, `localhost:${DEMO_PORT}`].sort(),
      'no third-party request'
    )
    await page.close()
  })

  test('the policy page shows the current policy with the officer and the upcoming significant change', async () => {
    const page = await browser.newPage()
    await page.goto(`${DEMO_URL}/policy.html`)
    const policy = page.locator('tessera-policy')
    await page.waitForFunction(
      () => document.querySelector('tessera-policy')?.getAttribute('state') === 'ready',
      null,
      { timeout: 15_000 }
    )
    await policy.locator('[part="document"]').getByText('Seo-yeon Park').first().waitFor({ timeout: 10_000 })
    const banner = policy.locator('[part="banner"]')
    await banner.waitFor({ timeout: 10_000 })
    const text = await banner.textContent()
    assert.match(text, /Research on de-identified images/)
    assert.match(text, new RegExp(String(new Date(Date.now() + 31 * 24 * 3600 * 1000).getUTCFullYear())))
    await page.close()
  })

  test('the Korean page shows the Korean copy', async () => {
    const page = await browser.newPage()
    await page.goto(`${DEMO_URL}/ko.html`)
    const heading = page.locator('tessera-privacy-contact [part="heading"]')
    await heading.waitFor({ timeout: 15_000 })
    assert.match(await heading.textContent(), /개인정보/)
    await page.close()
  })

  test('a page on an origin the tenant does not allow is refused', async () => {
    const page = await browser.newPage()
    const statuses = []
    page.on('response', (response) => {
      if (response.url().includes('/v1/widget/config')) statuses.push(response.status())
    })
    const warnings = []
    page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()))
    await page.goto(`http://127.0.0.1:${FOREIGN_PORT}/`)
    const element = page.locator('tessera-privacy-contact')
    await page.waitForFunction(
      () => document.querySelector('tessera-privacy-contact')?.getAttribute('state') === 'refused',
      null,
      {
        timeout: 15_000,
      }
    )
    assert.equal(await element.locator('[part="name"]').count(), 0, 'no tenant data shown')
    assert.ok(
      statuses.length === 0 || statuses.every((s) => s === 403 || s === 204),
      `config answered ${statuses}`
    )
    assert.ok(
      warnings.every((w) => !w.includes(DEMO_KEY)),
      'the key is not logged'
    )
    await page.close()
  })
})
