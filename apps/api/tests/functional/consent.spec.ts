import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import ace from '@adonisjs/core/services/ace'
import type { ApiClient } from '@japa/api-client'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import clock from '#shared/clock'
import { inbox } from '#tests/support/smtp'
import { isolateEachTest, withWorkers } from '#tests/support/groups'
import { RESEARCH_PURPOSE, tenantWithPolicy, type TestTenant } from '#tests/support/policies'
import { withTenant } from '#tenancy/tenant_context'
import Member from '#members/member'
import ConsentService from '#consent/consent_service'
import LedgerService, { detailsHash } from '#consent/ledger_service'
import ConsentVerify from '#commands/consent_verify'
import { signIdentityToken } from '#members/identity_tokens'
import app from '@adonisjs/core/services/app'

const T0 = new Date('2026-05-04T08:00:00.000Z')
const DAY = 24 * 3600 * 1000

function w(client: ApiClient, t: TestTenant, session?: string) {
  const h = <R extends ReturnType<ApiClient['get']>>(r: R): R => {
    r.header('x-tessera-key', t.publishableKey).header('origin', t.origin)
    if (session) r.header('authorization', `Bearer ${session}`)
    return r
  }
  return {
    get: (path: string) => h(client.get(`/v1/widget${path}`)),
    post: (path: string, body: object) => h(client.post(`/v1/widget${path}`).json(body)),
    delete: (path: string) => h(client.delete(`/v1/widget${path}`)),
  }
}

function registration(t: TestTenant, policyVersion: string, overrides: Record<string, unknown> = {}) {
  return {
    firstName: 'Min-seo',
    lastName: 'Kang',
    company: 'Daegu General Hospital',
    nationality: 'kr',
    email: `min-seo.${Math.random().toString(36).slice(2)}@example.com`,
    locale: 'en',
    policyVersion,
    consents: [{ purpose: 'image_analysis', granted: true }],
    returnUrl: `${t.origin}/account`,
    ...overrides,
  }
}

/** Registers, follows the e-mailed link and returns the session. */
async function registerAndVerify(
  client: ApiClient,
  t: TestTenant,
  policyVersion: string,
  overrides: Record<string, unknown> = {}
) {
  const body = registration(t, policyVersion, overrides)
  ;(await w(client, t).post('/members', body)).assertStatus(202)
  const mail = await inbox.waitFor((m) => m.envelopeTo.includes(String(body.email)))
  const token = /tessera-verify=(mv_[0-9A-Za-z]+)/.exec(String(mail.parsed.text))![1]!
  const verified = await w(client, t).post('/members/verify', { token })
  verified.assertStatus(201)
  return {
    session: verified.body().session as string,
    email: String(body.email),
    token,
    member: verified.body().member,
  }
}

async function signInByLink(client: ApiClient, t: TestTenant, email: string) {
  inbox.clear()
  await w(client, t).post('/sessions/link', { email, returnUrl: `${t.origin}/` })
  const mail = await inbox.waitFor((m) => m.envelopeTo.includes(email))
  const token = /tessera-sign-in=(ml_[0-9A-Za-z]+)/.exec(String(mail.parsed.text))![1]!
  const signedIn = await w(client, t).post('/sessions', { token })
  signedIn.assertStatus(201)
  return signedIn.body().session as string
}

