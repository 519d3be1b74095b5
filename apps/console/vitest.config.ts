import { defineConfig } from 'vitest/config'
import { PREBUNDLED, chromiumBrowser, quietLitDevMode } from '../../packages/widget-core/vitest.browser.ts'

export default defineConfig({
  // uPlot is loaded on demand by the chart element: prebundled so the first chart does not reload the page.
  optimizeDeps: { include: [...PREBUNDLED, 'uplot'] },
  test: {
    include: ['tests/**/*.test.ts'],
    browser: chromiumBrowser(),
    onConsoleLog: quietLitDevMode,
  },
})
