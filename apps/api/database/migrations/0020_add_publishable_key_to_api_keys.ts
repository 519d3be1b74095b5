import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Publishable keys are public (every partner page carries one; allowed origins are what guard them), so
 * the key itself is kept for them, letting the console show the embed snippet again later. Secret keys
 * stay hash-only: the column is null for them.
 */
export default class extends BaseSchema {
  protected tableName = 'api_keys'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.string('publishable_key', 128).nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('publishable_key')
    })
  }
}
