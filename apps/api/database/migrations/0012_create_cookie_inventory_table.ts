import { BaseSchema } from '@adonisjs/lucid/schema'

/** The cookies and services a tenant's site sets, per cookie category (shown in the settings dialog). */
export default class extends BaseSchema {
  protected tableName = 'cookie_inventory'

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
      table.string('category_key', 64).notNullable()
      table.string('name', 128).notNullable()
      table.string('provider', 128).notNullable()
      table.string('duration', 64).notNullable()
      table.text('purpose').notNullable()
      table.integer('position').unsigned().notNullable()
      table.index(['tenant_id', 'category_key'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
