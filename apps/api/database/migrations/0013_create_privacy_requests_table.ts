import { BaseSchema } from '@adonisjs/lucid/schema'

/** Privacy requests (rights of data subjects) and inquiries to the privacy officer, with their deadlines. */
export default class extends BaseSchema {
  protected tableName = 'privacy_requests'

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
      table
        .integer('member_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('members')
        .onDelete('SET NULL')
      table
        .enum('type', [
          'access',
          'export',
          'rectify',
          'erase',
          'restrict',
          'object',
          'withdraw_consent',
          'human_review',
          'inquiry',
        ])
        .notNullable()
      table.enum('channel', ['widget', 'email', 'letter', 'admin']).notNullable()
      table
        .enum('status', [
          'identity_unverified',
          'received',
          'in_progress',
          'extended',
          'completed',
          'rejected',
        ])
        .notNullable()
      table.string('regimes', 16).notNullable()
      table.text('details').nullable()
      table.string('identity_method', 200).nullable()
      table.timestamp('identity_verified_at', { useTz: true }).nullable()
      table.timestamp('received_at', { useTz: true }).notNullable()
      table.timestamp('due_at', { useTz: true }).notNullable()
      table.text('extension_reason').nullable()
      table.string('handled_by', 64).nullable()
      table.text('response').nullable()
      table.timestamp('resolved_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['tenant_id', 'status', 'due_at'])
      table.index(['tenant_id', 'member_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
