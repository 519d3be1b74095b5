import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import type { ApiClient } from '@japa/api-client'
import type { Worker } from 'bullmq'
import clock from '#shared/clock'
import { startWorkers } from '#queue/worker'
import { queue } from '#queue/queues'
import { inbox } from '#tests/support/smtp'
import { makeTenant } from '#tests/support/tenants'
import {
  tenantWithPolicy as tenantWithPolicyAt,
  RESEARCH_PURPOSE,
  type TestTenant,
} from '#tests/support/policies'
import { withTenant } from '#tenancy/tenant_context'
import MemberService from '#members/member_service'
import NoticeService from '#policies/notice_service'
import PolicyNotice from '#policies/policy_notice'
import PolicyVersion from '#policies/policy_version'

const DAY = 24 * 3600 * 1000
const T0 = new Date('2026-03-02T09:00:00.000Z')
const iso = (ms: number) => new Date(ms).toISOString()

type Tenant = TestTenant

function widget(client: ApiClient, t: Tenant) {
  return (path: string) =>
    client
      .get(`/v1/widget/policy${path}`)
      .header('x-tessera-key', t.publishableKey)
      .header('origin', t.origin)
}

/** A tenant with its first policy in effect since T0. */
function tenantWithPolicy(client: ApiClient, overrides: Parameters<typeof makeTenant>[0] = {}) {
  return tenantWithPolicyAt(client, T0, overrides)
}

const newPurpose = RESEARCH_PURPOSE

