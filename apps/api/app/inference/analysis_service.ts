import { DateTime } from 'luxon'
import { UnrecoverableError, type Job } from 'bullmq'
import app from '@adonisjs/core/services/app'
import drive from '@adonisjs/drive/services/main'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import clock from '#shared/clock'
import { publicId } from '#shared/crypto'
import { ProblemError } from '#shared/problem'
import { queue } from '#queue/queues'
import Member from '#members/member'
import ConsentService from '#consent/consent_service'
import RestrictionGuard from '#privacy_requests/restriction_guard'
import Upload from '#uploads/upload'
import UploadService from '#uploads/upload_service'
import Analysis, { FINISHED, type AnalysisStatus, type AnalysisSummary } from '#inference/analysis'
import ModelService, { type ResolvedModel } from '#inference/model_service'
import Model from '#inference/model'
import { SessionCache } from '#inference/session_cache'
import { decodeImage, ImageDecodeError } from '#inference/pixels'
import { encodeMaskPng, maskToSource, toModelInput } from '#inference/preprocess'
import { publishProgress } from '#inference/progress'
import { DEFAULT_MODEL_MANIFEST, defaultModelSha256 } from '#inference/default_model'
import type { ModelManifest } from '#inference/manifest'
import * as ort from 'onnxruntime-node'

/** Uploads larger than this are not analysed (decoding holds the file and its pixels in memory). */
export const MAX_ANALYSIS_BYTES = 512 * 1024 * 1024
/** BullMQ priorities run from 1 (first) to 2 097 152. */
const LOWEST_PRIORITY = 2_097_152

export function presentAnalysis(a: Analysis) {
  return {
    id: a.publicId,
    status: a.status,
    model: { name: a.modelName, version: a.modelVersion },
    error: a.error,
    summary: a.summary,
    createdAt: a.createdAt.toUTC().toISO(),
    finishedAt: a.finishedAt?.toUTC().toISO() ?? null,
    expiresAt: a.expiresAt.toUTC().toISO(),
  }
}

/** A failure no retry can fix; the analysis fails with this reason. */
class PermanentFailure extends Error {}

let sessions: SessionCache | undefined

/**
 * One onnxruntime session per model and worker process. Model bytes are looked up in the tenant
 * whose job asks first; the same bytes under another tenant share the session (same sha256).
 */
function sessionCache(): SessionCache {
  sessions ??= new SessionCache({
    loadBytes: (sha256) => new ModelService().bytes(sha256),
    executionProvider: env.get('INFERENCE_EXECUTION_PROVIDER') ?? 'cpu',
    cpuFallback: env.get('INFERENCE_CPU_FALLBACK') ?? false,
    logger,
  })
  return sessions
}

export async function closeSessions(): Promise<void> {
  await sessions?.clear()
  sessions = undefined
}

/**
 * Analyses: one run of the tenant's model on one upload, queued on BullMQ and done by the
 * `inference` workers. Only for members who consented to image analysis and are not restricted,
 * checked when asked and again when the job starts. Exactly one result per upload × model version
 * (unique row, idempotent steps); never longer-lived than the upload.
 */
export default class AnalysisService {
  #consent?: ConsentService
  #guard = new RestrictionGuard()
  #models = new ModelService()
  #uploads?: UploadService

  async #services() {
    this.#consent ??= await app.container.make(ConsentService)
    this.#uploads ??= await app.container.make(UploadService)
    return { consent: this.#consent, uploads: this.#uploads }
  }

