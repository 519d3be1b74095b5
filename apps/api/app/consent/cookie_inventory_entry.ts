import { column } from '@adonisjs/lucid/orm'
import { TenantScopedModel } from '#tenancy/tenant_scoped_model'
import { jsonColumn } from '#shared/json_column'

/** One cookie or service of a tenant's site, in a cookie category. */
export default class CookieInventoryEntry extends TenantScopedModel {
  static table = 'cookie_inventory'

  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare categoryKey: string

  @column()
  declare name: string

  @column()
  declare provider: string

  @column()
  declare duration: string

  @column(jsonColumn<{ en: string; ko: string }>())
  declare purpose: { en: string; ko: string }

  @column()
  declare position: number
}
