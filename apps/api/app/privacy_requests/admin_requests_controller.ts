import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import { DateTime } from 'luxon'
import clock from '#shared/clock'
import { problems } from '#shared/problem'
import MemberService from '#members/member_service'
import AuditService from '#audit/audit_service'
import PrivacyRequestService from '#privacy_requests/request_service'
import PrivacyRequest, { OPEN_STATUSES } from '#privacy_requests/privacy_request'
import { presentRequest } from '#privacy_requests/member_requests_controller'
import {
  adminRequestValidator,
  identityValidator,
  inboxValidator,
  reasonValidator,
  responseValidator,
} from '#privacy_requests/validators'
import type { Caller } from '#tenancy/http_context'
import Member from '#members/member'
import AuditEvent from '#audit/audit_event'

const DUE_SOON_DAYS = 3

/** An inbox row: the request, whether it is overdue or due soon, its regimes and whether it may be extended. */
function presentInboxRow(r: PrivacyRequest, now: DateTime) {
  const regimes = r.regimes.split(',')
  return {
    ...presentRequest(r),
    regimes,
    overdue: r.isOpen && r.dueAt < now,
    dueSoon: r.isOpen && r.dueAt >= now && r.dueAt < now.plus({ days: DUE_SOON_DAYS }),
    // Only under the GDPR alone, once, before the first deadline (see extendDeadline).
    extendable:
      r.isOpen && r.status !== 'extended' && regimes.length === 1 && regimes[0] === 'eu' && r.dueAt >= now,
  }
}

const actorOf = (caller: Caller) => ({
  type: caller.type === 'admin' ? ('admin' as const) : ('api_key' as const),
  id: caller.id,
})

/** The privacy officer's inbox: requests with their deadlines, and the actions on them. */
@inject()
export default class AdminRequestsController {
  constructor(
    private requests: PrivacyRequestService,
    private members: MemberService,
    private audit: AuditService
  ) {}

  /**
   * The inbox, earliest due first: open (default), closed or all, optionally only overdue or due
   * soon, or one type; paged. Each row says whether it is overdue or due soon, which regimes its
   * deadline follows and whether it may still be extended, so the console offers only what the
   * API would accept.
   */
  async index({ request }: HttpContext) {
    const {
      status = 'open',
      due,
      type,
      page = 1,
      perPage = 25,
    } = await request.validateUsing(inboxValidator, { data: request.qs() })
    const query = PrivacyRequest.query()
    if (status === 'open') query.whereIn('status', OPEN_STATUSES as string[])
    if (status === 'closed') query.whereNotIn('status', OPEN_STATUSES as string[])
    const now = DateTime.fromJSDate(clock.now())
    if (due === 'overdue') query.where('due_at', '<', now.toJSDate())
    if (due === 'soon') query.whereBetween('due_at', [now.toJSDate(), now.plus({ days: 3 }).toJSDate()])
    if (type) query.where('type', type)
    const total = Number((await query.clone().count('* as total').first())?.$extras.total ?? 0)
    const rows = await query
      .orderBy('due_at', 'asc')
      .orderBy('id', 'asc')
      .offset((page - 1) * perPage)
      .limit(perPage)
    return {
      data: rows.map((r) => presentInboxRow(r, now)),
      meta: { total, page, perPage, lastPage: Math.max(1, Math.ceil(total / perPage)) },
    }
  }

  /** Records a request that came by e-mail or letter. */
  async store({ tenant, request, response, caller }: HttpContext) {
    const input = await request.validateUsing(adminRequestValidator)
    // A letter cannot arrive after it is recorded; a future date would also push the deadline out.
    if (input.receivedAt && new Date(input.receivedAt).getTime() > clock.now().getTime())
      throw problems.invalid([
        { field: 'receivedAt', message: 'The received date cannot be in the future.', rule: 'past' },
      ])
    const member = await this.members.findByEmail(input.memberEmail)
    const opened = await this.requests.open({
      tenant,
      member,
      type: input.type,
      channel: input.channel,
      details: input.details,
      identityMethod: input.identityMethod ?? null,
      receivedAt: input.receivedAt ? new Date(input.receivedAt) : undefined,
      actor: actorOf(caller),
    })
    response.status(201)
    return { ...presentRequest(opened), member: member?.publicId ?? null }
  }

  /**
   * A request with what it asked, who asked (the member's ID, null when the address matched no
   * member) and its history from the audit log (reads left out). Personal data, so the read is audited.
   */
  async show({ tenant, params, caller, request }: HttpContext) {
    const row = await this.find(params.id)
    await this.audit.record({
      tenantId: tenant.id,
      actor: actorOf(caller),
      action: 'request.viewed',
      subject: { type: 'privacy_request', id: row.publicId },
      ip: request.ip(),
    })
    const member = row.memberId ? await Member.find(row.memberId) : null
    const history = await AuditEvent.query()
      .where({ subject_type: 'privacy_request', subject_id: row.publicId })
      .whereNot('action', 'request.viewed')
      .orderBy('seq', 'asc')
    return {
      ...presentInboxRow(row, DateTime.fromJSDate(clock.now())),
      identityMethod: row.identityMethod,
      identityVerifiedAt: row.identityVerifiedAt?.toUTC().toISO() ?? null,
      member: member?.publicId ?? null,
      details: row.detailsJson(),
      history: history.map((e) => ({
        action: e.action,
        at: e.createdAt.toUTC().toISO(),
        actorType: e.actorType,
      })),
    }
  }

  /** Acknowledges a received request: someone is now working on it (received → in_progress). */
  async acknowledge({ tenant, params, caller }: HttpContext) {
    return presentRequest(
      await this.requests.acknowledge(tenant, await this.find(params.id), actorOf(caller))
    )
  }

  async verifyIdentity({ tenant, params, request, caller }: HttpContext) {
    const { method } = await request.validateUsing(identityValidator)
    return presentRequest(
      await this.requests.verifyIdentity(tenant, await this.find(params.id), method, actorOf(caller))
    )
  }

  async extend({ tenant, params, request, caller }: HttpContext) {
    const { reason } = await request.validateUsing(reasonValidator)
    return presentRequest(
      await this.requests.extend(tenant, await this.find(params.id), reason, actorOf(caller))
    )
  }

  async complete({ tenant, params, request, caller }: HttpContext) {
    const { response } = await request.validateUsing(responseValidator)
    return presentRequest(
      await this.requests.complete(tenant, await this.find(params.id), response ?? null, actorOf(caller))
    )
  }

  async reject({ tenant, params, request, caller }: HttpContext) {
    const { reason } = await request.validateUsing(reasonValidator)
    return presentRequest(
      await this.requests.reject(tenant, await this.find(params.id), reason, actorOf(caller))
    )
  }

  private async find(id: unknown) {
    const row = await PrivacyRequest.findBy('public_id', String(id))
    if (!row) throw problems.notFound('request')
    return row
  }
}
