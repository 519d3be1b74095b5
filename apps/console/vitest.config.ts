import { defineConfig } from 'vitest/config'
import { PREBUNDLED, chromiumBrowser, quietLitDevMode } from '../../packages/widget-core/vitest.browser.ts'

export default defineConfig({
  optimizeDeps: { include: PREBUNDLED },
  test: {
    include: ['tests/**/*.test.ts'],
    browser: chromiumBrowser(),
    onConsoleLog: quietLitDevMode,
  },
})
