import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import app from '@adonisjs/core/services/app'

/**
 * Headers on every response. The API serves JSON and scripts, never pages to be framed, so the CSP
 * denies everything a document could load.
 */
export default class SecurityHeadersMiddleware {
  async handle({ response }: HttpContext, next: NextFn) {
    response.header('x-content-type-options', 'nosniff')
    response.header('referrer-policy', 'no-referrer')
    response.header('x-frame-options', 'DENY')
    response.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
    response.header('cross-origin-resource-policy', 'same-site')
    if (app.inProduction) response.header('strict-transport-security', 'max-age=31536000; includeSubDomains')
    return next()
  }
}
