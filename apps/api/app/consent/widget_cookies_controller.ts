import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import CookieService from '#consent/cookie_service'
import { receiptValidator } from '#consent/cookie_validators'
import { requestMeta } from '#consent/request_meta'
import { ProblemError } from '#shared/problem'

@inject()
export default class WidgetCookiesController {
  constructor(private cookies: CookieService) {}

  async config(ctx: HttpContext) {
    const meta = requestMeta(ctx)
    ctx.response.header('cache-control', 'private, max-age=60')
    return this.cookies.config(
      ctx.tenant,
      meta.locale,
      this.cookies.regime(ctx.tenant, ctx.request.headers())
    )
  }

  /**
   * A visitor's cookie choices. The body is JSON, sent as text/plain so browsers can post it with
   * sendBeacon / keepalive fetch without a preflight.
   */
  async receipt(ctx: HttpContext) {
    const { request, response } = ctx
    let data: unknown = request.body()
    if (request.is(['text/plain'])) {
      try {
        data = JSON.parse(request.raw() ?? '')
      } catch {
        throw new ProblemError(
          400,
          'malformed-json',
          'Malformed JSON',
          'The request body is not a valid JSON object.'
        )
      }
    }
    const receipt = await receiptValidator.validate(data)
    const result = await this.cookies.record(
      ctx.tenant,
      { ...receipt, visitorToken: receipt.visitorToken ?? null },
      requestMeta(ctx)
    )
    response.status(201)
    return result
  }
}
