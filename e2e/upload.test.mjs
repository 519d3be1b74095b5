// Image upload end to end on the demo site: de-identified in the browser, sent with progress,
// stored, listed with its deletion countdown; refused without the imaging consent.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { launchChromium } from './support.mjs'
import { startStack, DEMO_KEY } from './stack.mjs'
import { dicomFile, vesselDicom } from './dicom.mjs'
import { attr, buildModel } from '../apps/api/app/inference/onnx_builder.ts'

/**
 * A model slow enough (three 7×7 convolutions, 32 channels, on 384²) for every stage of its analysis to
 * be seen in the page: the vessel demonstration model finishes in a few milliseconds.
 */
function slowModel() {
  const weights = (n) => Array.from({ length: n }, (_, i) => (((i * 7919) % 13) - 6) / 400)
  const pads = { pads: attr.ints([3, 3, 3, 3]) }
  return buildModel({
    graphName: 'slow',
    inputs: [{ name: 'x', type: 'float32', shape: [1, 1, 384, 384] }],
    outputs: [{ name: 'y', type: 'float32', shape: [1, 1, 384, 384] }],
    initializers: [
      { name: 'w1', type: 'float32', dims: [32, 1, 7, 7], values: weights(32 * 49) },
      { name: 'w2', type: 'float32', dims: [32, 32, 7, 7], values: weights(32 * 32 * 49) },
      { name: 'w3', type: 'float32', dims: [32, 32, 7, 7], values: weights(32 * 32 * 49) },
      { name: 'w4', type: 'float32', dims: [1, 32, 1, 1], values: weights(32) },
    ],
    nodes: [
      { op: 'Conv', inputs: ['x', 'w1'], outputs: ['a'], attributes: pads },
      { op: 'Conv', inputs: ['a', 'w2'], outputs: ['b'], attributes: pads },
      { op: 'Conv', inputs: ['b', 'w3'], outputs: ['c'], attributes: pads },
      { op: 'Conv', inputs: ['c', 'w4'], outputs: ['d'] },
      { op: 'Sigmoid', inputs: ['d'], outputs: ['y'] },
    ],
  })
}

/** A CT DICOM holding a patient name the browser must remove before sending (flat 16-bit pixels). */
const dicom = (rows = 64, cols = 64) =>
  dicomFile({ rows, cols, pixels: new Uint16Array(rows * cols).fill(300), bitsStored: 12 })

