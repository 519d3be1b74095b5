import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantScopedModel } from '#tenancy/tenant_scoped_model'

export type SubscriptionStatus = 'pending' | 'confirmed' | 'withdrawn'

/**
 * A member's newsletter subscription: the workflow around the marketing consent (double opt-in,
 * two-year re-confirmation). The consent ledger stays the proof; the audience query checks both.
 */
export default class NewsletterSubscription extends TenantScopedModel {
  static table = 'newsletter_subscriptions'

  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare memberId: number

  @column()
  declare status: SubscriptionStatus

  @column.dateTime()
  declare requestedAt: DateTime | null

  @column.dateTime()
  declare confirmedAt: DateTime | null

  @column.dateTime()
  declare withdrawnAt: DateTime | null

  @column.dateTime()
  declare reconfirmDueAt: DateTime | null

  @column.dateTime()
  declare reconfirmedNoticeAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
