import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Inference. `models`: a tenant's registry of ONNX models (the platform default is built from code
 * and has no row). `analyses`: one per upload × model version — the unique key is what makes a
 * retried or restarted job produce exactly one result. Results (the mask) live in object storage,
 * encrypted with the upload's own data key, so purging the upload makes them unreadable too.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('models', (table) => {
      table.increments('id')
      table
        .integer('tenant_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('tenants')
        .onDelete('CASCADE')
      table.string('public_id', 32).notNullable().unique()
      table.string('name', 64).notNullable()
      table.string('version', 64).notNullable()
      table.text('manifest').notNullable()
      table.string('sha256', 64).notNullable()
      table.bigInteger('size').unsigned().notNullable()
      table.string('storage_key', 255).notNullable()
      table.boolean('active').notNullable().defaultTo(false)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('activated_at', { useTz: true }).nullable()
      table.unique(['tenant_id', 'name', 'version'])
    })
    this.schema.createTable('analyses', (table) => {
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
        .integer('upload_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('uploads')
        .onDelete('CASCADE')
      table
        .integer('member_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('members')
        .onDelete('SET NULL')
      table.string('model_sha256', 64).notNullable()
      table.string('model_name', 64).notNullable()
      table.string('model_version', 64).notNullable()
      table
        .enum('status', ['queued', 'preprocessing', 'running', 'postprocessing', 'done', 'failed', 'purged'])
        .notNullable()
      table.string('error', 500).nullable()
      table.text('summary').nullable()
      table.string('result_key', 255).nullable()
      table.integer('attempts').unsigned().notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('started_at', { useTz: true }).nullable()
      table.timestamp('finished_at', { useTz: true }).nullable()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.unique(['upload_id', 'model_sha256'])
      table.index(['tenant_id', 'status'])
    })
  }

  async down() {
    this.schema.dropTable('analyses')
    this.schema.dropTable('models')
  }
}
