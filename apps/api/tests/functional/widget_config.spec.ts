import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { makeTenant } from '#tests/support/tenants'

test.group('Widget endpoints: publishable key and allowed origins', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('answers the config to an allowed origin, with CORS for that origin only', async ({
    client,
    assert,
  }) => {
    const t = await makeTenant({
      branding: { primaryColor: '#123456', fontFamily: 'Inter, sans-serif' },
      officer: { name: 'Min-jun Kim', department: 'Legal', email: 'dpo@clinic.example' },
    })
    const response = await client
      .get('/v1/widget/config')
      .header('x-tessera-key', t.publishableKey)
      .header('origin', t.origin)
    response.assertStatus(200)
    assert.equal(response.header('access-control-allow-origin'), t.origin)
    assert.include(response.header('vary') ?? '', 'Origin')
    const body = response.body()
    assert.equal(body.tenant.id, t.tenant.publicId)
    assert.equal(body.branding.primaryColor, '#123456')
    assert.equal(body.branding.fontFamily, 'Inter, sans-serif')
    assert.deepEqual(body.officer, { name: 'Min-jun Kim', department: 'Legal', email: 'dpo@clinic.example' })
    assert.deepEqual(body.locales, { default: 'en', supported: ['en', 'ko'] })
    assert.isTrue(body.features.privacyContact)
    assert.notProperty(body.branding, 'logoKey')
    assert.notProperty(body.tenant, 'settings')
  })

  test('accepts the key as a query parameter too', async ({ client }) => {
    const t = await makeTenant()
    const response = await client.get(`/v1/widget/config?key=${t.publishableKey}`).header('origin', t.origin)
    response.assertStatus(200)
  })

  test('refuses a disallowed origin with 403 and no CORS header', async ({ client, assert }) => {
    const t = await makeTenant()
    const response = await client
      .get('/v1/widget/config')
      .header('x-tessera-key', t.publishableKey)
      .header('origin', 'https://evil.example')
    response.assertStatus(403)
    assert.equal(response.body().type, 'https://tessera.dev/problems/origin-not-allowed')
    assert.isUndefined(response.header('access-control-allow-origin'))
  })

  test("refuses another tenant's origin", async ({ client }) => {
    const a = await makeTenant()
    const b = await makeTenant()
    const response = await client
      .get('/v1/widget/config')
      .header('x-tessera-key', a.publishableKey)
      .header('origin', b.origin)
    response.assertStatus(403)
  })

  test('refuses a request without Origin', async ({ client, assert }) => {
    const t = await makeTenant()
    const response = await client.get('/v1/widget/config').header('x-tessera-key', t.publishableKey)
    response.assertStatus(403)
    assert.equal(response.body().type, 'https://tessera.dev/problems/origin-required')
  })

  test('refuses missing, unknown, malformed and revoked keys with 401', async ({ client, assert }) => {
    const t = await makeTenant()
    const missing = await client.get('/v1/widget/config').header('origin', t.origin)
    missing.assertStatus(401)
    const unknown = await client
      .get('/v1/widget/config')
      .header('x-tessera-key', 'pk_live_doesnotexist')
      .header('origin', t.origin)
    unknown.assertStatus(401)
    const junk = await client
      .get('/v1/widget/config')
      .header('x-tessera-key', "' OR 1=1 --")
      .header('origin', t.origin)
    junk.assertStatus(401)

    const list = await client.get('/v1/admin/keys').header('authorization', `Bearer ${t.secretKey}`)
    const pk = list.body().data.find((k: { kind: string }) => k.kind === 'publishable')
    const revoked = await client
      .delete(`/v1/admin/keys/${pk.id}`)
      .header('authorization', `Bearer ${t.secretKey}`)
    revoked.assertStatus(200)
    assert.isString(revoked.body().revokedAt)
    const after = await client
      .get('/v1/widget/config')
      .header('x-tessera-key', t.publishableKey)
      .header('origin', t.origin)
    after.assertStatus(401)
  })

  test('refuses a secret key on a widget endpoint and says to revoke it', async ({ client, assert }) => {
    const t = await makeTenant()
    const response = await client
      .get('/v1/widget/config')
      .header('x-tessera-key', t.secretKey)
      .header('origin', t.origin)
    response.assertStatus(403)
    assert.equal(response.body().type, 'https://tessera.dev/problems/secret-key-in-browser')
    assert.notInclude(JSON.stringify(response.body()), t.secretKey)
  })

  test('answers a CORS preflight for an allowed origin and refuses others', async ({ client, assert }) => {
    const t = await makeTenant()
    const ok = await client
      .options('/v1/widget/config')
      .header('origin', t.origin)
      .header('access-control-request-method', 'GET')
      .header('access-control-request-headers', 'x-tessera-key')
    ok.assertStatus(204)
    assert.equal(ok.header('access-control-allow-origin'), t.origin)
    assert.include(ok.header('access-control-allow-headers'), 'x-tessera-key')

    const withKey = await client
      .options(`/v1/widget/config?key=${t.publishableKey}`)
      .header('origin', t.origin)
    withKey.assertStatus(204)

    const bad = await client.options('/v1/widget/config').header('origin', 'https://evil.example')
    bad.assertStatus(403)
    assert.isUndefined(bad.header('access-control-allow-origin'))

    const other = await makeTenant()
    const wrongKey = await client
      .options(`/v1/widget/config?key=${t.publishableKey}`)
      .header('origin', other.origin)
    wrongKey.assertStatus(403)
  })

  test('a preflight allows every header the tus upload client sends (a real browser checks each)', async ({
    client,
    assert,
  }) => {
    const t = await makeTenant()
    const requested = [
      'tus-resumable',
      'upload-length',
      'upload-metadata',
      'upload-offset',
      'x-tessera-key',
      'authorization',
    ]
    for (const method of ['POST', 'PATCH', 'HEAD']) {
      const preflight = await client
        .options('/v1/widget/me/tus')
        .header('origin', t.origin)
        .header('access-control-request-method', method)
        .header('access-control-request-headers', requested.join(','))
      preflight.assertStatus(204)
      const allowedHeaders = (preflight.header('access-control-allow-headers') ?? '').split(/,\s*/)
      for (const header of requested) assert.include(allowedHeaders, header)
      assert.include((preflight.header('access-control-allow-methods') ?? '').split(/,\s*/), method)
    }
  })

  test('escapes nothing in JSON but keeps hostile tenant strings as plain data', async ({
    client,
    assert,
  }) => {
    const hostile = `Clinic "<img src=x onerror=alert(1)>" ' OR 1=1; DROP TABLE tenants; --`
    const t = await makeTenant({ legalName: hostile.replace(/[<>]/g, '') })
    const response = await client
      .get('/v1/widget/config')
      .header('x-tessera-key', t.publishableKey)
      .header('origin', t.origin)
    response.assertStatus(200)
    assert.equal(response.body().tenant.legalName, hostile.replace(/[<>]/g, ''))
    assert.include(response.header('content-type'), 'application/json')
  })
})
