// The console's Policy page end to end: the demo owner drafts a significant change (a new collected
// item), is refused a too-early effective date with the API's reason beside the date, publishes at the
// earliest allowed date, and the worker mails the notice to every member. Then two admins edit one draft:
// the second save answers 412, shown with a reload, and nothing is lost; an ended session signs out.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { launchChromium } from './support.mjs'
import { axeViolations, buildConsole, signInAsOwner } from './console-support.mjs'
import { startStack } from './stack.mjs'
import Redis from 'ioredis'

const DAY = 86_400_000
const MEMBERS = ['policy.reader@example.com', 'policy.leser@example.com']
const REDIS_DB = 13

/**
 * Empties this file's Redis database. The stack rebuilds MariaDB on every run, so row ids start
 * again; notice jobs are named by version and member id, and the last run's finished jobs would be
 * taken for this run's, so no notice would be sent.
 */
async function emptyQueues() {
  const redis = new Redis({
    host: '127.0.0.1',
    port: Number(process.env.E2E_REDIS_PORT ?? 6379),
    db: REDIS_DB,
  })
  await redis.flushdb()
  await redis.quit()
}

describe('console Policy page in Chromium', () => {
  let stack, browser

  async function admin(path) {
    const response = await fetch(`${stack.apiUrl}/v1/admin/policy${path}`, {
      headers: { authorization: `Bearer ${await stack.ownerToken()}` },
    })
    return response.json()
  }

  /** A page that records page errors, console errors, CSP violations and refused calls. */
  async function watchedPage(context) {
    const page = await context.newPage()
    const problems = []
    const failures = []
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        problems.push(`console: ${m.text()}`)
    })
    page.on('response', (r) => {
      if (r.status() >= 400)
        failures.push(
          `${r.status()} ${r.request().method()} ${new URL(r.url()).pathname.replace(/pv_\w+/, ':id')}`
        )
    })
    await page.exposeFunction('__cspViolation', (v) => problems.push(`csp: ${v}`))
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`)
      )
    })
    return { page, problems, failures }
  }

  before(async () => {
    buildConsole()
    await emptyQueues()
    stack = await startStack({
      apiPort: 3372,
      demoPort: 3432,
      smtpPort: 2552,
      redisDb: REDIS_DB,
      worker: true,
    })
    browser = await launchChromium()
    await stack.registerMember(MEMBERS[0], { locale: 'en', firstName: 'Min-jun', lastName: 'Lee' })
    await stack.registerMember(MEMBERS[1], { locale: 'ko', firstName: 'Min-jun', lastName: 'Lee' })
  })
  after(async () => {
    await browser?.close()
    await stack?.close()
  })

  test('a significant change: too-early date refused beside the field, published at the earliest, members mailed', async () => {
    const context = await browser.newContext()
    const { page, problems, failures } = await watchedPage(context)
    await page.goto(`${stack.apiUrl}/console/policy`)
    await signInAsOwner(page, stack.tenantId)

    const policy = page.locator('tessera-console-policy')
    await policy.locator('#versions-effective').waitFor({ timeout: 15_000 })
    await page.locator('tessera-console nav a[aria-current="page"]').getByText('Policy').waitFor()
    assert.deepEqual(await axeViolations(page), [], 'version list')

    // A new draft, based on the version in effect.
    await policy.locator('#new-draft').click()
    const editor = page.locator('tessera-console-policy-editor')
    const publish = page.locator('tessera-console-policy-publish')
    await editor.locator('#items-0-key').waitFor({ timeout: 15_000 })
    await publish.locator('#publication-facts').waitFor({ timeout: 15_000 })
    assert.match(await publish.locator('#publication-facts').textContent(), /Minor change/)
    assert.match(page.url(), /\/console\/policy\/pv_\w+$/)
    const draftId = page.url().split('/').pop()
    assert.deepEqual(await axeViolations(page), [], 'new draft')

    // A new collected item is a significant change; HTML pasted into a section title stays text.
    const itemCount = await editor.locator('fieldset legend', { hasText: /^Item: / }).count()
    await editor.locator('#add-item').click()
    await editor.locator(`#items-${itemCount}-key`).fill('phone')
    await editor.locator(`#items-${itemCount}-label-en`).fill('Phone number')
    await editor.locator(`#items-${itemCount}-label-ko`).fill('전화번호')
    const markup = 'Who we are <img src=x onerror=alert(1)>'
    await editor.locator('#prose-en-0-title').fill(markup)
    await editor.locator('button[type="submit"]').click()
    await editor.locator('[role="status"]').getByText('Draft saved.').waitFor({ timeout: 15_000 })
    await publish.locator('#publication-facts').getByText('Significant change').waitFor({ timeout: 15_000 })
    assert.match(await publish.locator('#publication-facts').textContent(), /30 days after posting/)
    assert.match(await publish.locator('#recipients').textContent(), /2 members will get an e-mail/)
    const review = page.locator('tessera-console-policy-review')
    await review.locator('#diff').getByText('Phone number').waitFor({ timeout: 15_000 })
    const frame = review.locator('iframe.preview')
    assert.equal(await frame.getAttribute('sandbox'), '')
    const srcdoc = await frame.evaluate((f) => f.srcdoc)
    assert.match(srcdoc, /Who we are (&lt;|&#60;)img src=x onerror=alert\(1\)(&gt;|&#62;)/)
    assert.doesNotMatch(srcdoc, /<img/)
    assert.equal(await editor.locator('img').count(), 0)
    assert.deepEqual(await axeViolations(page), [], 'significant draft')

    // Seven days is too early for a significant change: the API's reason beside the date.
    const facts = await admin(`/versions/${draftId}/publication`)
    assert.equal(facts.significant, true)
    assert.equal(facts.recipients, 2)
    const date = publish.locator('#effective-at')
    const sevenDays = new Date(Date.now() + 7 * DAY)
    const local = (d) =>
      `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}T${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
    await date.fill(local(sevenDays))
    await publish.locator('button[type="submit"]').click()
    const dateError = publish.locator('#effective-at-error')
    await dateError.waitFor({ timeout: 15_000 })
    assert.match(
      await dateError.textContent(),
      /A significant change \(collected data or purposes changed\) takes effect no earlier than 30 days after posting: the earliest effective date is \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\./
    )
    assert.equal(await date.getAttribute('aria-invalid'), 'true')
    assert.match(await date.getAttribute('aria-describedby'), /effective-at-error/)
    assert.equal(await date.evaluate((el) => el.matches(':focus')), true)
    assert.deepEqual(await axeViolations(page), [], 'too-early date refused')
    assert.equal((await admin(`/versions/${draftId}`)).status, 'draft')

    // The earliest allowed date, as the API gives it: accepted, the version is scheduled.
    await publish.locator('#use-earliest').click()
    await dateError.waitFor({ state: 'detached', timeout: 10_000 })
    for (let i = 0; i < 100 && (await date.inputValue()) === local(sevenDays); i++)
      await new Promise((r) => setTimeout(r, 100))
    assert.notEqual(await date.inputValue(), local(sevenDays))
    const chosen = new Date(await date.inputValue())
    await publish.locator('button[type="submit"]').click()
    await policy.locator('#version-title').getByText('(Scheduled)').waitFor({ timeout: 15_000 })
    assert.match(
      await policy.locator('[role="status"]').first().textContent(),
      /is published and takes effect/
    )
    assert.deepEqual(await axeViolations(page), [], 'published and scheduled')

    const published = await admin(`/versions/${draftId}`)
    assert.equal(published.status, 'scheduled')
    assert.equal(published.significant, true)
    assert.equal(Date.parse(published.effectiveAt), chosen.getTime())
    const effectiveIn = Date.parse(published.effectiveAt) - Date.parse(published.postedAt)
    assert.ok(effectiveIn >= 30 * DAY && effectiveIn < 30 * DAY + 3 * 60_000, `${effectiveIn} ms`)

    // The worker mails the notice to each member, in their language.
    const en = await stack.mailTo(
      MEMBERS[0],
      (m) => /privacy policy changes/.test(m.parsed.subject ?? ''),
      90_000
    )
    assert.match(String(en.parsed.text), /Phone number/)
    const ko = await stack.mailTo(
      MEMBERS[1],
      (m) => /개인정보 처리방침 변경 안내/.test(m.parsed.subject ?? ''),
      90_000
    )
    assert.match(String(ko.parsed.text), /전화번호/)

    // The hosted page of the version shows the pasted HTML as text.
    const hosted = await fetch(`${stack.apiUrl}/policy/${stack.tenantId}/versions/${draftId}?lang=en`)
    const hostedHtml = await hosted.text()
    assert.equal(hosted.status, 200)
    assert.match(hostedHtml, /Who we are (&lt;|&#60;)img src=x onerror=alert\(1\)(&gt;|&#62;)/)
    assert.doesNotMatch(hostedHtml, /<img src=x/)

    assert.deepEqual(problems, [])
    assert.deepEqual(failures, ['422 POST /v1/admin/policy/versions/:id/publish'])
    await context.close()
  })

  test('two admins on one draft: the later save answers 412 with a reload, nothing lost; an ended session signs out', async () => {
    const first = await watchedPage(await browser.newContext())
    const second = await watchedPage(await browser.newContext())
    await first.page.goto(`${stack.apiUrl}/console/policy`)
    await signInAsOwner(first.page, stack.tenantId)
    const firstPolicy = first.page.locator('tessera-console-policy')
    await firstPolicy.locator('#new-draft').click()
    const firstEditor = first.page.locator('tessera-console-policy-editor')
    await firstEditor.locator('#prose-en-0-body').waitFor({ timeout: 15_000 })
    const draftUrl = first.page.url()

    // The second admin opens the same draft by its address.
    await second.page.goto(draftUrl)
    await signInAsOwner(second.page, stack.tenantId)
    const secondEditor = second.page.locator('tessera-console-policy-editor')
    await secondEditor.locator('#prose-en-0-body').waitFor({ timeout: 15_000 })

    await firstEditor.locator('#prose-en-1-title').fill('Saved by the first admin')
    await firstEditor.locator('button[type="submit"]').click()
    await firstEditor.locator('[role="status"]').getByText('Draft saved.').waitFor({ timeout: 15_000 })

    await secondEditor.locator('#prose-en-2-title').fill('Typed by the second admin')
    await secondEditor.locator('button[type="submit"]').click()
    await secondEditor.locator('#reload').waitFor({ timeout: 15_000 })
    assert.match(
      await secondEditor.locator('[role="alert"]').textContent(),
      /Someone else changed this draft/
    )
    assert.deepEqual(await axeViolations(second.page), [], 'conflict')

    await secondEditor.locator('#reload').click()
    await secondEditor.locator('#reload').waitFor({ state: 'detached', timeout: 15_000 })
    assert.equal(await secondEditor.locator('#prose-en-1-title').inputValue(), 'Saved by the first admin')
    await secondEditor.locator('#prose-en-2-title').fill('Typed by the second admin')
    await secondEditor.locator('button[type="submit"]').click()
    await secondEditor.locator('[role="status"]').getByText('Draft saved.').waitFor({ timeout: 15_000 })

    const draftId = draftUrl.split('/').pop()
    const titles = (await admin(`/versions/${draftId}`)).content.prose.en.map((s) => s.title)
    assert.equal(titles[1], 'Saved by the first admin')
    assert.equal(titles[2], 'Typed by the second admin')

    // The first admin's session ends (signed out elsewhere): the next save leads to the sign-in page.
    const token = await first.page.evaluate(() => sessionStorage.getItem('tessera.console.token'))
    const signOut = await fetch(`${stack.apiUrl}/v1/admin/sessions/current`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(signOut.status, 204)
    await firstEditor.locator('#label').fill('v-late')
    await firstEditor.locator('button[type="submit"]').click()
    await first.page.locator('tessera-console-sign-in #tenant').waitFor({ timeout: 15_000 })
    await first.page
      .locator('tessera-console-sign-in')
      .getByText('Your session has ended. Please sign in again.')
      .waitFor({ timeout: 10_000 })

    assert.deepEqual(first.problems, [])
    assert.deepEqual(second.problems, [])
    assert.deepEqual(first.failures, ['401 PATCH /v1/admin/policy/versions/:id'])
    assert.deepEqual(second.failures, ['412 PATCH /v1/admin/policy/versions/:id'])
  })
})
