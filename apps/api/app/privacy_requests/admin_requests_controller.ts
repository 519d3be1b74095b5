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

  async index({ request }: HttpContext) {
    const { status = 'open', due } = await request.validateUsing(inboxValidator, { data: request.qs() })
    const query = PrivacyRequest.query().orderBy('due_at', 'asc')
    if (status === 'open') query.whereIn('status', OPEN_STATUSES as string[])
    if (status === 'closed') query.whereNotIn('status', OPEN_STATUSES as string[])
    const now = DateTime.fromJSDate(clock.now())
    if (due === 'overdue') query.where('due_at', '<', now.toJSDate())
    if (due === 'soon') query.whereBetween('due_at', [now.toJSDate(), now.plus({ days: 3 }).toJSDate()])
    const rows = await query
    return {
      data: rows.map((r) => ({
        ...presentRequest(r),
        overdue: r.isOpen && r.dueAt < now,
        dueSoon: r.isOpen && r.dueAt >= now && r.dueAt < now.plus({ days: 3 }),
      })),
    }
  }

  /** Records a request that came by e-mail or letter. */
  async store({ tenant, request, response, caller }: HttpContext) {
    const input = await request.validateUsing(adminRequestValidator)
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

  /** A request with what it asked: personal data, so the read is audited. */
  async show({ tenant, params, caller, request }: HttpContext) {
    const row = await this.find(params.id)
    await this.audit.record({
      tenantId: tenant.id,
      actor: actorOf(caller),
      action: 'request.viewed',
      subject: { type: 'privacy_request', id: row.publicId },
      ip: request.ip(),
    })
    return {
      ...presentRequest(row),
      regimes: row.regimes.split(','),
      identityMethod: row.identityMethod,
      details: row.detailsJson(),
    }
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
