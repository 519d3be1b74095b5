import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import vine from '@vinejs/vine'
import TenantMailer from '#mail/tenant_mailer'
import { mailLocale } from '#mail/layout'
import { problems } from '#shared/problem'
import AuditService from '#audit/audit_service'

const testMailValidator = vine.create(
  vine.object({
    to: vine.string().trim().maxLength(254).email().optional(),
    locale: vine.enum(['en', 'ko'] as const).optional(),
  })
)

const COPY = {
  en: {
    subject: (name: string) => `${name}: test e-mail`,
    heading: 'Your e-mail settings work',
    body: 'This message shows how mails to your members will look: your name, colours and logo at the top, your privacy officer at the bottom.',
  },
  ko: {
    subject: (name: string) => `${name}: 테스트 메일`,
    heading: '메일 설정이 정상적으로 작동합니다',
    body: '회원에게 보내는 메일이 어떻게 보이는지 확인할 수 있는 메일입니다. 위에는 회사 이름과 색상, 로고가, 아래에는 개인정보 보호책임자 정보가 표시됩니다.',
  },
}

@inject()
export default class TestMailController {
  constructor(
    private mailer: TenantMailer,
    private audit: AuditService
  ) {}

  /** Queues a branded test mail, so a tenant can check branding and delivery end to end. */
  async store({ tenant, caller, request, response }: HttpContext) {
    const input = await request.validateUsing(testMailValidator)
    const to = input.to ?? (caller.type === 'admin' ? caller.admin.email : undefined)
    if (!to)
      throw problems.invalid([
        { field: 'to', message: 'The to field is required when using a secret key', rule: 'required' },
      ])
    const locale = mailLocale(tenant, input.locale)
    const copy = COPY[locale]
    await this.mailer.send(tenant, {
      to,
      locale,
      content: {
        kind: 'service',
        subject: copy.subject(tenant.name),
        heading: copy.heading,
        paragraphs: [copy.body],
      },
    })
    await this.audit.record({
      tenantId: tenant.id,
      actor: { type: caller.type === 'admin' ? 'admin' : 'api_key', id: caller.id },
      action: 'mail.test_sent',
      ip: request.ip(),
    })
    response.status(202)
    return { queued: true }
  }
}
