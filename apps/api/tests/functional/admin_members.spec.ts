import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import type { ApiClient } from '@japa/api-client'
import { DateTime } from 'luxon'
import { isolateEachTest } from '#tests/support/groups'
import { tenantWithPolicy, type TestTenant } from '#tests/support/policies'
import { memberFetch } from '#tests/support/members'
import { withTenant } from '#tenancy/tenant_context'
import Tenant from '#tenancy/tenant'
import MemberService from '#members/member_service'
import MemberTokensService from '#members/member_tokens_service'
import Member from '#members/member'
import ConsentService from '#consent/consent_service'
import DormancyService from '#lifecycle/dormancy_service'
import UsageService from '#lifecycle/usage_service'
import AuditEvent from '#audit/audit_event'
import Upload from '#uploads/upload'
import Admin from '#tenancy/admin'

const T0 = new Date('2026-11-02T01:00:00.000Z')

type Clinic = { t: TestTenant; owner: string; member: Member; email: string; session: string }

/** A tenant with a policy in effect, its owner signed in, and one member with a profile and a consent. */
async function clinic(client: ApiClient): Promise<Clinic> {
  const { t } = await tenantWithPolicy(client, T0)
  const email = `Seo-yeon.${Math.random().toString(36).slice(2)}@Example.com`
  const member = await withTenant(t.tenant.id, async () => {
    const m = await new MemberService().create({
      email,
      firstName: 'Seo-yeon',
      lastName: 'Park',
      company: 'Busan Imaging',
      nationality: 'KR',
      locale: 'ko',
    })
    await (
      await app.container.make(ConsentService)
    ).decide(m, [{ purpose: 'image_analysis', action: 'grant' }], 'registration', {
      ip: '198.51.100.7',
      userAgent: 'Test',
      gpc: false,
      locale: 'en',
    })
    return m
  })
  const session = await withTenant(t.tenant.id, () => new MemberTokensService().issue(member, 'session'))
  return { t, owner: await token(client, t, t.owner.email, t.owner.password), member, email, session }
}

async function token(client: ApiClient, t: TestTenant, email: string, password: string) {
  const response = await client
    .post('/v1/admin/sessions')
    .json({ tenant: t.tenant.publicId, email, password })
  response.assertStatus(201)
  return response.body().token as string
}

/** Adds a staff account with `role` (as the owner) and signs it in. */
async function staff(client: ApiClient, c: Clinic, role: string) {
  const email = `${role}.${Math.random().toString(36).slice(2)}@clinic.example`
  const password = `${role}-password-long-enough`
  ;(
    await client
      .post('/v1/admin/admins')
      .header('authorization', `Bearer ${c.owner}`)
      .json({ email, fullName: `A ${role}`, role, password })
  ).assertStatus(201)
  return token(client, c.t, email, password)
}

const ownerId = (c: Clinic) =>
  withTenant(c.t.tenant.id, async () => (await Admin.findByOrFail('role', 'owner')).publicId)

const search = (client: ApiClient, bearer: string, qs: Record<string, string | number | undefined>) =>
  client.get('/v1/admin/members').qs(qs).header('authorization', `Bearer ${bearer}`)
const profile = (client: ApiClient, bearer: string, id: string, qs = {}) =>
  client
    .get(`/v1/admin/members/${encodeURIComponent(id)}`)
    .qs(qs)
    .header('authorization', `Bearer ${bearer}`)

const auditRows = (t: TestTenant, action: string) =>
  withTenant(t.tenant.id, () => AuditEvent.query().where('action', action).orderBy('id', 'asc'))

