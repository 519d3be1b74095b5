import db from '@adonisjs/lucid/services/db'
import type Member from '#members/member'
import LedgerService from '#consent/ledger_service'
import { exportEvent } from '#consent/proof'
import PolicyNotice from '#policies/policy_notice'
import PolicyVersion from '#policies/policy_version'
import PrivacyRequest from '#privacy_requests/privacy_request'
import app from '@adonisjs/core/services/app'
import Upload from '#uploads/upload'
import UploadService from '#uploads/upload_service'
import Analysis from '#inference/analysis'
import { presentAnalysis } from '#inference/analysis_service'
import NewsletterSubscription from '#newsletters/subscription'
import Delivery from '#newsletters/delivery'
import Campaign from '#newsletters/campaign'
import UsageEvent from '#lifecycle/usage_event'
import DormantMember from '#lifecycle/dormant_member'
import { withStoredDetails } from '#lifecycle/dormant_store'

/**
 * What a member's data consists of and what erasure must reach. Each source exports its part of
 * the member's data and erases it. Capabilities that keep member data add a source here (uploads,
 * analyses, newsletters, usage records, dormancy storage) — one list, so export and erasure cannot
 * forget one.
 */
export type MemberDataSource = {
  key: string
  export(member: Member): Promise<unknown>
  /** Collections that can grow large also give their items in batches, for streamed exports. */
  batches?(member: Member): AsyncIterable<unknown[]>
  /** Deletes (or pseudonymises, where the law requires keeping a record) the member's data. */
  erase(member: Member): Promise<void>
}

const ledger = new LedgerService()

