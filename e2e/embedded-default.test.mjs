// Smoke test of the embedded default that `npm start` uses: SQLite, mails as .eml files, local
// disk, in a fresh data folder.
import { after, before, test } from 'node:test'
import { simpleParser } from 'mailparser'
import { dicomFile } from './dicom.mjs'
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  ace,
  embeddedEnv,
  startApi,
  startInferenceWorker,
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
let api, worker, inference

before(async () => {
  ace(['migration:run', '--force'], env)
  ace(['demo:seed'], env)
  api = startApi(env, { quiet: true })
  worker = startWorker(env, { quiet: true })
  inference = startInferenceWorker(env, { quiet: true })
  await waitForHttp(`http://127.0.0.1:${PORT}/health`, { child: api })
})

after(async () => {
  await stopAll([api, worker, inference])
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

/** A small CT-like DICOM (64², 16-bit) with a bright diagonal line. */
function lineDicom() {
  const side = 64
  const pixels = new Uint16Array(side * side)
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) pixels[y * side + x] = x === y ? 3000 : 1000
  return dicomFile({
    rows: side,
    cols: side,
    pixels,
    uid: '1.2.826.0.1.3680043.8.498.6464',
    patientName: 'SMOKE^TEST',
  })
}

test('on SQLite, an uploaded image is analysed by the inference worker and its mask served', async () => {
  const base = `http://127.0.0.1:${PORT}`
  const headers = {
    'content-type': 'application/json',
    'x-tessera-key': DEMO_KEY,
    origin: 'http://localhost:3451',
  }
  const purposes = await (await fetch(`${base}/v1/widget/purposes`, { headers })).json()
  const registered = await fetch(`${base}/v1/widget/members`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      firstName: 'Smoke',
      lastName: 'Member',
      nationality: 'KR',
      email: 'smoke-member@example.com',
      locale: 'en',
      policyVersion: purposes.policyVersion,
      consents: [{ purpose: 'image_analysis', granted: true }],
      returnUrl: 'http://localhost:3451/upload.html',
    }),
  })
  assert.ok(registered.status < 300, `registration answered ${registered.status}`)
  const mailDir = join(dataDir, 'mail')
  let token
  for (let i = 0; i < 75 && !token; i++) {
    for (const file of readdirSync(mailDir).filter((f) => f.endsWith('.eml'))) {
      const mail = await simpleParser(readFileSync(join(mailDir, file)))
      token ??= /tessera-verify=(mv_[0-9A-Za-z]+)/.exec(String(mail.text))?.[1]
    }
    if (!token) await new Promise((r) => setTimeout(r, 200))
  }
  assert.ok(token, 'the verification mail was written')
  const { session } = await (
    await fetch(`${base}/v1/widget/members/verify`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ token }),
    })
  ).json()
  const auth = {
    'x-tessera-key': DEMO_KEY,
    origin: 'http://localhost:3451',
    authorization: `Bearer ${session}`,
  }
  const uploaded = await fetch(`${base}/v1/widget/me/uploads`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/dicom' },
    body: lineDicom(),
  })
  assert.equal(uploaded.status, 201)
  const { analysis } = await uploaded.json()
  assert.equal(analysis.status, 'queued')
  let state
  for (let i = 0; i < 150; i++) {
    state = await (await fetch(`${base}/v1/widget/me/analyses/${analysis.id}`, { headers: auth })).json()
    if (['done', 'failed'].includes(state.status)) break
    await new Promise((r) => setTimeout(r, 200))
  }
  assert.equal(state.status, 'done', JSON.stringify(state))
  assert.equal(state.summary.width, 64)
  const mask = await fetch(`${base}/v1/widget/me/analyses/${analysis.id}/mask`, { headers: auth })
  assert.equal(mask.status, 200)
  assert.deepEqual([...new Uint8Array(await mask.arrayBuffer()).subarray(1, 4)], [0x50, 0x4e, 0x47])
})

test('on SQLite, a newsletter opt-in is confirmed from its e-mail and undone by one-click unsubscribe', async () => {
  const base = `http://127.0.0.1:${PORT}`
  const headers = {
    'content-type': 'application/json',
    'x-tessera-key': DEMO_KEY,
    origin: 'http://localhost:3451',
  }
  const purposes = await (await fetch(`${base}/v1/widget/purposes`, { headers })).json()
  const registered = await fetch(`${base}/v1/widget/members`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      firstName: 'News',
      lastName: 'Reader',
      nationality: 'KR',
      email: 'news-reader@example.com',
      locale: 'en',
      policyVersion: purposes.policyVersion,
      consents: [{ purpose: 'marketing', granted: true }],
      returnUrl: 'http://localhost:3451/account.html',
    }),
  })
  assert.ok(registered.status < 300, `registration answered ${registered.status}`)
  /** The first .eml to the reader whose text matches. */
  const mailMatching = async (pattern) => {
    const mailDir = join(dataDir, 'mail')
    for (let i = 0; i < 75; i++) {
      for (const file of readdirSync(mailDir).filter((f) => f.endsWith('.eml'))) {
        const mail = await simpleParser(readFileSync(join(mailDir, file)))
        const found = pattern.exec(String(mail.text))
        if (found && mail.to?.text.includes('news-reader@example.com')) return found[0]
      }
      await new Promise((r) => setTimeout(r, 200))
    }
    throw new Error(`no mail matching ${pattern}`)
  }
  const confirmUrl = await mailMatching(/https?:\/\/[^/\s]+\/newsletter\/[^/\s]+\/confirm\/[A-Za-z0-9_-]+/)
  const form = { 'content-type': 'application/x-www-form-urlencoded' }
  const confirmed = await fetch(confirmUrl, { method: 'POST', headers: form, body: 'confirm=yes' })
  assert.equal(confirmed.status, 200, await confirmed.clone().text())
  assert.deepEqual(await confirmed.json(), { confirmed: true })
  const replayed = await fetch(confirmUrl, { method: 'POST', headers: form, body: 'confirm=yes' })
  assert.equal(replayed.status, 410, 'a confirmation link works once')

  const unsubscribeUrl = await mailMatching(
    /https?:\/\/[^/\s]+\/newsletter\/[^/\s]+\/unsubscribe\/[A-Za-z0-9_-]+/
  )
  const oneClick = await fetch(unsubscribeUrl, {
    method: 'POST',
    headers: form,
    body: 'List-Unsubscribe=One-Click',
  })
  assert.equal(oneClick.status, 200, await oneClick.clone().text())
})
