import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import ApiKey from '#tenancy/api_key'
import ApiKeyService from '#tenancy/api_key_service'
import { createKeyValidator } from '#tenancy/validators'
import AuditService from '#audit/audit_service'
import { problems } from '#shared/problem'

function present(key: ApiKey) {
  return {
    id: key.publicId,
    kind: key.kind,
    prefix: key.prefix,
    label: key.label,
    // Publishable keys are public (they are in every partner page): shown again for the embed snippet.
    publishableKey: key.kind === 'publishable' && !key.revokedAt ? key.publishableKey : null,
    createdAt: key.createdAt.toISO(),
    lastUsedAt: key.lastUsedAt?.toISO() ?? null,
    revokedAt: key.revokedAt?.toISO() ?? null,
  }
}

@inject()
export default class ApiKeysController {
  constructor(
    private keys: ApiKeyService,
    private audit: AuditService
  ) {}

  async index() {
    const keys = await ApiKey.query().orderBy('id', 'asc')
    return { data: keys.map(present) }
  }

  /** Issues a key. The key itself is in this response only; Tessera keeps just its hash. */
  async store({ tenant, request, response, caller }: HttpContext) {
    const { kind, label } = await request.validateUsing(createKeyValidator)
    const issued = await this.keys.issue(tenant.id, kind, label)
    await this.audit.record({
      tenantId: tenant.id,
      actor: { type: caller.type === 'admin' ? 'admin' : 'api_key', id: caller.id },
      action: 'api_key.created',
      subject: { type: 'api_key', id: issued.key.publicId },
      ip: request.ip(),
      metadata: { kind },
    })
    response.status(201)
    return { ...present(issued.key), key: issued.plaintext }
  }

  async destroy({ tenant, params, request, caller }: HttpContext) {
    const key = await ApiKey.findBy('public_id', String(params.id))
    if (!key) throw problems.notFound('key')
    await this.keys.revoke(key)
    await this.audit.record({
      tenantId: tenant.id,
      actor: { type: caller.type === 'admin' ? 'admin' : 'api_key', id: caller.id },
      action: 'api_key.revoked',
      subject: { type: 'api_key', id: key.publicId },
      ip: request.ip(),
    })
    return present(key)
  }
}
