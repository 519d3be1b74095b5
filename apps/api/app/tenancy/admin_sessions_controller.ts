import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import Tenant from '#tenancy/tenant'
import Admin from '#tenancy/admin'
import { asSystem, withTenant } from '#tenancy/tenant_context'
import { signInValidator } from '#tenancy/validators'
import AuditService from '#audit/audit_service'
import { problems } from '#shared/problem'
import { PERMISSIONS, roleAllows, type Permission } from '#tenancy/roles'

@inject()
export default class AdminSessionsController {
  constructor(private audit: AuditService) {}

  /** Signs an admin in with tenant id, e-mail and password; returns a bearer token (shown once). */
  async store({ request, response }: HttpContext) {
    const { tenant: tenantId, email, password } = await request.validateUsing(signInValidator)
    const tenant = await asSystem('find the tenant an admin signs in to', () =>
      Tenant.findBy('public_id', tenantId)
    )
    if (!tenant) throw problems.unauthenticated('The e-mail or password is not right.')

    return withTenant(tenant.id, async () => {
      const admin = await Admin.verifyCredentials(email.toLowerCase(), password)
      const token = await Admin.accessTokens.create(admin, ['*'], { name: 'admin session' })
      await this.audit.record({
        tenantId: tenant.id,
        actor: { type: 'admin', id: admin.publicId },
        action: 'admin.signed_in',
        ip: request.ip(),
      })
      response.status(201)
      return {
        token: token.value!.release(),
        expiresAt: token.expiresAt?.toISOString() ?? null,
        admin: { id: admin.publicId, email: admin.email, fullName: admin.fullName, role: admin.role },
        tenant: { id: tenant.publicId, name: tenant.name },
      }
    })
  }

  /**
   * Who is signed in: role, e-mail and tenant, and what the role may do (the console enables its
   * pages and forms from this list). A secret key answers as the admin role with no e-mail.
   */
  async show({ caller, tenant }: HttpContext) {
    if (caller.type === 'widget') throw problems.unauthenticated()
    return {
      role: caller.role,
      email: caller.type === 'admin' ? caller.admin.email : null,
      fullName: caller.type === 'admin' ? caller.admin.fullName : null,
      tenant: { id: tenant.publicId, name: tenant.name },
      permissions: (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleAllows(caller.role, p)),
    }
  }

  /** Signs the current admin session out (the token stops working at once). */
  async destroy({ caller, response }: HttpContext) {
    if (caller.type === 'admin') {
      const token = caller.admin.currentAccessToken
      if (token) await Admin.accessTokens.delete(caller.admin, token.identifier)
    }
    response.status(204)
  }
}
