import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Tenant from '#tenancy/tenant'
import { asSystem } from '#tenancy/tenant_context'
import { makeTenant } from '#tests/support/tenants'

const PROBLEM = 'application/problem+json'

test.group('Problem details', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an unknown route answers 404 problem+json', async ({ client, assert }) => {
    const response = await client.get('/v1/no-such-thing')
    response.assertStatus(404)
    assert.include(response.header('content-type'), PROBLEM)
    assert.equal(response.body().type, 'https://tessera.dev/problems/not-found')
    assert.equal(response.body().status, 404)
    assert.equal(response.body().instance, '/v1/no-such-thing')
  })

  test('malformed JSON answers 400 and changes nothing', async ({ assert }) => {
    const { tenant, secretKey } = await makeTenant()
    const raw = await fetch(`${process.env.APP_URL}/v1/admin/tenant`, {
      method: 'PATCH',
      headers: { 'authorization': `Bearer ${secretKey}`, 'content-type': 'application/json' },
      body: '{"name": "Broken',
    })
    assert.equal(raw.status, 400)
    assert.include(raw.headers.get('content-type') ?? '', PROBLEM)
    const body = (await raw.json()) as { type: string; detail: string }
    assert.equal(body.type, 'https://tessera.dev/problems/malformed-json')
    assert.notInclude(JSON.stringify(body), 'Broken', 'the body is not echoed back')
    const reloaded = await asSystem('test', () => Tenant.findOrFail(tenant.id))
    assert.equal(reloaded.name, tenant.name)
  })
})