describe('image upload in Chromium', () => {
  let stack, browser
  const headers = () => ({
    'content-type': 'application/json',
    'x-tessera-key': DEMO_KEY,
    origin: stack.demoUrl,
  })

  async function register(email, imaging) {
    const purposes = await (await fetch(`${stack.apiUrl}/v1/widget/purposes`, { headers: headers() })).json()
    await fetch(`${stack.apiUrl}/v1/widget/members`, {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({
        firstName: 'Ji-hoon',
        lastName: 'Park',
        nationality: 'KR',
        email,
        locale: 'en',
        policyVersion: purposes.policyVersion,
        consents: [{ purpose: 'image_analysis', granted: imaging }],
        returnUrl: `${stack.demoUrl}/upload.html`,
      }),
    })
    const mail = await stack.mailTo(email)
    return /(http:\/\/localhost:\d+\/upload\.html#tessera-verify=mv_[0-9A-Za-z]+)/.exec(
      String(mail.parsed.text)
    )[1]
  }

  before(async () => {
    stack = await startStack({ apiPort: 3354, demoPort: 3415, smtpPort: 2540, redisDb: 11, worker: true })
    browser = await launchChromium()
  })
  after(async () => {
    await browser?.close()
    await stack?.close()
  })

  test('a DICOM is de-identified in the browser, survives a cut connection (tus resume) and is listed with its countdown', async () => {
    const link = await register('upload.member@example.com', true)
    const context = await browser.newContext()
    const page = await context.newPage()
    // Resumable upload (tus): capture every chunk, and cut the connection on the first one.
    const sent = []
    let cut = 0
    await page.route('**/v1/widget/me/tus/**', async (route) => {
      const request = route.request()
      if (request.method() === 'PATCH') {
        if (cut === 0) {
          cut++
          return route.abort('connectionreset')
        }
        sent.push(request.postDataBuffer())
      }
      await route.continue()
    })
    await page.goto(link)
    const upload = page.locator('tessera-upload')
    await upload.locator('[part="dropzone"]').waitFor({ timeout: 15_000 })
    await upload.locator('input[type="file"]').setInputFiles({
      name: 'scan-of-park-jihoon.dcm',
      mimeType: 'application/octet-stream',
      buffer: dicom(),
    })
    await upload.locator('[data-send]').waitFor({ timeout: 10_000 })
    assert.match(await upload.locator('[part="file"]').first().textContent(), /PatientName|removed|replaced/i)
    await upload.locator('[data-send]').click()
    await upload.locator('[data-stored]').first().waitFor({ timeout: 15_000 })
    assert.match(await upload.locator('[part="countdown"]').first().textContent(), /\d/)

    assert.equal(cut, 1, 'the first chunk was cut off')
    assert.ok(sent.length >= 1 && sent.every(Boolean), 'the upload resumed and its chunks were captured')
    const body = Buffer.concat(sent).toString('latin1')
    assert.ok(!body.includes('PARK^JIHOON'), 'the name never left the browser')
    assert.ok(!body.includes('scan-of-park-jihoon'), 'nor the file name')
    const list = await page.evaluate(
      async ([api, key]) => {
        const token = Object.entries(sessionStorage).find(([k]) =>
          k.startsWith('tessera.member-session')
        )?.[1]
        const session = token ?? null
        const r = await fetch(`${api}/v1/widget/me/uploads`, {
          headers: { 'x-tessera-key': key, authorization: `Bearer ${session}` },
        })
        return r.json()
      },
      [stack.apiUrl, DEMO_KEY]
    )
    assert.equal(list.data.length, 1)
    assert.equal(list.data[0].contentType, 'application/dicom')
    assert.ok(list.data[0].secondsLeft > 23 * 3600)
    await context.close()
  })

  test('after a page reload the same file, picked again, resumes from where it stopped', async () => {
    const link = await register('reload.member@example.com', true)
    const context = await browser.newContext()
    const page = await context.newPage()
    const file = { name: 'large-study.dcm', mimeType: 'application/octet-stream', buffer: dicom(2048, 3072) } // 12 MiB of pixels
    let patches = 0
    let reloaded = false
    const offsets = []
    await page.route('**/v1/widget/me/tus/**', async (route) => {
      const request = route.request()
      if (request.method() !== 'PATCH') return route.continue()
      if (!reloaded) {
        patches++
        // The first 5 MB chunk arrives; the page is then closed/reloaded during the second.
        if (patches === 1) return route.continue()
        return route.abort('connectionreset')
      }
      offsets.push(Number(request.headers()['upload-offset']))
      return route.continue()
    })
    await page.goto(link)
    const upload = page.locator('tessera-upload')
    await upload.locator('[part="dropzone"]').waitFor({ timeout: 15_000 })
    await upload.locator('input[type="file"]').setInputFiles(file)
    await upload.locator('[data-send]').click()
    for (let i = 0; i < 100 && patches < 2; i++) await page.waitForTimeout(100)
    assert.ok(patches >= 2, 'the second chunk was attempted')

    reloaded = true
    await page.reload()
    await upload.locator('[part="dropzone"]').waitFor({ timeout: 15_000 })
    await upload.locator('input[type="file"]').setInputFiles(file)
    await upload.locator('[data-send]').click()
    await upload.locator('[data-stored]').first().waitFor({ timeout: 30_000 })
    assert.ok(offsets.length >= 1, 'chunks were sent after the reload')
    assert.equal(
      offsets[0],
      5 * 1024 * 1024,
      'the upload continued at the server offset instead of starting over'
    )
    await context.close()
  })

  test('without the imaging consent the element asks for it and the API refuses uploads', async () => {
    const link = await register('no.consent@example.com', false)
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(link)
    const upload = page.locator('tessera-upload')
    await upload.locator('form[data-consent]').waitFor({ timeout: 15_000 })
    assert.equal(await upload.locator('[part="dropzone"]').count(), 0, 'no drop zone before consent')
    assert.equal(await upload.locator('#imaging-consent').isChecked(), false, 'not pre-ticked')
    const status = await page.evaluate(
      async ([api, key]) => {
        const session = Object.entries(sessionStorage).find(([k]) =>
          k.startsWith('tessera.member-session')
        )?.[1]
        const png = new Uint8Array([
          0x89,
          0x50,
          0x4e,
          0x47,
          0x0d,
          0x0a,
          0x1a,
          0x0a,
          ...new Array(200).fill(0),
        ])
        const r = await fetch(`${api}/v1/widget/me/uploads`, {
          method: 'POST',
          headers: { 'content-type': 'image/png', 'x-tessera-key': key, authorization: `Bearer ${session}` },
          body: png,
        })
        return [r.status, (await r.json()).type]
      },
      [stack.apiUrl, DEMO_KEY]
    )
    assert.deepEqual(status, [409, 'https://tessera.dev/problems/consent-required'])
    await context.close()
  })

  test('the stored image is analysed: the progress bar steps through the stages, then the result is shown', async () => {
    // The tenant's own model, registered and activated through the admin API, runs for long enough to watch.
    const owner = await stack.ownerToken()
    const form = new FormData()
    form.append('model', new Blob([slowModel()]), 'slow.onnx')
    form.append(
      'manifest',
      JSON.stringify({
        name: 'slow-demo',
        version: '1.0.0',
        description: 'Slow on purpose: the end-to-end test watches its stages.',
        input: { name: 'x', dtype: 'float32', shape: [1, 1, 384, 384] },
        preprocessing: {
          rescale: 'modality',
          window: { mode: 'minmax' },
          normalize: { mean: 0, std: 1 },
          resize: 'bilinear',
        },
        output: { name: 'y', kind: 'segmentation', labels: ['background', 'found'], threshold: 0.5 },
      })
    )
    const registered = await fetch(`${stack.apiUrl}/v1/admin/models`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}` },
      body: form,
    })
    assert.equal(registered.status, 201, await registered.clone().text())
    const { id } = await registered.json()
    const activated = await fetch(`${stack.apiUrl}/v1/admin/models/${id}/activate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}` },
    })
    assert.equal(activated.status, 200)

    const link = await register('analysis.member@example.com', true)
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(link)
    const upload = page.locator('tessera-upload')
    await upload.locator('[part="dropzone"]').waitFor({ timeout: 15_000 })
    // Every step the progress bar shows, and the completion event, recorded in the page.
    await page.evaluate(() => {
      const element = document.querySelector('tessera-upload')
      window.steps = []
      window.completed = []
      element.addEventListener('tessera-analysis-complete', (e) => window.completed.push(e.detail))
      const record = () => {
        for (const bar of element.shadowRoot.querySelectorAll('[part~="analysis-progress"]')) {
          const step = Number(bar.getAttribute('aria-valuenow'))
          if (window.steps.at(-1) !== step) window.steps.push(step)
        }
      }
      new MutationObserver(record).observe(element.shadowRoot, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['aria-valuenow'],
      })
    })
    await upload.locator('input[type="file"]').setInputFiles({
      name: 'angio.dcm',
      mimeType: 'application/octet-stream',
      buffer: vesselDicom({ patientName: 'PARK^JIHOON' }),
    })
    await upload.locator('[data-send]').click()
    await upload
      .locator('[part~="analysis-summary"]')
      .waitFor({ timeout: 60_000 })
      .catch(async (error) => {
        const shown = await upload.locator('[part~="analysis"], [part~="file"]').allTextContents()
        throw new Error(
          `no result shown (analysis: ${JSON.stringify(shown)}; steps ${await page.evaluate(() => window.steps)})`,
          { cause: error }
        )
      })
    const summary = await upload.locator('[part~="analysis-summary"]').textContent()
    assert.match(summary, /slow-demo/)
    assert.match(summary, /%/)
    const steps = await page.evaluate(() => window.steps)
    assert.deepEqual(
      steps,
      [...steps].sort((a, b) => a - b),
      `the bar only moves forward: ${steps}`
    )
    assert.ok(steps.includes(2), `the running stage was shown: ${steps}`)
    assert.equal(steps.at(-1), 4, `it ends on done: ${steps}`)
    const completed = await page.evaluate(() => window.completed)
    assert.equal(completed.length, 1)
    assert.equal(completed[0].status, 'done')
    assert.deepEqual(completed[0].model, { name: 'slow-demo', version: '1.0.0' })
    await context.close()
  })
})
