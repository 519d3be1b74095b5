// Fault injection on the whole stack (API, queue worker, MariaDB, a Redis of its own, SMTP): the
// SMTP server down, Redis stopped and started again, the API killed in the middle of an upload.
// Whatever fails, nothing the member asked for is lost and nothing happens twice. (A worker killed
// mid-job is tested in apps/api/tests/functional/inference_workers.spec.ts.)
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEMO_KEY, startStack } from './stack.mjs'
import { portAnswers } from '../scripts/lib/processes.mjs'

const REDIS_PORT = 6410

async function until(check, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

describe('fault injection', () => {
  let stack, redis, redisDir

  /**
   * A Redis of this file's own, which it may stop: append-only with fsync on every write, as a
   * queue's Redis must be in production (README, "Operating it") — one that keeps nothing loses jobs.
   */
  const redisUp = async () => {
    redis = spawn('redis-server', [
      '--port',
      String(REDIS_PORT),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--dir',
      redisDir,
    ])
    await until(() => portAnswers(REDIS_PORT), 'Redis to listen')
  }
  const redisDown = async () => {
    // SHUTDOWN writes the append-only file and exits; the port closes.
    spawnSync('redis-cli', ['-p', String(REDIS_PORT), 'shutdown'])
    await until(async () => !(await portAnswers(REDIS_PORT)), 'Redis to stop')
  }

  const widget = (extra = {}) => ({
    'x-tessera-key': DEMO_KEY,
    origin: stack.demoUrl,
    'content-type': 'application/json',
    ...extra,
  })

  const signInMails = (email) =>
    stack.mails.filter((m) => m.to.includes(email) && /sign-in/.test(String(m.parsed.subject)))
  const askLink = (email) =>
    fetch(`${stack.apiUrl}/v1/widget/sessions/link`, {
      method: 'POST',
      headers: widget(),
      body: JSON.stringify({ email, returnUrl: `${stack.demoUrl}/privacy.html` }),
    })

  before(async () => {
    redisDir = mkdtempSync(join(tmpdir(), 'tessera-faults-redis-'))
    await redisUp()
    stack = await startStack({
      apiPort: 3386,
      demoPort: 3446,
      smtpPort: 2566,
      redisDb: 0,
      redisPort: REDIS_PORT,
      worker: true,
      inference: false,
    })
  })
  after(async () => {
    await stack?.close()
    await redisDown().catch(() => {})
    redis?.kill('SIGKILL')
    rmSync(redisDir, { recursive: true, force: true })
  })

  test('SMTP down: the mail waits, is retried, and arrives exactly once when SMTP is back', async () => {
    const email = 'smtp.down@faults.example'
    await stack.registerMember(email, { firstName: 'Da-eun', lastName: 'Seong' })
    await stack.stopSmtp()
    assert.equal((await askLink(email)).status, 202, 'the member is answered at once')
    await sleep(3_000)
    assert.equal(signInMails(email).length, 0, 'nothing could be delivered yet')
    await stack.startSmtp()
    await until(() => signInMails(email).length > 0, 'the retried sign-in mail', 40_000)
    await sleep(5_000)
    assert.equal(signInMails(email).length, 1, 'delivered once, not once per attempt')
  })

  test('Redis stopped and started: consent writes keep working, queued jobs resume, nothing lost or doubled', async () => {
    const email = 'redis.down@faults.example'
    const session = await stack.registerMember(email, { firstName: 'Da-eun', lastName: 'Seong' })
    const { policyHash } = await (
      await fetch(`${stack.apiUrl}/v1/widget/cookies/config`, { headers: widget() })
    ).json()

    // A job waiting in Redis when it goes down (no worker to take it yet).
    await stack.stopWorker()
    assert.equal((await askLink(email)).status, 202)
    await redisDown()
    try {
      // During the outage the consent ledger (MariaDB) keeps taking decisions, promptly.
      const started = Date.now()
      const receipt = await fetch(`${stack.apiUrl}/v1/widget/cookies/receipts?key=${DEMO_KEY}`, {
        method: 'POST',
        headers: { origin: stack.demoUrl, 'content-type': 'text/plain;charset=UTF-8' },
        body: JSON.stringify({
          visitorId: randomUUID(),
          visitorToken: null,
          choices: { analytics: false },
          policyHash,
          gpc: false,
          source: 'banner',
        }),
      })
      assert.ok(receipt.status < 300, `cookie receipt answered ${receipt.status}: ${await receipt.text()}`)
      const decision = await fetch(`${stack.apiUrl}/v1/widget/me/consents`, {
        method: 'POST',
        headers: widget({ authorization: `Bearer ${session}` }),
        body: JSON.stringify({ purpose: 'image_analysis', action: 'withdraw' }),
      })
      assert.ok(
        decision.status < 300,
        `consent decision answered ${decision.status}: ${await decision.text()}`
      )
      assert.ok(Date.now() - started < 10_000, 'consent writes did not wait for Redis')

      // What needs the queue says so at once (503 with Retry-After), instead of hanging or failing with 500.
      const linkDuringOutage = await askLink(email)
      assert.equal(linkDuringOutage.status, 503)
      assert.ok(Number(linkDuringOutage.headers.get('retry-after')) > 0)
      assert.equal(
        (await linkDuringOutage.json()).type,
        'https://tessera.dev/problems/temporarily-unavailable'
      )
    } finally {
      await redisUp()
      stack.startWorker()
    }

    await until(() => signInMails(email).length > 0, 'the job queued before the outage', 40_000)
    await sleep(4_000)
    assert.equal(signInMails(email).length, 1, 'the queued mail was sent once; the refused one never')

    const consents = await (
      await fetch(`${stack.apiUrl}/v1/widget/me/consents`, {
        headers: widget({ authorization: `Bearer ${session}` }),
      })
    ).json()
    assert.equal(
      consents.purposes.find((p) => p.key === 'image_analysis')?.state,
      'withdrawn',
      'the withdrawal made during the outage holds'
    )
    // And the queue works again for new requests.
    await until(async () => (await askLink(email)).status === 202, 'the API to enqueue again')
    await until(() => signInMails(email).length === 2, 'a sign-in mail after the outage', 20_000)
  })

  test('API killed mid-upload: the upload resumes from the offset the server kept, and is stored once', async () => {
    const email = 'api.killed@faults.example'
    const session = await stack.registerMember(email, { firstName: 'Da-eun', lastName: 'Seong' })
    // A real PNG (checked and de-identified on completion), large enough to send in parts.
    const { PNG } = await import('pngjs')
    const png = new PNG({ width: 1024, height: 1024, colorType: 0, inputColorType: 0, bitDepth: 8 })
    for (let i = 0; i < png.data.length; i++) png.data[i] = (i * 7) & 0xff
    const file = PNG.sync.write(png, { colorType: 0, inputColorType: 0, deflateLevel: 0 })
    assert.ok(file.length > 512 * 1024)

    const headers = widget({ authorization: `Bearer ${session}`, 'tus-resumable': '1.0.0' })
    delete headers['content-type']
    const created = await fetch(`${stack.apiUrl}/v1/widget/me/tus`, {
      method: 'POST',
      headers: {
        ...headers,
        'upload-length': String(file.length),
        'upload-metadata': `filetype ${Buffer.from('image/png').toString('base64')}`,
      },
    })
    assert.equal(created.status, 201)
    const location = new URL(created.headers.get('location'), stack.apiUrl).href

    // The body trickles in; the API dies in the middle of it.
    const firstPart = Math.floor(file.length * 0.6)
    const body = new ReadableStream({
      async start(controller) {
        for (let at = 0; at < firstPart; at += 64 * 1024) {
          controller.enqueue(file.subarray(at, Math.min(at + 64 * 1024, firstPart)))
          await sleep(20)
        }
        // Never closed: the request is still open when the process is killed.
      },
    })
    const patch = fetch(location, {
      method: 'PATCH',
      headers: { ...headers, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body,
      duplex: 'half',
    }).then(
      (r) => r.status,
      () => 'connection lost'
    )
    await sleep(600)
    await stack.killApi()
    assert.equal(await patch, 'connection lost')
    await stack.restartApi()

    const head = await fetch(location, { method: 'HEAD', headers })
    assert.equal(head.status, 200, 'the partial upload survived the crash')
    const offset = Number(head.headers.get('upload-offset'))
    assert.ok(offset > 0 && offset <= firstPart, `the server kept what it had received (${offset})`)

    const rest = await fetch(location, {
      method: 'PATCH',
      headers: {
        ...headers,
        'upload-offset': String(offset),
        'content-type': 'application/offset+octet-stream',
      },
      body: file.subarray(offset),
    })
    assert.equal(rest.status, 204)
    const id = rest.headers.get('tessera-upload-id')
    assert.match(id, /^up_/)
    const list = await (
      await fetch(`${stack.apiUrl}/v1/widget/me/uploads`, {
        headers: widget({ authorization: `Bearer ${session}` }),
      })
    ).json()
    assert.deepEqual(
      list.data.map((u) => u.id),
      [id],
      'one image stored, from one upload'
    )
    const content = await fetch(`${stack.apiUrl}/v1/widget/me/uploads/${id}/content`, {
      headers: widget({ authorization: `Bearer ${session}` }),
    })
    assert.equal(content.status, 200)
    const stored = Buffer.from(await content.arrayBuffer())
    const { PNG: Reader } = await import('pngjs')
    const decoded = Reader.sync.read(stored)
    assert.equal(decoded.width, 1024)
    assert.equal(decoded.height, 1024)
  })
})
