import { defineConfig } from 'vite'

// Served by the API under /console (apps/api/app/console); every file is same-origin, no inline script.
export default defineConfig({
  base: '/console/',
  build: { outDir: 'dist', emptyOutDir: true, modulePreload: { polyfill: false }, sourcemap: false },
})
