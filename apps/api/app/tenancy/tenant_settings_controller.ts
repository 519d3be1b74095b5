import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import TenantService from '#tenancy/tenant_service'
import { updateTenantValidator } from '#tenancy/validators'
import AuditService from '#audit/audit_service'

@inject()
export default class TenantSettingsController {
  constructor(
    private tenants: TenantService,
    private audit: AuditService
  ) {}

  async show({ tenant }: HttpContext) {
    return this.tenants.toAdminJson(tenant)
  }

  async update({ tenant, request, caller }: HttpContext) {
    const input = await request.validateUsing(updateTenantValidator)
    const { changed } = await this.tenants.update(tenant, input)
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
    return this.tenants.toAdminJson(tenant)
  }
}
