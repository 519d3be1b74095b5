import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { inject } from '@adonisjs/core'
import { ProblemError } from '#shared/problem'
import ApiKeyService from '#tenancy/api_key_service'
import Tenant from '#tenancy/tenant'
import { asSystem } from '#tenancy/tenant_context'

export const WIDGET_PREFIX = '/v1/widget/'

/** Request headers widgets send: ours, and the tus protocol's for resumable uploads. */
const ALLOWED_HEADERS = [
  'content-type',
  'x-tessera-key',
  'authorization',
  'idempotency-key',
  'tus-resumable',
  'upload-length',
  'upload-defer-length',
  'upload-metadata',
  'upload-offset',
  'x-http-method-override',
  'x-requested-with',
].join(', ')

/**
 * Answers CORS preflight requests for widget endpoints (they have no OPTIONS routes). A preflight
 * carries no key header, so the origin is checked against the key in the query string when there is
 * one, else against every tenant's allowed origins; the real request is then checked against its
 * key's tenant by WidgetKeyMiddleware.
 */
@inject()
export default class WidgetPreflightMiddleware {
  constructor(private keys: ApiKeyService) {}

  async handle(ctx: HttpContext, next: NextFn) {
    const { request, response } = ctx
    if (request.method() !== 'OPTIONS' || !request.url().startsWith(WIDGET_PREFIX)) return next()

    const origin = request.header('origin')
    const allowed = origin ? await this.originAllowed(origin, request.qs().key) : false
    if (!allowed || !origin) {
      throw new ProblemError(
        403,
        'origin-not-allowed',
        'Origin not allowed',
        'This site is not allowed to use Tessera widgets.'
      )
    }
    response.header('access-control-allow-origin', origin)
    response.header('access-control-allow-methods', 'GET, HEAD, POST, PUT, PATCH, DELETE')
    response.header('access-control-allow-headers', ALLOWED_HEADERS)
    response.header('access-control-max-age', '600')
    response.append('vary', 'Origin')
    response.status(204).send('')
  }

  private async originAllowed(origin: string, key: unknown): Promise<boolean> {
    if (typeof key === 'string' && key) {
      const resolved = await this.keys.resolve(key)
      return !!resolved && resolved.key.kind === 'publishable' && resolved.tenant.allowsOrigin(origin)
    }
    const tenants = await asSystem('check a preflight origin against all tenants', () =>
      Tenant.query().select('allowed_origins')
    )
    return tenants.some((t) => t.allowsOrigin(origin))
  }
}
