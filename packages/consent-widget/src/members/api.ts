// The member endpoints of the widget API (sign-up with consent, e-mail links, sessions, consent choices):
// response types and lenient parsers, so a malformed answer becomes an `invalid-response` error instead of
// a crash. Keep in step with apps/api (app/members, app/consent).
import { INVALID_RESPONSE_PROBLEM, TesseraApiError } from '@tessera/widget-core'
import type { Locale, TesseraClient } from '@tessera/widget-core'

export const LAWFUL_BASES = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'legitimate_interests',
] as const
export type LawfulBasis = (typeof LAWFUL_BASES)[number]

/** A purpose of the policy in effect, as the sign-up form shows it. */
export interface Purpose {
  key: string
  lawfulBasis: LawfulBasis
  consentBased: boolean
  required: boolean
  /** Special-category data (health): needs its own, separate, explicit consent. */
  specialCategory: boolean
  title: string
  description: string
}

export interface PurposeList {
  policyVersion: string
  policyLabel: string
  purposes: Purpose[]
}

export type ConsentState = 'granted' | 'denied' | 'withdrawn' | null

/** A purpose with the signed-in member's current decision. */
export interface MemberPurpose extends Purpose {
  state: ConsentState
  decidedAt: string | null
  /** The purpose changed in the policy now in effect: the member must answer again. */
  needsAnswer: boolean
}

export interface MemberChoices {
  policyVersion: string
  purposes: MemberPurpose[]
}

export interface Member {
  id: string
  email: string
  firstName: string
  lastName: string
  company: string | null
  nationality: string
  locale: string
  status: string
}

export interface SessionGrant {
  session: string
  member: Member
}

export interface Registration {
  firstName: string
  lastName: string
  company?: string
  nationality: string
  email: string
  locale: Locale
  policyVersion: string
  consents: { purpose: string; granted: boolean }[]
  returnUrl: string
}

export type ConsentAction = 'grant' | 'deny' | 'withdraw'

function invalid(detail: string): TesseraApiError {
  return new TesseraApiError({
    type: INVALID_RESPONSE_PROBLEM,
    title: 'Invalid response',
    status: 200,
    detail,
  })
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`${what} is not an object.`)
  return value as Record<string, unknown>
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function required(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw invalid(`${what} is missing.`)
  return value
}

function basis(value: unknown): LawfulBasis {
  return (LAWFUL_BASES as readonly unknown[]).includes(value) ? (value as LawfulBasis) : 'consent'
}

export function parsePurpose(json: unknown): Purpose {
  const p = record(json, 'A purpose')
  const lawfulBasis = basis(p.lawfulBasis)
  return {
    key: required(p.key, 'A purpose key'),
    lawfulBasis,
    // Anything unclear is treated as needing consent: an unticked box is the safe default.
    consentBased: p.consentBased === true || lawfulBasis === 'consent',
    required: p.required === true,
    specialCategory: p.specialCategory === true,
    title: text(p.title) || text(p.key),
    description: text(p.description),
  }
}

export function parsePurposeList(json: unknown): PurposeList {
  const l = record(json, 'The purposes')
  if (!Array.isArray(l.purposes)) throw invalid('The purposes answer has no purposes array.')
  return {
    policyVersion: required(l.policyVersion, 'The policy version'),
    policyLabel: text(l.policyLabel),
    purposes: l.purposes.map(parsePurpose),
  }
}

function state(value: unknown): ConsentState {
  return value === 'granted' || value === 'denied' || value === 'withdrawn' ? value : null
}

export function parseMemberPurpose(json: unknown): MemberPurpose {
  const p = record(json, 'A purpose')
  return {
    ...parsePurpose(p),
    state: state(p.state),
    decidedAt: typeof p.decidedAt === 'string' ? p.decidedAt : null,
    needsAnswer: p.needsAnswer === true,
  }
}

export function parseChoices(json: unknown): MemberChoices {
  const c = record(json, 'The consent choices')
  if (!Array.isArray(c.purposes)) throw invalid('The consent choices have no purposes array.')
  return {
    policyVersion: required(c.policyVersion, 'The policy version'),
    purposes: c.purposes.map(parseMemberPurpose),
  }
}

