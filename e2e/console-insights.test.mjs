// The console's Consent, Statistics and Audit log pages end to end: data made through the APIs first
// (cookie choices of visitors and members' consents with the demo key, an image uploaded and analysed
// on the partner's page, a privacy request handled by staff, the day's statistics computed), then each page in Chromium under the console's CSP: charts
// drawn with the API's figures, chain verification shown, exports downloaded and parsed; an analyst
// sees Consent and Statistics but not the Audit log, and the API refuses it the log as well.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { launchChromium } from './support.mjs'
import { axeViolations, buildConsole, signInAsOwner } from './console-support.mjs'
import { DEMO_KEY, startStack } from './stack.mjs'
import { ace } from '../scripts/lib/processes.mjs'
import { vesselDicom } from './dicom.mjs'

const ANALYST = { email: 'analyst@hanbit-imaging.example', password: 'analyst-password-long' }

describe('console: Consent, Statistics and Audit log in Chromium', () => {
  let stack, browser, auth, timeZone

  const widgetHeaders = () => ({
    'content-type': 'application/json',
    'x-tessera-key': DEMO_KEY,
    origin: stack.demoUrl,
  })

  const admin = (path, init = {}) =>
    fetch(`${stack.apiUrl}${path}`, { ...init, headers: { ...auth, ...init.headers } })

  /** A page that records page errors, console errors and CSP violations. */
  async function openPage(options = {}) {
    const context = await browser.newContext({ acceptDownloads: true, timezoneId: timeZone, ...options })
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
        window.__cspViolation(`${e.violatedDirective} ${e.blockedURI}`)
      )
    })
    return { context, page, problems }
  }

  /** A chart's data table, column by column (the `data-value` of each cell), and whether it is drawn. */
  const chartOf = (page, selector) =>
    page.evaluate((selector) => {
      const find = (root, sel) => {
        const hit = root.querySelector(sel)
        if (hit) return hit
        for (const el of root.querySelectorAll('*')) {
          const inner = el.shadowRoot && find(el.shadowRoot, sel)
          if (inner) return inner
        }
        return null
      }
      const chart = find(document, selector)
      if (!chart) return null
      const root = chart.shadowRoot
      const rows = [...root.querySelectorAll('tbody tr')]
      const width = rows[0]?.querySelectorAll('td').length ?? 0
      const canvas = root.querySelector('.plot canvas')
      let inked = 0
      if (canvas) {
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height)
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked++
      }
      return {
        days: rows.map((r) => r.dataset.day),
        columns: Array.from({ length: width }, (_, c) =>
          rows.map((r) => Number(r.querySelectorAll('td')[c].dataset.value))
        ),
        drawn: root.querySelector('.plot')?.dataset.drawn === 'true',
        inked,
        empty: !!root.querySelector('.empty'),
      }
    }, selector)

  const sum = (values) => values.reduce((a, b) => a + b, 0)

  before(async () => {
    buildConsole()
    stack = await startStack({ apiPort: 3380, demoPort: 3440, smtpPort: 2560, redisDb: 7, worker: true })
    browser = await launchChromium()
    auth = { authorization: `Bearer ${await stack.ownerToken()}`, 'content-type': 'application/json' }

    // Visitors' cookie choices (the banner's receipts) and two members' consents to purposes.
    const config = await (
      await fetch(`${stack.apiUrl}/v1/widget/cookies/config`, { headers: widgetHeaders() })
    ).json()
    const optional = config.categories.filter((c) => !c.required).map((c) => c.key)
    assert.ok(optional.length > 0, 'the demo policy has optional cookie categories')
    for (const accept of [true, true, false]) {
      const receipt = await fetch(`${stack.apiUrl}/v1/widget/cookies/receipts`, {
        method: 'POST',
        headers: widgetHeaders(),
        body: JSON.stringify({
          visitorId: randomUUID(),
          choices: Object.fromEntries(optional.map((k) => [k, accept])),
          policyHash: config.policyHash,
          gpc: false,
          source: 'banner',
        }),
      })
      assert.equal(receipt.status, 201)
    }
    await stack.registerMember('insights.one@example.com', {
      consents: { image_analysis: true, marketing: false },
    })
    await stack.registerMember('insights.two@example.com', {
      consents: { image_analysis: true, marketing: false },
    })

    // A third member uploads an image on the partner's page; the platform's model analyses it.
    const link = await stack.registerMember('insights.uploader@example.com', {
      consents: { image_analysis: true, marketing: false },
      returnPage: 'upload.html',
      verify: false,
    })
    const uploader = await browser.newContext()
    const uploadPage = await uploader.newPage()
    await uploadPage.goto(link)
    const upload = uploadPage.locator('tessera-upload')
    await upload.locator('[part="dropzone"]').waitFor({ timeout: 15_000 })
    await upload.locator('input[type="file"]').setInputFiles({
      name: 'angio.dcm',
      mimeType: 'application/octet-stream',
      buffer: vesselDicom({ patientName: 'MOON^YEJIN' }),
    })
    await upload.locator('[data-send]').click()
    await upload.locator('[part~="analysis-summary"]').waitFor({ timeout: 60_000 })
    await uploader.close()

    // A privacy request by letter, handled by staff: received and resolved today.
    const recorded = await admin('/v1/admin/requests', {
      method: 'POST',
      body: JSON.stringify({ memberEmail: 'insights.one@example.com', type: 'access', channel: 'letter' }),
    })
    assert.equal(recorded.status, 201)
    const { id } = await recorded.json()
    assert.equal(
      (
        await admin(`/v1/admin/requests/${id}/verify-identity`, {
          method: 'POST',
          body: JSON.stringify({ method: 'Signed letter matched to the account name and address' }),
        })
      ).status,
      200
    )
    assert.equal(
      (
        await admin(`/v1/admin/requests/${id}/complete`, {
          method: 'POST',
          body: JSON.stringify({ response: 'A printed copy was posted.' }),
        })
      ).status,
      200
    )

    // The daily job counts a day after it ends; compute today's figures now.
    const statistics = await (await admin('/v1/admin/statistics')).json()
    timeZone = statistics.timeZone
    ace(['statistics:aggregate', `--day=${statistics.to}`], stack.env)

    const analyst = await admin('/v1/admin/admins', {
      method: 'POST',
      body: JSON.stringify({ ...ANALYST, fullName: 'Ana Lyst', role: 'analyst' }),
    })
    assert.equal(analyst.status, 201)
  })
  after(async () => {
    await browser?.close()
    await stack?.close()
  })

  test('Consent: a chart per purpose and category with the API’s counts, the ledger verified, the proof exported', async () => {
    const { context, page, problems } = await openPage()
    await page.goto(`${stack.apiUrl}/console/consent`)
    await signInAsOwner(page, stack.tenantId)
    const consent = page.locator('tessera-console-consent')
    await consent.locator('[data-chain="ok"]').waitFor({ timeout: 15_000 })

    const stats = (await (await admin('/v1/admin/consent/stats')).json()).data
    const targets = [...new Set(stats.map((r) => `${r.target.type}:${r.target.key}`))]
    assert.ok(targets.includes('purpose:image_analysis'))
    assert.ok(targets.some((t) => t.startsWith('cookie_category:')))
    for (const target of targets) {
      const selector = `tessera-console-chart[data-target="${target}"]`
      await page.locator(`${selector} .plot[data-drawn="true"]`).waitFor({ timeout: 10_000 })
      const chart = await chartOf(page, selector)
      assert.ok(chart.inked > 100, `${target}: the chart is drawn on its canvas`)
      const expected = ['grant', 'deny', 'withdraw'].map((action) =>
        sum(
          stats
            .filter((r) => `${r.target.type}:${r.target.key}` === target && r.action === action)
            .map((r) => r.count)
        )
      )
      assert.deepEqual(chart.columns.map(sum), expected, `${target}: the table has the API's counts`)
    }
    const imageAnalysis = await chartOf(page, 'tessera-console-chart[data-target="purpose:image_analysis"]')
    assert.equal(imageAnalysis.columns[0].at(-1), 3, 'three members granted image analysis today')

    const verify = await (await admin('/v1/admin/consent/verify')).json()
    assert.equal(verify.ok, true)
    assert.match(
      await consent.locator('[data-chain="ok"]').textContent(),
      new RegExp(`${verify.events} entries verified`)
    )
    assert.deepEqual(await axeViolations(page), [], 'consent page')

    // "Show as table" shows the same figures instead of the chart.
    const firstChart = page.locator('tessera-console-chart').first()
    await firstChart.locator('.head button').click()
    await firstChart.locator('.table-wrap table').waitFor()
    assert.equal(await firstChart.locator('.plot').count(), 0)
    assert.deepEqual(await axeViolations(page), [], 'consent page with a table shown')

    // The export needs a reason: the API's refusal is shown beside the field.
    await consent.locator('#reason').fill('why')
    await consent.getByRole('button', { name: 'Download the ledger' }).click()
    await consent.locator('#reason-error').waitFor()
    assert.match(await consent.locator('#reason-error').textContent(), /Say why/)
    assert.equal(await consent.locator('#reason').getAttribute('aria-invalid'), 'true')
    assert.deepEqual(await axeViolations(page), [], 'consent page with a field error')

    await consent.locator('#reason').fill('Inspection by the supervisory authority')
    const [download, response] = await Promise.all([
      page.waitForEvent('download'),
      page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/v1/admin/consent/export' && r.status() === 200
      ),
      consent.getByRole('button', { name: 'Download the ledger' }).click(),
    ])
    assert.match(response.headers()['content-type'], /^application\/x-ndjson/)
    assert.match(download.suggestedFilename(), /^consent-ledger-tn_.+\.ndjson$/)
    const lines = (await readFile(await download.path(), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    assert.equal(lines.length, verify.events, 'one line per ledger entry')
    assert.ok(lines.every((l) => l.subject && l.action))
    await consent.locator('[role="status"]', { hasText: 'has started' }).waitFor()

    assert.deepEqual(problems, [])
    await context.close()
  })

  test('Statistics: charts with the day’s figures, a period picked, the CSV downloaded', async () => {
    const { context, page, problems } = await openPage({ locale: 'ko-KR' })
    await page.goto(`${stack.apiUrl}/console/statistics`)
    await signInAsOwner(page, stack.tenantId)
    const statistics = page.locator('tessera-console-statistics')
    await statistics.locator('tessera-console-chart[data-chart="requests"]').waitFor({ timeout: 15_000 })
    const api = await (await admin('/v1/admin/statistics')).json()
    const metric = (name) => sum(api.data.filter((r) => r.metric === name).map((r) => r.value))
    assert.equal(metric('requests_received'), 1)
    assert.equal(metric('requests_resolved'), 1)

    await page
      .locator('tessera-console-chart[data-chart="requests"] .plot[data-drawn="true"]')
      .waitFor({ timeout: 10_000 })
    const requests = await chartOf(page, 'tessera-console-chart[data-chart="requests"]')
    assert.ok(requests.inked > 100)
    assert.equal(requests.days.at(-1), api.to)
    assert.deepEqual(requests.columns.map(sum), [
      metric('requests_received'),
      metric('requests_resolved'),
      metric('requests_late'),
    ])
    assert.equal(metric('uploads'), 1)
    assert.equal(metric('analyses'), 1)
    await page
      .locator('tessera-console-chart[data-chart="activity"] .plot[data-drawn="true"]')
      .waitFor({ timeout: 10_000 })
    const activity = await chartOf(page, 'tessera-console-chart[data-chart="activity"]')
    assert.ok(activity.inked > 100)
    assert.deepEqual(activity.columns.map(sum), [metric('uploads'), metric('analyses')])
    assert.deepEqual(
      activity.columns.map((c) => c.at(-1)),
      [1, 1],
      'today: one upload, one analysis'
    )
    // The browser speaks Korean: so does the console.
    assert.equal(await statistics.locator('h1').textContent(), '통계')
    assert.deepEqual(await axeViolations(page), [], 'statistics page')

    // A period the API refuses (over two years) is shown beside its field.
    await statistics.locator('#from').fill('2020-01-01')
    await statistics.locator('form button[type="submit"]').click()
    await statistics.locator('#from-error').waitFor()
    assert.match(await statistics.locator('#from-error').textContent(), /at most two years/)
    assert.deepEqual(await axeViolations(page), [], 'statistics page with a field error')

    await statistics.locator('#from').fill(api.to)
    await statistics.locator('form button[type="submit"]').click()
    await statistics.locator('#from-error').waitFor({ state: 'detached' })
    const [download, response] = await Promise.all([
      page.waitForEvent('download'),
      page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/v1/admin/statistics' && r.url().includes('format=csv')
      ),
      statistics.locator('form button.secondary').click(),
    ])
    assert.match(response.headers()['content-type'], /^text\/csv/)
    assert.equal(download.suggestedFilename(), `statistics-${api.to}-${api.to}.csv`)
    const csv = (await readFile(await download.path(), 'utf8')).trim().split('\r\n')
    assert.equal(csv[0], 'day,metric,dimension,value')
    const rows = csv.slice(1).map((line) => line.split(','))
    assert.deepEqual(
      rows.filter((r) => r[1] === 'requests_received').map((r) => Number(r[3])),
      [1]
    )
    assert.ok(rows.every((r) => r[0] === api.to))

    assert.deepEqual(problems, [])
    await context.close()
  })

  test('Audit log: entries listed and filtered, the chain verified, the month summarised and exported', async () => {
    const { context, page, problems } = await openPage()
    await page.goto(`${stack.apiUrl}/console/audit`)
    await signInAsOwner(page, stack.tenantId)
    const audit = page.locator('tessera-console-audit')
    await audit.locator('[data-chain="ok"]').waitFor({ timeout: 15_000 })
    await audit.locator('tr[data-event]').first().waitFor()
    const verify = await (await admin('/v1/admin/audit-events/verify')).json()
    assert.equal(verify.ok, true)
    assert.match(await audit.locator('[data-chain="ok"]').textContent(), /entries verified/)

    const newest = (await (await admin('/v1/admin/audit-events?limit=25')).json()).data
    const shownIds = await audit
      .locator('tr[data-event]')
      .evaluateAll((rows) => rows.map((r) => Number(r.dataset.event)))
    // The page's own sign-in may be newer than the API call's view; the rest is the same list.
    assert.deepEqual(
      shownIds.filter((id) => id <= newest[0].id),
      newest.map((e) => e.id).slice(0, shownIds.filter((id) => id <= newest[0].id).length)
    )

    await audit.locator('#action').fill('consent.')
    await audit.getByRole('button', { name: 'Filter', exact: true }).click()
    await page.waitForFunction(() => {
      const root = document
        .querySelector('tessera-console')
        ?.shadowRoot?.querySelector('tessera-console-audit')?.shadowRoot
      const cells = [...(root?.querySelectorAll('tr[data-event] th') ?? [])]
      return cells.length > 0 && cells.every((c) => c.textContent.trim().startsWith('consent.'))
    })
    assert.deepEqual(await axeViolations(page), [], 'audit page, filtered')

    const month = new Date().toISOString().slice(0, 7)
    const summary = await (await admin(`/v1/admin/audit-events/summary?month=${month}`)).json()
    await audit.locator('.month-total').waitFor()
    await page
      .locator('tessera-console-chart[data-chart="month"] .plot[data-drawn="true"]')
      .waitFor({ timeout: 10_000 })
    const chart = await chartOf(page, 'tessera-console-chart[data-chart="month"]')
    assert.ok(chart.inked > 100)
    // Entries made after the summary was read (this page's sign-in) may be counted by the page too.
    assert.ok(sum(chart.columns[0]) >= summary.total && summary.total > 0)

    await audit.locator('#reason').fill('Monthly access review')
    const [download, response] = await Promise.all([
      page.waitForEvent('download'),
      page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/admin/audit-events/monthly'),
      audit.getByRole('button', { name: 'Download the month’s log' }).click(),
    ])
    assert.equal(response.status(), 200)
    assert.match(response.headers()['content-type'], /^application\/x-ndjson/)
    assert.equal(download.suggestedFilename(), `audit-${stack.tenantId}-${month}.ndjson`)
    const lines = (await readFile(await download.path(), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    assert.ok(lines.length >= summary.total)
    assert.ok(lines.some((l) => l.action === 'consent.ledger_exported'))
    assert.deepEqual(await axeViolations(page), [], 'audit page after the export')

    assert.deepEqual(problems, [])
    await context.close()
  })

  test('an analyst sees Consent and Statistics but not the Audit log; the API refuses it the log', async () => {
    const { context, page, problems } = await openPage()
    await page.goto(`${stack.apiUrl}/console/consent`)
    await signInAsOwner(page, stack.tenantId, ANALYST)
    await page.locator('tessera-console-consent [data-chain="ok"]').waitFor({ timeout: 15_000 })
    const nav = await page.locator('tessera-console nav a').allTextContents()
    assert.ok(nav.includes('Consent'))
    assert.ok(nav.includes('Statistics'))
    assert.ok(!nav.includes('Audit log'))
    // No export for an analyst: the page says so instead of a form.
    assert.equal(await page.locator('tessera-console-consent #reason').count(), 0)
    assert.match(await page.locator('tessera-console-consent .notice').textContent(), /analyst/)
    assert.deepEqual(await axeViolations(page), [], 'consent page for an analyst')

    const token = await page.evaluate(() => sessionStorage.getItem('tessera.console.token'))
    const refused = await fetch(`${stack.apiUrl}/v1/admin/audit-events`, {
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(refused.status, 403)
    const exportRefused = await fetch(`${stack.apiUrl}/v1/admin/consent/export?reason=Just%20looking`, {
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(exportRefused.status, 403)
    assert.equal(
      (await fetch(`${stack.apiUrl}/v1/admin/statistics`, { headers: { authorization: `Bearer ${token}` } }))
        .status,
      200
    )

    // A direct link to the Audit log does not show it.
    await page.goto(`${stack.apiUrl}/console/audit`)
    await page.locator('tessera-console nav').waitFor({ timeout: 15_000 })
    await page.waitForTimeout(300)
    assert.equal(await page.locator('tessera-console-audit').count(), 0)

    assert.deepEqual(problems, [])
    await context.close()
  })
})
