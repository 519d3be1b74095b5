// tessera.js: one self-contained classic script (IIFE), no Lit, stable name.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('dist', import.meta.url)),
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
    lib: {
      entry: fileURLToPath(new URL('src/main.ts', import.meta.url)),
      formats: ['iife'],
      name: 'TesseraLoader',
      fileName: () => 'tessera.js',
    },
  },
})
