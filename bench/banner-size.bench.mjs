// Size of the banner path against the Lit runtime alone, bundled
// and minified in the same run; gzip level 9 for both.
import { readFileSync, readdirSync, statSync, mkdtempSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { build } from 'esbuild'
import { report } from './lib.mjs'

const dist = new URL('../packages/loader/dist/', import.meta.url).pathname
const gz = (buf) => gzipSync(buf, { level: 9 }).length
const files = (dir) =>
  readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]
  )

const loader = gz(readFileSync(join(dist, 'tessera.js')))
// The first layer: the loader (consent core, Consent Mode, blocking) and the banner element. The
// settings dialog and the other elements load only when used.
const bannerPath = loader + gz(readFileSync(join(dist, 'elements/banner.js')))
const settings = gz(readFileSync(join(dist, 'elements/cookie-settings.js')))
const chunks = files(join(dist, 'elements/chunks')).filter((f) => f.endsWith('.js'))
const settingsPath = settings + chunks.reduce((sum, f) => sum + gz(readFileSync(f)), 0)

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
