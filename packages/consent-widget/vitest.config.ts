import { defineConfig } from 'vitest/config'
import { chromiumBrowser, quietLitDevMode } from '../widget-core/vitest.browser.ts'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    browser: chromiumBrowser(),
    onConsoleLog: quietLitDevMode,
  },
})
