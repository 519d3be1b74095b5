import { BaseSchema } from '@adonisjs/lucid/schema'

/** One row per member × version × channel: the unique key is what makes a notice go out once. */
export default class extends BaseSchema {
  protected tableName = 'policy_notices'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.bigIncrements('id')
      table
        .integer('tenant_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table
        .integer('policy_version_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('policy_versions')
        .onDelete('CASCADE')
      table
        .integer('member_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('members')
        .onDelete('CASCADE')
      table.enum('channel', ['email']).notNullable()
      table.timestamp('queued_at', { useTz: true }).notNullable()
      table.unique(['policy_version_id', 'member_id', 'channel'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
