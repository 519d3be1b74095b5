import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Uploaded images. The file itself lives in object storage, encrypted with a per-upload data key
 * that is stored here only wrapped; no original file name is kept. `expires_at` is when every
 * trace of the image must be gone; purging deletes the object and the wrapped key.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('uploads', (table) => {
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
      table.string('content_type', 64).notNullable()
      table.string('modality', 16).nullable()
      table.bigInteger('size').unsigned().nullable()
      table.string('sha256', 64).nullable()
      table.string('storage_key', 255).notNullable()
      table.text('wrapped_key').nullable()
      table.text('deid_report').nullable()
      table.enum('status', ['receiving', 'stored', 'purged']).notNullable()
      table.timestamp('uploaded_at', { useTz: true }).notNullable()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('purged_at', { useTz: true }).nullable()
      table.index(['status', 'expires_at'])
      table.index(['tenant_id', 'member_id'])
    })
    // Anonymous: what the statistics keep after every image is gone (no member, no upload id).
    this.schema.createTable('upload_stats', (table) => {
      table.increments('id')
      table
        .integer('tenant_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.date('day').notNullable()
      table.string('content_type', 64).notNullable()
      table.integer('purged').unsigned().notNullable()
      table.bigInteger('bytes').unsigned().notNullable()
      table.integer('max_lateness_seconds').unsigned().notNullable()
      table.unique(['tenant_id', 'day', 'content_type'])
    })
  }

  async down() {
    this.schema.dropTable('upload_stats')
    this.schema.dropTable('uploads')
  }
}
