import { ProblemError } from '#shared/problem'
import type Member from '#members/member'
import PrivacyRequest, { OPEN_STATUSES, RESTRICTING_TYPES } from '#privacy_requests/privacy_request'

/**
 * Every use of a member's data beyond serving the member asks this guard first. Later processors
 * register here by name (inference when a job starts, newsletters per recipient, …).
 */
export const PROCESSORS = ['statistics', 'newsletter', 'inference', 'upload', 'export'] as const
export type Processor = (typeof PROCESSORS)[number]

export default class RestrictionGuard {
  /** Why the member's data may not be used now, or null when it may. */
  async reason(member: Member): Promise<string | null> {
    if (member.status === 'withdrawn') return 'the member has left'
    if (member.status === 'dormant') return 'the account is dormant and stored separately'
    if (member.status === 'restricted') return 'the member has restricted processing'
    const open = await PrivacyRequest.query()
      .where('member_id', member.id)
      .whereIn('type', RESTRICTING_TYPES as string[])
      .whereIn('status', OPEN_STATUSES as string[])
      .first()
    return open ? `a ${open.type} request is open` : null
  }

  /** Throws a clear 409 problem when `processor` may not use the member's data. */
  async assertMayProcess(member: Member, processor: Processor): Promise<void> {
    const reason = await this.reason(member)
    if (reason) {
      throw new ProblemError(
        409,
        'processing-restricted',
        'Processing not allowed',
        `${processor}: ${reason}.`,
        undefined,
        {
          processor,
        }
      )
    }
  }

  /** Ids of members no processor may use, for queries that work on many members at once (statistics). */
  async restrictedMemberIds(): Promise<Set<number>> {
    const { default: Member } = await import('#members/member')
    const [byStatus, byRequest] = await Promise.all([
      Member.query().whereIn('status', ['restricted', 'dormant', 'withdrawn']).select('id'),
      PrivacyRequest.query()
        .whereIn('type', RESTRICTING_TYPES as string[])
        .whereIn('status', OPEN_STATUSES as string[])
        .whereNotNull('member_id')
        .select('member_id'),
    ])
    return new Set([...byStatus.map((m) => m.id), ...byRequest.map((r) => r.memberId!)])
  }
}
