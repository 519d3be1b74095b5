import mail from '@adonisjs/mail/services/main'
import env from '#start/env'
import { appUrl } from '#config/app'
import type Tenant from '#tenancy/tenant'
import { renderMail, type MailContent, type MailLocale } from '#mail/layout'

export type OutgoingMail = {
  to: string
  locale: MailLocale
  content: MailContent
  /** Makes the enqueue idempotent: the same id is never queued (and so never sent) twice. */
  idempotencyKey?: string
  headers?: Record<string, string>
}

export function tenantLogoUrl(tenant: Tenant): string | null {
  return tenant.branding.logoKey ? `${appUrl}/v1/branding/${tenant.publicId}/logo` : null
}

/**
 * Every e-mail a tenant sends goes through here: branded layout, tenant as sender name, the
 * privacy officer as reply-to, and delivery through the mail queue.
 */
export default class TenantMailer {
  async send(tenant: Tenant, outgoing: OutgoingMail): Promise<void> {
    const rendered = renderMail(tenant, outgoing.locale, outgoing.content, tenantLogoUrl(tenant))
    await mail.sendLater(
      (message) => {
        message
          .from(env.get('MAIL_FROM_ADDRESS'), tenant.name)
          .replyTo(tenant.officerEmail, tenant.officerName)
          .to(outgoing.to)
          .subject(rendered.subject)
          .html(rendered.html)
          .text(rendered.text)
        for (const [name, value] of Object.entries(outgoing.headers ?? {})) message.header(name, value)
      },
      outgoing.idempotencyKey ? { jobId: outgoing.idempotencyKey } : undefined
    )
  }
}
