// Time from navigation start to the cookie banner being visible, in Chromium, against the demo
// site: the whole path (HTML, tessera.js, widget config and cookie config from the API, banner
// bundle). Baseline in the same run: the same page with the banner's markup written statically in
// the HTML (no script at all), so the ratio is the cost of loading the banner as a widget.
import { launchChromium } from '../e2e/support.mjs'
import { startStack } from '../e2e/stack.mjs'
import { report } from './lib.mjs'
import { createServer } from 'node:http'

const RUNS = 15
const stack = await startStack({ apiPort: 3346, demoPort: 3407, smtpPort: 2532, redisDb: 7 })
const staticPage = createServer((_, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
  res.end(`<!doctype html><html lang="en"><body><main><h1>Clinic</h1></main>
<section id="banner"><h2>Cookies</h2><p>We use cookies.</p><button>Accept all</button><button>Reject all</button></section></body></html>`)
})
await new Promise((resolve) => staticPage.listen(3408, '127.0.0.1', resolve))
const browser = await launchChromium()

async function measure(url, visible) {
  const times = []
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.addInitScript((selector) => {
      const tick = () => {
        const host = document.querySelector(selector.host)
        const el = selector.part ? host?.shadowRoot?.querySelector(selector.part) : host
        if (el && !el.hidden && el.getBoundingClientRect().height > 0) window.__visibleAt = performance.now()
        else requestAnimationFrame(tick)
      }
      requestAnimationFrame(tick)
    }, visible)
    await page.goto(url)
    for (let t = 0; t < 200; t++) {
      const at = await page.evaluate(() => window.__visibleAt)
      if (at) {
        times.push(at)
        break
      }
      await page.waitForTimeout(25)
    }
    await context.close()
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

try {
  const widget = await measure(`${stack.demoUrl}/cookies.html`, {
    host: 'tessera-cookie-banner',
    part: '[part="banner"]',
  })
  const baseline = await measure('http://127.0.0.1:3408/', { host: '#banner' })
  report('banner-time', [
    {
      figure: 'navigation start → cookie banner visible (median)',
      tessera: widget,
      baseline,
      unit: 'ms',
      target: 'first paint + one API round trip',
    },
  ])
} finally {
  await browser.close()
  staticPage.close()
  await stack.close()
}
