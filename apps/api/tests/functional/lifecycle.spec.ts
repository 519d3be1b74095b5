import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import app from '@adonisjs/core/services/app'
import type { ApiClient } from '@japa/api-client'
import { DateTime } from 'luxon'
import clock from '#shared/clock'
import { inbox } from '#tests/support/smtp'
import { isolateEachTest, withWorkers } from '#tests/support/groups'
import { tenantWithPolicy, type TestTenant } from '#tests/support/policies'
import { withTenant } from '#tenancy/tenant_context'
import Tenant from '#tenancy/tenant'
import Member from '#members/member'
import MemberService from '#members/member_service'
import MemberTokensService from '#members/member_tokens_service'
import { emailLookupHash } from '#members/personal_data'
import ConsentService from '#consent/consent_service'
import RestrictionGuard from '#privacy_requests/restriction_guard'
import Audience from '#newsletters/audience'
import DormancyService from '#lifecycle/dormancy_service'
import UsageService from '#lifecycle/usage_service'
import StatisticsService from '#lifecycle/statistics_service'

const T0 = new Date('2026-07-06T03:00:00.000Z')
const DAY = 86_400_000
const SECOND = 1000

type Person = { t: TestTenant; member: Member; session: string; email: string }

/** A tenant with a policy, and a member with a full profile, last active at `activeAt`. */
async function person(
  client: ApiClient,
  overrides: Parameters<typeof tenantWithPolicy>[2] = {},
  activeAt = T0
) {
  const { t, firstId } = await tenantWithPolicy(client, T0, overrides)
  return { t, policyVersion: firstId, ...(await addMember(t, activeAt)) }
}

async function addMember(t: TestTenant, activeAt = T0, locale = 'en'): Promise<Omit<Person, 't'>> {
  const email = `min-jun.${Math.random().toString(36).slice(2)}@example.com`
  const member = await withTenant(t.tenant.id, async () => {
    const m = await new MemberService().create({
      email,
      firstName: 'Min-jun',
      lastName: 'Kwon',
      company: 'Haeundae Imaging',
      nationality: 'KR',
      locale,
    })
    await (
      await app.container.make(ConsentService)
    ).decide(m, [{ purpose: 'image_analysis', action: 'grant' }], 'registration', {
      ip: '198.51.100.23',
      userAgent: 'Test',
      gpc: false,
      locale: 'en',
    })
    const previous = clock.now()
    clock.freeze(activeAt)
    await new UsageService().record(m, 'sign_in', '198.51.100.23')
    clock.freeze(previous)
    return m
  })
  const session = await withTenant(t.tenant.id, () => new MemberTokensService().issue(member, 'session'))
  return { member, session, email }
}

async function run(t: TestTenant) {
  const tenant = await Tenant.findOrFail(t.tenant.id)
  return (await app.container.make(DormancyService)).runTenant(tenant)
}

const reload = (p: { t: TestTenant; member: Member }) =>
  withTenant(p.t.tenant.id, () => Member.find(p.member.id))

function widget(client: ApiClient, t: TestTenant, session?: string) {
  const h = <R extends ReturnType<ApiClient['get']>>(r: R): R => {
    r.header('x-tessera-key', t.publishableKey).header('origin', t.origin)
    if (session) r.header('authorization', `Bearer ${session}`)
    return r
  }
  return {
    get: (path: string) => h(client.get(`/v1/widget${path}`)),
    post: (path: string, body: object) => h(client.post(`/v1/widget${path}`).json(body)),
  }
}

const tokenIn = (text: string) => /tessera-sign-in=(ml_[A-Za-z0-9]+)/.exec(text)?.[1] ?? null

