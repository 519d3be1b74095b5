import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { DelayedError, type Job } from 'bullmq'
import clock, { sqlDateTime } from '#shared/clock'
import { publicId } from '#shared/crypto'
import { entityTag } from '#shared/preconditions'
import { ProblemError, problems } from '#shared/problem'
import { queue } from '#queue/queues'
import Tenant from '#tenancy/tenant'
import { withTenant } from '#tenancy/tenant_context'
import Member from '#members/member'
import { mailLocale, renderMail, type MailLocale } from '#mail/layout'
import { tenantLogoUrl } from '#mail/tenant_mailer'
import Campaign, { type CampaignContent } from '#newsletters/campaign'
import Delivery, { DELIVERY_STATUSES } from '#newsletters/delivery'
import Audience from '#newsletters/audience'
import NewsletterTokens from '#newsletters/tokens'
import { linkUrls } from '#newsletters/opt_in_service'
import { campaignLocale, contentErrors, newsletterMail, unsubscribeHeaders } from '#newsletters/content'
import { describeSmtpError, sendNewsletterNow } from '#newsletters/sender'
import { quietUntil, reserveSlot } from '#newsletters/pacing'

export type StartJob = { tenantId: number; campaignId: number; scheduledAt: string | null }
export type DeliverJob = { tenantId: number; campaignId: number; memberId: number; slotAt?: number }

const BATCH = 1000
/** Retries of one delivery (SMTP 4xx, dropped connections), with exponential backoff from 1 s. */
export const DELIVERY_ATTEMPTS = 6

const now = () => DateTime.fromJSDate(clock.now())
const sqlNow = () => sqlDateTime(now())
const affected = (result: unknown) => Number(Array.isArray(result) ? result[0] : result)

/** Korean recipients get the Network Act's marks: the mail is Korean, or the member is a Korean national. */
export function isKoreanRecipient(member: Member, locale: MailLocale): boolean {
  return locale === 'ko' || member.nationality === 'KR'
}

function unsubscribeMailto(tenant: Tenant, token: string) {
  return `mailto:${tenant.officerEmail}?subject=${encodeURIComponent(`unsubscribe ${token}`)}`
}

/**
 * Campaigns: drafts with a subject and Markdown body per locale, a preview, a test send, then a
 * schedule or an immediate start. Starting computes the audience in SQL and writes one delivery row
 * per member (unique per campaign × member) before queueing one job per row; each job checks the
 * member again, claims its row and sends. A retried or restarted job finds its row claimed or sent
 * and sends nothing.
 */
export default class CampaignService {
  private tokens = new NewsletterTokens()
  private audience = new Audience()

  present(c: Campaign) {
    return {
      id: c.publicId,
      name: c.name,
      status: c.status,
      content: c.content,
      scheduledAt: c.scheduledAt?.toUTC().toISO() ?? null,
      startedAt: c.startedAt?.toUTC().toISO() ?? null,
      finishedAt: c.finishedAt?.toUTC().toISO() ?? null,
      audienceCount: c.audienceCount,
      createdAt: c.createdAt.toUTC().toISO(),
    }
  }

  async findOrFail(id: string): Promise<Campaign> {
    const campaign = await Campaign.findBy('public_id', id)
    if (!campaign) throw problems.notFound('campaign')
    return campaign
  }

  validate(tenant: Tenant, content: CampaignContent) {
    const errors = contentErrors(content, tenant)
    if (errors.length) throw problems.invalid(errors)
  }

  async create(tenant: Tenant, input: { name: string; content: CampaignContent }, createdBy: string) {
    this.validate(tenant, input.content)
    return Campaign.create({
      publicId: publicId('nl'),
      name: input.name,
      content: input.content,
      status: 'draft',
      createdBy,
    })
  }

  /**
   * The ETag of what an editor changes (name and content): the state itself, hashed, so two
   * changes within one second (the column's precision) still get different tags.
   */
  entityTag(campaign: Campaign): string {
    return entityTag(campaign.publicId, JSON.stringify([campaign.name, campaign.content]))
  }

  /**
   * Changes a draft or scheduled campaign. `precondition` sees the campaign as locked for the
   * change (If-Match is checked there), so two editors saving at once cannot both pass it.
   */
  async update(
    tenant: Tenant,
    campaign: Campaign,
    input: { name?: string; content?: CampaignContent },
    precondition: (current: Campaign) => void = () => {}
  ) {
    return db.transaction(async (trx) => {
      const current = await Campaign.query({ client: trx }).where('id', campaign.id).forUpdate().firstOrFail()
      precondition(current)
      this.assertEditable(current)
      if (input.content) this.validate(tenant, input.content)
      current.merge({
        ...(input.name ? { name: input.name } : {}),
        ...(input.content ? { content: input.content } : {}),
      })
      current.useTransaction(trx)
      await current.save()
      return current
    })
  }

