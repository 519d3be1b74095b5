// Purge throughput: images deleted per second through the API's purge path (object, wrapped key,
// queue job, statistics row) against raw unlinks of the same number of files in the same run.
// Lateness after expiry is asserted by the tests (frozen clock: at most one sweeper interval).
import { mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import { startStack, DEMO_KEY } from '../e2e/stack.mjs'
import { report } from './lib.mjs'

const N = 200

function tinyPng() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const chunk = (type, data) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    let c = 0xffffffff
    for (const b of body) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
    const sum = Buffer.alloc(4)
    sum.writeUInt32BE((c ^ 0xffffffff) >>> 0)
    return Buffer.concat([len, body, sum])
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const stack = await startStack({ apiPort: 3356, demoPort: 3417, smtpPort: 2542, redisDb: 12, worker: true })
try {
  const headers = { 'content-type': 'application/json', 'x-tessera-key': DEMO_KEY, origin: stack.demoUrl }
  const purposes = await (await fetch(`${stack.apiUrl}/v1/widget/purposes`, { headers })).json()
  await fetch(`${stack.apiUrl}/v1/widget/members`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      firstName: 'Purge',
      lastName: 'Bench',
      nationality: 'KR',
      email: 'purge@example.com',
      locale: 'en',
      policyVersion: purposes.policyVersion,
      consents: [{ purpose: 'image_analysis', granted: true }],
      returnUrl: `${stack.demoUrl}/upload.html`,
    }),
  })
  const mail = await stack.mailTo('purge@example.com')
  const token = /tessera-verify=(mv_[0-9A-Za-z]+)/.exec(String(mail.parsed.text))[1]
  const { session } = await (
    await fetch(`${stack.apiUrl}/v1/widget/members/verify`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ token }),
    })
  ).json()
  const member = { 'x-tessera-key': DEMO_KEY, origin: stack.demoUrl, authorization: `Bearer ${session}` }
  const image = tinyPng()
  // A member holds at most `uploadMaxFiles` (20) images at once: upload and purge in batches,
  // timing the purges only.
  const BATCH = 20
  let purging = 0n
  for (let done = 0; done < N; done += BATCH) {
    const ids = []
    for (let i = 0; i < Math.min(BATCH, N - done); i++) {
      const r = await fetch(`${stack.apiUrl}/v1/widget/me/uploads`, {
        method: 'POST',
        headers: { ...member, 'content-type': 'image/png' },
        body: image,
      })
      if (r.status !== 201) throw new Error(`upload answered ${r.status}`)
      ids.push((await r.json()).id)
    }
    const start = process.hrtime.bigint()
    for (const id of ids) {
      const r = await fetch(`${stack.apiUrl}/v1/widget/me/uploads/${id}`, {
        method: 'DELETE',
        headers: member,
      })
      if (r.status !== 204) throw new Error(`purge answered ${r.status}`)
    }
    purging += process.hrtime.bigint() - start
  }
  const api = N / (Number(purging) / 1e9)

  const dir = mkdtempSync(join(tmpdir(), 'raw-purge-'))
  const files = Array.from({ length: N }, (_, i) => join(dir, `f${i}`))
  for (const f of files) writeFileSync(f, image)
  const rawStart = process.hrtime.bigint()
  for (const f of files) unlinkSync(f)
  const raw = N / (Number(process.hrtime.bigint() - rawStart) / 1e9)
  rmSync(dir, { recursive: true, force: true })

  report('purge', [
    {
      figure: `images purged per second (${N}, one by one over HTTP)`,
      tessera: api,
      baseline: raw,
      unit: 'per_s',
      target: 'context: raw unlink of the same files',
    },
  ])
} finally {
  await stack.close()
}
