import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantScopedModel } from '#tenancy/tenant_scoped_model'
import { jsonColumn } from '#shared/json_column'

export type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'sent' | 'cancelled'
export type CampaignLocale = 'en' | 'ko'
/** Subject and Markdown body per locale. */
export type CampaignContent = Partial<Record<CampaignLocale, { subject: string; body: string }>>

/** A newsletter: content per locale, then scheduled or sent to the audience of that moment. */
export default class Campaign extends TenantScopedModel {
  static table = 'newsletter_campaigns'

  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare name: string

  @column(jsonColumn<CampaignContent>())
  declare content: CampaignContent

  @column()
  declare status: CampaignStatus

  @column.dateTime()
  declare scheduledAt: DateTime | null

  @column.dateTime()
  declare startedAt: DateTime | null

  @column.dateTime()
  declare finishedAt: DateTime | null

  @column()
  declare audienceCount: number | null

  @column()
  declare createdBy: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
