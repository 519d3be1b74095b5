import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import drive from '@adonisjs/drive/services/main'
import type { ApiClient } from '@japa/api-client'
import type { Worker } from 'bullmq'
import clock from '#shared/clock'
import { startWorkers } from '#queue/worker'
import { queue } from '#queue/queues'
import { withTenant } from '#tenancy/tenant_context'
import ConsentService from '#consent/consent_service'
import Upload from '#uploads/upload'
import UploadService from '#uploads/upload_service'
import Analysis from '#inference/analysis'
import Model from '#inference/model'
import { buildModel } from '#inference/onnx_builder'
import db from '@adonisjs/lucid/services/db'
import { decodeImage } from '#inference/pixels'
import { decodeMaskPng, toModelInput } from '#inference/preprocess'
import { vesselProbability } from '#inference/reference_filter'
import { DEFAULT_MODEL_MANIFEST, vesselFilterBank } from '#inference/default_model'
import { memberFetch, sendImage, signedMember, type Signed } from '#tests/support/members'
import { vesselDicom } from '#tests/support/inference'

const T0 = new Date('2026-09-01T09:00:00.000Z')
const HOUR = 3_600_000

type Presented = {
  id: string
  status: string
  error: string | null
  model: { name: string; version: string }
  summary: { kind: string; labels: string[]; scores: number[]; width: number; height: number } | null
}

