import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { appUrl } from '#config/app'
import clock from '#shared/clock'
import { queue } from '#queue/queues'
import type Tenant from '#tenancy/tenant'
import TenantModel from '#tenancy/tenant'
import { asSystem, withTenant } from '#tenancy/tenant_context'
import Member from '#members/member'
import MemberService from '#members/member_service'
import TenantMailer from '#mail/tenant_mailer'
import { mailLocale } from '#mail/layout'
import PolicyVersion from '#policies/policy_version'
import PolicyNotice from '#policies/policy_notice'
import { policyNoticeContent } from '#policies/notice_mail'

export type FanOutJob = { tenantId: number; versionId: number }
export type NoticeJob = { tenantId: number; versionId: number; memberId: number }

const BATCH = 500

/**
 * Policy-change notices. Publishing queues one fan-out job; it queues one job per member (job id =
 * version × member, so a retried fan-out adds nothing twice); each of those records the notice row
 * (unique per version × member × channel) and queues the mail in the same transaction, so a member
 * is told once, however often a job runs.
 */
export default class NoticeService {
  async schedule(tenant: Tenant, version: PolicyVersion) {
    await queue('policy-notices').add(
      'fan-out',
      { tenantId: tenant.id, versionId: version.id } satisfies FanOutJob,
      { jobId: `fan-out-${version.publicId}` }
    )
  }

  async fanOut({ tenantId, versionId }: FanOutJob): Promise<number> {
    return withTenant(tenantId, async () => {
      let lastId = 0
      let queued = 0
      for (;;) {
        const members = await new MemberService()
          .noticeAudience()
          .where('id', '>', lastId)
          .orderBy('id')
          .limit(BATCH)
        if (!members.length) break
        await queue('policy-notices').addBulk(
          members.map((m) => ({
            name: 'notice',
            data: { tenantId, versionId, memberId: m.id } satisfies NoticeJob,
            opts: { jobId: `notice-${versionId}-${m.id}` },
          }))
        )
        queued += members.length
        lastId = members[members.length - 1]!.id
      }
      return queued
    })
  }

  /** Returns false when the member was already told (or has left since the fan-out). */
  async notify({ tenantId, versionId, memberId }: NoticeJob): Promise<boolean> {
    const tenant = await asSystem('load the tenant of a notice job', () => TenantModel.findOrFail(tenantId))
    return withTenant(tenantId, async () => {
      const [version, member] = await Promise.all([PolicyVersion.find(versionId), Member.find(memberId)])
      if (!version || version.state !== 'published' || !member || member.status === 'withdrawn') return false
      return db.transaction(async (trx) => {
        const existing = await PolicyNotice.query({ client: trx })
          .where({ policy_version_id: versionId, member_id: memberId, channel: 'email' })
          .forUpdate()
          .first()
        if (existing) return false
        await PolicyNotice.create(
          {
            policyVersionId: versionId,
            memberId,
            channel: 'email',
            queuedAt: DateTime.fromJSDate(clock.now()),
          },
          { client: trx }
        )
        const locale = mailLocale(tenant, member.locale)
        await new TenantMailer().send(tenant, {
          to: member.email,
          locale,
          idempotencyKey: `policy-notice-${version.publicId}-${member.publicId}`,
          content: policyNoticeContent({
            tenantName: tenant.name,
            locale,
            effectiveAt: version.effectiveAt!.toJSDate(),
            significant: Boolean(version.significant),
            summary: version.changeSummary?.[locale] ?? [],
            url: `${appUrl}/policy/${tenant.publicId}/upcoming?lang=${locale}`,
          }),
        })
        return true
      })
    })
  }
}
