import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'tenants'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('public_id', 32).notNullable().unique()
      table.string('name', 120).notNullable()
      table.string('legal_name', 200).notNullable()
      table.string('country', 2).notNullable()
      table.string('website', 2048).nullable()
      table.string('default_locale', 8).notNullable()
      table.text('locales').notNullable()
      table.text('branding').notNullable()
      table.text('allowed_origins').notNullable()
      table.string('officer_name', 120).notNullable()
      table.string('officer_department', 120).notNullable()
      table.string('officer_email', 254).notNullable()
      table.text('settings').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