  /** How the campaign looks to a member in `locale` (a placeholder unsubscribe link). */
  preview(tenant: Tenant, campaign: Campaign, wanted: MailLocale) {
    const locale = campaignLocale(campaign.content, wanted, tenant)
    const url = linkUrls.unsubscribe(tenant, 'nu_preview')
    const content = newsletterMail({
      tenant,
      content: campaign.content,
      locale,
      korean: locale === 'ko',
      consentedAt: clock.now(),
      unsubscribeUrl: url,
    })
    return {
      locale,
      headers: unsubscribeHeaders(url, unsubscribeMailto(tenant, 'nu_preview')),
      ...renderMail(tenant, locale, content, tenantLogoUrl(tenant)),
    }
  }

  /** Sends the campaign to a staff address, marked as a test; no delivery row, no member data. */
  async sendTest(tenant: Tenant, campaign: Campaign, to: string, wanted: MailLocale) {
    const locale = campaignLocale(campaign.content, wanted, tenant)
    const url = linkUrls.unsubscribe(tenant, 'nu_test')
    const content = newsletterMail({
      tenant,
      content: campaign.content,
      locale,
      korean: locale === 'ko',
      consentedAt: null,
      unsubscribeUrl: url,
      test: true,
    })
    try {
      return await sendNewsletterNow(
        tenant,
        to,
        locale,
        content,
        unsubscribeHeaders(url, unsubscribeMailto(tenant, 'nu_test'))
      )
    } catch (error) {
      throw new ProblemError(
        502,
        'smtp-failed',
        'The mail server refused the test mail',
        describeSmtpError(error)
      )
    }
  }

  async schedule(campaign: Campaign, sendAt: Date) {
    if (sendAt.getTime() <= clock.now().getTime() + 60_000)
      throw problems.invalid([
        { field: 'sendAt', message: 'Schedule at least a minute ahead', rule: 'future' },
      ])
    const at = DateTime.fromJSDate(sendAt)
    const updated = await Campaign.query()
      .where('id', campaign.id)
      .whereIn('status', ['draft', 'scheduled'])
      .update({ status: 'scheduled', scheduled_at: await sqlDateTime(at), updated_at: await sqlNow() })
    if (affected(updated) !== 1) this.assertEditable(await campaign.refresh())
    await campaign.refresh()
    const key = campaign.scheduledAt!.toUTC().toISO()!
    await queue('newsletters').add(
      'start',
      { tenantId: campaign.tenantId, campaignId: campaign.id, scheduledAt: key } satisfies StartJob,
      {
        jobId: `start-${campaign.publicId}-${at.toMillis()}`,
        delay: Math.max(0, sendAt.getTime() - clock.now().getTime()),
      }
    )
    return campaign
  }

  /** Starts sending now. Of concurrent calls exactly one wins; the others get 409. */
  async sendNow(campaign: Campaign) {
    const updated = await Campaign.query()
      .where('id', campaign.id)
      .whereIn('status', ['draft', 'scheduled'])
      .update({ status: 'sending', started_at: await sqlNow(), updated_at: await sqlNow() })
    if (affected(updated) !== 1) this.assertEditable(await campaign.refresh(), 'started')
    await queue('newsletters').add(
      'start',
      { tenantId: campaign.tenantId, campaignId: campaign.id, scheduledAt: null } satisfies StartJob,
      { jobId: `start-${campaign.publicId}` }
    )
    return campaign.refresh()
  }

  /** Stops a scheduled or running campaign: mails not yet sent are skipped. */
  async cancel(campaign: Campaign) {
    const updated = await Campaign.query()
      .where('id', campaign.id)
      .whereIn('status', ['draft', 'scheduled', 'sending'])
      .update({ status: 'cancelled', finished_at: await sqlNow(), updated_at: await sqlNow() })
    if (affected(updated) !== 1)
      throw problems.conflict(`The campaign is ${(await campaign.refresh()).status} and cannot be cancelled.`)
    return campaign.refresh()
  }

  private assertEditable(campaign: Campaign, verb = 'changed'): void {
    if (campaign.status !== 'draft' && campaign.status !== 'scheduled')
      throw new ProblemError(
        409,
        'campaign-not-editable',
        'Campaign already started',
        `The campaign is ${campaign.status} and cannot be ${verb}.`,
        [{ field: 'status', message: `Campaign is ${campaign.status}`, rule: 'editable' }]
      )
  }