test.group('Policy versions: publishing rules, immutability and status over time', (group) => {
  group.each.setup(() => {
    clock.freeze(T0)
    return () => clock.reset()
  })
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the first version renders the tenant officer in both locales and may take effect at once', async ({
    client,
    assert,
  }) => {
    const { t, api, firstId } = await tenantWithPolicy(client, {
      officer: { name: 'Ha-eun Choi', department: 'Privacy Office', email: 'dpo@clinic.example' },
    })
    for (const locale of ['en', 'ko']) {
      const preview = await api.preview(firstId, `?locale=${locale}`)
      preview.assertStatus(200)
      assert.include(preview.body().content, 'Ha-eun Choi')
      assert.isAbove(preview.body().toc.length, 5)
    }
    const current = await widget(client, t)('?locale=en')
    current.assertStatus(200)
    assert.equal(current.body().current.id, firstId)
    assert.equal(current.body().current.status, 'effective')
    assert.isNull(current.body().upcoming)
  })

  test('a prose-only change needs 7 days: 6 days is refused with the earliest date, 7 is accepted', async ({
    client,
    assert,
  }) => {
    const { api } = await tenantWithPolicy(client)
    const draft = await api.draft()
    const id = draft.body().id
    const prose = draft.body().content.prose
    prose.en[0].body += '\n\nWe answer questions within two working days.'
    const patched = await api.patch(id, { prose })
    patched.assertStatus(200)

    const tooSoon = await api.publish(id, iso(T0.getTime() + 6 * DAY))
    tooSoon.assertStatus(422)
    assert.equal(tooSoon.body().errors[0].field, 'effectiveAt')
    assert.equal(tooSoon.body().errors[0].rule, 'effective_too_soon')
    assert.equal(tooSoon.body().earliestEffectiveAt, iso(T0.getTime() + 7 * DAY))
    assert.isFalse(tooSoon.body().significant)

    const ok = await api.publish(id, iso(T0.getTime() + 7 * DAY))
    ok.assertStatus(200)
    assert.isFalse(ok.body().significant)
    assert.equal(ok.body().status, 'scheduled')
  })

  test('adding a purpose is significant: 30 days notice, then effective; the old one is superseded', async ({
    client,
    assert,
  }) => {
    const { t, api, firstId } = await tenantWithPolicy(client)
    const draft = await api.draft()
    const purposes = [...draft.body().content.purposes, newPurpose]
    ;(await api.patch(draft.body().id, { purposes })).assertStatus(200)

    const sevenDays = await api.publish(draft.body().id, iso(T0.getTime() + 7 * DAY))
    sevenDays.assertStatus(422)
    assert.isTrue(sevenDays.body().significant)
    assert.equal(sevenDays.body().earliestEffectiveAt, iso(T0.getTime() + 30 * DAY))

    const published = await api.publish(draft.body().id, iso(T0.getTime() + 30 * DAY))
    published.assertStatus(200)
    assert.isTrue(published.body().significant)
    assert.isNotEmpty(published.body().summary.en)

    const before = await widget(client, t)('?locale=ko')
    assert.equal(before.body().current.id, firstId)
    assert.equal(before.body().upcoming.id, draft.body().id)
    assert.isTrue(before.body().upcoming.significant)
    assert.isNotEmpty(before.body().upcoming.summary)
    assert.isNull(before.body().freshConsent)

    clock.freeze(new Date(T0.getTime() + 30 * DAY))
    const after = await widget(client, t)('')
    assert.equal(after.body().current.id, draft.body().id)
    assert.isNull(after.body().upcoming)
    assert.deepEqual(after.body().freshConsent, { versionId: draft.body().id, purposes: ['research'] })
    const archive = await widget(client, t)('/versions')
    assert.deepEqual(
      archive.body().data.map((v: { id: string; status: string }) => [v.id, v.status]),
      [
        [draft.body().id, 'effective'],
        [firstId, 'superseded'],
      ]
    )
  })

  test('an effective date in the past, before the previous version, or not a date is refused', async ({
    client,
    assert,
  }) => {
    const { api } = await tenantWithPolicy(client)
    const draft = await api.draft()
    const prose = draft.body().content.prose
    prose.ko[0].body += '\n\n문의에는 영업일 기준 2일 이내에 답변합니다.'
    await api.patch(draft.body().id, { prose })
    const past = await api.publish(draft.body().id, iso(T0.getTime() - DAY))
    past.assertStatus(422)
    assert.equal(past.body().errors[0].rule, 'effective_in_past')
    const garbage = await api.publish(draft.body().id, 'next tuesday')
    garbage.assertStatus(422)
    assert.equal(garbage.body().errors[0].field, 'effectiveAt')
    const same = await api.draft()
    const unchanged = await api.publish(same.body().id, iso(T0.getTime() + 10 * DAY))
    unchanged.assertStatus(422)
    assert.equal(unchanged.body().errors[0].rule, 'noChanges')
  })

  test('published versions are immutable: edit and re-publish answer 409', async ({ client, assert }) => {
    const { t, api, firstId } = await tenantWithPolicy(client)
    const edit = await api.patch(firstId, { label: 'changed' })
    edit.assertStatus(409)
    assert.equal(edit.body().type, 'https://tessera.dev/problems/policy-version-published')
    ;(await api.publish(firstId, iso(T0.getTime() + 40 * DAY))).assertStatus(409)
    const row = await withTenant(t.tenant.id, () => PolicyVersion.findByOrFail('public_id', firstId))
    row.label = 'sneaky'
    await assert.rejects(() => withTenant(t.tenant.id, () => row.save()))
    assert.equal((await api.show(firstId)).body().label, 'v1')
  })

  test('bad drafts are refused with the field at fault; hostile prose is rendered inert', async ({
    client,
    assert,
  }) => {
    const { api } = await tenantWithPolicy(client)
    const draft = await api.draft()
    const id = draft.body().id
    const prose = draft.body().content.prose

    const fr = await api.patch(id, { prose: { ...prose, fr: prose.en } })
    fr.assertStatus(422)
    assert.equal(fr.body().errors[0].field, 'prose.fr')

    const unknownVariable = structuredClone(prose)
    unknownVariable.en[0].body = 'Contact {{tenant.secretSauce}} today.'
    const unknown = await api.patch(id, { prose: unknownVariable })
    unknown.assertStatus(422)
    assert.equal(unknown.body().errors[0].field, 'prose.en.0.body')
    assert.include(unknown.body().errors[0].message, 'tenant.secretSauce')

    const huge = structuredClone(prose)
    huge.en[0].body = 'x'.repeat(20_001)
    ;(await api.patch(id, { prose: huge })).assertStatus(422)

    const hostile = structuredClone(prose)
    hostile.en[0].body =
      'Hello <script>alert(1)</script> [click](javascript:alert(1)) <img src=x onerror=alert(2)>'
    hostile.en[0].title = '<b onmouseover=alert(3)>Title</b>'
    ;(await api.patch(id, { prose: hostile })).assertStatus(200)
    const html = (await api.preview(id, '?locale=en')).body().content as string
    assert.notInclude(html, '<script')
    assert.notInclude(html, 'href="javascript:')
    assert.notMatch(html, /<[^>]+\son\w+=/)
    assert.include(html, 'Hello &#60;script&#62;alert(1)&#60;/script&#62;', 'shown as text')
    assert.include(html, '[click](javascript:alert(1))', 'unsafe link left as plain text')

    ;(await api.preview(id, '?locale=fr')).assertStatus(422)
    ;(await api.preview(id, '?format=pdf')).assertStatus(422)
    const unchangedAfterFailures = await api.show(id)
    assert.equal(unchangedAfterFailures.body().content.prose.en[0].title, '<b onmouseover=alert(3)>Title</b>')
  })

  test("another tenant's versions are not found, in the admin API, the widget API and the diff", async ({
    client,
  }) => {
    const a = await tenantWithPolicy(client)
    const b = await tenantWithPolicy(client)
    ;(await a.api.show(b.firstId)).assertStatus(404)
    ;(await a.api.patch(b.firstId, { label: 'x' })).assertStatus(404)
    ;(await widget(client, a.t)(`/versions/${b.firstId}`)).assertStatus(404)
    ;(await widget(client, a.t)(`/diff?from=${a.firstId}&to=${b.firstId}`)).assertStatus(404)
  })

  test('the widget shows published versions only, rendered and sanitised, with a table of contents', async ({
    client,
    assert,
  }) => {
    const { t, api, firstId } = await tenantWithPolicy(client)
    const draft = await api.draft()
    ;(await widget(client, t)(`/versions/${draft.body().id}`)).assertStatus(404)
    const version = await widget(client, t)(`/versions/${firstId}?locale=ko`)
    version.assertStatus(200)
    assert.equal(version.body().locale, 'ko')
    assert.include(version.body().html, 'id="section-')
    assert.equal(version.body().toc[0].anchor, `section-${version.body().toc[0].id}`)
  })

  test('hosted pages: current policy in the tenant branding with a strict CSP; upcoming page lists the changes', async ({
    client,
    assert,
  }) => {
    const { t, api } = await tenantWithPolicy(client, {
      name: `O'Brien & "Sons" Imaging`,
      branding: { primaryColor: '#123abc' },
    })
    const page = await client.get(`/policy/${t.tenant.publicId}?lang=ko`)
    page.assertStatus(200)
    assert.include(page.header('content-type'), 'text/html')
    assert.match(page.header('content-security-policy') ?? '', /default-src 'none'; style-src 'sha256-/)
    assert.include(page.text(), '#123abc')
    assert.include(page.text(), '<html lang="ko">')
    assert.include(page.text(), 'O&#39;Brien &amp; &quot;Sons&quot; Imaging', 'tenant name escaped')
    assert.notInclude(page.text(), `O'Brien & "Sons"`)

    ;(await client.get(`/policy/${t.tenant.publicId}/upcoming`)).assertStatus(404)
    const draft = await api.draft()
    await api.patch(draft.body().id, { purposes: [...draft.body().content.purposes, newPurpose] })
    await api.publish(draft.body().id, iso(T0.getTime() + 31 * DAY))
    const upcoming = await client.get(`/policy/${t.tenant.publicId}/upcoming`)
    upcoming.assertStatus(200)
    assert.include(upcoming.text(), 'What changes')
    ;(await client.get('/policy/tn_nope')).assertStatus(404)
  })
})

