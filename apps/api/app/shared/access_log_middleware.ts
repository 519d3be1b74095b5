import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * One log line per request once its response is sent: method, the matched route's pattern (never the
 * URL itself — paths and query strings carry tokens, keys and ids), status, duration and request id.
 * No header, body or address: whatever is personal stays out of the log by construction.
 */
export default class AccessLogMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const started = process.hrtime.bigint()
    ctx.response.response.once('finish', () => {
      ctx.logger.info(
        {
          method: ctx.request.method(),
          route: ctx.route?.pattern ?? '(no route)',
          status: ctx.response.response.statusCode,
          ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
          requestId: ctx.request.id(),
        },
        'request'
      )
    })
    return next()
  }
}
