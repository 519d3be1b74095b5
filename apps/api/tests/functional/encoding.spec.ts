import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { tenantWithPolicy } from '#tests/support/policies'

const base = () => process.env.APP_URL!

test.group('Non-UTF-8 and oversized bodies on widget endpoints', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('invalid UTF-8 and unsupported charsets get a 4xx, never a 500, and write nothing', async ({
    client,
    assert,
  }) => {
    const { t } = await tenantWithPolicy(client, new Date())
    const invalid = Buffer.concat([
      Buffer.from('{"firstName":"'),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
      Buffer.from('"}'),
    ])
    for (const [path, type, body] of [
      ['/v1/widget/members', 'application/json; charset=utf-8', invalid],
      ['/v1/widget/members', 'application/json; charset=shift_jis', Buffer.from('{}')],
      [`/v1/widget/cookies/receipts?key=${t.publishableKey}`, 'text/plain; charset=utf-8', invalid],
      [
        '/v1/widget/members',
        'application/json',
        Buffer.from(JSON.stringify({ firstName: 'x'.repeat(2 * 1024 * 1024) })),
      ],
    ] as const) {
      const response = await fetch(`${base()}${path}`, {
        method: 'POST',
        headers: { 'content-type': type, 'x-tessera-key': t.publishableKey, origin: t.origin },
        body,
      })
      assert.isAtLeast(response.status, 400, `${path} ${type}`)
      assert.isBelow(response.status, 500, `${path} ${type}`)
      assert.include(response.headers.get('content-type') ?? '', 'application/problem+json')
    }
    assert.lengthOf(await db.from('members').where('tenant_id', t.tenant.id), 0)
    assert.lengthOf(await db.from('consent_events').where('tenant_id', t.tenant.id), 0)
  })
})
