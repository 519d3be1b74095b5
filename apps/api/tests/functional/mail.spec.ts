import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import type { Worker } from 'bullmq'
import { startWorkers } from '#queue/worker'
import { queue } from '#queue/queues'
import { inbox } from '#tests/support/smtp'
import { makeTenant } from '#tests/support/tenants'
import app from '@adonisjs/core/services/app'
import TenantMailer from '#mail/tenant_mailer'

test.group('Mail: branded layout, sent by a real BullMQ worker to a real SMTP server', (group) => {
  let workers: Worker[] = []
  group.setup(async () => {
    await queue('mail').obliterate({ force: true })
    workers = await startWorkers(['mail'], { concurrency: 2 })
    return async () => {
      await Promise.all(workers.map((w) => w.close()))
    }
  })
  group.each.setup(() => {
    inbox.clear()
    return testUtils.db().withGlobalTransaction()
  })

  test('a test mail is queued, sent and received with the tenant branding and officer', async ({
    client,
    assert,
  }) => {
    const t = await makeTenant({
      name: 'Seoul & "Busan" Imaging',
      branding: { primaryColor: '#aa0000' },
      officer: { name: 'Ji-ho Lee', department: 'Compliance', email: 'dpo@seoul-imaging.example' },
    })
    const response = await client
      .post('/v1/admin/mail/test')
      .header('authorization', `Bearer ${t.secretKey}`)
      .json({ to: 'staff@seoul-imaging.example' })
    response.assertStatus(202)

    const mail = await inbox.waitFor((m) => m.envelopeTo.includes('staff@seoul-imaging.example'))
    const { parsed } = mail
    assert.equal(parsed.subject, 'Seoul & "Busan" Imaging: test e-mail')
    assert.equal(parsed.from?.value[0]?.name, 'Seoul & "Busan" Imaging')
    assert.equal(parsed.replyTo?.value[0]?.address, 'dpo@seoul-imaging.example')
    const html = String(parsed.html)
    assert.include(html, 'Seoul &amp; &quot;Busan&quot; Imaging', 'tenant name escaped in HTML')
    assert.include(html, '#aa0000', 'primary colour applied')
    assert.include(html, 'Ji-ho Lee (Compliance), dpo@seoul-imaging.example')
    assert.include(String(parsed.text), 'Privacy officer: Ji-ho Lee (Compliance), dpo@seoul-imaging.example')
    assert.include(String(parsed.text), 'It is not advertising.')
    assert.notInclude(parsed.subject ?? '', '(광고)')
  })

  test('Korean mails use the Korean copy and footer', async ({ client, assert }) => {
    const t = await makeTenant({ defaultLocale: 'ko' })
    await client
      .post('/v1/admin/mail/test')
      .header('authorization', `Bearer ${t.secretKey}`)
      .json({ to: 'ko@clinic.example' })
      .then((r) => r.assertStatus(202))
    const mail = await inbox.waitFor((m) => m.envelopeTo.includes('ko@clinic.example'))
    assert.include(mail.parsed.subject ?? '', '테스트 메일')
    assert.include(String(mail.parsed.text), '개인정보 보호책임자')
    assert.include(String(mail.parsed.html), '<html lang="ko">')
  })

  test('an admin session sends to the admin; a secret key must name the recipient', async ({
    client,
    assert,
  }) => {
    const t = await makeTenant()
    const missing = await client
      .post('/v1/admin/mail/test')
      .header('authorization', `Bearer ${t.secretKey}`)
      .json({})
    missing.assertStatus(422)
    assert.equal(missing.body().errors[0].field, 'to')
    const bad = await client
      .post('/v1/admin/mail/test')
      .header('authorization', `Bearer ${t.secretKey}`)
      .json({ to: 'not-an-email' })
    bad.assertStatus(422)

    const session = await client
      .post('/v1/admin/sessions')
      .json({ tenant: t.tenant.publicId, email: t.owner.email, password: t.owner.password })
    await client
      .post('/v1/admin/mail/test')
      .header('authorization', `Bearer ${session.body().token}`)
      .json({})
      .then((r) => r.assertStatus(202))
    await inbox.waitFor((m) => m.envelopeTo.includes(t.owner.email))
  })

  test('a temporary SMTP failure is retried and the mail arrives exactly once', async ({ assert }) => {
    const t = await makeTenant()
    inbox.failNext = 1
    const mailer = new TenantMailer()
    await mailer.send(t.tenant, {
      to: 'retry@clinic.example',
      locale: 'en',
      content: { kind: 'service', subject: 'Retry check', heading: 'Hello', paragraphs: ['Body'] },
    })
    await inbox.waitFor((m) => m.envelopeTo.includes('retry@clinic.example'), 15_000)
    await new Promise((r) => setTimeout(r, 500))
    assert.lengthOf(
      inbox.messages.filter((m) => m.envelopeTo.includes('retry@clinic.example')),
      1
    )
    assert.equal(inbox.failNext, 0, 'the first attempt was refused')
  }).timeout(30_000)

  test('the same idempotency key is delivered once, however often it is queued', async ({ assert }) => {
    const t = await makeTenant()
    const mailer = await app.container.make(TenantMailer)
    for (let i = 0; i < 3; i++) {
      await mailer.send(t.tenant, {
        to: 'once@clinic.example',
        locale: 'en',
        idempotencyKey: `notice-${t.tenant.publicId}-v1`,
        content: { kind: 'service', subject: 'Once', heading: 'Once', paragraphs: ['Only one copy'] },
      })
    }
    await inbox.waitFor((m) => m.envelopeTo.includes('once@clinic.example'))
    await new Promise((r) => setTimeout(r, 700))
    assert.lengthOf(
      inbox.messages.filter((m) => m.envelopeTo.includes('once@clinic.example')),
      1
    )
  })
})
