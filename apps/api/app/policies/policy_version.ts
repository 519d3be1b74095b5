import { DateTime } from 'luxon'
import { beforeDelete, beforeUpdate, column } from '@adonisjs/lucid/orm'
import type { PolicyVersion as PolicyContent } from '@tessera/policy-text'
import { TenantScopedModel } from '#tenancy/tenant_scoped_model'
import { jsonColumn } from '#shared/json_column'
import { ProblemError } from '#shared/problem'

/** What a version holds besides its label and dates: the structured policy and its prose. */
export type PolicyBody = Omit<PolicyContent, 'id' | 'postedAt' | 'effectiveAt'>

export type LocalizedLines = { en: string[]; ko: string[] }

export default class PolicyVersion extends TenantScopedModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare label: string

  @column()
  declare state: 'draft' | 'published'

  @column(jsonColumn<PolicyBody>())
  declare content: PolicyBody

  @column({ consume: (v: unknown) => (v === null || v === undefined ? null : Boolean(v)) })
  declare significant: boolean | null

  @column(jsonColumn<LocalizedLines>())
  declare changeSummary: LocalizedLines | null

  @column(jsonColumn<string[]>())
  declare changedConsentPurposes: string[] | null

  @column()
  declare previousVersionId: number | null

  @column.dateTime()
  declare postedAt: DateTime | null

  @column.dateTime()
  declare effectiveAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** The policy-text view of this row. */
  toPolicy(): PolicyContent {
    return {
      ...this.content,
      id: this.label,
      postedAt: this.postedAt?.toUTC().toISO() ?? null,
      effectiveAt: this.effectiveAt?.toUTC().toISO() ?? null,
    }
  }

  /** Published versions are a record of what members were told: never edited, never deleted. */
  @beforeUpdate()
  @beforeDelete()
  static immutableOncePublished(row: PolicyVersion) {
    if (row.$original.state === 'published') {
      throw new ProblemError(
        409,
        'policy-version-published',
        'Published versions cannot change',
        'Create a new draft instead.'
      )
    }
  }
}
