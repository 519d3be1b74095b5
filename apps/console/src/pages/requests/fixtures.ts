// A stand-in for the privacy-request endpoints (stories and tests): keeps the requests in memory and
// answers as apps/api/app/privacy_requests does — filters and pages, the same 409s and 422s with the
// field at fault, history for each step. Not part of the bundle.
import { forbiddenFor, invalidFields, json, problem } from '../../fixtures.js'
import type { FixtureRoute } from '../../fixtures.js'
import { OPEN_STATUSES, REQUEST_TYPES } from './api.js'
import type { HistoryEntry, InboxRow, RequestDetail, RequestType } from './api.js'

const DAY = 86_400_000

/** A request as the stand-in keeps it (the detail without the computed flags). */
export type FixtureRequest = Omit<RequestDetail, 'overdue' | 'dueSoon' | 'extendable'>

/** Addresses the stand-in knows as members. */
export const FIXTURE_MEMBER_EMAIL = 'ji-woo.yoon@example.com'
const MEMBERS: Record<string, string> = { [FIXTURE_MEMBER_EMAIL]: 'mb_fixture0001' }

const iso = (time: number) => new Date(time).toISOString()

/** End of the day `days` after `from` (UTC), like the API's deadlines. */
const dueAfter = (from: number, days: number) => {
  const d = new Date(from + days * DAY)
  d.setUTCHours(23, 59, 59, 999)
  return d.getTime()
}

/** Five requests around `now`: overdue, due soon, an EU one that may be extended, unverified, closed. */
export function fixtureRequests(now = new Date()): FixtureRequest[] {
  const at = now.getTime()
  const base = (id: string, patch: Partial<FixtureRequest>): FixtureRequest => ({
    id,
    type: 'access',
    channel: 'widget',
    status: 'received',
    receivedAt: iso(at - 3 * DAY),
    dueAt: iso(dueAfter(at, 7)),
    extensionReason: null,
    response: null,
    resolvedAt: null,
    regimes: ['kr'],
    identityMethod: 'Signed in to the privacy center',
    identityVerifiedAt: iso(at - 3 * DAY),
    member: 'mb_fixture0001',
    details: {},
    history: [
      { action: `request.${patch.type ?? 'access'}.opened`, at: iso(at - 3 * DAY), actorType: 'member' },
    ],
    ...patch,
  })
  return [
    base('pr_overdue0001', {
      type: 'rectify',
      receivedAt: iso(at - 12 * DAY),
      dueAt: iso(at - 2 * DAY),
      details: { corrections: { company: 'Gangnam Radiology' } },
      history: [{ action: 'request.rectify.opened', at: iso(at - 12 * DAY), actorType: 'member' }],
    }),
    base('pr_soon000001', {
      type: 'human_review',
      status: 'in_progress',
      receivedAt: iso(at - 8 * DAY),
      dueAt: iso(at + 2 * DAY - 3_600_000),
      details: { reference: 'an_7Kq2' },
      history: [
        { action: 'request.human_review.opened', at: iso(at - 8 * DAY), actorType: 'member' },
        { action: 'request.acknowledged', at: iso(at - 7 * DAY), actorType: 'admin' },
      ],
    }),
    base('pr_eu00000001', {
      type: 'erase',
      regimes: ['eu'],
      receivedAt: iso(at - 2 * DAY),
      dueAt: iso(dueAfter(at, 28)),
      history: [{ action: 'request.erase.opened', at: iso(at - 2 * DAY), actorType: 'member' }],
    }),
    base('pr_letter0001', {
      type: 'inquiry',
      channel: 'letter',
      status: 'identity_unverified',
      identityMethod: null,
      identityVerifiedAt: null,
      member: null,
      receivedAt: iso(at - 1 * DAY),
      dueAt: iso(dueAfter(at, 9)),
      details: { message: 'Which of my scans did you keep, and for how long?' },
      history: [{ action: 'request.inquiry.opened', at: iso(at - 1 * DAY), actorType: 'admin' }],
    }),
    base('pr_closed0001', {
      type: 'export',
      status: 'completed',
      receivedAt: iso(at - 30 * DAY),
      dueAt: iso(at - 20 * DAY),
      resolvedAt: iso(at - 30 * DAY),
      history: [
        { action: 'request.export.opened', at: iso(at - 30 * DAY), actorType: 'member' },
        { action: 'request.export.completed', at: iso(at - 30 * DAY), actorType: 'member' },
      ],
    }),
  ]
}

export interface RequestsFixtureOptions {
  requests?: FixtureRequest[]
  now?: Date
}

