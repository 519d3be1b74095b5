import { test } from '@japa/runner'
import { spawn, type ChildProcess } from 'node:child_process'
import app from '@adonisjs/core/services/app'
import drive from '@adonisjs/drive/services/main'
import type { Worker } from 'bullmq'
import { queue } from '#queue/queues'
import { startWorkers } from '#queue/worker'
import { withTenant } from '#tenancy/tenant_context'
import Analysis from '#inference/analysis'
import ModelService from '#inference/model_service'
import { attr, buildModel } from '#inference/onnx_builder'
import Upload from '#uploads/upload'
import { memberFetch, sendImage, signedMember, type Signed } from '#tests/support/members'
import { vesselDicom } from '#tests/support/inference'

// No global transaction here: the worker processes read what this process writes.

/** A deliberately heavy model (two 32-channel 7×7 convolutions on 384²) so a worker can be killed mid-run. */
function slowModel(): Uint8Array {
  const side = 384
  const weights = (n: number) => Array.from({ length: n }, (_, i) => (((i * 7919) % 13) - 6) / 400)
  return buildModel({
    graphName: 'slow',
    inputs: [{ name: 'x', type: 'float32', shape: [1, 1, side, side] }],
    outputs: [{ name: 'y', type: 'float32', shape: [1, 1, side, side] }],
    initializers: [
      { name: 'w1', type: 'float32', dims: [32, 1, 7, 7], values: weights(32 * 49) },
      { name: 'w2', type: 'float32', dims: [32, 32, 7, 7], values: weights(32 * 32 * 49) },
      { name: 'w3', type: 'float32', dims: [32, 32, 7, 7], values: weights(32 * 32 * 49) },
      { name: 'w4', type: 'float32', dims: [1, 32, 1, 1], values: weights(32) },
    ],
    nodes: [
      { op: 'Conv', inputs: ['x', 'w1'], outputs: ['a'], attributes: { pads: attr.ints([3, 3, 3, 3]) } },
      { op: 'Conv', inputs: ['a', 'w2'], outputs: ['b'], attributes: { pads: attr.ints([3, 3, 3, 3]) } },
      { op: 'Conv', inputs: ['b', 'w3'], outputs: ['c'], attributes: { pads: attr.ints([3, 3, 3, 3]) } },
      { op: 'Conv', inputs: ['c', 'w4'], outputs: ['d'] },
      { op: 'Sigmoid', inputs: ['d'], outputs: ['y'] },
    ],
  })
}

const slowManifest = {
  name: 'slow-demo',
  version: '1.0.0',
  description: 'Slow on purpose (worker crash test).',
  input: { name: 'x', dtype: 'float32', shape: [1, 1, 384, 384] },
  preprocessing: {
    rescale: 'modality',
    window: { mode: 'minmax' },
    normalize: { mean: 0, std: 1 },
    resize: 'bilinear',
  },
  output: { name: 'y', kind: 'segmentation', labels: ['background', 'found'], threshold: 0.5 },
}

function startWorkerProcess(): ChildProcess {
  return spawn(process.execPath, ['ace', 'inference:work', '--concurrency', '1'], {
    cwd: app.makePath(),
    env: { ...process.env, INFERENCE_LOCK_MS: '2000', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  tries = 600
): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe()
    if (value) return value
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

async function uploadOne(s: Signed): Promise<string> {
  const response = await sendImage(s, vesselDicom(), 'application/dicom')
  if (response.status !== 201) throw new Error(`upload answered ${response.status}`)
  return ((await response.json()) as { analysis: { id: string } }).analysis.id
}

test.group('Inference workers: crashes and fairness', (group) => {
  group.setup(async () => {
    await queue('inference').obliterate({ force: true })
  })

  test('a worker killed (SIGKILL) mid-run: after a restart the analysis completes exactly once', async ({
    client,
    assert,
  }) => {
    const s = await signedMember(client, new Date())
    await withTenant(s.t.tenant.id, async () => {
      const models = new ModelService()
      await models.activate(await models.register(s.t.tenant, slowModel(), slowManifest))
    })
    let first: ChildProcess | undefined = startWorkerProcess()
    let second: ChildProcess | undefined
    try {
      const id = await uploadOne(s)
      const row = () => withTenant(s.t.tenant.id, () => Analysis.query().where('public_id', id).firstOrFail())
      // Mid-run: the job's live stage (what pollers see) is 'running'.
      await until('the model to be running', async () => {
        const live = await memberFetch(s, `/v1/widget/me/analyses/${id}`)
        return ((await live.json()) as { status: string }).status === 'running'
      })
      first.kill('SIGKILL')
      await new Promise((r) => first!.once('exit', r))
      first = undefined
      assert.equal((await row()).status, 'queued', 'the kill left the analysis unfinished')

      second = startWorkerProcess()
      const done = await until('the analysis to finish', async () => {
        const a = await row()
        return ['done', 'failed'].includes(a.status) && a
      })
      assert.equal(done.status, 'done', done.error ?? '')
      assert.isTrue(await drive.use().exists(done.resultKey!))
      const all = await withTenant(s.t.tenant.id, () => Analysis.query())
      assert.lengthOf(all, 1, 'one analysis for the upload and model')
      const counts = await queue('inference').getJobCounts(
        'waiting',
        'active',
        'failed',
        'delayed',
        'prioritized'
      )
      assert.deepEqual(counts, { waiting: 0, active: 0, failed: 0, delayed: 0, prioritized: 0 })
    } finally {
      for (const child of [first, second]) {
        if (!child || child.exitCode !== null) continue
        child.kill('SIGKILL')
        await new Promise((r) => child.once('exit', r))
      }
      await withTenant(s.t.tenant.id, async () => {
        const { default: UploadService } = await import('#uploads/upload_service')
        const uploads = await app.container.make(UploadService)
        for (const u of await Upload.query()) await uploads.purge(u)
      })
    }
  }).timeout(120_000)

  test("one tenant's backlog does not starve another tenant's analysis", async ({ client, assert }) => {
    const busy = await signedMember(client, new Date(), true, { settings: { uploadMaxFiles: 100 } })
    const quiet = await signedMember(client, new Date())
    const finishedOrder: number[] = []
    const ids: string[] = []
    let workers: Worker[] = []
    try {
      for (let i = 0; i < 30; i++) ids.push(await uploadOne(busy))
      const theirs = await uploadOne(quiet)
      workers = await startWorkers(['inference'], { concurrency: 1 })
      workers[0]!.on('completed', (job) => finishedOrder.push(job.data.tenantId))
      await until('every analysis to finish', async () => finishedOrder.length === 31)
      const position = finishedOrder.indexOf(quiet.t.tenant.id)
      assert.isAtLeast(position, 0)
      assert.isAtMost(position, 2, `the quiet tenant's analysis ran at position ${position} of 31`)
      const done = await withTenant(quiet.t.tenant.id, () =>
        Analysis.query().where('public_id', theirs).firstOrFail()
      )
      assert.equal(done.status, 'done')
    } finally {
      await Promise.all(workers.map((w) => w.close()))
      for (const s of [busy, quiet]) {
        await withTenant(s.t.tenant.id, async () => {
          const { default: UploadService } = await import('#uploads/upload_service')
          const uploads = await app.container.make(UploadService)
          for (const u of await Upload.query()) await uploads.purge(u)
        })
      }
    }
  }).timeout(120_000)
})
