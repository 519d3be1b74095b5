import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import app from '@adonisjs/core/services/app'
import type { ApiClient } from '@japa/api-client'
import clock from '#shared/clock'
import { isolateEachTest, withWorkers } from '#tests/support/groups'
import { tenantWithPolicy, type TestTenant } from '#tests/support/policies'
import { withTenant } from '#tenancy/tenant_context'
import Tenant from '#tenancy/tenant'
import type Member from '#members/member'
import MemberService from '#members/member_service'
import { emailLookupHash } from '#members/personal_data'
import ConsentService from '#consent/consent_service'
import ErasureService from '#privacy_requests/erasure_service'
import PrivacyRequestService from '#privacy_requests/request_service'
import UsageService from '#lifecycle/usage_service'
import StatisticsService from '#lifecycle/statistics_service'
import ace from '@adonisjs/core/services/ace'
import StatisticsAggregate from '#commands/statistics_aggregate'

const T0 = new Date('2026-07-06T03:00:00.000Z')
const DAY_KST = '2026-07-06'

const PEOPLE = [
  { first: 'Seo-yeon', last: 'Baek', company: 'Ilsan Clinic', ip: '192.0.2.41' },
  { first: 'Do-hyun', last: 'Nam', company: 'Jeju Radiology', ip: '192.0.2.42' },
  { first: 'Ha-eun', last: 'Ryu', company: 'Sejong Imaging', ip: '192.0.2.43' },
]

async function populate(client: ApiClient) {
  const { t } = await tenantWithPolicy(client, T0)
  const consent = await app.container.make(ConsentService)
  const members: Array<{ member: Member; email: string } & (typeof PEOPLE)[number]> = []
  await withTenant(t.tenant.id, async () => {
    for (const [i, p] of PEOPLE.entries()) {
      const email = `${p.first.toLowerCase()}.${Math.random().toString(36).slice(2)}@example.com`
      const member = await new MemberService().create({
        email,
        firstName: p.first,
        lastName: p.last,
        company: p.company,
        nationality: 'KR',
        locale: 'ko',
      })
      await consent.decide(
        member,
        [
          { purpose: 'image_analysis', action: 'grant' },
          { purpose: 'marketing', action: i === 0 ? 'grant' : 'deny' },
        ],
        'registration',
        { ip: p.ip, userAgent: 'Test', gpc: false, locale: 'ko' }
      )
      await new UsageService().record(member, 'sign_in', p.ip)
      await new UsageService().record(member, 'view', p.ip)
      await db.table('uploads').insert({
        tenant_id: t.tenant.id,
        member_id: member.id,
        public_id: `up_stat${i}${Math.random().toString(36).slice(2, 10)}`,
        content_type: 'application/dicom',
        storage_key: `uploads/${member.publicId}/x`,
        status: 'stored',
        uploaded_at: '2026-07-06 03:00:00',
        expires_at: '2026-07-07 03:00:00',
      })
      members.push({ member, email, ...p })
    }
    const requests = await app.container.make(PrivacyRequestService)
    await requests.open({
      tenant: t.tenant,
      member: members[1]!.member,
      type: 'access',
      channel: 'widget',
      identityMethod: 'session',
      actor: { type: 'member', id: members[1]!.member.publicId },
    })
  })
  return { t, members }
}

async function adminToken(client: ApiClient, t: TestTenant, role: string) {
  const email = `${role}.${Math.random().toString(36).slice(2)}@stats.example`
  const owner = await client.post('/v1/admin/sessions').json({
    tenant: t.tenant.publicId,
    email: t.owner.email,
    password: t.owner.password,
  })
  owner.assertStatus(201)
  ;(
    await client
      .post('/v1/admin/admins')
      .header('authorization', `Bearer ${owner.body().token}`)
      .json({ email, fullName: `A ${role}`, role, password: `${role}-password-1` })
  ).assertStatus(201)
  const session = await client
    .post('/v1/admin/sessions')
    .json({ tenant: t.tenant.publicId, email, password: `${role}-password-1` })
  session.assertStatus(201)
  return { authorization: `Bearer ${session.body().token}` }
}

