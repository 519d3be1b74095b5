// The console's Settings and Purposes & cookies pages end to end, in Chromium against the real API (with
// the console's CSP): an allowed origin (refused beside the field first) and a language added; a secret
// key shown once, then only its first characters, then revoked (and refused by the API); a second admin
// saving in between (412 shown, nothing overwritten); the primary colour changing the real widget in the
// live preview; the cookie inventory (a row refused by the API beside its field, then saved and served
// to the widgets); the embed snippet with the publishable key. axe on every state.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { launchChromium } from './support.mjs'
import { axeViolations, buildConsole, signInAsOwner } from './console-support.mjs'
import { DEMO_KEY, startStack } from './stack.mjs'

describe('console Settings and Purposes & cookies in Chromium', () => {
  let stack, browser

  before(async () => {
    buildConsole()
    stack = await startStack({ apiPort: 3382, demoPort: 3442, smtpPort: 2562, redisDb: 10, worker: false })
    browser = await launchChromium()
  })
  after(async () => {
    await browser?.close()
    await stack?.close()
  })

  /** A page that records page errors, console errors, CSP violations and refused requests. */
  async function watchedPage() {
    const context = await browser.newContext()
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.apiUrl })
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
        failures.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`)
    })
    await page.exposeFunction('__cspViolation', (v) => problems.push(`csp: ${v}`))
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`)
      )
    })
    return { context, page, problems, failures }
  }

  const admin = async (path, init = {}) => {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${await stack.ownerToken()}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    })
    return {
      status: response.status,
      body: await response.json().catch(() => null),
      headers: response.headers,
    }
  }

  test('origins, languages, a secret key shown once and revoked, a conflict, and the live preview', async () => {
    // Start from English only, so the owner can add Korean.
    assert.equal(
      (await admin('/v1/admin/tenant', { method: 'PATCH', body: JSON.stringify({ locales: ['en'] }) }))
        .status,
      200
    )
    const { context, page, problems, failures } = await watchedPage()
    await page.goto(`${stack.apiUrl}/console/settings`)
    await signInAsOwner(page, stack.tenantId)
    const settings = page.locator('tessera-console-settings')
    const origins = settings.locator('tessera-console-settings-origins')
    await origins.locator('#new-origin').waitFor({ timeout: 15_000 })
    await settings.locator('tessera-console-settings-keys tbody tr').first().waitFor({ timeout: 10_000 })
    await settings
      .locator('tessera-console-widget-preview tessera-privacy-contact .heading')
      .waitFor({ timeout: 10_000 })
    assert.deepEqual(await axeViolations(page), [], 'settings page')

    // An origin with a path is refused beside the field, before any request.
    const newOrigin = origins.locator('#new-origin')
    await newOrigin.fill('https://partner.example/landing')
    await newOrigin.press('Enter')
    const originError = origins.locator('#newOrigin-error')
    await originError.waitFor()
    assert.match(await originError.textContent(), /Enter an origin such as https:\/\/clinic\.example/)
    assert.equal(await newOrigin.getAttribute('aria-invalid'), 'true')
    assert.equal(await newOrigin.evaluate((el) => el.matches(':focus')), true)
    assert.deepEqual(await axeViolations(page), [], 'origin refused')

    await newOrigin.fill('https://partner.example')
    await origins.locator('button.add').click()
    await origins.locator('li code', { hasText: 'https://partner.example' }).waitFor()
    await origins.locator('button.save').click()
    await origins
      .locator('[role="status"]', { hasText: 'Allowed origins saved.' })
      .waitFor({ timeout: 10_000 })
    assert.ok((await admin('/v1/admin/tenant')).body.allowedOrigins.includes('https://partner.example'))

    // Korean added to the languages.
    const locales = settings.locator('tessera-console-settings-locales')
    await locales.locator('#locales-ko').check()
    await locales.locator('button.save').click()
    await locales.locator('[role="status"]', { hasText: 'Languages saved.' }).waitFor({ timeout: 10_000 })
    assert.deepEqual((await admin('/v1/admin/tenant')).body.locales, ['en', 'ko'])

    // A secret key: shown once, with a copy button.
    const keys = settings.locator('tessera-console-settings-keys')
    await keys.locator('#key-kind').selectOption('secret')
    await keys.locator('#key-label').fill('E2E server')
    await keys.locator('button.create-key').click()
    const issued = keys.locator('#issued-key')
    await issued.waitFor({ timeout: 10_000 })
    const secret = await issued.inputValue()
    assert.match(secret, /^sk_live_[0-9A-Za-z]{40}$/)
    await keys.locator('button.copy').click()
    await keys.locator('[role="status"]', { hasText: 'Copied.' }).waitFor()
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret)
    assert.deepEqual(await axeViolations(page), [], 'secret key shown once')
    const works = await fetch(`${stack.apiUrl}/v1/admin/tenant`, {
      headers: { authorization: `Bearer ${secret}` },
    })
    assert.equal(works.status, 200)

    // After a reload only its name and first characters are left.
    await page.reload()
    const row = keys.locator('tbody tr', { hasText: 'E2E server' })
    await row.waitFor({ timeout: 15_000 })
    assert.match(await row.textContent(), new RegExp(`${secret.slice(0, 12)}…`))
    assert.equal(await keys.locator('#issued-key').count(), 0)
    assert.equal((await page.content()).includes(secret), false)
    const shadowText = await page.evaluate(() => {
      const all = []
      const walk = (root) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.shadowRoot) walk(el.shadowRoot)
          if ('value' in el && typeof el.value === 'string') all.push(el.value)
        }
        all.push(root.textContent ?? '')
      }
      walk(document)
      return all.join('\n')
    })
    assert.equal(shadowText.includes(secret), false, 'the secret is nowhere in the page after a reload')

    // Revoked after confirming: the API refuses it at once.
    await row.locator('button', { hasText: 'Revoke' }).click()
    const confirm = keys.locator('.confirm')
    await confirm.waitFor()
    assert.match(await confirm.textContent(), /Revoke “E2E server”/)
    assert.deepEqual(await axeViolations(page), [], 'revoke confirmation')
    await confirm.locator('button.danger').click()
    await keys
      .locator('[role="status"]', { hasText: '“E2E server” is revoked.' })
      .waitFor({ timeout: 10_000 })
    const refused = await fetch(`${stack.apiUrl}/v1/admin/tenant`, {
      headers: { authorization: `Bearer ${secret}` },
    })
    assert.equal(refused.status, 401)

    // A second admin saves in between: this page's save is refused with 412, shown with a reload.
    assert.equal(
      (
        await admin('/v1/admin/tenant', {
          method: 'PATCH',
          body: JSON.stringify({ legalName: 'Hanbit Imaging Group' }),
        })
      ).status,
      200
    )
    await settings.locator('#legalName').fill('Overwritten Co.')
    await settings.locator('section.company button[type="submit"]').click()
    const conflict = settings.locator('.conflict')
    await conflict.locator('button.reload').waitFor({ timeout: 10_000 })
    assert.match(await conflict.textContent(), /Someone else changed these settings/)
    assert.equal((await admin('/v1/admin/tenant')).body.legalName, 'Hanbit Imaging Group')
    assert.deepEqual(await axeViolations(page), [], 'conflict shown')
    await conflict.locator('button.reload').click()
    await settings.locator('[role="status"]', { hasText: 'Settings reloaded.' }).waitFor({ timeout: 10_000 })
    assert.equal(await settings.locator('#legalName').inputValue(), 'Hanbit Imaging Group')

    // The primary colour changes the real widget in the preview as it is typed; then saved.
    const heading = settings.locator('tessera-console-widget-preview tessera-privacy-contact .heading')
    const colour = () => heading.evaluate((el) => getComputedStyle(el).color)
    const before = await colour()
    const branding = settings.locator('tessera-console-settings-branding')
    await branding.locator('#branding-primaryColor').fill('#c2185b')
    await page.waitForFunction(
      () =>
        getComputedStyle(
          document
            .querySelector('tessera-console')
            .shadowRoot.querySelector('tessera-console-settings')
            .shadowRoot.querySelector('tessera-console-settings-branding')
            .shadowRoot.querySelector('tessera-console-widget-preview')
            .shadowRoot.querySelector('tessera-privacy-contact')
            .shadowRoot.querySelector('.heading')
        ).color === 'rgb(194, 24, 91)',
      null,
      { timeout: 5000 }
    )
    assert.notEqual(before, 'rgb(194, 24, 91)')
    // So does the real sign-up form, shown on request.
    const preview = settings.locator('tessera-console-widget-preview')
    await preview.locator('button.toggle').click()
    const signUp = preview.locator('tessera-consent button[type="submit"]')
    await signUp.waitFor({ timeout: 10_000 })
    assert.equal(await signUp.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(194, 24, 91)')
    // The console itself keeps its own colours.
    const consoleButton = await settings
      .locator('section.company button[type="submit"]')
      .evaluate((el) => getComputedStyle(el).backgroundColor)
    assert.notEqual(consoleButton, 'rgb(194, 24, 91)')
    await branding.locator('button.save').click()
    await branding.locator('[role="status"]', { hasText: 'Branding saved.' }).waitFor({ timeout: 10_000 })
    const config = await (
      await fetch(`${stack.apiUrl}/v1/widget/config`, {
        headers: { 'x-tessera-key': DEMO_KEY, origin: stack.demoUrl },
      })
    ).json()
    assert.equal(config.branding.primaryColor, '#c2185b')
    assert.deepEqual(await axeViolations(page), [], 'preview with the new colour')

    // A logo (a 1×1 PNG), sent with If-Match, shown from the API.
    await branding.locator('#logo').setInputFiles({
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
        'base64'
      ),
    })
    await branding.locator('button.upload-logo').click()
    await branding.locator('[role="status"]', { hasText: 'Logo uploaded.' }).waitFor({ timeout: 10_000 })
    const logo = branding.locator('.logo img')
    await logo.waitFor()
    await page.waitForFunction(
      () =>
        document
          .querySelector('tessera-console')
          .shadowRoot.querySelector('tessera-console-settings')
          .shadowRoot.querySelector('tessera-console-settings-branding')
          .shadowRoot.querySelector('.logo img')?.naturalWidth === 1,
      null,
      { timeout: 5000 }
    )

    assert.deepEqual(problems, [])
    assert.deepEqual(failures, ['412 PATCH /v1/admin/tenant'])
    await context.close()
  })

  test('purposes with their lawful basis, the cookie inventory (an API refusal beside the field), the embed snippet', async () => {
    const { context, page, problems, failures } = await watchedPage()
    await page.goto(`${stack.apiUrl}/console/purposes`)
    await signInAsOwner(page, stack.tenantId)
    const purposes = page.locator('tessera-console-purposes')
    await purposes.locator('tbody tr').first().waitFor({ timeout: 15_000 })
    await page.locator('tessera-console nav a[aria-current="page"]').getByText('Purposes & cookies').waitFor()
    const inventory = purposes.locator('tessera-console-purposes-inventory')
    await inventory.locator('button.add-entry').waitFor({ timeout: 10_000 })
    assert.ok((await purposes.locator('td.basis').allTextContents()).length > 0)
    assert.deepEqual(await axeViolations(page), [], 'purposes page')

    // The embed snippet: one script tag with the demo tenant's publishable key, then the elements.
    const snippet = await purposes.locator('tessera-console-purposes-embed #embed').inputValue()
    assert.ok(
      snippet.includes(
        `<script src="${stack.apiUrl}/widgets/v1/tessera.js" data-key="${DEMO_KEY}" async></script>`
      )
    )
    assert.ok(snippet.includes('<tessera-cookie-banner></tessera-cookie-banner>'))

    // A new cookie; its name longer than the API allows (set by script: typing stops at maxlength).
    const rows = await inventory.locator('fieldset.entry').count()
    await inventory.locator('button.add-entry').click()
    const n = rows
    const field = (name) => inventory.locator(`#entry-${n}-${name}`)
    await field('name').waitFor()
    await field('category').selectOption('analytics')
    await field('name').evaluate((el, value) => {
      el.value = value
      el.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
    }, 'x'.repeat(129))
    await field('provider').fill('Plausible <b>Analytics</b>')
    await field('duration').fill('1 day')
    await field('purpose-en').fill('Counts visits without cookies')
    await field('purpose-ko').fill('쿠키 없이 방문 수를 셉니다')
    await inventory.locator('button.save-inventory').click()
    const nameError = inventory.locator(`#entry-${n}-name-error`)
    await nameError.waitFor({ timeout: 10_000 })
    assert.match(await nameError.textContent(), /128/)
    assert.equal(await field('name').getAttribute('aria-invalid'), 'true')
    assert.equal(await field('name').evaluate((el) => el.matches(':focus')), true)
    assert.deepEqual(await axeViolations(page), [], 'inventory row refused')

    await field('name').fill('_pl_visit')
    await inventory.locator('button.save-inventory').click()
    await inventory
      .locator('[role="status"]', { hasText: 'Cookie inventory saved.' })
      .waitFor({ timeout: 10_000 })
    assert.equal(await nameError.count(), 0)
    assert.deepEqual(await axeViolations(page), [], 'inventory saved')

    // The widgets' cookie config lists it, HTML as plain text.
    const cookies = await (
      await fetch(`${stack.apiUrl}/v1/widget/cookies/config?locale=en`, {
        headers: { 'x-tessera-key': DEMO_KEY, origin: stack.demoUrl },
      })
    ).json()
    const analytics = cookies.categories.find((c) => c.key === 'analytics')
    assert.deepEqual(
      analytics.cookies.find((c) => c.name === '_pl_visit'),
      {
        name: '_pl_visit',
        provider: 'Plausible <b>Analytics</b>',
        duration: '1 day',
        purpose: 'Counts visits without cookies',
      }
    )

    // Korean.
    await page.locator('tessera-console #language').selectOption('ko')
    await purposes.locator('h1', { hasText: '목적 및 쿠키' }).waitFor()
    assert.deepEqual(await axeViolations(page), [], 'purposes page in Korean')

    assert.deepEqual(problems, [])
    assert.deepEqual(failures, ['422 PUT /v1/admin/cookies/inventory'])
    await context.close()
  })
})
