import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The consent ledger: append-only events, hash-chained per tenant (each row's hash covers its
 * content and the previous row's hash), with a head row per tenant that serialises appends.
 * Triggers refuse UPDATE and DELETE of events at the database level as well. Personal details (IP,
 * user agent) live in consent_event_details, committed to by a salted hash in the event.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('consent_events', (table) => {
      table.bigIncrements('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants')
      table.integer('seq').unsigned().notNullable()
      table.string('subject_type', 16).notNullable()
      table.string('subject_id', 64).notNullable()
      table.string('target_type', 16).notNullable()
      table.string('target_key', 64).notNullable()
      table.string('action', 16).notNullable()
      table.string('policy_version', 32).nullable()
      table.string('text_hash', 64).nullable()
      table.string('source', 24).notNullable()
      table.string('details_hash', 64).notNullable()
      table.boolean('gpc').notNullable()
      table.timestamp('occurred_at', { useTz: true }).notNullable()
      table.string('prev_hash', 64).notNullable()
      table.string('hash', 64).notNullable()
      table.unique(['tenant_id', 'seq'])
      table.index(['tenant_id', 'subject_type', 'subject_id'])
    })
    // IP and user agent of each event, apart from the chain: the chain commits to them through a salted
    // hash, so erasing a member deletes these rows and the chain still verifies.
    this.schema.createTable('consent_event_details', (table) => {
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants')
      table.integer('seq').unsigned().notNullable()
      table.string('salt', 32).notNullable()
      table.string('ip', 64).nullable()
      table.string('user_agent', 512).nullable()
      table.primary(['tenant_id', 'seq'])
    })
    this.schema.createTable('consent_chain_heads', (table) => {
      table.integer('tenant_id').unsigned().primary().references('id').inTable('tenants')
      table.integer('seq').unsigned().notNullable()
      table.string('hash', 64).notNullable()
    })

    this.defer(async (db) => {
      const sqlite = ['better-sqlite3', 'sqlite3'].includes(db.dialect.name)
      for (const op of ['UPDATE', 'DELETE']) {
        const name = `consent_events_no_${op.toLowerCase()}`
        await db.rawQuery(
          sqlite
            ? `CREATE TRIGGER ${name} BEFORE ${op} ON consent_events BEGIN SELECT RAISE(ABORT, 'consent_events is append-only'); END`
            : `CREATE TRIGGER ${name} BEFORE ${op} ON consent_events FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'consent_events is append-only'`
        )
      }
    })
  }

  async down() {
    this.schema.raw('DROP TRIGGER IF EXISTS consent_events_no_update')
    this.schema.raw('DROP TRIGGER IF EXISTS consent_events_no_delete')
    this.schema.dropTable('consent_chain_heads')
    this.schema.dropTable('consent_event_details')
    this.schema.dropTable('consent_events')
  }
}
