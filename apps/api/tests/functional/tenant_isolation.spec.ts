import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Tenant from '#tenancy/tenant'
import ApiKey from '#tenancy/api_key'
import { asSystem, withTenant } from '#tenancy/tenant_context'
import { makeTenant } from '#tests/support/tenants'

async function signIn(
  client: import('@japa/api-client').ApiClient,
  tenantId: string,
  email: string,
  password: string
) {
  const response = await client.post('/v1/admin/sessions').json({ tenant: tenantId, email, password })
  response.assertStatus(201)
  return response.body().token as string
}

test.group("Tenant isolation: A's credentials never read or change B's rows", (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('secret key and admin session of A see only A', async ({ client, assert }) => {
    const a = await makeTenant()
    const b = await makeTenant()
    const aToken = await signIn(client, a.tenant.publicId, a.owner.email, a.owner.password)
    const bKeys = await withTenant(b.tenant.id, () => ApiKey.all())

    for (const credential of [a.secretKey, aToken]) {
      const auth = `Bearer ${credential}`
      const tenant = await client.get('/v1/admin/tenant').header('authorization', auth)
      tenant.assertStatus(200)
      assert.equal(tenant.body().id, a.tenant.publicId)

      const keys = await client.get('/v1/admin/keys').header('authorization', auth)
      const ids = keys.body().data.map((k: { id: string }) => k.id)
      assert.lengthOf(ids, 2)
      for (const bKey of bKeys) assert.notInclude(ids, bKey.publicId)

      const admins = await client.get('/v1/admin/admins').header('authorization', auth)
      assert.deepEqual(
        admins.body().data.map((x: { email: string }) => x.email),
        [a.owner.email]
      )

      for (const bKey of bKeys) {
        const revoke = await client.delete(`/v1/admin/keys/${bKey.publicId}`).header('authorization', auth)
        revoke.assertStatus(404)
      }
      const patch = await client
        .patch('/v1/admin/tenant')
        .header('authorization', auth)
        .json({ name: 'Renamed by A' })
      patch.assertStatus(200)
    }

    const bAfter = await asSystem('test', () => Tenant.findOrFail(b.tenant.id))
    assert.equal(bAfter.name, b.tenant.name)
    const bKeysAfter = await withTenant(b.tenant.id, () => ApiKey.all())
    assert.isTrue(
      bKeysAfter.every((k) => k.revokedAt === null),
      "B's keys are still active"
    )
    const aAfter = await asSystem('test', () => Tenant.findOrFail(a.tenant.id))
    assert.equal(aAfter.name, 'Renamed by A')
  })

  test("A's admin cannot sign in to B, even with B's tenant id", async ({ client }) => {
    const a = await makeTenant()
    const b = await makeTenant()
    const response = await client
      .post('/v1/admin/sessions')
      .json({ tenant: b.tenant.publicId, email: a.owner.email, password: a.owner.password })
    response.assertStatus(401)
  })

  test("A's audit log holds only A's events", async ({ client, assert }) => {
    const a = await makeTenant()
    const b = await makeTenant()
    await signIn(client, b.tenant.publicId, b.owner.email, b.owner.password)
    await signIn(client, a.tenant.publicId, a.owner.email, a.owner.password)
    const events = await client.get('/v1/admin/audit-events').header('authorization', `Bearer ${a.secretKey}`)
    // A secret key acts with the admin role; the audit log needs owner or privacy officer.
    events.assertStatus(403)
    const token = await signIn(client, a.tenant.publicId, a.owner.email, a.owner.password)
    const own = await client.get('/v1/admin/audit-events').header('authorization', `Bearer ${token}`)
    own.assertStatus(200)
    const actors = new Set(own.body().data.map((e: { actor: { id: string } }) => e.actor.id))
    assert.isAbove(own.body().data.length, 0)
    const bAdmins = await withTenant(b.tenant.id, async () =>
      (await (await import('#tenancy/admin')).default.all()).map((x) => x.publicId)
    )
    for (const id of bAdmins) assert.isFalse(actors.has(id))
  })
})

