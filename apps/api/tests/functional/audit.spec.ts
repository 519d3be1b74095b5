import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import ace from '@adonisjs/core/services/ace'
import clock from '#shared/clock'
import AuditService from '#audit/audit_service'
import AuditVerify from '#commands/audit_verify'
import { makeTenant } from '#tests/support/tenants'

const T0 = new Date('2026-09-15T12:00:00.000Z')

test.group('Audit log: filters, monthly review export, reasons', (group) => {
  group.each.setup(() => {
    clock.freeze(T0)
    return () => clock.reset()
  })
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('events are chained per tenant, filterable, and the monthly export is itself logged with its reason', async ({
    client,
    assert,
  }) => {
    const t = await makeTenant()
    const session = await client
      .post('/v1/admin/sessions')
      .json({ tenant: t.tenant.publicId, email: t.owner.email, password: t.owner.password })
    const auth = { authorization: `Bearer ${session.body().token}` }
    await client
      .post('/v1/admin/keys')
      .header('authorization', `Bearer ${t.secretKey}`)
      .json({ kind: 'publishable', label: 'Second site' })

    const keys = await client.get('/v1/admin/audit-events?action=api_key.').headers(auth)
    assert.deepEqual(
      keys.body().data.map((e: { action: string }) => e.action),
      ['api_key.created']
    )
    const bySeq = (await client.get('/v1/admin/audit-events').headers(auth))
      .body()
      .data.map((e: { seq: number }) => e.seq)
    assert.deepEqual(
      bySeq,
      [...bySeq].sort((a, b) => b - a)
    )
    assert.equal(bySeq.at(-1), 1)

    const noReason = await client.get('/v1/admin/audit-events/monthly?month=2026-09').headers(auth)
    noReason.assertStatus(422)
    assert.equal(noReason.body().errors[0].field, 'reason')
    const monthly = await client
      .get('/v1/admin/audit-events/monthly?month=2026-09&reason=September%20access%20review')
      .headers(auth)
    monthly.assertStatus(200)
    const lines = monthly
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    assert.includeMembers(
      lines.map((l) => l.action),
      ['admin.signed_in', 'api_key.created']
    )
    const logged = await db
      .from('audit_events')
      .where({ tenant_id: t.tenant.id, action: 'audit.exported' })
      .first()
    assert.equal(logged.reason, 'September access review')
    ;(
      await client.get('/v1/admin/audit-events/monthly?month=2026-13&reason=whatever%20reason').headers(auth)
    ).assertStatus(422)

    const verified = await client.get('/v1/admin/audit-events/verify').headers(auth)
    assert.isTrue(verified.body().ok)
    assert.equal(verified.body().events, 3, 'sign-in, key created, export')
  })
})

