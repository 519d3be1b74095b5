import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import type { ApiClient } from '@japa/api-client'
import clock from '#shared/clock'
import { queue } from '#queue/queues'
import { inbox, type ReceivedMail } from '#tests/support/smtp'
import { isolateEachTest, withWorkers } from '#tests/support/groups'
import { tenantWithPolicy, type TestTenant } from '#tests/support/policies'
import { memberFetch, signedMember, type Signed } from '#tests/support/members'
import { withTenant } from '#tenancy/tenant_context'
import type Member from '#members/member'
import type { MemberStatus } from '#members/member'
import MemberService from '#members/member_service'
import ConsentService from '#consent/consent_service'
import LedgerService from '#consent/ledger_service'
import PrivacyRequestService from '#privacy_requests/request_service'
import AuditEvent from '#audit/audit_event'
import Audience from '#newsletters/audience'
import Campaign from '#newsletters/campaign'
import Delivery from '#newsletters/delivery'
import CampaignService, { type DeliverJob } from '#newsletters/campaign_service'
import NewsletterSubscription from '#newsletters/subscription'
import ReconfirmService from '#newsletters/reconfirm_service'
import { quietUntil } from '#newsletters/pacing'
import type { Job } from 'bullmq'

const T0 = new Date('2026-03-02T09:00:00.000Z')
const HOUR = 3600_000
const DAY = 24 * HOUR
const META = { ip: '203.0.113.7', userAgent: 'test', gpc: false, locale: 'en' as const }

type Problem = { type: string; errors: [{ field: string }] }

const isNewsletter = (m: ReceivedMail) => m.parsed.headerLines.some((h) => h.key === 'list-unsubscribe-post')
const header = (m: ReceivedMail, key: string) =>
  m.parsed.headerLines
    .find((h) => h.key === key)
    ?.line.replace(/^[^:]+:\s*/, '')
    .replace(/\r?\n\s+/g, ' ')
const confirmLink = (m: ReceivedMail) =>
  /(\/newsletter\/tn_[A-Za-z0-9]+\/confirm\/nc_[A-Za-z0-9]+)/.exec(String(m.parsed.text))?.[1]
const url = (path: string) => `${process.env.APP_URL}${path}`
const form = (body = 'List-Unsubscribe=One-Click') => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body,
})

function adminApi(client: ApiClient, t: TestTenant) {
  const auth = { authorization: `Bearer ${t.secretKey}` }
  const base = '/v1/admin/newsletters'
  return {
    create: (body: object) => client.post(`${base}/campaigns`).headers(auth).json(body),
    send: (id: string) => client.post(`${base}/campaigns/${id}/send`).headers(auth),
    show: (id: string) => client.get(`${base}/campaigns/${id}`).headers(auth),
    stats: (id: string) => client.get(`${base}/campaigns/${id}/stats`).headers(auth),
    preview: (id: string, locale = 'en') =>
      client.get(`${base}/campaigns/${id}/preview?locale=${locale}`).headers(auth),
    test: (id: string, body: object) => client.post(`${base}/campaigns/${id}/test`).headers(auth).json(body),
    recipients: (id: string) => client.get(`${base}/campaigns/${id}/recipients`).headers(auth),
    audience: () => client.get(`${base}/audience`).headers(auth),
    sendRaw: (id: string) =>
      fetch(url(`${base}/campaigns/${id}/send`), { method: 'POST', headers: auth }).then((r) => r.status),
  }
}

const CONTENT = {
  en: {
    subject: 'Spring news',
    body: '## What is new\n\nOur **new model** is live. [Read more](https://clinic.example/news)',
  },
  ko: {
    subject: '봄 소식',
    body: '## 새 소식\n\n**새 모델**을 공개했습니다. [자세히 보기](https://clinic.example/news)',
  },
}

async function waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error('condition not reached in time')
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Waits until the mail queue has sent everything queued so far (service mails of earlier steps). */
async function drainMail() {
  await waitFor(async () => {
    const counts = await queue('mail').getJobCounts('waiting', 'active', 'delayed', 'prioritized')
    return Object.values(counts).every((n) => n === 0)
  })
}

