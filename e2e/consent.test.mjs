// Sign-up with consent end to end: the form on the demo site, the verification link through a real
// SMTP server, the signed-in choices, withdrawal in one action, and the proof in the API.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { launchChromium } from './support.mjs'
import { startStack } from './stack.mjs'

describe('registration with consent and withdrawal in Chromium', () => {
  let stack, browser
  before(async () => {
    stack = await startStack({ apiPort: 3344, demoPort: 3405, smtpPort: 2530, redisDb: 6, worker: true })
    browser = await launchChromium()
  })
  after(async () => {
    await browser?.close()
    await stack?.close()
  })

  test('sign up with the imaging consent only, verify by e-mail, withdraw it with one click', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${stack.demoUrl}/account.html`)
    const el = page.locator('tessera-consent')
    await el.locator('#firstName').waitFor({ timeout: 15_000 })

    // Nothing is pre-ticked.
    for (const box of await el.locator('input[name="consents"]').all())
      assert.equal(await box.isChecked(), false)

    await el.locator('#firstName').fill('Hye-jin')
    await el.locator('#lastName').fill('Seo')
    await el.locator('#company').fill('Busan Medical Center')
    await el.locator('#nationality').selectOption('KR')
    await el.locator('#email').fill('hye-jin.seo@example.com')
    await el.locator('#purpose-image_analysis').check()
    await el.locator('form[part="form"] button[type="submit"]').first().click()
    await el.locator('[data-view="inbox"]').waitFor({ timeout: 10_000 })

    const mail = await stack.mailTo('hye-jin.seo@example.com')
    const link = /(http:\/\/localhost:\d+\/account\.html#tessera-verify=mv_[0-9A-Za-z]+)/.exec(
      String(mail.parsed.text)
    )[1]
    // As from the mail client: the link opens in a new tab.
    await page.close()
    const linkPage = await context.newPage()
    await linkPage.goto(link)
    const el2 = linkPage.locator('tessera-consent')
    const toggle = el2.locator('#toggle-image_analysis')
    await toggle.waitFor({ timeout: 15_000 })
    assert.equal(new URL(linkPage.url()).hash, '', 'the token left the address bar')
    assert.equal(await toggle.getAttribute('data-action'), 'withdraw')
    assert.equal(
      await el2.locator('#toggle-marketing').getAttribute('data-action'),
      'grant',
      'marketing was not given'
    )

    await toggle.click()
    for (let i = 0; i < 100 && (await toggle.getAttribute('data-action')) !== 'grant'; i++)
      await linkPage.waitForTimeout(100)
    assert.equal(await toggle.getAttribute('data-action'), 'grant')

    // The ledger has registration grant/deny and the withdrawal, and still verifies.
    const token = await stack.ownerToken()
    const auth = { authorization: `Bearer ${token}` }
    const ndjson = await (
      await fetch(`${stack.apiUrl}/v1/admin/consent/export?reason=end-to-end%20check`, { headers: auth })
    ).text()
    const events = ndjson
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((e) => e.subject.type === 'member')
    assert.deepEqual(
      events.map((e) => `${e.target.key}:${e.action}:${e.source}`),
      ['image_analysis:grant:registration', 'marketing:deny:registration', 'image_analysis:withdraw:widget']
    )
    const verify = await (await fetch(`${stack.apiUrl}/v1/admin/consent/verify`, { headers: auth })).json()
    assert.equal(verify.ok, true)
    await context.close()
  })
})