/** The inbox flags, computed as the API does. */
function row(r: FixtureRequest, now: number): InboxRow {
  const open = OPEN_STATUSES.includes(r.status)
  const due = Date.parse(r.dueAt)
  const {
    history: _history,
    details: _details,
    identityMethod: _m,
    identityVerifiedAt: _v,
    member: _member,
    ...rest
  } = r
  return {
    ...rest,
    overdue: open && due < now,
    dueSoon: open && due >= now && due < now + 3 * DAY,
    extendable:
      open && r.status !== 'extended' && r.regimes.length === 1 && r.regimes[0] === 'eu' && due >= now,
  }
}

const closed = (r: FixtureRequest) =>
  problem(409, 'request-closed', 'Request already closed', `This request is ${r.status}.`)
const conflict = (detail: string) => problem(409, 'conflict', 'Conflict', detail)
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/
const present = (text: unknown, max: number) =>
  typeof text === 'string' && text.trim().length >= 1 && text.trim().length <= max

/**
 * The stand-in's route for `/v1/admin/requests…` and the requests it holds (tests change them to play a
 * second admin). `now` is the stand-in's clock.
 */
export function requestsFixture(options: RequestsFixtureOptions = {}) {
  const now = () => (options.now ?? new Date()).getTime()
  const requests: FixtureRequest[] = options.requests ?? fixtureRequests(options.now)
  let recorded = 0
  const log = (r: FixtureRequest, action: string, actorType: HistoryEntry['actorType'] = 'admin') =>
    r.history.push({ action, at: iso(now()), actorType })

  const route: FixtureRoute = ({ method, route: path, url, body, role, permissions }) => {
    if (!path.startsWith(`${method} /v1/admin/requests`)) return null
    if (!permissions.includes('requests.handle')) return forbiddenFor(role, 'requests.handle')
    const rest = path.slice(`${method} /v1/admin/requests`.length)

    if (method === 'GET' && rest === '') {
      const q = url.searchParams
      const status = q.get('status') ?? 'open'
      const type = q.get('type')
      const due = q.get('due')
      const page = Number(q.get('page') ?? 1)
      const perPage = Number(q.get('perPage') ?? 25)
      const errors = []
      if (!['open', 'closed', 'all'].includes(status))
        errors.push({ field: 'status', message: 'The selected status is invalid', rule: 'enum' })
      if (type && !(REQUEST_TYPES as readonly string[]).includes(type))
        errors.push({ field: 'type', message: 'The selected type is invalid', rule: 'enum' })
      if (!Number.isInteger(page) || page < 1)
        errors.push({ field: 'page', message: 'The page field must be at least 1', rule: 'range' })
      if (errors.length) return invalidFields(errors)
      const at = now()
      const rows = requests
        .filter((r) => {
          const open = OPEN_STATUSES.includes(r.status)
          if (status === 'open' && !open) return false
          if (status === 'closed' && open) return false
          if (type && r.type !== type) return false
          const dueAt = Date.parse(r.dueAt)
          if (due === 'overdue' && !(dueAt < at)) return false
          if (due === 'soon' && !(dueAt >= at && dueAt <= at + 3 * DAY)) return false
          return true
        })
        .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))
      const total = rows.length
      return json({
        data: rows.slice((page - 1) * perPage, page * perPage).map((r) => row(r, at)),
        meta: { total, page, perPage, lastPage: Math.max(1, Math.ceil(total / perPage)) },
      })
    }

    if (method === 'POST' && rest === '') {
      const errors = []
      if (
        typeof body?.memberEmail !== 'string' ||
        !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.memberEmail.trim())
      )
        errors.push({
          field: 'memberEmail',
          message: 'The memberEmail field must be a valid email address',
          rule: 'email',
        })
      if (!(REQUEST_TYPES as readonly string[]).includes(body?.type))
        errors.push({ field: 'type', message: 'The selected type is invalid', rule: 'enum' })
      if (!['email', 'letter'].includes(body?.channel))
        errors.push({ field: 'channel', message: 'The selected channel is invalid', rule: 'enum' })
      if (body?.receivedAt !== undefined && !DATE_TIME.test(String(body.receivedAt)))
        errors.push({ field: 'receivedAt', message: 'The receivedAt field format is invalid', rule: 'regex' })
      else if (body?.receivedAt !== undefined && Date.parse(body.receivedAt) > now())
        errors.push({
          field: 'receivedAt',
          message: 'The received date cannot be in the future.',
          rule: 'past',
        })
      if (body?.identityMethod !== undefined && !present(body.identityMethod, 200))
        errors.push({
          field: 'identityMethod',
          message: 'The identityMethod field must have at most 200 characters',
          rule: 'maxLength',
        })
      if (body?.details?.message !== undefined && !present(body.details.message, 5000))
        errors.push({
          field: 'details.message',
          message: 'The message field must have at most 5000 characters',
          rule: 'maxLength',
        })
      if (errors.length) return invalidFields(errors)
      const member = MEMBERS[body.memberEmail.trim().toLowerCase()] ?? null
      const type = body.type as RequestType
      if (
        member &&
        type === 'erase' &&
        requests.some((r) => r.member === member && r.type === 'erase' && OPEN_STATUSES.includes(r.status))
      )
        return conflict('A deletion request is already open.')
      const received = body.receivedAt ? Date.parse(body.receivedAt) : now()
      recorded += 1
      const created: FixtureRequest = {
        id: `pr_recorded${String(recorded).padStart(3, '0')}`,
        type,
        channel: body.channel,
        status: body.identityMethod ? 'received' : 'identity_unverified',
        receivedAt: iso(received),
        dueAt: iso(dueAfter(received, 10)),
        extensionReason: null,
        response: null,
        resolvedAt: null,
        regimes: ['kr'],
        identityMethod: body.identityMethod ?? null,
        identityVerifiedAt: body.identityMethod ? iso(now()) : null,
        member,
        details: body.details ?? {},
        history: [],
      }
      log(created, `request.${type}.opened`)
      // As the API: a known, verified member's access or export is answered from their data at once.
      if (member && created.status === 'received' && (type === 'access' || type === 'export')) {
        Object.assign(created, { status: 'completed', resolvedAt: iso(now()) })
        log(created, `request.${type}.completed`)
      }
      requests.push(created)
      const {
        history: _h,
        details: _d,
        identityMethod: _m,
        identityVerifiedAt: _v,
        regimes: _r,
        ...answer
      } = created
      return json(answer, 201)
    }

    const match = /^\/([^/]+)(?:\/([a-z-]+))?$/.exec(rest)
    if (!match) return null
    const r = requests.find((x) => x.id === decodeURIComponent(match[1]!))
    if (!r) return problem(404, 'not-found', 'Not found', 'The request was not found.')
    const action = match[2]
    const open = OPEN_STATUSES.includes(r.status)
    const answer = () => json(row(r, now()))

    if (method === 'GET' && !action) return json({ ...r, ...row(r, now()), history: [...r.history] })
    if (method !== 'POST') return null
    if (action === 'verify-identity') {
      if (!present(body?.method, 200))
        return invalidFields([
          { field: 'method', message: 'The method field must be defined', rule: 'required' },
        ])
      if (r.status !== 'identity_unverified')
        return conflict('Identity is already verified for this request.')
      Object.assign(r, {
        status: 'received',
        identityMethod: body.method.trim(),
        identityVerifiedAt: iso(now()),
      })
      log(r, 'request.identity_verified')
      return answer()
    }
    if (action === 'acknowledge') {
      if (!open) return closed(r)
      if (r.status === 'identity_unverified') return conflict("Verify the requester's identity first.")
      if (r.status !== 'received') return conflict('This request is already being handled.')
      r.status = 'in_progress'
      log(r, 'request.acknowledged')
      return answer()
    }
    if (action === 'extend') {
      if (!present(body?.reason, 2000))
        return invalidFields([
          { field: 'reason', message: 'The reason field must be defined', rule: 'required' },
        ])
      if (!open) return closed(r)
      if (r.status === 'extended') return conflict('This request has already been extended.')
      if (!(r.regimes.length === 1 && r.regimes[0] === 'eu'))
        return invalidFields([
          {
            field: 'request',
            message: 'Only a request under the GDPR alone can be extended.',
            rule: 'not_extendable',
          },
        ])
      if (Date.parse(r.dueAt) < now())
        return invalidFields([
          {
            field: 'request',
            message: 'An extension must be decided before the first deadline.',
            rule: 'after_deadline',
          },
        ])
      if (body.reason.trim().length < 10)
        return invalidFields([
          {
            field: 'reason',
            message: 'Give the member the reason for the extension.',
            rule: 'reason_required',
          },
        ])
      Object.assign(r, {
        status: 'extended',
        extensionReason: body.reason,
        dueAt: iso(Date.parse(r.dueAt) + 61 * DAY),
      })
      log(r, 'request.extended')
      return answer()
    }
    if (action === 'complete') {
      if (body?.response !== undefined && !present(body.response, 5000))
        return invalidFields([
          {
            field: 'response',
            message: 'The response field must have at most 5000 characters',
            rule: 'maxLength',
          },
        ])
      if (!open) return closed(r)
      if (r.status === 'identity_unverified') return conflict("Verify the requester's identity first.")
      Object.assign(r, { status: 'completed', response: body?.response ?? null, resolvedAt: iso(now()) })
      log(r, `request.${r.type}.completed`)
      return answer()
    }
    if (action === 'reject') {
      if (!present(body?.reason, 2000))
        return invalidFields([
          { field: 'reason', message: 'The reason field must be defined', rule: 'required' },
        ])
      if (!open) return closed(r)
      Object.assign(r, { status: 'rejected', response: body.reason, resolvedAt: iso(now()) })
      log(r, 'request.rejected')
      return answer()
    }
    return null
  }

  return { route, requests }
}
