import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** Recomputes every tenant's audit-log hash chain (or one tenant's) and fails on any break. */
export default class AuditVerify extends BaseCommand {
  static commandName = 'audit:verify'
  static description = 'Verify the hash chain of the audit log (edited, removed or reordered entries)'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Public id of one tenant (default: all)' })
  declare tenant?: string

  async run() {
    const { default: Tenant } = await import('#tenancy/tenant')
    const { asSystem, withTenant } = await import('#tenancy/tenant_context')
    const { default: AuditService } = await import('#audit/audit_service')
    const tenants = await asSystem('verify every tenant audit log', () =>
      this.tenant ? Tenant.query().where('public_id', this.tenant) : Tenant.query().orderBy('id')
    )
    for (const tenant of tenants) {
      const report = await withTenant(tenant.id, () => new AuditService().verify(tenant.id))
      if (report.ok) this.logger.success(`${tenant.publicId}: ${report.events} entries, chain intact`)
      else {
        this.exitCode = 1
        for (const p of report.problems)
          this.logger.error(`${tenant.publicId}: entry ${p.seq} ${p.kind} — ${p.detail}`)
      }
    }
  }
}
