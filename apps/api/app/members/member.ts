import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantScopedModel } from '#tenancy/tenant_scoped_model'
import { encryptField } from '#members/personal_data'

export type MemberStatus = 'pending' | 'active' | 'restricted' | 'dormant' | 'withdrawn'

/** An end user of a tenant. Identifying fields are decrypted only in memory. */
export default class Member extends TenantScopedModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column({ columnName: 'email_encrypted', ...encryptField('member.email') })
  declare email: string

  @column({ serializeAs: null })
  declare emailHash: string

  @column({ columnName: 'first_name_encrypted', ...encryptField('member.first_name') })
  declare firstName: string | null

  @column({ columnName: 'last_name_encrypted', ...encryptField('member.last_name') })
  declare lastName: string | null

  @column({ columnName: 'company_encrypted', ...encryptField('member.company') })
  declare company: string | null

  @column({ columnName: 'nationality_encrypted', ...encryptField('member.nationality') })
  declare nationality: string | null

  @column()
  declare locale: string

  /** IANA zone for quiet hours; null: the tenant's. */
  @column()
  declare timeZone: string | null

  @column()
  declare status: MemberStatus

  @column.dateTime()
  declare lastActiveAt: DateTime | null

  /** When the dormancy notice of the current inactivity period was sent (see app/lifecycle). */
  @column.dateTime()
  declare dormancyNoticeAt: DateTime | null

  /** When the personal data moved to the separate store; null unless dormant. */
  @column.dateTime()
  declare dormantAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
