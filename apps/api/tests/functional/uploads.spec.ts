import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import app from '@adonisjs/core/services/app'
import drive from '@adonisjs/drive/services/main'
import { Readable } from 'node:stream'
import type { Worker } from 'bullmq'
import clock from '#shared/clock'
import { startWorkers } from '#queue/worker'
import { queue } from '#queue/queues'
import { withTenant } from '#tenancy/tenant_context'
import MemberService from '#members/member_service'
import MemberTokensService from '#members/member_tokens_service'
import Upload from '#uploads/upload'
import UploadService from '#uploads/upload_service'
import { DecryptStream } from '#uploads/envelope'
import { syntheticDicom } from '#tests/support/dicom'
import { memberFetch, sendImage, signedMember, type Signed } from '#tests/support/members'
import type { ApiClient } from '@japa/api-client'
import { png as makePng, pngChunk } from '#tests/support/images'

const T0 = new Date('2026-08-10T09:00:00.000Z')
const HOUR = 3_600_000
const base = () => process.env.APP_URL!

/** A 64×64 PNG with `marker` appended after IEND (not image data: stripping drops it). */
const png = (marker: string) => makePng({ size: 64, trailer: marker })

const member = (client: ApiClient, consentToImaging = true, overrides = {}) =>
  signedMember(client, T0, consentToImaging, overrides)
const send = sendImage
const get = (s: Signed, path: string) => memberFetch(s, `/v1/widget/me/uploads${path}`)