export const MEMBER_DATA_SOURCES: MemberDataSource[] = [
  {
    key: 'profile',
    async export(member) {
      // A dormant member's details are in the separate store: answering the member may read them.
      await withStoredDetails(member)
      return {
        id: member.publicId,
        email: member.email,
        firstName: member.firstName,
        lastName: member.lastName,
        company: member.company,
        nationality: member.nationality,
        locale: member.locale,
        status: member.status,
        createdAt: member.createdAt.toUTC().toISO(),
        lastActiveAt: member.lastActiveAt?.toUTC().toISO() ?? null,
      }
    },
    // The member row itself goes last (see ErasureService); nothing else to do here.
    async erase() {},
  },
  {
    key: 'consents',
    async export(member) {
      const all: unknown[] = []
      for await (const batch of this.batches!(member)) all.push(...batch)
      return all
    },
    async *batches(member) {
      let afterSeq = 0
      for (;;) {
        const events = await ledger.history('member', member.publicId).where('seq', '>', afterSeq).limit(500)
        if (!events.length) return
        const details = await ledger.details(events.map((e) => e.seq))
        yield events.map((e) => exportEvent(e, details.get(e.seq)))
        afterSeq = events[events.length - 1]!.seq
      }
    },
    // The proof stays, pseudonymous (the member id no longer leads to anyone); IP and user agent go.
    async erase(member) {
      await ledger.eraseDetails('member', member.publicId)
    },
  },
  {
    key: 'policyNotices',
    async export(member) {
      const notices = await PolicyNotice.query().where('member_id', member.id).orderBy('id')
      const versions = new Map(
        (
          await PolicyVersion.query().whereIn(
            'id',
            notices.map((n) => n.policyVersionId)
          )
        ).map((v) => [v.id, v])
      )
      return notices.map((n) => ({
        version: versions.get(n.policyVersionId)?.publicId ?? null,
        channel: n.channel,
        queuedAt: n.queuedAt.toUTC().toISO(),
      }))
    },
    async erase(member) {
      await PolicyNotice.query().where('member_id', member.id).delete()
    },
  },
  {
    key: 'requests',
    async export(member) {
      const requests = await PrivacyRequest.query().where('member_id', member.id).orderBy('id')
      return requests.map((r) => ({
        id: r.publicId,
        type: r.type,
        channel: r.channel,
        status: r.status,
        receivedAt: r.receivedAt.toUTC().toISO(),
        dueAt: r.dueAt.toUTC().toISO(),
        resolvedAt: r.resolvedAt?.toUTC().toISO() ?? null,
      }))
    },
    // The record that a request was made and answered is kept; what it said is deleted.
    async erase(member) {
      await PrivacyRequest.query().where('member_id', member.id).update({ details: null, response: null })
    },
  },
  {
    key: 'uploads',
    // Metadata only: the images themselves are deleted within the retention period anyway.
    async export(member) {
      const uploads = await Upload.query().where('member_id', member.id).orderBy('id')
      return uploads.map((u) => ({
        id: u.publicId,
        contentType: u.contentType,
        size: u.size,
        status: u.status,
        uploadedAt: u.uploadedAt.toUTC().toISO(),
        expiresAt: u.expiresAt.toUTC().toISO(),
        purgedAt: u.purgedAt?.toUTC().toISO() ?? null,
      }))
    },
    async erase(member) {
      const service = await app.container.make(UploadService)
      for (const upload of await Upload.query().where('member_id', member.id)) await service.purge(upload)
    },
  },
  {
    key: 'analyses',
    // What the model found (stage, model, summary); masks go with their images.
    async export(member) {
      const analyses = await Analysis.query().where('member_id', member.id).orderBy('id')
      return analyses.map((a) => presentAnalysis(a))
    },
    // Uploads (above) purge their analyses; the rows left hold no personal data and lose the member.
    async erase(member) {
      await Analysis.query().where('member_id', member.id).update({ member_id: null })
    },
  },
  {
    key: 'newsletters',
    async export(member) {
      const sub = await NewsletterSubscription.query().where('member_id', member.id).first()
      const deliveries = await Delivery.query().where('member_id', member.id).orderBy('id')
      const campaigns = new Map(
        (
          await Campaign.query().whereIn(
            'id',
            deliveries.map((d) => d.campaignId)
          )
        ).map((c) => [c.id, c])
      )
      return {
        subscription: sub
          ? {
              status: sub.status,
              requestedAt: sub.requestedAt?.toUTC().toISO() ?? null,
              confirmedAt: sub.confirmedAt?.toUTC().toISO() ?? null,
              withdrawnAt: sub.withdrawnAt?.toUTC().toISO() ?? null,
            }
          : null,
        timeZone: member.timeZone,
        deliveries: deliveries.map((d) => ({
          campaign: campaigns.get(d.campaignId)?.name ?? null,
          status: d.status,
          sentAt: d.sentAt?.toUTC().toISO() ?? null,
        })),
      }
    },
    // Subscription and links go; delivery rows stay in the campaign counts without the member.
    async erase(member) {
      await NewsletterSubscription.query().where('member_id', member.id).delete()
      await db.from('newsletter_tokens').where({ tenant_id: member.tenantId, member_id: member.id }).delete()
      await Delivery.query().where('member_id', member.id).update({ member_id: null })
    },
  },
  {
    key: 'usage',
    // Usage records: what the member did, from which IP, when (kept usageRecordDays).
    async export(member) {
      const events = await UsageEvent.query().where('member_id', member.id).orderBy('id').limit(10_000)
      const stored = member.status === 'dormant' ? await DormantMember.findBy('member_id', member.id) : null
      return [
        ...(stored?.payload.usage ?? []),
        ...events.map((e) => ({ action: e.action, ip: e.ip, at: e.occurredAt.toUTC().toISO() })),
      ]
    },
    async erase(member) {
      await UsageEvent.query().where('member_id', member.id).delete()
    },
  },
  {
    key: 'dormancy',
    // The separate store of a dormant account (its contents are in the profile and usage above).
    async export(member) {
      const stored = await DormantMember.findBy('member_id', member.id)
      return stored
        ? { separatedAt: stored.separatedAt.toUTC().toISO(), destroyAt: stored.destroyAt.toUTC().toISO() }
        : null
    },
    async erase(member) {
      await DormantMember.query().where('member_id', member.id).delete()
    },
  },
  {
    key: 'sessions',
    async export() {
      return undefined
    },
    async erase(member) {
      await db.from('member_tokens').where('member_id', member.id).delete()
    },
  },
]