async function upload(s: Signed, bytes: Uint8Array) {
  const response = await sendImage(s, bytes, 'application/dicom')
  if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${await response.text()}`)
  return (await response.json()) as { id: string; analysis: Presented | null }
}

/** Polls the analysis until it is finished (the worker runs in this process). */
async function finished(s: Signed, id: string): Promise<Presented> {
  for (let i = 0; i < 400; i++) {
    const body = (await (await memberFetch(s, `/v1/widget/me/analyses/${id}`)).json()) as Presented
    if (['done', 'failed', 'purged'].includes(body.status)) return body
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`analysis ${id} did not finish`)
}

/** The events of the analysis's SSE stream, read with fetch as the widget does, until it ends. */
async function events(s: Signed, id: string): Promise<Presented[]> {
  const response = await memberFetch(s, `/v1/widget/me/analyses/${id}/events`)
  if (response.headers.get('content-type')?.startsWith('text/event-stream') !== true)
    throw new Error('not an event stream')
  const text = await response.text()
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event: analysis'))
    .map((block) => JSON.parse(block.split('\ndata: ')[1]!) as Presented)
}

const member = (client: ApiClient, consent = true, overrides = {}) =>
  signedMember(client, T0, consent, overrides)

test.group('Inference: analyses by real BullMQ workers with onnxruntime', (group) => {
  let workers: Worker[] = []
  group.setup(async () => {
    await queue('inference').obliterate({ force: true })
    await queue('purge').obliterate({ force: true })
    workers = await startWorkers(['purge', 'inference'], { concurrency: 1, lockDuration: 5000 })
    return () => Promise.all(workers.map((w) => w.close())).then(() => {})
  })
  group.each.setup(() => {
    clock.freeze(T0)
    return () => clock.reset()
  })
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  const inference = () => workers.find((w) => w.name === 'inference')!

  test('an upload is analysed on its own: the mask equals the TypeScript reference of the model', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const input = vesselDicom({ rows: 384, columns: 320 })
    const stored = await upload(s, input)
    assert.equal(stored.analysis?.status, 'queued')
    assert.deepEqual(stored.analysis?.model, { name: 'tessera-vessel-demo', version: '1.0.0' })
    const streamed = await events(s, stored.analysis!.id)
    const result = await finished(s, stored.analysis!.id)
    assert.equal(result.status, 'done', result.error ?? '')
    assert.equal(streamed.at(-1)?.status, 'done')
    const order = ['queued', 'preprocessing', 'running', 'postprocessing', 'done']
    const seen = streamed.map((e) => order.indexOf(e.status))
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => a - b),
      'stages arrive in order'
    )

    const maskResponse = await memberFetch(s, `/v1/widget/me/analyses/${result.id}/mask`)
    assert.equal(maskResponse.headers.get('cache-control'), 'no-store')
    const mask = decodeMaskPng(new Uint8Array(await maskResponse.arrayBuffer()))
    assert.deepEqual([mask.width, mask.height], [320, 384])

    // The reference: the same pixels through the same preprocessing, then the model in plain TypeScript,
    // mapped back to the image by nearest neighbour.
    const image = await decodeImage(input)
    const { tensor } = toModelInput(
      image,
      DEFAULT_MODEL_MANIFEST.preprocessing,
      DEFAULT_MODEL_MANIFEST.input.shape
    )
    const side = DEFAULT_MODEL_MANIFEST.input.shape[2]
    const probability = vesselProbability(tensor, side, side, vesselFilterBank())
    let compared = 0
    let vessel = 0
    for (let y = 0; y < 384; y++) {
      for (let x = 0; x < 320; x++) {
        const p =
          probability[Math.floor(((y + 0.5) * side) / 384) * side + Math.floor(((x + 0.5) * side) / 320)]!
        if (Math.abs(p - 0.5) < 1e-4) continue
        compared++
        const expected = p > 0.5 ? 1 : 0
        vessel += expected
        assert.equal(mask.mask[y * 320 + x], expected, `pixel ${x},${y}`)
      }
    }
    assert.isAbove(compared, 384 * 320 * 0.99)
    assert.isAbove(vessel, 384 * 2, 'the vessel is found')
    assert.isBelow(vessel, 384 * 320 * 0.1, 'the background is not')
    assert.equal(result.summary?.kind, 'segmentation')
    assert.deepEqual(result.summary?.labels, ['background', 'vessel'])
    assert.closeTo(result.summary!.scores[1]!, vessel / compared, 0.02)

    const listed = (await (await memberFetch(s, '/v1/widget/me/uploads')).json()) as {
      data: Array<{ analysis: Presented }>
    }
    assert.equal(listed.data[0]!.analysis.status, 'done')
  })

  test('no analysis runs without the imaging consent or while processing is restricted', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    await inference().pause()
    try {
      const first = await upload(s, vesselDicom())
      const consent = await app.container.make(ConsentService)
      await withTenant(s.t.tenant.id, () =>
        consent.decide(s.member, [{ purpose: 'image_analysis', action: 'withdraw' }], 'settings', {
          ip: null,
          userAgent: null,
          gpc: false,
          locale: 'en',
        })
      )
      inference().resume()
      const refused = await finished(s, first.analysis!.id)
      assert.equal(refused.status, 'failed')
      assert.match(refused.error!, /consent to image analysis is not given/)
      assert.isNull(refused.summary)
      assert.equal((await memberFetch(s, `/v1/widget/me/analyses/${refused.id}/mask`)).status, 404)
      // Asking again is refused up front.
      const again = await memberFetch(s, `/v1/widget/me/uploads/${first.id}/analyses`, { method: 'POST' })
      assert.equal(again.status, 409)
    } finally {
      inference().resume()
    }

    const r = await member(client)
    await inference().pause()
    try {
      const second = await upload(r, vesselDicom())
      await withTenant(r.t.tenant.id, async () => {
        r.member.status = 'restricted'
        await r.member.save()
      })
      inference().resume()
      const restricted = await finished(r, second.analysis!.id)
      assert.equal(restricted.status, 'failed')
      assert.match(restricted.error!, /restricted processing/)
    } finally {
      inference().resume()
    }
  })

  test('the purge takes analyses with it: result deleted, queued job removed, nothing readable left', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const done = await upload(s, vesselDicom())
    const result = await finished(s, done.analysis!.id)
    assert.equal(result.status, 'done')
    const row = await withTenant(s.t.tenant.id, () =>
      Analysis.query().where('public_id', result.id).firstOrFail()
    )
    assert.isTrue(await drive.use().exists(row.resultKey!))

    // A second image whose job is still waiting when its upload is purged.
    await inference().pause()
    let waiting: { id: string; analysis: Presented | null }
    try {
      waiting = await upload(s, vesselDicom())
      const jobId = `analysis-${waiting.analysis!.id}-1`
      assert.isDefined(await queue('inference').getJob(jobId))
      clock.freeze(new Date(T0.getTime() + 25 * HOUR))
      const uploads = await app.container.make(UploadService)
      assert.equal(await uploads.sweep(), 2)
      assert.isUndefined(await queue('inference').getJob(jobId))
    } finally {
      inference().resume()
    }
    assert.isFalse(await drive.use().exists(row.resultKey!))
    const rows = await withTenant(s.t.tenant.id, () => Analysis.query().orderBy('id'))
    assert.deepEqual(
      rows.map((a) => [a.status, a.resultKey, a.summary]),
      [
        ['purged', null, null],
        ['purged', null, null],
      ]
    )
    assert.equal((await memberFetch(s, `/v1/widget/me/analyses/${result.id}/mask`)).status, 404)
    const uploadsLeft = await withTenant(s.t.tenant.id, () => Upload.query().whereNot('status', 'purged'))
    assert.lengthOf(uploadsLeft, 0)
  })

  test('analyses are per member and per upload: another member cannot see or start them', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const other = await member(client)
    const mine = await upload(s, vesselDicom())
    await finished(s, mine.analysis!.id)
    assert.equal((await memberFetch(other, `/v1/widget/me/analyses/${mine.analysis!.id}`)).status, 404)
    assert.equal((await memberFetch(other, `/v1/widget/me/analyses/${mine.analysis!.id}/mask`)).status, 404)
    assert.equal(
      (await memberFetch(other, `/v1/widget/me/uploads/${mine.id}/analyses`, { method: 'POST' })).status,
      404
    )
    // Asking again for the same upload and model returns the same analysis: one result per model version.
    const again = await memberFetch(s, `/v1/widget/me/uploads/${mine.id}/analyses`, { method: 'POST' })
    assert.equal(again.status, 202)
    assert.equal(((await again.json()) as Presented).id, mine.analysis!.id)
    const count = await withTenant(s.t.tenant.id, () => Analysis.query().count('* as n').firstOrFail())
    assert.equal(Number(count.$extras.n), 1)
  })
})

/** y = sigmoid(40 · (x − 0.5)): a pixel is "found" where its windowed value is above one half. */
function thresholdModel(side: number): Uint8Array {
  return buildModel({
    graphName: 'threshold',
    inputs: [{ name: 'x', type: 'float32', shape: [1, 1, side, side] }],
    outputs: [{ name: 'y', type: 'float32', shape: [1, 1, side, side] }],
    initializers: [
      { name: 'half', type: 'float32', dims: [], values: [0.5] },
      { name: 'gain', type: 'float32', dims: [], values: [40] },
    ],
    nodes: [
      { op: 'Sub', inputs: ['x', 'half'], outputs: ['centred'] },
      { op: 'Mul', inputs: ['centred', 'gain'], outputs: ['logit'] },
      { op: 'Sigmoid', inputs: ['logit'], outputs: ['y'] },
    ],
  })
}

function thresholdManifest(side: number, overrides: Record<string, unknown> = {}) {
  return {
    name: 'bright-threshold',
    version: '2.0.0',
    description: 'Marks pixels brighter than the middle of the window (a test model).',
    input: { name: 'x', dtype: 'float32', shape: [1, 1, side, side] },
    preprocessing: {
      rescale: 'modality',
      window: { mode: 'dicom' },
      normalize: { mean: 0, std: 1 },
      resize: 'nearest',
    },
    output: { name: 'y', kind: 'segmentation', labels: ['background', 'bright'], threshold: 0.5 },
    ...overrides,
  }
}

function registerModel(secret: string, bytes: Uint8Array | null, manifest: unknown) {
  const form = new FormData()
  if (bytes) form.append('model', new Blob([bytes]), 'model.onnx')
  if (manifest !== undefined)
    form.append('manifest', typeof manifest === 'string' ? manifest : JSON.stringify(manifest))
  return fetch(`${process.env.APP_URL}/v1/admin/models`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}` },
    body: form,
  })
}

