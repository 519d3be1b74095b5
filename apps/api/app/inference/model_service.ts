import { DateTime } from 'luxon'
import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import clock from '#shared/clock'
import { publicId } from '#shared/crypto'
import { ProblemError, problems } from '#shared/problem'
import type Tenant from '#tenancy/tenant'
import Model from '#inference/model'
import type { ModelManifest } from '#inference/manifest'
import { validateModel } from '#inference/model_validation'
import { DEFAULT_MODEL_MANIFEST, defaultModelBytes, defaultModelSha256 } from '#inference/default_model'

/** The model an analysis runs: a tenant's active one, or the platform default. */
export type ResolvedModel = {
  sha256: string
  name: string
  version: string
  manifest: ModelManifest
  /** A registry row's public id; null for the platform default. */
  id: string | null
}

export function platformDefault(): ResolvedModel {
  return {
    sha256: defaultModelSha256(),
    name: DEFAULT_MODEL_MANIFEST.name,
    version: DEFAULT_MODEL_MANIFEST.version,
    manifest: DEFAULT_MODEL_MANIFEST,
    id: null,
  }
}

/**
 * The tenant's model registry. A model is validated before it is stored (loaded by onnxruntime,
 * checked against its manifest, dry-run); at most one is active per tenant, and without one the
 * platform default runs. Model files are not personal data and are stored as they are.
 */
export default class ModelService {
  async register(tenant: Tenant, bytes: Uint8Array, manifestInput: unknown): Promise<Model> {
    const validated = await validateModel(bytes, manifestInput)
    const { manifest } = validated
    const existing = await Model.query()
      .where('name', manifest.name)
      .where('version', manifest.version)
      .first()
    if (existing) {
      throw new ProblemError(
        409,
        'model-exists',
        'Model already registered',
        `${manifest.name} ${manifest.version} is already in the registry; give the new file another version.`,
        [
          {
            field: 'manifest.version',
            message: 'This name and version are already registered',
            rule: 'unique',
          },
        ]
      )
    }
    const id = publicId('mdl')
    const storageKey = `models/${tenant.publicId}/${id}.onnx`
    await drive.use().put(storageKey, Buffer.from(bytes), { contentType: 'application/octet-stream' })
    try {
      return await Model.create({
        publicId: id,
        name: manifest.name,
        version: manifest.version,
        manifest,
        sha256: validated.sha256,
        size: validated.sizeBytes,
        storageKey,
        active: false,
        createdAt: DateTime.fromJSDate(clock.now()),
        activatedAt: null,
      })
    } catch (error) {
      await drive
        .use()
        .delete(storageKey)
        .catch(() => {})
      throw error
    }
  }

  async find(id: string): Promise<Model> {
    const model = await Model.query().where('public_id', id).first()
    if (!model) throw problems.notFound('model')
    return model
  }

  /** Makes this the tenant's model; any other active one is deactivated in the same transaction. */
  async activate(model: Model): Promise<Model> {
    await db.transaction(async (trx) => {
      await Model.query({ client: trx })
        .where('active', true)
        .whereNot('id', model.id)
        .update({ active: false })
      model.useTransaction(trx)
      model.merge({ active: true, activatedAt: DateTime.fromJSDate(clock.now()) })
      await model.save()
    })
    return model
  }

  async deactivate(model: Model): Promise<Model> {
    model.active = false
    await model.save()
    return model
  }

  /** What new analyses of this tenant run. */
  async resolve(): Promise<ResolvedModel> {
    const active = await Model.query().where('active', true).first()
    if (!active) return platformDefault()
    return {
      sha256: active.sha256,
      name: active.name,
      version: active.version,
      manifest: active.manifest,
      id: active.publicId,
    }
  }

  /** The ONNX bytes for a sha256 the tenant runs (the default model is built in memory). */
  async bytes(sha256: string): Promise<Uint8Array> {
    if (sha256 === defaultModelSha256()) return defaultModelBytes()
    const model = await Model.query().where('sha256', sha256).first()
    if (!model) throw new Error(`No model with sha256 ${sha256} in this tenant`)
    return new Uint8Array(await drive.use().getBytes(model.storageKey))
  }
}

export function presentModel(model: Model) {
  return {
    id: model.publicId,
    name: model.name,
    version: model.version,
    sha256: model.sha256,
    size: model.size,
    active: model.active,
    manifest: model.manifest,
    createdAt: model.createdAt.toUTC().toISO(),
    activatedAt: model.activatedAt?.toUTC().toISO() ?? null,
  }
}
