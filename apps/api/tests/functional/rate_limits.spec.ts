import { test } from '@japa/runner'
import type { ApiResponse } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import { rateLimits } from '#start/limiter'
import { isolateEachTest, withWorkers } from '#tests/support/groups'
import { makeTenant } from '#tests/support/tenants'
import { signedMember, memberFetch } from '#tests/support/members'
import { inbox } from '#tests/support/smtp'

const T0 = new Date('2026-07-06T03:00:00.000Z')

/** Every test client is 127.0.0.1, so the suite runs with limits off; this group turns them on. */
function limitsOn(group: Parameters<typeof isolateEachTest>[0]) {
  group.each.setup(async () => {
    rateLimits.enabled = true
    await limiter.clear()
    return async () => {
      rateLimits.enabled = false
      await limiter.clear()
    }
  })
}

function assertRateLimited(response: ApiResponse) {
  if (response.status() !== 429) throw new Error(`expected 429, got ${response.status()}`)
  const retryAfter = Number(response.header('retry-after'))
  if (!(retryAfter > 0)) throw new Error(`Retry-After should be positive seconds, got ${retryAfter}`)
  if (!/problem\+json/.test(response.header('content-type') ?? ''))
    throw new Error('429 should be problem+json')
  if (response.body().type !== 'https://tessera.dev/problems/rate-limited')
    throw new Error(`wrong problem type ${response.body().type}`)
  if (response.body().retryAfter !== retryAfter) throw new Error('retryAfter differs from the header')
}

test.group('Rate limits', (group) => {
  isolateEachTest(group, T0)
  withWorkers(group, ['mail'])
  limitsOn(group)

  test('staff sign-in: 10 tries per account, then even the right password waits; others are not blocked', async ({
    client,
    assert,
  }) => {
    const a = await makeTenant()
    const b = await makeTenant()
    const wrong = { tenant: a.tenant.publicId, email: a.owner.email, password: 'not the password' }
    for (let i = 0; i < 10; i++) (await client.post('/v1/admin/sessions').json(wrong)).assertStatus(401)

    const blocked = await client.post('/v1/admin/sessions').json(wrong)
    assertRateLimited(blocked)
    assert.match(blocked.body().detail, /Try again in \d+ seconds?/)
    const right = await client.post('/v1/admin/sessions').json({ ...wrong, password: a.owner.password })
    assertRateLimited(right)

    // Another account from the same address still signs in (the per-IP limit is wider).
    const other = await client
      .post('/v1/admin/sessions')
      .json({ tenant: b.tenant.publicId, email: b.owner.email, password: b.owner.password })
    other.assertStatus(201)

    // The counters name accounts by hash only.
    const keys = (await db.from('rate_limits').select('key')).map((r) => String(r.key))
    assert.isAbove(keys.length, 0)
    for (const key of keys) {
      assert.notInclude(key, '@', 'no e-mail address in a rate-limit key')
      assert.notInclude(key, a.tenant.publicId)
    }
  })

  test('staff sign-in from one address: 50 tries across accounts, then 429', async ({ client }) => {
    const t = await makeTenant()
    for (let i = 0; i < 50; i++) {
      const response = await client
        .post('/v1/admin/sessions')
        .json({ tenant: t.tenant.publicId, email: `nobody${i}@clinic.example`, password: 'x'.repeat(12) })
      response.assertStatus(401)
    }
    assertRateLimited(
      await client
        .post('/v1/admin/sessions')
        .json({ tenant: t.tenant.publicId, email: t.owner.email, password: t.owner.password })
    )
  })

  test('sign-in links: 5 per address per hour, and no sixth e-mail', async ({ client, assert }) => {
    const s = await signedMember(client, T0)
    const email = s.member.email
    const ask = () =>
      memberFetch(s, '/v1/widget/sessions/link', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, locale: 'en', returnUrl: `${s.t.origin}/account` }),
      })
    for (let i = 0; i < 5; i++) assert.equal((await ask()).status, 202)
    const sixth = await ask()
    assert.equal(sixth.status, 429)
    assert.isAbove(Number(sixth.headers.get('retry-after')), 0)
    assert.equal(((await sixth.json()) as { type: string }).type, 'https://tessera.dev/problems/rate-limited')
    await inbox.waitFor(() => inbox.messages.filter((m) => m.envelopeTo.includes(email)).length >= 5)
    await new Promise((r) => setTimeout(r, 300))
    assert.equal(inbox.messages.filter((m) => m.envelopeTo.includes(email)).length, 5)
  })

  test('registration: 5 per address per hour (the 6th gets 429 before any validation or e-mail)', async ({
    client,
    assert,
  }) => {
    const s = await signedMember(client, T0)
    const register = () =>
      memberFetch(s, '/v1/widget/members', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // Invalid on purpose: the limit counts attempts, valid or not.
        body: JSON.stringify({ email: 'Same.Person@example.com' }),
      })
    for (let i = 0; i < 5; i++) assert.equal((await register()).status, 422)
    assert.equal((await register()).status, 429)
  })

  test('privacy requests: 10 per member per day, whatever their outcome', async ({ client, assert }) => {
    const s = await signedMember(client, T0)
    const file = () =>
      memberFetch(s, '/v1/widget/me/requests', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'access' }),
      })
    const statuses = []
    for (let i = 0; i < 10; i++) statuses.push((await file()).status)
    assert.notInclude(statuses, 429)
    assert.notInclude(statuses, 500)
    assert.equal((await file()).status, 429)
  })

  test('with the limits off (RATE_LIMITS_ENABLED=false) nothing is refused', async ({ client }) => {
    rateLimits.enabled = false
    const t = await makeTenant()
    const wrong = { tenant: t.tenant.publicId, email: t.owner.email, password: 'not the password' }
    for (let i = 0; i < 12; i++) (await client.post('/v1/admin/sessions').json(wrong)).assertStatus(401)
  })
})