test.group('Uploads: consent-gated, encrypted at rest, gone after the retention period', (group) => {
  let workers: Worker[] = []
  group.setup(async () => {
    await queue('purge').obliterate({ force: true })
    workers = await startWorkers(['purge'])
    return () => Promise.all(workers.map((w) => w.close())).then(() => {})
  })
  group.each.setup(() => {
    clock.freeze(T0)
    return () => clock.reset()
  })
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an image is stored encrypted with its own key, served back only to its member, no-store', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const image = png('PATIENT-KIM-MARKER')
    const response = await send(s, image)
    assert.equal(response.status, 201)
    const body = (await response.json()) as {
      id: string
      expiresAt: string
      secondsLeft: number
      size: number
    }
    assert.equal(body.expiresAt, new Date(T0.getTime() + 24 * HOUR).toISOString())
    assert.equal(body.secondsLeft, 24 * 3600)
    // Bytes after IEND are not image data: metadata stripping drops them too.
    const clean = image.subarray(0, image.length - 'PATIENT-KIM-MARKER'.length)
    assert.equal(body.size, clean.length)

    const row = await withTenant(s.t.tenant.id, () => Upload.findByOrFail('public_id', body.id))
    const stored = Buffer.from(await drive.use().getBytes(row.storageKey))
    assert.notInclude(stored.toString('latin1'), 'PATIENT-KIM-MARKER', 'ciphertext at rest')
    assert.notInclude(JSON.stringify(await db.from('uploads').where('id', row.id)), 'PATIENT-KIM')

    const back = await get(s, `/${body.id}/content`)
    assert.equal(back.status, 200)
    assert.equal(back.headers.get('cache-control'), 'no-store')
    assert.deepEqual(Buffer.from(await back.arrayBuffer()), clean)

    const other = await member(client)
    assert.equal((await get(other, `/${body.id}/content`)).status, 404, "another tenant's member")
    const sameTenant = {
      ...s,
      session: await withTenant(s.t.tenant.id, async () => {
        const m2 = await new MemberService().create({ email: 'second@example.com', locale: 'en' })
        return new MemberTokensService().issue(m2, 'session')
      }),
    }
    assert.equal((await get(sameTenant, `/${body.id}/content`)).status, 404, "another member's upload")
  })

  test('the server de-identifies on receipt: DICOM patient details, private tags and PNG text chunks are gone', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const dicom = syntheticDicom()
    const response = await send(s, Buffer.from(dicom), 'application/dicom')
    assert.equal(response.status, 201)
    const body = (await response.json()) as {
      id: string
      deidentification: { format: string; removed: number; uidsReplaced: number; items: string[] }
    }
    assert.equal(body.deidentification.format, 'dicom')
    assert.isAbove(body.deidentification.removed, 0)
    assert.isAbove(body.deidentification.uidsReplaced, 0)
    assert.include(body.deidentification.items, 'PatientName')
    const stored = Buffer.from(await (await get(s, `/${body.id}/content`)).arrayBuffer())
    for (const phi of [
      'KIM^MINJI',
      'PID-778899',
      '19800512',
      'SEOUL GENERAL HOSPITAL',
      'PRIVATE-KIM-NOTE',
      '1.2.826.0.1.3680043.8.498.111',
    ]) {
      assert.notInclude(stored.toString('latin1'), phi)
    }
    assert.equal(stored.subarray(128, 132).toString('latin1'), 'DICM', 'still a DICOM file')
    assert.include(stored.toString('latin1'), 'YES', 'PatientIdentityRemoved')

    const textChunk = makePng({
      size: 8,
      extraChunks: [pngChunk('tEXt', Buffer.from('Comment\0Patient: Kim Minji', 'latin1'))],
    })
    const pngResponse = await send(s, textChunk)
    assert.equal(pngResponse.status, 201)
    const pngBody = (await pngResponse.json()) as { id: string; deidentification: { items: string[] } }
    assert.isNotEmpty(pngBody.deidentification.items)
    const storedPng = Buffer.from(await (await get(s, `/${pngBody.id}/content`)).arrayBuffer())
    assert.notInclude(storedPng.toString('latin1'), 'Kim Minji')
  })

  test('DICOM that cannot be cleaned is refused: burned-in annotation, truncated files', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const burned = await send(s, Buffer.from(syntheticDicom({ burnedIn: true })), 'application/dicom')
    assert.equal(burned.status, 422)
    assert.equal(
      ((await burned.json()) as { type: string }).type,
      'https://tessera.dev/problems/burned-in-annotation'
    )
    const truncated = await send(s, Buffer.from(syntheticDicom()).subarray(0, 300), 'application/dicom')
    assert.equal(truncated.status, 422)
    assert.equal(((await truncated.json()) as { errors: Array<{ field: string }> }).errors[0]!.field, 'body')
    const rows = await db.from('uploads').where('tenant_id', s.t.tenant.id)
    assert.isTrue(rows.every((r) => r.status === 'purged' && r.wrapped_key === null))
  })

  test('refused without imaging consent, while restricted, and for wrong, empty or mislabelled files; nothing stored', async ({
    client,
    assert,
  }) => {
    const noConsent = await member(client, false)
    const refused = await send(noConsent, png('x'))
    assert.equal(refused.status, 409)
    assert.equal(
      ((await refused.json()) as { type: string }).type,
      'https://tessera.dev/problems/consent-required'
    )

    const s = await member(client)
    assert.equal((await send(s, png('x'), 'image/gif')).status, 415)
    assert.equal((await send(s, Buffer.alloc(0))).status, 422)
    const fake = await send(
      s,
      Buffer.from('GIF89a this is not a png at all, padded to be long enough'.repeat(4))
    )
    assert.equal(fake.status, 422)
    const notDicom = await send(s, Buffer.alloc(400, 1), 'application/dicom')
    assert.equal(notDicom.status, 422)
    await withTenant(s.t.tenant.id, async () => {
      s.member.status = 'restricted'
      await s.member.save()
    })
    const restricted = await send(s, png('x'))
    assert.equal(restricted.status, 409)
    assert.equal(
      ((await restricted.json()) as { type: string }).type,
      'https://tessera.dev/problems/processing-restricted'
    )

    const rows = await db.from('uploads').whereIn('tenant_id', [noConsent.t.tenant.id, s.t.tenant.id])
    assert.isTrue(
      rows.every((r) => r.status === 'purged' && r.wrapped_key === null),
      'refused bodies left nothing readable'
    )
    const left = await drive
      .use()
      .listAll(`uploads/${s.t.tenant.publicId}`)
      .then((l) => [...l.objects])
      .catch(() => [])
    assert.deepEqual(
      left.map((o) => ('key' in o ? o.key : o.prefix)),
      []
    )
  })

  test("the tenant's limits hold: formats, bytes per file (declared or streamed), images held at once", async ({
    client,
    assert,
  }) => {
    const s = await member(client, true, {
      settings: { uploadTypes: ['png'], uploadMaxMegabytes: 1, uploadMaxFiles: 2 },
    })
    const config = await fetch(`${base()}/v1/widget/config`, {
      headers: { 'x-tessera-key': s.t.publishableKey, origin: s.t.origin },
    }).then((r) => r.json() as Promise<{ uploads: Record<string, unknown> }>)
    assert.deepEqual(config.uploads, {
      contentTypes: ['image/png'],
      maxBytes: 1024 * 1024,
      maxRasterBytes: 1024 * 1024,
      maxFiles: 2,
      retentionHours: 24,
    })

    const dicom = await send(s, Buffer.from(syntheticDicom()), 'application/dicom')
    assert.equal(dicom.status, 415)
    const big = makePng({ size: 64, trailer: 'x'.repeat(1024 * 1024) })
    const declared = await send(s, big)
    assert.equal(declared.status, 413)
    assert.match(((await declared.json()) as { detail: string }).detail, /at most 1 MB/)
    // Without a Content-Length the limit is enforced while the bytes arrive.
    const streamed = await fetch(`${base()}/v1/widget/me/uploads`, {
      method: 'POST',
      headers: {
        'content-type': 'image/png',
        'x-tessera-key': s.t.publishableKey,
        origin: s.t.origin,
        authorization: `Bearer ${s.session}`,
      },
      body: Readable.toWeb(
        Readable.from([big.subarray(0, 600_000), big.subarray(600_000)])
      ) as ReadableStream,
      duplex: 'half',
    } as RequestInit)
    assert.equal(streamed.status, 413)

    const first = (await (await send(s, png('a'))).json()) as { id: string }
    assert.equal((await send(s, png('b'))).status, 201)
    const third = await send(s, png('c'))
    assert.equal(third.status, 422)
    const problem = (await third.json()) as { type: string; errors: Array<{ field: string; rule: string }> }
    assert.equal(problem.type, 'https://tessera.dev/problems/upload-limit')
    assert.deepEqual(problem.errors[0], { ...problem.errors[0]!, field: 'body', rule: 'maxFiles' })
    const removed = await fetch(`${base()}/v1/widget/me/uploads/${first.id}`, {
      method: 'DELETE',
      headers: {
        'x-tessera-key': s.t.publishableKey,
        origin: s.t.origin,
        authorization: `Bearer ${s.session}`,
      },
    })
    assert.equal(removed.status, 204)
    assert.equal((await send(s, png('c'))).status, 201, 'room again once one is deleted')
    const stored = await db.from('uploads').where('tenant_id', s.t.tenant.id).where('status', 'stored')
    assert.lengthOf(stored, 2)
  })

  test('a DICOM cut off inside its pixels is refused after streaming began, and nothing is kept', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const whole = Buffer.from(syntheticDicom())
    const response = await send(s, whole.subarray(0, whole.length - 40), 'application/dicom')
    assert.equal(response.status, 422)
    const problem = (await response.json()) as { errors: Array<{ field: string; message: string }> }
    assert.equal(problem.errors[0]!.field, 'body')
    assert.match(problem.errors[0]!.message, /ends 40 bytes early/)
    const rows = await db.from('uploads').where('tenant_id', s.t.tenant.id)
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].status, 'purged')
    assert.isNull(rows[0].wrapped_key)
    const left = await drive
      .use()
      .listAll(`uploads/${s.t.tenant.publicId}`)
      .then((l) => [...l.objects])
      .catch(() => [])
    assert.lengthOf(left, 0)
  })

  test('after expiry nothing is left: the purge job, the sweeper, and a copied ciphertext cannot be decrypted', async ({
    client,
    assert,
  }) => {
    const s = await member(client, true, { settings: { imageRetentionHours: 12 } })
    const response = await send(s, png('SECRET-PIXELS'))
    const { id, expiresAt } = (await response.json()) as { id: string; expiresAt: string }
    assert.equal(
      expiresAt,
      new Date(T0.getTime() + 12 * HOUR).toISOString(),
      'the tenant setting decides (≤ 24 h)'
    )
    const row = await withTenant(s.t.tenant.id, () => Upload.findByOrFail('public_id', id))
    const copy = Buffer.from(await drive.use().getBytes(row.storageKey))
    const job = await queue('purge').getJob(`purge-${id}`)
    assert.isDefined(job, 'a purge job waits for expires_at')
    assert.equal(job!.opts.delay, 12 * HOUR)

    // An hour before expiry nothing happens; at expiry plus one sweeper interval everything is gone.
    clock.freeze(new Date(T0.getTime() + 11 * HOUR))
    const uploads = await app.container.make(UploadService)
    assert.equal(await uploads.sweep(), 0)
    clock.freeze(new Date(T0.getTime() + 12 * HOUR + 60_000))
    assert.equal(await uploads.sweep(), 1)

    const after = await withTenant(s.t.tenant.id, () => Upload.findByOrFail('public_id', id))
    assert.equal(after.status, 'purged')
    assert.isNull(after.wrappedKey)
    assert.isFalse(await drive.use().exists(row.storageKey))
    assert.isUndefined(await queue('purge').getJob(`purge-${id}`), 'no queue payload left')
    assert.equal((await get(s, `/${id}/content`)).status, 410)
    assert.lengthOf(((await (await get(s, '')).json()) as { data: unknown[] }).data, 0)

    // The copy taken before the purge is ciphertext whose key no longer exists anywhere.
    const attempt = new Promise<Buffer>((resolve, reject) => {
      const d = new DecryptStream(Buffer.alloc(32))
      const parts: Buffer[] = []
      d.on('data', (c) => parts.push(c))
        .on('end', () => resolve(Buffer.concat(parts)))
        .on('error', reject)
      Readable.from([copy]).pipe(d)
    })
    await assert.rejects(() => attempt)
    const stats = await db.from('upload_stats').where('tenant_id', s.t.tenant.id)
    assert.lengthOf(stats, 1)
    assert.equal(stats[0].purged, 1)
    assert.equal(stats[0].max_lateness_seconds, 60)
    assert.notProperty(stats[0], 'member_id')
  })

  test('a member may delete an image early; erasing the member purges their images', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const first = (await (await send(s, png('one'))).json()) as { id: string }
    const second = (await (await send(s, png('two'))).json()) as { id: string }
    const del = await fetch(`${base()}/v1/widget/me/uploads/${first.id}`, {
      method: 'DELETE',
      headers: {
        'x-tessera-key': s.t.publishableKey,
        origin: s.t.origin,
        authorization: `Bearer ${s.session}`,
      },
    })
    assert.equal(del.status, 204)
    const { default: ErasureService } = await import('#privacy_requests/erasure_service')
    await withTenant(s.t.tenant.id, () => new ErasureService().erase(s.member))
    const rows = await db.from('uploads').whereIn('public_id', [first.id, second.id])
    assert.isTrue(rows.every((r) => r.status === 'purged' && r.wrapped_key === null && r.member_id === null))
  })

  test('resumable (tus): a broken-off upload resumes from the server offset and is stored like any other', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const image = makePng({
      size: 128,
      extraChunks: [pngChunk('tEXt', Buffer.from('Author\0Dr Kim', 'latin1'))],
    })
    const headers = {
      'x-tessera-key': s.t.publishableKey,
      origin: s.t.origin,
      authorization: `Bearer ${s.session}`,
      'tus-resumable': '1.0.0',
    }
    const created = await fetch(`${base()}/v1/widget/me/tus`, {
      method: 'POST',
      headers: {
        ...headers,
        'upload-length': String(image.length),
        'upload-metadata': `filetype ${Buffer.from('image/png').toString('base64')},filename ${Buffer.from('kim.png').toString('base64')}`,
      },
    })
    assert.equal(created.status, 201)
    const location = created.headers.get('location')!
    assert.match(location, /\/v1\/widget\/me\/tus\/tus_/)

    const half = Math.floor(image.length / 2)
    const first = await fetch(location, {
      method: 'PATCH',
      headers: { ...headers, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: image.subarray(0, half),
    })
    assert.equal(first.status, 204)
    // The connection dropped here; the client asks where to continue.
    const head = await fetch(location, { method: 'HEAD', headers })
    assert.equal(head.headers.get('upload-offset'), String(half))

    const other = await member(client)
    const stranger = await fetch(location.replace(s.t.origin, s.t.origin), {
      method: 'HEAD',
      headers: {
        ...headers,
        authorization: `Bearer ${other.session}`,
        'x-tessera-key': other.t.publishableKey,
        origin: other.t.origin,
      },
    })
    assert.equal(stranger.status, 404, "another tenant's member cannot see or continue it")

    const rest = await fetch(location, {
      method: 'PATCH',
      headers: {
        ...headers,
        'upload-offset': String(half),
        'content-type': 'application/offset+octet-stream',
      },
      body: image.subarray(half),
    })
    assert.equal(rest.status, 204)
    const id = rest.headers.get('tessera-upload-id')!
    assert.match(id, /^up_/)
    const stored = Buffer.from(await (await get(s, `/${id}/content`)).arrayBuffer())
    assert.notInclude(stored.toString('latin1'), 'Dr Kim', 'metadata stripped')
    assert.notInclude(
      JSON.stringify(await db.from('uploads').where('tenant_id', s.t.tenant.id)),
      'kim.png',
      'no file name kept'
    )

    const noConsent = await member(client, false)
    const refused = await fetch(`${base()}/v1/widget/me/tus`, {
      method: 'POST',
      headers: {
        'x-tessera-key': noConsent.t.publishableKey,
        origin: noConsent.t.origin,
        authorization: `Bearer ${noConsent.session}`,
        'tus-resumable': '1.0.0',
        'upload-length': '100',
        'upload-metadata': `filetype ${Buffer.from('image/png').toString('base64')}`,
      },
    })
    assert.equal(refused.status, 409)
    assert.include(await refused.text(), 'consent-required')
  })

  test('an unfinished resumable upload is kept 24 hours by the clock, then the sweep removes it', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const headers = {
      'x-tessera-key': s.t.publishableKey,
      origin: s.t.origin,
      authorization: `Bearer ${s.session}`,
      'tus-resumable': '1.0.0',
    }
    const created = await fetch(`${base()}/v1/widget/me/tus`, {
      method: 'POST',
      headers: {
        ...headers,
        'upload-length': '4096',
        'upload-metadata': `filetype ${Buffer.from('image/png').toString('base64')}`,
      },
    })
    assert.equal(created.status, 201)
    const location = created.headers.get('location')!
    const part = await fetch(location, {
      method: 'PATCH',
      headers: { ...headers, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: new Uint8Array(1000),
    })
    assert.equal(part.status, 204)
    const { default: processMaintenance } = await import('#privacy_requests/maintenance_processor')
    const sweep = () => processMaintenance({ name: 'retention-sweep' } as never)

    clock.advance(24 * HOUR - 60_000)
    assert.equal(((await sweep()) as { partials: number }).partials, 0)
    const kept = await fetch(location, { method: 'HEAD', headers })
    assert.equal(kept.status, 200, 'a minute before 24 hours it is still there')
    assert.equal(kept.headers.get('upload-offset'), '1000')

    clock.advance(60_000)
    assert.isAtLeast(((await sweep()) as { partials: number }).partials, 1)
    assert.equal((await fetch(location, { method: 'HEAD', headers })).status, 404, 'gone at 24 hours')
    const resumed = await fetch(location, {
      method: 'PATCH',
      headers: { ...headers, 'upload-offset': '1000', 'content-type': 'application/offset+octet-stream' },
      body: new Uint8Array(3096),
    })
    assert.equal(resumed.status, 404, 'and it cannot be continued')
  })

  test('staff see an image only with a stated reason, and every view is audited', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const { id } = (await (await send(s, png('audit'))).json()) as { id: string }
    const auth = { authorization: `Bearer ${s.t.secretKey}` }
    const noReason = await fetch(`${base()}/v1/admin/uploads/${id}/content`, { headers: auth })
    assert.equal(noReason.status, 422)
    const seen = await fetch(
      `${base()}/v1/admin/uploads/${id}/content?reason=member%20asked%20for%20a%20second%20look`,
      { headers: auth }
    )
    assert.equal(seen.status, 200)
    assert.equal(seen.headers.get('cache-control'), 'no-store')
    const audit = await db.from('audit_events').where({ tenant_id: s.t.tenant.id, action: 'upload.viewed' })
    assert.lengthOf(audit, 1)
    assert.equal(audit[0].subject_id, id)
    assert.equal(audit[0].reason, 'member asked for a second look')
    const other = await member(client)
    const foreign = await fetch(`${base()}/v1/admin/uploads/${id}/content?reason=curious%20about%20it`, {
      headers: { authorization: `Bearer ${other.t.secretKey}` },
    })
    assert.equal(foreign.status, 404)
  })

  test('fuzz: two thousand mutated DICOM uploads never give a 5xx; rejections are problem+json; nothing unreadable is kept', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const original = Buffer.from(syntheticDicom())
    let seed = 0x2f6b1d
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed / 0x7fffffff
    }
    const statuses = new Map<number, number>()
    for (let i = 0; i < 2000; i++) {
      const mutated = Buffer.from(original)
      const flips = 1 + Math.floor(random() * 8)
      for (let f = 0; f < flips; f++)
        mutated[132 + Math.floor(random() * (mutated.length - 132))] = Math.floor(random() * 256)
      const body =
        random() < 0.2 ? mutated.subarray(0, 132 + Math.floor(random() * (mutated.length - 132))) : mutated
      const response = await send(s, body, 'application/dicom')
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
      assert.isBelow(response.status, 500, `mutation ${i}`)
      if (response.status >= 400)
        assert.include(response.headers.get('content-type') ?? '', 'application/problem+json')
      else await response.arrayBuffer()
    }
    assert.isAbove(statuses.get(422) ?? 0, 0, 'some mutations are refused')
    const rows = await db.from('uploads').where('tenant_id', s.t.tenant.id)
    assert.isTrue(
      rows.every(
        (r) => (r.status === 'stored' && r.wrapped_key) || (r.status === 'purged' && r.wrapped_key === null)
      )
    )
  }).timeout(120_000)
})