test.group('Statistics and records of processing', (group) => {
  withWorkers(group, ['mail'])
  isolateEachTest(group, T0)

  test('daily statistics count without identifiers, leave restricted members out and stay after members are gone', async ({
    client,
    assert,
  }) => {
    const { t, members } = await populate(client)
    const tenant = await Tenant.findOrFail(t.tenant.id)
    const stats = new StatisticsService()
    // Ha-eun restricts processing: she is left out of the figures from now on.
    await withTenant(t.tenant.id, async () => {
      members[2]!.member.status = 'restricted'
      await members[2]!.member.save()
    })
    assert.isAbove(await stats.aggregate(tenant, DAY_KST), 0)
    const value = async (metric: string, dimension = '') =>
      Number(
        (
          await db
            .from('statistics_daily')
            .where({ tenant_id: t.tenant.id, day: DAY_KST, metric, dimension })
            .first()
        )?.value ?? 0
      )
    assert.equal(await value('uploads', 'application/dicom'), 2)
    assert.equal(await value('consents', 'image_analysis:grant'), 2)
    assert.equal(await value('consents', 'marketing:grant'), 1)
    assert.equal(await value('consents', 'marketing:deny'), 1)
    assert.equal(await value('active_members'), 2)
    assert.equal(await value('usage', 'view'), 2)
    assert.equal(await value('requests_received', 'access'), 1)
    assert.equal(await value('requests_resolved', 'access:completed'), 1)

    // No identifier in any row: no member column at all, and no value names anyone.
    const columns = (
      await db.rawQuery(
        "SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'statistics_daily'"
      )
    )[0] as Array<{ c: string }>
    assert.sameMembers(
      columns.map((c) => c.c),
      ['id', 'tenant_id', 'day', 'metric', 'dimension', 'value']
    )
    const rows = await db.from('statistics_daily').where('tenant_id', t.tenant.id)
    const json = await client
      .get(`/v1/admin/statistics?from=${DAY_KST}&to=${DAY_KST}`)
      .header('authorization', `Bearer ${t.secretKey}`)
    json.assertStatus(200)
    const csv = await client
      .get(`/v1/admin/statistics?from=${DAY_KST}&to=${DAY_KST}&format=csv`)
      .header('authorization', `Bearer ${t.secretKey}`)
    csv.assertStatus(200)
    assert.include(csv.header('content-type'), 'text/csv')
    assert.match(csv.text(), /^day,metric,dimension,value\r\n/)
    assert.include(csv.text(), `${DAY_KST},consents,image_analysis:grant,2`)
    const haystacks = [JSON.stringify(rows), JSON.stringify(json.body()), csv.text()]
    for (const m of members) {
      for (const needle of [
        m.email,
        m.first,
        m.last,
        m.company,
        m.ip,
        m.member.publicId,
        emailLookupHash(m.email),
      ]) {
        for (const haystack of haystacks) assert.notInclude(haystack, needle)
      }
    }
    for (const row of rows) {
      assert.notMatch(String(row.dimension), /@|mb_|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/)
    }

    // Kept after the members are gone.
    await withTenant(t.tenant.id, async () => {
      for (const m of members) await new ErasureService().erase(m.member)
    })
    assert.lengthOf(await db.from('statistics_daily').where('tenant_id', t.tenant.id), rows.length)
  }).timeout(60_000)

  test('statistics:aggregate computes a given day of every tenant now, and refuses a day that is not one', async ({
    client,
    assert,
  }) => {
    const { t } = await populate(client)
    const auth = { authorization: `Bearer ${t.secretKey}` }
    const before = await client.get(`/v1/admin/statistics?from=${DAY_KST}&to=${DAY_KST}`).headers(auth)
    assert.deepEqual(before.body().data, [])
    ace.ui.switchMode('raw')
    try {
      const command = await ace.create(StatisticsAggregate, [`--day=${DAY_KST}`])
      await command.exec()
      assert.equal(command.exitCode ?? 0, 0)
      const refused = await ace.create(StatisticsAggregate, ['--day=2026-07-6'])
      await refused.exec()
      assert.equal(refused.exitCode, 1)
    } finally {
      ace.ui.switchMode('normal')
    }
    const after = await client.get(`/v1/admin/statistics?from=${DAY_KST}&to=${DAY_KST}`).headers(auth)
    const value = (metric: string, dimension: string) =>
      after
        .body()
        .data.find(
          (r: { metric: string; dimension: string }) => r.metric === metric && r.dimension === dimension
        )?.value
    assert.equal(value('uploads', 'application/dicom'), 3)
    assert.equal(value('requests_received', 'access'), 1)
  }).timeout(60_000)

  test('analysts may read statistics and the records of processing, not usage records; bad ranges are refused', async ({
    client,
    assert,
  }) => {
    const { t, members } = await populate(client)
    const analyst = await adminToken(client, t, 'analyst')
    const read = await client.get('/v1/admin/statistics').headers(analyst)
    read.assertStatus(200)
    assert.isArray(read.body().data)
    ;(await client.get('/v1/admin/records-of-processing').headers(analyst)).assertStatus(200)
    ;(
      await client
        .get(`/v1/admin/members/${members[0]!.member.publicId}/usage-records?reason=Looking%20around`)
        .headers(analyst)
    ).assertStatus(403)
    const auth = { authorization: `Bearer ${t.secretKey}` }
    for (const qs of [
      'from=2026-07-10&to=2026-07-01',
      'from=2020-01-01&to=2026-01-01',
      'format=xml',
      'to=yesterday',
    ]) {
      ;(await client.get(`/v1/admin/statistics?${qs}`).headers(auth)).assertStatus(422)
    }
    ;(
      await client.get('/v1/admin/members/mb_nobody/usage-records?reason=Checking%20a%20report').headers(auth)
    ).assertStatus(404)
  }).timeout(60_000)

  test('records of processing come from the policy in effect, in JSON and HTML, in step with the published text', async ({
    client,
    assert,
  }) => {
    const { t } = await tenantWithPolicy(client, T0)
    const auth = { authorization: `Bearer ${t.secretKey}` }
    const json = await client.get('/v1/admin/records-of-processing').headers(auth)
    json.assertStatus(200)
    const body = json.body()
    assert.equal(body.format, 'tessera-records-of-processing/1')
    assert.isNotNull(body.policy.version)
    assert.includeMembers(
      body.activities.map((a: { purpose: string }) => a.purpose),
      ['account', 'image_analysis', 'marketing', 'improvement', 'security', 'support']
    )
    const imaging = body.activities.find((a: { purpose: string }) => a.purpose === 'image_analysis')
    assert.equal(imaging.lawfulBasis, 'consent')
    assert.isTrue(imaging.specialCategory)
    assert.deepEqual(body.recipients, [])
    assert.deepEqual(body.processors, [])
    assert.isNotEmpty(body.safetyMeasures.technical)
    assert.deepEqual(body.settingsDrift, [])
    const dormant = body.retention.find((r: { key: string }) => r.key === 'dormant')
    assert.include(dormant.period, '365 days')

    // Same words as the published policy page.
    const page = await client.get(`/policy/${t.tenant.publicId}?lang=en`)
    page.assertStatus(200)
    for (const r of body.retention as Array<{ period: string; label: string }>) {
      assert.include(page.text(), r.period)
      assert.include(page.text(), r.label)
    }
    const html = await client.get('/v1/admin/records-of-processing?format=html&locale=ko').headers(auth)
    html.assertStatus(200)
    assert.include(html.header('content-type'), 'text/html')
    assert.include(html.text(), '개인정보 처리 활동 기록')
    assert.include(html.text(), '<table')

    // A setting changed after publication is named until a new version is published.
    ;(
      await client
        .patch('/v1/admin/tenant')
        .headers(auth)
        .json({ settings: { dormancyDays: 400 } })
    ).assertStatus(200)
    const drifted = (await client.get('/v1/admin/records-of-processing').headers(auth)).body()
    assert.include(
      drifted.settingsDrift.map((c: { name: string }) => c.name),
      'dormancyDays'
    )
    // The record says what members were told until the new version is published.
    assert.include(drifted.retention.find((r: { key: string }) => r.key === 'dormant').period, '365 days')
    clock.reset()
  }).timeout(60_000)
})