test.group('Registration with consent, e-mail verification and sign-in', (group) => {
  withWorkers(group, ['mail'])
  isolateEachTest(group, T0)

  test('a member registers, verifies by a single-use link and sees each purpose with its state', async ({
    client,
    assert,
  }) => {
    const { t, firstId } = await tenantWithPolicy(client, T0)
    const { session, email, token } = await registerAndVerify(client, t, firstId)

    const me = await w(client, t, session).get('/me')
    me.assertStatus(200)
    assert.equal(me.body().email, email)
    assert.equal(me.body().nationality, 'KR')
    assert.equal(me.body().status, 'active')

    const consents = await w(client, t, session).get('/me/consents')
    const byKey = Object.fromEntries(consents.body().purposes.map((p: { key: string }) => [p.key, p]))
    assert.equal(byKey.image_analysis.state, 'granted')
    assert.equal(
      byKey.marketing.state,
      'denied',
      'an optional purpose left unticked is recorded as a refusal'
    )
    assert.isNull(byKey.account.state, 'contract purposes are not consent-based')
    assert.isTrue(byKey.image_analysis.specialCategory)

    ;(await w(client, t).post('/members/verify', { token })).assertStatus(410)
  })

  test('the sign-up form gets the purposes of the policy in effect, nothing pre-decided', async ({
    client,
    assert,
  }) => {
    const { t, firstId } = await tenantWithPolicy(client, T0)
    const response = await w(client, t).get('/purposes?locale=ko')
    response.assertStatus(200)
    assert.equal(response.body().policyVersion, firstId)
    const image = response.body().purposes.find((p: { key: string }) => p.key === 'image_analysis')
    assert.deepInclude(image, {
      lawfulBasis: 'consent',
      consentBased: true,
      required: false,
      specialCategory: true,
    })
    assert.notProperty(image, 'state')
    assert.match(image.title, /[가-힣]/)
  })

  test('personal data is encrypted at rest: the raw rows hold no name, company or e-mail', async ({
    client,
    assert,
  }) => {
    const { t, firstId } = await tenantWithPolicy(client, T0)
    const { email } = await registerAndVerify(client, t, firstId)
    const rows = await db.from('members').where('tenant_id', t.tenant.id)
    const raw = JSON.stringify(rows)
    for (const plain of [email, 'Min-seo', 'Kang', 'Daegu General Hospital', email.split('@')[0]!])
      assert.notInclude(raw, plain)
    const member = await withTenant(t.tenant.id, () => Member.query().firstOrFail())
    assert.equal(member.email, email, 'decrypted in memory')
  })

  test('bad registrations are refused with the field at fault and write nothing', async ({
    client,
    assert,
  }) => {
    const { t, firstId } = await tenantWithPolicy(client, T0)
    const count = async () => [
      Number((await db.from('members').where('tenant_id', t.tenant.id).count('* as n'))[0].n),
      Number((await db.from('consent_events').where('tenant_id', t.tenant.id).count('* as n'))[0].n),
    ]
    const before = await count()
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ consents: [{ purpose: 'telepathy', granted: true }] }, 422, 'consents.0.purpose'],
      [{ consents: [{ purpose: 'account', granted: true }] }, 422, 'consents.0.purpose'],
      [{ returnUrl: 'https://evil.example/steal' }, 422, 'returnUrl'],
      [{ policyVersion: 'pv_outdated' }, 409, 'policyVersion'],
      [{ nationality: 'XX' }, 422, 'nationality'],
      [{ firstName: '<script>alert(1)</script>' }, 422, 'firstName'],
      [{ lastName: 'x'.repeat(10_000) }, 422, 'lastName'],
      [{ email: 'not-an-email' }, 422, 'email'],
      [
        { consents: Array.from({ length: 10_000 }, (_, i) => ({ purpose: `p${i}`, granted: true })) },
        422,
        'consents',
      ],
    ]
    for (const [override, status, field] of cases) {
      const response = await w(client, t).post('/members', registration(t, firstId, override))
      response.assertStatus(status)
      assert.include(
        response.body().errors.map((e: { field: string }) => e.field),
        field,
        JSON.stringify(override).slice(0, 80)
      )
    }
    assert.deepEqual(await count(), before)
    assert.lengthOf(inbox.messages, 0)
  })

  test('signing up again with a registered address sends a sign-in link, not a second account', async ({
    client,
    assert,
  }) => {
    const { t, firstId } = await tenantWithPolicy(client, T0)
    const { email } = await registerAndVerify(client, t, firstId)
    inbox.clear()
    ;(await w(client, t).post('/members', registration(t, firstId, { email }))).assertStatus(202)
    const mail = await inbox.waitFor((m) => m.envelopeTo.includes(email))
    assert.match(String(mail.parsed.subject), /already have an account/)
    assert.match(String(mail.parsed.text), /tessera-sign-in=ml_/)
    assert.equal(Number((await db.from('members').where('tenant_id', t.tenant.id).count('* as n'))[0].n), 1)
  })

  test('sign-in links are single use and expire; unknown addresses get the same answer and no mail', async ({
    client,
    assert,
  }) => {
    const { t, firstId } = await tenantWithPolicy(client, T0)
    const { email } = await registerAndVerify(client, t, firstId)
    inbox.clear()
    const unknown = await w(client, t).post('/sessions/link', {
      email: 'nobody@example.com',
      returnUrl: `${t.origin}/`,
    })
    const known = await w(client, t).post('/sessions/link', { email, returnUrl: `${t.origin}/` })
    assert.deepEqual(unknown.body(), known.body())
    const mail = await inbox.waitFor((m) => m.envelopeTo.includes(email))
    const token = /tessera-sign-in=(ml_[0-9A-Za-z]+)/.exec(String(mail.parsed.text))![1]!
    const signedIn = await w(client, t).post('/sessions', { token })
    signedIn.assertStatus(201)
    ;(await w(client, t).post('/sessions', { token })).assertStatus(410)

    await w(client, t).post('/sessions/link', { email, returnUrl: `${t.origin}/` })
    const second = await inbox.waitFor(
      (m) => m.envelopeTo.includes(email) && m.raw.includes('ml_') && !m.raw.includes(token)
    )
    const late = /tessera-sign-in=(ml_[0-9A-Za-z]+)/.exec(String(second.parsed.text))![1]!
    clock.freeze(new Date(T0.getTime() + 16 * 60 * 1000))
    ;(await w(client, t).post('/sessions', { token: late })).assertStatus(410)
    assert.notInclude(
      inbox.messages.flatMap((m) => m.envelopeTo),
      'nobody@example.com'
    )

    const session = signedIn.body().session
    ;(await w(client, t, session).delete('/sessions/current')).assertStatus(204)
    ;(await w(client, t, session).get('/me')).assertStatus(401)
  })

  test("a member session does not work with another tenant's key", async ({ client }) => {
    const a = await tenantWithPolicy(client, T0)
    const b = await tenantWithPolicy(client, T0)
    const { session } = await registerAndVerify(client, a.t, a.firstId)
    ;(await w(client, b.t, session).get('/me')).assertStatus(401)
    ;(
      await w(client, b.t, session).post('/me/consents', { purpose: 'image_analysis', action: 'withdraw' })
    ).assertStatus(401)
  })

  test('partner identity tokens: valid ones give a session; forged, expired or long-lived ones do not', async ({
    client,
    assert,
  }) => {
    const { t, firstId } = await tenantWithPolicy(client, T0)
    const { email } = await registerAndVerify(client, t, firstId)
    const rotated = await client
      .post('/v1/admin/identity-secret')
      .header('authorization', `Bearer ${t.secretKey}`)
    rotated.assertStatus(201)
    const secret = rotated.body().secret as string
    const now = Math.floor(T0.getTime() / 1000)
    const ok = await w(client, t).post('/sessions/identity', {
      token: signIdentityToken(secret, { email, exp: now + 300 }),
    })
    ok.assertStatus(201)
    assert.equal(ok.body().member.email, email)
    for (const token of [
      signIdentityToken('ids_wrong', { email, exp: now + 300 }),
      signIdentityToken(secret, { email, exp: now - 1 }),
      signIdentityToken(secret, { email, exp: now + 3600 }),
      'garbage',
      signIdentityToken(secret, { email, exp: now + 300 }) + '.extra',
    ]) {
      ;(await w(client, t).post('/sessions/identity', { token })).assertStatus(401)
    }
    ;(
      await w(client, t).post('/sessions/identity', {
        token: signIdentityToken(secret, { email: 'stranger@example.com', exp: now + 60 }),
      })
    ).assertStatus(404)
    const raw = await db.from('tenants').where('id', t.tenant.id).first()
    assert.notInclude(JSON.stringify(raw), secret, 'identity secret encrypted at rest')
  })
})

