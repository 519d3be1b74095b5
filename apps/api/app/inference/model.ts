import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantScopedModel } from '#tenancy/tenant_scoped_model'
import { jsonColumn } from '#shared/json_column'
import type { ModelManifest } from '#inference/manifest'

/** A tenant's ONNX model: the file in object storage, its manifest here. */
export default class Model extends TenantScopedModel {
  static table = 'models'

  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare name: string

  @column()
  declare version: string

  @column(jsonColumn<ModelManifest>())
  declare manifest: ModelManifest

  @column({ columnName: 'sha256' })
  declare sha256: string

  @column({ consume: (v: unknown) => Number(v) })
  declare size: number

  @column({ serializeAs: null })
  declare storageKey: string

  @column({ consume: (v: unknown) => Boolean(v) })
  declare active: boolean

  @column.dateTime()
  declare createdAt: DateTime

  @column.dateTime()
  declare activatedAt: DateTime | null
}
