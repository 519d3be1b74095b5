import { DateTime } from 'luxon'
import { beforeDelete, beforeUpdate, column } from '@adonisjs/lucid/orm'
import { TenantScopedModel } from '#tenancy/tenant_scoped_model'

export type ConsentAction = 'grant' | 'deny' | 'withdraw'
export type ConsentSubjectType = 'member' | 'visitor'
export type ConsentTargetType = 'purpose' | 'cookie_category'
export type ConsentSource =
  | 'registration'
  | 'widget'
  | 'banner'
  | 'settings'
  | 'admin'
  | 'reconsent'
  | 'email'
  /** The member clicked the newsletter confirmation link: the marketing grant that counts. */
  | 'double_opt_in'
  /** A newsletter unsubscribe link or one-click POST. */
  | 'unsubscribe'

/** One consent decision. Append-only: there is no update or delete path, in code or in the database. */
export default class ConsentEvent extends TenantScopedModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare seq: number

  @column()
  declare subjectType: ConsentSubjectType

  @column()
  declare subjectId: string

  @column()
  declare targetType: ConsentTargetType

  @column()
  declare targetKey: string

  @column()
  declare action: ConsentAction

  @column()
  declare policyVersion: string | null

  @column()
  declare textHash: string | null

  @column()
  declare source: ConsentSource

  /** sha256 of salt, IP and user agent (kept in consent_event_details until erasure). */
  @column()
  declare detailsHash: string

  @column({ consume: (v: unknown) => Boolean(v) })
  declare gpc: boolean

  @column.dateTime()
  declare occurredAt: DateTime

  @column()
  declare prevHash: string

  @column()
  declare hash: string

  @beforeUpdate()
  @beforeDelete()
  static appendOnly() {
    throw new Error('consent events are append-only')
  }
}
