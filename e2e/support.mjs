// Shared set-up of the end-to-end suites: real Chromium (Debian's), real servers on loopback.
import { chromium } from 'playwright-core'
import { createServer } from 'node:http'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  })
}

/** A page on an origin no tenant allows, embedding the widgets exactly like the demo site does. */
export function startForeignSite(port, apiUrl, key) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not a partner</title></head>
<body><main><h1>Someone else's site</h1><tessera-privacy-contact></tessera-privacy-contact></main>
<script src="${apiUrl}/widgets/v1/tessera.js" data-key="${key}" async></script></body></html>`
  const server = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(html)
  })
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)))
}
