import { inject } from '@adonisjs/core'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import clock, { sqlDateTime } from '#shared/clock'
import Tenant from '#tenancy/tenant'
import { asSystem, withTenant } from '#tenancy/tenant_context'
import Member from '#members/member'
import MemberTokensService from '#members/member_tokens_service'
import { linkUrl } from '#members/registration_service'
import TenantMailer from '#mail/tenant_mailer'
import { mailLocale } from '#mail/layout'
import { OPEN_STATUSES } from '#privacy_requests/privacy_request'
import ErasureService from '#privacy_requests/erasure_service'
import type { Corrections } from '#privacy_requests/request_service'
import DormantMember, { type DormantPayload } from '#lifecycle/dormant_member'
import UsageEvent from '#lifecycle/usage_event'
import UsageService from '#lifecycle/usage_service'
import { storedOf, withStoredDetails } from '#lifecycle/dormant_store'
import { dormancyNoticeMail, restoreLinkMail, restoredMail } from '#lifecycle/lifecycle_mail'
import { bumpCounter } from '#lifecycle/statistics_service'

export type LifecycleReport = {
  tenant: string
  usagePurged: number
  noticed: number
  separated: number
  destroyed: number
  skipped?: 'dormancy-off'
}

const BATCH = 500
/** Days are counted as 24-hour spans from an instant (UTC): no time zone or DST moves a deadline. */
const INACTIVE_SINCE = 'COALESCE(members.last_active_at, members.created_at)'

/**
 * Dormancy, as the policy promises: a member inactive for `dormancyDays` is told
 * `dormancyNoticeDays` ahead (once per inactivity period), then their personal data moves to the
 * separate store (encrypted, read by no processor), leaving a pseudonymous row; signing in again
 * (by a link mailed to the address) restores it; after `dormantDestroyYears` it is erased for good.
 * A tenant may turn dormancy off (Korea made it optional in 2023); usage records expire either way.
 */
@inject()
export default class DormancyService {
  constructor(
    private mailer: TenantMailer,
    private tokens: MemberTokensService,
    private erasure: ErasureService,
    private usage: UsageService
  ) {}

  /** The daily pass over every tenant. */
  async runAll(): Promise<LifecycleReport[]> {
    const tenants = await asSystem('daily lifecycle pass over every tenant', () =>
      Tenant.query().orderBy('id')
    )
    const reports: LifecycleReport[] = []
    for (const tenant of tenants) {
      try {
        reports.push(await this.runTenant(tenant))
      } catch (error) {
        // One tenant's failure does not stop the others; the next run picks it up again.
        logger.error({ tenant: tenant.publicId, error: (error as Error).message }, 'lifecycle pass failed')
      }
    }
    return reports
  }

  async runTenant(tenant: Tenant): Promise<LifecycleReport> {
    return withTenant(tenant.id, async () => {
      const s = tenant.settings
      const report: LifecycleReport = {
        tenant: tenant.publicId,
        usagePurged: await this.usage.purgeExpired(s.usageRecordDays),
        noticed: 0,
        separated: 0,
        destroyed: 0,
      }
      if (!s.dormancyEnabled) return { ...report, skipped: 'dormancy-off' }
      report.destroyed = await this.destroyDue(tenant)
      report.separated = await this.separateDue(tenant)
      report.noticed = await this.noticeDue(tenant)
      return report
    })
  }

  // ---- notice -------------------------------------------------------------------------------

