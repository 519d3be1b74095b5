// Smoke test of the embedded default that `npm start` uses: SQLite, mails as .eml files, local
// disk, in a fresh data folder.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  ace,
  embeddedEnv,
  startApi,
  startWorker,
  stopAll,
  waitForHttp,
  DEMO_KEY,
} from '../scripts/lib/processes.mjs'

const PORT = 3350
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-embedded-'))
const env = {
  ...embeddedEnv({ port: PORT, demoPort: 3451, dataDir }),
  LOG_LEVEL: 'trace',
  REDIS_DB: '3',
  QUEUE_PREFIX: 'tessera-smoke',
}
let api, worker

before(async () => {
  ace(['migration:run', '--force'], env)
  ace(['demo:seed'], env)
  api = startApi(env, { quiet: true })
  worker = startWorker(env, { quiet: true })
  await waitForHttp(`http://127.0.0.1:${PORT}/health`, { child: api })
})

after(async () => {
  await stopAll([api, worker])
  rmSync(dataDir, { recursive: true, force: true })
})

test('starts on SQLite with file mail and answers health, widget config and admin sign-in', async () => {
  const health = await (await fetch(`http://127.0.0.1:${PORT}/health`)).json()
  assert.equal(health.status, 'ok')
  assert.ok(Object.keys(health.checks).some((name) => name.includes('sqlite')))

  const config = await fetch(`http://127.0.0.1:${PORT}/v1/widget/config`, {
    headers: { 'x-tessera-key': DEMO_KEY, origin: 'http://localhost:3451' },
  })
  assert.equal(config.status, 200)
  assert.equal((await config.json()).officer.name, 'Seo-yeon Park')

  const session = await fetch(`http://127.0.0.1:${PORT}/v1/admin/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      tenant: (
        await (
          await fetch(`http://127.0.0.1:${PORT}/v1/widget/config`, {
            headers: { 'x-tessera-key': DEMO_KEY, origin: 'http://localhost:3451' },
          })
        ).json()
      ).tenant.id,
      email: 'owner@hanbit-imaging.example',
      password: 'demo-owner-password',
    }),
  })
  assert.equal(session.status, 201)
  const { token } = await session.json()

  const mail = await fetch(`http://127.0.0.1:${PORT}/v1/admin/mail/test`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: '{}',
  })
  assert.equal(mail.status, 202)

  const mailDir = join(dataDir, 'mail')
  const deadline = Date.now() + 15_000
  let files = []
  while (Date.now() < deadline) {
    files = (() => {
      try {
        return readdirSync(mailDir).filter((f) => f.endsWith('.eml'))
      } catch {
        return []
      }
    })()
    if (files.length) break
    await new Promise((r) => setTimeout(r, 200))
  }
  assert.equal(files.length, 1, 'the worker wrote the mail as an .eml file')
  const eml = readFileSync(join(mailDir, files[0]), 'utf8')
  assert.match(eml, /^To: owner@hanbit-imaging\.example$/m)
  assert.match(eml, /Subject: .*test e-mail/)
})

test('no key, token or password reaches a log line, even at trace level', async () => {
  const base = `http://127.0.0.1:${PORT}`
  const password = 'demo-owner-password'
  // Wrong and right credentials, keys in headers and in the query, a refused origin.
  await fetch(`${base}/v1/widget/config?key=${DEMO_KEY}`, { headers: { origin: 'https://evil.example' } })
  await fetch(`${base}/v1/widget/config`, {
    headers: { 'x-tessera-key': DEMO_KEY, origin: 'http://localhost:3451' },
  })
  const tenantId = (
    await (
      await fetch(`${base}/v1/widget/config`, {
        headers: { 'x-tessera-key': DEMO_KEY, origin: 'http://localhost:3451' },
      })
    ).json()
  ).tenant.id
  await fetch(`${base}/v1/admin/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      tenant: tenantId,
      email: 'owner@hanbit-imaging.example',
      password: password + '-wrong',
    }),
  })
  const session = await fetch(`${base}/v1/admin/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: tenantId, email: 'owner@hanbit-imaging.example', password }),
  })
  const { token } = await session.json()
  const created = await fetch(`${base}/v1/admin/keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ kind: 'secret', label: 'log check' }),
  })
  const { key: secretKey } = await created.json()
  await fetch(`${base}/v1/admin/tenant`, { headers: { authorization: `Bearer ${secretKey}` } })
  await fetch(`${base}/v1/widget/config`, {
    headers: { 'x-tessera-key': secretKey, origin: 'http://localhost:3451' },
  })
  await new Promise((r) => setTimeout(r, 500))

  const logs = api.output() + worker.output()
  assert.ok(logs.length > 0, 'the API logged something at trace level')
  for (const secret of [DEMO_KEY, password, token, secretKey, env.APP_KEY]) {
    assert.ok(!logs.includes(secret), `a secret (${secret.slice(0, 6)}…) appeared in the logs`)
  }
})

test('seeding again is idempotent', () => {
  const out = ace(['demo:seed', '--json'], env)
  assert.match(out, /"created":false/)
})
