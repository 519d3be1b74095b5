import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Newsletters: each member's subscription (double opt-in state and the two-year re-confirmation),
 * single-use confirmation and unsubscribe tokens (hashed), campaigns, and one delivery row per
 * campaign × member (unique: a retried job never sends twice). Members get a time zone for quiet
 * hours (null: the tenant's).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('members', (table) => {
      table.string('time_zone', 64).nullable()
    })

    this.schema.createTable('newsletter_subscriptions', (table) => {
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
      table.enum('status', ['pending', 'confirmed', 'withdrawn']).notNullable()
      table.timestamp('requested_at', { useTz: true }).nullable()
      table.timestamp('confirmed_at', { useTz: true }).nullable()
      table.timestamp('withdrawn_at', { useTz: true }).nullable()
      table.timestamp('reconfirm_due_at', { useTz: true }).nullable()
      table.timestamp('reconfirmed_notice_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['tenant_id', 'status', 'reconfirm_due_at'])
    })

    this.schema.createTable('newsletter_tokens', (table) => {
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
        .references('id')
        .inTable('members')
        .onDelete('CASCADE')
      table.enum('kind', ['confirm', 'unsubscribe']).notNullable()
      table.string('token_hash', 64).notNullable().unique()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('used_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['tenant_id', 'member_id', 'kind'])
    })

    this.schema.createTable('newsletter_campaigns', (table) => {
      table.increments('id')
      table
        .integer('tenant_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.string('public_id', 32).notNullable().unique()
      table.string('name', 200).notNullable()
      table.text('content').notNullable()
      table.enum('status', ['draft', 'scheduled', 'sending', 'sent', 'cancelled']).notNullable()
      table.timestamp('scheduled_at', { useTz: true }).nullable()
      table.timestamp('started_at', { useTz: true }).nullable()
      table.timestamp('finished_at', { useTz: true }).nullable()
      table.integer('audience_count').unsigned().nullable()
      table.string('created_by', 64).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['tenant_id', 'status'])
    })

    this.schema.createTable('newsletter_deliveries', (table) => {
      table.bigIncrements('id')
      table
        .integer('tenant_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table
        .integer('campaign_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('newsletter_campaigns')
        .onDelete('CASCADE')
      // Null once the member is erased: the count stays, the person goes.
      table
        .integer('member_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('members')
        .onDelete('SET NULL')
      table
        .enum('status', ['queued', 'sending', 'sent', 'failed', 'skipped', 'uncertain'])
        .notNullable()
        .defaultTo('queued')
      table.integer('attempts').unsigned().notNullable().defaultTo(0)
      table.string('skip_reason', 200).nullable()
      table.string('error', 500).nullable()
      table.string('message_id', 255).nullable()
      table.timestamp('queued_at', { useTz: true }).notNullable()
      table.timestamp('sent_at', { useTz: true }).nullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['campaign_id', 'member_id'])
      table.index(['tenant_id', 'campaign_id', 'status'])
    })
  }

  async down() {
    this.schema.dropTable('newsletter_deliveries')
    this.schema.dropTable('newsletter_campaigns')
    this.schema.dropTable('newsletter_tokens')
    this.schema.dropTable('newsletter_subscriptions')
    this.schema.alterTable('members', (table) => {
      table.dropColumn('time_zone')
    })
  }
}
