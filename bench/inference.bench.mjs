// Inference through the whole stack (API, Redis/BullMQ, inference worker processes, MariaDB, encrypted
// storage) against onnxruntime alone in the same run:
//  - job latency: analysis queued (upload answered) → result stored (the `done` server-sent event),
//    against `session.run` of the default model on the same preprocessed input;
//  - throughput: analyses per second with 1 and 2 worker processes draining the same backlog;
//  - a worker's peak memory (VmHWM) over the run.
// Needs MariaDB and Redis like the tests.
import { readFileSync } from 'node:fs'
import * as ort from 'onnxruntime-node'
import { DEFAULT_MODEL_MANIFEST, defaultModelBytes } from '../apps/api/app/inference/default_model.js'
import { decodeImage } from '../apps/api/app/inference/pixels.js'
import { toModelInput } from '../apps/api/app/inference/preprocess.js'
import { startStack, DEMO_KEY } from '../e2e/stack.mjs'
import { vesselDicom as vesselDicomFile } from '../e2e/dicom.mjs'
import { medianMs, report } from './lib.mjs'

const SIDE = 256
const BACKLOG = 60

const vesselDicom = (seed) => new Uint8Array(vesselDicomFile({ side: SIDE, seed }))

function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024
}

// Baseline: onnxruntime alone, the default model on the same input, in this process.
const input = vesselDicom(0)
const { tensor } = toModelInput(
  await decodeImage(new Uint8Array(input)),
  DEFAULT_MODEL_MANIFEST.preprocessing,
  [1, 1, SIDE, SIDE]
)
const session = await ort.InferenceSession.create(defaultModelBytes(), { executionProviders: ['cpu'] })
const feeds = { image: new ort.Tensor('float32', tensor, [1, 1, SIDE, SIDE]) }
const raw = await medianMs(() => session.run(feeds), { runs: 50, warmup: 10 })