/** Every table and column of the database, searched for each needle. */
async function scan(needles: string[]) {
  const columns = (
    await db.rawQuery(
      'SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()'
    )
  )[0] as Array<{ t: string; c: string }>
  const hits: string[] = []
  for (const { t, c } of columns) {
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

test.group('Lifecycle: usage records', (group) => {
  withWorkers(group, ['mail'])
  isolateEachTest(group, T0)

  test('member actions are recorded with IP and time and feed last_active_at; staff reads are audited with a reason', async ({
    client,
    assert,
  }) => {
    const p = await person(client)
    clock.freeze(new Date(T0.getTime() + 2 * DAY))
    ;(await widget(client, p.t, p.session).get('/me/data')).assertStatus(200)
    ;(await widget(client, p.t, p.session).post('/consents', { decisions: [] })).status()
    ;(await widget(client, p.t, p.session).get('/me')).assertStatus(200)

    const after = (await reload(p))!
    assert.equal(after.lastActiveAt!.toMillis(), T0.getTime() + 2 * DAY)
    const auth = { authorization: `Bearer ${p.t.secretKey}` }
    const url = `/v1/admin/members/${p.member.publicId}/usage-records`
    ;(await client.get(url).headers(auth)).assertStatus(422)
    const read = await client
      .get(`${url}?reason=${encodeURIComponent('Investigating a misuse report')}`)
      .headers(auth)
    read.assertStatus(200)
    const actions = read.body().data.map((e: { action: string }) => e.action)
    assert.deepEqual(actions.slice(-1), ['sign_in'])
    assert.include(actions, 'view')
    assert.equal(read.body().data.at(-1).ip, '198.51.100.23')
    assert.equal(read.body().retentionDays, 365)
    // The IP is encrypted at rest.
    const raw = await db.from('usage_events').where('member_id', p.member.id)
    assert.isAbove(raw.length, 1)
    for (const r of raw) assert.notInclude(String(r.ip_encrypted), '198.51.100')
    const audited = await db
      .from('audit_events')
      .where({ tenant_id: p.t.tenant.id, action: 'member.usage_records_read', subject_id: p.member.publicId })
    assert.lengthOf(audited, 1)
    assert.equal(audited[0].reason, 'Investigating a misuse report')
  })

  test('usage records older than the tenant retention are deleted by the daily pass', async ({
    client,
    assert,
  }) => {
    const p = await person(client, { settings: { usageRecordDays: 90, dormancyEnabled: false } })
    clock.freeze(new Date(T0.getTime() + 90 * DAY - SECOND))
    assert.equal((await run(p.t)).usagePurged, 0)
    clock.freeze(new Date(T0.getTime() + 90 * DAY + SECOND))
    assert.equal((await run(p.t)).usagePurged, 1)
    assert.lengthOf(await db.from('usage_events').where('member_id', p.member.id), 0)
  })
})

test.group('Lifecycle: dormancy', (group) => {
  withWorkers(group, ['mail'])
  isolateEachTest(group, T0)

  test('notice once at threshold − lead time, separation at the threshold, processors ignore the member, sign-in restores it', async ({
    client,
    assert,
  }) => {
    const p = await person(client)
    const at = (days: number, ms = 0) => clock.freeze(new Date(T0.getTime() + days * DAY + ms))

    at(335, -SECOND)
    assert.equal((await run(p.t)).noticed, 0)
    at(335)
    assert.equal((await run(p.t)).noticed, 1)
    const notice = await inbox.waitFor((m) => m.envelopeTo.includes(p.email))
    assert.match(String(notice.parsed.subject), /put aside/)
    assert.include(String(notice.parsed.text), 'not advertising')
    assert.notInclude(String(notice.parsed.subject), '광고')
    at(336)
    assert.equal((await run(p.t)).noticed, 0, 'the notice goes once')
    at(365, -SECOND)
    assert.deepInclude(await run(p.t), { noticed: 0, separated: 0 })
    await new Promise((r) => setTimeout(r, 300))
    assert.lengthOf(
      inbox.messages.filter((m) => m.envelopeTo.includes(p.email)),
      1,
      'one notice in the mailbox'
    )

    at(365)
    assert.equal((await run(p.t)).separated, 1)
    const row = (await db.from('members').where('id', p.member.id).first())!
    assert.equal(row.status, 'dormant')
    assert.equal(row.email_encrypted, '')
    assert.isNull(row.first_name_encrypted)
    assert.isNull(row.company_encrypted)
    const stored = (await db.from('dormant_members').where('member_id', p.member.id).first())!
    for (const needle of [p.email, 'Min-jun', 'Kwon', 'Haeundae', '198.51.100.23'])
      assert.notInclude(String(stored.payload_encrypted), needle, 'the separate store is encrypted')
    assert.lengthOf(await db.from('usage_events').where('member_id', p.member.id), 0)

    // Every processor leaves the member alone; the old session is gone.
    ;(await widget(client, p.t, p.session).get('/me')).assertStatus(401)
    const dormant = (await reload(p))!
    assert.isNull(dormant.email)
    await withTenant(p.t.tenant.id, async () => {
      const guard = new RestrictionGuard()
      for (const processor of ['inference', 'newsletter', 'statistics'] as const) {
        await assert.rejects(() => guard.assertMayProcess(dormant, processor))
      }
      assert.isNotNull(await new Audience().reason(dormant))
      assert.notInclude(
        (await new Audience().batch(0, 100)).map((r) => r.memberId),
        dormant.id
      )
      assert.isTrue((await guard.restrictedMemberIds()).has(dormant.id))
    })
    // Statistics of the day leave the dormant member's consent out.
    await withTenant(p.t.tenant.id, async () => {
      await (
        await app.container.make(ConsentService)
      ).decide((await Member.find(p.member.id))!, [{ purpose: 'marketing', action: 'grant' }], 'admin', {
        ip: null,
        userAgent: null,
        gpc: false,
        locale: 'en',
      })
    })
    const stats = new StatisticsService()
    const tenant = await Tenant.findOrFail(p.t.tenant.id)
    await stats.aggregate(tenant, DateTime.fromJSDate(clock.now(), { zone: 'Asia/Seoul' }).toISODate()!)
    assert.lengthOf(
      await db.from('statistics_daily').where({ tenant_id: p.t.tenant.id, metric: 'consents' }),
      0
    )

    // Signing in again: a link to the address kept in the separate store restores the account.
    at(400)
    inbox.clear()
    ;(
      await widget(client, p.t).post('/sessions/link', { email: p.email, returnUrl: `${p.t.origin}/account` })
    ).assertStatus(202)
    const linkMail = await inbox.waitFor((m) => m.envelopeTo.includes(p.email))
    assert.match(String(linkMail.parsed.subject), /restore/i)
    const token = tokenIn(String(linkMail.parsed.text))!
    assert.isNotNull(token)
    const signedIn = await widget(client, p.t).post('/sessions', { token })
    signedIn.assertStatus(201)
    assert.isTrue(signedIn.body().restored)
    assert.equal(signedIn.body().member.email, p.email)
    assert.equal(signedIn.body().member.status, 'active')
    await inbox.waitFor((m) => m.envelopeTo.includes(p.email) && /is back/.test(String(m.parsed.subject)))
    const back = (await reload(p))!
    assert.equal(back.lastName, 'Kwon')
    assert.equal(back.status, 'active')
    assert.lengthOf(await db.from('dormant_members').where('member_id', p.member.id), 0)
    ;(await widget(client, p.t, signedIn.body().session).get('/me')).assertStatus(200)
    // The link works once.
    ;(await widget(client, p.t).post('/sessions', { token })).assertStatus(410)
    // A new inactivity period starts from the restore: no notice for a while.
    at(400 + 300)
    assert.equal((await run(p.t)).noticed, 0)
    at(400 + 335)
    assert.equal((await run(p.t)).noticed, 1)
  }).timeout(60_000)

  test('destruction after the period leaves nothing of the member; a restore link used after it is refused', async ({
    client,
    assert,
  }) => {
    const p = await person(client)
    const other = await addMember(p.t)
    const at = (days: number) => clock.freeze(new Date(T0.getTime() + days * DAY))
    at(335)
    await run(p.t)
    at(365)
    assert.equal((await run(p.t)).separated, 2)
    at(370)
    ;(
      await widget(client, p.t).post('/sessions/link', { email: p.email, returnUrl: `${p.t.origin}/account` })
    ).assertStatus(202)
    const linkMail = await inbox.waitFor(
      (m) => m.envelopeTo.includes(p.email) && /restore/i.test(String(m.parsed.subject))
    )
    const token = tokenIn(String(linkMail.parsed.text))!
    assert.isNotNull(token)

    const needles = [
      p.email,
      'Min-jun',
      'Kwon',
      'Haeundae Imaging',
      emailLookupHash(p.email),
      '198.51.100.23',
    ]
    assert.isNotEmpty(await scan(needles), 'the scanner finds the member before destruction')
    clock.freeze(new Date(T0.getTime() + 365 * DAY + DAY * 365 * 4 - DAY))
    assert.equal((await run(p.t)).destroyed, 0)
    clock.freeze(DateTime.fromJSDate(T0).plus({ days: 365 }).toUTC().plus({ years: 4 }).toJSDate())
    assert.equal((await run(p.t)).destroyed, 2)
    assert.deepEqual(await scan([...needles, other.email, emailLookupHash(other.email)]), [])
    // The member's ids: only the pseudonymous consent proof (hash-chained) still carries the public id.
    const idHits = (await scan([p.member.publicId])).filter((h) => !h.startsWith('consent_events.subject_id'))
    assert.deepEqual(idHits, [])
    for (const table of ['members', 'dormant_members', 'usage_events', 'member_tokens']) {
      const column = table === 'members' ? 'id' : 'member_id'
      assert.lengthOf(await db.from(table).where(column, p.member.id), 0, table)
    }
    ;(await widget(client, p.t).post('/sessions', { token })).assertStatus(410)
    const verify = await client
      .get('/v1/admin/consent/verify')
      .header('authorization', `Bearer ${p.t.secretKey}`)
    assert.isTrue(verify.body().ok, 'the consent chain still verifies')
  }).timeout(60_000)

  test('boundaries: active exactly at the threshold, clocks across time zones and DST', async ({
    client,
    assert,
  }) => {
    // New York changes clocks on 2027-03-14; Seoul does not. Days are 24-hour spans from an instant.
    const lastSeen = new Date('2026-03-14T06:30:00.000Z')
    for (const timeZone of ['America/New_York', 'Asia/Seoul', 'Europe/Berlin']) {
      const p = await person(client, { settings: { timeZone } }, lastSeen)
      const plus = (days: number, ms = 0) => clock.freeze(new Date(lastSeen.getTime() + days * DAY + ms))
      plus(335)
      assert.equal((await run(p.t)).noticed, 1, timeZone)
      // Active again exactly at the threshold: the period starts over, nothing moves.
      const resumed = await addMember(p.t, lastSeen)
      plus(365)
      await withTenant(p.t.tenant.id, async () =>
        new UsageService().record((await Member.find(resumed.member.id))!, 'view', null)
      )
      plus(365, -1)
      assert.equal((await run(p.t)).separated, 0, `${timeZone}: one millisecond early`)
      plus(365)
      const report = await run(p.t)
      assert.equal(report.separated, 1, `${timeZone}: exactly at the threshold`)
      assert.equal((await reload(p))!.status, 'dormant')
      assert.equal((await reload({ t: p.t, member: resumed.member }))!.status, 'active')
      clock.freeze(T0)
    }
  }).timeout(60_000)

  test('a late notice still gives the full lead time before separation', async ({ client, assert }) => {
    const p = await person(client, { settings: { dormancyEnabled: false } })
    clock.freeze(new Date(T0.getTime() + 500 * DAY))
    assert.equal((await run(p.t)).noticed, 0)
    await Tenant.query()
      .where('id', p.t.tenant.id)
      .update({ settings: JSON.stringify({ ...p.t.tenant.settings, dormancyEnabled: true }) })
    assert.deepInclude(await run(p.t), { noticed: 1, separated: 0 })
    clock.freeze(new Date(T0.getTime() + 529 * DAY))
    assert.equal((await run(p.t)).separated, 0)
    clock.freeze(new Date(T0.getTime() + 530 * DAY))
    assert.equal((await run(p.t)).separated, 1)
  })

  test('turning dormancy off for one tenant stops the job for that tenant only', async ({
    client,
    assert,
  }) => {
    const on = await person(client)
    const off = await person(client, { settings: { dormancyEnabled: false } })
    clock.freeze(new Date(T0.getTime() + 335 * DAY))
    const reports = await (await app.container.make(DormancyService)).runAll()
    const of = (t: TestTenant) => reports.find((r) => r.tenant === t.tenant.publicId)!
    assert.equal(of(on.t).noticed, 1)
    assert.deepInclude(of(off.t), { noticed: 0, skipped: 'dormancy-off' })
    clock.freeze(new Date(T0.getTime() + 365 * DAY))
    await (await app.container.make(DormancyService)).runAll()
    assert.equal((await reload(on))!.status, 'dormant')
    assert.equal((await reload(off))!.status, 'active')
    assert.equal((await reload(off))!.email, off.email)
  })

  test('a dormant member is still answered: a request by letter, a correction, registering again sends the restore link', async ({
    client,
    assert,
  }) => {
    const p = await person(client)
    clock.freeze(new Date(T0.getTime() + 335 * DAY))
    await run(p.t)
    clock.freeze(new Date(T0.getTime() + 365 * DAY))
    await run(p.t)
    inbox.clear()
    const auth = { authorization: `Bearer ${p.t.secretKey}` }
    const opened = await client.post('/v1/admin/requests').headers(auth).json({
      memberEmail: p.email,
      type: 'access',
      channel: 'letter',
    })
    opened.assertStatus(201)
    assert.equal(opened.body().member, p.member.publicId)
    ;(
      await client
        .post(`/v1/admin/requests/${opened.body().id}/verify-identity`)
        .headers(auth)
        .json({ method: 'Signed letter checked against the account' })
    ).assertStatus(200)
    ;(
      await client.post(`/v1/admin/requests/${opened.body().id}/complete`).headers(auth).json({})
    ).assertStatus(200)
    await inbox.waitFor((m) => m.envelopeTo.includes(p.email) && /done/.test(String(m.parsed.subject)))

    // A restriction by e-mail: made in the separate store; the account stays dormant.
    const restrict = await client.post('/v1/admin/requests').headers(auth).json({
      memberEmail: p.email,
      type: 'restrict',
      channel: 'email',
      identityMethod: 'Reply from the registered address',
    })
    restrict.assertStatus(201)
    ;(
      await client.post(`/v1/admin/requests/${restrict.body().id}/complete`).headers(auth).json({})
    ).assertStatus(200)
    const still = (await reload(p))!
    assert.equal(still.status, 'dormant', 'answering does not restore the account')
    assert.isNull(still.company)
    assert.equal(
      (await db.from('dormant_members').where('member_id', p.member.id).first())!.previous_status,
      'restricted'
    )
    const exported = await withTenant(p.t.tenant.id, async () => {
      const { MEMBER_DATA_SOURCES } = await import('#privacy_requests/member_data')
      const profile = MEMBER_DATA_SOURCES.find((s) => s.key === 'profile')!
      return profile.export((await Member.find(p.member.id))!) as Promise<{ company: string; email: string }>
    })
    assert.equal(exported.company, 'Haeundae Imaging')
    assert.equal(exported.email, p.email)
    assert.isNull((await reload(p))!.company, 'the export read the store without writing it back')

    inbox.clear()
    ;(
      await widget(client, p.t).post('/members', {
        firstName: 'Min-jun',
        lastName: 'Kwon',
        nationality: 'KR',
        email: p.email,
        locale: 'en',
        policyVersion: p.policyVersion,
        returnUrl: `${p.t.origin}/join`,
        consents: [],
      })
    ).assertStatus(202)
    const mail = await inbox.waitFor(
      (m) => m.envelopeTo.includes(p.email) && /restore/i.test(String(m.parsed.subject))
    )
    assert.isNotNull(tokenIn(String(mail.parsed.text)))
    assert.equal((await reload(p))!.status, 'dormant')
  }).timeout(60_000)
})
