// The privacy center end to end on the demo site: each kind of request from the member's side,
// staff completing them through the admin API, and a letter request recorded by staff.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { launchChromium } from './support.mjs'
import { startStack, DEMO_KEY } from './stack.mjs'

describe('privacy center in Chromium', () => {
  let stack, browser, auth
  const widgetHeaders = () => ({
    'content-type': 'application/json',
    'x-tessera-key': DEMO_KEY,
    origin: stack.demoUrl,
  })

  /** Opens the privacy page through an e-mailed sign-in link, as the member would. */
  async function openSignedIn(context, email) {
    const before = stack.mails.length
    await fetch(`${stack.apiUrl}/v1/widget/sessions/link`, {
      method: 'POST',
      headers: widgetHeaders(),
      body: JSON.stringify({ email, returnUrl: `${stack.demoUrl}/privacy.html` }),
    })
    const mail = await stack.mailTo(
      email,
      (m) => stack.mails.indexOf(m) >= before && /sign-in/.test(String(m.parsed.subject))
    )
    const link = /(http:\/\/localhost:\d+\/privacy\.html#tessera-sign-in=ml_[0-9A-Za-z]+)/.exec(
      String(mail.parsed.text)
    )[1]
    const page = await context.newPage()
    await page.goto(link)
    const center = page.locator('tessera-privacy-center')
    await center.locator('[data-section="profile"]').waitFor({ timeout: 15_000 })
    return { page, center }
  }

  async function requests(type) {
    const list = await (await fetch(`${stack.apiUrl}/v1/admin/requests?status=all`, { headers: auth })).json()
    return list.data.filter((r) => r.type === type)
  }

  before(async () => {
    stack = await startStack({ apiPort: 3348, demoPort: 3409, smtpPort: 2534, redisDb: 8, worker: true })
    browser = await launchChromium()
    auth = { authorization: `Bearer ${await stack.ownerToken()}`, 'content-type': 'application/json' }
  })
  after(async () => {
    await browser?.close()
    await stack?.close()
  })

  test('view, correct (restricted until done), export, object, restrict, review, write to the officer', async () => {
    const email = 'ye-jin.moon@example.com'
    await stack.registerMember(email, { consents: { image_analysis: true, marketing: true } })
    const context = await browser.newContext({ acceptDownloads: true })
    const { page, center } = await openSignedIn(context, email)
    assert.match(await center.locator('[data-section="profile"]').textContent(), /Incheon Clinic/)

    // Correction: the member is restricted until staff complete it.
    await center.locator('[data-action="rectify-toggle"]').click()
    await center.locator('#rc-company').fill('Incheon Imaging Center')
    await center.locator('form[data-form="rectify"] button[type="submit"]').click()
    await center.locator('[data-restriction]').waitFor({ timeout: 10_000 })
    const [rectify] = await requests('rectify')
    assert.equal(rectify.status, 'received')
    const done = await fetch(`${stack.apiUrl}/v1/admin/requests/${rectify.id}/complete`, {
      method: 'POST',
      headers: auth,
      body: '{}',
    })
    assert.equal(done.status, 200)
    await page.reload()
    await center.locator('[data-section="profile"]').waitFor()
    assert.match(await center.locator('[data-section="profile"]').textContent(), /Incheon Imaging Center/)
    assert.equal(await center.locator('[data-restriction]').count(), 0)

    // Export: a real download, valid JSON of the published format.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      center.locator('#export-json').click(),
    ])
    const exported = JSON.parse(await readFile(await download.path(), 'utf8'))
    assert.equal(exported.format, 'tessera-member-export/1')
    assert.equal(exported.data.profile.company, 'Incheon Imaging Center')

    // Objection to marketing is absolute and immediate.
    await center.locator('#object-marketing').click()
    for (let i = 0; i < 50 && (await requests('object'))[0]?.status !== 'completed'; i++)
      await page.waitForTimeout(100)
    assert.equal((await requests('object'))[0].status, 'completed')

    // Human review and a complaint to the privacy officer.
    await center.locator('[data-action="review-toggle"]').click()
    await center.locator('#hr-reference').fill('analysis of 3 June')
    await center.locator('form[data-form="review"] button[type="submit"]').click()
    await center.locator('[data-action="inquiry-toggle"]').click()
    await center.locator('#iq-kind-complaint').check()
    await center.locator('#iq-subject').fill('Too many e-mails')
    await center.locator('#iq-message').fill('I objected but want to be sure no newsletter comes.')
    await center.locator('form[data-form="inquiry"] button[type="submit"]').click()
    const toOfficer = await stack.mailTo('privacy@hanbit-imaging.example')
    assert.match(String(toOfficer.parsed.subject), /Complaint pr_/)
    for (let i = 0; i < 50 && !(await requests('human_review')).length; i++) await page.waitForTimeout(100)
    assert.equal((await requests('human_review')).length, 1)

    // Restriction on request.
    await center.locator('[data-action="restrict"]').click()
    await center.locator('[data-restriction]').waitFor({ timeout: 10_000 })
    await context.close()
  })

  test('deleting the account: confirmed in a dialog, carried out by staff, the member is gone', async () => {
    const email = 'leaving.member@example.com'
    await stack.registerMember(email, { consents: { image_analysis: true, marketing: true } })
    const context = await browser.newContext()
    const { page, center } = await openSignedIn(context, email)
    await center.locator('[data-action="erase-open"]').click()
    await center.locator('#erase-confirm').click()
    for (let i = 0; i < 50 && !(await requests('erase')).length; i++) await page.waitForTimeout(100)
    const [erase] = await requests('erase')
    assert.equal(erase.status, 'received')
    const done = await fetch(`${stack.apiUrl}/v1/admin/requests/${erase.id}/complete`, {
      method: 'POST',
      headers: auth,
      body: '{}',
    })
    assert.equal(done.status, 200)
    await page.reload()
    await center.locator('form[data-form]').first().waitFor({ timeout: 10_000 })
    const signedOut = await center.locator('[data-section="profile"]').count()
    assert.equal(signedOut, 0, 'the session ended with the account')
    const verify = await (await fetch(`${stack.apiUrl}/v1/admin/consent/verify`, { headers: auth })).json()
    assert.equal(verify.ok, true)
    await context.close()
  })

  test('a letter request recorded by staff: identity checked, completed, the member told', async () => {
    const email = 'by.letter@example.com'
    await stack.registerMember(email, { consents: { image_analysis: true, marketing: true } })
    const recorded = await fetch(`${stack.apiUrl}/v1/admin/requests`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ memberEmail: email, type: 'access', channel: 'letter' }),
    })
    assert.equal(recorded.status, 201)
    const { id } = await recorded.json()
    const verify = await fetch(`${stack.apiUrl}/v1/admin/requests/${id}/verify-identity`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ method: 'Signed letter matched to the account name and address' }),
    })
    assert.equal(verify.status, 200)
    const complete = await fetch(`${stack.apiUrl}/v1/admin/requests/${id}/complete`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ response: 'A printed copy was posted.' }),
    })
    assert.equal(complete.status, 200)
    const mail = await stack.mailTo(email, (m) => /done/.test(String(m.parsed.subject)))
    assert.match(String(mail.parsed.text), /A printed copy was posted\./)
  })
})
