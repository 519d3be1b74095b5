// The admin console end to end: served by the API under /console with its CSP, signed in as the demo
// owner, the privacy officer changed (and a field error shown next to its field), the change seen in
// the widget config, on the partner's <tessera-privacy-contact> and on the hosted policy page.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { launchChromium } from './support.mjs'
import { OWNER, axeViolations, buildConsole, signInAsOwner } from './console-support.mjs'
import { DEMO_KEY, startStack } from './stack.mjs'
import { buildModel } from '../apps/api/app/inference/onnx_builder.ts'

const NEW_OFFICER = 'Ji-ho Han'

/** x → Sigmoid → y on [1, 1, 16, 16]: a tiny valid segmentation model, with its manifest. */
function tinyModel(version) {
  const X = { name: 'x', type: 'float32', shape: [1, 1, 16, 16] }
  const Y = { name: 'y', type: 'float32', shape: [1, 1, 16, 16] }
  const bytes = buildModel({
    graphName: 'sigmoid',
    inputs: [X],
    outputs: [Y],
    nodes: [{ op: 'Sigmoid', inputs: ['x'], outputs: ['y'] }],
  })
  const manifest = {
    name: 'e2e-sigmoid',
    version,
    description: 'A sigmoid over the image, uploaded by the console end-to-end test.',
    input: { name: 'x', dtype: 'float32', shape: [1, 1, 16, 16] },
    preprocessing: {
      rescale: 'modality',
      window: { mode: 'dicom' },
      normalize: { mean: 0, std: 1 },
      resize: 'bilinear',
    },
    output: { name: 'y', kind: 'segmentation', labels: ['background', 'lesion'], threshold: 0.5 },
  }
  return { bytes: Buffer.from(bytes), manifest }
}