  private async noticeDue(tenant: Tenant): Promise<number> {
    const s = tenant.settings
    const now = DateTime.fromJSDate(clock.now())
    const cutoff = await sqlDateTime(now.minus({ days: s.dormancyDays - s.dormancyNoticeDays }))
    let sent = 0
    let after = 0
    for (;;) {
      const due = await Member.query()
        .whereIn('status', ['active', 'restricted'])
        .whereRaw(`${INACTIVE_SINCE} <= ?`, [cutoff])
        .where((q) =>
          q.whereNull('dormancy_notice_at').orWhereRaw(`members.dormancy_notice_at < ${INACTIVE_SINCE}`)
        )
        .where('id', '>', after)
        .orderBy('id')
        .limit(BATCH)
      if (!due.length) return sent
      for (const member of due) {
        const since = member.lastActiveAt ?? member.createdAt
        // Never sooner than the notice period from today, so the member always has that long to come back.
        const separationAt = DateTime.max(
          since.plus({ days: s.dormancyDays }),
          now.plus({ days: s.dormancyNoticeDays })
        )
        const locale = mailLocale(tenant, member.locale)
        await this.mailer.send(tenant, {
          to: member.email,
          locale,
          content: dormancyNoticeMail(
            tenant.name,
            locale,
            s,
            separationAt.toJSDate(),
            member.timeZone ?? s.timeZone,
            tenant.website
          ),
          // One notice per member and inactivity period, even if the job runs twice.
          idempotencyKey: `dormancy-notice-${member.publicId}-${since.toMillis()}`,
        })
        member.dormancyNoticeAt = now
        await member.save()
        sent++
      }
      after = due[due.length - 1]!.id
    }
  }

  // ---- separation ---------------------------------------------------------------------------

  private async separateDue(tenant: Tenant): Promise<number> {
    const s = tenant.settings
    const now = DateTime.fromJSDate(clock.now())
    const inactiveCutoff = await sqlDateTime(now.minus({ days: s.dormancyDays }))
    const noticeCutoff = await sqlDateTime(now.minus({ days: s.dormancyNoticeDays }))
    let moved = 0
    let after = 0
    for (;;) {
      const due = await Member.query()
        .whereIn('status', ['active', 'restricted'])
        .whereRaw(`${INACTIVE_SINCE} <= ?`, [inactiveCutoff])
        // Told about this inactivity period, at least the notice period ago.
        .whereRaw(`members.dormancy_notice_at >= ${INACTIVE_SINCE}`)
        .where('dormancy_notice_at', '<=', noticeCutoff)
        // A member whose privacy request is still open is answered first.
        .whereNotExists((q) =>
          q
            .from('privacy_requests')
            .whereColumn('privacy_requests.member_id', 'members.id')
            .whereIn('privacy_requests.status', OPEN_STATUSES as string[])
        )
        .where('id', '>', after)
        .orderBy('id')
        .limit(BATCH)
      if (!due.length) break
      for (const member of due) if (await this.separate(member, tenant)) moved++
      after = due[due.length - 1]!.id
    }
    if (moved) await bumpCounter(tenant, 'members_separated', '', moved)
    return moved
  }

  /** Moves one member's personal data to the separate store; the row left behind names no one. */
  async separate(member: Member, tenant: Tenant): Promise<boolean> {
    const now = DateTime.fromJSDate(clock.now())
    return db.transaction(async (trx) => {
      const fresh = await Member.query({ client: trx }).where('id', member.id).forUpdate().first()
      if (!fresh || (fresh.status !== 'active' && fresh.status !== 'restricted')) return false
      const usage = await UsageEvent.query({ client: trx }).where('member_id', fresh.id).orderBy('id')
      const payload: DormantPayload = {
        email: fresh.email,
        firstName: fresh.firstName,
        lastName: fresh.lastName,
        company: fresh.company,
        nationality: fresh.nationality,
        timeZone: fresh.timeZone,
        usage: usage.map((u) => ({ action: u.action, ip: u.ip, at: u.occurredAt.toUTC().toISO()! })),
      }
      await DormantMember.create(
        {
          tenantId: fresh.tenantId,
          memberId: fresh.id,
          payload,
          previousStatus: fresh.status,
          separatedAt: now,
          destroyAt: now.toUTC().plus({ years: tenant.settings.dormantDestroyYears }),
        },
        { client: trx }
      )
      // email_encrypted is NOT NULL: an empty string (which decrypts to nothing) while dormant.
      await Member.query({ client: trx })
        .where('id', fresh.id)
        .update({
          email_encrypted: '',
          first_name_encrypted: null,
          last_name_encrypted: null,
          company_encrypted: null,
          nationality_encrypted: null,
          time_zone: null,
          status: 'dormant',
          dormant_at: await sqlDateTime(now),
          updated_at: await sqlDateTime(now),
        })
      await UsageEvent.query({ client: trx }).where('member_id', fresh.id).delete()
      // Sessions and open links end: coming back goes through a link mailed to the address.
      await trx.from('member_tokens').where({ tenant_id: fresh.tenantId, member_id: fresh.id }).delete()
      return true
    })
  }

