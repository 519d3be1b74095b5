import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import ApiKey from '#tenancy/api_key'
import Admin from '#tenancy/admin'
import { asSystem, withTenant, UnscopedQueryError, CrossTenantWriteError } from '#tenancy/tenant_context'
import { makeTenant } from '#tests/support/tenants'

test.group('Tenant scoping of models', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a query on tenant data outside any scope throws instead of reading everything', async ({
    assert,
  }) => {
    await makeTenant()
    await assert.rejects(() => ApiKey.query().exec(), UnscopedQueryError as never)
    await assert.rejects(() => ApiKey.all(), UnscopedQueryError as never)
    await assert.rejects(() => ApiKey.find(1), UnscopedQueryError as never)
  })

  test("inside tenant A's scope, tenant B's rows cannot be found, listed, updated or deleted", async ({
    assert,
  }) => {
    const a = await makeTenant()
    const b = await makeTenant()
    const bKeys = await withTenant(b.tenant.id, () => ApiKey.query().orderBy('id'))
    assert.lengthOf(bKeys, 2)
    const bKeyId = bKeys[0]!.id

    await withTenant(a.tenant.id, async () => {
      assert.isNull(await ApiKey.find(bKeyId))
      assert.isNull(await ApiKey.findBy('public_id', bKeys[0]!.publicId))
      const visible = await ApiKey.all()
      assert.isTrue(visible.every((k) => k.tenantId === a.tenant.id))
      assert.lengthOf(visible, 2)
      // An OR condition must not widen the scope (tenant_id = A OR id = B's would).
      const orQuery = await ApiKey.query().where('id', -1).orWhere('id', bKeyId)
      assert.lengthOf(orQuery, 0)
      // The auth finder's shape: OR on the uid alone must still stay inside A and match nothing else.
      const byEmail = await Admin.query().orWhere('email', 'nobody@nowhere.example').first()
      assert.isNull(byEmail)
      const counted = await ApiKey.query().where('id', -1).orWhere('id', bKeyId).paginate(1, 10)
      assert.equal(counted.total, 0)
      await ApiKey.query().update({ label: 'changed by A' })
      await ApiKey.query().where('id', bKeyId).delete()
    })

    const bAfter = await withTenant(b.tenant.id, () => ApiKey.query().orderBy('id'))
    assert.lengthOf(bAfter, 2, "B's keys survived A's delete")
    assert.isTrue(
      bAfter.every((k) => k.label !== 'changed by A'),
      "B's keys kept their labels"
    )
    const aAfter = await withTenant(a.tenant.id, () => ApiKey.all())
    assert.isTrue(aAfter.every((k) => k.label === 'changed by A'))
  })

  test("creating a row for tenant B inside tenant A's scope is refused", async ({ assert }) => {
    const a = await makeTenant()
    const b = await makeTenant()
    await assert.rejects(
      () =>
        withTenant(a.tenant.id, () =>
          ApiKey.create({
            tenantId: b.tenant.id,
            publicId: 'key_x',
            kind: 'secret',
            prefix: 'sk',
            keyHash: 'f'.repeat(64),
            label: 'x',
          })
        ),
      CrossTenantWriteError as never
    )
    const bKeys = await withTenant(b.tenant.id, () => ApiKey.all())
    assert.lengthOf(bKeys, 2)
  })

  test('a row loaded for A cannot be saved or deleted from B, nor moved to B', async ({ assert }) => {
    const a = await makeTenant()
    const b = await makeTenant()
    const admin = await withTenant(a.tenant.id, () => Admin.query().firstOrFail())
    admin.fullName = 'Changed from B'
    await assert.rejects(() => withTenant(b.tenant.id, () => admin.save()), CrossTenantWriteError as never)
    await assert.rejects(() => withTenant(b.tenant.id, () => admin.delete()), CrossTenantWriteError as never)
    admin.tenantId = b.tenant.id
    await assert.rejects(() => withTenant(a.tenant.id, () => admin.save()), CrossTenantWriteError as never)
    const fresh = await withTenant(a.tenant.id, () => Admin.query().firstOrFail())
    assert.notEqual(fresh.fullName, 'Changed from B')
  })

  test('new rows take the tenant of the scope they are created in', async ({ assert }) => {
    const a = await makeTenant()
    const key = await withTenant(a.tenant.id, () =>
      ApiKey.create({
        publicId: 'key_scoped',
        kind: 'secret',
        prefix: 'sk',
        keyHash: 'e'.repeat(64),
        label: 'y',
      })
    )
    assert.equal(key.tenantId, a.tenant.id)
  })

  test('system scope sees every tenant (for deliberate cross-tenant work)', async ({ assert }) => {
    const a = await makeTenant()
    const b = await makeTenant()
    const ids = await asSystem('test', async () => (await ApiKey.all()).map((k) => k.tenantId))
    assert.includeMembers(ids, [a.tenant.id, b.tenant.id])
  })
})
