import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { inject } from '@adonisjs/core'
import { ProblemError, problems } from '#shared/problem'
import ApiKeyService, { kindOfKey } from '#tenancy/api_key_service'
import { withTenant } from '#tenancy/tenant_context'
import '#tenancy/http_context'

export function readKey(ctx: HttpContext): string | null {
  const header = ctx.request.header('x-tessera-key')
  if (header) return header.trim()
  const query = ctx.request.qs().key
  return typeof query === 'string' && query ? query.trim() : null
}

/**
 * Widget endpoints: a publishable key, sent from one of its tenant's allowed origins. The origin
 * check is what keeps another site from using a tenant's (public) key; the CORS headers are only
 * set once it passed, so a browser on a foreign origin cannot read the answer either.
 */
@inject()
export default class WidgetKeyMiddleware {
  constructor(private keys: ApiKeyService) {}

  async handle(ctx: HttpContext, next: NextFn) {
    const plaintext = readKey(ctx)
    if (!plaintext) throw problems.unauthenticated('Send the publishable key in the X-Tessera-Key header.')
    if (kindOfKey(plaintext) === 'secret') {
      throw new ProblemError(
        403,
        'secret-key-in-browser',
        'Secret key not accepted here',
        'Widget endpoints take a publishable key (pk_…). Revoke this secret key: it may have been exposed.'
      )
    }
    const resolved = await this.keys.resolve(plaintext)
    if (!resolved || resolved.key.kind !== 'publishable') {
      throw problems.unauthenticated('The publishable key is unknown or revoked.')
    }

    const origin = ctx.request.header('origin')
    if (!origin) {
      throw new ProblemError(
        403,
        'origin-required',
        'Origin required',
        'Widget endpoints answer browsers on allowed origins only.'
      )
    }
    if (!resolved.tenant.allowsOrigin(origin)) {
      throw new ProblemError(
        403,
        'origin-not-allowed',
        'Origin not allowed',
        'This site is not on the list of origins allowed to use this key.'
      )
    }

    ctx.response.header('access-control-allow-origin', origin)
    ctx.response.append('vary', 'Origin')
    ctx.tenant = resolved.tenant
    ctx.caller = { type: 'widget', id: resolved.key.publicId, key: resolved.key }
    return withTenant(resolved.tenant.id, () => next())
  }
}
