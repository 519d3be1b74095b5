// A stand-in for the Members endpoints (search, profile, consent proof, usage records), for stories and
// tests: checks the permission, validates like the API (422 with the field at fault) and answers from
// a few members. Not part of the bundle.
import { forbiddenFor, invalidFields, json, problem } from '../../fixtures.js'
import type { FixtureRequest, FixtureRoute } from '../../fixtures.js'
import type { MemberProfile, UsageRecords } from './api.js'

export const FIXTURE_MEMBER_ID = 'mb_Fixture000000001'
export const FIXTURE_DORMANT_ID = 'mb_Fixture000000002'
export const FIXTURE_MEMBER_EMAIL = 'seo-yeon.park@example.com'
export const FIXTURE_DORMANT_EMAIL = 'dormant@example.com'

const MEMBER_ID = /^mb_[0-9A-Za-z]{16}$/
const EMAIL = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/

export function fixtureMemberProfile(): MemberProfile {
  return {
    id: FIXTURE_MEMBER_ID,
    status: 'active',
    separated: false,
    createdAt: '2026-09-14T02:10:00.000Z',
    lastActiveAt: '2026-11-20T08:45:00.000Z',
    dormantAt: null,
    locale: 'ko',
    personal: {
      email: FIXTURE_MEMBER_EMAIL,
      firstName: 'Seo-yeon',
      lastName: 'Park',
      company: 'Busan Imaging',
      nationality: 'KR',
    },
    consents: {
      policyVersion: 'pv_Fixture00000001',
      purposes: [
        {
          key: 'service',
          title: 'Providing the service',
          consentBased: false,
          required: true,
          state: null,
          decidedAt: null,
          needsAnswer: false,
        },
        {
          key: 'image_analysis',
          title: 'Analysis of your medical images',
          consentBased: true,
          required: false,
          state: 'granted',
          decidedAt: '2026-09-14T02:10:00.000Z',
          needsAnswer: false,
        },
        {
          key: 'marketing',
          title: 'News and offers by e-mail',
          consentBased: true,
          required: false,
          state: 'withdrawn',
          decidedAt: '2026-10-01T11:00:00.000Z',
          needsAnswer: true,
        },
      ],
    },
    requests: [
      {
        id: 'req_Fixture00000001',
        type: 'access',
        channel: 'widget',
        status: 'in_progress',
        receivedAt: '2026-11-18T09:00:00.000Z',
        dueAt: '2026-11-28T09:00:00.000Z',
        resolvedAt: null,
      },
    ],
    uploads: [
      {
        id: 'up_Fixture000000001',
        contentType: 'application/dicom',
        modality: 'CT',
        size: 2_621_440,
        status: 'stored',
        uploadedAt: '2026-11-20T08:40:00.000Z',
        expiresAt: '2026-12-20T08:40:00.000Z',
        purgedAt: null,
      },
    ],
  }
}

export function fixtureDormantProfile(): MemberProfile {
  return {
    id: FIXTURE_DORMANT_ID,
    status: 'dormant',
    separated: true,
    createdAt: '2024-03-02T01:00:00.000Z',
    lastActiveAt: null,
    dormantAt: '2026-03-05T18:00:00.000Z',
    locale: null,
    personal: null,
    consents: null,
    requests: null,
    uploads: null,
  }
}

export interface MembersFixtureOptions {
  /** The members the stand-in knows (an active one with data and a dormant one by default). */
  members?: MemberProfile[]
  /** E-mail → member id, for searches by address. */
  emails?: Record<string, string>
  usage?: UsageRecords['data']
}

/** Reason rule of the API's exports (app/audit/export_reason.ts). */
function reasonProblem(url: URL) {
  const reason = (url.searchParams.get('reason') ?? '').trim()
  if (reason.length < 5 || reason.length > 500)
    return invalidFields([
      {
        field: 'reason',
        message: 'Say why you export this personal data (5 to 500 characters)',
        rule: 'reason',
      },
    ])
  return null
}

export function membersRoute(options: MembersFixtureOptions = {}): FixtureRoute {
  const members = options.members ?? [fixtureMemberProfile(), fixtureDormantProfile()]
  const emails = options.emails ?? {
    [FIXTURE_MEMBER_EMAIL]: FIXTURE_MEMBER_ID,
    [FIXTURE_DORMANT_EMAIL]: FIXTURE_DORMANT_ID,
  }
  const usage = options.usage ?? [
    { action: 'sign_in', ip: '198.51.100.23', at: '2026-11-20T08:39:00.000Z' },
    { action: 'upload', ip: '198.51.100.23', at: '2026-11-20T08:40:00.000Z' },
  ]
  const byId = (id: string) => members.find((m) => m.id === id)
  const allowed = (request: FixtureRequest, permission: string) =>
    request.permissions.includes(permission) ? null : forbiddenFor(request.role, permission)

  return (request) => {
    const { route, url } = request
    if (route === 'GET /v1/admin/members') {
      const denied = allowed(request, 'members.read')
      if (denied) return denied
      const q = (url.searchParams.get('q') ?? '').trim()
      const page = Number(url.searchParams.get('page') ?? 1)
      let kind: 'id' | 'email'
      if (MEMBER_ID.test(q)) kind = 'id'
      else if (q.length <= 254 && EMAIL.test(q)) kind = 'email'
      else
        return invalidFields([
          { field: 'q', message: 'Enter a whole e-mail address or a member ID (mb_…)', rule: 'memberQuery' },
        ])
      const hit = byId(kind === 'id' ? q : (emails[q.toLowerCase()] ?? ''))
      const data = hit
        ? [{ id: hit.id, status: hit.status, createdAt: hit.createdAt, lastActiveAt: hit.lastActiveAt }]
        : []
      return json({ kind, data: page === 1 ? data : [], meta: { page, perPage: 20, total: data.length } })
    }
    const one = /^GET \/v1\/admin\/members\/([^/]+)(?:\/(consent-proof|usage-records))?$/.exec(route)
    if (!one) return null
    const id = decodeURIComponent(one[1]!)
    const denied = allowed(
      request,
      one[2] === 'consent-proof'
        ? 'consent.export'
        : one[2] === 'usage-records'
          ? 'usage.read'
          : 'members.read'
    )
    if (denied) return denied
    const found = byId(id)
    if (one[2]) {
      const invalid = reasonProblem(url)
      if (invalid) return invalid
    }
    if (!found) return problem(404, 'not-found', 'Not found', 'No such member.')
    if (one[2] === 'consent-proof')
      return json({ tenant: 'tn_fixture0001', subject: { type: 'member', id }, events: [] })
    if (one[2] === 'usage-records')
      return json({
        member: id,
        status: found.status,
        lastActiveAt: found.lastActiveAt,
        retentionDays: 365,
        data: found.separated ? [] : usage,
      } satisfies UsageRecords)
    return json(found)
  }
}
