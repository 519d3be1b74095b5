// The viewer end to end on the demo site: a member sends an image, the inference worker analyses it,
// and <tessera-viewer upload-id="latest"> on the same page shows it with the result overlay; window/level
// changes the pixels; the overlay comes and goes; a purged image shows the expired state.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { launchChromium } from './support.mjs'
import { startStack, DEMO_KEY } from './stack.mjs'

const require = createRequire(import.meta.url)
const dcmjs = require('dcmjs')

/** A 256² CT-like DICOM with a bright curved vessel (what the demonstration model marks). */
function vesselDicom() {
  const side = 256
  const values = new Uint16Array(side * side)
  for (let y = 0; y < side; y++) {
    const centre = side / 2 + (side / 5) * Math.sin((y / side) * Math.PI * 2)
    for (let x = 0; x < side; x++)
      values[y * side + x] = Math.round(1500 + (200 * x) / side + 900 * Math.exp(-((x - centre) ** 2) / 2.88))
  }
  const uid = '1.2.826.0.1.3680043.8.498.9191'
  const dict = new dcmjs.data.DicomDict({
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
    '00020003': { vr: 'UI', Value: [uid] },
    '00020010': { vr: 'UI', Value: ['1.2.840.10008.1.2.1'] },
    '00020012': { vr: 'UI', Value: ['1.2.826.0.1.3680043.10.999'] },
  })
  dict.dict = {
    '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
    '00080018': { vr: 'UI', Value: [uid] },
    '00080060': { vr: 'CS', Value: ['CT'] },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: 'HAN^SORA' }] },
    '00280002': { vr: 'US', Value: [1] },
    '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
    '00280010': { vr: 'US', Value: [side] },
    '00280011': { vr: 'US', Value: [side] },
    '00280100': { vr: 'US', Value: [16] },
    '00280101': { vr: 'US', Value: [16] },
    '00280102': { vr: 'US', Value: [15] },
    '00280103': { vr: 'US', Value: [0] },
    '00281050': { vr: 'DS', Value: ['900'] },
    '00281051': { vr: 'DS', Value: ['1400'] },
    '00281052': { vr: 'DS', Value: ['-1024'] },
    '00281053': { vr: 'DS', Value: ['1'] },
    '7FE00010': { vr: 'OW', Value: [values.buffer] },
  }
  return Buffer.from(dict.write())
}

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
