import type { HttpContext } from '@adonisjs/core/http'
import { healthChecks } from '#health/health_checks'

export default class HealthController {
  /** 200 when the database, Redis and the mail transport all answer; 503 otherwise. */
  async show({ response }: HttpContext) {
    const report = await healthChecks.run()
    response.header('cache-control', 'no-store')
    const checks = Object.fromEntries(
      report.checks.map((check) => [check.name, { status: check.status, message: check.message }])
    )
    return response.status(report.isHealthy ? 200 : 503).send({
      status: report.isHealthy ? 'ok' : 'degraded',
      checks,
      checkedAt: report.finishedAt,
    })
  }
}
