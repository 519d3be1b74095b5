import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantScopedModel } from '#tenancy/tenant_scoped_model'

export type UploadStatus = 'receiving' | 'stored' | 'purged'

/** An uploaded image: encrypted in object storage, gone at `expiresAt`. */
export default class Upload extends TenantScopedModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare memberId: number | null

  @column()
  declare contentType: string

  @column()
  declare modality: string | null

  @column({ consume: (v: unknown) => (v === null || v === undefined ? null : Number(v)) })
  declare size: number | null

  @column({ columnName: 'sha256' })
  declare sha256: string | null

  @column({ serializeAs: null })
  declare storageKey: string

  /** The data key, wrapped by the master key. Null once purged: the ciphertext is then unreadable. */
  @column({ serializeAs: null })
  declare wrappedKey: string | null

  @column()
  declare deidReport: string | null

  @column()
  declare status: UploadStatus

  @column.dateTime()
  declare uploadedAt: DateTime

  @column.dateTime()
  declare expiresAt: DateTime

  @column.dateTime()
  declare purgedAt: DateTime | null
}
