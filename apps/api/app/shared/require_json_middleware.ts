import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { problems } from '#shared/problem'

/** Routes that take a non-JSON body, with the media types they accept (checked by their controller). */
const RAW_BODY_ROUTES = new Set(['admin.branding.logo'])

/**
 * A request body must be JSON, except on the few routes that take files. Runs before the body
 * parser, so a wrong media type is refused without reading the body.
 */
export default class RequireJsonMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const { request } = ctx
    const hasBody = Number(request.header('content-length') ?? 0) > 0 || request.header('transfer-encoding') !== undefined
    if (hasBody && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method())) {
      const routeName = ctx.route?.name
      if (!(routeName && RAW_BODY_ROUTES.has(routeName)) && !request.is(['json', 'application/*+json'])) {
        throw problems.unsupportedMediaType('application/json')
      }
    }
    return next()
  }
}
