import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantScopedModel } from '#tenancy/tenant_scoped_model'
import { encryptField } from '#members/personal_data'
import type { MemberStatus } from '#members/member'

/** What a dormant member's personal data was, kept apart from everything any processor reads. */
export type DormantPayload = {
  email: string
  firstName: string | null
  lastName: string | null
  company: string | null
  nationality: string | null
  timeZone: string | null
  usage: Array<{ action: string; ip: string | null; at: string }>
}

/**
 * The separate store of dormant members: one row per member, the personal data in one encrypted
 * payload (its own encryption purpose: a value copied elsewhere does not decrypt). No processor
 * reads this table; only restoring, answering a privacy request and destruction do.
 */
export default class DormantMember extends TenantScopedModel {
  static table = 'dormant_members'

  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column({ serializeAs: null })
  declare memberId: number

  @column({
    columnName: 'payload_encrypted',
    serializeAs: null,
    prepare: (value: DormantPayload) => encryptField('dormant.member').prepare(JSON.stringify(value)),
    consume: (value: string) => JSON.parse(encryptField('dormant.member').consume(value) ?? 'null'),
  })
  declare payload: DormantPayload

  @column()
  declare previousStatus: MemberStatus

  @column.dateTime()
  declare separatedAt: DateTime

  @column.dateTime()
  declare destroyAt: DateTime
}