  /** Asks for an analysis of the upload by the tenant's current model (idempotent per model). */
  async request(upload: Upload, member: Member): Promise<Analysis> {
    const { consent } = await this.#services()
    if (upload.status !== 'stored') {
      throw new ProblemError(
        410,
        'upload-gone',
        'Image deleted',
        'Images are deleted after their retention period.'
      )
    }
    await this.#guard.assertMayProcess(member, 'inference')
    await consent.assertAllowed(member, 'image_analysis')
    const model = await this.#models.resolve()
    const existing = await this.#find(upload, model)
    if (existing && existing.status !== 'failed') return existing
    if (existing) {
      existing.merge({ status: 'queued', error: null, summary: null, startedAt: null, finishedAt: null })
      await existing.save()
      await this.#enqueue(existing)
      return existing
    }
    let analysis: Analysis
    try {
      analysis = await Analysis.create({
        publicId: publicId('an'),
        uploadId: upload.id,
        memberId: member.id,
        modelSha256: model.sha256,
        modelName: model.name,
        modelVersion: model.version,
        status: 'queued',
        attempts: 0,
        createdAt: DateTime.fromJSDate(clock.now()),
        expiresAt: upload.expiresAt,
      })
    } catch (error) {
      // Two requests at once: the unique (upload, model) row decides; both get the same analysis.
      const raced = await this.#find(upload, model)
      if (raced) return raced
      throw error
    }
    await this.#enqueue(analysis)
    return analysis
  }