test.group('Admin members: search', (group) => {
  isolateEachTest(group, T0)

  test('an exact e-mail (any case, spaces around) or member id finds the member; hits hold no personal data', async ({
    client,
    assert,
  }) => {
    const c = await clinic(client)
    const byEmail = await search(client, c.owner, { q: `  ${c.email.toUpperCase()} ` })
    byEmail.assertStatus(200)
    assert.equal(byEmail.body().kind, 'email')
    assert.equal(byEmail.header('cache-control'), 'no-store')
    assert.deepEqual(byEmail.body().meta, { page: 1, perPage: 20, total: 1 })
    assert.deepEqual(byEmail.body().data, [
      {
        id: c.member.publicId,
        status: 'active',
        createdAt: c.member.createdAt.toUTC().startOf('second').toISO(),
        lastActiveAt: null,
      },
    ])
    const raw = JSON.stringify(byEmail.body())
    for (const secret of ['Seo-yeon', 'Park', 'Busan', c.email.toLowerCase()]) assert.notInclude(raw, secret)

    const byId = await search(client, c.owner, { q: c.member.publicId })
    byId.assertStatus(200)
    assert.equal(byId.body().kind, 'id')
    assert.equal(byId.body().data[0].id, c.member.publicId)

    // Part of an address is not a search: substring matching over encrypted data is not offered.
    const partial = await search(client, c.owner, { q: c.email.slice(0, 8) })
    partial.assertStatus(422)
    assert.equal(partial.body().errors[0].field, 'q')

    const nobody = await search(client, c.owner, { q: 'nobody@example.com' })
    nobody.assertStatus(200)
    assert.deepEqual(nobody.body().data, [])
    assert.equal(nobody.body().meta.total, 0)
  })

  test('every search is audited with the actor and the kind of query, never the address', async ({
    client,
    assert,
  }) => {
    const c = await clinic(client)
    ;(await search(client, c.owner, { q: c.email })).assertStatus(200)
    ;(await search(client, c.owner, { q: 'nobody@example.com' })).assertStatus(200)
    ;(await search(client, c.t.secretKey, { q: c.member.publicId })).assertStatus(200)

    const rows = await auditRows(c.t, 'member.searched')
    assert.lengthOf(rows, 3)
    assert.equal(rows[0]!.actorType, 'admin')
    assert.equal(rows[0]!.actorId, await ownerId(c))
    assert.deepEqual(rows[0]!.metadata, { kind: 'email', results: 1 })
    assert.equal(rows[0]!.subjectId, c.member.publicId)
    assert.deepEqual(rows[1]!.metadata, { kind: 'email', results: 0 })
    assert.isNull(rows[1]!.subjectId)
    assert.equal(rows[2]!.actorType, 'api_key')
    assert.deepEqual(rows[2]!.metadata, { kind: 'id', results: 1 })
    const everything = JSON.stringify(rows.map((r) => r.serialize()))
    assert.notInclude(everything.toLowerCase(), c.email.toLowerCase())
    assert.notInclude(everything, 'nobody@example.com')
    assert.notInclude(everything, 'Seo-yeon')
  })

  test('bad queries are 422 on q, never a 500: empty, missing, HTML, huge, bad paging', async ({
    client,
    assert,
  }) => {
    const c = await clinic(client)
    for (const qs of [
      { q: '' },
      {},
      { q: '   ' },
      { q: '<img src=x onerror=alert(1)>@example.com' },
      { q: '<script>alert(1)</script>' },
      { q: `${'a'.repeat(5000)}@example.com` },
      { q: 'mb_short' },
    ]) {
      const response = await search(client, c.owner, qs)
      response.assertStatus(422)
      assert.include(response.header('content-type'), 'application/problem+json')
      assert.equal(response.body().errors[0].field, 'q', JSON.stringify(qs).slice(0, 60))
    }
    for (const qs of [
      { q: c.email, page: 0 },
      { q: c.email, perPage: 1000 },
      { q: c.email, page: 'two' },
    ]) {
      ;(await search(client, c.owner, qs)).assertStatus(422)
    }
    // Nothing refused was audited as a search.
    assert.lengthOf(await auditRows(c.t, 'member.searched'), 0)
  })

  test('analysts get 403 on search and profile; privacy officers may read; no session is 401', async ({
    client,
    assert,
  }) => {
    const c = await clinic(client)
    const analyst = await staff(client, c, 'analyst')
    const deniedSearch = await search(client, analyst, { q: c.email })
    deniedSearch.assertStatus(403)
    assert.include(deniedSearch.body().detail, 'members.read')
    ;(await profile(client, analyst, c.member.publicId)).assertStatus(403)
    const session = await client.get('/v1/admin/session').header('authorization', `Bearer ${analyst}`)
    assert.notInclude(session.body().permissions, 'members.read')

    const officer = await staff(client, c, 'privacy_officer')
    ;(await search(client, officer, { q: c.email })).assertStatus(200)
    ;(await profile(client, officer, c.member.publicId)).assertStatus(200)
    const ownerSession = await client.get('/v1/admin/session').header('authorization', `Bearer ${c.owner}`)
    assert.include(ownerSession.body().permissions, 'members.read')

    ;(await client.get('/v1/admin/members').qs({ q: c.email })).assertStatus(401)
    ;(await client.get(`/v1/admin/members/${c.member.publicId}`)).assertStatus(401)
    // The analyst's refused attempts left no access in the audit log.
    const rows = await withTenant(c.t.tenant.id, () =>
      AuditEvent.query().whereIn('action', ['member.searched', 'member.viewed'])
    )
    assert.isTrue(rows.every((r) => r.actorId !== null && r.actorType === 'admin'))
    assert.lengthOf(rows, 2)
  })
})

