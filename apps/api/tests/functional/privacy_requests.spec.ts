import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import clock from '#shared/clock'
import { inbox } from '#tests/support/smtp'
import { isolateEachTest, withWorkers } from '#tests/support/groups'
import { tenantWithPolicy, type TestTenant } from '#tests/support/policies'
import { withTenant } from '#tenancy/tenant_context'
import Member from '#members/member'
import MemberService from '#members/member_service'
import MemberTokensService from '#members/member_tokens_service'
import { emailLookupHash } from '#members/personal_data'
import ConsentService from '#consent/consent_service'
import RestrictionGuard, { PROCESSORS } from '#privacy_requests/restriction_guard'
import ReminderService from '#privacy_requests/reminder_service'
import { queue } from '#queue/queues'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'

const T0 = new Date('2026-07-06T03:00:00.000Z')
const DAY = 86_400_000

type Signed = { t: TestTenant; member: Member; session: string; auth: { authorization: string } }

/** A verified member with a session, registered with consent through the service layer. */
async function member(
  client: ApiClient,
  overrides: Parameters<typeof tenantWithPolicy>[2] = {},
  profile: Partial<{ nationality: string; locale: string }> = {}
): Promise<Signed> {
  const { t } = await tenantWithPolicy(client, T0, overrides)
  const consent = await app.container.make(ConsentService)
  const m = await withTenant(t.tenant.id, async () => {
    const created = await new MemberService().create({
      email: `ji-woo.${Math.random().toString(36).slice(2)}@example.com`,
      firstName: 'Ji-woo',
      lastName: 'Yoon',
      company: 'Gangnam Radiology',
      nationality: profile.nationality ?? 'KR',
      locale: profile.locale ?? 'en',
    })
    await consent.decide(
      created,
      [
        { purpose: 'image_analysis', action: 'grant' },
        { purpose: 'marketing', action: 'grant' },
      ],
      'registration',
      { ip: '203.0.113.7', userAgent: 'Test', gpc: false, locale: 'en' }
    )
    return created
  })
  const session = await withTenant(t.tenant.id, () => new MemberTokensService().issue(m, 'session'))
  return { t, member: m, session, auth: { authorization: `Bearer ${t.secretKey}` } }
}

function w(client: ApiClient, s: Signed) {
  const h = <R extends ReturnType<ApiClient['get']>>(r: R): R =>
    r
      .header('x-tessera-key', s.t.publishableKey)
      .header('origin', s.t.origin)
      .header('authorization', `Bearer ${s.session}`)
  return {
    get: (path: string) => h(client.get(`/v1/widget${path}`)),
    post: (path: string, body: object) => h(client.post(`/v1/widget${path}`).json(body)),
  }
}

const reload = (s: Signed) => withTenant(s.t.tenant.id, () => Member.find(s.member.id))

