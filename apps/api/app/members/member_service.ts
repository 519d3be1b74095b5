import Member, { type MemberStatus } from '#members/member'
import { emailLookupHash } from '#members/personal_data'
import { publicId } from '#shared/crypto'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

export type NewMember = {
  email: string
  firstName?: string | null
  lastName?: string | null
  company?: string | null
  nationality?: string | null
  locale: string
  status?: MemberStatus
}

/** Member records of the tenant in scope. Registration and sign-in are built on this service. */
export default class MemberService {
  async create(input: NewMember, trx?: TransactionClientContract): Promise<Member> {
    return Member.create(
      {
        publicId: publicId('mb'),
        email: input.email.trim(),
        emailHash: emailLookupHash(input.email),
        firstName: input.firstName ?? null,
        lastName: input.lastName ?? null,
        company: input.company ?? null,
        nationality: input.nationality ?? null,
        locale: input.locale,
        status: input.status ?? 'active',
        lastActiveAt: null,
      },
      { client: trx }
    )
  }

  findByEmail(email: string) {
    return Member.findBy('email_hash', emailLookupHash(email))
  }

  /** Members who receive service notices: everyone with an account but those who left. */
  noticeAudience() {
    return Member.query().whereNotIn('status', ['withdrawn', 'pending'])
  }
}