test.group('Admin members: profile', (group) => {
  isolateEachTest(group, T0)

  test('shows name, e-mail, status, consents per purpose, requests and upload metadata; audited', async ({
    client,
    assert,
  }) => {
    const c = await clinic(client)
    const opened = await memberFetch(
      { t: c.t, member: c.member, session: c.session },
      '/v1/widget/me/requests',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'access' }),
      }
    )
    assert.equal(opened.status, 201)
    const requestId = ((await opened.json()) as { id: string }).id
    await withTenant(c.t.tenant.id, () =>
      Upload.create({
        publicId: 'up_profile000000001',
        memberId: c.member.id,
        contentType: 'image/png',
        modality: null,
        size: 2048,
        sha256: 'a'.repeat(64),
        storageKey: 'uploads/secret-storage-key',
        wrappedKey: 'wrapped-secret',
        status: 'stored',
        uploadedAt: DateTime.fromJSDate(T0),
        expiresAt: DateTime.fromJSDate(T0).plus({ days: 30 }),
        purgedAt: null,
      })
    )

    const response = await profile(client, c.owner, c.member.publicId, { locale: 'ko' })
    response.assertStatus(200)
    assert.equal(response.header('cache-control'), 'no-store')
    const body = response.body()
    assert.equal(body.id, c.member.publicId)
    assert.equal(body.status, 'active')
    assert.isFalse(body.separated)
    assert.equal(body.createdAt, c.member.createdAt.toUTC().startOf('second').toISO())
    assert.deepEqual(body.personal, {
      email: c.email,
      firstName: 'Seo-yeon',
      lastName: 'Park',
      company: 'Busan Imaging',
      nationality: 'KR',
    })
    const imaging = body.consents.purposes.find((p: { key: string }) => p.key === 'image_analysis')
    assert.equal(imaging.state, 'granted')
    assert.equal(imaging.decidedAt, T0.toISOString())
    assert.match(imaging.title, /[가-힣]/)
    assert.match(body.consents.policyVersion, /^pv_/)
    assert.deepEqual(
      body.requests.map((r: { id: string; type: string }) => [r.id, r.type]),
      [[requestId, 'access']]
    )
    assert.deepEqual(body.uploads, [
      {
        id: 'up_profile000000001',
        contentType: 'image/png',
        modality: null,
        size: 2048,
        status: 'stored',
        uploadedAt: T0.toISOString(),
        expiresAt: new Date(T0.getTime() + 30 * 86_400_000).toISOString(),
        purgedAt: null,
      },
    ])
    assert.notInclude(JSON.stringify(body), 'secret-storage-key')
    assert.notInclude(JSON.stringify(body), 'wrapped-secret')

    const rows = await auditRows(c.t, 'member.viewed')
    assert.lengthOf(rows, 1)
    assert.equal(rows[0]!.subjectId, c.member.publicId)
    assert.equal(rows[0]!.actorId, await ownerId(c))
    assert.notInclude(JSON.stringify(rows[0]!.serialize()), 'Seo-yeon')
  })

  test('a malformed id, an unknown id and another tenant’s member are 404 without their data', async ({
    client,
    assert,
  }) => {
    const c = await clinic(client)
    const other = await clinic(client)
    for (const id of [
      'not-an-id',
      '<b>mb</b>',
      `mb_${'x'.repeat(5000)}`,
      'mb_0000000000000000',
      other.member.publicId,
    ]) {
      const response = await profile(client, c.owner, id)
      response.assertStatus(404)
      assert.include(response.header('content-type'), 'application/problem+json')
      assert.notInclude(JSON.stringify(response.body()), 'Seo-yeon')
    }
    // Another tenant's member is not found by its id or its address either.
    const cross = await search(client, c.owner, { q: other.member.publicId })
    assert.deepEqual(cross.body().data, [])
    const crossEmail = await search(client, c.owner, { q: other.email })
    assert.deepEqual(crossEmail.body().data, [])
    assert.lengthOf(await auditRows(c.t, 'member.viewed'), 0)
    ;(await profile(client, c.owner, c.member.publicId, { locale: 'fr' })).assertStatus(422)
  })

  test('a dormant member shows the status only: the separated data stays in the separate store', async ({
    client,
    assert,
  }) => {
    const c = await clinic(client)
    const tenant = await Tenant.findOrFail(c.t.tenant.id)
    await withTenant(tenant.id, async () => {
      // Active once: the pseudonymous row keeps last_active_at for the lifecycle, staff do not see it.
      await new UsageService().record(c.member, 'sign_in', '198.51.100.7')
      await (await app.container.make(DormancyService)).separate(c.member, tenant)
    })
    assert.isNotNull((await withTenant(tenant.id, () => Member.findOrFail(c.member.id))).lastActiveAt)

    // The keyed hash stays with the pseudonymous row, so staff can still tell the member is dormant.
    const found = await search(client, c.owner, { q: c.email })
    assert.deepEqual(
      found
        .body()
        .data.map((m: { id: string; status: string; lastActiveAt: string | null }) => [
          m.id,
          m.status,
          m.lastActiveAt,
        ]),
      [[c.member.publicId, 'dormant', null]]
    )
    const response = await profile(client, c.owner, c.member.publicId)
    response.assertStatus(200)
    const body = response.body()
    assert.equal(body.status, 'dormant')
    assert.isTrue(body.separated)
    assert.equal(body.dormantAt, T0.toISOString())
    for (const key of ['personal', 'consents', 'requests', 'uploads', 'lastActiveAt', 'locale'])
      assert.isNull(body[key], key)
    const raw = JSON.stringify(body)
    for (const secret of ['Seo-yeon', 'Park', 'Busan', c.email]) assert.notInclude(raw, secret)
  })
})