  #find(upload: Upload, model: ResolvedModel) {
    return Analysis.query().where('upload_id', upload.id).where('model_sha256', model.sha256).first()
  }

  /**
   * Queues the job. Fairness between tenants: a job's priority is its rank among its tenant's
   * waiting analyses, so one tenant's thousand jobs take turns with another tenant's first.
   */
  async #enqueue(analysis: Analysis) {
    const waiting = await Analysis.query()
      .where('status', 'queued')
      .whereNot('id', analysis.id)
      .count('* as n')
      .first()
    const rank = Number(waiting?.$extras.n ?? 0) + 1
    analysis.attempts += 1
    await analysis.save()
    await queue('inference').add(
      'analyse',
      { tenantId: analysis.tenantId, analysisId: analysis.id },
      {
        jobId: jobIdOf(analysis),
        priority: Math.min(rank, LOWEST_PRIORITY),
        attempts: 4,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: true,
        removeOnFail: { age: 24 * 3600 },
      }
    )
    await publishProgress(analysis.publicId, presentAnalysis(analysis))
  }

  /** The worker's side: runs one analysis to a result or a readable failure. Safe to run twice. */
  async process(analysisId: number, job?: Job): Promise<void> {
    const analysis = await Analysis.find(analysisId)
    if (!analysis || FINISHED.includes(analysis.status)) return
    try {
      await this.#run(analysis, job)
    } catch (error) {
      const permanent = error instanceof PermanentFailure || error instanceof ImageDecodeError
      const lastAttempt = job ? job.attemptsMade + 1 >= (job.opts.attempts ?? 1) : true
      if (permanent || lastAttempt) {
        const reason = permanent ? error.message : 'The analysis failed repeatedly; please try again later.'
        await this.#finish(analysis, 'failed', { error: reason.slice(0, 500) })
        if (permanent) throw new UnrecoverableError(reason)
      }
      throw error
    }
  }

  async #run(analysis: Analysis, job?: Job): Promise<void> {
    const { consent, uploads } = await this.#services()
    // Independent reads at once: each round trip counts in a job of a few milliseconds.
    const [upload, member] = await Promise.all([
      Upload.find(analysis.uploadId),
      analysis.memberId ? Member.find(analysis.memberId) : null,
    ])
    if (!upload || upload.status !== 'stored') {
      await this.#finish(analysis, 'purged', { error: 'The image was deleted before it could be analysed.' })
      return
    }
    if (!member) throw new PermanentFailure('The member no longer exists.')
    // Asked again at the start, before any byte of the image is read: consent may have been
    // withdrawn, or processing restricted, meanwhile.
    const [refusal, consented] = await Promise.all([
      this.#guard.reason(member),
      consent.assertAllowed(member, 'image_analysis').then(
        () => true,
        (error: unknown) => {
          if (error instanceof ProblemError) return false
          throw error
        }
      ),
    ])
    if (refusal) throw new PermanentFailure(`Not analysed: ${refusal}.`)
    if (!consented) throw new PermanentFailure('Not analysed: the consent to image analysis is not given.')
    if ((upload.size ?? 0) > MAX_ANALYSIS_BYTES) {
      throw new PermanentFailure(`Images over ${MAX_ANALYSIS_BYTES / 1024 / 1024} MB are not analysed.`)
    }
    const manifest = await this.#manifest(analysis)

    const t0 = performance.now()
    await this.#stage(analysis, 'preprocessing', job)
    const chunks: Buffer[] = []
    for await (const chunk of await uploads.open(upload)) chunks.push(chunk as Buffer)
    const image = await decodeImage(Buffer.concat(chunks))
    const shape = manifest.input.shape
    const input = toModelInput(image, manifest.preprocessing, shape)

    const t1 = performance.now()
    await this.#stage(analysis, 'running', job)
    const feeds = { [manifest.input.name]: new ort.Tensor('float32', input.tensor, [...shape]) }
    const output = await sessionCache().run(analysis.modelSha256, feeds, [manifest.output.name])
    const tensor = output[manifest.output.name]
    if (!tensor || tensor.type !== 'float32') throw new PermanentFailure('The model gave no float32 output.')

    const t2 = performance.now()
    await this.#stage(analysis, 'postprocessing', job)
    const result = postprocess(
      manifest,
      tensor.data as Float32Array,
      tensor.dims,
      input.sourceWidth,
      input.sourceHeight
    )
    const resultKey = `analyses/${analysis.tenantId}/${analysis.publicId}.png`
    await uploads.storeDerived(upload, resultKey, result.mask)
    const summary: AnalysisSummary = {
      ...result.summary,
      timings: { preprocess: ms(t1 - t0), run: ms(t2 - t1), postprocess: ms(performance.now() - t2) },
    }
    await this.#finish(analysis, 'done', { summary, resultKey })
    // The upload may have been purged while this ran: then the result goes too.
    await upload.refresh()
    if (upload.status !== 'stored') await purgeAnalysesOf(upload)
  }

  async #manifest(analysis: Analysis): Promise<ModelManifest> {
    if (analysis.modelSha256 === defaultModelSha256()) return DEFAULT_MODEL_MANIFEST
    const model = await Model.query().where('sha256', analysis.modelSha256).first()
    if (!model) throw new PermanentFailure('The model of this analysis was removed from the registry.')
    return model.manifest
  }

  /**
   * A new stage. Stages are not written to the database (a commit each would double a job's
   * latency): they live in the job's progress, which `live` reads for pollers, and go out at once
   * to event streams. The row changes once, when the analysis is finished.
   */
  async #stage(analysis: Analysis, status: AnalysisStatus, job?: Job) {
    if (status === 'preprocessing') analysis.startedAt = DateTime.fromJSDate(clock.now())
    await job?.updateProgress({ status })
    await publishProgress(analysis.publicId, { ...presentAnalysis(analysis), status })
  }

  /** The analysis as the member sees it now: an unfinished one shows its job's current stage. */
  async live(analysis: Analysis) {
    const presented = presentAnalysis(analysis)
    if (FINISHED.includes(analysis.status)) return presented
    const job = await queue('inference').getJob(jobIdOf(analysis))
    const stage = (job?.progress as { status?: AnalysisStatus } | undefined)?.status
    return stage ? { ...presented, status: stage } : presented
  }

  async #finish(
    analysis: Analysis,
    status: 'done' | 'failed' | 'purged',
    fields: { error?: string; summary?: AnalysisSummary; resultKey?: string }
  ) {
    analysis.merge({
      status,
      error: fields.error ?? null,
      summary: fields.summary ?? null,
      resultKey: fields.resultKey ?? null,
      finishedAt: DateTime.fromJSDate(clock.now()),
    })
    await analysis.save()
    await publishProgress(analysis.publicId, presentAnalysis(analysis))
  }
}

function jobIdOf(analysis: Analysis, attempt = analysis.attempts): string {
  return `analysis-${analysis.publicId}-${attempt}`
}

function ms(value: number): number {
  return Math.round(value * 10) / 10
}

