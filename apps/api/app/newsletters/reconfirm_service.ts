import { DateTime } from 'luxon'
import clock, { sqlDateTime } from '#shared/clock'
import Tenant from '#tenancy/tenant'
import { asSystem, withTenant } from '#tenancy/tenant_context'
import Member from '#members/member'
import TenantMailer from '#mail/tenant_mailer'
import { mailLocale } from '#mail/layout'
import NewsletterSubscription from '#newsletters/subscription'
import NewsletterTokens from '#newsletters/tokens'
import Audience from '#newsletters/audience'
import { linkUrls, RECONFIRM_AFTER } from '#newsletters/opt_in_service'
import { reconfirmMail } from '#newsletters/copy'

const BATCH = 500

/**
 * Every two years from the opt-in each subscriber is reminded of the marketing consent: when it was
 * given, that nothing is needed to keep it, and a free link to withdraw it (Korea, Network Act
 * Art. 50(8)). Run daily; a reminder is claimed by moving its due date, so it goes out once.
 */
export default class ReconfirmService {
  async sweep(): Promise<number> {
    const tenants = await asSystem('newsletter re-confirmation sweep over all tenants', () =>
      Tenant.query().select('id')
    )
    let sent = 0
    for (const { id } of tenants) sent += await withTenant(id, () => this.sweepTenant(id))
    return sent
  }

  async sweepTenant(tenantId: number): Promise<number> {
    const tenant = await Tenant.findOrFail(tenantId)
    const now = DateTime.fromJSDate(clock.now())
    const audience = new Audience()
    const tokens = new NewsletterTokens()
    const mailer = new TenantMailer()
    let sent = 0
    let after = 0
    for (;;) {
      const due = await NewsletterSubscription.query()
        .where('status', 'confirmed')
        .where('reconfirm_due_at', '<=', await sqlDateTime(now))
        .where('id', '>', after)
        .orderBy('id')
        .limit(BATCH)
      if (!due.length) return sent
      after = due[due.length - 1]!.id
      for (const sub of due) {
        const member = await Member.find(sub.memberId)
        // Dormant, restricted or departed members are not written to; their reminder waits.
        if (!member || (await audience.reason(member))) continue
        const confirmedAt = await audience.confirmedAt(member)
        if (!confirmedAt) continue
        let next = sub.reconfirmDueAt!
        while (next <= now) next = next.plus(RECONFIRM_AFTER)
        const claimed = await NewsletterSubscription.query()
          .where('id', sub.id)
          .where('reconfirm_due_at', await sqlDateTime(sub.reconfirmDueAt!))
          .update({
            reconfirm_due_at: await sqlDateTime(next),
            reconfirmed_notice_at: await sqlDateTime(now),
            updated_at: await sqlDateTime(now),
          })
        if (Number(Array.isArray(claimed) ? claimed[0] : claimed) !== 1) continue
        const { token } = await tokens.issue(member, 'unsubscribe')
        const locale = mailLocale(tenant, member.locale)
        await mailer.send(tenant, {
          to: member.email,
          locale,
          idempotencyKey: `newsletter-reconfirm-${member.publicId}-${sub.reconfirmDueAt!.toMillis()}`,
          content: reconfirmMail(tenant, locale, confirmedAt.toJSDate(), linkUrls.unsubscribe(tenant, token)),
        })
        sent++
      }
    }
  }
}
