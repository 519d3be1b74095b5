// Image upload end to end on the demo site: de-identified in the browser, sent with progress,
// stored, listed with its deletion countdown; refused without the imaging consent.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { launchChromium } from './support.mjs'
import { startStack, DEMO_KEY } from './stack.mjs'

const require = createRequire(import.meta.url)
const dcmjs = require('dcmjs')

/** A CT DICOM holding a patient name the browser must remove before sending (`pixels` 16-bit values). */
function dicom(rows = 64, cols = 64) {
  const uid = '1.2.826.0.1.3680043.8.498.4242'
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
    '00100010': { vr: 'PN', Value: [{ Alphabetic: 'PARK^JIHOON' }] },
    '00280002': { vr: 'US', Value: [1] },
    '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
    '00280010': { vr: 'US', Value: [rows] },
    '00280011': { vr: 'US', Value: [cols] },
    '00280100': { vr: 'US', Value: [16] },
    '00280101': { vr: 'US', Value: [12] },
    '00280102': { vr: 'US', Value: [11] },
    '00280103': { vr: 'US', Value: [0] },
    '7FE00010': { vr: 'OW', Value: [new Uint16Array(rows * cols).fill(300).buffer] },
  }
  return Buffer.from(dict.write())
}

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
})
