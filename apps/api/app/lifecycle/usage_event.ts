import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantScopedModel } from '#tenancy/tenant_scoped_model'
import { encryptField } from '#members/personal_data'

/** What a member did, from where, when: the "service usage records" of the policy. */
export const USAGE_ACTIONS = [
  'sign_in',
  'restore',
  'upload',
  'analysis',
  'view',
  'consent',
  'request',
] as const
export type UsageAction = (typeof USAGE_ACTIONS)[number]

export default class UsageEvent extends TenantScopedModel {
  static table = 'usage_events'

  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column({ serializeAs: null })
  declare memberId: number

  @column()
  declare action: UsageAction

  /** The IP address is personal data: encrypted at rest like the profile. */
  @column({ columnName: 'ip_encrypted', ...encryptField('usage.ip') })
  declare ip: string | null

  @column.dateTime()
  declare occurredAt: DateTime
}
