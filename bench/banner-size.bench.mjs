// Size of the banner path against the Lit runtime alone, bundled
// and minified in the same run; gzip level 9 for both.
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { build } from 'esbuild'
import { bundleClosure, gzipSize, report } from './lib.mjs'

const dist = new URL('../packages/loader/dist/', import.meta.url).pathname
const gz = (buf) => gzipSync(buf, { level: 9 }).length

const loader = gz(readFileSync(join(dist, 'tessera.js')))
// The first layer: the loader (consent core, Consent Mode, blocking) and the banner element. The
// settings dialog and the other elements load only when used.
const bannerPath = loader + gz(readFileSync(join(dist, 'elements/banner.js')))
// The settings dialog with the chunks it imports (not the other bundles' chunks, e.g. the viewer's engine).
const settingsPath = gzipSize(bundleClosure(join(dist, 'elements/cookie-settings.js')).files)

const dir = mkdtempSync(join(tmpdir(), 'lit-baseline-'))
writeFileSync(
  join(dir, 'entry.js'),
  "import { LitElement, html, css } from 'lit'\nexport { LitElement, html, css }\n"
)
const lit = await build({
  entryPoints: [join(dir, 'entry.js')],
  bundle: true,
  minify: true,
  format: 'esm',
  write: false,
  nodePaths: [new URL('../node_modules/', import.meta.url).pathname],
})
const litOnly = gz(Buffer.from(lit.outputFiles[0].contents))

report('banner-size', [
  { figure: 'loader tessera.js (gzip)', tessera: loader, baseline: litOnly, unit: 'bytes', target: '< 6 KB' },
  {
    figure: 'first layer: loader + banner (gzip)',
    tessera: bannerPath,
    baseline: litOnly,
    unit: 'bytes',
    target: '≤ 12 KB (lightest OSS banner: 15.5 KB)',
  },
  {
    figure: 'settings dialog + shared chunks (gzip, on open)',
    tessera: settingsPath,
    baseline: litOnly,
    unit: 'bytes',
    target: 'loaded lazily',
  },
])
