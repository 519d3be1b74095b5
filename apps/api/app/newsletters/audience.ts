import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { currentTenantId } from '#tenancy/tenant_context'
import { ProblemError } from '#shared/problem'
import type Member from '#members/member'
import ConsentEvent from '#consent/consent_event'
import ConsentService from '#consent/consent_service'
import PrivacyRequest, { OPEN_STATUSES, RESTRICTING_TYPES } from '#privacy_requests/privacy_request'
import RestrictionGuard from '#privacy_requests/restriction_guard'
import app from '@adonisjs/core/services/app'

export const MARKETING = 'marketing'
/** Ledger source of the event written when a member clicks the confirmation link. */
export const CONFIRMATION_SOURCE = 'double_opt_in'

export type AudienceRow = { memberId: number; objection: boolean }

const OPEN = OPEN_STATUSES as string[]
const RESTRICTING = RESTRICTING_TYPES as string[]

/**
 * Who may receive a newsletter, in SQL (when a campaign starts) and again per member (right before
 * each mail). A member is in the audience only if all of these hold:
 *
 * - status `active` (not pending, restricted, dormant or withdrawn);
 * - the ledger holds a confirmed opt-in (a marketing `grant` from the confirmation link) with no
 *   `deny` or `withdraw` of marketing after it;
 * - no rectification, erasure or restriction request is open (the member's data is not used);
 * - no objection to marketing is open, or was granted after the opt-in.
 *
 * The objection's purpose is encrypted, so SQL flags members with any such request and the
 * per-member check (decrypting it) settles those few.
 */
export default class Audience {
  /** One batch of the audience, by member id. */
  async batch(afterId: number, size: number): Promise<AudienceRow[]> {
    const tenantId = currentTenantId()
    if (!tenantId) throw new Error('the audience is computed inside a tenant scope')
    const rows = await db
      .from('members as m')
      .select('m.id')
      .select(
        db.raw(
          `CASE WHEN EXISTS (SELECT 1 FROM privacy_requests o WHERE o.tenant_id = m.tenant_id AND o.member_id = m.id
             AND o.type = 'object' AND o.status IN (${OPEN.map(() => '?').join(',')}, 'completed')) THEN 1 ELSE 0 END AS objection`,
          OPEN
        )
      )
      .where('m.tenant_id', tenantId)
      .where('m.status', 'active')
      .where('m.id', '>', afterId)
      .whereExists((confirmed) => {
        confirmed
          .from('consent_events as c')
          .whereRaw('c.tenant_id = m.tenant_id')
          .where('c.subject_type', 'member')
          .whereRaw('c.subject_id = m.public_id')
          .where('c.target_type', 'purpose')
          .where('c.target_key', MARKETING)
          .where('c.action', 'grant')
          .where('c.source', CONFIRMATION_SOURCE)
          .whereNotExists((later) => {
            later
              .from('consent_events as w')
              .whereRaw('w.tenant_id = c.tenant_id')
              .where('w.subject_type', 'member')
              .whereRaw('w.subject_id = c.subject_id')
              .where('w.target_type', 'purpose')
              .where('w.target_key', MARKETING)
              .whereNot('w.action', 'grant')
              .whereRaw('w.seq > c.seq')
          })
      })
      .whereNotExists((restricted) => {
        restricted
          .from('privacy_requests as r')
          .whereRaw('r.tenant_id = m.tenant_id')
          .whereRaw('r.member_id = m.id')
          .whereIn('r.type', RESTRICTING)
          .whereIn('r.status', OPEN)
      })
      .orderBy('m.id')
      .limit(size)
    return rows.map((r) => ({ memberId: Number(r.id), objection: Number(r.objection) === 1 }))
  }

  /** Number of members a campaign would reach now (objections settled per member). */
  async count(): Promise<number> {
    let total = 0
    let after = 0
    for (;;) {
      const rows = await this.batch(after, 5000)
      if (!rows.length) return total
      total += rows.filter((r) => !r.objection).length
      for (const r of rows.filter((row) => row.objection)) {
        const { default: Member } = await import('#members/member')
        const member = await Member.find(r.memberId)
        if (member && !(await this.reason(member))) total++
      }
      after = rows[rows.length - 1]!.memberId
    }
  }

  /** The time of the opt-in the member confirmed, if it still stands. */
  async confirmedAt(member: Member): Promise<DateTime | null> {
    const events = await ConsentEvent.query()
      .where({ subject_type: 'member', subject_id: member.publicId, target_type: 'purpose' })
      .where('target_key', MARKETING)
      .orderBy('seq', 'asc')
    let confirmed: DateTime | null = null
    for (const e of events) {
      if (e.action === 'grant' && e.source === CONFIRMATION_SOURCE) confirmed = e.occurredAt
      else if (e.action !== 'grant') confirmed = null
    }
    return confirmed
  }

  /** Why this member must not get a newsletter now, or null when they may. */
  async reason(member: Member): Promise<string | null> {
    return (await this.check(member)).reason
  }

  /**
   * The per-recipient check, with the confirmed opt-in date the mail states. The reads do not
   * depend on each other and run at once: this runs for every single newsletter.
   */
  async check(member: Member): Promise<{ reason: string | null; confirmedAt: DateTime | null }> {
    if (member.status !== 'active') return { reason: `member is ${member.status}`, confirmedAt: null }
    const [restricted, confirmedAt, objections, consentProblem] = await Promise.all([
      new RestrictionGuard().reason(member),
      this.confirmedAt(member),
      PrivacyRequest.query()
        .where({ member_id: member.id, type: 'object' })
        .where((q) => q.whereIn('status', OPEN).orWhere('status', 'completed')),
      app.container.make(ConsentService).then((consent) =>
        consent.assertAllowed(member, MARKETING).then(
          () => null,
          (error: unknown) => {
            if (error instanceof ProblemError) return error.problemDetail ?? error.problemTitle
            throw error
          }
        )
      ),
    ])
    const refuse = (reason: string) => ({ reason, confirmedAt })
    if (restricted) return refuse(restricted)
    if (!confirmedAt) return refuse('no confirmed marketing consent')
    for (const o of objections) {
      const purpose = o.detailsJson<{ purpose?: string }>().purpose
      if (purpose && purpose !== MARKETING) continue
      if (o.isOpen) return refuse('an objection to marketing is open')
      if ((o.resolvedAt ?? o.receivedAt) >= confirmedAt) return refuse('the member objected to marketing')
    }
    if (consentProblem) return refuse(consentProblem)
    return { reason: null, confirmedAt }
  }
}
