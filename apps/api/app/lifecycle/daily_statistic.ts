import { column } from '@adonisjs/lucid/orm'
import { TenantScopedModel } from '#tenancy/tenant_scoped_model'

/**
 * One anonymised daily figure of a tenant: a count per metric and dimension (a purpose, a request
 * type, a status). No member column, no identifier: these rows stay after members are gone.
 */
export default class DailyStatistic extends TenantScopedModel {
  static table = 'statistics_daily'

  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  /** The tenant's calendar day (its time zone), YYYY-MM-DD. */
  @column()
  declare day: string

  @column()
  declare metric: string

  @column()
  declare dimension: string

  @column({ consume: (v) => Number(v) })
  declare value: number
}
