import mail from '@adonisjs/mail/services/main'
import env from '#start/env'
import type Tenant from '#tenancy/tenant'
import { renderMail, type MailContent, type MailLocale } from '#mail/layout'
import { tenantLogoUrl } from '#mail/tenant_mailer'

/**
 * Sends one newsletter now, through the configured transport, and returns the message id. Unlike
 * TenantMailer (which queues), the caller owns the delivery row, so the SMTP answer is recorded
 * there and the delivery job is what BullMQ retries.
 */
export async function sendNewsletterNow(
  tenant: Tenant,
  to: string,
  locale: MailLocale,
  content: MailContent,
  headers: Record<string, string>
): Promise<string> {
  const rendered = renderMail(tenant, locale, content, tenantLogoUrl(tenant))
  const response = await mail.use().send((message) => {
    message
      .from(env.get('MAIL_FROM_ADDRESS'), tenant.name)
      .replyTo(tenant.officerEmail, tenant.officerName)
      .to(to)
      .subject(rendered.subject)
      .html(rendered.html)
      .text(rendered.text)
    for (const [name, value] of Object.entries(headers)) message.header(name, value)
  })
  return response.messageId
}

/** An SMTP error as stored and logged: codes and text, never an address. */
export function describeSmtpError(error: unknown): string {
  const e = error as { responseCode?: number; code?: string; message?: string }
  const text = `${e.responseCode ?? e.code ?? 'error'} ${e.message ?? String(error)}`
  return text.replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, '<address>').slice(0, 500)
}
