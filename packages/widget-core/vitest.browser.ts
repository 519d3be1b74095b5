// Shared Vitest browser-mode setup for the widget packages: the system Chromium, headless, offline.
import { playwright } from '@vitest/browser-playwright'

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
]

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

export function chromiumBrowser() {
  return {
    enabled: true,
    headless: true,
    provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } }),
    instances: [{ browser: 'chromium' as const }],
    screenshotFailures: false,
  }
}

/**
 * Dependencies Vite would otherwise discover mid-run (and reload the page for, failing a test):
 * every Lit entry point the elements import.
 */
export const PREBUNDLED = ['lit', 'lit/decorators.js', 'lit/directives/unsafe-html.js']

/** Drops Lit's one-line dev-mode notice from test output; everything else is shown. */
export function quietLitDevMode(log: string): false | undefined {
  return log.includes('Lit is in dev mode') ? false : undefined
}
