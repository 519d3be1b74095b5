import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Tenant from '#tenancy/tenant'
import { asSystem } from '#tenancy/tenant_context'
import { makeTenant } from '#tests/support/tenants'
import { png } from '#tests/support/images'

const base = () => process.env.APP_URL!

/** PATCH /v1/admin/tenant over real HTTP (so concurrent calls really are concurrent). */
function patchTenant(secretKey: string, body: unknown, ifMatch?: string) {
  return fetch(`${base()}/v1/admin/tenant`, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${secretKey}`,
      'content-type': 'application/json',
      ...(ifMatch ? { 'if-match': ifMatch } : {}),
    },
    body: JSON.stringify(body),
  })
}

test.group('Tenant settings: ETag and If-Match (no lost update)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('GET answers an ETag; a PATCH with it succeeds and answers the next one', async ({
    client,
    assert,
  }) => {
    const t = await makeTenant()
    const auth = `Bearer ${t.secretKey}`
    const first = await client.get('/v1/admin/tenant').header('authorization', auth)
    first.assertStatus(200)
    const tag = first.header('etag')!
    assert.match(tag, /^"[A-Za-z0-9_-]{27}"$/)
    // The tag names the state: reading again gives the same one.
    assert.equal((await client.get('/v1/admin/tenant').header('authorization', auth)).header('etag')!, tag)

    const saved = await client
      .patch('/v1/admin/tenant')
      .header('authorization', auth)
      .header('if-match', tag)
      .json({ name: 'Renamed Clinic' })
    saved.assertStatus(200)
    assert.equal(saved.body().name, 'Renamed Clinic')
    const next = saved.header('etag')!
    assert.notEqual(next, tag)
    assert.equal((await client.get('/v1/admin/tenant').header('authorization', auth)).header('etag')!, next)
  })

  test('a PATCH with a stale If-Match is a 412 problem and changes nothing', async ({ client, assert }) => {
    const t = await makeTenant()
    const auth = `Bearer ${t.secretKey}`
    const stale = (await client.get('/v1/admin/tenant').header('authorization', auth)).header('etag')!
    ;(
      await client.patch('/v1/admin/tenant').header('authorization', auth).json({ legalName: 'First Co.' })
    ).assertStatus(200)

    const refused = await client
      .patch('/v1/admin/tenant')
      .header('authorization', auth)
      .header('if-match', stale)
      .json({ legalName: 'Second Co.' })
    refused.assertStatus(412)
    assert.include(refused.header('content-type'), 'application/problem+json')
    assert.equal(refused.body().type, 'https://tessera.dev/problems/precondition-failed')
    const current = (await client.get('/v1/admin/tenant').header('authorization', auth)).header('etag')!
    assert.equal(refused.body().currentEtag, current)
    const after = await asSystem('test', () => Tenant.findOrFail(t.tenant.id))
    assert.equal(after.legalName, 'First Co.')
  })

  test('a logo upload honours If-Match and changes the ETag', async ({ client, assert }) => {
    const t = await makeTenant()
    const auth = `Bearer ${t.secretKey}`
    const tag = (await client.get('/v1/admin/tenant').header('authorization', auth)).header('etag')!
    const put = (ifMatch: string) =>
      fetch(`${base()}/v1/admin/tenant/logo`, {
        method: 'PUT',
        headers: { authorization: auth, 'content-type': 'image/png', 'if-match': ifMatch },
        body: png(),
      })
    const stored = await put(tag)
    assert.equal(stored.status, 200)
    const next = stored.headers.get('etag')!
    assert.notEqual(next, tag)
    assert.equal((await client.get('/v1/admin/tenant').header('authorization', auth)).header('etag')!, next)
    assert.equal((await put(tag)).status, 412)
  })

  test('bad input is a 422 naming the field, never a 500', async ({ client, assert }) => {
    const t = await makeTenant()
    const auth = `Bearer ${t.secretKey}`
    const cases: Array<[unknown, string]> = [
      [{ allowedOrigins: ['https://ok.example', 'https://clinic.example/path'] }, 'allowedOrigins.1'],
      [{ allowedOrigins: ['<script>alert(1)</script>'] }, 'allowedOrigins.0'],
      [{ locales: ['en', 'fr'] }, 'locales.1'],
      [{ settings: { imageRetentionHours: 25 } }, 'settings.imageRetentionHours'],
      [{ settings: { newsletterRatePerSecond: 5000 } }, 'settings.newsletterRatePerSecond'],
      [
        { settings: { quietHours: { start: '25:00', end: '07:00', timezone: 'Asia/Seoul' } } },
        'settings.quietHours.start',
      ],
      [{ name: '<b>Clinic</b>' }, 'name'],
      [{ branding: { primaryColor: 'red;}</style>' } }, 'branding.primaryColor'],
      [{ allowedOrigins: Array.from({ length: 21 }, (_, i) => `https://o${i}.example`) }, 'allowedOrigins'],
    ]
    for (const [body, field] of cases) {
      const response = await client.patch('/v1/admin/tenant').header('authorization', auth).json(body)
      response.assertStatus(422)
      assert.include(
        response.body().errors.map((e: { field: string }) => e.field),
        field,
        JSON.stringify(body)
      )
    }
  })
})

