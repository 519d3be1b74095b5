import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import ace from '@adonisjs/core/services/ace'
import TenantCreate from '#commands/tenant_create'
import Tenant from '#tenancy/tenant'
import ApiKey from '#tenancy/api_key'
import Admin from '#tenancy/admin'
import { asSystem, withTenant } from '#tenancy/tenant_context'
import { sha256Hex } from '#shared/crypto'

test.group('ace tenant:create', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    ace.ui.switchMode('raw')
    return () => ace.ui.switchMode('normal')
  })

  test('creates a tenant, its owner and keys, printed once as JSON and stored hashed', async ({
    client,
    assert,
  }) => {
    const command = await ace.create(TenantCreate, [
      '--name=Acme Imaging',
      '--origin=https://acme.example',
      '--origin=https://www.acme.example',
      '--owner-email=Owner@Acme.example',
      '--json',
    ])
    await command.exec()
    command.assertSucceeded()
    const logs = command.ui.logger
      .getLogs()
      .map((l) => l.message)
      .join('\n')
    const result = JSON.parse(logs.slice(logs.indexOf('{')))
    assert.match(result.tenant, /^tn_/)
    assert.match(result.publishableKey, /^pk_live_/)
    assert.match(result.secretKey, /^sk_live_/)
    assert.deepEqual(result.allowedOrigins, ['https://acme.example', 'https://www.acme.example'])

    const tenant = await asSystem('test', () => Tenant.findByOrFail('public_id', result.tenant))
    const keys = await withTenant(tenant.id, () => ApiKey.all())
    assert.sameMembers(
      keys.map((k) => k.keyHash),
      [sha256Hex(result.publishableKey), sha256Hex(result.secretKey)]
    )
    const owner = await withTenant(tenant.id, () => Admin.findByOrFail('email', 'owner@acme.example'))
    assert.equal(owner.role, 'owner')
    assert.notEqual(owner.password, result.owner.password)

    const signIn = await client
      .post('/v1/admin/sessions')
      .json({ tenant: result.tenant, email: 'owner@acme.example', password: result.owner.password })
    signIn.assertStatus(201)
    const config = await client
      .get('/v1/widget/config')
      .header('x-tessera-key', result.publishableKey)
      .header('origin', 'https://www.acme.example')
    config.assertStatus(200)
  })

  test('refuses bad input with the field at fault and writes nothing', async ({ assert }) => {
    const before = await asSystem('test', () => Tenant.query().count('* as total'))
    const badOwner = await ace.create(TenantCreate, ['--name=Fine', '--owner-email=nope'])
    await badOwner.exec()
    assert.equal(badOwner.exitCode, 1)
    assert.include(
      badOwner.ui.logger
        .getLogs()
        .map((l) => l.message)
        .join('\n'),
      'ownerEmail'
    )

    const command = await ace.create(TenantCreate, [
      '--name=<b>Bad</b>',
      '--origin=javascript:alert(1)',
      '--owner-email=a@b.example',
      '--country=XX',
    ])
    await command.exec()
    assert.equal(command.exitCode, 1)
    const errors = command.ui.logger
      .getLogs()
      .map((l) => l.message)
      .join('\n')
    for (const field of ['name', 'allowedOrigins.0', 'country']) assert.include(errors, field)
    const after = await asSystem('test', () => Tenant.query().count('* as total'))
    assert.equal(Number(after[0]!.$extras.total), Number(before[0]!.$extras.total))
  })
})