test.group('Consent decisions, withdrawal and the re-consent gate', (group) => {
  withWorkers(group, ['mail'])
  isolateEachTest(group, T0)

  test('withdrawing is one call, and the gate then refuses processing', async ({ client, assert }) => {
    const { t, firstId } = await tenantWithPolicy(client, T0)
    const { session, member } = await registerAndVerify(client, t, firstId)
    const consent = await app.container.make(ConsentService)
    const row = await withTenant(t.tenant.id, () => Member.findByOrFail('public_id', member.id))
    await withTenant(t.tenant.id, () => consent.assertAllowed(row, 'image_analysis'))

    const withdrawn = await w(client, t, session).post('/me/consents', {
      purpose: 'image_analysis',
      action: 'withdraw',
    })
    withdrawn.assertStatus(201)
    assert.equal(withdrawn.body().purpose.state, 'withdrawn')
    await assert.rejects(
      () => withTenant(t.tenant.id, () => consent.assertAllowed(row, 'image_analysis')),
      /has not consented/
    )
    await assert.rejects(
      () => withTenant(t.tenant.id, () => consent.assertAllowed(row, 'marketing')),
      /has not consented/
    )

    const unknown = await w(client, t, session).post('/me/consents', {
      purpose: 'telepathy',
      action: 'grant',
    })
    unknown.assertStatus(422)
    assert.equal(unknown.body().errors[0].field, 'purpose')
    ;(
      await w(client, t, session).post('/me/consents', { purpose: 'image_analysis', action: 'maybe' })
    ).assertStatus(422)
  })

  test('when a changed consent purpose takes effect, processing waits for a fresh answer', async ({
    client,
    assert,
  }) => {
    const { t, api, firstId } = await tenantWithPolicy(client, T0)
    const { session, member } = await registerAndVerify(client, t, firstId)
    const draft = await api.draft()
    const purposes = draft
      .body()
      .content.purposes.map((p: { key: string; description: { en: string; ko: string } }) =>
        p.key === 'image_analysis'
          ? {
              ...p,
              description: {
                en: `${p.description.en} Results are kept 24 hours.`,
                ko: `${p.description.ko} 결과는 24시간 보관됩니다.`,
              },
            }
          : p
      )
    await api.patch(draft.body().id, { purposes: [...purposes, RESEARCH_PURPOSE] })
    ;(await api.publish(draft.body().id, new Date(T0.getTime() + 30 * DAY).toISOString())).assertStatus(200)

    const consent = await app.container.make(ConsentService)
    const row = await withTenant(t.tenant.id, () => Member.findByOrFail('public_id', member.id))
    await withTenant(t.tenant.id, () => consent.assertAllowed(row, 'image_analysis'))

    clock.freeze(new Date(T0.getTime() + 30 * DAY + 1000))
    await assert.rejects(
      () => withTenant(t.tenant.id, () => consent.assertAllowed(row, 'image_analysis')),
      /answer again/
    )
    ;(await w(client, t, session).get('/me')).assertStatus(401) // the 30-day session has ended too
    const session2 = await signInByLink(client, t, row.email)
    const choices = await w(client, t, session2).get('/me/consents')
    const image = choices.body().purposes.find((p: { key: string }) => p.key === 'image_analysis')
    assert.isTrue(image.needsAnswer)
    assert.equal(choices.body().policyVersion, draft.body().id)

    ;(
      await w(client, t, session2).post('/me/consents', {
        purpose: 'image_analysis',
        action: 'grant',
        policyVersion: draft.body().id,
      })
    ).assertStatus(201)
    await withTenant(t.tenant.id, () => consent.assertAllowed(row, 'image_analysis'))
    const after = await w(client, t, session2).get('/me/consents')
    assert.isFalse(after.body().purposes.find((p: { key: string }) => p.key === 'image_analysis').needsAnswer)
  })

  test('proof export per member validates against the published schema; the tenant export is NDJSON; both audited', async ({
    client,
    assert,
  }) => {
    const { t, firstId } = await tenantWithPolicy(client, T0)
    const { session, member } = await registerAndVerify(client, t, firstId)
    await w(client, t, session).post('/me/consents', { purpose: 'marketing', action: 'grant' })
    const auth = { authorization: `Bearer ${t.secretKey}` }
    const proof = await client
      .get(`/v1/admin/members/${member.id}/consent-proof?reason=member%20asked%20for%20proof`)
      .headers(auth)
    proof.assertStatus(200)
    const schema = (await client.get('/v1/schemas/consent-proof.json')).body()
    const ajv = new Ajv2020({ allErrors: true })
    addFormats.default(ajv)
    const valid = ajv.validate(schema, proof.body())
    assert.isTrue(valid, JSON.stringify(ajv.errors))
    assert.isTrue(proof.body().chain.verified)
    assert.deepEqual(
      proof
        .body()
        .events.map((e: { target: { key: string }; action: string }) => `${e.target.key}:${e.action}`),
      ['image_analysis:grant', 'marketing:deny', 'marketing:grant']
    )
    // Every hash can be recomputed from the export: the details commitment too.
    const first = proof.body().events[0]
    assert.equal(
      first.detailsHash,
      detailsHash(first.details.salt, first.details.ip, first.details.userAgent)
    )
    const ndjson = await client
      .get('/v1/admin/consent/export?reason=quarterly%20consent%20audit')
      .headers(auth)
    ndjson.assertStatus(200)
    assert.include(ndjson.header('content-type'), 'application/x-ndjson')
    const lines = ndjson
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    assert.lengthOf(lines, 3)
    assert.equal(lines[2].prevHash, lines[1].hash)
    const audit = await db
      .from('audit_events')
      .where('tenant_id', t.tenant.id)
      .whereIn('action', ['consent.proof_exported', 'consent.ledger_exported'])
    assert.lengthOf(audit, 2)
    ;(
      await client.get('/v1/admin/members/mb_nobody/consent-proof?reason=checking%20a%20typo').headers(auth)
    ).assertStatus(404)
  })
})

