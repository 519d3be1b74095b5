import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import { ProblemError, problems } from '#shared/problem'
import AuditService from '#audit/audit_service'
import Model from '#inference/model'
import ModelService, { platformDefault, presentModel } from '#inference/model_service'
import { MAX_MODEL_BYTES } from '#inference/model_validation'

/** The tenant's model registry: upload (validated), list, activate, deactivate. */
@inject()
export default class AdminModelsController {
  constructor(
    private models: ModelService,
    private audit: AuditService
  ) {}

  async index() {
    const rows = await Model.query().orderBy('id', 'desc')
    const active = rows.find((m) => m.active)
    const fallback = platformDefault()
    return {
      data: rows.map(presentModel),
      platformDefault: {
        name: fallback.name,
        version: fallback.version,
        sha256: fallback.sha256,
        manifest: fallback.manifest,
      },
      inUse: active
        ? { id: active.publicId, name: active.name, version: active.version }
        : { id: null, name: fallback.name, version: fallback.version },
    }
  }

  /** multipart/form-data: `model` (the .onnx file) and `manifest` (JSON text). */
  async store({ tenant, request, response, caller }: HttpContext) {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    request.multipart.onFile('model', {}, async (part) => {
      for await (const chunk of part) {
        size += (chunk as Buffer).length
        if (size > MAX_MODEL_BYTES) tooLarge = true
        else chunks.push(chunk as Buffer)
      }
    })
    await request.multipart.process({ limit: MAX_MODEL_BYTES + 1024 * 1024 })
    if (tooLarge) {
      throw new ProblemError(
        413,
        'payload-too-large',
        'Payload too large',
        `A model may be at most ${MAX_MODEL_BYTES / 1024 / 1024} MB.`
      )
    }
    const fields = []
    if (!chunks.length)
      fields.push({ field: 'model', message: 'Attach the ONNX file as the "model" part', rule: 'required' })
    const manifestText = request.input('manifest')
    if (typeof manifestText !== 'string' || !manifestText.trim())
      fields.push({
        field: 'manifest',
        message: 'Send the manifest as JSON text in the "manifest" part',
        rule: 'required',
      })
    if (fields.length) throw problems.invalid(fields)
    let manifest: unknown
    try {
      manifest = JSON.parse(manifestText)
    } catch {
      throw problems.invalid([{ field: 'manifest', message: 'The manifest is not valid JSON', rule: 'json' }])
    }
    const model = await this.models.register(tenant, Buffer.concat(chunks), manifest)
    await this.audit.record({
      tenantId: tenant.id,
      actor: { type: caller.type === 'admin' ? 'admin' : 'api_key', id: caller.id },
      action: 'model.registered',
      ip: request.ip(),
      subject: { type: 'model', id: model.publicId },
      metadata: { name: model.name, version: model.version, sha256: model.sha256 },
    })
    response.status(201)
    return presentModel(model)
  }

  async activate(ctx: HttpContext) {
    return this.#toggle(ctx, true)
  }

  async deactivate(ctx: HttpContext) {
    return this.#toggle(ctx, false)
  }

  async #toggle({ tenant, params, request, caller }: HttpContext, active: boolean) {
    const model = await this.models.find(String(params.id))
    if (active) await this.models.activate(model)
    else await this.models.deactivate(model)
    await this.audit.record({
      tenantId: tenant.id,
      actor: { type: caller.type === 'admin' ? 'admin' : 'api_key', id: caller.id },
      action: active ? 'model.activated' : 'model.deactivated',
      ip: request.ip(),
      subject: { type: 'model', id: model.publicId },
    })
    return presentModel(model)
  }
}
