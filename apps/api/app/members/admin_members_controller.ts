import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import AuditService from '#audit/audit_service'
import MemberDirectory from '#members/member_directory'
import { adminMemberProfileValidator, adminMemberSearchValidator } from '#members/validators'
import type { Caller } from '#tenancy/http_context'

const actorOf = (caller: Caller) => ({
  type: caller.type === 'admin' ? ('admin' as const) : ('api_key' as const),
  id: caller.id,
})

/** Staff finding a member and reading their profile: both are access to personal data, both audited. */
@inject()
export default class AdminMembersController {
  constructor(
    private directory: MemberDirectory,
    private audit: AuditService
  ) {}

  async index({ tenant, request, response, caller }: HttpContext) {
    const input = await request.validateUsing(adminMemberSearchValidator, { data: request.qs() })
    const found = await this.directory.search({
      q: input.q,
      page: input.page ?? 1,
      perPage: input.perPage ?? 20,
    })
    // The kind of query and how many it found; never the query (an e-mail address) itself.
    await this.audit.record({
      tenantId: tenant.id,
      actor: actorOf(caller),
      action: 'member.searched',
      subject: found.data.length === 1 ? { type: 'member', id: found.data[0]!.id } : undefined,
      ip: request.ip(),
      metadata: { kind: found.kind, results: found.meta.total },
    })
    response.header('cache-control', 'no-store')
    return found
  }

  async show({ tenant, params, request, response, caller }: HttpContext) {
    const { locale } = await request.validateUsing(adminMemberProfileValidator, { data: request.qs() })
    const member = await this.directory.find(String(params.id))
    const profile = await this.directory.profile(
      member,
      locale ?? (tenant.defaultLocale === 'ko' ? 'ko' : 'en')
    )
    await this.audit.record({
      tenantId: tenant.id,
      actor: actorOf(caller),
      action: 'member.viewed',
      subject: { type: 'member', id: member.publicId },
      ip: request.ip(),
      metadata: { status: member.status },
    })
    // Personal data: kept by no browser or proxy cache.
    response.header('cache-control', 'no-store')
    return profile
  }
}