test.group('Audit log: monthly summary', (group) => {
  group.each.setup(() => {
    clock.freeze(T0)
    return () => clock.reset()
  })
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('counts a month per action and per UTC day, for this tenant only; other roles and bad months refused', async ({
    client,
    assert,
  }) => {
    const t = await makeTenant()
    const other = await makeTenant()
    const session = await client
      .post('/v1/admin/sessions')
      .json({ tenant: t.tenant.publicId, email: t.owner.email, password: t.owner.password })
    const auth = { authorization: `Bearer ${session.body().token}` }
    // Another tenant's entries of the same month stay out of this tenant's counts.
    await client
      .post('/v1/admin/sessions')
      .json({ tenant: other.tenant.publicId, email: other.owner.email, password: other.owner.password })
    const audit = new AuditService()
    await audit.record({
      tenantId: t.tenant.id,
      actor: { type: 'system', id: null },
      action: 'member.deleted',
    })
    clock.freeze(new Date('2026-09-16T23:30:00.000Z'))
    await audit.record({
      tenantId: t.tenant.id,
      actor: { type: 'system', id: null },
      action: 'member.deleted',
    })
    clock.freeze(new Date('2026-10-01T00:00:00.000Z'))
    await audit.record({
      tenantId: t.tenant.id,
      actor: { type: 'system', id: null },
      action: 'member.deleted',
    })

    const september = await client.get('/v1/admin/audit-events/summary?month=2026-09').headers(auth)
    september.assertStatus(200)
    assert.deepEqual(september.body(), {
      month: '2026-09',
      total: 3,
      actions: [
        { action: 'admin.signed_in', count: 1 },
        { action: 'member.deleted', count: 2 },
      ],
      days: [
        { day: '2026-09-15', count: 2 },
        { day: '2026-09-16', count: 1 },
      ],
    })
    const october = await client.get('/v1/admin/audit-events/summary?month=2026-10').headers(auth)
    assert.deepEqual(october.body().days, [{ day: '2026-10-01', count: 1 }])
    const august = await client.get('/v1/admin/audit-events/summary?month=2026-08').headers(auth)
    assert.deepEqual(august.body(), { month: '2026-08', total: 0, actions: [], days: [] })

    const bad = await client.get('/v1/admin/audit-events/summary?month=2026-13').headers(auth)
    bad.assertStatus(422)
    assert.equal(bad.body().errors[0].field, 'month')
    ;(await client.get('/v1/admin/audit-events/summary').headers(auth)).assertStatus(422)

    await client.post('/v1/admin/admins').headers(auth).json({
      email: 'analyst@clinic.example',
      fullName: 'Ana Lyst',
      role: 'analyst',
      password: 'analyst-password-long',
    })
    const analyst = await client.post('/v1/admin/sessions').json({
      tenant: t.tenant.publicId,
      email: 'analyst@clinic.example',
      password: 'analyst-password-long',
    })
    ;(
      await client
        .get('/v1/admin/audit-events/summary?month=2026-09')
        .header('authorization', `Bearer ${analyst.body().token}`)
    ).assertStatus(403)
  })
})

test.group('Audit log integrity', (group) => {
  group.each.setup(() => {
    clock.freeze(T0)
    return () => clock.reset()
  })
  // No global transaction: triggers are dropped and recreated here, which MySQL commits implicitly.

  test('the database refuses changes; an edited or removed entry breaks the chain and audit:verify says so', async ({
    assert,
  }) => {
    const t = await makeTenant()
    const audit = new AuditService()
    for (const action of ['member.viewed', 'member.exported', 'member.searched']) {
      await audit.record({
        tenantId: t.tenant.id,
        actor: { type: 'admin', id: 'adm_x' },
        action,
        subject: { type: 'member', id: 'mb_1' },
      })
    }
    assert.isTrue((await audit.verify(t.tenant.id)).ok)
    await assert.rejects(
      () => db.from('audit_events').where('tenant_id', t.tenant.id).update({ action: 'nothing' }),
      /append-only/
    )

    await db.rawQuery('DROP TRIGGER IF EXISTS audit_events_no_update')
    await db.rawQuery('DROP TRIGGER IF EXISTS audit_events_no_delete')
    try {
      await db
        .from('audit_events')
        .where({ tenant_id: t.tenant.id, seq: 2 })
        .update({ action: 'member.viewed' })
      assert.deepEqual(
        (await audit.verify(t.tenant.id)).problems.map((p) => [p.seq, p.kind]),
        [[2, 'altered']]
      )
      await db.from('audit_events').where({ tenant_id: t.tenant.id, seq: 3 }).delete()
      assert.include(
        (await audit.verify(t.tenant.id)).problems.map((p) => p.kind),
        'head_mismatch'
      )
      ace.ui.switchMode('raw')
      const command = await ace.create(AuditVerify, [`--tenant=${t.tenant.publicId}`])
      await command.exec()
      ace.ui.switchMode('normal')
      assert.equal(command.exitCode, 1)
    } finally {
      const mysql = db.connection().dialect.name === 'mysql'
      for (const op of ['UPDATE', 'DELETE']) {
        await db.rawQuery(
          mysql
            ? `CREATE TRIGGER audit_events_no_${op.toLowerCase()} BEFORE ${op} ON audit_events FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_events is append-only'`
            : `CREATE TRIGGER audit_events_no_${op.toLowerCase()} BEFORE ${op} ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`
        )
      }
    }
  })
})
