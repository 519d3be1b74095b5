import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** Recomputes every tenant's consent hash chain (or one tenant's) and fails on any break. */
export default class ConsentVerify extends BaseCommand {
  static commandName = 'consent:verify'
  static description = 'Verify the hash chain of the consent ledger (altered, removed or reordered events)'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Public id of one tenant (default: all)' })
  declare tenant?: string

  @flags.boolean({ description: 'Print the reports as JSON' })
  declare json: boolean

  async run() {
    const { default: Tenant } = await import('#tenancy/tenant')
    const { asSystem, withTenant } = await import('#tenancy/tenant_context')
    const { default: LedgerService } = await import('#consent/ledger_service')
    const tenants = await asSystem('verify every tenant ledger', () =>
      this.tenant ? Tenant.query().where('public_id', this.tenant) : Tenant.query().orderBy('id')
    )
    if (this.tenant && !tenants.length) {
      this.logger.error(`No tenant ${this.tenant}`)
      this.exitCode = 1
      return
    }
    const reports = []
    for (const tenant of tenants) {
      const report = await withTenant(tenant.id, () => new LedgerService().verify())
      reports.push({ tenant: tenant.publicId, ...report })
      if (!report.ok) this.exitCode = 1
      if (!this.json) {
        if (report.ok) this.logger.success(`${tenant.publicId}: ${report.events} events, chain intact`)
        else
          for (const p of report.problems)
            this.logger.error(`${tenant.publicId}: event ${p.seq} ${p.kind} — ${p.detail}`)
      }
    }
    if (this.json) this.logger.log(JSON.stringify(reports))
  }
}
