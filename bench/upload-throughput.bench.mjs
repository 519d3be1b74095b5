// Upload throughput of a ~100 MB DICOM through the API (consent and restriction checks,
// server-side de-identification, per-upload encryption, storage on local disk) against a raw
// loopback HTTP upload of the same bytes to disk in the same run. Also de-identification alone
// against hashing the same bytes, and the API process's peak memory (VmHWM) while a 1 GB DICOM
// streams through it, generated on the fly so the bench holds no copy. Needs MariaDB and Redis.
import { createServer } from 'node:http'
import { createHash } from 'node:crypto'
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import dcmjs from 'dcmjs'
import { deidentify } from '@tessera/dicom-deid'
import { startStack, DEMO_KEY } from '../e2e/stack.mjs'
import { report } from './lib.mjs'

const FRAMES = 100
const ROWS = 512
const COLS = 1024 // 100 frames × 512 × 1024 × 2 bytes = 100 MiB of pixels

function bigDicom() {
  const meta = {
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.12.1'] },
    '00020003': { vr: 'UI', Value: ['1.2.826.0.1.3680043.8.498.7'] },
    '00020010': { vr: 'UI', Value: ['1.2.840.10008.1.2.1'] },
    '00020012': { vr: 'UI', Value: ['1.2.826.0.1.3680043.10.999'] },
  }
  const dict = new dcmjs.data.DicomDict(meta)
  dict.dict = {
    '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.12.1'] },
    '00080018': { vr: 'UI', Value: ['1.2.826.0.1.3680043.8.498.7'] },
    '00080060': { vr: 'CS', Value: ['XA'] },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: 'BENCH^PATIENT' }] },
    '00280002': { vr: 'US', Value: [1] },
    '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
    '00280008': { vr: 'IS', Value: [FRAMES] },
    '00280010': { vr: 'US', Value: [ROWS] },
    '00280011': { vr: 'US', Value: [COLS] },
    '00280100': { vr: 'US', Value: [16] },
    '00280101': { vr: 'US', Value: [12] },
    '00280102': { vr: 'US', Value: [11] },
    '00280103': { vr: 'US', Value: [0] },
    '7FE00010': { vr: 'OW', Value: [new Uint16Array(FRAMES * ROWS * COLS).fill(1234).buffer] },
  }
  return Buffer.from(dict.write())
}

/** A DICOM of exactly 10⁹ pixel bytes (500 frames of 1000 × 1000 × 16 bit), as a stream. */
function gigabyteDicom() {
  const frameBytes = 1000 * 1000 * 2
  const total = 500 * frameBytes
  const meta = {
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.12.1'] },
    '00020003': { vr: 'UI', Value: ['1.2.826.0.1.3680043.8.498.8'] },
    '00020010': { vr: 'UI', Value: ['1.2.840.10008.1.2.1'] },
    '00020012': { vr: 'UI', Value: ['1.2.826.0.1.3680043.10.999'] },
  }
  const dict = new dcmjs.data.DicomDict(meta)
  dict.dict = {
    '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.12.1'] },
    '00080018': { vr: 'UI', Value: ['1.2.826.0.1.3680043.8.498.8'] },
    '00080060': { vr: 'CS', Value: ['XA'] },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: 'BENCH^GIGABYTE' }] },
    '00280002': { vr: 'US', Value: [1] },
    '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
    '00280008': { vr: 'IS', Value: [500] },
    '00280010': { vr: 'US', Value: [1000] },
    '00280011': { vr: 'US', Value: [1000] },
    '00280100': { vr: 'US', Value: [16] },
    '00280101': { vr: 'US', Value: [12] },
    '00280102': { vr: 'US', Value: [11] },
    '00280103': { vr: 'US', Value: [0] },
    '7FE00010': { vr: 'OW', Value: [new Uint16Array(frameBytes / 2).buffer] },
  }
  const one = Buffer.from(dict.write())
  const header = one.subarray(0, one.length - frameBytes)
  header.writeUInt32LE(total, header.length - 4)
  const block = Buffer.alloc(1024 * 1024, 3)
  return {
    size: header.length + total,
    stream: () =>
      Readable.from(
        (async function* () {
          yield header
          for (let sent = 0; sent < total; sent += block.length)
            yield block.subarray(0, Math.min(block.length, total - sent))
        })()
      ),
  }
}

/** Resident and peak resident memory of a process, in MB (Linux /proc). */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN)
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 }
}

const file = bigDicom()
const mb = file.length / 1024 / 1024
const stack = await startStack({ apiPort: 3352, demoPort: 3413, smtpPort: 2538, redisDb: 10, worker: true })
const dir = mkdtempSync(join(tmpdir(), 'raw-upload-'))
const raw = createServer(async (req, res) => {
  await pipeline(req, createWriteStream(join(dir, `${Date.now()}.bin`)))
  res.writeHead(201).end()
})
await new Promise((resolve) => raw.listen(3414, '127.0.0.1', resolve))

