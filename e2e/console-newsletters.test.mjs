// The console's Newsletters page end to end: a member registers with the newsletter ticked and
// confirms both mails (double opt-in), the owner composes a campaign in the console, sees hostile
// Markdown refused beside its field, previews the newsletter, sends a test that the SMTP server
// receives marked as a test, then sends the campaign to the audience and sees the delivery
// statistics reach "sent"; axe-clean at each step, no CSP violation, no console error.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { launchChromium } from './support.mjs'
import { axeViolations, buildConsole, signInAsOwner } from './console-support.mjs'
import { DEMO_KEY, startStack } from './stack.mjs'

const SUBSCRIBER = 'newsletter-reader@example.com'
const TESTER = 'newsletter-editor@hanbit-imaging.example'
const SUBJECT = `Winter at Hanbit ${Date.now().toString(36)}`

describe('console Newsletters page in Chromium', () => {
  let stack, browser

  const widgetHeaders = () => ({
    'content-type': 'application/json',
    'x-tessera-key': DEMO_KEY,
    origin: stack.demoUrl,
  })

  /** Registers a member with the newsletter ticked, verifies the address and confirms the opt-in. */
  async function subscribe(email) {
    const purposes = await (
      await fetch(`${stack.apiUrl}/v1/widget/purposes`, { headers: widgetHeaders() })
    ).json()
    const registered = await fetch(`${stack.apiUrl}/v1/widget/members`, {
      method: 'POST',
      headers: widgetHeaders(),
      body: JSON.stringify({
        firstName: 'News',
        lastName: 'Reader',
        nationality: 'KR',
        email,
        locale: 'en',
        policyVersion: purposes.policyVersion,
        consents: [{ purpose: 'marketing', granted: true }],
        returnUrl: `${stack.demoUrl}/account.html`,
      }),
    })
    assert.equal(registered.status, 202, await registered.clone().text())
    const verifyMail = await stack.mailTo(email, (m) => /tessera-verify=mv_/.test(String(m.parsed.text)))
    const token = /tessera-verify=(mv_[0-9A-Za-z]+)/.exec(String(verifyMail.parsed.text))[1]
    const verified = await fetch(`${stack.apiUrl}/v1/widget/members/verify`, {
      method: 'POST',
      headers: widgetHeaders(),
      body: JSON.stringify({ token }),
    })
    assert.equal(verified.status, 201)
    const confirmPattern = /https?:\/\/[^/\s]+\/newsletter\/[^/\s]+\/confirm\/[A-Za-z0-9_-]+/
    const optIn = await stack.mailTo(email, (m) => confirmPattern.test(String(m.parsed.text)))
    const confirmed = await fetch(confirmPattern.exec(String(optIn.parsed.text))[0], {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'confirm=yes',
    })
    assert.equal(confirmed.status, 200, await confirmed.clone().text())
  }

  before(async () => {
    buildConsole()
    stack = await startStack({ apiPort: 3376, demoPort: 3436, smtpPort: 2556, redisDb: 15, worker: true })
    browser = await launchChromium()
    await subscribe(SUBSCRIBER)
  })
  after(async () => {
    await browser?.close()
    await stack?.close()
  })

  test('compose, refusal beside the field, preview, test send, send to the audience, statistics', async () => {
    const token = await stack.ownerToken()
    const audience = await (
      await fetch(`${stack.apiUrl}/v1/admin/newsletters/audience`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()
    assert.ok(audience.eligible >= 1, 'the confirmed subscriber is in the audience')

    const context = await browser.newContext({ timezoneId: 'Asia/Seoul' })
    const page = await context.newPage()
    const problems = []
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        problems.push(`console: ${m.text()}`)
    })
    await page.exposeFunction('__cspViolation', (v) => problems.push(`csp: ${v}`))
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`)
      )
    })
    const failures = []
    page.on('response', (r) => {
      if (r.status() >= 400)
        failures.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`)
    })

    await page.goto(`${stack.apiUrl}/console/newsletters`)
    await signInAsOwner(page, stack.tenantId)
    const newsletters = page.locator('tessera-console-newsletters')
    if (!(await newsletters.isVisible().catch(() => false))) {
      await page.getByRole('link', { name: 'Newsletters' }).click()
    }
    await newsletters.locator('h1').waitFor()
    await assert.doesNotReject(
      newsletters
        .locator('.audience')
        .filter({ hasText: `${audience.eligible} member` })
        .waitFor({ timeout: 10_000 })
    )
    assert.deepEqual(await axeViolations(page), [], 'the list is axe-clean')

    // Compose: an iframe in the body is refused by the API, beside the body.
    await page.locator('#new-campaign').click()
    const editor = page.locator('tessera-console-newsletter-editor')
    await editor.locator('#name').fill('Winter letter')
    await editor.locator('#en-subject').fill(`${SUBJECT} (draft)`)
    await editor.locator('#en-body').fill('Hello <iframe src="https://tracker.example/"></iframe>')
    await editor.getByRole('button', { name: 'Create draft' }).click()
    const bodyError = editor.locator('#en-body-error')
    await bodyError.waitFor()
    assert.match(await bodyError.textContent(), /Raw HTML is not allowed/)
    assert.equal(await editor.locator('#en-body').getAttribute('aria-invalid'), 'true')
    assert.equal(await editor.locator('#en-subject').getAttribute('aria-invalid'), 'false')
    assert.deepEqual(await axeViolations(page), [], 'the refusal is axe-clean')
    assert.ok(failures.includes('422 POST /v1/admin/newsletters/campaigns'), failures.join(', '))

    await editor
      .locator('#en-body')
      .fill(
        '## Our winter update\n\nThe viewer now compares **two studies** side by side.\n\n- faster uploads\n- a Korean manual\n\nRead [the notes](https://hanbit-imaging.example/notes).'
      )
    await editor.getByRole('button', { name: 'Create draft' }).click()
    const detail = page.locator('tessera-console-newsletter-campaign')
    await detail.locator('#campaign-title').filter({ hasText: 'Winter letter' }).waitFor()
    assert.equal(await detail.locator('[data-status]').first().textContent(), 'Draft')

    // An edit is saved with the version loaded (If-Match from the API's ETag).
    const detailEditor = detail.locator('tessera-console-newsletter-editor')
    await detailEditor.locator('#en-subject').fill(SUBJECT)
    await detailEditor.getByRole('button', { name: 'Save draft' }).click()
    await detailEditor.locator('[role="status"]').filter({ hasText: 'The campaign was saved.' }).waitFor()

    // The preview: the rendered newsletter in a sandboxed frame.
    const frameElement = detail.locator('tessera-console-newsletter-preview iframe')
    assert.equal(await frameElement.getAttribute('sandbox'), 'allow-same-origin')
    const frame = page.frameLocator('tessera-console-newsletter-preview iframe')
    await frame.locator('h1').filter({ hasText: SUBJECT }).waitFor()
    await frame.locator('strong').filter({ hasText: 'two studies' }).waitFor()
    assert.equal(await frame.locator('a[href="https://hanbit-imaging.example/notes"]').count(), 1)
    assert.equal(await frame.locator('li').count(), 2)
    assert.equal(await frame.locator('script').count(), 0)
    // The mail's own styles, put back through the CSSOM under the console's CSP.
    await assert.doesNotReject(
      frame.locator('h1').evaluate(async (h1) => {
        for (let i = 0; i < 50 && getComputedStyle(h1).fontSize !== '22px'; i++)
          await new Promise((r) => setTimeout(r, 100))
        if (getComputedStyle(h1).fontSize !== '22px') throw new Error(getComputedStyle(h1).fontSize)
      })
    )
    assert.deepEqual(await axeViolations(page), [], 'the campaign with its preview is axe-clean')

    // A test to an address: the SMTP server gets it, marked as a test.
    await detail.locator('#test-to').fill(TESTER)
    await detail.getByRole('button', { name: 'Send test' }).click()
    await detail
      .locator('[role="status"]')
      .filter({ hasText: `The test was sent to ${TESTER}.` })
      .waitFor()
    const test = await stack.mailTo(TESTER)
    assert.equal(test.parsed.subject, `[Test] ${SUBJECT}`)
    assert.match(String(test.parsed.text), /two studies/)
    assert.match(String(test.parsed.html), /<strong>two studies<\/strong>/)
    const unsubscribe = test.parsed.headerLines.find((h) => h.key === 'list-unsubscribe')
    assert.match(
      unsubscribe?.line ?? '',
      /\/newsletter\/[^/]+\/unsubscribe\//,
      'the test has the unsubscribe header too'
    )

    // A schedule in the past is refused beside its field.
    await detail.locator('#sendAt').fill('2020-01-01T09:00')
    await detail.getByRole('button', { name: 'Schedule' }).click()
    await detail.locator('#sendAt-error').filter({ hasText: 'Schedule at least a minute ahead' }).waitFor()
    assert.match(await detail.locator('#sendAt-hint').textContent(), /Asia\/Seoul/)

    // Send to the audience, after the confirmation; the statistics count the delivery.
    await detail.getByRole('button', { name: 'Send now…' }).click()
    await detail.locator('#send-confirm').click()
    const stats = detail.locator('tessera-console-newsletter-stats')
    await stats
      .locator('[data-stat="sent"]')
      .filter({ hasText: String(audience.eligible) })
      .waitFor({ timeout: 30_000 })
    await detail.locator('[data-status="sent"]').waitFor({ timeout: 30_000 })
    assert.equal(await stats.locator('[data-stat="failed"]').textContent(), '0')
    assert.equal(await stats.locator('[data-stat="pending"]').textContent(), '0')
    const delivered = await stack.mailTo(SUBSCRIBER, (m) => String(m.parsed.subject).includes(SUBJECT))
    assert.equal(delivered.parsed.subject, `(광고) ${SUBJECT}`, 'a Korean national gets the advertising mark')
    assert.match(String(delivered.parsed.text), /two studies/)
    assert.deepEqual(await axeViolations(page), [], 'the statistics are axe-clean')

    // Sending twice: the API refuses (409) and the page says so; here through the API, as a second admin would.
    const campaignId = await detail.evaluate((el) => el.campaignId)
    const again = await fetch(`${stack.apiUrl}/v1/admin/newsletters/campaigns/${campaignId}/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(again.status, 409)

    // Back in the list, the campaign is sent with its recipient count.
    await detail.page().locator('#back').click()
    const row = newsletters.locator(`tr[data-campaign="${campaignId}"]`)
    await row.locator('[data-status="sent"]').waitFor()
    assert.equal((await row.locator('td.number').textContent()).trim(), String(audience.eligible))
    assert.equal(
      (await row.locator('td.delivery').textContent()).trim(),
      `${audience.eligible} sent, 0 failed, 0 uncertain, 0 skipped`
    )

    assert.deepEqual(problems, [])
    await context.close()
  })

  test('an analyst sees the campaigns read-only; an expired session leads back to signing in', async () => {
    const token = await stack.ownerToken()
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const analyst = {
      email: `analyst.${Date.now().toString(36)}@hanbit-imaging.example`,
      password: 'analyst-password-1',
    }
    const invited = await fetch(`${stack.apiUrl}/v1/admin/admins`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ ...analyst, fullName: 'An Analyst', role: 'analyst' }),
    })
    assert.equal(invited.status, 201, await invited.clone().text())
    const created = await fetch(`${stack.apiUrl}/v1/admin/newsletters/campaigns`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        name: '<b>Spring</b> letter',
        content: { en: { subject: 'Spring at Hanbit', body: 'Plain *Markdown* here.' } },
      }),
    })
    assert.equal(created.status, 201)
    const { id } = await created.json()

    const context = await browser.newContext()
    const page = await context.newPage()
    const problems = []
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    await page.exposeFunction('__cspViolation', (v) => problems.push(`csp: ${v}`))
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`)
      )
    })
    await page.goto(`${stack.apiUrl}/console/newsletters/${id}`)
    await signInAsOwner(page, stack.tenantId, analyst)
    const detail = page.locator('tessera-console-newsletter-campaign')
    await detail.locator('#campaign-title').waitFor({ timeout: 15_000 })
    // The name is shown as typed, not as markup.
    assert.equal(await detail.locator('#campaign-title').textContent(), '<b>Spring</b> letter')
    await page
      .locator('tessera-console-newsletters .notice')
      .filter({ hasText: 'may view the newsletters' })
      .waitFor()
    assert.equal(await detail.locator('tessera-console-newsletter-editor').count(), 0)
    assert.equal(await detail.locator('#test-to').count(), 0)
    assert.equal(await detail.locator('#send-now').count(), 0)
    assert.match(await detail.locator('dd pre').textContent(), /Plain \*Markdown\* here\./)
    await page
      .frameLocator('tessera-console-newsletter-preview iframe')
      .locator('em')
      .filter({ hasText: 'Markdown' })
      .waitFor()
    assert.deepEqual(await axeViolations(page), [], 'the read-only campaign is axe-clean')

    // The session ends (signed out elsewhere): the next call leads back to signing in, with a notice.
    const sessionToken = await page.evaluate(() => sessionStorage.getItem('tessera.console.token'))
    const revoked = await fetch(`${stack.apiUrl}/v1/admin/sessions/current`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${sessionToken}` },
    })
    assert.equal(revoked.status, 204)
    await page.locator('tessera-console-newsletters #back').click()
    await page.locator('tessera-console-sign-in').filter({ hasText: 'Your session has ended' }).waitFor()
    assert.deepEqual(problems, [])
    await context.close()
  })
})
