import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import { randomBase62 } from '#shared/crypto'
import AuditService from '#audit/audit_service'

@inject()
export default class IdentitySecretController {
  constructor(private audit: AuditService) {}

  /** Creates (or rotates) the secret partners sign member identity tokens with. Shown once. */
  async store({ tenant, request, response, caller }: HttpContext) {
    const secret = `ids_${randomBase62(48)}`
    tenant.identitySecret = secret
    await tenant.save()
    await this.audit.record({
      tenantId: tenant.id,
      actor: { type: caller.type === 'admin' ? 'admin' : 'api_key', id: caller.id },
      action: 'tenant.identity_secret_rotated',
      ip: request.ip(),
    })
    response.status(201)
    return { secret, algorithm: 'HMAC-SHA256', maxLifetimeSeconds: 600 }
  }
}
