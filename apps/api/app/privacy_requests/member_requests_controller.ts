import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import PrivacyRequestService from '#privacy_requests/request_service'
import PrivacyRequest from '#privacy_requests/privacy_request'
import RestrictionGuard from '#privacy_requests/restriction_guard'
import { memberRequestValidator } from '#privacy_requests/validators'
import { Readable } from 'node:stream'
import {
  authoritiesFor,
  memberExport,
  memberExportStream,
  MEMBER_EXPORT_SCHEMA,
} from '#privacy_requests/member_export'
import ConsentService from '#consent/consent_service'
import { requestMeta } from '#consent/request_meta'
import { problems } from '#shared/problem'
import { inTenantScope } from '#tenancy/tenant_context'

export function presentRequest(r: PrivacyRequest) {
  return {
    id: r.publicId,
    type: r.type,
    channel: r.channel,
    status: r.status,
    receivedAt: r.receivedAt.toUTC().toISO(),
    dueAt: r.dueAt.toUTC().toISO(),
    extensionReason: r.extensionReason,
    response: r.response,
    resolvedAt: r.resolvedAt?.toUTC().toISO() ?? null,
  }
}

/** The privacy center's API: the member's own data, requests and exports. */
@inject()
export default class MemberRequestsController {
  constructor(
    private requests: PrivacyRequestService,
    private consent: ConsentService,
    private guard: RestrictionGuard
  ) {}

  async index({ member }: HttpContext) {
    const rows = await PrivacyRequest.query().where('member_id', member.id).orderBy('id', 'desc')
    return { data: rows.map(presentRequest) }
  }

  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(memberRequestValidator)
    const { type, corrections, purpose, reference, subject, message, kind } = input
    const meta = requestMeta(ctx)
    if (type === 'withdraw_consent' || type === 'object') {
      // Validates the purpose before anything is written.
      if (type === 'withdraw_consent') await this.consent.validate([{ purpose: purpose! }], undefined, '')
    }
    const details =
      type === 'rectify'
        ? { corrections }
        : type === 'object' || type === 'withdraw_consent'
          ? { purpose }
          : type === 'human_review'
            ? { reference, message }
            : type === 'inquiry'
              ? { subject, message, kind: kind ?? 'inquiry' }
              : message
                ? { message }
                : undefined
    if (type === 'rectify' && !Object.keys(corrections ?? {}).length) {
      throw problems.invalid([{ field: 'corrections', message: 'Say what to correct', rule: 'required' }])
    }
    const request = await this.requests.open({
      tenant: ctx.tenant,
      member: ctx.member,
      type,
      channel: 'widget',
      details,
      identityMethod: 'signed-in member session',
      actor: { type: 'member', id: ctx.member.publicId },
      meta,
    })
    ctx.response.status(201)
    return presentRequest(request)
  }

  /** Everything held about the member, plus where to complain. */
  async data(ctx: HttpContext) {
    const { locale } = requestMeta(ctx)
    const doc = await memberExport(ctx.tenant, ctx.member)
    return {
      ...doc,
      restriction: await this.guard.reason(ctx.member),
      consents: await this.consent.choices(ctx.member, locale),
      authorities: authoritiesFor(ctx.member, ctx.tenant, locale),
    }
  }

  /** Portable copy: JSON (valid against /v1/schemas/member-export.json) or CSV. */
  async export({ tenant, member, request, response }: HttpContext) {
    const format = String(request.qs().format ?? 'json')
    if (!['json', 'csv'].includes(format))
      throw problems.invalid([{ field: 'format', message: 'Use json or csv', rule: 'format' }])
    response.header('cache-control', 'no-store')
    response.header(
      'content-disposition',
      `attachment; filename="${tenant.publicId}-${member.publicId}.${format}"`
    )
    response.header(
      'content-type',
      format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8'
    )
    // Written batch by batch: bounded memory however many events the member has.
    response.stream(
      Readable.from(inTenantScope(tenant.id, memberExportStream(tenant, member, format as 'json' | 'csv')))
    )
  }

  async schema({ response }: HttpContext) {
    response.header('access-control-allow-origin', '*')
    return MEMBER_EXPORT_SCHEMA
  }
}
