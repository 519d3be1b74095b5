import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantScopedModel } from '#tenancy/tenant_scoped_model'

export type ApiKeyKind = 'publishable' | 'secret'

/**
 * A tenant's API key. Only the SHA-256 of the key is stored (keys are 190+ bits of randomness, so a
 * fast hash is enough and allows lookup); the key itself is shown once, at creation.
 */
export default class ApiKey extends TenantScopedModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare kind: ApiKeyKind

  /** The first characters of the key, shown in lists so people can tell keys apart. */
  @column()
  declare prefix: string

  @column({ serializeAs: null })
  declare keyHash: string

  @column()
  declare label: string

  /** The key itself, for publishable keys only (they are public); null for secret keys. */
  @column()
  declare publishableKey: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime()
  declare lastUsedAt: DateTime | null

  @column.dateTime()
  declare revokedAt: DateTime | null

  get isActive() {
    return this.revokedAt === null
  }
}