export function parseMember(json: unknown): Member {
  const m = record(json, 'The member')
  return {
    id: required(m.id, 'The member id'),
    email: text(m.email),
    firstName: text(m.firstName),
    lastName: text(m.lastName),
    company: typeof m.company === 'string' && m.company !== '' ? m.company : null,
    nationality: text(m.nationality),
    locale: text(m.locale),
    status: text(m.status),
  }
}

export function parseSessionGrant(json: unknown): SessionGrant {
  const g = record(json, 'The session')
  const session = required(g.session, 'The session token')
  if (!session.startsWith('mt_')) throw invalid('The session token has an unexpected form.')
  return { session, member: parseMember(g.member) }
}

/** The member calls `<tessera-consent>` makes. Texts come back in `locale`. */
export class MembersApi {
  readonly #client: TesseraClient
  readonly #locale: Locale

  constructor(client: TesseraClient, locale: Locale) {
    this.#client = client
    this.#locale = locale
  }

  #auth(session: string): Record<string, string> {
    return { Authorization: `Bearer ${session}` }
  }

  #query(): string {
    return new URLSearchParams({ locale: this.#locale }).toString()
  }

  /** GET /v1/widget/purposes: the purposes of the policy in effect (409 `no-policy` when none). */
  async purposes(): Promise<PurposeList> {
    return parsePurposeList(await this.#client.request<unknown>(`/v1/widget/purposes?${this.#query()}`))
  }

  /** POST /v1/widget/members: sign-up with consent; 202 whether or not the address is known. */
  async register(registration: Registration): Promise<void> {
    await this.#client.request<unknown>('/v1/widget/members', { method: 'POST', body: registration })
  }

  /** POST /v1/widget/members/verify: the e-mailed `mv_…` token → a session (410 when used or expired). */
  async verify(token: string): Promise<SessionGrant> {
    return parseSessionGrant(
      await this.#client.request<unknown>('/v1/widget/members/verify', { method: 'POST', body: { token } })
    )
  }

  /** POST /v1/widget/sessions/link: e-mails a sign-in link; 202 whether or not the address is known. */
  async requestLink(email: string, returnUrl: string): Promise<void> {
    await this.#client.request<unknown>('/v1/widget/sessions/link', {
      method: 'POST',
      body: { email, locale: this.#locale, returnUrl },
    })
  }

  /** POST /v1/widget/sessions: the e-mailed `ml_…` token → a session (410 when used or expired). */
  async signIn(token: string): Promise<SessionGrant> {
    return parseSessionGrant(
      await this.#client.request<unknown>('/v1/widget/sessions', { method: 'POST', body: { token } })
    )
  }

  /** POST /v1/widget/sessions/identity: a partner-signed identity token → a session (401, 404). */
  async identity(token: string): Promise<SessionGrant> {
    return parseSessionGrant(
      await this.#client.request<unknown>('/v1/widget/sessions/identity', { method: 'POST', body: { token } })
    )
  }

  /** GET /v1/widget/me (401 when the session ended). */
  async me(session: string): Promise<Member> {
    return parseMember(await this.#client.request<unknown>('/v1/widget/me', { headers: this.#auth(session) }))
  }

  /** DELETE /v1/widget/sessions/current. */
  async signOut(session: string): Promise<void> {
    await this.#client.request<unknown>('/v1/widget/sessions/current', {
      method: 'DELETE',
      headers: this.#auth(session),
    })
  }

  /** GET /v1/widget/me/consents: every purpose with the member's current decision. */
  async choices(session: string): Promise<MemberChoices> {
    return parseChoices(
      await this.#client.request<unknown>(`/v1/widget/me/consents?${this.#query()}`, {
        headers: this.#auth(session),
      })
    )
  }

  /** POST /v1/widget/me/consents: one decision; answers with the updated purpose. */
  async decide(
    session: string,
    decision: { purpose: string; action: ConsentAction; policyVersion?: string }
  ): Promise<MemberPurpose> {
    const body = record(
      await this.#client.request<unknown>(`/v1/widget/me/consents?${this.#query()}`, {
        method: 'POST',
        body: decision,
        headers: this.#auth(session),
      }),
      'The decision'
    )
    return parseMemberPurpose(body.purpose)
  }
}
