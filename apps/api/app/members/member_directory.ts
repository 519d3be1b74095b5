import vine from '@vinejs/vine'
import { inject } from '@adonisjs/core'
import type { Locale } from '@tessera/policy-text'
import { ProblemError, problems } from '#shared/problem'
import Member from '#members/member'
import { emailLookupHash } from '#members/personal_data'
import ConsentService from '#consent/consent_service'
import PrivacyRequest from '#privacy_requests/privacy_request'
import Upload from '#uploads/upload'

/** A member's public id as `publicId('mb')` makes it. */
export const MEMBER_ID = /^mb_[0-9A-Za-z]{16}$/

/** What a staff search looked for; the audit log keeps this, never the query itself. */
export type SearchKind = 'email' | 'id'

export type MemberSearch = { q: string; page: number; perPage: number }

const iso = (d: { toUTC(): { toISO(): string | null } } | null | undefined) => d?.toUTC().toISO() ?? null

/** A search hit: identifiers and status only, no personal data (the profile, audited, has that). */
function presentHit(m: Member) {
  return {
    id: m.publicId,
    status: m.status,
    createdAt: iso(m.createdAt),
    // A dormant member shows as much here as in the profile: the status, not their activity.
    lastActiveAt: m.status === 'dormant' ? null : iso(m.lastActiveAt),
  }
}

/**
 * Staff access to members of the tenant in scope. Personal data is encrypted at rest, so a search
 * is an exact match: a whole e-mail address (through its keyed hash) or a public member id. A
 * substring search would have to decrypt every row; it is deliberately not offered.
 */
@inject()
export default class MemberDirectory {
  constructor(private consent: ConsentService) {}

  /** Which kind of search `q` is, or a 422 on `q`. */
  classify(q: string): SearchKind {
    if (MEMBER_ID.test(q)) return 'id'
    if (q.length <= 254 && vine.helpers.isEmail(q)) return 'email'
    throw problems.invalid([
      {
        field: 'q',
        message: 'Enter a whole e-mail address or a member ID (mb_…)',
        rule: 'memberQuery',
      },
    ])
  }

  async search({ q, page, perPage }: MemberSearch) {
    const kind = this.classify(q)
    const query = Member.query().orderBy('id', 'asc')
    if (kind === 'id') query.where('public_id', q)
    else query.where('email_hash', emailLookupHash(q))
    const result = await query.paginate(page, perPage)
    return {
      kind,
      data: result.all().map(presentHit),
      meta: { page, perPage, total: result.total },
    }
  }

  async find(id: string): Promise<Member> {
    // A malformed id cannot name a member: no query for it.
    const member = MEMBER_ID.test(id) ? await Member.findBy('public_id', id) : null
    if (!member) throw problems.notFound('member')
    return member
  }

  /**
   * What staff see of a member. A dormant member's personal data is in the separate store, which
   * only restoring, privacy requests and destruction read: the profile says the status, nothing more.
   */
  async profile(member: Member, locale: Locale) {
    const base = {
      id: member.publicId,
      status: member.status,
      createdAt: iso(member.createdAt),
      dormantAt: iso(member.dormantAt),
    }
    if (member.status === 'dormant') {
      return {
        ...base,
        separated: true,
        lastActiveAt: null,
        locale: null,
        personal: null,
        consents: null,
        requests: null,
        uploads: null,
      }
    }
    const [consents, requests, uploads] = await Promise.all([
      this.consents(member, locale),
      PrivacyRequest.query().where('member_id', member.id).orderBy('id', 'desc'),
      Upload.query().where('member_id', member.id).orderBy('id', 'desc'),
    ])
    return {
      ...base,
      separated: false,
      lastActiveAt: iso(member.lastActiveAt),
      locale: member.locale,
      personal: {
        email: member.email,
        firstName: member.firstName,
        lastName: member.lastName,
        company: member.company,
        nationality: member.nationality,
      },
      consents,
      // What a request said stays in the request itself (its read is audited there).
      requests: requests.map((r) => ({
        id: r.publicId,
        type: r.type,
        channel: r.channel,
        status: r.status,
        receivedAt: iso(r.receivedAt),
        dueAt: iso(r.dueAt),
        resolvedAt: iso(r.resolvedAt),
      })),
      // Metadata only: the image is opened through its own audited endpoint, with a reason.
      uploads: uploads.map((u) => ({
        id: u.publicId,
        contentType: u.contentType,
        modality: u.modality,
        size: u.size,
        status: u.status,
        uploadedAt: iso(u.uploadedAt),
        expiresAt: iso(u.expiresAt),
        purgedAt: iso(u.purgedAt),
      })),
    }
  }

  /** The member's current decision per purpose of the policy in effect (none yet: no purposes). */
  private async consents(member: Member, locale: Locale) {
    try {
      const { policyVersion, purposes } = await this.consent.choices(member, locale)
      return {
        policyVersion,
        purposes: purposes.map((p) => ({
          key: p.key,
          title: p.title,
          consentBased: p.consentBased,
          required: p.required,
          state: p.state,
          decidedAt: p.decidedAt,
          needsAnswer: p.needsAnswer,
        })),
      }
    } catch (error) {
      if (error instanceof ProblemError && error.slug === 'no-policy')
        return { policyVersion: null, purposes: [] }
      throw error
    }
  }
}
