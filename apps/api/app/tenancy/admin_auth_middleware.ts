import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { inject } from '@adonisjs/core'
import { ProblemError, problems } from '#shared/problem'
import ApiKeyService, { kindOfKey } from '#tenancy/api_key_service'
import Tenant from '#tenancy/tenant'
import { asSystem, withTenant } from '#tenancy/tenant_context'
import { roleAllows, type Permission } from '#tenancy/roles'
import '#tenancy/http_context'

/**
 * Admin endpoints: `Authorization: Bearer <admin session token>` or `Bearer sk_…` (a secret key,
 * acting with the admin role). A publishable key is refused here. The route names the permission
 * it needs; the caller's role must grant it.
 */
@inject()
export default class AdminAuthMiddleware {
  constructor(private keys: ApiKeyService) {}

  async handle(ctx: HttpContext, next: NextFn, options: { permission: Permission }) {
    const header = ctx.request.header('authorization') ?? ''
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1]
    if (!bearer)
      throw problems.unauthenticated('Send an admin session token or a secret key as a Bearer token.')

    const kind = kindOfKey(bearer)
    if (kind === 'publishable') {
      throw new ProblemError(
        403,
        'publishable-key-on-admin-route',
        'Publishable key not accepted here',
        'Admin endpoints take a secret key or an admin session.'
      )
    }

    if (kind === 'secret') {
      const resolved = await this.keys.resolve(bearer)
      if (!resolved || resolved.key.kind !== 'secret')
        throw problems.unauthenticated('The secret key is unknown or revoked.')
      ctx.tenant = resolved.tenant
      ctx.caller = { type: 'api_key', id: resolved.key.publicId, role: 'admin', key: resolved.key }
    } else {
      const admin = await asSystem('verify an admin session token', async () => {
        try {
          return await ctx.auth.use('admin').authenticate()
        } catch {
          return null
        }
      })
      if (!admin) throw problems.unauthenticated('The admin session is unknown or expired. Sign in again.')
      const tenant = await Tenant.find(admin.tenantId)
      if (!tenant) throw problems.unauthenticated()
      ctx.tenant = tenant
      ctx.caller = { type: 'admin', id: admin.publicId, role: admin.role, admin }
    }

    if (!roleAllows(ctx.caller.role, options.permission)) {
      throw problems.forbidden(`Your role (${ctx.caller.role}) does not allow ${options.permission}.`)
    }
    return withTenant(ctx.tenant.id, () => next())
  }
}
