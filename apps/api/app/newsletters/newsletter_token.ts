import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantScopedModel } from '#tenancy/tenant_scoped_model'

export type NewsletterTokenKind = 'confirm' | 'unsubscribe'

/** A confirmation (single use, short-lived) or unsubscribe (reusable, long-lived) link token; only its SHA-256 is stored. */
export default class NewsletterToken extends TenantScopedModel {
  static table = 'newsletter_tokens'

  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare memberId: number

  @column()
  declare kind: NewsletterTokenKind

  @column({ serializeAs: null })
  declare tokenHash: string

  @column.dateTime()
  declare expiresAt: DateTime

  @column.dateTime()
  declare usedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
