import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import clock, { sqlDateTime } from '#shared/clock'
import type Member from '#members/member'
import UsageEvent, { type UsageAction } from '#lifecycle/usage_event'

/** Member routes that count as usage, by route name; anything else (polling, config) is not recorded. */
const ROUTE_ACTIONS: Record<string, UsageAction> = {
  'widget.consents.store': 'consent',
  'widget.newsletter.update': 'consent',
  'widget.requests.store': 'request',
  'widget.uploads.store': 'upload',
  'widget.tus.create': 'upload',
  'widget.analyses.store': 'analysis',
  // Looking at an image or its result; not the analysis status, which the widget polls as a fallback.
  'widget.uploads.content': 'view',
  'widget.analyses.mask': 'view',
  'widget.me.data': 'view',
  'widget.me.export': 'view',
}

/**
 * Usage records: what a member did, from which IP, when. They feed `last_active_at` (which the
 * dormancy rule counts from) and are deleted after the tenant's `usageRecordDays`.
 */
export default class UsageService {
  async record(
    member: Member,
    action: UsageAction,
    ip: string | null,
    trx?: TransactionClientContract
  ): Promise<void> {
    const now = DateTime.fromJSDate(clock.now())
    await UsageEvent.create(
      { tenantId: member.tenantId, memberId: member.id, action, ip, occurredAt: now },
      { client: trx }
    )
    if (trx) member.useTransaction(trx)
    member.lastActiveAt = now
    await member.save()
  }

  /** After a member request: records it when its route counts as usage and it succeeded. */
  async recordRequest(ctx: HttpContext): Promise<void> {
    const action = ROUTE_ACTIONS[ctx.route?.name ?? '']
    if (!action || !ctx.member || ctx.response.getStatus() >= 400) return
    await this.record(ctx.member, action, ctx.request.ip())
  }

  /** A member's usage records, newest first (staff reads are audited by the caller). */
  list(memberId: number, limit = 500) {
    return UsageEvent.query()
      .where('member_id', memberId)
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
  }

  /** Deletes the tenant's usage records older than its retention; returns how many went. */
  async purgeExpired(days: number, trx?: TransactionClientContract): Promise<number> {
    const cutoff = await sqlDateTime(DateTime.fromJSDate(clock.now()).minus({ days }))
    const deleted = await UsageEvent.query({ client: trx }).where('occurred_at', '<', cutoff).delete()
    return Number(Array.isArray(deleted) ? deleted[0] : deleted) || 0
  }
}
