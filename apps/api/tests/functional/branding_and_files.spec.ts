import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { makeTenant } from '#tests/support/tenants'
import { png } from '#tests/support/images'

const tinyPng = () => png()

const base = () => process.env.APP_URL!

test.group('Branding logo in object storage (drive)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a PNG logo is stored and served back byte for byte, and appears in the widget config', async ({
    client,
    assert,
  }) => {
    const t = await makeTenant()
    const png = tinyPng()
    const put = await fetch(`${base()}/v1/admin/tenant/logo`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${t.secretKey}`, 'content-type': 'image/png' },
      body: png,
    })
    assert.equal(put.status, 200)
    const get = await fetch(`${base()}/v1/branding/${t.tenant.publicId}/logo`)
    assert.equal(get.status, 200)
    assert.equal(get.headers.get('content-type'), 'image/png')
    assert.equal(get.headers.get('cross-origin-resource-policy'), 'cross-origin')
    assert.deepEqual(Buffer.from(await get.arrayBuffer()), png)

    const config = await client
      .get('/v1/widget/config')
      .header('x-tessera-key', t.publishableKey)
      .header('origin', t.origin)
    assert.equal(config.body().branding.logoUrl, `${base()}/v1/branding/${t.tenant.publicId}/logo`)
  })

  test('SVG, mislabelled and oversized logos are refused and nothing changes', async ({ assert }) => {
    const t = await makeTenant()
    const svg = await fetch(`${base()}/v1/admin/tenant/logo`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${t.secretKey}`, 'content-type': 'image/svg+xml' },
      body: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    })
    assert.equal(svg.status, 415)
    const fake = await fetch(`${base()}/v1/admin/tenant/logo`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${t.secretKey}`, 'content-type': 'image/png' },
      body: 'GIF89a not a png',
    })
    assert.equal(fake.status, 422)
    assert.equal(((await fake.json()) as { errors: Array<{ field: string }> }).errors[0]!.field, 'body')
    const huge = await fetch(`${base()}/v1/admin/tenant/logo`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${t.secretKey}`, 'content-type': 'image/png' },
      body: Buffer.concat([tinyPng(), Buffer.alloc(600 * 1024)]),
    })
    assert.equal(huge.status, 413)
    const get = await fetch(`${base()}/v1/branding/${t.tenant.publicId}/logo`)
    assert.equal(get.status, 404)
  })
})

test.group('Widget files', () => {
  test('serves the loader with JS type, CORS and short caching; hashed chunks cache for good', async ({
    assert,
  }) => {
    const loader = await fetch(`${base()}/widgets/v1/tessera.js`)
    assert.equal(loader.status, 200)
    assert.equal(loader.headers.get('content-type'), 'text/javascript; charset=utf-8')
    assert.equal(loader.headers.get('access-control-allow-origin'), '*')
    assert.include(loader.headers.get('cache-control') ?? '', 'max-age=300')
    assert.include(await loader.text(), 'fixture loader')

    const chunk = await fetch(`${base()}/widgets/v1/elements/shared-AbCdEf12.js`)
    assert.equal(chunk.status, 200)
    assert.include(chunk.headers.get('cache-control') ?? '', 'immutable')
  })

  test('refuses path traversal and unknown files with 404', async ({ assert }) => {
    for (const path of [
      '/widgets/v1/../../package.json',
      '/widgets/v1/%2e%2e/%2e%2e/.env.test',
      '/widgets/v1/missing.js',
      '/widgets/v1/elements',
    ]) {
      const response = await fetch(`${base()}${path}`)
      assert.equal(response.status, 404, path)
    }
  })
})

test.group('Health', () => {
  test('reports the database, Redis and the SMTP transport as healthy', async ({ client, assert }) => {
    const response = await client.get('/health')
    response.assertStatus(200)
    assert.equal(response.body().status, 'ok')
    const names = Object.keys(response.body().checks)
    assert.lengthOf(names, 3)
    for (const check of Object.values(response.body().checks) as Array<{ status: string }>)
      assert.equal(check.status, 'ok')
    assert.include(JSON.stringify(response.body()), 'SMTP server accepts connections')
  })
})
