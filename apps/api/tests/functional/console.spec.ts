import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { makeTenant } from '#tests/support/tenants'

const base = () => process.env.APP_URL!

test.group('Admin console: who is signed in', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('GET /v1/admin/session names the role, e-mail, tenant and the role’s permissions', async ({
    client,
    assert,
  }) => {
    const t = await makeTenant()
    const session = await client
      .post('/v1/admin/sessions')
      .json({ tenant: t.tenant.publicId, email: t.owner.email, password: t.owner.password })
    const owner = { authorization: `Bearer ${session.body().token}` }

    const me = await client.get('/v1/admin/session').headers(owner)
    me.assertStatus(200)
    assert.equal(me.body().role, 'owner')
    assert.equal(me.body().email, t.owner.email)
    assert.deepEqual(me.body().tenant, { id: t.tenant.publicId, name: t.tenant.name })
    assert.includeMembers(me.body().permissions, ['tenant.read', 'tenant.update', 'admins.manage'])

    const added = await client.post('/v1/admin/admins').headers(owner).json({
      email: 'analyst@clinic.example',
      fullName: 'Ana Lyst',
      role: 'analyst',
      password: 'analyst-password-long',
    })
    added.assertStatus(201)
    const analystSession = await client.post('/v1/admin/sessions').json({
      tenant: t.tenant.publicId,
      email: 'analyst@clinic.example',
      password: 'analyst-password-long',
    })
    const analyst = { authorization: `Bearer ${analystSession.body().token}` }
    const analystMe = await client.get('/v1/admin/session').headers(analyst)
    assert.equal(analystMe.body().role, 'analyst')
    assert.include(analystMe.body().permissions, 'tenant.read')
    assert.notInclude(analystMe.body().permissions, 'tenant.update')
    assert.notInclude(analystMe.body().permissions, 'admins.read')
    ;(await client.patch('/v1/admin/tenant').headers(analyst).json({ name: 'Nope' })).assertStatus(403)

    const key = await client.get('/v1/admin/session').header('authorization', `Bearer ${t.secretKey}`)
    assert.equal(key.body().role, 'admin')
    assert.isNull(key.body().email)

    ;(await client.get('/v1/admin/session')).assertStatus(401)
    ;(await client.delete('/v1/admin/sessions/current').headers(owner)).assertStatus(204)
    ;(await client.get('/v1/admin/session').headers(owner)).assertStatus(401)
  })

  test('an invalid officer e-mail is a 422 naming the nested field', async ({ client, assert }) => {
    const t = await makeTenant()
    const response = await client
      .patch('/v1/admin/tenant')
      .header('authorization', `Bearer ${t.secretKey}`)
      .json({ officer: { email: 'not-an-address' } })
    response.assertStatus(422)
    assert.include(response.header('content-type'), 'application/problem+json')
    assert.equal(response.body().errors[0].field, 'officer.email')
  })
})

test.group('Admin console: the built files under /console', () => {
  test('the page carries a same-origin CSP; deep links answer the same page', async ({ assert }) => {
    for (const path of ['/console', '/console/', '/console/settings', '/console/a/deep/link']) {
      const response = await fetch(`${base()}${path}`)
      assert.equal(response.status, 200, path)
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8', path)
      assert.include(await response.text(), '<tessera-console>', path)
      const csp = response.headers.get('content-security-policy') ?? ''
      assert.include(csp, "default-src 'self'")
      assert.include(csp, "script-src 'self'")
      assert.notInclude(csp, 'unsafe-inline')
      assert.include(csp, "frame-ancestors 'none'")
      assert.equal(response.headers.get('x-frame-options'), 'DENY')
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff')
      assert.equal(response.headers.get('cache-control'), 'no-cache')
    }
  })

  test('hashed assets are cached for good; unknown files and escapes are 404 problems', async ({
    assert,
  }) => {
    const asset = await fetch(`${base()}/console/assets/console-AbCdEf12.js`)
    assert.equal(asset.status, 200)
    assert.equal(asset.headers.get('content-type'), 'text/javascript; charset=utf-8')
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable')
    assert.include(await asset.text(), 'tessera-console')

    for (const path of [
      '/console/assets/missing-AbCdEf12.js',
      '/console/%2e%2e/%2e%2e/package.json',
      '/console/..%2f..%2f.env.test',
      '/console/assets/console.exe',
    ]) {
      const response = await fetch(`${base()}${path}`)
      assert.equal(response.status, 404, path)
      assert.include(response.headers.get('content-type') ?? '', 'application/problem+json', path)
    }
  })
})