test.group('Policy-change notices by e-mail (real BullMQ workers, real SMTP)', (group) => {
  let workers: Worker[] = []
  group.setup(async () => {
    await queue('policy-notices').obliterate({ force: true })
    workers = await startWorkers(['mail', 'policy-notices'])
    return async () => {
      await Promise.all(workers.map((w) => w.close()))
    }
  })
  group.each.setup(() => {
    inbox.clear()
    clock.freeze(T0)
    return () => clock.reset()
  })
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a significant version mails every member but the withdrawn, once, in their locale', async ({
    client,
    assert,
  }) => {
    const { t, api } = await tenantWithPolicy(client, { name: 'Hanul Clinic' })
    const other = await tenantWithPolicy(client)
    const members = new MemberService()
    await withTenant(t.tenant.id, async () => {
      await members.create({ email: 'en.member@example.com', locale: 'en' })
      await members.create({ email: 'ko.member@example.com', locale: 'ko' })
      await members.create({ email: 'gone@example.com', locale: 'en', status: 'withdrawn' })
      await members.create({ email: 'restricted@example.com', locale: 'en', status: 'restricted' })
    })
    await withTenant(other.t.tenant.id, () =>
      members.create({ email: 'other.tenant@example.com', locale: 'en' })
    )

    const draft = await api.draft()
    await api.patch(draft.body().id, { purposes: [...draft.body().content.purposes, newPurpose] })
    ;(await api.publish(draft.body().id, iso(T0.getTime() + 30 * DAY))).assertStatus(200)

    const en = await inbox.waitFor((m) => m.envelopeTo.includes('en.member@example.com'))
    const ko = await inbox.waitFor((m) => m.envelopeTo.includes('ko.member@example.com'))
    await inbox.waitFor((m) => m.envelopeTo.includes('restricted@example.com'))
    assert.equal(en.parsed.subject, 'Hanul Clinic: our privacy policy changes on 1 April 2026')
    assert.include(String(en.parsed.text), 'Research on de-identified images')
    assert.include(String(en.parsed.text), `/policy/${t.tenant.publicId}/upcoming?lang=en`)
    assert.include(String(en.parsed.text), 'It is not advertising.')
    assert.include(ko.parsed.subject ?? '', '개인정보 처리방침 변경 안내')
    assert.notInclude(ko.parsed.subject ?? '', '(광고)')
    assert.include(String(ko.parsed.text), '비식별 영상을 이용한 연구')

    // A retried fan-out and re-run notice jobs send nothing more.
    const version = await withTenant(t.tenant.id, () =>
      PolicyVersion.findByOrFail('public_id', draft.body().id)
    )
    const notices = new NoticeService()
    await notices.fanOut({ tenantId: t.tenant.id, versionId: version.id })
    const ids = await withTenant(t.tenant.id, async () => (await members.noticeAudience()).map((m) => m.id))
    for (const memberId of ids)
      assert.isFalse(await notices.notify({ tenantId: t.tenant.id, versionId: version.id, memberId }))
    await new Promise((r) => setTimeout(r, 1000))

    const recipients = inbox.messages.flatMap((m) => m.envelopeTo).sort()
    assert.deepEqual(recipients, ['en.member@example.com', 'ko.member@example.com', 'restricted@example.com'])
    const rows = await withTenant(t.tenant.id, () => PolicyNotice.all())
    assert.lengthOf(rows, 3)
  }).timeout(30_000)

  test('a minor version sends no e-mail unless the tenant asks for it', async ({ client, assert }) => {
    const quiet = await tenantWithPolicy(client)
    const loud = await tenantWithPolicy(client, { settings: { notifyMinorChangesByEmail: true } })
    for (const { t } of [quiet, loud]) {
      await withTenant(t.tenant.id, () =>
        new MemberService().create({
          email: `${t.tenant.publicId.slice(3).toLowerCase()}@members.example`,
          locale: 'en',
        })
      )
    }
    for (const { api } of [quiet, loud]) {
      const draft = await api.draft()
      const prose = draft.body().content.prose
      prose.en[1].body += '\n\nMinor wording.'
      await api.patch(draft.body().id, { prose })
      ;(await api.publish(draft.body().id, iso(T0.getTime() + 7 * DAY))).assertStatus(200)
    }
    await inbox.waitFor((m) =>
      m.envelopeTo.includes(`${loud.t.tenant.publicId.slice(3).toLowerCase()}@members.example`)
    )
    await new Promise((r) => setTimeout(r, 1000))
    assert.lengthOf(inbox.messages, 1)
  }).timeout(30_000)
})