/** A staff account of `role`, created by the owner, signed in: its bearer header. */
async function staffSession(client: ApiClient, t: TestTenant, role: string) {
  const email = `${role}.${Math.random().toString(36).slice(2)}@newsletters.example`
  const owner = await client
    .post('/v1/admin/sessions')
    .json({ tenant: t.tenant.publicId, email: t.owner.email, password: t.owner.password })
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

/** Sends a campaign through the API and waits until every delivery is settled. */
async function sendCampaign(client: ApiClient, t: TestTenant, content: object = CONTENT) {
  const api = adminApi(client, t)
  const created = await api.create({ name: 'Spring', content })
  created.assertStatus(201)
  const id = created.body().id as string
  ;(await api.send(id)).assertStatus(202)
  const stats = await waitFor(async () => {
    const s = (await api.stats(id)).body()
    return s.status === 'sent' ? s : undefined
  }, 40_000)
  return { id, stats }
}

/** Opts a member in and confirms through the ledger (what the confirmation click writes). */
async function optIn(t: TestTenant, member: Member, confirm = true) {
  const consent = await app.container.make(ConsentService)
  await withTenant(t.tenant.id, async () => {
    await consent.decide(member, [{ purpose: 'marketing', action: 'grant' }], 'widget', META)
    if (confirm) {
      await consent.decide(member, [{ purpose: 'marketing', action: 'grant' }], 'double_opt_in', META)
      await NewsletterSubscription.query().where('member_id', member.id).update({ status: 'confirmed' })
    }
  })
}

test.group('Newsletters: double opt-in, recorded in the ledger', (group) => {
  withWorkers(group, ['mail'])
  isolateEachTest(group, T0)

  test('opt-in → confirmation e-mail → GET changes nothing → POST confirms → result e-mail; a replay is refused', async ({
    client,
    assert,
  }) => {
    const s = await signedMember(client, T0, false)
    const grant = await memberFetch(s, '/v1/widget/me/consents', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ purpose: 'marketing', action: 'grant' }),
    })
    assert.equal(grant.status, 201)
    const mail = await inbox.waitFor((m) => /confirm/i.test(m.parsed.subject ?? ''))
    assert.deepEqual(mail.envelopeTo, [s.member.email])
    assert.notInclude(mail.parsed.subject ?? '', '(광고)')
    assert.include(String(mail.parsed.text), 'not advertising')
    const link = confirmLink(mail)!
    assert.isString(link)

    const audience = () => withTenant(s.t.tenant.id, () => new Audience().count())
    assert.equal(await audience(), 0, 'an unconfirmed opt-in does not count')
    const state = (await (await memberFetch(s, '/v1/widget/me/newsletter')).json()) as { status: string }
    assert.equal(state.status, 'pending')

    const page = await fetch(url(link))
    assert.equal(page.status, 200)
    assert.include(await page.text(), '<form method="post">')
    assert.equal(await audience(), 0, 'GET changes nothing')

    const confirmed = await fetch(url(link), form('confirm=yes'))
    assert.equal(confirmed.status, 200)
    assert.deepEqual(await confirmed.json(), { confirmed: true })
    assert.equal(await audience(), 1)

    const history = await withTenant(s.t.tenant.id, () =>
      new LedgerService().history('member', s.member.publicId).where('target_key', 'marketing')
    )
    assert.deepEqual(
      history.map((e) => [e.action, e.source]),
      [
        ['grant', 'widget'],
        ['grant', 'double_opt_in'],
      ]
    )
    const result = await inbox.waitFor((m) => /subscribed/i.test(m.parsed.subject ?? ''))
    assert.include(String(result.parsed.text), 'you agreed to receive newsletters')
    assert.include(String(result.parsed.text), '/unsubscribe/nu_')

    const replay = await fetch(url(link), form('confirm=yes'))
    assert.equal(replay.status, 410)
    assert.equal(replay.headers.get('content-type'), 'application/problem+json; charset=utf-8')
    assert.equal(((await replay.json()) as Problem).errors[0].field, 'token')
    const after = await withTenant(s.t.tenant.id, () =>
      new LedgerService().history('member', s.member.publicId).where('target_key', 'marketing')
    )
    assert.lengthOf(after, 2, 'a replay writes nothing')
  }).timeout(30_000)

  test('an expired, forged or other-tenant confirmation link is refused; a withdrawal voids an open link', async ({
    client,
    assert,
  }) => {
    const s = await signedMember(client, T0, false)
    const other = await signedMember(client, T0, false)
    const consent = await app.container.make(ConsentService)
    await withTenant(s.t.tenant.id, () =>
      consent.decide(s.member, [{ purpose: 'marketing', action: 'grant' }], 'widget', META)
    )
    const link = confirmLink(await inbox.waitFor((m) => m.envelopeTo.includes(s.member.email)))!
    const token = link.split('/').pop()!

    const foreign = await fetch(
      url(`/newsletter/${other.t.tenant.publicId}/confirm/${token}`),
      form('confirm=yes')
    )
    assert.equal(foreign.status, 410, 'another tenant cannot redeem it')
    const forged = await fetch(
      url(`/newsletter/${s.t.tenant.publicId}/confirm/nc_${'A'.repeat(40)}`),
      form('confirm=yes')
    )
    assert.equal(forged.status, 410)
    const garbage = await fetch(url(`/newsletter/tn_nope/confirm/${token}`), form('confirm=yes'))
    assert.equal(garbage.status, 410)
    assert.equal((await fetch(url(`/newsletter/${s.t.tenant.publicId}/confirm/${token}`))).status, 200)

    clock.advance(73 * HOUR)
    const expired = await fetch(url(link), form('confirm=yes'))
    assert.equal(expired.status, 410, 'expired after 72 hours')
    assert.equal(((await expired.json()) as Problem).type, 'https://tessera.dev/problems/link-invalid')

    // A fresh request, then a withdrawal before the click: the link dies with it.
    inbox.clear()
    await withTenant(s.t.tenant.id, () =>
      consent.decide(s.member, [{ purpose: 'marketing', action: 'grant' }], 'widget', META)
    )
    const second = confirmLink(await inbox.waitFor((m) => m.envelopeTo.includes(s.member.email)))!
    await withTenant(s.t.tenant.id, () =>
      consent.decide(s.member, [{ purpose: 'marketing', action: 'withdraw' }], 'widget', META)
    )
    await inbox.waitFor((m) => /unsubscribed/i.test(m.parsed.subject ?? ''))
    assert.equal((await fetch(url(second), form('confirm=yes'))).status, 410)
    assert.equal(await withTenant(s.t.tenant.id, () => new Audience().count()), 0)
  }).timeout(30_000)
})