test.group('Inference: the model registry', (group) => {
  let workers: Worker[] = []
  group.setup(async () => {
    await queue('inference').obliterate({ force: true })
    workers = await startWorkers(['inference'], { concurrency: 1, lockDuration: 5000 })
    return () => Promise.all(workers.map((w) => w.close())).then(() => {})
  })
  group.each.setup(() => {
    clock.freeze(T0)
    return () => clock.reset()
  })
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a validated model is registered, activated, and runs the next analyses', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const secret = s.t.secretKey
    const registered = await registerModel(secret, thresholdModel(64), thresholdManifest(64))
    assert.equal(registered.status, 201, await registered.clone().text())
    const model = (await registered.json()) as { id: string; active: boolean; sha256: string }
    assert.isFalse(model.active)
    assert.match(model.sha256, /^[0-9a-f]{64}$/)

    // Inactive: uploads still get the platform default.
    const before = await upload(s, vesselDicom({ rows: 64, columns: 64 }))
    assert.equal(before.analysis?.model.name, 'tessera-vessel-demo')
    await finished(s, before.analysis!.id)

    const activated = await fetch(`${process.env.APP_URL}/v1/admin/models/${model.id}/activate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}` },
    })
    assert.equal(activated.status, 200)
    const listing = (await (
      await fetch(`${process.env.APP_URL}/v1/admin/models`, {
        headers: { authorization: `Bearer ${secret}` },
      })
    ).json()) as { inUse: { name: string }; data: Array<{ active: boolean }> }
    assert.equal(listing.inUse.name, 'bright-threshold')

    const input = vesselDicom({ rows: 64, columns: 64 })
    const after = await upload(s, input)
    assert.deepEqual(after.analysis?.model, { name: 'bright-threshold', version: '2.0.0' })
    const result = await finished(s, after.analysis!.id)
    assert.equal(result.status, 'done', result.error ?? '')
    const mask = decodeMaskPng(
      new Uint8Array(await (await memberFetch(s, `/v1/widget/me/analyses/${result.id}/mask`)).arrayBuffer())
    )
    // Reference: windowed value above one half (same size, nearest: no resampling).
    const image = await decodeImage(input)
    const { tensor } = toModelInput(image, thresholdManifest(64).preprocessing as never, [1, 1, 64, 64])
    let bright = 0
    for (let k = 0; k < 64 * 64; k++) {
      if (Math.abs(tensor[k]! - 0.5) < 0.01) continue
      const expected = tensor[k]! > 0.5 ? 1 : 0
      bright += expected
      assert.equal(mask.mask[k], expected, `pixel ${k}`)
    }
    assert.isAbove(bright, 64)

    const audit = await withTenant(s.t.tenant.id, () =>
      db
        .from('audit_events')
        .where('tenant_id', s.t.tenant.id)
        .whereIn('action', ['model.registered', 'model.activated', 'model.deactivated'])
        .orderBy('seq')
    )
    assert.deepEqual(
      audit.map((e) => e.action),
      ['model.registered', 'model.activated']
    )
  })

  test('a 100 MB file that is no model is refused on its field; over 200 MB is 413; nothing is stored', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const list = async () =>
      (
        (await (
          await fetch(`${process.env.APP_URL}/v1/admin/models`, {
            headers: { authorization: `Bearer ${s.t.secretKey}` },
          })
        ).json()) as { data: unknown[] }
      ).data.length
    const before = await list()

    const big = new Uint8Array(100 * 1024 * 1024).fill(0x5a)
    const refused = await registerModel(s.t.secretKey, big, thresholdManifest(32))
    assert.equal(refused.status, 422)
    const body = (await refused.json()) as { errors: { field: string }[] }
    assert.equal(body.errors[0]?.field, 'model')

    const tooBig = await registerModel(
      s.t.secretKey,
      new Uint8Array(201 * 1024 * 1024),
      thresholdManifest(32)
    )
    assert.equal(tooBig.status, 413)
    assert.equal(
      ((await tooBig.json()) as { type: string }).type,
      'https://tessera.dev/problems/payload-too-large'
    )
    assert.equal(await list(), before, 'nothing registered')
  }).timeout(120_000)

  test('models that cannot work are refused with the field and the reason; nothing is stored', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const secret = s.t.secretKey
    const refused = async (bytes: Uint8Array | null, manifest: unknown, field: string, reason: RegExp) => {
      const response = await registerModel(secret, bytes, manifest)
      const body = (await response.json()) as {
        status: number
        errors?: Array<{ field: string; message: string }>
      }
      assert.include([413, 422], response.status, JSON.stringify(body))
      const error = body.errors?.find((e) => e.field === field)
      assert.isDefined(error, `${field} in ${JSON.stringify(body.errors)}`)
      assert.match(error!.message, reason)
    }
    await refused(
      new TextEncoder().encode('not an onnx file at all, just text'),
      thresholdManifest(64),
      'model',
      /ONNX|parse|load/i
    )
    await refused(
      thresholdModel(64),
      thresholdManifest(64, { input: { name: 'image', dtype: 'float32', shape: [1, 1, 64, 64] } }),
      'manifest.input.name',
      /image/
    )
    await refused(thresholdModel(64), thresholdManifest(32), 'manifest.input.shape', /64|32/)
    await refused(
      thresholdModel(64),
      thresholdManifest(64, { output: { name: 'y', kind: 'classification', labels: ['a', 'b'] } }),
      'manifest.output.kind',
      /classification|shape/i
    )
    await refused(null, thresholdManifest(64), 'model', /ONNX file/)
    await refused(thresholdModel(64), '{not json', 'manifest', /JSON/)
    await refused(thresholdModel(64), thresholdManifest(64, { treshold: 0.3 }), 'manifest.treshold', /.+/)

    const ok = await registerModel(secret, thresholdModel(64), thresholdManifest(64))
    assert.equal(ok.status, 201)
    const duplicate = await registerModel(secret, thresholdModel(64), thresholdManifest(64))
    assert.equal(duplicate.status, 409)

    const rows = await withTenant(s.t.tenant.id, () => Model.query())
    assert.lengthOf(rows, 1)
    const stored = await drive
      .use()
      .listAll(`models/${s.t.tenant.publicId}`)
      .then((l) => [...l.objects])
    assert.lengthOf(stored, 1)
  })

  test('an analyst may see the registry but not change it', async ({ client, assert }) => {
    const s = await member(client)
    const owner = await adminToken(client, s.t.tenant.publicId, s.t.owner.email, s.t.owner.password)
    const created = await client.post('/v1/admin/admins').header('authorization', `Bearer ${owner}`).json({
      email: 'analyst@models.example',
      fullName: 'An Analyst',
      role: 'analyst',
      password: 'analyst-password-1',
    })
    created.assertStatus(201)
    const analyst = await adminToken(
      client,
      s.t.tenant.publicId,
      'analyst@models.example',
      'analyst-password-1'
    )
    const list = await fetch(`${process.env.APP_URL}/v1/admin/models`, {
      headers: { authorization: `Bearer ${analyst}` },
    })
    assert.equal(list.status, 200)
    assert.equal((await registerModel(analyst, thresholdModel(64), thresholdManifest(64))).status, 403)
  })
})

async function adminToken(client: ApiClient, tenant: string, email: string, password: string) {
  const response = await client.post('/v1/admin/sessions').json({ tenant, email, password })
  response.assertStatus(201)
  return response.body().token as string
}
