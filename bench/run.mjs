// `npm run bench`: every benchmark in bench/, one after the other. Each prints its own table of figures
// against a raw baseline measured in the same run and writes bench/results/<name>.json; at the end this
// prints all of them as one table and writes bench/results/summary.json and summary.md (the README's
// table), with the date and the machine they were measured on.
//
// The benchmarks reset a database of their own (BENCH_DB_DATABASE, default tessera_bench), so they
// can run beside the tests' databases; they use fixed loopback ports, so not beside an e2e run.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { cpus, totalmem, loadavg, release } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { RESULTS_DIR, formatRow } from './lib.mjs'

const dir = fileURLToPath(new URL('./', import.meta.url))
const only = process.argv.slice(2)
const database = process.env.BENCH_DB_DATABASE ?? 'tessera_bench'
const env = { ...process.env, BENCH_DB_DATABASE: database, E2E_DB_DATABASE: database }

const files = readdirSync(dir)
  .filter((f) => /\.bench\.(mjs|ts)$/.test(f))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(`${name}.`)))
  .sort()

const started = new Date()
const failed = []
for (const file of files) {
  // ts-exec for every file: some benchmarks import workspace packages that ship TypeScript sources.
  const result = spawnSync(process.execPath, ['--import=@poppinss/ts-exec', file], {
    cwd: dir,
    stdio: 'inherit',
    env,
  })
  if (result.status !== 0) failed.push(file)
}

// The results this run wrote (a benchmark that failed leaves its older file, which is not shown).
const sections = []
for (const file of files) {
  const name = file.replace(/\.bench\.(mjs|ts)$/, '')
  const path = join(RESULTS_DIR, `${name}.json`)
  if (!existsSync(path)) continue
  const result = JSON.parse(readFileSync(path, 'utf8'))
  if (Date.parse(result.measuredAt) >= started.getTime()) sections.push(result)
}

const machine = {
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  kernel: release(),
  node: process.version,
  loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
}
const summary = { measuredAt: started.toISOString(), machine, failed, benchmarks: sections }
// A run of some benchmarks only (`node bench/run.mjs purge viewer`) prints its table but keeps the
// summary of the last full run.
const full = only.length === 0
if (full) writeFileSync(join(RESULTS_DIR, 'summary.json'), JSON.stringify(summary, null, 2))

const header = ['benchmark', 'figure', 'tessera', 'baseline', 'ratio', 'target']
const rows = sections.flatMap((s) => s.rows.map((r) => [s.name, ...formatRow(r)]))
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)))
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ')
console.log(`\nAll benchmarks, ${started.toISOString().slice(0, 16)}Z, ${machine.cores} × ${machine.cpu}`)
console.log(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`)
for (const row of rows) console.log(line(row))

const cell = (c) => String(c).replace(/\|/g, '\\|')
const markdown = [
  `Measured ${started.toISOString().slice(0, 10)} on ${machine.cores} × ${machine.cpu}, ` +
    `${machine.memoryGiB} GiB, Node ${machine.node} (load average at the end: ${machine.loadAverageAtEnd.join(', ')}).`,
  '',
  `| ${header.join(' | ')} |`,
  `| ${header.map(() => '---').join(' | ')} |`,
  ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
].join('\n')
if (full) {
  writeFileSync(join(RESULTS_DIR, 'summary.md'), `${markdown}\n`)
  console.log(`\nWritten: bench/results/summary.json and summary.md`)
}
if (failed.length) console.log(`Failed: ${failed.join(', ')}`)
process.exit(failed.length ? 1 : 0)
