import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Member lifecycle: usage records (action, encrypted IP, time), the dormancy markers on members,
 * the separate store of dormant members' personal data (one encrypted payload per member), and the
 * anonymised daily statistics (no member column at all: kept after members are gone).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('usage_events', (table) => {
      table.bigIncrements('id')
      table
        .integer('tenant_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table
        .integer('member_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('members')
        .onDelete('CASCADE')
      table.string('action', 24).notNullable()
      table.text('ip_encrypted').nullable()
      table.timestamp('occurred_at', { useTz: true }).notNullable()
      table.index(['tenant_id', 'member_id', 'occurred_at'])
      table.index(['tenant_id', 'occurred_at'])
    })

    this.schema.alterTable('members', (table) => {
      table.timestamp('dormancy_notice_at', { useTz: true }).nullable()
      table.timestamp('dormant_at', { useTz: true }).nullable()
    })

    this.schema.createTable('dormant_members', (table) => {
      table.increments('id')
      table
        .integer('tenant_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table
        .integer('member_id')
        .unsigned()
        .notNullable()
        .unique()
        .references('id')
        .inTable('members')
        .onDelete('CASCADE')
      table.text('payload_encrypted', 'mediumtext').notNullable()
      table.string('previous_status', 16).notNullable()
      table.timestamp('separated_at', { useTz: true }).notNullable()
      table.timestamp('destroy_at', { useTz: true }).notNullable()
      table.index(['tenant_id', 'destroy_at'])
    })

    this.schema.createTable('statistics_daily', (table) => {
      table.bigIncrements('id')
      table
        .integer('tenant_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.string('day', 10).notNullable()
      table.string('metric', 48).notNullable()
      table.string('dimension', 96).notNullable().defaultTo('')
      table.bigInteger('value').notNullable()
      table.unique(['tenant_id', 'day', 'metric', 'dimension'])
    })
  }

  async down() {
    this.schema.dropTable('statistics_daily')
    this.schema.dropTable('dormant_members')
    this.schema.alterTable('members', (table) => {
      table.dropColumn('dormancy_notice_at')
      table.dropColumn('dormant_at')
    })
    this.schema.dropTable('usage_events')
  }
}
