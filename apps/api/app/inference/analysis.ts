import { DateTime } from 'luxon'
import { column } from '@adonisjs/lucid/orm'
import { TenantScopedModel } from '#tenancy/tenant_scoped_model'
import { jsonColumn } from '#shared/json_column'

export type AnalysisStatus =
  'queued' | 'preprocessing' | 'running' | 'postprocessing' | 'done' | 'failed' | 'purged'

export const FINISHED: readonly AnalysisStatus[] = ['done', 'failed', 'purged']

/** What a finished analysis reports, without the mask itself (that is in object storage). */
export type AnalysisSummary = {
  kind: 'segmentation' | 'classification' | 'heatmap'
  labels: string[]
  /** Segmentation: share of the image per label; classification: score per label; heatmap: max per channel. */
  scores: number[]
  width: number
  height: number
  /** Milliseconds spent in preprocessing, the model run and postprocessing. */
  timings: { preprocess: number; run: number; postprocess: number }
}

/** One model run on one upload. Never outlives the upload: purged with it. */
export default class Analysis extends TenantScopedModel {
  static table = 'analyses'

  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare uploadId: number

  @column()
  declare memberId: number | null

  @column({ columnName: 'model_sha256' })
  declare modelSha256: string

  @column()
  declare modelName: string

  @column()
  declare modelVersion: string

  @column()
  declare status: AnalysisStatus

  /** A readable reason when failed (never personal data). */
  @column()
  declare error: string | null

  @column(jsonColumn<AnalysisSummary>())
  declare summary: AnalysisSummary | null

  @column({ serializeAs: null })
  declare resultKey: string | null

  @column()
  declare attempts: number

  @column.dateTime()
  declare createdAt: DateTime

  @column.dateTime()
  declare startedAt: DateTime | null

  @column.dateTime()
  declare finishedAt: DateTime | null

  @column.dateTime()
  declare expiresAt: DateTime
}
