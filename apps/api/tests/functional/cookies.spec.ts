import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { randomUUID } from 'node:crypto'
import type { ApiClient } from '@japa/api-client'
import clock from '#shared/clock'
import { tenantWithPolicy, type TestTenant } from '#tests/support/policies'
import { withTenant } from '#tenancy/tenant_context'
import LedgerService from '#consent/ledger_service'

const T0 = new Date('2026-06-01T10:00:00.000Z')
const base = () => process.env.APP_URL!

async function config(client: ApiClient, t: TestTenant, locale = 'en') {
  const response = await client
    .get(`/v1/widget/cookies/config?locale=${locale}`)
    .header('x-tessera-key', t.publishableKey)
    .header('origin', t.origin)
  response.assertStatus(200)
  return response.body()
}

/** Posts a receipt the way a beacon does: key in the query, JSON body as text/plain. */
function beacon(t: TestTenant, body: unknown, origin = t.origin, gpcHeader = false) {
  return fetch(`${base()}/v1/widget/cookies/receipts?key=${t.publishableKey}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin, ...(gpcHeader ? { 'sec-gpc': '1' } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

test.group('Cookie consent: configuration and receipts in the ledger', (group) => {
  group.each.setup(() => {
    clock.freeze(T0)
    return () => clock.reset()
  })
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the config lists the policy categories with their inventory, opt-in for a Korean tenant', async ({
    client,
    assert,
  }) => {
    const { t } = await tenantWithPolicy(client, T0)
    const put = await client
      .put('/v1/admin/cookies/inventory')
      .header('authorization', `Bearer ${t.secretKey}`)
      .json({
        entries: [
          {
            category: 'analytics',
            name: '_pk_id',
            provider: 'Self-hosted analytics',
            duration: '13 months',
            purpose: { en: 'Counts visits.', ko: '방문 수를 셉니다.' },
          },
        ],
      })
    put.assertStatus(200)
    const en = await config(client, t)
    assert.equal(en.regime, 'opt_in')
    assert.match(en.policyHash, /^[0-9a-f]{16}$/)
    assert.deepEqual(
      en.categories.map((c: { key: string }) => c.key),
      ['necessary', 'preferences', 'analytics', 'marketing']
    )
    assert.isTrue(en.categories[0].required)
    assert.deepEqual(en.categories[2].cookies, [
      { name: '_pk_id', provider: 'Self-hosted analytics', duration: '13 months', purpose: 'Counts visits.' },
    ])
    assert.equal((await config(client, t, 'ko')).categories[2].cookies[0].purpose, '방문 수를 셉니다.')
    assert.equal(en.expiresDays, 365)
  })

  test('a tenant elsewhere uses its own default regime', async ({ client, assert }) => {
    const { t } = await tenantWithPolicy(client, T0, {
      country: 'US',
      settings: { cookieRegimeDefault: 'opt_out' },
    })
    assert.equal((await config(client, t)).regime, 'opt_out')
  })

  test('a beacon receipt records a grant or deny per optional category, with GPC, and returns a visitor token', async ({
    client,
    assert,
  }) => {
    const { t } = await tenantWithPolicy(client, T0)
    const { policyHash } = await config(client, t)
    const visitorId = randomUUID()
    const response = await beacon(t, {
      visitorId,
      visitorToken: null,
      choices: { analytics: true, marketing: false },
      policyHash,
      gpc: true,
      source: 'banner',
    })
    assert.equal(response.status, 201)
    assert.equal(response.headers.get('access-control-allow-origin'), t.origin)
    const body = (await response.json()) as { receipt: string; visitorToken: string }
    assert.match(body.receipt, /^[0-9a-f]{64}$/)

    const events = await withTenant(t.tenant.id, () => new LedgerService().history('visitor', visitorId))
    assert.deepEqual(
      events.map((e) => `${e.targetKey}:${e.action}:${e.gpc}`),
      ['preferences:deny:true', 'analytics:grant:true', 'marketing:deny:true']
    )

    const again = await beacon(t, {
      visitorId,
      visitorToken: body.visitorToken,
      choices: { analytics: false },
      policyHash,
      gpc: false,
      source: 'settings',
    })
    assert.equal(again.status, 201)
    const state = await withTenant(t.tenant.id, () => new LedgerService().currentState('visitor', visitorId))
    assert.equal(state.get('cookie_category:analytics')!.action, 'deny', 'withdrawal recorded')
  })

  test("another visitor's id without its token is refused; a forged token too", async ({
    client,
    assert,
  }) => {
    const { t } = await tenantWithPolicy(client, T0)
    const { policyHash } = await config(client, t)
    const visitorId = randomUUID()
    await beacon(t, {
      visitorId,
      visitorToken: null,
      choices: { analytics: false },
      policyHash,
      gpc: false,
      source: 'banner',
    })
    for (const visitorToken of [null, 'forged-token']) {
      const response = await beacon(t, {
        visitorId,
        visitorToken,
        choices: { analytics: true },
        policyHash,
        gpc: false,
        source: 'banner',
      })
      assert.equal(response.status, 403)
    }
    const state = await withTenant(t.tenant.id, () => new LedgerService().currentState('visitor', visitorId))
    assert.equal(state.get('cookie_category:analytics')!.action, 'deny')
  })

  test('bad receipts: stale policy, unknown or 10 000 categories, bad ids, malformed, wrong origin', async ({
    client,
    assert,
  }) => {
    const { t } = await tenantWithPolicy(client, T0)
    const { policyHash } = await config(client, t)
    const ok = {
      visitorId: randomUUID(),
      visitorToken: null,
      choices: { analytics: true },
      policyHash,
      gpc: false,
      source: 'banner',
    }
    const cases: Array<[unknown, number, string?]> = [
      [{ ...ok, policyHash: '0123456789abcdef' }, 409],
      [{ ...ok, choices: { telemetry: true } }, 422, 'choices.telemetry'],
      [
        { ...ok, choices: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`c${i}`, true])) },
        422,
      ],
      [{ ...ok, visitorId: 'not-a-uuid' }, 422, 'visitorId'],
      [{ ...ok, choices: { analytics: 'yes' } }, 422],
      ['{"visitorId": ', 400],
      [{ ...ok, source: 'pixel' }, 422, 'source'],
    ]
    for (const [body, status, field] of cases) {
      const response = await beacon(t, body)
      assert.equal(response.status, status, JSON.stringify(body).slice(0, 60))
      if (field)
        assert.include(
          ((await response.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field),
          field
        )
    }
    assert.equal((await beacon(t, ok, 'https://evil.example')).status, 403)
    const events = await withTenant(t.tenant.id, () => new LedgerService().verify())
    assert.equal(events.events, 0, 'nothing was written')
  })

  test('consent statistics count decisions per category and day, without identifiers', async ({
    client,
    assert,
  }) => {
    const { t } = await tenantWithPolicy(client, T0)
    const { policyHash } = await config(client, t)
    for (const analytics of [true, true, false]) {
      await beacon(t, {
        visitorId: randomUUID(),
        visitorToken: null,
        choices: { analytics },
        policyHash,
        gpc: false,
        source: 'banner',
      })
    }
    const stats = await client
      .get('/v1/admin/consent/stats?from=2026-06-01&to=2026-06-01')
      .header('authorization', `Bearer ${t.secretKey}`)
    stats.assertStatus(200)
    const analytics = stats
      .body()
      .data.filter((r: { target: { key: string } }) => r.target.key === 'analytics')
    assert.deepEqual(analytics, [
      { day: '2026-06-01', target: { type: 'cookie_category', key: 'analytics' }, action: 'deny', count: 1 },
      { day: '2026-06-01', target: { type: 'cookie_category', key: 'analytics' }, action: 'grant', count: 2 },
    ])
    assert.notMatch(JSON.stringify(stats.body()), /[0-9a-f]{8}-[0-9a-f]{4}-/)

    for (const [qs, field] of [
      ['from=2026-02-31', 'from'],
      ['to=2026-13-01', 'to'],
      ['from=2026-06-02&to=2026-06-01', 'from'],
      ['from=yesterday', 'from'],
    ]) {
      const refused = await client
        .get(`/v1/admin/consent/stats?${qs}`)
        .header('authorization', `Bearer ${t.secretKey}`)
      refused.assertStatus(422)
      assert.equal(refused.body().errors[0].field, field, qs)
    }
  })
})