/**
 * From the model's output to what is kept: a mask PNG at the image's size and a summary.
 * Segmentation: one channel thresholded, or the most likely class per pixel for several channels;
 * scores are each label's share of the image. Classification: the scores as given. Heatmap: the
 * first channel above 0.5 as the mask, the maximum per channel as scores.
 */
export function postprocess(
  manifest: ModelManifest,
  data: Float32Array,
  dims: readonly number[],
  width: number,
  height: number
): { mask: Uint8Array; summary: Omit<AnalysisSummary, 'timings'> } {
  const { kind, labels } = manifest.output
  if (kind === 'classification') {
    if (data.length !== labels.length)
      throw new PermanentFailure(`The model gave ${data.length} scores for ${labels.length} labels.`)
    const mask = encodeMaskPng(new Uint8Array(width * height), width, height)
    return { mask, summary: { kind, labels, scores: [...data].map(round), width, height } }
  }
  if (dims.length !== 4)
    throw new PermanentFailure(`The model output has shape [${dims.join(', ')}], not [1, C, H, W].`)
  const [, channels, outH, outW] = dims as [number, number, number, number]
  const plane = outH * outW
  let classMap: Float32Array
  const scores: number[] = []
  if (kind === 'segmentation' && channels > 1) {
    classMap = new Float32Array(plane)
    const counts = new Array<number>(channels).fill(0)
    for (let k = 0; k < plane; k++) {
      let best = 0
      for (let c = 1; c < channels; c++) if (data[c * plane + k]! > data[best * plane + k]!) best = c
      classMap[k] = best === 0 ? 0 : 1
      counts[best]!++
    }
    scores.push(...counts.map((n) => round(n / plane)))
  } else {
    classMap = data.subarray(0, plane)
    const threshold = kind === 'segmentation' ? (manifest.output.threshold ?? 0.5) : 0.5
    if (kind === 'heatmap') {
      for (let c = 0; c < channels; c++) {
        let max = -Infinity
        for (let k = 0; k < plane; k++) max = Math.max(max, data[c * plane + k]!)
        scores.push(round(max))
      }
    } else {
      let on = 0
      for (let k = 0; k < plane; k++) if (classMap[k]! > threshold) on++
      scores.push(round(1 - on / plane), round(on / plane))
    }
    const mask = maskToSource(classMap, outW, outH, width, height, threshold)
    return { mask: encodeMaskPng(mask, width, height), summary: { kind, labels, scores, width, height } }
  }
  const mask = maskToSource(classMap, outW, outH, width, height, 0.5)
  return { mask: encodeMaskPng(mask, width, height), summary: { kind, labels, scores, width, height } }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6
}

/**
 * Called when an upload is stored: the analysis starts on its own where the member allows it;
 * where not (no consent, restricted), nothing runs. Never fails the upload.
 */
export async function requestAnalysisAfterUpload(upload: Upload, member: Member): Promise<Analysis | null> {
  try {
    return await new AnalysisService().request(upload, member)
  } catch (error) {
    if (error instanceof ProblemError) return null
    logger.warn({ upload: upload.publicId, error: (error as Error).message }, 'analysis not queued')
    return null
  }
}

/** Purges an upload's analyses: result objects deleted, queued jobs removed, rows marked purged. */
export async function purgeAnalysesOf(upload: Upload): Promise<void> {
  const analyses = await Analysis.query().where('upload_id', upload.id)
  for (const analysis of analyses) {
    if (analysis.resultKey)
      await drive
        .use()
        .delete(analysis.resultKey)
        .catch(() => {})
    for (let n = 1; n <= analysis.attempts; n++) {
      const job = await queue('inference').getJob(jobIdOf(analysis, n))
      // An active job is locked by its worker; that worker sees the upload gone and cleans up.
      await job?.remove().catch(() => {})
    }
  }
  if (analyses.length) {
    await db
      .from('analyses')
      .whereIn(
        'id',
        analyses.map((a) => a.id)
      )
      .update({ status: 'purged', result_key: null, summary: null })
  }
}
