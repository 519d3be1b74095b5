// The viewer: time to first image in Chromium for a 512² and a 1024² DICOM (navigation of the demo page
// → `tessera-viewer-ready`: HTML, tessera.js, the viewer bundle, the cornerstone chunk, the image from the
// API, decoding and drawing) against fetching the same image bytes from the API in the same page; and the
// sizes the viewer adds, printed beside the banner path to show the viewer is not in it.
import { join } from 'node:path'
import { memberSessionKey } from '@tessera/widget-core/lite'
import { launchChromium } from '../e2e/support.mjs'
import { startStack, DEMO_KEY } from '../e2e/stack.mjs'
import { dicomFile } from '../e2e/dicom.mjs'
import { bundleClosure, gzipSize, report } from './lib.mjs'

const RUNS = 7

/** A square CT image with a fine pattern (so nothing compresses it away). */
function ctDicom(side) {
  const pixels = new Uint16Array(side * side)
  for (let i = 0; i < pixels.length; i++) pixels[i] = 1000 + ((i * 7919) % 1200)
  return dicomFile({ rows: side, cols: side, pixels, uid: `1.2.826.0.1.3680043.8.498.${side}` })
}

// Sizes, from the built loader (npm run bench builds it first).
const dist = new URL('../packages/loader/dist/', import.meta.url).pathname
const bannerPath = gzipSize([
  join(dist, 'tessera.js'),
  ...bundleClosure(join(dist, 'elements/banner.js')).files,
])
const viewer = bundleClosure(join(dist, 'elements/viewer.js'))
const viewerBundle = gzipSize(viewer.files)
const engine = gzipSize(viewer.lazy)

const stack = await startStack({ apiPort: 3361, demoPort: 3421, smtpPort: 2546, redisDb: 9, worker: true })
const browser = await launchChromium()
try {
  const headers = { 'content-type': 'application/json', 'x-tessera-key': DEMO_KEY, origin: stack.demoUrl }
  const purposes = await (await fetch(`${stack.apiUrl}/v1/widget/purposes`, { headers })).json()
  await fetch(`${stack.apiUrl}/v1/widget/members`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      firstName: 'Bench',
      lastName: 'Viewer',
      nationality: 'KR',
      email: 'bench-viewer@example.com',
      locale: 'en',
      policyVersion: purposes.policyVersion,
      consents: [{ purpose: 'image_analysis', granted: true }],
      returnUrl: `${stack.demoUrl}/upload.html`,
    }),
  })
  const mail = await stack.mailTo('bench-viewer@example.com', (m) =>
    /tessera-verify=mv_/.test(String(m.parsed.text))
  )
  const token = /tessera-verify=(mv_[0-9A-Za-z]+)/.exec(String(mail.parsed.text))[1]
  const { session } = await (
    await fetch(`${stack.apiUrl}/v1/widget/members/verify`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ token }),
    })
  ).json()
  const auth = { 'x-tessera-key': DEMO_KEY, origin: stack.demoUrl, authorization: `Bearer ${session}` }
  const uploaded = {}
  for (const side of [512, 1024]) {
    const response = await fetch(`${stack.apiUrl}/v1/widget/me/uploads`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/dicom' },
      body: ctDicom(side),
    })
    uploaded[side] = (await response.json()).id
  }

  /** Median ms from navigation start to `tessera-viewer-ready`, and to the same bytes fetched raw. */
  async function timeToFirstImage(uploadId) {
    const viewerTimes = []
    const rawTimes = []
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext()
      await context.addInitScript(
        ([storageKey, token, id]) => {
          sessionStorage.setItem(storageKey, token)
          document.addEventListener('tessera-viewer-ready', () => (window.__readyAt = performance.now()))
          // The demo page's viewer follows the latest image; point it at the one measured.
          document.addEventListener('DOMContentLoaded', () =>
            document.querySelector('tessera-viewer')?.setAttribute('upload-id', id)
          )
        },
        [memberSessionKey(DEMO_KEY), session, uploadId]
      )
      const page = await context.newPage()
      await page.goto(`${stack.demoUrl}/upload.html`)
      await page
        .waitForFunction(() => window.__readyAt, null, { timeout: 60_000 })
        .catch(async (error) => {
          const state = await page.evaluate(() => {
            const v = document.querySelector('tessera-viewer')
            return `${v?.getAttribute('view')} ${v?.getAttribute('upload-id')} ${v?.shadowRoot?.textContent?.slice(0, 300)}`
          })
          throw new Error(`the viewer did not show the image: ${state}`, { cause: error })
        })
      viewerTimes.push(await page.evaluate(() => window.__readyAt))
      // Baseline: the image bytes alone, fetched from the API by the same page.
      rawTimes.push(
        await page.evaluate(
          async ([api, key, token, id]) => {
            const start = performance.now()
            const r = await fetch(`${api}/v1/widget/me/uploads/${id}/content`, {
              cache: 'no-store',
              headers: { 'x-tessera-key': key, authorization: `Bearer ${token}` },
            })
            await r.arrayBuffer()
            return performance.now() - start
          },
          [stack.apiUrl, DEMO_KEY, session, uploadId]
        )
      )
      await context.close()
    }
    const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]
    return { viewer: median(viewerTimes), raw: median(rawTimes) }
  }
  const t512 = await timeToFirstImage(uploaded[512])
  const t1024 = await timeToFirstImage(uploaded[1024])

  report('viewer', [
    {
      figure: 'time to first image, 512² 16-bit DICOM (navigation → drawn), ms',
      tessera: t512.viewer,
      baseline: t512.raw,
      unit: 'ms',
      target: 'baseline: fetching the same bytes from the API in the page',
    },
    {
      figure: 'time to first image, 1024² 16-bit DICOM (navigation → drawn), ms',
      tessera: t1024.viewer,
      baseline: t1024.raw,
      unit: 'ms',
      target: 'baseline: fetching the same bytes from the API in the page',
    },
    {
      figure: 'viewer bundle and its static imports (gzip)',
      tessera: viewerBundle,
      baseline: bannerPath,
      unit: 'bytes',
      target: 'baseline: the banner path (tessera.js + banner), which holds none of it',
    },
    {
      figure: 'cornerstone chunk, loaded when an image is shown (gzip)',
      tessera: engine,
      baseline: bannerPath,
      unit: 'bytes',
      target: 'baseline: the banner path',
    },
  ])
} finally {
  await browser.close()
  await stack.close()
}
