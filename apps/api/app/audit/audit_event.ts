import { DateTime } from 'luxon'
import { beforeDelete, beforeUpdate, column } from '@adonisjs/lucid/orm'
import { TenantScopedModel } from '#tenancy/tenant_scoped_model'
import { jsonColumn } from '#shared/json_column'

export type ActorType = 'admin' | 'api_key' | 'member' | 'system'

/**
 * Who did what to whose data, when, from where. Append-only (never updated, never deleted; the
 * database refuses both) and hash-chained per tenant, so any change after the fact is detected.
 */
export default class AuditEvent extends TenantScopedModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare actorType: ActorType

  @column()
  declare actorId: string | null

  @column()
  declare action: string

  @column()
  declare subjectType: string | null

  @column()
  declare subjectId: string | null

  @column()
  declare ip: string | null

  @column(jsonColumn<Record<string, unknown>>())
  declare metadata: Record<string, unknown> | null

  /** Why staff exported or searched personal data (required for those actions). */
  @column()
  declare reason: string | null

  @column()
  declare seq: number

  @column()
  declare prevHash: string

  @column()
  declare hash: string

  @column.dateTime()
  declare createdAt: DateTime

  @beforeUpdate()
  @beforeDelete()
  static appendOnly() {
    throw new Error('audit events are append-only')
  }
}
