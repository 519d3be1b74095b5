import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantScopedModel } from '#tenancy/tenant_scoped_model'

/** A policy-change notice queued for a member (unique per version × member × channel). */
export default class PolicyNotice extends TenantScopedModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare policyVersionId: number

  @column()
  declare memberId: number

  @column()
  declare channel: 'email'

  @column.dateTime()
  declare queuedAt: DateTime
}