test.group('Newsletters: adversarial population over real SMTP', (group) => {
  group.setup(async () => {
    await queue('newsletters').obliterate({ force: true })
  })
  withWorkers(group, ['mail', 'newsletters'])
  isolateEachTest(group, T0)

  test('every member state × consent state × restriction: mail reaches exactly the eligible, once each', async ({
    client,
    assert,
  }) => {
    const { t } = await tenantWithPolicy(client, T0)
    const { t: other } = await tenantWithPolicy(client, T0)
    const requests = await app.container.make(PrivacyRequestService)
    const statuses: MemberStatus[] = ['active', 'restricted', 'dormant', 'withdrawn']
    const consents = [
      'never',
      'unconfirmed',
      'confirmed',
      'withdrawn',
      'objected',
      'reconfirmed-after-deny',
    ] as const
    const expected: string[] = []
    for (const status of statuses) {
      for (const consentState of consents) {
        for (const restrictionOpen of [false, true]) {
          const email = `${status}.${consentState}.${restrictionOpen ? 'req' : 'free'}@pop.example`
          const member = await withTenant(t.tenant.id, () =>
            new MemberService().create({ email, locale: 'en' })
          )
          if (consentState !== 'never') await optIn(t, member, consentState !== 'unconfirmed')
          const consent = await app.container.make(ConsentService)
          if (consentState === 'withdrawn')
            await withTenant(t.tenant.id, () =>
              consent.decide(member, [{ purpose: 'marketing', action: 'withdraw' }], 'widget', META)
            )
          if (consentState === 'reconfirmed-after-deny') {
            await withTenant(t.tenant.id, () =>
              consent.decide(member, [{ purpose: 'marketing', action: 'deny' }], 'widget', META)
            )
            await optIn(t, member, true)
          }
          await withTenant(t.tenant.id, async () => {
            if (consentState === 'objected')
              await requests.open({
                tenant: t.tenant,
                member,
                type: 'object',
                channel: 'email',
                details: { purpose: 'marketing' },
                identityMethod: null,
                actor: { type: 'system', id: null },
              })
            if (restrictionOpen)
              await requests.open({
                tenant: t.tenant,
                member,
                type: 'restrict',
                channel: 'email',
                identityMethod: null,
                actor: { type: 'system', id: null },
              })
            member.status = status
            await member.save()
          })
          if (
            status === 'active' &&
            !restrictionOpen &&
            (consentState === 'confirmed' || consentState === 'reconfirmed-after-deny')
          )
            expected.push(email)
        }
      }
    }
    // An objection to another purpose does not stop newsletters; one to marketing granted after the opt-in does.
    const objectsToStats = await withTenant(t.tenant.id, () =>
      new MemberService().create({ email: 'objects.to.stats@pop.example', locale: 'en' })
    )
    await optIn(t, objectsToStats)
    const objectedLater = await withTenant(t.tenant.id, () =>
      new MemberService().create({ email: 'objection.granted@pop.example', locale: 'en' })
    )
    await optIn(t, objectedLater)
    await withTenant(t.tenant.id, async () => {
      await requests.open({
        tenant: t.tenant,
        member: objectsToStats,
        type: 'object',
        channel: 'email',
        details: { purpose: 'statistics' },
        identityMethod: null,
        actor: { type: 'system', id: null },
      })
      const granted = await requests.open({
        tenant: t.tenant,
        member: objectedLater,
        type: 'object',
        channel: 'admin',
        details: { purpose: 'marketing' },
        identityMethod: 'letter',
        actor: { type: 'system', id: null },
      })
      if (granted.isOpen) await requests.complete(t.tenant, granted, null, { type: 'system', id: null })
    })
    expected.push('objects.to.stats@pop.example')
    // Another tenant's confirmed subscriber is never in this tenant's campaign.
    const stranger = await withTenant(other.tenant.id, () =>
      new MemberService().create({ email: 'other.tenant@pop.example', locale: 'en' })
    )
    await optIn(other, stranger)

    const audience = await adminApi(client, t).audience()
    assert.equal(audience.body().eligible, expected.length)

    const { id, stats } = await sendCampaign(client, t)
    await new Promise((r) => setTimeout(r, 500))
    const received = inbox.messages.filter(isNewsletter)
    assert.deepEqual(
      received.flatMap((m) => m.envelopeTo).sort(),
      [...expected].sort(),
      'exactly the eligible'
    )
    assert.equal(new Set(received.map((m) => m.envelopeTo[0])).size, received.length, 'once each')
    assert.equal(stats.audience, expected.length)
    assert.equal(stats.deliveries.sent, expected.length)
    for (const m of received) assert.equal(m.parsed.subject, 'Spring news')

    // Re-running the fan-out and every delivery job sends nothing more.
    const service = new CampaignService()
    const campaign = await withTenant(t.tenant.id, () => Campaign.findByOrFail('public_id', id))
    await service.start({ tenantId: t.tenant.id, campaignId: campaign.id, scheduledAt: null })
    const rows = await withTenant(t.tenant.id, () => Delivery.query().where('campaign_id', campaign.id))
    for (const row of rows) {
      const job = {
        data: { tenantId: t.tenant.id, campaignId: campaign.id, memberId: row.memberId! },
        attemptsMade: 0,
        opts: {},
      }
      assert.equal(await service.deliver(job as unknown as Job<DeliverJob>), 'sent')
    }
    await new Promise((r) => setTimeout(r, 300))
    assert.lengthOf(inbox.messages.filter(isNewsletter), expected.length)
  }).timeout(90_000)
})

