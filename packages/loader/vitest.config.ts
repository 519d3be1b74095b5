import { defineConfig } from 'vitest/config'
import { PREBUNDLED, chromiumBrowser, quietLitDevMode } from '../widget-core/vitest.browser.ts'

export default defineConfig({
  optimizeDeps: { include: PREBUNDLED },
  test: {
    onConsoleLog: quietLitDevMode,
    projects: [
      // The loader's logic, in real Chromium.
      { test: { name: 'browser', include: ['tests/*.test.ts'], browser: chromiumBrowser() } },
      // Builds dist into a temp dir, inspects it and runs it end to end in Chromium (via playwright-core).
      {
        test: {
          name: 'build',
          include: ['tests/output/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