test.group('Privacy requests from the privacy center', (group) => {
  withWorkers(group, ['mail'])
  isolateEachTest(group, T0)

  test('access and export complete at once; the export validates against the schema; CSV is safe for spreadsheets', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const access = await w(client, s).post('/me/requests', { type: 'access' })
    access.assertStatus(201)
    assert.equal(access.body().status, 'completed')
    const data = await w(client, s).get('/me/data')
    assert.equal(data.body().data.profile.email, s.member.email)
    assert.lengthOf(data.body().data.consents, 2)
    assert.isNull(data.body().restriction)
    assert.include(
      data.body().authorities.map((a: { url: string }) => a.url),
      'https://www.pipc.go.kr'
    )

    const json = await w(client, s).get('/me/export?format=json')
    const schema = (await client.get('/v1/schemas/member-export.json')).body()
    const ajv = new Ajv2020({ allErrors: true })
    addFormats.default(ajv)
    assert.isTrue(ajv.validate(schema, json.body()), JSON.stringify(ajv.errors))

    await withTenant(s.t.tenant.id, async () => {
      s.member.company = '=HYPERLINK("http://evil.example","click")'
      await s.member.save()
    })
    const csv = await w(client, s).get('/me/export?format=csv')
    assert.include(csv.header('content-type'), 'text/csv')
    assert.match(csv.text(), /^section,field,value\r\n/)
    assert.include(csv.text(), `profile,company,"'=HYPERLINK(""http://evil.example"",""click"")"`)
    ;(await w(client, s).get('/me/export?format=xml')).assertStatus(422)
    await inbox.waitFor((m) => m.envelopeTo.includes(s.member.email) && /done/.test(String(m.parsed.subject)))
  })

  test('the export of a member with thousands of events is streamed and still valid', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const consent = await app.container.make(ConsentService)
    await withTenant(s.t.tenant.id, async () => {
      for (let i = 0; i < 30; i++) {
        const actions = Array.from({ length: 100 }, (_, j) => ({
          purpose: 'marketing',
          action: (i + j) % 2 ? ('grant' as const) : ('withdraw' as const),
        }))
        await consent.decide(s.member, actions, 'widget', {
          ip: null,
          userAgent: null,
          gpc: false,
          locale: 'en',
        })
      }
    })
    const json = await w(client, s).get('/me/export?format=json')
    json.assertStatus(200)
    const doc = JSON.parse(json.text())
    assert.lengthOf(doc.data.consents, 3002)
    assert.deepEqual(
      doc.data.consents.map((e: { seq: number }) => e.seq),
      [...doc.data.consents.map((e: { seq: number }) => e.seq)].sort((a: number, b: number) => a - b)
    )
    const schema = (await client.get('/v1/schemas/member-export.json')).body()
    const ajv = new Ajv2020({ allErrors: true })
    addFormats.default(ajv)
    assert.isTrue(ajv.validate(schema, doc), JSON.stringify(ajv.errors?.slice(0, 3)))
    const csv = await w(client, s).get('/me/export?format=csv')
    assert.equal(
      csv
        .text()
        .split('\r\n')
        .filter((l) => l.startsWith('consents,3001.action,')).length,
      1
    )
  }).timeout(60_000)

  test('rectify: restricted while open, corrections applied when completed, mails at each step', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const opened = await w(client, s).post('/me/requests', {
      type: 'rectify',
      corrections: { lastName: 'Yun', company: 'Seocho Imaging' },
    })
    opened.assertStatus(201)
    assert.equal(opened.body().status, 'received')
    assert.equal(opened.body().dueAt, '2026-07-16T14:59:59.999Z', 'Korea: ten days, end of day in Seoul')
    await inbox.waitFor(
      (m) =>
        m.envelopeTo.includes(s.member.email) && /We received your request/.test(String(m.parsed.subject))
    )

    const guard = new RestrictionGuard()
    assert.match(
      String(await withTenant(s.t.tenant.id, () => guard.reason(s.member))),
      /rectify request is open/
    )
    const data = await w(client, s).get('/me/data')
    assert.match(data.body().restriction, /rectify/)

    const done = await client
      .post(`/v1/admin/requests/${opened.body().id}/complete`)
      .headers(s.auth)
      .json({ response: 'Corrected.' })
    done.assertStatus(200)
    const after = (await reload(s))!
    assert.equal(after.lastName, 'Yun')
    assert.equal(after.company, 'Seocho Imaging')
    assert.isNull(await withTenant(s.t.tenant.id, () => guard.reason(after)))
    await inbox.waitFor((m) => m.envelopeTo.includes(s.member.email) && /done/.test(String(m.parsed.subject)))
    ;(
      await client.post(`/v1/admin/requests/${opened.body().id}/complete`).headers(s.auth).json({})
    ).assertStatus(409)
  })

  test('bad corrections are refused with the field at fault and open nothing', async ({ client, assert }) => {
    const s = await member(client)
    for (const [body, field] of [
      [{ type: 'rectify' }, 'corrections'],
      [{ type: 'rectify', corrections: {} }, 'corrections'],
      [{ type: 'rectify', corrections: { nationality: 'ZZ' } }, 'corrections.nationality'],
      [{ type: 'rectify', corrections: { firstName: '<img src=x>' } }, 'corrections.firstName'],
      [{ type: 'rectify', corrections: { firstName: 'x'.repeat(5000) } }, 'corrections.firstName'],
      [{ type: 'withdraw_consent', purpose: 'telepathy' }, 'purpose'],
      [{ type: 'teleport' }, 'type'],
      [{ type: 'inquiry' }, 'subject'],
    ] as const) {
      const response = await w(client, s).post('/me/requests', body)
      response.assertStatus(422)
      assert.include(
        response.body().errors.map((e: { field: string }) => e.field),
        field,
        JSON.stringify(body).slice(0, 60)
      )
    }
    assert.lengthOf(await db.from('privacy_requests').where('tenant_id', s.t.tenant.id), 0)
  })

  test('erase: a second one while open is refused; completing it leaves no trace of the member', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const email = s.member.email
    const opened = await w(client, s).post('/me/requests', { type: 'erase' })
    opened.assertStatus(201)
    ;(await w(client, s).post('/me/requests', { type: 'erase' })).assertStatus(409)

    const needles = [email, 'Ji-woo', 'Yoon', 'Gangnam Radiology', emailLookupHash(email), '203.0.113.7']
    const scan = async () => {
      const tables = (
        await db.rawQuery(
          'SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()'
        )
      )[0] as Array<{ t: string; c: string }>
      const hits: string[] = []
      for (const { t, c } of tables) {
        for (const needle of needles) {
          const rows = await db
            .from(t)
            .whereRaw(`CAST(?? AS CHAR) LIKE ?`, [c, `%${needle}%`])
            .limit(1)
          if (rows.length) hits.push(`${t}.${c}: ${needle}`)
        }
      }
      return hits
    }
    assert.isNotEmpty(
      await scan(),
      'before erasure the scan finds the lookup hash and the IP (the scanner works)'
    )

    const done = await client.post(`/v1/admin/requests/${opened.body().id}/complete`).headers(s.auth).json({})
    done.assertStatus(200)
    await inbox.waitFor((m) => m.envelopeTo.includes(email) && /done/.test(String(m.parsed.subject)))
    assert.deepEqual(await scan(), [])
    // The object storage folder too (uploads and derived files will live there).
    const root = app.makePath(process.env.DRIVE_FS_ROOT ?? 'tmp/storage')
    const files = await readdir(root, { recursive: true }).catch(() => [] as string[])
    for (const file of files) {
      const content = await readFile(join(root, String(file))).catch(() => Buffer.alloc(0))
      for (const needle of needles) assert.notInclude(content.toString('latin1'), needle, String(file))
    }
    assert.isNull(await reload(s))
    ;(await w(client, s).get('/me')).assertStatus(401)
    const verify = await client.get('/v1/admin/consent/verify').headers(s.auth)
    assert.isTrue(verify.body().ok, 'the consent chain still verifies after erasure')
  }).timeout(60_000)

  test('restrict, object and withdraw; the guard stops every processor while restricted', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const consent = await app.container.make(ConsentService)

    const objectMarketing = await w(client, s).post('/me/requests', { type: 'object', purpose: 'marketing' })
    assert.equal(
      objectMarketing.body().status,
      'completed',
      'objection to marketing is absolute and immediate'
    )
    await assert.rejects(
      () => withTenant(s.t.tenant.id, () => consent.assertAllowed(s.member, 'marketing')),
      /has not consented/
    )

    const withdraw = await w(client, s).post('/me/requests', {
      type: 'withdraw_consent',
      purpose: 'image_analysis',
    })
    assert.equal(withdraw.body().status, 'completed')
    await assert.rejects(
      () => withTenant(s.t.tenant.id, () => consent.assertAllowed(s.member, 'image_analysis')),
      /has not consented/
    )

    const objectStats = await w(client, s).post('/me/requests', { type: 'object', purpose: 'improvement' })
    assert.equal(
      objectStats.body().status,
      'received',
      'objection to a legitimate interest is weighed by staff'
    )

    const restrict = await w(client, s).post('/me/requests', { type: 'restrict' })
    const guard = new RestrictionGuard()
    for (const processor of PROCESSORS) {
      await assert.rejects(
        () => withTenant(s.t.tenant.id, () => guard.assertMayProcess(s.member, processor)),
        new RegExp(`${processor}: a restrict request is open`)
      )
    }
    await client
      .post(`/v1/admin/requests/${restrict.body().id}/complete`)
      .headers(s.auth)
      .json({})
      .then((r) => r.assertStatus(200))
    const after = (await reload(s))!
    assert.equal(after.status, 'restricted')
    await assert.rejects(
      () => withTenant(s.t.tenant.id, () => guard.assertMayProcess(after, 'inference')),
      /restricted processing/
    )
  })

  test('statistics leave out members whose data may not be used', async ({ client, assert }) => {
    const s = await member(client)
    const stats = async () =>
      (await client.get('/v1/admin/consent/stats').headers(s.auth))
        .body()
        .data.filter((r: { target: { key: string } }) => r.target.key === 'image_analysis')
    assert.lengthOf(await stats(), 1)
    await w(client, s).post('/me/requests', { type: 'rectify', corrections: { company: 'New Co' } })
    assert.lengthOf(await stats(), 0)
  })

  test('human review and inquiries: the officer gets the message; rejection says why and where to complain', async ({
    client,
    assert,
  }) => {
    const s = await member(client, {
      officer: { name: 'Da-eun Han', department: 'Privacy', email: 'dpo@hanul.example' },
    })
    const inquiry = await w(client, s).post('/me/requests', {
      type: 'inquiry',
      subject: 'Who sees my images?',
      message: 'Please tell me who can open my uploads.',
      kind: 'complaint',
    })
    inquiry.assertStatus(201)
    const toOfficer = await inbox.waitFor((m) => m.envelopeTo.includes('dpo@hanul.example'))
    assert.match(String(toOfficer.parsed.subject), /Complaint pr_/)
    assert.include(String(toOfficer.parsed.text), 'Please tell me who can open my uploads.')

    const review = await w(client, s).post('/me/requests', {
      type: 'human_review',
      reference: 'analysis an_123',
      message: 'The mask looks wrong.',
    })
    const rejected = await client
      .post(`/v1/admin/requests/${review.body().id}/reject`)
      .headers(s.auth)
      .json({ reason: 'The analysis was already deleted after 24 hours.' })
    rejected.assertStatus(200)
    const mail = await inbox.waitFor(
      (m) => m.envelopeTo.includes(s.member.email) && /could not/.test(String(m.parsed.subject))
    )
    assert.include(String(mail.parsed.text), 'The analysis was already deleted after 24 hours.')
    assert.include(String(mail.parsed.text), 'https://www.pipc.go.kr')
  })
})

