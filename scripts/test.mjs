// `npm test`: every test runner of the monorepo, one after the other (the machines have 2 cores),
// then one closing line `N passed, N failed` summed over all of them.
//
//   1. each workspace's tests through turbo: Japa (API on MariaDB + Redis + SMTP), Vitest in
//      Chromium (widgets), Vitest (policy-text), node:test (demo site)
//   2. the end-to-end suite (Playwright + Debian's Chromium) and the embedded-default smoke test
//   3. the log-privacy check over every API log the first two wrote
//   4. checks counted as one test each: Storybook builds, typecheck, lint, formatting
import { bootstrap } from './lib/bootstrap.mjs'
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { API_DIR, ROOT } from './lib/processes.mjs'

bootstrap(import.meta.url)

const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  STORYBOOK_DISABLE_TELEMETRY: '1',
  FORCE_COLOR: '0',
}
const totals = { passed: 0, failed: 0 }
const report = []

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8')
      stream.on('data', (chunk) => {
        output += chunk
        process.stdout.write(chunk)
      })
    }
    child.on('close', (code) => resolve({ code: code ?? 1, output }))
  })
}

// eslint-disable-next-line no-control-regex
const strip = (text) => text.replace(/\u001b\[[0-9;]*m/g, '')

/** Sums the closing lines of Japa and Vitest (`Tests  3 failed | 40 passed (43)`) and node:test (`ℹ pass 5`). */
export function countResults(output) {
  const counts = { passed: 0, failed: 0 }
  for (const raw of strip(output).split('\n')) {
    const line = raw.replace(/^\S+:\S+: /, '') // turbo's `pkg:task: ` prefix
    const summary = /^\s*Tests\s+(.*)\(\d+\)\s*$/.exec(line)
    if (summary) {
      counts.passed += Number(/(\d+) passed/.exec(summary[1])?.[1] ?? 0)
      counts.failed += Number(/(\d+) failed/.exec(summary[1])?.[1] ?? 0)
      continue
    }
    const node = /^\s*[ℹ#] (pass|fail) (\d+)\s*$/.exec(line)
    if (node) counts[node[1] === 'pass' ? 'passed' : 'failed'] += Number(node[2])
  }
  return counts
}

async function suite(name, command, args) {
  const { code, output } = await run(command, args)
  const counts = countResults(output)
  // A runner that failed without reporting a failing test (crash, build error) counts as one failure.
  if (code !== 0 && counts.failed === 0) counts.failed = 1
  totals.passed += counts.passed
  totals.failed += counts.failed
  report.push(`${name}: ${counts.passed} passed, ${counts.failed} failed`)
}

async function check(name, command, args) {
  const { code } = await run(command, args)
  totals[code === 0 ? 'passed' : 'failed'] += 1
  report.push(`${name}: ${code === 0 ? 'ok' : 'FAILED'}`)
}

// This run's API logs only: the log-privacy check reads them all at the end.
rmSync(join(API_DIR, 'tmp', 'logs'), { recursive: true, force: true })

// Services and browser the suites talk to (idempotent: starts/installs only what is missing).
await check('test services (MariaDB, Redis, Chromium, DICOM toolkits)', 'bash', ['scripts/test-services.sh'])
await check('build widgets and console', 'npx', [
  'turbo',
  'run',
  'build',
  '--filter=@tessera/loader',
  '--filter=@tessera/console',
])
await suite('workspace tests (turbo)', 'npx', ['turbo', 'run', 'test', '--concurrency=1', '--continue'])
await suite('end-to-end (Chromium)', process.execPath, ['--test', '--test-concurrency=1', 'e2e/*.test.mjs'])
await suite('log privacy (every API log of this run)', process.execPath, [
  '--test',
  'scripts/log-privacy.check.mjs',
])
await check('storybook build', 'npx', ['turbo', 'run', 'build-storybook'])
await check('typecheck', 'npx', ['turbo', 'run', 'typecheck', '--concurrency=2'])
await check('lint', 'npx', ['eslint', '.'])
await check('format', 'npx', ['prettier', '--check', '.'])

console.log('\n' + report.join('\n'))
console.log(`${totals.passed} passed, ${totals.failed} failed`)
process.exit(totals.failed === 0 ? 0 : 1)
