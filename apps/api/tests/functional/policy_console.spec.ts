import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import clock from '#shared/clock'
import { tenantWithPolicy, policyAdmin, RESEARCH_PURPOSE } from '#tests/support/policies'
import { makeTenant } from '#tests/support/tenants'
import { withTenant } from '#tenancy/tenant_context'
import MemberService from '#members/member_service'

const DAY = 24 * 3600 * 1000
const T0 = new Date('2026-05-04T10:15:00.000Z')
const iso = (ms: number) => new Date(ms).toISOString()
const etagOf = (response: { header(name: string): string | undefined }) => String(response.header('etag'))

test.group('Policy drafts in the console: ETag / If-Match and the publication facts', (group) => {
  group.each.setup(() => {
    clock.freeze(T0)
    return () => clock.reset()
  })
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('two editors of one draft: the second save with the old ETag answers 412, nothing is lost', async ({
    client,
    assert,
  }) => {
    const { t } = await tenantWithPolicy(client, T0)
    const auth = { authorization: `Bearer ${t.secretKey}` }
    const created = await policyAdmin(client, t).draft()
    created.assertStatus(201)
    const id = created.body().id as string
    const createdTag = etagOf(created)
    assert.match(createdTag, /^"[\w-]{27}"$/)

    const first = await client.get(`/v1/admin/policy/versions/${id}`).headers(auth)
    const second = await client.get(`/v1/admin/policy/versions/${id}`).headers(auth)
    const tag = etagOf(first)
    assert.equal(tag, createdTag)
    assert.equal(etagOf(second), tag)

    const prose = first.body().content.prose
    prose.en[0].title = 'Who we are (edited by the first admin)'
    const saved = await client
      .patch(`/v1/admin/policy/versions/${id}`)
      .headers({ ...auth, 'if-match': tag })
      .json({ prose })
    saved.assertStatus(200)
    const newTag = etagOf(saved)
    assert.notEqual(newTag, tag)

    const otherProse = second.body().content.prose
    otherProse.en[0].title = 'Overwritten by the second admin'
    const stale = await client
      .patch(`/v1/admin/policy/versions/${id}`)
      .headers({ ...auth, 'if-match': tag })
      .json({ prose: otherProse })
    stale.assertStatus(412)
    assert.equal(stale.body().type, 'https://tessera.dev/problems/precondition-failed')
    assert.equal(stale.body().currentEtag, newTag)

    const staleLabel = await client
      .patch(`/v1/admin/policy/versions/${id}`)
      .headers({ ...auth, 'if-match': tag })
      .json({ label: 'v9' })
    staleLabel.assertStatus(412)

    const publishStale = await client
      .post(`/v1/admin/policy/versions/${id}/publish`)
      .headers({ ...auth, 'if-match': tag })
      .json({ effectiveAt: iso(T0.getTime() + 7 * DAY) })
    publishStale.assertStatus(412)

    const now = await client.get(`/v1/admin/policy/versions/${id}`).headers(auth)
    assert.equal(now.body().content.prose.en[0].title, 'Who we are (edited by the first admin)')
    assert.equal(now.body().status, 'draft')
    assert.equal(etagOf(now), newTag)

    // A second save within the same second still changes the tag (updated_at keeps whole seconds).
    now.body().content.prose.en[0].title = 'Edited again'
    const again = await client
      .patch(`/v1/admin/policy/versions/${id}`)
      .headers({ ...auth, 'if-match': newTag })
      .json({ prose: now.body().content.prose })
    again.assertStatus(200)
    assert.notEqual(etagOf(again), newTag)

    const published = await client
      .post(`/v1/admin/policy/versions/${id}/publish`)
      .headers({ ...auth, 'if-match': etagOf(again) })
      .json({ effectiveAt: iso(T0.getTime() + 7 * DAY) })
    published.assertStatus(200)
    assert.equal(published.body().status, 'scheduled')
  })

  test('publication facts: a prose change needs 7 days and mails nobody; a new purpose needs 30 days and mails the audience', async ({
    client,
    assert,
  }) => {
    const { t, api } = await tenantWithPolicy(client, T0)
    const members = new MemberService()
    await withTenant(t.tenant.id, async () => {
      await members.create({ email: 'a.member@example.com', locale: 'en' })
      await members.create({ email: 'b.member@example.com', locale: 'ko' })
      await members.create({ email: 'left@example.com', locale: 'en', status: 'withdrawn' })
    })
    const auth = { authorization: `Bearer ${t.secretKey}` }
    const facts = (id: string) => client.get(`/v1/admin/policy/versions/${id}/publication`).headers(auth)

    const draft = await api.draft()
    const id = draft.body().id as string
    const unchanged = await facts(id)
    unchanged.assertStatus(200)
    assert.isTrue(unchanged.body().unchanged)

    const prose = draft.body().content.prose
    prose.en[0].body += '\n\nWe answer questions within two working days.'
    ;(await api.patch(id, { prose })).assertStatus(200)
    const minor = await facts(id)
    assert.deepInclude(minor.body(), {
      significant: false,
      noticeDays: 7,
      earliestEffectiveAt: iso(T0.getTime() + 7 * DAY),
      unchanged: false,
      notifies: false,
      recipients: 0,
      asOf: T0.toISOString(),
    })
    assert.equal(minor.header('cache-control'), 'no-store')

    ;(await api.patch(id, { purposes: [...draft.body().content.purposes, RESEARCH_PURPOSE] })).assertStatus(
      200
    )
    clock.advance(3600 * 1000)
    const significant = await facts(id)
    assert.deepInclude(significant.body(), {
      significant: true,
      noticeDays: 30,
      earliestEffectiveAt: iso(T0.getTime() + 3600 * 1000 + 30 * DAY),
      notifies: true,
      recipients: 2,
    })

    // The date it names is the one publish accepts, one minute less is refused.
    const earliest = Date.parse(significant.body().earliestEffectiveAt)
    const tooSoon = await api.publish(id, iso(earliest - 60_000))
    tooSoon.assertStatus(422)
    assert.equal(tooSoon.body().errors[0].field, 'effectiveAt')
    assert.equal(tooSoon.body().errors[0].rule, 'effective_too_soon')
    ;(await api.publish(id, iso(earliest))).assertStatus(200)

    const after = await facts(id)
    after.assertStatus(409)
  })

  test('a first version may take effect at once and mails nobody; a minor change mails when the tenant asks', async ({
    client,
    assert,
  }) => {
    const t = await makeTenant({ settings: { notifyMinorChangesByEmail: true } })
    const api = policyAdmin(client, t)
    const auth = { authorization: `Bearer ${t.secretKey}` }
    const first = await api.draft({ basedOn: 'default' })
    const facts = await client.get(`/v1/admin/policy/versions/${first.body().id}/publication`).headers(auth)
    assert.deepInclude(facts.body(), {
      against: null,
      noticeDays: 0,
      earliestEffectiveAt: T0.toISOString(),
      notifies: false,
      recipients: 0,
    })
    ;(await api.publish(first.body().id, T0.toISOString())).assertStatus(200)
    await withTenant(t.tenant.id, () => new MemberService().create({ email: 'm@example.com', locale: 'en' }))
    const draft = await api.draft()
    const prose = draft.body().content.prose
    prose.ko[0].body += '\n\n추가 문장.'
    await api.patch(draft.body().id, { prose })
    const minor = await client.get(`/v1/admin/policy/versions/${draft.body().id}/publication`).headers(auth)
    assert.deepInclude(minor.body(), {
      against: first.body().id,
      significant: false,
      notifies: true,
      recipients: 1,
    })
  })

  test('the analyst may read the facts but not edit or publish; other tenants see 404', async ({
    client,
    assert,
  }) => {
    const { t, api } = await tenantWithPolicy(client, T0)
    const owner = await client
      .post('/v1/admin/sessions')
      .json({ tenant: t.tenant.publicId, email: t.owner.email, password: t.owner.password })
    const ownerAuth = { authorization: `Bearer ${owner.body().token}` }
    ;(
      await client.post('/v1/admin/admins').headers(ownerAuth).json({
        email: 'analyst@clinic.example',
        fullName: 'Ana Lyst',
        role: 'analyst',
        password: 'analyst-password-long',
      })
    ).assertStatus(201)
    const analystSession = await client.post('/v1/admin/sessions').json({
      tenant: t.tenant.publicId,
      email: 'analyst@clinic.example',
      password: 'analyst-password-long',
    })
    const analyst = { authorization: `Bearer ${analystSession.body().token}` }
    const draft = await api.draft()
    const id = draft.body().id as string
    ;(await client.get(`/v1/admin/policy/versions/${id}/publication`).headers(analyst)).assertStatus(200)
    ;(
      await client.patch(`/v1/admin/policy/versions/${id}`).headers(analyst).json({ label: 'x' })
    ).assertStatus(403)
    ;(
      await client
        .post(`/v1/admin/policy/versions/${id}/publish`)
        .headers(analyst)
        .json({ effectiveAt: iso(T0.getTime() + 40 * DAY) })
    ).assertStatus(403)

    const other = await makeTenant()
    const foreign = await client
      .get(`/v1/admin/policy/versions/${id}/publication`)
      .headers({ authorization: `Bearer ${other.secretKey}` })
    foreign.assertStatus(404)
    assert.notProperty(foreign.body(), 'recipients')
  })

  test('a section over the size limit and an unknown template variable are refused beside their fields', async ({
    client,
    assert,
  }) => {
    const { api } = await tenantWithPolicy(client, T0)
    const draft = await api.draft()
    const prose = draft.body().content.prose
    prose.en[2].body = 'x'.repeat(20_001)
    const huge = await api.patch(draft.body().id, { prose })
    huge.assertStatus(422)
    assert.equal(huge.body().errors[0].field, 'prose.en.2.body')

    prose.en[2].body = 'Hello {{ nope }}'
    const unknown = await api.patch(draft.body().id, { prose })
    unknown.assertStatus(422)
    assert.equal(unknown.body().errors[0].field, 'prose.en.2.body')
  })
})

