import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * The daily statistics now: without `--day` what the scheduled job does (yesterday and the day before
 * in each tenant's zone); with `--day` that calendar day of every tenant (to recompute or catch up).
 */
export default class StatisticsAggregate extends BaseCommand {
  static commandName = 'statistics:aggregate'
  static description = 'Compute the anonymous daily statistics now (every tenant; one day with --day)'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'The calendar day to (re)compute, YYYY-MM-DD' })
  declare day?: string

  async run() {
    const { default: StatisticsService } = await import('#lifecycle/statistics_service')
    const statistics = new StatisticsService()
    if (this.day === undefined) {
      this.logger.success(`${await statistics.runAll()} statistic row(s) written`)
      return
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(this.day) || Number.isNaN(Date.parse(`${this.day}T00:00:00Z`))) {
      this.logger.error('--day must be a calendar day, YYYY-MM-DD')
      this.exitCode = 1
      return
    }
    const { default: Tenant } = await import('#tenancy/tenant')
    const { asSystem } = await import('#tenancy/tenant_context')
    const tenants = await asSystem('statistics of one day over every tenant', () =>
      Tenant.query().orderBy('id')
    )
    let rows = 0
    for (const tenant of tenants) rows += await statistics.aggregate(tenant, this.day)
    this.logger.success(`${rows} statistic row(s) written for ${this.day}`)
  }
}
