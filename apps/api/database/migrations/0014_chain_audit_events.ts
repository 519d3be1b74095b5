import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The audit log becomes a hash chain per tenant, like the consent ledger: an edited, removed or
 * reordered entry is detected by `node ace audit:verify`. Exports of personal data state a reason.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('audit_events', (table) => {
      table.integer('seq').unsigned().nullable()
      table.text('reason').nullable()
      table.string('prev_hash', 64).nullable()
      table.string('hash', 64).nullable()
      table.unique(['tenant_id', 'seq'])
    })
    this.schema.createTable('audit_chain_heads', (table) => {
      table.integer('tenant_id').unsigned().primary().references('id').inTable('tenants')
      table.integer('seq').unsigned().notNullable()
      table.string('hash', 64).notNullable()
    })
  }

  async down() {
    this.schema.dropTable('audit_chain_heads')
    this.schema.alterTable('audit_events', (table) => {
      table.dropUnique(['tenant_id', 'seq'])
      table.dropColumn('seq')
      table.dropColumn('reason')
      table.dropColumn('prev_hash')
      table.dropColumn('hash')
    })
  }
}
