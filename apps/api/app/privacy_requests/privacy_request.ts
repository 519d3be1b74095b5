import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantScopedModel } from '#tenancy/tenant_scoped_model'
import { encryptField } from '#members/personal_data'

export const REQUEST_TYPES = [
  'access',
  'export',
  'rectify',
  'erase',
  'restrict',
  'object',
  'withdraw_consent',
  'human_review',
  'inquiry',
] as const
export type RequestType = (typeof REQUEST_TYPES)[number]
export type RequestChannel = 'widget' | 'email' | 'letter' | 'admin'
export type RequestStatus =
  'identity_unverified' | 'received' | 'in_progress' | 'extended' | 'completed' | 'rejected'

/** While one of these is open the member's data is not used (the policy's promise). */
export const RESTRICTING_TYPES: readonly RequestType[] = ['rectify', 'erase', 'restrict']
export const OPEN_STATUSES: readonly RequestStatus[] = [
  'identity_unverified',
  'received',
  'in_progress',
  'extended',
]

export default class PrivacyRequest extends TenantScopedModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare memberId: number | null

  @column()
  declare type: RequestType

  @column()
  declare channel: RequestChannel

  @column()
  declare status: RequestStatus

  /** Comma-separated regimes the deadline follows: kr, eu. */
  @column()
  declare regimes: string

  /** What the member asked (corrections, purpose objected to, message): may hold personal data, so encrypted. */
  @column({ ...encryptField('privacy_request.details') })
  declare details: string | null

  @column()
  declare identityMethod: string | null

  @column.dateTime()
  declare identityVerifiedAt: DateTime | null

  @column.dateTime()
  declare receivedAt: DateTime

  @column.dateTime()
  declare dueAt: DateTime

  @column()
  declare extensionReason: string | null

  @column()
  declare handledBy: string | null

  @column({ ...encryptField('privacy_request.response') })
  declare response: string | null

  @column.dateTime()
  declare resolvedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  get isOpen() {
    return OPEN_STATUSES.includes(this.status)
  }

  detailsJson<T>(): T {
    return (this.details ? JSON.parse(this.details) : {}) as T
  }
}