test.group('Newsletters: RFC 8058 headers, one-click unsubscribe, Korean rules, SMTP failures', (group) => {
  group.setup(async () => {
    await queue('newsletters').obliterate({ force: true })
  })
  withWorkers(group, ['mail', 'newsletters'])
  isolateEachTest(group, T0)

  test('headers per RFC 8058; the GET page changes nothing; one-click POST unsubscribes at once, idempotently', async ({
    client,
    assert,
  }) => {
    const s = await signedMember(client, T0, false)
    await optIn(s.t, s.member)
    await sendCampaign(client, s.t)
    const mail = await inbox.waitFor(isNewsletter)
    const listUnsubscribe = header(mail, 'list-unsubscribe')!
    const match = /^<(http[^>]+\/newsletter\/(tn_\w+)\/unsubscribe\/(nu_\w+))>, <(mailto:[^>]+)>$/.exec(
      listUnsubscribe
    )
    assert.isNotNull(match, listUnsubscribe)
    assert.equal(match![2], s.t.tenant.publicId)
    assert.equal(header(mail, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click')
    assert.include(String(mail.parsed.text), `Unsubscribe (free, takes effect at once): ${match![1]}`)
    assert.include(String(mail.parsed.html), `href="${match![1]}"`)
    assert.include(String(mail.parsed.text), `Sender: ${s.t.tenant.legalName}, ${s.t.tenant.officerEmail}`)
    assert.include(String(mail.parsed.html), '<strong>new model</strong>')
    assert.notInclude(mail.parsed.subject ?? '', '(광고)')
    assert.notInclude(String(mail.parsed.text), 'not advertising')
    const oneClick = match![1]!
    const audience = () => withTenant(s.t.tenant.id, () => new Audience().count())

    assert.equal((await fetch(oneClick)).status, 200)
    assert.equal(await audience(), 1, 'GET changes nothing')

    assert.equal((await fetch(oneClick, form('List-Unsubscribe=Yes'))).status, 422)
    const json = await fetch(oneClick, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"List-Unsubscribe":"One-Click"}',
    })
    assert.equal(json.status, 415)
    const wrongBody = await fetch(oneClick, form('List-Unsubscribe=One-Click&unsubscribe=all'))
    assert.equal(wrongBody.status, 422)
    assert.equal(((await wrongBody.json()) as Problem).errors[0].field, 'List-Unsubscribe')
    const other = await tenantWithPolicy(client, T0)
    const crossTenant = oneClick.replace(s.t.tenant.publicId, other.t.tenant.publicId)
    assert.equal((await fetch(crossTenant, form())).status, 410)
    assert.equal((await fetch(oneClick.replace(/nu_\w+$/, `nu_${'x'.repeat(40)}`), form())).status, 410)
    assert.equal(await audience(), 1, 'bad requests changed nothing')

    const first = await fetch(oneClick, form())
    assert.equal(first.status, 200)
    assert.deepEqual(await first.json(), { unsubscribed: true, changed: true })
    assert.equal(await audience(), 0, 'effective at once')
    const again = await fetch(oneClick, form())
    assert.deepEqual(await again.json(), { unsubscribed: true, changed: false })
    const optedOut = (m: ReceivedMail) =>
      m.envelopeTo.includes(s.member.email) && /unsubscribed/i.test(m.parsed.subject ?? '')
    await inbox.waitFor(optedOut)
    await new Promise((r) => setTimeout(r, 500))
    assert.lengthOf(inbox.messages.filter(optedOut), 1, 'the opt-out is confirmed once')
    const history = await withTenant(s.t.tenant.id, () =>
      new LedgerService().history('member', s.member.publicId).where('target_key', 'marketing')
    )
    assert.deepEqual(history.map((e) => [e.action, e.source]).at(-1), ['withdraw', 'unsubscribe'])
  }).timeout(60_000)

  test('Korean recipients: "(광고)" subject, sender name and contact, free opt-out, in Korean', async ({
    client,
    assert,
  }) => {
    const s = await signedMember(client, T0, false)
    const ko = await withTenant(s.t.tenant.id, () =>
      new MemberService().create({ email: 'seo-yeon@example.kr', locale: 'ko' })
    )
    const national = await withTenant(s.t.tenant.id, () =>
      new MemberService().create({ email: 'min-jun@example.kr', locale: 'en', nationality: 'KR' })
    )
    for (const m of [s.member, ko, national]) await optIn(s.t, m)
    await sendCampaign(client, s.t)
    const korean = await inbox.waitFor((m) => m.envelopeTo.includes('seo-yeon@example.kr') && isNewsletter(m))
    assert.equal(korean.parsed.subject, '(광고) 봄 소식')
    const text = String(korean.parsed.text)
    assert.include(text, `보낸 사람: ${s.t.tenant.legalName} · 연락처: ${s.t.tenant.officerEmail}`)
    assert.include(text, '수신거부를 눌러 주세요(무료, 즉시 적용)')
    assert.include(text, '수신에 동의하신 분께 보내 드리는 광고성 정보입니다')
    const nationalMail = await inbox.waitFor(
      (m) => m.envelopeTo.includes('min-jun@example.kr') && isNewsletter(m)
    )
    assert.equal(nationalMail.parsed.subject, '(광고) Spring news')
    const english = await inbox.waitFor((m) => m.envelopeTo.includes(s.member.email) && isNewsletter(m))
    assert.equal(english.parsed.subject, 'Spring news')
  }).timeout(60_000)

  test('SMTP refusals and dropped connections: every eligible member gets exactly one message after retries', async ({
    client,
    assert,
  }) => {
    const { t } = await tenantWithPolicy(client, T0)
    const emails = ['a@retry.example', 'b@retry.example', 'c@retry.example', 'd@retry.example']
    for (const email of emails) {
      const m = await withTenant(t.tenant.id, () => new MemberService().create({ email, locale: 'en' }))
      await optIn(t, m)
    }
    await drainMail()
    inbox.failNext = 3
    inbox.dropNext = 2
    const { id, stats } = await sendCampaign(client, t)
    await new Promise((r) => setTimeout(r, 500))
    const received = inbox.messages.filter(isNewsletter).flatMap((m) => m.envelopeTo)
    assert.deepEqual(received.sort(), emails)
    assert.equal(stats.deliveries.sent, 4)
    assert.isAtLeast(stats.smtpAttempts, 4 + 5)
    const listed = await client
      .get('/v1/admin/newsletters/campaigns')
      .header('authorization', `Bearer ${t.secretKey}`)
    assert.deepEqual(
      listed.body().data.find((c: { id: string }) => c.id === id).deliveries,
      stats.deliveries,
      'the list counts deliveries as the statistics do'
    )
    const recipients = await adminApi(client, t).recipients(id)
    recipients.assertStatus(200)
    assert.lengthOf(recipients.body().data, 4)
    for (const r of recipients.body().data) {
      assert.match(r.member, /^mb_/)
      assert.notInclude(JSON.stringify(r), '@', 'no address in the recipient list or stored SMTP error')
    }
    const audit = await withTenant(t.tenant.id, () =>
      AuditEvent.query().where('action', 'newsletter.recipients_read').first()
    )
    assert.isNotNull(audit, 'reading recipients is audited')
  }).timeout(90_000)

  test('a withdrawal during a campaign stops that member’s mail (checked again right before sending)', async ({
    client,
    assert,
  }) => {
    const { t } = await tenantWithPolicy(client, T0)
    const members: Member[] = []
    for (const email of ['stays@mid.example', 'leaves@mid.example']) {
      const m = await withTenant(t.tenant.id, () => new MemberService().create({ email, locale: 'en' }))
      await optIn(t, m)
      members.push(m)
    }
    const api = adminApi(client, t)
    const created = await api.create({ name: 'Mid', content: CONTENT })
    const campaign = await withTenant(t.tenant.id, () =>
      Campaign.findByOrFail('public_id', created.body().id)
    )
    // Deliveries exist (audience fixed at start) but the leaver withdraws before their mail goes.
    await withTenant(t.tenant.id, () =>
      Campaign.query().where('id', campaign.id).update({ status: 'sending' })
    )
    const service = new CampaignService()
    const pause = queue('newsletters').pause()
    await pause
    await service.start({ tenantId: t.tenant.id, campaignId: campaign.id, scheduledAt: null })
    const consent = await app.container.make(ConsentService)
    await withTenant(t.tenant.id, () =>
      consent.decide(members[1]!, [{ purpose: 'marketing', action: 'withdraw' }], 'widget', META)
    )
    await queue('newsletters').resume()
    const stats = await waitFor(async () => {
      const s = (await api.stats(created.body().id)).body()
      return s.status === 'sent' ? s : undefined
    })
    assert.equal(stats.deliveries.sent, 1)
    assert.equal(stats.deliveries.skipped, 1)
    const received = inbox.messages.filter(isNewsletter).flatMap((m) => m.envelopeTo)
    assert.deepEqual(received, ['stays@mid.example'])
  }).timeout(60_000)
})

