import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Member from '#members/member'
import DormantMember from '#lifecycle/dormant_member'

/** The separate-store row of a dormant member, or null. */
export function storedOf(member: Member, trx?: TransactionClientContract) {
  return DormantMember.query({ client: trx }).where('member_id', member.id).first()
}

/**
 * Puts a dormant member's stored details back on the in-memory model, without saving them and
 * without marking them changed: for answering the member (a privacy request, the restore link),
 * never for processing. Active members are returned as they are.
 */
export async function withStoredDetails(member: Member): Promise<Member> {
  if (member.status !== 'dormant') return member
  const stored = await storedOf(member)
  if (!stored) return member
  const p = stored.payload
  member.merge({
    email: p.email,
    firstName: p.firstName,
    lastName: p.lastName,
    company: p.company,
    nationality: p.nationality,
    timeZone: p.timeZone,
  })
  member.$hydrateOriginals()
  return member
}
