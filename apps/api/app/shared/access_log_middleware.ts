import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import logger from '@adonisjs/core/services/logger'

/**
 * One log line per request once its response is sent: method, the matched route's pattern (never the
 * URL itself — paths and query strings carry tokens, keys and ids), status, duration and request id.
 * No header, body or address: whatever is personal stays out of the log by construction.
 *
 * It writes through the application logger, not `ctx.logger` (a child logger made per request, which
 * measurably slowed consent writes), and does nothing at all when `info` is not logged.
 */
export default class AccessLogMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (!logger.isLevelEnabled('info')) return next()
    const started = process.hrtime.bigint()
    ctx.response.response.once('finish', () => {
      logger.info(
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
