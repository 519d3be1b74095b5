import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import TenantService from '#tenancy/tenant_service'
import Tenant from '#tenancy/tenant'
import { updateTenantValidator } from '#tenancy/validators'
import { assertIfMatch, sendEntityTag } from '#shared/preconditions'
import AuditService from '#audit/audit_service'

@inject()
export default class TenantSettingsController {
  constructor(
    private tenants: TenantService,
    private audit: AuditService
  ) {}

  async show({ tenant, response }: HttpContext) {
    const body = this.tenants.toAdminJson(tenant)
    sendEntityTag(response, this.tenants.entityTag(tenant))
    return body
  }

  /**
   * A partial change. With `If-Match`, it applies only to the state the caller saw (412 otherwise):
   * the row is locked while it is compared and changed, so two admins saving at once cannot both pass.
   */
  async update({ tenant, request, response, caller }: HttpContext) {
    const input = await request.validateUsing(updateTenantValidator)
    const { current, changed } = await db.transaction(async (trx) => {
      const locked = await Tenant.query({ client: trx }).where('id', tenant.id).forUpdate().firstOrFail()
      assertIfMatch(request, this.tenants.entityTag(locked), 'tenant settings')
      const result = await this.tenants.update(locked, input)
      return { current: result.tenant, changed: result.changed }
    })
    if (changed.length) {
      await this.audit.record({
        tenantId: tenant.id,
        actor: { type: caller.type === 'admin' ? 'admin' : 'api_key', id: caller.id },
        action: 'tenant.updated',
        subject: { type: 'tenant', id: tenant.publicId },
        ip: request.ip(),
        metadata: { fields: changed },
      })
    }
    sendEntityTag(response, this.tenants.entityTag(current))
    return this.tenants.toAdminJson(current)
  }
}