try {
  // A verified member with the imaging consent, as the widgets would make one.
  const headers = { 'content-type': 'application/json', 'x-tessera-key': DEMO_KEY, origin: stack.demoUrl }
  const purposes = await (await fetch(`${stack.apiUrl}/v1/widget/purposes`, { headers })).json()
  await fetch(`${stack.apiUrl}/v1/widget/members`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      firstName: 'Bench',
      lastName: 'Member',
      nationality: 'KR',
      email: 'bench@example.com',
      locale: 'en',
      policyVersion: purposes.policyVersion,
      consents: [{ purpose: 'image_analysis', granted: true }],
      returnUrl: `${stack.demoUrl}/upload.html`,
    }),
  })
  const mail = await stack.mailTo('bench@example.com')
  const token = /tessera-verify=(mv_[0-9A-Za-z]+)/.exec(String(mail.parsed.text))[1]
  const { session } = await (
    await fetch(`${stack.apiUrl}/v1/widget/members/verify`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ token }),
    })
  ).json()

  const time = async (fn) => {
    const start = process.hrtime.bigint()
    await fn()
    return Number(process.hrtime.bigint() - start) / 1e9
  }
  const auth = {
    'x-tessera-key': DEMO_KEY,
    origin: stack.demoUrl,
    authorization: `Bearer ${session}`,
  }
  // First, before anything else raises the API's peak: 1 GB streamed through it.
  const gigabyte = gigabyteDicom()
  const idle = memoryOf(stack.apiPid)
  const gbSeconds = await time(async () => {
    const response = await fetch(`${stack.apiUrl}/v1/widget/me/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/dicom', ...auth },
      body: Readable.toWeb(gigabyte.stream()),
      duplex: 'half',
    })
    if (response.status !== 201)
      throw new Error(`1 GB upload answered ${response.status}: ${await response.text()}`)
    const { id } = await response.json()
    await fetch(`${stack.apiUrl}/v1/widget/me/uploads/${id}`, { method: 'DELETE', headers: auth })
  })
  const afterGigabyte = memoryOf(stack.apiPid)

  const upload = async () => {
    const response = await fetch(`${stack.apiUrl}/v1/widget/me/uploads`, {
      method: 'POST',
      headers: {
        'content-type': 'application/dicom',
        'x-tessera-key': DEMO_KEY,
        origin: stack.demoUrl,
        authorization: `Bearer ${session}`,
      },
      body: file,
    })
    if (response.status !== 201)
      throw new Error(`upload answered ${response.status}: ${await response.text()}`)
  }
  const rawUpload = async () => {
    const response = await fetch('http://127.0.0.1:3414/', { method: 'POST', body: file })
    if (response.status !== 201) throw new Error('raw upload failed')
  }
  await upload()
  await rawUpload()
  const runs = 3
  let api = Infinity
  let base = Infinity
  for (let i = 0; i < runs; i++) {
    api = Math.min(api, await time(upload))
    base = Math.min(base, await time(rawUpload))
  }
  const key = new TextEncoder().encode('bench-uid-key-0123456789abcdef!!')
  const deid = await time(() => deidentify(new Uint8Array(file), { uidKey: key, burnedIn: 'warn' }))
  const hash = await time(async () => createHash('sha256').update(file).digest())
  report('upload-throughput', [
    {
      figure: `API memory growth (peak VmHWM − idle RSS) while a ${(gigabyte.size / 1e9).toFixed(1)} GB DICOM streams through`,
      tessera: afterGigabyte.peak - idle.rss,
      baseline: gigabyte.size / 1024 / 1024,
      unit: 'MB',
      target: '< 200 MB (baseline: the file size, what in-memory processing would hold)',
    },
    {
      figure: 'API peak memory (VmHWM) after it',
      tessera: afterGigabyte.peak,
      baseline: idle.rss,
      unit: 'MB',
      target: 'baseline: the idle API (TypeScript run through ts-exec)',
    },
    {
      figure: `upload ${(gigabyte.size / 1e9).toFixed(1)} GB DICOM, MB/s`,
      tessera: gigabyte.size / 1024 / 1024 / gbSeconds,
      baseline: mb / base,
      unit: 'MB/s',
      target: 'baseline: raw loopback upload of 100 MB',
    },
    {
      figure: `upload ${mb.toFixed(0)} MB DICOM (de-identify + encrypt + store), MB/s`,
      tessera: mb / api,
      baseline: mb / base,
      unit: 'MB/s',
      target: '≥ 0.7× raw loopback upload to disk',
    },
    {
      figure: 'de-identification alone, MB/s',
      tessera: mb / deid,
      baseline: mb / hash,
      unit: 'MB/s',
      target: 'baseline: sha256 of the same bytes',
    },
  ])
} finally {
  raw.close()
  rmSync(dir, { recursive: true, force: true })
  await stack.close()
}