test.group('Privacy requests: admin channel, deadlines and the inbox', (group) => {
  withWorkers(group, ['mail', 'maintenance'])
  isolateEachTest(group, T0)

  test('a letter request is recorded, its identity checked, then completed', async ({ client, assert }) => {
    const s = await member(client)
    const recorded = await client.post('/v1/admin/requests').headers(s.auth).json({
      memberEmail: s.member.email,
      type: 'access',
      channel: 'letter',
      receivedAt: '2026-07-03T00:00:00Z',
    })
    recorded.assertStatus(201)
    assert.equal(recorded.body().status, 'identity_unverified')
    assert.equal(recorded.body().member, s.member.publicId)
    ;(
      await client.post(`/v1/admin/requests/${recorded.body().id}/complete`).headers(s.auth).json({})
    ).assertStatus(409)
    ;(
      await client
        .post(`/v1/admin/requests/${recorded.body().id}/verify-identity`)
        .headers(s.auth)
        .json({ method: 'Copy of ID card checked against the account name' })
    ).assertStatus(200)
    ;(
      await client
        .post(`/v1/admin/requests/${recorded.body().id}/complete`)
        .headers(s.auth)
        .json({ response: 'Printed copy sent by post.' })
    ).assertStatus(200)
    const shown = await client.get(`/v1/admin/requests/${recorded.body().id}`).headers(s.auth)
    assert.equal(shown.body().identityMethod, 'Copy of ID card checked against the account name')
    const audit = await db
      .from('audit_events')
      .where('tenant_id', s.t.tenant.id)
      .where('action', 'request.viewed')
    assert.lengthOf(audit, 1)
  })

  test('deadlines: EU one month for an EU tenant, extension with a reason before the deadline only', async ({
    client,
    assert,
  }) => {
    const s = await member(
      client,
      { country: 'DE', settings: { timeZone: 'Europe/Berlin' } },
      { nationality: 'DE' }
    )
    const opened = await w(client, s).post('/me/requests', { type: 'human_review', reference: 'an_1' })
    assert.equal(opened.body().dueAt, '2026-08-06T21:59:59.999Z')
    const noReason = await client
      .post(`/v1/admin/requests/${opened.body().id}/extend`)
      .headers(s.auth)
      .json({ reason: 'busy' })
    noReason.assertStatus(422)
    const extended = await client
      .post(`/v1/admin/requests/${opened.body().id}/extend`)
      .headers(s.auth)
      .json({ reason: 'We need to retrieve archived analysis logs.' })
    extended.assertStatus(200)
    assert.equal(extended.body().status, 'extended')
    assert.equal(extended.body().dueAt, '2026-10-06T21:59:59.999Z')
    await inbox.waitFor(
      (m) => m.envelopeTo.includes(s.member.email) && /more time/.test(String(m.parsed.subject))
    )

    const late = await w(client, s).post('/me/requests', { type: 'human_review', reference: 'an_2' })
    clock.freeze(new Date(T0.getTime() + 40 * DAY))
    const tooLate = await client
      .post(`/v1/admin/requests/${late.body().id}/extend`)
      .headers(s.auth)
      .json({ reason: 'We need to retrieve archived analysis logs.' })
    tooLate.assertStatus(422)
    assert.equal(tooLate.body().errors[0].rule, 'after_deadline')
  })

  test('a Korean tenant cannot extend; an EU national there still gets the earlier Korean date', async ({
    client,
    assert,
  }) => {
    const s = await member(client, {}, { nationality: 'FR' })
    const opened = await w(client, s).post('/me/requests', { type: 'human_review', reference: 'an_1' })
    assert.equal(opened.body().dueAt, '2026-07-16T14:59:59.999Z')
    const refused = await client
      .post(`/v1/admin/requests/${opened.body().id}/extend`)
      .headers(s.auth)
      .json({ reason: 'We need to retrieve archived analysis logs.' })
    refused.assertStatus(422)
    assert.equal(refused.body().errors[0].rule, 'not_extendable')
  })

  test('the inbox shows overdue and due-soon requests; other tenants see none of them', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const other = await member(client)
    const a = await w(client, s).post('/me/requests', { type: 'human_review', reference: 'an_1' })
    clock.freeze(new Date(T0.getTime() + 8 * DAY))
    const soon = await client.get('/v1/admin/requests?due=soon').headers(s.auth)
    assert.deepEqual(
      soon.body().data.map((r: { id: string }) => r.id),
      [a.body().id]
    )
    assert.isTrue(soon.body().data[0].dueSoon)
    clock.freeze(new Date(T0.getTime() + 11 * DAY))
    const overdue = await client.get('/v1/admin/requests?due=overdue').headers(s.auth)
    assert.isTrue(overdue.body().data[0].overdue)
    assert.lengthOf((await client.get('/v1/admin/requests').headers(other.auth)).body().data, 0)
    ;(await client.get(`/v1/admin/requests/${a.body().id}`).headers(other.auth)).assertStatus(404)
    ;(
      await client.post(`/v1/admin/requests/${a.body().id}/complete`).headers(other.auth).json({})
    ).assertStatus(404)
  })

  test('the inbox filters by type, pages, and says which requests may still be extended', async ({
    client,
    assert,
  }) => {
    const s = await member(
      client,
      { country: 'DE', settings: { timeZone: 'Europe/Berlin' } },
      { nationality: 'DE' }
    )
    const review = await w(client, s).post('/me/requests', { type: 'human_review', reference: 'an_1' })
    const inquiry = await w(client, s).post('/me/requests', { type: 'inquiry', subject: 'Which data?' })
    const third = await w(client, s).post('/me/requests', { type: 'human_review', reference: 'an_2' })
    const onlyReviews = await client.get('/v1/admin/requests?type=human_review').headers(s.auth)
    assert.deepEqual(
      onlyReviews.body().data.map((r: { id: string }) => r.id),
      [review.body().id, third.body().id]
    )
    assert.deepEqual(onlyReviews.body().data[0].regimes, ['eu'])
    assert.isTrue(onlyReviews.body().data[0].extendable)
    const first = await client.get('/v1/admin/requests?perPage=2&page=1').headers(s.auth)
    const second = await client.get('/v1/admin/requests?perPage=2&page=2').headers(s.auth)
    assert.deepEqual(first.body().meta, { total: 3, page: 1, perPage: 2, lastPage: 2 })
    assert.deepEqual(
      [...first.body().data, ...second.body().data].map((r: { id: string }) => r.id).sort(),
      [review.body().id, inquiry.body().id, third.body().id].sort()
    )
    ;(await client.get('/v1/admin/requests?type=everything').headers(s.auth)).assertStatus(422)
    ;(await client.get('/v1/admin/requests?perPage=1000').headers(s.auth)).assertStatus(422)

    await client
      .post(`/v1/admin/requests/${review.body().id}/extend`)
      .headers(s.auth)
      .json({ reason: 'We need to retrieve archived analysis logs.' })
    const again = await client
      .post(`/v1/admin/requests/${review.body().id}/extend`)
      .headers(s.auth)
      .json({ reason: 'Still retrieving the archived analysis logs.' })
    again.assertStatus(409)
    const listed = await client.get('/v1/admin/requests?type=human_review').headers(s.auth)
    assert.isFalse(listed.body().data.find((r: { id: string }) => r.id === review.body().id).extendable)

    const korean = await member(client)
    await w(client, korean).post('/me/requests', { type: 'human_review', reference: 'an_3' })
    const kr = await client.get('/v1/admin/requests').headers(korean.auth)
    assert.deepEqual(kr.body().data[0].regimes, ['kr'])
    assert.isFalse(kr.body().data[0].extendable)
  })

  test('acknowledge, then complete once: a second completion (another admin) is a 409; the history shows each step', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const recorded = await client.post('/v1/admin/requests').headers(s.auth).json({
      memberEmail: s.member.email,
      type: 'human_review',
      channel: 'email',
      receivedAt: '2026-07-05T09:00:00Z',
    })
    const id = recorded.body().id
    const early = await client.post(`/v1/admin/requests/${id}/acknowledge`).headers(s.auth)
    early.assertStatus(409)
    assert.match(early.body().detail, /identity/i)
    await client
      .post(`/v1/admin/requests/${id}/verify-identity`)
      .headers(s.auth)
      .json({ method: 'Replied from the registered address' })
    const acknowledged = await client.post(`/v1/admin/requests/${id}/acknowledge`).headers(s.auth)
    acknowledged.assertStatus(200)
    assert.equal(acknowledged.body().status, 'in_progress')
    ;(await client.post(`/v1/admin/requests/${id}/acknowledge`).headers(s.auth)).assertStatus(409)
    ;(
      await client.post(`/v1/admin/requests/${id}/reject`).headers(s.auth).json({ reason: '  ' })
    ).assertStatus(422)
    ;(
      await client.post(`/v1/admin/requests/${id}/complete`).headers(s.auth).json({ response: 'Reviewed.' })
    ).assertStatus(200)
    const twice = await client
      .post(`/v1/admin/requests/${id}/complete`)
      .headers(s.auth)
      .json({ response: 'Reviewed again.' })
    twice.assertStatus(409)
    assert.match(twice.body().type, /request-closed/)
    const shown = await client.get(`/v1/admin/requests/${id}`).headers(s.auth)
    assert.equal(shown.body().member, s.member.publicId)
    assert.equal(shown.body().status, 'completed')
    assert.equal(shown.body().response, 'Reviewed.')
    assert.deepEqual(
      shown.body().history.map((h: { action: string }) => h.action),
      [
        'request.human_review.opened',
        'request.identity_verified',
        'request.acknowledged',
        'request.human_review.completed',
      ]
    )
  })

  test('two admins completing and rejecting the same request at once: one wins, the other gets a 409', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const opened = await w(client, s).post('/me/requests', {
      type: 'rectify',
      corrections: { company: 'Race Co' },
    })
    const id = opened.body().id
    const answers = await Promise.all([
      client.post(`/v1/admin/requests/${id}/complete`).headers(s.auth).json({ response: 'Done.' }),
      client.post(`/v1/admin/requests/${id}/reject`).headers(s.auth).json({ reason: 'Not ours.' }),
      client.post(`/v1/admin/requests/${id}/complete`).headers(s.auth).json({ response: 'Done too.' }),
    ])
    assert.deepEqual(answers.map((a) => a.status()).sort(), [200, 409, 409])
    const winner = answers.find((a) => a.status() === 200)!
    const shown = await client.get(`/v1/admin/requests/${id}`).headers(s.auth)
    assert.equal(shown.body().status, winner.body().status)
    const closings = await db
      .from('audit_events')
      .where('tenant_id', s.t.tenant.id)
      .whereIn('action', ['request.rectify.completed', 'request.rejected'])
    assert.lengthOf(closings, 1, 'carried out once')
  })

  test('a request cannot be recorded as received in the future; an unknown address opens one without a member', async ({
    client,
    assert,
  }) => {
    const s = await member(client)
    const future = await client.post('/v1/admin/requests').headers(s.auth).json({
      memberEmail: s.member.email,
      type: 'access',
      channel: 'letter',
      receivedAt: '2026-07-07T00:00:00Z',
    })
    future.assertStatus(422)
    assert.equal(future.body().errors[0].field, 'receivedAt')
    const stranger = await client.post('/v1/admin/requests').headers(s.auth).json({
      memberEmail: 'nobody@example.org',
      type: 'access',
      channel: 'letter',
      identityMethod: 'Signed letter with ID copy',
    })
    stranger.assertStatus(201)
    assert.isNull(stranger.body().member)
    assert.isNull(
      (await client.get(`/v1/admin/requests/${stranger.body().id}`).headers(s.auth)).body().member
    )
  })

  test('the officer gets one daily digest of overdue and due-soon requests, none when nothing is due', async ({
    client,
    assert,
  }) => {
    const s = await member(client, {
      officer: { name: 'Bo-ra Jang', department: 'Privacy', email: 'dpo@digest.example' },
    })
    const reminders = new ReminderService()
    assert.isFalse(await reminders.send(s.t.tenant.id), 'nothing open yet')
    await w(client, s).post('/me/requests', { type: 'human_review', reference: 'an_1' })
    await w(client, s).post('/me/requests', { type: 'rectify', corrections: { company: 'Digest Co' } })
    assert.isFalse(await reminders.send(s.t.tenant.id), 'ten days ahead: not due soon')
    clock.freeze(new Date(T0.getTime() + 8 * DAY))
    // Through the scheduled job on the maintenance queue, as the daily scheduler runs it.
    await queue('maintenance').add('request-reminders', {})
    const digest = await inbox.waitFor(
      (m) => m.envelopeTo.includes('dpo@digest.example') && /Privacy requests/.test(String(m.parsed.subject))
    )
    assert.equal(digest.parsed.subject, '[Privacy requests] 0 overdue, 2 due within 3 days')
    assert.include(String(digest.parsed.text), 'human_review')
    clock.freeze(new Date(T0.getTime() + 8 * DAY + 3600_000))
    await reminders.send(s.t.tenant.id)
    await new Promise((r) => setTimeout(r, 700))
    assert.lengthOf(
      inbox.messages.filter(
        (m) =>
          m.envelopeTo.includes('dpo@digest.example') && /Privacy requests/.test(String(m.parsed.subject))
      ),
      1,
      'once a day'
    )
  }).timeout(30_000)
})
