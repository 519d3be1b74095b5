import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * End users of a tenant. Identifying fields are encrypted (text columns hold ciphertext); the
 * e-mail is also stored as a keyed hash for lookup. Registration and sign-in build on this table.
 */
export default class extends BaseSchema {
  protected tableName = 'members'

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
      table.text('email_encrypted').notNullable()
      table.string('email_hash', 64).notNullable()
      table.text('first_name_encrypted').nullable()
      table.text('last_name_encrypted').nullable()
      table.text('company_encrypted').nullable()
      table.text('nationality_encrypted').nullable()
      table.string('locale', 8).notNullable()
      table
        .enum('status', ['pending', 'active', 'restricted', 'dormant', 'withdrawn'])
        .notNullable()
        .defaultTo('pending')
      table.timestamp('last_active_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['tenant_id', 'email_hash'])
      table.index(['tenant_id', 'status'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