  // ---- restore ------------------------------------------------------------------------------

  /** Mails a single-use link that restores the account (the member confirms the address by opening it). */
  async sendRestoreLink(tenant: Tenant, member: Member, returnUrl: string, locale?: string | null) {
    await withStoredDetails(member)
    if (!member.email) return
    const token = await this.tokens.issue(member, 'sign_in')
    const lang = mailLocale(tenant, locale ?? member.locale)
    await this.mailer.send(tenant, {
      to: member.email,
      locale: lang,
      content: restoreLinkMail(tenant.name, lang, linkUrl(tenant, returnUrl, 'tessera-sign-in', token)),
    })
  }

  /**
   * Brings a dormant member back (after they opened a link mailed to their address) and tells them.
   * Returns false when there was nothing to restore (destroyed, or restored a moment ago).
   */
  async restore(tenant: Tenant, member: Member, ip: string | null): Promise<boolean> {
    const now = DateTime.fromJSDate(clock.now())
    const cutoff = now.minus({ days: tenant.settings.usageRecordDays })
    const restored = await db.transaction(async (trx) => {
      const stored = await DormantMember.query({ client: trx })
        .where('member_id', member.id)
        .forUpdate()
        .first()
      if (!stored) return false
      const p = stored.payload
      member.useTransaction(trx)
      member.merge({
        email: p.email,
        firstName: p.firstName,
        lastName: p.lastName,
        company: p.company,
        nationality: p.nationality,
        timeZone: p.timeZone,
        status: stored.previousStatus,
        dormantAt: null,
        dormancyNoticeAt: null,
      })
      await member.save()
      const kept = p.usage.filter((u) => DateTime.fromISO(u.at) >= cutoff)
      if (kept.length)
        await UsageEvent.createMany(
          kept.map((u) => ({
            tenantId: member.tenantId,
            memberId: member.id,
            action: u.action as UsageEvent['action'],
            ip: u.ip,
            occurredAt: DateTime.fromISO(u.at),
          })),
          { client: trx }
        )
      await stored.useTransaction(trx).delete()
      await this.usage.record(member, 'restore', ip, trx)
      return true
    })
    if (!restored) return false
    await bumpCounter(tenant, 'members_restored', '', 1)
    const locale = mailLocale(tenant, member.locale)
    await this.mailer.send(tenant, {
      to: member.email,
      locale,
      content: restoredMail(tenant.name, locale),
    })
    return true
  }

  // ---- privacy requests of dormant members --------------------------------------------------

  /** A correction or restriction of a dormant member lands in the separate store (they stay dormant). */
  async applyRequest(member: Member, type: 'rectify' | 'restrict', corrections: Corrections = {}) {
    const stored = await storedOf(member)
    if (!stored) return
    if (type === 'restrict') stored.previousStatus = 'restricted'
    else {
      const next = { ...stored.payload }
      for (const key of ['firstName', 'lastName', 'company', 'nationality', 'email'] as const) {
        if (key in corrections) (next as Record<string, unknown>)[key] = corrections[key] ?? null
      }
      stored.payload = next
      if (corrections.email) {
        const { emailLookupHash } = await import('#members/personal_data')
        await Member.query()
          .where('id', member.id)
          .update({ email_hash: emailLookupHash(corrections.email) })
      }
    }
    await stored.save()
  }

  // ---- destruction --------------------------------------------------------------------------

  private async destroyDue(tenant: Tenant): Promise<number> {
    const now = await sqlDateTime(DateTime.fromJSDate(clock.now()))
    let destroyed = 0
    for (;;) {
      const due = await DormantMember.query().where('destroy_at', '<=', now).orderBy('id').limit(BATCH)
      if (!due.length) break
      const members = await Member.query().whereIn(
        'id',
        due.map((d) => d.memberId)
      )
      if (!members.length) break
      for (const member of members) {
        await this.erasure.erase(member)
        destroyed++
      }
    }
    if (destroyed) await bumpCounter(tenant, 'members_destroyed', '', destroyed)
    return destroyed
  }
}
