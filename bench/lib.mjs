// Shared helpers of the benchmarks: timing with warm-up, and the result table.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url))

/** Median time of `fn` in milliseconds over `runs` runs after `warmup` runs. */
export async function medianMs(fn, { runs = 30, warmup = 5 } = {}) {
  for (let i = 0; i < warmup; i++) await fn()
  const times = []
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint()
    await fn()
    times.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

/** Prints rows as a table and writes them to bench/results/<name>.json. */
export function report(name, rows) {
  const header = ['figure', 'tessera', 'baseline', 'ratio', 'target']
  const table = rows.map(formatRow)
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => String(row[i]).length)))
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ')
  console.log(`\n${name}\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`)
  for (const row of table) console.log(line(row))
  mkdirSync(RESULTS_DIR, { recursive: true })
  writeFileSync(
    join(RESULTS_DIR, `${name}.json`),
    JSON.stringify({ name, measuredAt: new Date().toISOString(), rows }, null, 2)
  )
}

/** One result row as table cells: figure, Tessera, baseline, ratio, target. */
export function formatRow(r) {
  return [
    r.figure,
    fmt(r.tessera, r.unit),
    fmt(r.baseline, r.unit),
    ratioText(r.tessera / r.baseline),
    r.target ?? '',
  ]
}

export function ratioText(r) {
  return `${r < 0.1 ? r.toPrecision(2) : r.toFixed(2)}×`
}

function fmt(value, unit) {
  if (unit === 'bytes') return `${(value / 1024).toFixed(1)} KB`
  if (unit === 'per_s') return `${value.toFixed(0)}/s`
  if (unit === 'MB/s') return `${value.toFixed(1)} MB/s`
  if (unit === 'MB') return `${value.toFixed(1)} MB`
  return `${value.toFixed(3)} ms`
}

/**
 * A built bundle and every file it imports statically (`from"./…"`, `import"./…"`), by absolute path;
 * dynamic `import()`s are left out (they load only when used) and listed apart.
 */
export function bundleClosure(entry) {
  const seen = new Set()
  const lazy = new Set()
  const visit = (file) => {
    if (seen.has(file)) return
    seen.add(file)
    const code = readFileSync(file, 'utf8')
    for (const m of code.matchAll(/(?:from|import)\s*"(\.[^"]+)"/g)) visit(resolve(dirname(file), m[1]))
    for (const m of code.matchAll(/import\(\s*[`"'](\.[^`"']+)[`"']\s*\)/g))
      lazy.add(resolve(dirname(file), m[1]))
  }
  visit(entry)
  return { files: [...seen], lazy: [...lazy].filter((f) => !seen.has(f)) }
}

/** Sum of the gzip (level 9) sizes of files. */
export function gzipSize(files) {
  return files.reduce((sum, f) => sum + gzipSync(readFileSync(f), { level: 9 }).length, 0)
}
