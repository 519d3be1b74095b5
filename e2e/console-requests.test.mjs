// The console's Privacy requests page end to end: a member files a correction request through the
// widget API; the owner finds it in the inbox with its due date, opens it, starts handling it and
// completes it; the member gets the mail and the request shows completed (also from a deep link). A
// second admin's completion is refused (409); a letter request is recorded and appears in the inbox;
// an ended session leads back to signing in. axe on the inbox, the request and each dialog.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { launchChromium } from './support.mjs'
import { axeViolations, buildConsole, signInAsOwner } from './console-support.mjs'
import { DEMO_KEY, startStack } from './stack.mjs'

describe('console Privacy requests page in Chromium', () => {
  let stack, browser
  const widgetHeaders = () => ({
    'content-type': 'application/json',
    'x-tessera-key': DEMO_KEY,
    origin: stack.demoUrl,
  })

  /** Watches a page for script errors, console errors and CSP violations. */
  async function watch(page) {
    const problems = []
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        problems.push(`console: ${m.text()}`)
    })
    await page.exposeFunction('__cspViolation', (v) => problems.push(`csp: ${v}`))
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`)
      )
    })
    return problems
  }

  before(async () => {
    buildConsole()
    stack = await startStack({ apiPort: 3374, demoPort: 3434, smtpPort: 2554, redisDb: 14, worker: true })
    browser = await launchChromium()
  })
  after(async () => {
    await browser?.close()
    await stack?.close()
  })

  test('a member request handled to completion from the inbox; a letter request recorded; axe clean', async () => {
    const email = `ye-jin.moon.${Date.now()}@example.com`
    const session = await stack.registerMember(email, {
      consents: { image_analysis: true, marketing: false },
    })
    const filed = await fetch(`${stack.apiUrl}/v1/widget/me/requests`, {
      method: 'POST',
      headers: { ...widgetHeaders(), authorization: `Bearer ${session}` },
      body: JSON.stringify({ type: 'rectify', corrections: { company: 'Songdo Imaging Center' } }),
    })
    assert.equal(filed.status, 201)
    const request = await filed.json()
    assert.equal(request.status, 'received')
    await stack.mailTo(email, (m) => /We received your request/.test(String(m.parsed.subject)))

    const context = await browser.newContext()
    const page = await context.newPage()
    const problems = await watch(page)

    // The inbox, by its own address: the request with its due date and the time left, in words.
    await page.goto(`${stack.apiUrl}/console/requests`)
    await signInAsOwner(page, stack.tenantId)
    const inbox = page.locator('tessera-console-requests')
    const row = inbox.locator(`tr[data-request="${request.id}"]`)
    await row.waitFor({ timeout: 15_000 })
    await page.locator('tessera-console nav a[aria-current="page"]').getByText('Privacy requests').waitFor()
    // The stored deadline is to the second (the filing answer had .999 ms).
    const due = await row.locator('td time').nth(1).getAttribute('datetime')
    assert.equal(due.slice(0, 19), request.dueAt.slice(0, 19), 'the due date')
    assert.match(await row.locator('.time-left').textContent(), /\d+ days? left|Due today/)
    assert.match(await row.textContent(), /Correction/)
    assert.match(await row.locator('.request-status').textContent(), /Received/)
    assert.deepEqual(await axeViolations(page), [], 'inbox')

    // Open it: the address follows; what was asked is there; no extension under Korean law.
    await row.locator('a').click()
    await page.waitForURL(`**/console/requests/${request.id}`)
    const detail = page.locator('tessera-console-request-detail')
    await detail.locator('dl.summary').waitFor({ timeout: 10_000 })
    assert.match(await detail.locator('dl.details').textContent(), /Songdo Imaging Center/)
    assert.match(await detail.locator('dl.summary').textContent(), /Korean law/)
    assert.equal(await detail.locator('button[data-action="extend"]').count(), 0)
    assert.deepEqual(await axeViolations(page), [], 'request')

    // Reject without a reason: refused beside the field, nothing sent; the dialog is axe clean.
    await detail.locator('button[data-action="reject"]').click()
    await detail.locator('dialog[open] #action-text').waitFor()
    await detail.locator('dialog button[type="submit"]').click()
    await detail.locator('#action-error').waitFor()
    assert.equal(await detail.locator('#action-text').getAttribute('aria-invalid'), 'true')
    assert.deepEqual(await axeViolations(page), [], 'reject dialog with its error')
    await page.keyboard.press('Escape')
    await detail.locator('dialog[open]').waitFor({ state: 'detached' })

    // Start handling, then complete with an answer that holds HTML (shown as text).
    await detail.locator('button[data-action="acknowledge"]').click()
    await detail.locator('.request-status').getByText('In progress').waitFor({ timeout: 10_000 })
    await detail.locator('button[data-action="complete"]').click()
    await detail.locator('dialog[open] #action-text').waitFor()
    assert.deepEqual(await axeViolations(page), [], 'complete dialog')
    const answer = 'Your company is now <b>Songdo Imaging Center</b>.'
    await detail.locator('#action-text').fill(answer)
    await detail.locator('dialog button[type="submit"]').click()
    await detail.locator('.request-status').getByText('Completed').waitFor({ timeout: 10_000 })
    assert.equal(await detail.locator('.response').textContent(), answer)
    assert.equal(await detail.locator('dl b').count(), 0)
    assert.match(await detail.locator('ol.history').textContent(), /Handling started \(staff\)/)
    const done = await stack.mailTo(email, (m) => /Your request is done/.test(String(m.parsed.subject)))
    assert.ok(done)

    // A second admin completing it too is refused.
    const token = await stack.ownerToken()
    const twice = await fetch(`${stack.apiUrl}/v1/admin/requests/${request.id}/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ response: 'Again.' }),
    })
    assert.equal(twice.status, 409)

    // A deep link shows it completed.
    await page.goto(`${stack.apiUrl}/console/requests/${request.id}`)
    await detail.locator('.request-status').getByText('Completed').waitFor({ timeout: 15_000 })
    assert.match(await detail.locator('.notice').textContent(), /This request is Completed/)

    // Back to the inbox; record a letter received yesterday.
    await page.locator('tessera-console-requests a.back').click()
    await page.waitForURL('**/console/requests')
    await inbox.locator('button[data-action="record"]').click()
    const record = page.locator('tessera-console-request-record')
    await record.locator('dialog[open] #record-memberEmail').waitFor()
    assert.deepEqual(await axeViolations(page), [], 'record dialog')
    const yesterday = new Date(Date.now() - 86_400_000)
    const day = `${yesterday.getFullYear()}-${String(yesterday.getMonth() + 1).padStart(2, '0')}-${String(yesterday.getDate()).padStart(2, '0')}`
    await record.locator('#record-memberEmail').fill(email)
    // (An access request with identity checked would complete at once: the API answers it from the data.)
    await record.locator('#record-type').selectOption('inquiry')
    await record.locator('#record-message').fill('<script>alert(1)</script>Which scans do you keep?')
    await record.locator('#record-channel-letter').check()
    await record.locator('#record-receivedAt').fill(day)
    await record.locator('#record-identityMethod').fill('Signed letter with a copy of the ID card')
    await record.locator('button[type="submit"]').click()
    const announced = inbox.locator('[role="status"]').getByText(/recorded/)
    await announced.waitFor({ timeout: 10_000 })
    const recordedId = /(pr_[0-9A-Za-z]+)/.exec(await announced.textContent())[1]
    const letter = inbox.locator(`tr[data-request="${recordedId}"]`)
    await letter.waitFor({ timeout: 10_000 })
    assert.match(await letter.textContent(), /Letter/)
    assert.match(await letter.textContent(), /Inquiry or complaint/)
    assert.deepEqual(await axeViolations(page), [], 'inbox with the letter request')

    // The session ends (signed out elsewhere): the next call leads back to signing in.
    const stored = await page.evaluate(() => sessionStorage.getItem('tessera.console.token'))
    await fetch(`${stack.apiUrl}/v1/admin/sessions/current`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${stored}` },
    })
    await inbox.locator('#filter-status').selectOption('all')
    await page.locator('tessera-console-sign-in #tenant').waitFor({ timeout: 10_000 })

    assert.deepEqual(problems, [])
    await context.close()
  })
})
