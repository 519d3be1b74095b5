import { BaseSchema } from '@adonisjs/lucid/schema'

/** The secret partners sign member identity tokens with (HMAC); stored encrypted, shown once. */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('tenants', (table) => {
      table.text('identity_secret_encrypted').nullable()
    })
  }

  async down() {
    this.schema.alterTable('tenants', (table) => {
      table.dropColumn('identity_secret_encrypted')
    })
  }
}
