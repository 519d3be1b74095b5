import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantScopedModel } from '#tenancy/tenant_scoped_model'

/**
 * queued → sending → sent; failed (retried while attempts remain); skipped (no longer eligible at
 * send time); uncertain (a worker died mid-send: never sent again, counted apart).
 */
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped' | 'uncertain'
export const DELIVERY_STATUSES: DeliveryStatus[] = [
  'queued',
  'sending',
  'sent',
  'failed',
  'skipped',
  'uncertain',
]

/** One campaign × member, unique. */
export default class Delivery extends TenantScopedModel {
  static table = 'newsletter_deliveries'

  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare campaignId: number

  @column()
  declare memberId: number | null

  @column()
  declare status: DeliveryStatus

  @column()
  declare attempts: number

  @column()
  declare skipReason: string | null

  @column()
  declare error: string | null

  @column()
  declare messageId: string | null

  @column.dateTime()
  declare queuedAt: DateTime

  @column.dateTime()
  declare sentAt: DateTime | null

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
