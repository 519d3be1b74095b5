import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'

/** `/v1/admin/keys/:id` → `/v1/admin/keys/{id}`; a trailing `*` wildcard → `{path}`. */
function toOpenApiPath(pattern: string) {
  return pattern.replace(/:([A-Za-z_]+)/g, '{$1}').replace(/\/\*$/, '/{path}')
}

test.group('OpenAPI document', () => {
  test('documents exactly the routes the router has', async ({ client, assert }) => {
    const response = await client.get('/v1/openapi.json')
    response.assertStatus(200)
    const doc = response.body()
    assert.equal(doc.openapi, '3.1.0')

    const fromRouter = new Set<string>()
    for (const routes of Object.values(router.toJSON())) {
      for (const route of routes) {
        for (const method of route.methods) {
          if (method === 'HEAD') continue
          fromRouter.add(`${method.toLowerCase()} ${toOpenApiPath(route.pattern)}`)
        }
      }
    }
    const fromDoc = new Set<string>()
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item)) fromDoc.add(`${method} ${path}`)
    }
    assert.isAbove(fromRouter.size, 10)
    assert.deepEqual(
      [...fromRouter].filter((r) => !fromDoc.has(r)),
      [],
      'routes missing from the document'
    )
    assert.deepEqual(
      [...fromDoc].filter((r) => !fromRouter.has(r)),
      [],
      'documented operations with no route'
    )
  })

  test('every operation names its security and lists the problem response', async ({ client, assert }) => {
    const doc = (await client.get('/v1/openapi.json')).body()
    for (const [path, item] of Object.entries(
      doc.paths as Record<string, Record<string, { security: unknown; responses: Record<string, unknown> }>>
    )) {
      for (const [method, op] of Object.entries(item)) {
        assert.isArray(op.security, `${method} ${path}`)
        assert.property(op.responses, '422', `${method} ${path}`)
        if (path.startsWith('/v1/admin/') && path !== '/v1/admin/sessions') {
          assert.deepEqual(op.security, [{ adminSession: [] }, { secretKey: [] }], `${method} ${path}`)
        }
        if (path.startsWith('/v1/widget/')) assert.deepEqual(op.security, [{ publishableKey: [] }])
      }
    }
  })
})