test.group('Tenant settings: two admins saving at once', () => {
  test('with the same If-Match, exactly one of two concurrent saves wins; the other is a 412', async ({
    assert,
  }) => {
    // Real transactions (no global test transaction): the row lock is what is being tested.
    // The tenant stays behind (its audit chain may not be deleted); it is one of many in the test database.
    const t = await makeTenant()
    {
      const first = await fetch(`${base()}/v1/admin/tenant`, {
        headers: { authorization: `Bearer ${t.secretKey}` },
      })
      const tag = first.headers.get('etag')!
      const answers = await Promise.all(
        ['Officer One', 'Officer Two', 'Officer Three'].map((name) =>
          patchTenant(t.secretKey, { officer: { name } }, tag)
        )
      )
      const statuses = answers.map((a) => a.status).sort()
      assert.deepEqual(statuses, [200, 412, 412])
      const winner = (await answers.find((a) => a.status === 200)!.json()) as { officer: { name: string } }
      const after = await asSystem('test', () => Tenant.findOrFail(t.tenant.id))
      assert.equal(after.officerName, winner.officer.name)
    }
  })
})

test.group('API keys: publishable keys are shown again, secret keys never', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the list carries active publishable keys only; a revoked key is refused', async ({
    client,
    assert,
  }) => {
    const t = await makeTenant()
    const auth = `Bearer ${t.secretKey}`
    const created = await client
      .post('/v1/admin/keys')
      .header('authorization', auth)
      .json({ kind: 'secret', label: 'CI' })
    created.assertStatus(201)
    assert.match(created.body().key, /^sk_live_/)
    const list = (await client.get('/v1/admin/keys').header('authorization', auth)).body().data
    const publishable = list.find((k: { kind: string }) => k.kind === 'publishable')
    assert.equal(publishable.publishableKey, t.publishableKey)
    for (const key of list.filter((k: { kind: string }) => k.kind === 'secret')) {
      assert.isNull(key.publishableKey)
      assert.notProperty(key, 'key')
    }
    assert.notInclude(JSON.stringify(list), created.body().key)

    const revoke = await client.delete(`/v1/admin/keys/${created.body().id}`).header('authorization', auth)
    revoke.assertStatus(200)
    ;(
      await client.get('/v1/admin/tenant').header('authorization', `Bearer ${created.body().key}`)
    ).assertStatus(401)

    ;(await client.delete(`/v1/admin/keys/${publishable.id}`).header('authorization', auth)).assertStatus(200)
    const again = (await client.get('/v1/admin/keys').header('authorization', auth)).body().data
    assert.isNull(again.find((k: { id: string }) => k.id === publishable.id).publishableKey)
  })
})

test.group('Cookie inventory: bad and huge input', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  const entry = (i: number, patch: Record<string, unknown> = {}) => ({
    category: 'analytics',
    name: `cookie_${i}`,
    provider: 'Provider',
    duration: '1 year',
    purpose: { en: 'Counts visits', ko: '방문 수' },
    ...patch,
  })

  test('200 rows are stored, 201 are a 422 naming entries; a bad row names its field', async ({
    client,
    assert,
  }) => {
    const t = await makeTenant()
    const auth = `Bearer ${t.secretKey}`
    const put = (entries: unknown[]) =>
      client.put('/v1/admin/cookies/inventory').header('authorization', auth).json({ entries })

    const full = await put(Array.from({ length: 200 }, (_, i) => entry(i)))
    full.assertStatus(200)
    assert.lengthOf(full.body().entries, 200)

    const tooMany = await put(Array.from({ length: 201 }, (_, i) => entry(i)))
    tooMany.assertStatus(422)
    assert.include(
      tooMany.body().errors.map((e: { field: string }) => e.field),
      'entries'
    )

    const badRow = await put([
      entry(0),
      entry(1, { name: 'x'.repeat(129) }),
      entry(2, { category: 'Bad Category' }),
    ])
    badRow.assertStatus(422)
    const fields = badRow.body().errors.map((e: { field: string }) => e.field)
    assert.includeMembers(fields, ['entries.1.name', 'entries.2.category'])
    assert.notInclude(fields, 'entries.0.name')
    const kept = await client.get('/v1/admin/cookies/inventory').header('authorization', auth)
    assert.lengthOf(kept.body().entries, 200, 'a refused inventory changes nothing')
  })

  test('markup in a row is stored and served as text', async ({ client, assert }) => {
    const t = await makeTenant()
    const provider = '<img src=x onerror=alert(1)>'
    ;(
      await client
        .put('/v1/admin/cookies/inventory')
        .header('authorization', `Bearer ${t.secretKey}`)
        .json({ entries: [entry(0, { provider })] })
    ).assertStatus(200)
    const listed = await client
      .get('/v1/admin/cookies/inventory')
      .header('authorization', `Bearer ${t.secretKey}`)
    assert.equal(listed.body().entries[0].provider, provider)
    assert.include(listed.header('content-type'), 'application/json')
  })
})