  /** Delivery counts by status of many campaigns at once (the list), in one grouped query. */
  async deliveryCounts(campaigns: Campaign[]): Promise<Map<number, Record<string, number>>> {
    const counts = new Map<number, Record<string, number>>()
    for (const c of campaigns) counts.set(c.id, Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])))
    if (!campaigns.length) return counts
    const rows = await db
      .from('newsletter_deliveries')
      .where('tenant_id', campaigns[0]!.tenantId)
      .whereIn(
        'campaign_id',
        campaigns.map((c) => c.id)
      )
      .groupBy('campaign_id', 'status')
      .select('campaign_id', 'status')
      .count('* as n')
    for (const r of rows) counts.get(Number(r.campaign_id))![String(r.status)] = Number(r.n)
    return counts
  }

  async stats(campaign: Campaign) {
    const rows = await db
      .from('newsletter_deliveries')
      .where({ tenant_id: campaign.tenantId, campaign_id: campaign.id })
      .groupBy('status')
      .select('status')
      .count('* as n')
    const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<string, number>
    for (const r of rows) counts[String(r.status)] = Number(r.n)
    const attempts = await db
      .from('newsletter_deliveries')
      .where({ tenant_id: campaign.tenantId, campaign_id: campaign.id })
      .sum('attempts as total')
      .first()
    return {
      campaign: campaign.publicId,
      status: campaign.status,
      audience: campaign.audienceCount,
      deliveries: counts,
      smtpAttempts: Number(attempts?.total ?? 0),
      startedAt: campaign.startedAt?.toUTC().toISO() ?? null,
      finishedAt: campaign.finishedAt?.toUTC().toISO() ?? null,
    }
  }

  // --- worker side ---------------------------------------------------------------------------

  /** Fan-out: the audience in SQL, one delivery row per member, one job per row. Re-runnable. */
  async start({ tenantId, campaignId, scheduledAt }: StartJob): Promise<number> {
    return withTenant(tenantId, async () => {
      const campaign = await Campaign.find(campaignId)
      if (!campaign) return 0
      if (campaign.status === 'scheduled') {
        // A start job of an earlier schedule does nothing.
        if (!scheduledAt || campaign.scheduledAt?.toUTC().toISO() !== scheduledAt) return 0
        const updated = await Campaign.query()
          .where('id', campaign.id)
          .where('status', 'scheduled')
          .update({ status: 'sending', started_at: await sqlNow(), updated_at: await sqlNow() })
        if (affected(updated) !== 1) return 0
        await campaign.refresh()
      }
      if (campaign.status !== 'sending') return 0
      let after = 0
      for (;;) {
        const rows = await this.audience.batch(after, BATCH)
        if (!rows.length) break
        after = rows[rows.length - 1]!.memberId
        const ids: number[] = []
        for (const row of rows) {
          if (!row.objection) ids.push(row.memberId)
          else {
            const member = await Member.find(row.memberId)
            if (member && !(await this.audience.reason(member))) ids.push(row.memberId)
          }
        }
        if (!ids.length) continue
        const stamp = await sqlNow()
        await db
          .table('newsletter_deliveries')
          .insert(
            ids.map((memberId) => ({
              tenant_id: tenantId,
              campaign_id: campaign.id,
              member_id: memberId,
              status: 'queued',
              attempts: 0,
              queued_at: stamp,
              updated_at: stamp,
            }))
          )
          .onConflict(['campaign_id', 'member_id'])
          .ignore()
        await queue('newsletters').addBulk(
          ids.map((memberId) => ({
            name: 'deliver',
            data: { tenantId, campaignId: campaign.id, memberId } satisfies DeliverJob,
            opts: {
              jobId: `nl-${campaign.publicId}-${memberId}`,
              attempts: DELIVERY_ATTEMPTS,
              backoff: { type: 'exponential', delay: 1000 },
            },
          }))
        )
      }
      const total = await db
        .from('newsletter_deliveries')
        .where({ tenant_id: tenantId, campaign_id: campaign.id })
        .count('* as n')
        .first()
      await Campaign.query()
        .where('id', campaign.id)
        .update({ audience_count: Number(total?.n ?? 0), updated_at: await sqlNow() })
      await this.finishIfDone(campaign.id)
      return Number(total?.n ?? 0)
    })
  }

  /** One mail to one member, at most once. */
  async deliver(job: Job<DeliverJob>, token?: string): Promise<string> {
    const { tenantId, campaignId, memberId } = job.data
    const tenant = await Tenant.find(tenantId)
    if (!tenant) return 'tenant-gone'
    return withTenant(tenantId, async () => {
      const delivery = await Delivery.query().where({ campaign_id: campaignId, member_id: memberId }).first()
      if (!delivery) return 'no-delivery'
      if (delivery.status === 'sending') {
        // An earlier attempt died between claiming and recording: the mail may have left. Never twice.
        await Delivery.query()
          .where('id', delivery.id)
          .where('status', 'sending')
          .update({ status: 'uncertain', updated_at: await sqlNow() })
        await this.finishIfDone(campaignId)
        return 'uncertain'
      }
      if (delivery.status !== 'queued') return delivery.status
      const [campaign, member] = await Promise.all([Campaign.find(campaignId), Member.find(memberId)])
      if (!campaign || campaign.status === 'cancelled')
        return this.skip(delivery, campaignId, 'campaign cancelled')
      if (!member) return this.skip(delivery, campaignId, 'member gone')

      const quiet = quietUntil(
        clock.now(),
        tenant.settings.quietHours,
        member.timeZone ?? tenant.settings.timeZone
      )
      if (quiet && token) {
        await job.moveToDelayed(Date.now() + (quiet.getTime() - clock.now().getTime()), token)
        throw new DelayedError()
      }
      if (!job.data.slotAt && token) {
        const slot = await reserveSlot(tenantId, tenant.settings.newsletterRatePerSecond)
        const wait = slot - Date.now()
        if (wait > 250) {
          await job.updateData({ ...job.data, slotAt: slot })
          await job.moveToDelayed(slot, token)
          throw new DelayedError()
        }
        if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      }

      // Checked again right before sending: a withdrawal during the campaign stops this mail.
      const { reason, confirmedAt } = await this.audience.check(member)
      if (reason) return this.skip(delivery, campaignId, reason)

      const claimed = await Delivery.query()
        .where('id', delivery.id)
        .where('status', 'queued')
        .update({ status: 'sending', attempts: db.raw('attempts + 1'), updated_at: await sqlNow() })
      if (affected(claimed) !== 1) return 'taken'

      try {
        const locale = campaignLocale(campaign.content, mailLocale(tenant, member.locale), tenant)
        const { token: unsubscribe } = await this.tokens.issue(member, 'unsubscribe')
        const url = linkUrls.unsubscribe(tenant, unsubscribe)
        const content = newsletterMail({
          tenant,
          content: campaign.content,
          locale,
          korean: isKoreanRecipient(member, locale),
          consentedAt: confirmedAt?.toJSDate() ?? null,
          unsubscribeUrl: url,
        })
        const messageId = await sendNewsletterNow(
          tenant,
          member.email,
          locale,
          content,
          unsubscribeHeaders(url, unsubscribeMailto(tenant, unsubscribe))
        )
        await Delivery.query()
          .where('id', delivery.id)
          .update({
            status: 'sent',
            sent_at: await sqlNow(),
            message_id: messageId?.slice(0, 255) ?? null,
            error: null,
            updated_at: await sqlNow(),
          })
      } catch (error) {
        const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1)
        await Delivery.query()
          .where('id', delivery.id)
          .update({
            status: final ? 'failed' : 'queued',
            error: describeSmtpError(error),
            updated_at: await sqlNow(),
          })
        if (job.data.slotAt) await job.updateData({ ...job.data, slotAt: undefined })
        if (final) await this.finishIfDone(campaignId)
        // The stored and logged message carries no address; the original stays as the cause.
        throw new Error(describeSmtpError(error), { cause: error })
      }
      await this.finishIfDone(campaignId)
      return 'sent'
    })
  }

  private async skip(delivery: Delivery, campaignId: number, reason: string) {
    await Delivery.query()
      .where('id', delivery.id)
      .where('status', 'queued')
      .update({ status: 'skipped', skip_reason: reason.slice(0, 200), updated_at: await sqlNow() })
    await this.finishIfDone(campaignId)
    return 'skipped'
  }

  /** A campaign whose fan-out is done and whose every delivery is settled is sent. */
  private async finishIfDone(campaignId: number) {
    await Campaign.query()
      .where('id', campaignId)
      .where('status', 'sending')
      .whereNotNull('audience_count')
      .whereNotExists((q) =>
        q
          .from('newsletter_deliveries')
          .where('campaign_id', campaignId)
          .whereIn('status', ['queued', 'sending'])
      )
      .update({ status: 'sent', finished_at: await sqlNow(), updated_at: await sqlNow() })
  }
}