test.group('Newsletters: campaign input, isolation and concurrency', (group) => {
  isolateEachTest(group, T0)

  test('scripts, pixels, remote images and unsafe links are refused with the field at fault, nothing written', async ({
    client,
    assert,
  }) => {
    const s = await signedMember(client, T0, false)
    const api = adminApi(client, s.t)
    const bad: Array<[string, string]> = [
      ['Hello <script>alert(1)</script>', 'html'],
      ['![](https://tracker.example/pixel.gif)', 'image'],
      ['<img src="https://tracker.example/p.gif" width="1" height="1">', 'html'],
      ['[click](javascript:alert(1))', 'link'],
      ['[file](http://insecure.example)', 'link'],
      ['<iframe src="https://x.example"></iframe>', 'html'],
    ]
    for (const [body, rule] of bad) {
      const response = await api.create({ name: 'Bad', content: { en: { subject: 'Hi', body } } })
      response.assertStatus(422)
      assert.equal(response.header('content-type'), 'application/problem+json; charset=utf-8')
      assert.deepInclude(response.body().errors, {
        field: 'content.en.body',
        message: response.body().errors[0].message,
        rule,
      })
    }
    const noLocale = await api.create({ name: 'Bad', content: {} })
    noLocale.assertStatus(422)
    assert.equal(noLocale.body().errors[0].field, 'content')
    const missing = await api.create({ content: CONTENT })
    missing.assertStatus(422)
    assert.equal(missing.body().errors[0].field, 'name')
    const index = await client
      .get('/v1/admin/newsletters/campaigns')
      .header('authorization', `Bearer ${s.t.secretKey}`)
    assert.lengthOf(index.body().data, 0, 'no half-written campaign')

    const good = await api.create({ name: 'Good', content: CONTENT })
    good.assertStatus(201)
    const preview = await api.preview(good.body().id, 'ko')
    preview.assertStatus(200)
    assert.equal(preview.body().subject, '(광고) 봄 소식')
    assert.equal(preview.body().headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click')
    assert.notMatch(preview.body().html, /<img|<script/i)
  })

  test("another tenant's campaign is not found, whatever the operation", async ({ client }) => {
    const a = await signedMember(client, T0, false)
    const b = await signedMember(client, T0, false)
    const created = await adminApi(client, a.t).create({ name: 'Mine', content: CONTENT })
    const id = created.body().id
    for (const call of [
      adminApi(client, b.t).show(id),
      adminApi(client, b.t).send(id),
      adminApi(client, b.t).recipients(id),
      adminApi(client, b.t).preview(id),
    ]) {
      const r = await call
      r.assertStatus(404)
    }
    ;(await adminApi(client, a.t).show(id)).assertStatus(200)
  })

  test('100 concurrent starts of one campaign: exactly one wins, the rest get 409, never a 500', async ({
    client,
    assert,
  }) => {
    const s = await signedMember(client, T0, false)
    const api = adminApi(client, s.t)
    const created = await api.create({ name: 'Race', content: CONTENT })
    const statuses = await Promise.all(Array.from({ length: 100 }, () => api.sendRaw(created.body().id)))
    assert.equal(statuses.filter((x) => x === 202).length, 1)
    assert.equal(statuses.filter((x) => x === 409).length, 99)
    const many = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        api.create({ name: `C${i}`, content: CONTENT }).then((r) => r.status())
      )
    )
    assert.deepEqual([...new Set(many)], [201])
  }).timeout(60_000)

  test('two editors of one draft: a change based on a stale ETag is refused with 412, nothing overwritten', async ({
    client,
    assert,
  }) => {
    const s = await signedMember(client, T0, false)
    const auth = { authorization: `Bearer ${s.t.secretKey}` }
    const created = await adminApi(client, s.t).create({ name: 'Shared', content: CONTENT })
    const id = created.body().id as string
    const path = `/v1/admin/newsletters/campaigns/${id}`
    const loaded = await client.get(path).headers(auth)
    const tag = loaded.header('etag') as string
    assert.match(tag, /^"[A-Za-z0-9_-]+"$/)
    assert.equal(created.header('etag'), tag, 'the created draft answers the same tag as a read')

    const first = await client
      .patch(path)
      .headers({ ...auth, 'if-match': tag })
      .json({ name: 'First editor' })
    first.assertStatus(200)
    assert.notEqual(first.header('etag'), tag)

    const second = await client
      .patch(path)
      .headers({ ...auth, 'if-match': tag })
      .json({ content: { en: { subject: 'Second', body: 'Mine' } } })
    second.assertStatus(412)
    assert.match(second.body().type, /precondition-failed$/)
    assert.equal(second.body().currentEtag, first.header('etag'))
    const now = (await client.get(path).headers(auth)).body()
    assert.equal(now.name, 'First editor')
    assert.deepEqual(now.content, CONTENT, 'the stale change was not applied')

    // Two saves at once from the same loaded state: exactly one is applied.
    const current = first.header('etag') as string
    const statuses = await Promise.all(
      ['A', 'B'].map((who) =>
        fetch(url(path), {
          method: 'PATCH',
          headers: { ...auth, 'if-match': current, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `Editor ${who}` }),
        }).then((r) => r.status)
      )
    )
    assert.deepEqual(statuses.sort(), [200, 412])

    // Without If-Match a change applies as before (API clients that do not track versions).
    ;(await client.patch(path).headers(auth).json({ name: 'Scripted' })).assertStatus(200)
  })

  test('roles: an analyst reads but never composes or sends; recipients need their own permission, audited', async ({
    client,
    assert,
  }) => {
    const s = await signedMember(client, T0, false)
    const created = await adminApi(client, s.t).create({ name: 'Roles', content: CONTENT })
    const id = created.body().id as string
    const base = '/v1/admin/newsletters'
    const analyst = await staffSession(client, s.t, 'analyst')
    ;(await client.get(`${base}/campaigns`).headers(analyst)).assertStatus(200)
    ;(await client.get(`${base}/campaigns/${id}`).headers(analyst)).assertStatus(200)
    ;(await client.get(`${base}/audience`).headers(analyst)).assertStatus(200)
    ;(await client.get(`${base}/campaigns/${id}/preview`).headers(analyst)).assertStatus(200)
    for (const refused of [
      client.post(`${base}/campaigns`).headers(analyst).json({ name: 'Mine', content: CONTENT }),
      client.patch(`${base}/campaigns/${id}`).headers(analyst).json({ name: 'Mine' }),
      client.post(`${base}/campaigns/${id}/test`).headers(analyst).json({ to: 'x@clinic.example' }),
      client.post(`${base}/campaigns/${id}/schedule`).headers(analyst).json({ sendAt: '2030-01-01T00:00Z' }),
      client.post(`${base}/campaigns/${id}/send`).headers(analyst),
      client.post(`${base}/campaigns/${id}/cancel`).headers(analyst),
      client.get(`${base}/campaigns/${id}/recipients`).headers(analyst),
    ]) {
      ;(await refused).assertStatus(403)
    }
    const unchanged = (await adminApi(client, s.t).show(id)).body()
    assert.equal(unchanged.name, 'Roles')
    assert.equal(unchanged.status, 'draft')

    const officer = await staffSession(client, s.t, 'privacy_officer')
    ;(await client.get(`${base}/campaigns`).headers(officer)).assertStatus(403)
    ;(await client.get(`${base}/campaigns/${id}/recipients`).headers(officer)).assertStatus(200)
    const audit = await withTenant(s.t.tenant.id, () =>
      AuditEvent.query().where('action', 'newsletter.recipients_read').first()
    )
    assert.isNotNull(audit, 'the officer reading recipients is audited')
  })
})

