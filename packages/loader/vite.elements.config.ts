// elements/<bundle>.js: ES modules, one per bundle in src/bundles.ts, Lit in a shared hashed chunk.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { bundleNames } from './src/bundles.ts'

const entries = Object.fromEntries(
  bundleNames().map((name) => [name, fileURLToPath(new URL(`src/elements/${name}.ts`, import.meta.url))])
)

export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('dist/elements', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
    lib: { entry: entries, formats: ['es'], fileName: (_format, name) => `${name}.js` },
    rolldownOptions: {
      // Lib mode leaves ES output unminified for downstream bundlers; these files go straight to browsers.
      output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true },
    },
  },
})