test.group('Admin authentication and roles', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('sign in, use the token, sign out: the token then stops working', async ({ client, assert }) => {
    const a = await makeTenant()
    const token = await signIn(client, a.tenant.publicId, a.owner.email.toUpperCase(), a.owner.password)
    assert.match(token, /^tat_/)
    ;(await client.get('/v1/admin/tenant').header('authorization', `Bearer ${token}`)).assertStatus(200)
    ;(
      await client.delete('/v1/admin/sessions/current').header('authorization', `Bearer ${token}`)
    ).assertStatus(204)
    ;(await client.get('/v1/admin/tenant').header('authorization', `Bearer ${token}`)).assertStatus(401)
  })

  test('wrong password, unknown tenant and garbage tokens answer 401', async ({ client }) => {
    const a = await makeTenant()
    ;(
      await client
        .post('/v1/admin/sessions')
        .json({ tenant: a.tenant.publicId, email: a.owner.email, password: 'nope' })
    ).assertStatus(401)
    ;(
      await client
        .post('/v1/admin/sessions')
        .json({ tenant: 'tn_unknown', email: a.owner.email, password: a.owner.password })
    ).assertStatus(401)
    ;(await client.get('/v1/admin/tenant').header('authorization', 'Bearer tat_garbage')).assertStatus(401)
    ;(await client.get('/v1/admin/tenant')).assertStatus(401)
    ;(await client.get('/v1/admin/tenant').header('authorization', 'Basic abc')).assertStatus(401)
  })

  test('a publishable key on an admin route answers 403', async ({ client, assert }) => {
    const a = await makeTenant()
    const response = await client
      .get('/v1/admin/tenant')
      .header('authorization', `Bearer ${a.publishableKey}`)
    response.assertStatus(403)
    assert.equal(response.body().type, 'https://tessera.dev/problems/publishable-key-on-admin-route')
  })

  test('an analyst can read settings but not manage keys or change settings', async ({ client, assert }) => {
    const a = await makeTenant()
    const owner = await signIn(client, a.tenant.publicId, a.owner.email, a.owner.password)
    const created = await client.post('/v1/admin/admins').header('authorization', `Bearer ${owner}`).json({
      email: 'analyst@clinic.example',
      fullName: 'An Analyst',
      role: 'analyst',
      password: 'analyst-password-1',
    })
    created.assertStatus(201)
    assert.notProperty(created.body(), 'password')
    const analyst = await signIn(client, a.tenant.publicId, 'analyst@clinic.example', 'analyst-password-1')
    ;(await client.get('/v1/admin/tenant').header('authorization', `Bearer ${analyst}`)).assertStatus(200)
    ;(await client.get('/v1/admin/keys').header('authorization', `Bearer ${analyst}`)).assertStatus(403)
    ;(
      await client.patch('/v1/admin/tenant').header('authorization', `Bearer ${analyst}`).json({ name: 'x' })
    ).assertStatus(403)
    const dup = await client.post('/v1/admin/admins').header('authorization', `Bearer ${owner}`).json({
      email: 'ANALYST@clinic.example',
      fullName: 'Again',
      role: 'admin',
      password: 'analyst-password-2',
    })
    dup.assertStatus(409)
  })

  test('a new key is shown once, stored only as a hash, and works at once', async ({ client, assert }) => {
    const a = await makeTenant()
    const response = await client
      .post('/v1/admin/keys')
      .header('authorization', `Bearer ${a.secretKey}`)
      .json({ kind: 'publishable', label: 'Marketing site' })
    response.assertStatus(201)
    const plaintext = response.body().key as string
    assert.match(plaintext, /^pk_live_[0-9A-Za-z]{32}$/)
    const stored = await withTenant(a.tenant.id, () => ApiKey.findByOrFail('public_id', response.body().id))
    assert.notEqual(stored.keyHash, plaintext)
    assert.lengthOf(stored.keyHash, 64)
    const listed = await client.get('/v1/admin/keys').header('authorization', `Bearer ${a.secretKey}`)
    // A publishable key is public (it is in every partner page): listed again, for the embed snippet;
    // secret keys never are (tenant_settings.spec.ts).
    const entry = listed.body().data.find((k: { id: string }) => k.id === response.body().id)
    assert.equal(entry.publishableKey, plaintext)
    assert.notProperty(entry, 'key')
    ;(
      await client.get('/v1/widget/config').header('x-tessera-key', plaintext).header('origin', a.origin)
    ).assertStatus(200)
  })
})
