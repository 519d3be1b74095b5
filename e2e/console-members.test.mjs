// The console's Members page end to end: a member registers through the widget API; the owner signs in,
// is refused a pasted-HTML query beside the field, finds the member by address, opens the profile and
// its consents, downloads the consent proof with a reason; the accesses are in the audit log without the
// address; an expired session leads back to signing in. An analyst has no Members page, a direct link
// to a member shows no member data, and the API refuses the analyst's token.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { launchChromium } from './support.mjs'
import { axeViolations, buildConsole, signInAsOwner } from './console-support.mjs'
import { DEMO_KEY, startStack } from './stack.mjs'

const MEMBER_EMAIL = 'dong-hyun.lee@example.com'
const ANALYST = { email: 'analyst@hanbit-imaging.example', password: 'analyst-password-long-enough' }
const HTML_QUERY = '<img src=x onerror="window.__pwned=1">'

/** Collects page errors, console errors, CSP violations and refused API calls of a page. */
async function watch(page) {
  const problems = []
  const failures = []
  const memberCalls = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      problems.push(`console: ${m.text()}`)
  })
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/v1/admin/members')) memberCalls.push(r.url())
  })
  page.on('response', (r) => {
    if (r.status() >= 400) failures.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`)
  })
  await page.exposeFunction('__cspViolation', (v) => problems.push(`csp: ${v}`))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`)
    )
  })
  return { problems, failures, memberCalls }
}

