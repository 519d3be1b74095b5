// The viewer end to end on the demo site: a member sends an image, the inference worker analyses it,
// and <tessera-viewer upload-id="latest"> on the same page shows it with the result overlay; window/level
// changes the pixels; the overlay comes and goes; a purged image shows the expired state.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { launchChromium } from './support.mjs'
import { startStack, DEMO_KEY } from './stack.mjs'
import { vesselDicom } from './dicom.mjs'

/** Canvas statistics inside the page: mean grey, and how many pixels are tinted (not grey). */
function canvasStats(page) {
  return page.evaluate(() => {
    const viewer = document.querySelector('tessera-viewer')
    const canvas = viewer.shadowRoot.querySelector('.stage canvas')
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height)
    let sum = 0
    let tinted = 0
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]]
      sum += (r + g + b) / 3
      if (Math.max(Math.abs(r - g), Math.abs(r - b), Math.abs(g - b)) > 40) tinted++
    }
    return { mean: sum / (data.length / 4), tinted, width: canvas.width, height: canvas.height }
  })
}

describe('viewer in Chromium', () => {
  let stack, browser
  before(async () => {
    stack = await startStack({ apiPort: 3360, demoPort: 3420, smtpPort: 2545, redisDb: 9, worker: true })
    browser = await launchChromium()
  })
  after(async () => {
    await browser?.close()
    await stack?.close()
  })

  test('after an upload and its analysis the viewer shows the image and the result; purged, it shows expired', async () => {
    const headers = { 'content-type': 'application/json', 'x-tessera-key': DEMO_KEY, origin: stack.demoUrl }
    const purposes = await (await fetch(`${stack.apiUrl}/v1/widget/purposes`, { headers })).json()
    await fetch(`${stack.apiUrl}/v1/widget/members`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        firstName: 'Sora',
        lastName: 'Han',
        nationality: 'KR',
        email: 'viewer.member@example.com',
        locale: 'en',
        policyVersion: purposes.policyVersion,
        consents: [{ purpose: 'image_analysis', granted: true }],
        returnUrl: `${stack.demoUrl}/upload.html`,
      }),
    })
    const mail = await stack.mailTo('viewer.member@example.com', (m) =>
      /tessera-verify=mv_/.test(String(m.parsed.text))
    )
    const link = /(http:\/\/localhost:\d+\/upload\.html#tessera-verify=mv_[0-9A-Za-z]+)/.exec(
      String(mail.parsed.text)
    )[1]

    const context = await browser.newContext({ viewport: { width: 1100, height: 1400 } })
    const page = await context.newPage()
    const problems = []
    page.on('pageerror', (error) => problems.push(error.message))
    await page.goto(link)
    const upload = page.locator('tessera-upload')
    const viewer = page.locator('tessera-viewer')
    await upload.locator('[part="dropzone"]').waitFor({ timeout: 15_000 })
    assert.equal(await viewer.getAttribute('view'), 'no-upload', 'nothing to show before the first image')

    await upload.locator('input[type="file"]').setInputFiles({
      name: 'angio.dcm',
      mimeType: 'application/octet-stream',
      buffer: vesselDicom(),
    })
    await upload.locator('[data-send]').click()
    // The analysis finishes in <tessera-upload>; the viewer (upload-id="latest") follows it.
    await page.waitForFunction(
      () => document.querySelector('tessera-viewer')?.getAttribute('view') === 'viewing',
      null,
      {
        timeout: 60_000,
      }
    )
    await viewer.locator('[data-overlay]').waitFor({ timeout: 15_000 })
    assert.match(await viewer.locator('[part~="analysis"]').textContent(), /tessera-vessel-demo/)

    // Overlay off: a grey image, nothing tinted.
    await viewer.locator('[data-overlay]').uncheck()
    await page.waitForTimeout(200)
    const plain = await canvasStats(page)
    assert.equal(plain.tinted, 0, 'no colour without the overlay')
    assert.ok(plain.mean > 5, 'the image is drawn')

    // Window/level: a window centred lower and narrower makes the same pixels brighter.
    await page.evaluate(() => document.querySelector('tessera-viewer').setWindow(500, 400))
    await page.waitForTimeout(200)
    const brighter = await canvasStats(page)
    assert.ok(
      brighter.mean > plain.mean + 20,
      `brighter after window/level: ${plain.mean} → ${brighter.mean}`
    )
    await page.evaluate(() => document.querySelector('tessera-viewer').setWindow(900, 1400))

    // Overlay on: tinted pixels appear, about as many as the model's share of the image; off again: gone.
    await viewer.locator('[data-overlay]').check()
    await page.waitForTimeout(200)
    const withOverlay = await canvasStats(page)
    const share = await page.evaluate(
      async ([api, key]) => {
        const session = Object.entries(sessionStorage).find(([k]) =>
          k.startsWith('tessera.member-session')
        )?.[1]
        const r = await fetch(`${api}/v1/widget/me/uploads`, {
          headers: { 'x-tessera-key': key, authorization: `Bearer ${session}` },
        })
        return (await r.json()).data[0].analysis.summary.scores[1]
      },
      [stack.apiUrl, DEMO_KEY]
    )
    assert.ok(share > 0.01, `the model found the vessel (${share})`)
    // The image is fitted into the canvas: its area there is the smaller side squared (a square image).
    const imageArea = Math.min(withOverlay.width, withOverlay.height) ** 2
    const tintedShare = withOverlay.tinted / imageArea
    assert.ok(
      tintedShare > share * 0.5 && tintedShare < share * 1.5,
      `tinted ${tintedShare.toFixed(4)} of the image, the mask ${share.toFixed(4)}`
    )
    await viewer.locator('[data-overlay]').uncheck()
    await page.waitForTimeout(200)
    assert.equal((await canvasStats(page)).tinted, 0, 'the overlay goes when toggled off')

    // The member deletes the image: shown again by its id, the viewer says it is gone.
    const uploadId = await page.evaluate(
      async ([api, key]) => {
        const session = Object.entries(sessionStorage).find(([k]) =>
          k.startsWith('tessera.member-session')
        )?.[1]
        const auth = { 'x-tessera-key': key, authorization: `Bearer ${session}` }
        const { data } = await (await fetch(`${api}/v1/widget/me/uploads`, { headers: auth })).json()
        await fetch(`${api}/v1/widget/me/uploads/${data[0].id}`, { method: 'DELETE', headers: auth })
        return data[0].id
      },
      [stack.apiUrl, DEMO_KEY]
    )
    await page.evaluate(
      (id) => document.querySelector('tessera-viewer').setAttribute('upload-id', id),
      uploadId
    )
    await page.waitForFunction(
      () => document.querySelector('tessera-viewer')?.getAttribute('view') === 'expired',
      null,
      {
        timeout: 15_000,
      }
    )
    assert.deepEqual(problems, [])
    await context.close()
  })
})
