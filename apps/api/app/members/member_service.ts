import Member, { type MemberStatus } from '#members/member'
import { emailLookupHash } from '#members/personal_data'
import { publicId } from '#shared/crypto'

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
  async create(input: NewMember): Promise<Member> {
    return Member.create({
      publicId: publicId('mb'),
      email: input.email.trim(),
      emailHash: emailLookupHash(input.email),
      firstName: input.firstName ?? null,
      lastName: input.lastName ?? null,
      company: input.company ?? null,
      nationality: input.nationality ?? null,
      locale: input.locale,
      status: input.status ?? 'active',
    })
  }

  findByEmail(email: string) {
    return Member.findBy('email_hash', emailLookupHash(email))
  }

  /** Members who receive service notices: everyone but those who left. */
  noticeAudience() {
    return Member.query().whereNot('status', 'withdrawn')
  }
}