test.group('Consent ledger integrity (hash chain, append-only)', (group) => {
  group.each.setup(() => {
    clock.freeze(T0)
    return () => clock.reset()
  })
  // No global transaction: triggers are dropped and recreated here, which MySQL commits implicitly.

  test('the database refuses updates and deletes; verify detects altered, removed and reordered events', async ({
    client,
    assert,
  }) => {
    const { t } = await tenantWithPolicy(client, T0)
    const ledger = new LedgerService()
    await withTenant(t.tenant.id, () =>
      ledger.append(
        ['a', 'b', 'c', 'd'].map((k) => ({
          subjectType: 'visitor' as const,
          subjectId: `v-${k}`,
          targetType: 'cookie_category' as const,
          targetKey: 'analytics',
          action: 'grant' as const,
          source: 'banner' as const,
        }))
      )
    )
    const verify = () => withTenant(t.tenant.id, () => ledger.verify())
    assert.isTrue((await verify()).ok)
    await assert.rejects(
      () => db.from('consent_events').where('tenant_id', t.tenant.id).update({ action: 'deny' }),
      /append-only/
    )
    await assert.rejects(
      () => db.from('consent_events').where('tenant_id', t.tenant.id).delete(),
      /append-only/
    )

    await db.rawQuery('DROP TRIGGER IF EXISTS consent_events_no_update')
    await db.rawQuery('DROP TRIGGER IF EXISTS consent_events_no_delete')
    try {
      await db.from('consent_events').where({ tenant_id: t.tenant.id, seq: 2 }).update({ action: 'deny' })
      let report = await verify()
      assert.deepEqual(
        report.problems.map((p) => [p.seq, p.kind]),
        [[2, 'altered']]
      )

      await db.from('consent_events').where({ tenant_id: t.tenant.id, seq: 2 }).update({ action: 'grant' })
      await db.from('consent_events').where({ tenant_id: t.tenant.id, seq: 3 }).delete()
      report = await verify()
      assert.include(
        report.problems.map((p) => p.kind),
        'missing'
      )

      await db.from('consent_events').where({ tenant_id: t.tenant.id, seq: 4 }).delete()
      report = await verify()
      assert.include(
        report.problems.map((p) => p.kind),
        'head_mismatch'
      )

      ace.ui.switchMode('raw')
      const command = await ace.create(ConsentVerify, [`--tenant=${t.tenant.publicId}`])
      await command.exec()
      assert.equal(command.exitCode, 1)
      ace.ui.switchMode('normal')
    } finally {
      await db.rawQuery(
        db.connection().dialect.name === 'mysql'
          ? "CREATE TRIGGER consent_events_no_update BEFORE UPDATE ON consent_events FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'consent_events is append-only'"
          : "CREATE TRIGGER consent_events_no_update BEFORE UPDATE ON consent_events BEGIN SELECT RAISE(ABORT, 'consent_events is append-only'); END"
      )
      await db.rawQuery(
        db.connection().dialect.name === 'mysql'
          ? "CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'consent_events is append-only'"
          : "CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events BEGIN SELECT RAISE(ABORT, 'consent_events is append-only'); END"
      )
    }
  })

  test('concurrent appends extend one chain without gaps or reused hashes', async ({ client, assert }) => {
    const { t } = await tenantWithPolicy(client, T0)
    const ledger = new LedgerService()
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withTenant(t.tenant.id, () =>
          ledger.append([
            {
              subjectType: 'visitor',
              subjectId: `c-${i}`,
              targetType: 'cookie_category',
              targetKey: 'marketing',
              action: 'deny',
              source: 'banner',
            },
          ])
        )
      )
    )
    const report = await withTenant(t.tenant.id, () => ledger.verify())
    assert.isTrue(report.ok, JSON.stringify(report.problems))
    assert.equal(report.events, 20)

    // Erasing a subject's personal details leaves a chain that still verifies.
    assert.equal(await withTenant(t.tenant.id, () => ledger.eraseDetails('visitor', 'c-3')), 1)
    const afterErasure = await withTenant(t.tenant.id, () => ledger.verify())
    assert.isTrue(afterErasure.ok)
    assert.lengthOf(await db.from('consent_event_details').where('tenant_id', t.tenant.id), 19)
    const ok = await withTenant(t.tenant.id, async () => {
      const cmd = await ace.create(ConsentVerify, [`--tenant=${t.tenant.publicId}`, '--json'])
      ace.ui.switchMode('raw')
      await cmd.exec()
      ace.ui.switchMode('normal')
      return cmd.exitCode
    })
    assert.equal(ok ?? 0, 0)
  })
})