const stack = await startStack({ apiPort: 3353, demoPort: 3415, smtpPort: 2539, redisDb: 11, worker: true })
try {
  const headers = { 'content-type': 'application/json', 'x-tessera-key': DEMO_KEY, origin: stack.demoUrl }
  const owner = await stack.ownerToken()
  await fetch(`${stack.apiUrl}/v1/admin/tenant`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${owner}` },
    body: JSON.stringify({ settings: { uploadMaxFiles: 500 } }),
  })
  const purposes = await (await fetch(`${stack.apiUrl}/v1/widget/purposes`, { headers })).json()
  await fetch(`${stack.apiUrl}/v1/widget/members`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      firstName: 'Bench',
      lastName: 'Member',
      nationality: 'KR',
      email: 'bench-inference@example.com',
      locale: 'en',
      policyVersion: purposes.policyVersion,
      consents: [{ purpose: 'image_analysis', granted: true }],
      returnUrl: `${stack.demoUrl}/upload.html`,
    }),
  })
  const mail = await stack.mailTo('bench-inference@example.com')
  const token = /tessera-verify=(mv_[0-9A-Za-z]+)/.exec(String(mail.parsed.text))[1]
  const { session: memberSession } = await (
    await fetch(`${stack.apiUrl}/v1/widget/members/verify`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ token }),
    })
  ).json()
  const auth = { 'x-tessera-key': DEMO_KEY, origin: stack.demoUrl, authorization: `Bearer ${memberSession}` }
  const upload = async (bytes) => {
    const response = await fetch(`${stack.apiUrl}/v1/widget/me/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/dicom', ...auth },
      body: bytes,
    })
    if (response.status !== 201)
      throw new Error(`upload answered ${response.status}: ${await response.text()}`)
    return response.json()
  }
  const until = async (what, probe) => {
    for (let i = 0; i < 6000; i++) {
      if (await probe()) return
      await new Promise((r) => setTimeout(r, 200))
    }
    throw new Error(`timed out: ${what}`)
  }
  const stages = []
  /** Reads the analysis's event stream until `done`; resolves with the time it arrived. */
  const doneAt = async (analysisId) => {
    const response = await fetch(`${stack.apiUrl}/v1/widget/me/analyses/${analysisId}/events`, {
      headers: auth,
    })
    const text = await response.text()
    if (!text.includes('"status":"done"')) throw new Error(`analysis did not finish: ${text.slice(-300)}`)
    const at = process.hrtime.bigint()
    const last = JSON.parse(
      text
        .trim()
        .split('\n')
        .at(-1)
        .replace(/^data: /, '')
    )
    stages.push(last.summary.timings)
    return at
  }

  // Latency: one analysis at a time, the worker idle and warm.
  await until('the worker to be warm', async () => {
    const { analysis } = await upload(input)
    await doneAt(analysis.id)
    return true
  })
  const latencies = []
  stages.length = 0
  for (let i = 0; i < 20; i++) {
    const bytes = vesselDicom(i + 1)
    const { analysis } = await upload(bytes)
    const queued = process.hrtime.bigint()
    const finished = await doneAt(analysis.id)
    latencies.push(Number(finished - queued) / 1e6)
  }
  latencies.sort((a, b) => a - b)
  const latency = latencies[Math.floor(latencies.length / 2)]
  const median = (key) => stages.map((t) => t[key]).sort((a, b) => a - b)[Math.floor(stages.length / 2)]
  console.log(
    `worker stages (median ms): preprocess ${median('preprocess')}, run ${median('run')}, postprocess ${median('postprocess')}`
  )

  // Throughput: a backlog queued with no worker running, then drained by 1, then by 2 processes.
  const drain = async (workers) => {
    await stack.stopInferenceWorkers()
    const ids = []
    for (let i = 0; i < BACKLOG; i++) ids.push((await upload(vesselDicom(100 + i))).analysis.id)
    const children = Array.from({ length: workers }, () => stack.startInferenceWorker())
    const started = process.hrtime.bigint()
    await until('the backlog to drain', async () => {
      const { data } = await (await fetch(`${stack.apiUrl}/v1/widget/me/uploads`, { headers: auth })).json()
      const done = data.filter((u) => ids.includes(u.analysis?.id) && u.analysis.status === 'done').length
      return done === ids.length
    })
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    const peak = Math.max(...children.map((c) => memoryOf(c.pid)))
    // Room for the next round: the member may hold 500 images.
    for (const u of (await (await fetch(`${stack.apiUrl}/v1/widget/me/uploads`, { headers: auth })).json())
      .data)
      await fetch(`${stack.apiUrl}/v1/widget/me/uploads/${u.id}`, { method: 'DELETE', headers: auth })
    return { perSecond: BACKLOG / seconds, peak }
  }
  const one = await drain(1)
  const two = await drain(2)

  report('inference', [
    {
      figure: 'job latency: queued → result stored (default model, 256²), median ms',
      tessera: latency,
      baseline: raw,
      unit: 'ms',
      target: '≤ 1.2 × session.run + 20 ms (baseline: session.run alone)',
    },
    {
      figure: `analyses per second, 1 worker process (backlog of ${BACKLOG})`,
      tessera: one.perSecond,
      baseline: 1000 / raw,
      unit: 'per_s',
      target: 'baseline: session.run calls per second',
    },
    {
      figure: `analyses per second, 2 worker processes (backlog of ${BACKLOG})`,
      tessera: two.perSecond,
      baseline: one.perSecond,
      unit: 'per_s',
      target: 'baseline: 1 worker process',
    },
    {
      figure: 'inference worker peak memory (VmHWM), MB',
      tessera: Math.max(one.peak, two.peak),
      baseline: memoryOf(process.pid),
      unit: 'MB',
      target: 'baseline: this benchmark process (onnxruntime + the model loaded)',
    },
  ])
} finally {
  await stack.close()
}
