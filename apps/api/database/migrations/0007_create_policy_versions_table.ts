import { BaseSchema } from '@adonisjs/lucid/schema'

/** Policy versions: drafts are editable; once published a row is never changed again. */
export default class extends BaseSchema {
  protected tableName = 'policy_versions'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('tenant_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.string('public_id', 32).notNullable().unique()
      table.string('label', 40).notNullable()
      table.enum('state', ['draft', 'published']).notNullable()
      table.text('content', 'longtext').notNullable()
      table.boolean('significant').nullable()
      table.text('change_summary').nullable()
      table.text('changed_consent_purposes').nullable()
      table.integer('previous_version_id').unsigned().nullable()
      table.timestamp('posted_at', { useTz: true }).nullable()
      table.timestamp('effective_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['tenant_id', 'state', 'effective_at'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