test.group('Newsletters: quiet hours and the two-year re-confirmation', (group) => {
  withWorkers(group, ['mail'])
  isolateEachTest(group, T0)

  test('quiet hours are read in the member zone and wrap past midnight', async ({ assert }) => {
    const quiet = { start: '21:00', end: '08:00', timezone: 'Asia/Seoul' }
    // 2026-03-02T13:00Z is 22:00 in Seoul: quiet until 08:00 Seoul (23:00Z).
    assert.equal(
      quietUntil(new Date('2026-03-02T13:00:00Z'), quiet, 'Asia/Seoul')?.toISOString(),
      '2026-03-02T23:00:00.000Z'
    )
    assert.isNull(quietUntil(new Date('2026-03-02T13:00:00Z'), quiet, 'Europe/Berlin'), '14:00 in Berlin')
    assert.isNull(quietUntil(new Date('2026-03-02T13:00:00Z'), null, 'Asia/Seoul'), 'off by default')
    assert.equal(
      quietUntil(new Date('2026-03-02T20:30:00Z'), quiet, 'Asia/Seoul')?.toISOString(),
      '2026-03-02T23:00:00.000Z'
    )
  })

  test('two years after the opt-in the member is reminded once, with the date and how to withdraw', async ({
    client,
    assert,
  }) => {
    const s = await signedMember(client, T0, false)
    const consent = await app.container.make(ConsentService)
    await withTenant(s.t.tenant.id, () =>
      consent.decide(s.member, [{ purpose: 'marketing', action: 'grant' }], 'widget', META)
    )
    const link = confirmLink(await inbox.waitFor((m) => /confirm/i.test(m.parsed.subject ?? '')))!
    assert.equal((await fetch(url(link), form('confirm=yes'))).status, 200)
    const sweep = () => new ReconfirmService().sweep()
    clock.advance(2 * 365 * DAY - DAY)
    assert.equal(await sweep(), 0, 'not yet due')
    clock.advance(2 * DAY)
    inbox.clear()
    assert.equal(await sweep(), 1)
    assert.equal(await sweep(), 0, 'once')
    const reminder = await inbox.waitFor((m) => /reminder/i.test(m.parsed.subject ?? ''))
    const text = String(reminder.parsed.text)
    assert.include(text, 'On 2 March 2026 you agreed')
    assert.include(text, 'you need not do anything')
    assert.include(text, '/unsubscribe/nu_')
    assert.include(text, 'It is not advertising.')
  }).timeout(30_000)

  test('members can set their time zone; export and erasure include the newsletter data', async ({
    client,
    assert,
  }) => {
    const s: Signed = await signedMember(client, T0, false)
    await optIn(s.t, s.member)
    const bad = await memberFetch(s, '/v1/widget/me/newsletter', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timeZone: 'Mars/Olympus' }),
    })
    assert.equal(bad.status, 422)
    assert.equal(((await bad.json()) as Problem).errors[0].field, 'timeZone')
    const ok = await memberFetch(s, '/v1/widget/me/newsletter', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timeZone: 'Europe/Berlin' }),
    })
    assert.equal(ok.status, 200)
    assert.deepInclude((await ok.json()) as object, { status: 'confirmed', timeZone: 'Europe/Berlin' })
    const { MEMBER_DATA_SOURCES } = await import('#privacy_requests/member_data')
    const source = MEMBER_DATA_SOURCES.find((x) => x.key === 'newsletters')!
    const exported = (await withTenant(s.t.tenant.id, () => source.export(s.member))) as {
      subscription: { status: string }
    }
    assert.equal(exported.subscription.status, 'confirmed')
    await withTenant(s.t.tenant.id, () => source.erase(s.member))
    assert.isNull(
      await withTenant(s.t.tenant.id, () => NewsletterSubscription.findBy('member_id', s.member.id))
    )
  })
})
