// Run by `npm test` after every suite: reads the JSON logs the API, queue workers and inference
// workers wrote during the whole run (apps/api/tmp/logs: the Japa suite and every end-to-end stack)
// and fails on any personal data or secret in them — an e-mail address, a member's or staff
// member's name or password used by the tests, a key or a token. `node --test` reports each check.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { API_DIR, ROOT } from './lib/processes.mjs'

const LOG_DIR = join(API_DIR, 'tmp', 'logs')
/** The envelope senders of the test and e2e configurations: system addresses, not people. */
const SYSTEM_ADDRESSES = new Set(['no-reply@tessera.test', 'no-reply@tessera.localhost'])

const logs = existsSync(LOG_DIR)
  ? readdirSync(LOG_DIR)
      .filter((f) => f.endsWith('.log'))
      .map((f) => ({ file: join(LOG_DIR, f), lines: readFileSync(join(LOG_DIR, f), 'utf8').split('\n') }))
  : []

/** Every (file, line number) whose text matches; at most a few, shown without the match itself. */
function findings(matches) {
  const found = []
  for (const { file, lines } of logs) {
    lines.forEach((line, i) => {
      const what = matches(line)
      if (what) found.push(`${relative(ROOT, file)}:${i + 1} (${what})`)
    })
  }
  return found.slice(0, 20)
}

/** Source files of the tests, where their members, staff and passwords are written down. */
function testSources() {
  const roots = [join(API_DIR, 'tests'), join(ROOT, 'e2e'), join(API_DIR, 'commands')]
  const files = []
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (/\.(ts|mjs)$/.test(entry.name)) files.push(path)
    }
  }
  for (const root of roots) if (existsSync(root)) walk(root)
  files.push(join(API_DIR, 'app', 'tenancy', 'demo_tenant.ts'))
  return files.map((f) => readFileSync(f, 'utf8')).join('\n')
}

/** String literals given to `keys` in the test sources (`firstName: 'Ji-woo'` → Ji-woo). */
function literalsOf(keys) {
  const values = new Set()
  const pattern = new RegExp(`\\b(?:${keys.join('|')})\\s*:\\s*(['"\`])([^'"\`$]{3,})\\1`, 'g')
  for (const m of testSources().matchAll(pattern)) values.add(m[2].trim())
  return [...values].filter((v) => v.length >= 3)
}

test('the run left API logs to check (request lines from the Japa suite and the e2e stacks)', () => {
  const requestLines = (name) =>
    logs
      .filter((l) => name.test(l.file))
      .flatMap((l) => l.lines)
      .filter((line) => line.includes('"msg":"request"')).length
  assert.ok(requestLines(/api-tests\.log$/) > 100, 'the Japa suite logged its requests')
  assert.ok(requestLines(/e2e-\d+-api\.log$/) > 100, 'the e2e stacks logged their requests')
  const jobLines = logs
    .filter((l) => /e2e-\d+-worker\.log$/.test(l.file))
    .flatMap((l) => l.lines)
    .filter((line) => line.includes('"msg":"job completed"')).length
  assert.ok(jobLines > 5, `the e2e queue workers logged their jobs (${jobLines})`)
})

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g
const SECRETS = [
  [/\b(?:pk|sk)_(?:live|test|demo)_[A-Za-z0-9_]{12,}/, 'an API key'],
  [/\b(?:mt|ml|mv|nu|nc|ids|oat)_[A-Za-z0-9._-]{24,}/, 'a token'],
  [/Bearer\s+(?!\[redacted\])\S{8,}/i, 'a bearer credential'],
  [/"(?:password|authorization|x-tessera-key|cookie)"\s*:\s*"(?!\[redacted\])/i, 'a credential field'],
]
const NAMES = literalsOf(['firstName', 'lastName', 'fullName'])
const PASSWORDS = literalsOf(['password'])

const emailIn = (line) =>
  (line.match(EMAIL) ?? []).some((a) => !SYSTEM_ADDRESSES.has(a.toLowerCase())) ? 'an e-mail address' : null
const secretIn = (line) => SECRETS.find(([re]) => re.test(line))?.[1] ?? null
/** A name as a whole word ("Han" the surname, not the "Han" of "Handler"), case as written. */
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const NAME_PATTERNS = NAMES.map((n) => new RegExp(`(?<![\\w-])${escape(n)}(?![\\w-])`))
const personIn = (line) =>
  NAME_PATTERNS.some((re) => re.test(line))
    ? 'a name from the tests'
    : PASSWORDS.some((p) => line.includes(p))
      ? 'a password from the tests'
      : null

test('the detectors find what they look for (and pass what they should)', () => {
  const line = (fields) => JSON.stringify({ level: 40, msg: 'job failed', ...fields })
  assert.equal(emailIn(line({ error: '550 <ji-woo.yoon@example.com> rejected' })), 'an e-mail address')
  assert.equal(emailIn(line({ from: 'no-reply@tessera.test' })), null)
  assert.equal(secretIn(line({ key: 'pk_live_abcdefghijklmnopqrstuvwx' })), 'an API key')
  assert.equal(secretIn(line({ link: `/v1/x?t=ml_${'a1B2'.repeat(10)}` })), 'a token')
  assert.equal(secretIn('{"req":{"headers":{"authorization":"Bearer abcdefghijk"}}}'), 'a bearer credential')
  assert.equal(secretIn('{"password":"[redacted]","upload":"up_0123456789abcdef"}'), null)
  assert.ok(NAMES.length > 10, `the test sources name their people (found ${NAMES.length})`)
  assert.ok(PASSWORDS.length > 1, `the test sources hold passwords (found ${PASSWORDS.length})`)
  assert.equal(personIn(line({ error: `for ${NAMES[0]}` })), 'a name from the tests')
  assert.equal(personIn(line({ error: `wrong ${PASSWORDS[0]}` })), 'a password from the tests')
  assert.equal(personIn(line({ route: '/v1/widget/members' })), null)
  assert.equal(
    personIn(line({ stack: 'at MemberTokensService.issue (Handler.ts)' })),
    null,
    'whole words only'
  )
})

test('no e-mail address in any log', () => {
  assert.deepEqual(findings(emailIn), [])
})

test('no key, token or secret in any log', () => {
  assert.deepEqual(findings(secretIn), [])
})

test("no test member's or staff member's name, and no test password, in any log", () => {
  assert.deepEqual(findings(personIn), [])
})
