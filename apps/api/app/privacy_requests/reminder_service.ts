import { DateTime } from 'luxon'
import clock from '#shared/clock'
import Tenant from '#tenancy/tenant'
import { asSystem, withTenant } from '#tenancy/tenant_context'
import TenantMailer from '#mail/tenant_mailer'
import { mailLocale } from '#mail/layout'
import PrivacyRequest, { OPEN_STATUSES } from '#privacy_requests/privacy_request'

const DUE_SOON_DAYS = 3

/**
 * A daily digest to each tenant's privacy officer: open requests that are overdue or due within
 * three days. One mail per tenant per day at most (idempotent), none when nothing is due.
 */
export default class ReminderService {
  async sendAll(): Promise<number> {
    const tenants = await asSystem('daily privacy-request reminders', () => Tenant.query().select('id'))
    let sent = 0
    for (const { id } of tenants) if (await this.send(id)) sent++
    return sent
  }

  async send(tenantId: number): Promise<boolean> {
    const tenant = await asSystem('load the tenant of a reminder', () => Tenant.findOrFail(tenantId))
    const now = DateTime.fromJSDate(clock.now())
    const due = await withTenant(tenantId, () =>
      PrivacyRequest.query()
        .whereIn('status', OPEN_STATUSES as string[])
        .where('due_at', '<', now.plus({ days: DUE_SOON_DAYS }).toJSDate())
        .orderBy('due_at', 'asc')
    )
    if (!due.length) return false
    const overdue = due.filter((r) => r.dueAt < now)
    const line = (r: PrivacyRequest) =>
      `${r.publicId} · ${r.type} · ${r.channel} · due ${r.dueAt.toUTC().toISO()}`
    const locale = mailLocale(tenant, null)
    await new TenantMailer().send(tenant, {
      to: tenant.officerEmail,
      locale,
      idempotencyKey: `request-reminders-${tenant.publicId}-${now.toUTC().toISODate()}`,
      content: {
        kind: 'service',
        subject:
          locale === 'ko'
            ? `[개인정보 요청] 기한 초과 ${overdue.length}건, 곧 기한 ${due.length - overdue.length}건`
            : `[Privacy requests] ${overdue.length} overdue, ${due.length - overdue.length} due within ${DUE_SOON_DAYS} days`,
        heading: locale === 'ko' ? '처리 기한이 다가온 요청' : 'Requests that need an answer',
        paragraphs: [
          ...(overdue.length ? [locale === 'ko' ? '기한 초과:' : 'Overdue:', ...overdue.map(line)] : []),
          ...(due.length > overdue.length
            ? [locale === 'ko' ? '곧 기한:' : 'Due soon:', ...due.filter((r) => r.dueAt >= now).map(line)]
            : []),
        ],
      },
    })
    return true
  }
}
