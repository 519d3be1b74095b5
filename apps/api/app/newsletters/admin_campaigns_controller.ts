import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import { problems } from '#shared/problem'
import { assertIfMatch, sendEntityTag } from '#shared/preconditions'
import { mailLocale } from '#mail/layout'
import AuditService from '#audit/audit_service'
import Campaign from '#newsletters/campaign'
import CampaignService from '#newsletters/campaign_service'
import Audience from '#newsletters/audience'
import {
  createCampaignValidator,
  localeQueryValidator,
  pageValidator,
  scheduleValidator,
  testSendValidator,
  updateCampaignValidator,
} from '#newsletters/validators'

/** The tenant's newsletter campaigns: drafts, preview, test send, schedule or send, statistics, recipients. */
@inject()
export default class AdminCampaignsController {
  constructor(
    private campaigns: CampaignService,
    private audit: AuditService
  ) {}

  private actor(ctx: HttpContext) {
    return {
      type: ctx.caller.type === 'admin' ? ('admin' as const) : ('api_key' as const),
      id: ctx.caller.id,
    }
  }

  /** The newest 200 campaigns, each with its delivery counts by status. */
  async index() {
    const rows = await Campaign.query().orderBy('id', 'desc').limit(200)
    const counts = await this.campaigns.deliveryCounts(rows)
    return { data: rows.map((c) => ({ ...this.campaigns.present(c), deliveries: counts.get(c.id)! })) }
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(createCampaignValidator)
    const campaign = await this.campaigns.create(ctx.tenant, input, ctx.caller.id)
    ctx.response.status(201)
    sendEntityTag(ctx.response, this.campaigns.entityTag(campaign))
    return this.campaigns.present(campaign)
  }

  async show({ params, response }: HttpContext) {
    const campaign = await this.campaigns.findOrFail(String(params.id))
    sendEntityTag(response, this.campaigns.entityTag(campaign))
    return { ...this.campaigns.present(campaign), stats: await this.campaigns.stats(campaign) }
  }

  /** With `If-Match` (the ETag of GET), a campaign changed meanwhile by someone else is refused (412). */
  async update(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(updateCampaignValidator)
    const campaign = await this.campaigns.findOrFail(String(ctx.params.id))
    const updated = await this.campaigns.update(ctx.tenant, campaign, input, (current) =>
      assertIfMatch(ctx.request, this.campaigns.entityTag(current), 'campaign')
    )
    sendEntityTag(ctx.response, this.campaigns.entityTag(updated))
    return this.campaigns.present(updated)
  }

  async preview(ctx: HttpContext) {
    const { locale } = await localeQueryValidator.validate(ctx.request.qs())
    const campaign = await this.campaigns.findOrFail(String(ctx.params.id))
    return this.campaigns.preview(ctx.tenant, campaign, mailLocale(ctx.tenant, locale))
  }

  async test(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(testSendValidator)
    const campaign = await this.campaigns.findOrFail(String(ctx.params.id))
    const to = input.to ?? (ctx.caller.type === 'admin' ? ctx.caller.admin.email : undefined)
    if (!to)
      throw problems.invalid([
        { field: 'to', message: 'The to field is required when using a secret key', rule: 'required' },
      ])
    const messageId = await this.campaigns.sendTest(
      ctx.tenant,
      campaign,
      to,
      mailLocale(ctx.tenant, input.locale)
    )
    await this.audit.record({
      tenantId: ctx.tenant.id,
      actor: this.actor(ctx),
      action: 'newsletter.test_sent',
      subject: { type: 'newsletter_campaign', id: campaign.publicId },
      ip: ctx.request.ip(),
    })
    return { sent: true, messageId }
  }

  async schedule(ctx: HttpContext) {
    const { sendAt } = await ctx.request.validateUsing(scheduleValidator)
    const at = new Date(sendAt)
    if (Number.isNaN(at.getTime()))
      throw problems.invalid([{ field: 'sendAt', message: 'Not a date', rule: 'date' }])
    const campaign = await this.campaigns.findOrFail(String(ctx.params.id))
    await this.campaigns.schedule(campaign, at)
    await this.record(ctx, 'newsletter.scheduled', campaign)
    return this.campaigns.present(campaign)
  }

  async send(ctx: HttpContext) {
    const campaign = await this.campaigns.findOrFail(String(ctx.params.id))
    const started = await this.campaigns.sendNow(campaign)
    await this.record(ctx, 'newsletter.started', campaign)
    ctx.response.status(202)
    return this.campaigns.present(started)
  }

  async cancel(ctx: HttpContext) {
    const campaign = await this.campaigns.findOrFail(String(ctx.params.id))
    const cancelled = await this.campaigns.cancel(campaign)
    await this.record(ctx, 'newsletter.cancelled', campaign)
    return this.campaigns.present(cancelled)
  }

  async stats({ params }: HttpContext) {
    return this.campaigns.stats(await this.campaigns.findOrFail(String(params.id)))
  }

  /** Who a campaign went to: personal data, so every read is audited. */
  async recipients(ctx: HttpContext) {
    const { page = 1, perPage = 50 } = await pageValidator.validate(ctx.request.qs())
    const campaign = await this.campaigns.findOrFail(String(ctx.params.id))
    const rows = await db
      .from('newsletter_deliveries as d')
      .leftJoin('members as m', 'm.id', 'd.member_id')
      .where('d.tenant_id', ctx.tenant.id)
      .where('d.campaign_id', campaign.id)
      .orderBy('d.id')
      .offset((page - 1) * perPage)
      .limit(perPage)
      .select('m.public_id', 'd.status', 'd.attempts', 'd.skip_reason', 'd.error', 'd.sent_at')
    await this.audit.record({
      tenantId: ctx.tenant.id,
      actor: this.actor(ctx),
      action: 'newsletter.recipients_read',
      subject: { type: 'newsletter_campaign', id: campaign.publicId },
      ip: ctx.request.ip(),
      metadata: { page, perPage, count: rows.length },
    })
    return {
      page,
      perPage,
      data: rows.map((r) => ({
        member: r.public_id ?? null,
        status: r.status,
        attempts: Number(r.attempts),
        skipReason: r.skip_reason,
        error: r.error,
        sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
      })),
    }
  }

  /** How many members a campaign would reach now (no personal data). */
  async audience() {
    return { eligible: await new Audience().count() }
  }

  private async record(ctx: HttpContext, action: string, campaign: Campaign) {
    await this.audit.record({
      tenantId: ctx.tenant.id,
      actor: this.actor(ctx),
      action,
      subject: { type: 'newsletter_campaign', id: campaign.publicId },
      ip: ctx.request.ip(),
    })
  }
}