// Without the global transaction: every request must run in its own, so row locks really meet.
test.group('Policy drafts in the console: simultaneous saves', (group) => {
  group.each.setup(() => {
    clock.freeze(T0)
    return () => clock.reset()
  })

  test('two saves sent at once with the same ETag: one is applied, the other answers 412', async ({
    client,
    assert,
  }) => {
    const { t } = await tenantWithPolicy(client, T0)
    const auth = { authorization: `Bearer ${t.secretKey}` }
    const draft = await policyAdmin(client, t).draft()
    const id = draft.body().id as string
    const tag = etagOf(draft)
    const save = (title: string) => {
      const prose = structuredClone(draft.body().content.prose)
      prose.en[0].title = title
      return client
        .patch(`/v1/admin/policy/versions/${id}`)
        .headers({ ...auth, 'if-match': tag })
        .json({ prose })
    }
    const answers = await Promise.all([save('First'), save('Second'), save('Third')])
    const statuses = answers.map((a) => a.status()).sort()
    assert.deepEqual(statuses, [200, 412, 412])
    const winner = answers.find((a) => a.status() === 200)!
    const now = await client.get(`/v1/admin/policy/versions/${id}`).headers(auth)
    assert.equal(now.body().content.prose.en[0].title, winner.body().content.prose.en[0].title)
    assert.equal(etagOf(now), etagOf(winner))
  })

  test('a policy over the request size limit answers 413 problem+json, not 500', async ({
    client,
    assert,
  }) => {
    const { t } = await tenantWithPolicy(client, T0)
    const draft = await policyAdmin(client, t).draft()
    const prose = draft.body().content.prose
    const huge = Array.from({ length: 60 }, (_, i) => ({
      id: `s${i}`,
      title: `Section ${i}`,
      body: 'x'.repeat(19_999),
    }))
    const answer = await client
      .patch(`/v1/admin/policy/versions/${draft.body().id}`)
      .headers({ authorization: `Bearer ${t.secretKey}`, 'if-match': etagOf(draft) })
      .json({ prose: { en: huge, ko: prose.ko } })
    answer.assertStatus(413)
    assert.match(answer.header('content-type') ?? '', /application\/problem\+json/)
    const unchanged = await policyAdmin(client, t).show(draft.body().id)
    assert.deepEqual(unchanged.body().content.prose, prose)
  })
})