describe('admin console in Chromium', () => {
  let stack, browser

  before(async () => {
    buildConsole()
    stack = await startStack({ apiPort: 3364, demoPort: 3424, smtpPort: 2549, redisDb: 4 })
    browser = await launchChromium()
  })
  after(async () => {
    await browser?.close()
    await stack?.close()
  })

  test('sign in, a field error next to its field, change the officer; seen by the widgets and the policy page', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const problems = []
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        problems.push(`console: ${m.text()}`)
    })
    const failures = []
    page.on('response', (r) => {
      if (r.status() >= 400)
        failures.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`)
    })
    await page.exposeFunction('__cspViolation', (v) => problems.push(`csp: ${v}`))
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`)
      )
    })

    // A deep link answers the single-page app, with the console's CSP.
    const response = await page.goto(`${stack.apiUrl}/console/settings`)
    assert.equal(response.status(), 200)
    const csp = response.headers()['content-security-policy']
    assert.match(csp, /default-src 'self'/)
    assert.doesNotMatch(csp, /unsafe-inline/)

    // Sign in with the keyboard only.
    const tenant = page.locator('tessera-console-sign-in #tenant')
    await tenant.waitFor({ timeout: 15_000 })
    assert.deepEqual(await axeViolations(page), [], 'sign-in page')
    await tenant.focus()
    await page.keyboard.type(stack.tenantId)
    await page.keyboard.press('Tab')
    await page.keyboard.type(OWNER.email)
    await page.keyboard.press('Tab')
    await page.keyboard.type(OWNER.password)
    await page.keyboard.press('Enter')

    const settings = page.locator('tessera-console-settings')
    const officerName = settings.locator('#officer-name')
    await officerName.waitFor({ timeout: 15_000 })
    await page.locator('tessera-console nav a[aria-current="page"]').getByText('Settings').waitFor()
    assert.equal(await officerName.inputValue(), 'Seo-yeon Park')
    assert.match(
      await page.locator('tessera-console .who').textContent(),
      /owner@hanbit-imaging\.example \(owner\)/
    )
    assert.deepEqual(await axeViolations(page), [], 'settings page')

    // The API's 422 shows next to the field at fault, which gets the focus.
    const officerEmail = settings.locator('#officer-email')
    await officerEmail.fill('not-an-address')
    await officerEmail.press('Enter')
    const emailError = settings.locator('#officer-email-error')
    await emailError.waitFor({ timeout: 10_000 })
    assert.match(await emailError.textContent(), /email/i)
    assert.equal(await officerEmail.getAttribute('aria-invalid'), 'true')
    assert.equal(await officerEmail.getAttribute('aria-describedby'), 'officer-email-error')
    assert.equal(await officerEmail.evaluate((el) => el.matches(':focus')), true)
    assert.deepEqual(await axeViolations(page), [], 'settings page with a field error')

    // In Korean, the API's own message beside the field is Korean too (Accept-Language), then back.
    await page.locator('tessera-console #language').selectOption('ko')
    await officerEmail.press('Enter')
    await emailError.getByText('올바른 이메일 주소를 입력하세요.').waitFor({ timeout: 10_000 })
    await page.locator('tessera-console #language').selectOption('en')

    // Correct it, change the officer's name, save.
    await officerEmail.fill('privacy@hanbit-imaging.example')
    await officerName.fill(NEW_OFFICER)
    await settings.locator('button[type="submit"]').click()
    await settings.locator('[role="status"]').getByText('Settings saved.').waitFor({ timeout: 10_000 })
    assert.equal(await emailError.count(), 0)

    // A reload keeps the session (sessionStorage) and shows the saved value.
    await page.reload()
    await officerName.waitFor({ timeout: 15_000 })
    assert.equal(await officerName.inputValue(), NEW_OFFICER)
    assert.deepEqual(problems, [])
    assert.deepEqual(
      failures,
      ['422 PATCH /v1/admin/tenant', '422 PATCH /v1/admin/tenant'],
      'only the invalid e-mail was refused (in English, then in Korean)'
    )

    // The widgets' config and the partner's privacy contact card show the new officer.
    const config = await (
      await fetch(`${stack.apiUrl}/v1/widget/config`, {
        headers: { 'x-tessera-key': DEMO_KEY, origin: stack.demoUrl },
      })
    ).json()
    assert.equal(config.officer.name, NEW_OFFICER)
    const demo = await context.newPage()
    await demo.goto(`${stack.demoUrl}/privacy-contact.html`)
    await demo.locator('tessera-privacy-contact').getByText(NEW_OFFICER).first().waitFor({ timeout: 15_000 })

    // Published policy texts keep their snapshot; the next version, drafted from the tenant, names the
    // new officer on its hosted page.
    const auth = { authorization: `Bearer ${await stack.ownerToken()}`, 'content-type': 'application/json' }
    const admin = (path, method = 'GET', body) =>
      fetch(`${stack.apiUrl}/v1/admin/policy${path}`, {
        method,
        headers: auth,
        body: body && JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: await r.json() }))
    const versions = (await admin('/versions')).body.data
    const latest = Math.max(...versions.map((v) => Date.parse(v.effectiveAt ?? 0)))
    const draft = await admin('/versions', 'POST', { basedOn: 'latest' })
    assert.equal(draft.status, 201)
    assert.equal(
      (await admin(`/versions/${draft.body.id}`, 'PATCH', { refreshFromTenant: true })).status,
      200
    )
    const effectiveAt = new Date(Math.max(latest, Date.now() + 35 * 86_400_000) + 86_400_000).toISOString()
    const published = await admin(`/versions/${draft.body.id}/publish`, 'POST', { effectiveAt })
    assert.equal(published.status, 200, JSON.stringify(published.body))
    const hosted = await demo.goto(`${stack.apiUrl}/policy/${stack.tenantId}/versions/${draft.body.id}`)
    assert.equal(hosted.status(), 200)
    assert.match(await demo.locator('main').textContent(), new RegExp(NEW_OFFICER))
    await context.close()
  })

  test('upload a real tiny model (a manifest error beside the manifest first), then activate it', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const problems = []
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
    const failures = []
    page.on('response', (r) => {
      if (r.status() >= 400)
        failures.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`)
    })

    // A deep link to the Models page; the owner may manage models.
    await page.goto(`${stack.apiUrl}/console/models`)
    await signInAsOwner(page, stack.tenantId)
    const models = page.locator('tessera-console-models')
    await models.locator('.in-use').waitFor({ timeout: 15_000 })
    await page.locator('tessera-console nav a[aria-current="page"]').getByText('Models').waitFor()
    assert.deepEqual(await axeViolations(page), [], 'models page')

    const version = `1.0.${Date.now()}`
    const { bytes, manifest } = tinyModel(version)
    const file = models.locator('#model')
    const area = models.locator('#manifest')
    await file.setInputFiles({
      name: 'e2e-sigmoid.onnx',
      mimeType: 'application/octet-stream',
      buffer: bytes,
    })

    // The API checks the manifest against the model: a wrong input name is shown beside the manifest.
    await area.fill(JSON.stringify({ ...manifest, input: { ...manifest.input, name: 'image' } }, null, 2))
    await models.locator('button[type="submit"]').click()
    const manifestError = models.locator('#manifest-error')
    await manifestError.waitFor({ timeout: 15_000 })
    assert.match(await manifestError.textContent(), /^input\.name: /)
    assert.equal(await area.getAttribute('aria-invalid'), 'true')
    assert.equal(await area.evaluate((el) => el.matches(':focus')), true)
    assert.deepEqual(await axeViolations(page), [], 'models page with a manifest error')

    // The right manifest is accepted and the model listed, not yet in use.
    await area.fill(JSON.stringify(manifest, null, 2))
    await models.locator('button[type="submit"]').click()
    await models
      .locator('[role="status"]')
      .getByText(`e2e-sigmoid ${version} uploaded.`)
      .waitFor({ timeout: 30_000 })
    assert.equal(await manifestError.count(), 0)
    const row = models.locator('tbody tr', { hasText: version })
    await row.waitFor()
    assert.match(await row.locator('td.active').textContent(), /No/)

    // Activate it from the keyboard: new analyses use it.
    await row.getByRole('button', { name: `Activate e2e-sigmoid ${version}` }).press('Enter')
    await models
      .locator('[role="status"]')
      .getByText(`e2e-sigmoid ${version} is now active.`)
      .waitFor({ timeout: 15_000 })
    assert.match(await row.locator('td.active').textContent(), /Yes/)
    assert.equal(
      (await models.locator('.in-use').textContent()).trim(),
      `New analyses use e2e-sigmoid ${version}.`
    )
    const registry = await (
      await fetch(`${stack.apiUrl}/v1/admin/models`, {
        headers: { authorization: `Bearer ${await stack.ownerToken()}` },
      })
    ).json()
    assert.equal(registry.inUse.version, version)

    // Deactivate again so the rest of the stack keeps analysing with the platform default.
    await row.getByRole('button', { name: `Deactivate e2e-sigmoid ${version}` }).click()
    await models.locator('.in-use').getByText('platform default').waitFor({ timeout: 15_000 })
    assert.deepEqual(problems, [])
    assert.deepEqual(failures, ['422 POST /v1/admin/models'], 'only the wrong manifest was refused')
    await context.close()
  })
})
