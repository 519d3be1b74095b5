import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Append-only audit log. Besides the model refusing updates, the database refuses them too:
 * triggers reject UPDATE and DELETE on both MySQL/MariaDB and SQLite.
 */
export default class extends BaseSchema {
  protected tableName = 'audit_events'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.bigIncrements('id')
      table.integer('tenant_id').unsigned().notNullable().references('id').inTable('tenants')
      table.string('actor_type', 16).notNullable()
      table.string('actor_id', 64).nullable()
      table.string('action', 64).notNullable()
      table.string('subject_type', 32).nullable()
      table.string('subject_id', 64).nullable()
      table.string('ip', 64).nullable()
      table.text('metadata').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['tenant_id', 'created_at'])
    })

    this.defer(async (db) => {
      const dialect = db.dialect.name
      if (dialect === 'better-sqlite3' || dialect === 'sqlite3') {
        await db.rawQuery(
          `CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
           BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`
        )
        await db.rawQuery(
          `CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
           BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`
        )
      } else {
        await db.rawQuery(
          `CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events FOR EACH ROW
           SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_events is append-only'`
        )
        await db.rawQuery(
          `CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events FOR EACH ROW
           SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_events is append-only'`
        )
      }
    })
  }

  async down() {
    this.schema.raw('DROP TRIGGER IF EXISTS audit_events_no_update')
    this.schema.raw('DROP TRIGGER IF EXISTS audit_events_no_delete')
    this.schema.dropTable(this.tableName)
  }
}
