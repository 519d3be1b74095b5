import { defineConfig } from 'vitest/config'
import { PREBUNDLED, chromiumBrowser, quietLitDevMode } from '../widget-core/vitest.browser.ts'

export default defineConfig({
  // cornerstone and its DICOM loader are UMD builds: pre-bundled up front, so Vite never reloads mid-run.
  optimizeDeps: {
    include: [...PREBUNDLED, 'cornerstone-core', 'cornerstone-wado-image-loader', 'dicom-parser'],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    browser: chromiumBrowser(),
    onConsoleLog: quietLitDevMode,
  },
})