describe('console Members page in Chromium', () => {
  let stack, browser, ownerAuth, memberId

  before(async () => {
    buildConsole()
    stack = await startStack({ apiPort: 3378, demoPort: 3438, smtpPort: 2558, redisDb: 3, worker: false })
    browser = await launchChromium()
    ownerAuth = { authorization: `Bearer ${await stack.ownerToken()}` }

    // A member registers through the widget API, as the sign-up element does (imaging granted).
    const widget = { 'content-type': 'application/json', 'x-tessera-key': DEMO_KEY, origin: stack.demoUrl }
    const purposes = await (await fetch(`${stack.apiUrl}/v1/widget/purposes`, { headers: widget })).json()
    const registered = await fetch(`${stack.apiUrl}/v1/widget/members`, {
      method: 'POST',
      headers: widget,
      body: JSON.stringify({
        firstName: 'Dong-hyun',
        lastName: 'Lee',
        company: 'Daegu Imaging',
        nationality: 'KR',
        email: MEMBER_EMAIL,
        locale: 'en',
        policyVersion: purposes.policyVersion,
        consents: [
          { purpose: 'image_analysis', granted: true },
          { purpose: 'marketing', granted: false },
        ],
        returnUrl: `${stack.demoUrl}/privacy.html`,
      }),
    })
    assert.equal(registered.status, 202)
  })
  after(async () => {
    await browser?.close()
    await stack?.close()
  })

  test('the owner finds the member, reads the profile and exports the consent proof; all audited', async () => {
    const context = await browser.newContext({ acceptDownloads: true })
    const page = await context.newPage()
    const { problems, failures } = await watch(page)

    await page.goto(`${stack.apiUrl}/console/members`)
    await signInAsOwner(page, stack.tenantId)
    const members = page.locator('tessera-console-members')
    const query = members.locator('#member-query')
    await query.waitFor({ timeout: 15_000 })
    await page.locator('tessera-console nav a[aria-current="page"]').getByText('Members').waitFor()
    assert.match(await members.locator('.notice').textContent(), /recorded in the audit log/)
    assert.deepEqual(await axeViolations(page), [], 'search page')

    // Pasted HTML is refused by the API beside the field, and stays text.
    await query.fill(HTML_QUERY)
    await query.press('Enter')
    const queryError = members.locator('#member-query-error')
    await queryError.waitFor({ timeout: 10_000 })
    assert.match(await queryError.textContent(), /whole e-mail address or a member ID/)
    assert.equal(await query.getAttribute('aria-invalid'), 'true')
    assert.equal(await query.evaluate((el) => el.matches(':focus')), true)
    assert.equal(await page.evaluate(() => window.__pwned), undefined)
    assert.deepEqual(await axeViolations(page), [], 'search page with a field error')

    // The whole address, in other case: one result, id and status only.
    await query.fill(MEMBER_EMAIL.toUpperCase())
    await query.press('Enter')
    const row = members.locator('tr[data-member]')
    await row.waitFor({ timeout: 10_000 })
    assert.equal(await row.count(), 1)
    memberId = await row.getAttribute('data-member')
    assert.match(memberId, /^mb_[0-9A-Za-z]{16}$/)
    assert.match(await row.textContent(), /Pending/)
    assert.doesNotMatch(await row.textContent(), /Dong-hyun/)
    assert.deepEqual(await axeViolations(page), [], 'search results')

    // The profile: details and the consent given at registration.
    await row.locator('a').click()
    const profile = members.locator('tessera-console-member-profile')
    await profile.locator('table#consents').waitFor({ timeout: 10_000 })
    assert.equal(new URL(page.url()).pathname, `/console/members/${memberId}`)
    assert.equal(await profile.locator('.member-email').textContent(), MEMBER_EMAIL)
    assert.equal((await profile.locator('.member-name').textContent()).trim(), 'Dong-hyun Lee')
    assert.equal(
      (await profile.locator('tr[data-purpose="image_analysis"] .decision').textContent()).trim(),
      'Granted'
    )
    assert.equal(
      (await profile.locator('tr[data-purpose="marketing"] .decision').textContent()).trim(),
      'Refused'
    )
    assert.match(await profile.locator('.notice').textContent(), /recorded in the audit log/)
    assert.deepEqual(await axeViolations(page), [], 'profile')

    // The consent proof needs a reason: refused beside the field without one, downloaded with one.
    await profile.locator('button[value="proof"]').click()
    await profile.locator('#reason-error').waitFor({ timeout: 5_000 })
    assert.deepEqual(await axeViolations(page), [], 'profile with a reason error')
    const reason = 'E2E: answering the member’s access request'
    await profile.locator('#reason').fill(reason)
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      profile.locator('button[value="proof"]').click(),
    ])
    const proof = JSON.parse(await readFile(await download.path(), 'utf8'))
    assert.deepEqual(proof.subject, { type: 'member', id: memberId })
    assert.ok(proof.events.some((e) => e.target.key === 'image_analysis' && e.action === 'grant'))
    await profile.locator('[role="status"]').getByText('The consent proof was downloaded.').waitFor()

    // A direct link to the profile works after a reload (the session is kept in the tab).
    await page.reload()
    await page.locator('tessera-console-member-profile table#consents').waitFor({ timeout: 15_000 })

    // The audit log has the search (kind, never the address), the views and the export with its reason.
    const audit = await (
      await fetch(`${stack.apiUrl}/v1/admin/audit-events?limit=200`, { headers: ownerAuth })
    ).json()
    const searched = audit.data.filter((e) => e.action === 'member.searched')
    assert.deepEqual(searched.map((e) => [e.metadata, e.actor.type, e.subject?.id ?? null]).reverse(), [
      [{ kind: 'email', results: 1 }, 'admin', memberId],
    ])
    const viewed = audit.data.filter((e) => e.action === 'member.viewed')
    assert.equal(viewed.length, 2, 'opened, then reloaded')
    assert.ok(viewed.every((e) => e.subject.id === memberId && e.actor.type === 'admin' && e.actor.id))
    const exported = audit.data.find((e) => e.action === 'consent.proof_exported')
    assert.equal(exported.subject.id, memberId)
    assert.equal(exported.reason, reason)
    const everything = JSON.stringify(audit.data).toLowerCase()
    assert.ok(!everything.includes(MEMBER_EMAIL), 'the address is not in the audit log')
    assert.ok(!everything.includes('dong-hyun'), 'the name is not in the audit log')

    // An expired session: the next call leads back to signing in with a notice.
    const token = await page.evaluate(() => sessionStorage.getItem('tessera.console.token'))
    const signedOut = await fetch(`${stack.apiUrl}/v1/admin/sessions/current`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(signedOut.status, 204)
    await page.locator('tessera-console-members a.back').click()
    await query.fill(MEMBER_EMAIL)
    await query.press('Enter')
    await page
      .locator('tessera-console-sign-in')
      .getByText('Your session has ended')
      .waitFor({ timeout: 10_000 })

    assert.deepEqual(problems, [])
    // The reason was checked in the page before any export call; the refusals are the HTML query and the
    // search after the session ended.
    assert.deepEqual(failures, ['422 GET /v1/admin/members', '401 GET /v1/admin/members'])
    await context.close()
  })

  test('an analyst has no Members page, sees no member data from a direct link, and the API says 403', async () => {
    assert.ok(memberId, 'the owner test found the member')
    const created = await fetch(`${stack.apiUrl}/v1/admin/admins`, {
      method: 'POST',
      headers: { ...ownerAuth, 'content-type': 'application/json' },
      body: JSON.stringify({ ...ANALYST, fullName: 'An Analyst', role: 'analyst' }),
    })
    assert.equal(created.status, 201, await created.clone().text())

    const context = await browser.newContext()
    const page = await context.newPage()
    const { problems, failures, memberCalls } = await watch(page)
    await page.goto(`${stack.apiUrl}/console/members/${memberId}`)
    await signInAsOwner(page, stack.tenantId, ANALYST)
    const refused = page.locator('tessera-console .page-not-allowed')
    await refused.waitFor({ timeout: 15_000 })
    assert.match(await refused.textContent(), /Your role \(analyst\) may not open this page/)
    const nav = await page.locator('tessera-console nav a').allTextContents()
    assert.ok(nav.length > 0)
    assert.ok(!nav.includes('Members'), `no Members entry in ${nav.join(', ')}`)
    assert.equal(await page.locator('tessera-console-members').count(), 0)
    const text = await page.locator('tessera-console').evaluate((el) => el.shadowRoot.textContent)
    for (const secret of [MEMBER_EMAIL, 'Dong-hyun', 'Daegu', memberId])
      assert.ok(!text.includes(secret), `${secret} is not on the page`)
    assert.deepEqual(memberCalls, [], 'nothing about members was fetched')
    assert.deepEqual(await axeViolations(page), [], 'not-allowed page')
    assert.deepEqual(problems, [])
    assert.deepEqual(failures, [])

    // The API refuses the analyst's own token, for a search and for the profile.
    const token = await page.evaluate(() => sessionStorage.getItem('tessera.console.token'))
    const analystAuth = { authorization: `Bearer ${token}` }
    const search = await fetch(
      `${stack.apiUrl}/v1/admin/members?${new URLSearchParams({ q: MEMBER_EMAIL })}`,
      { headers: analystAuth }
    )
    assert.equal(search.status, 403)
    assert.match((await search.json()).detail, /members\.read/)
    const profile = await fetch(`${stack.apiUrl}/v1/admin/members/${memberId}`, { headers: analystAuth })
    assert.equal(profile.status, 403)
    const body = await profile.text()
    assert.ok(!body.includes(MEMBER_EMAIL))
    await context.close()
  })
})
