import type { HttpContext } from '@adonisjs/core/http'
import { problems } from '#shared/problem'
import { withTenant } from '#tenancy/tenant_context'
import Upload from '#uploads/upload'
import UploadService from '#uploads/upload_service'
import Analysis, { FINISHED } from '#inference/analysis'
import AnalysisService, { presentAnalysis } from '#inference/analysis_service'
import { subscribeProgress } from '#inference/progress'
import app from '@adonisjs/core/services/app'

const HEARTBEAT_MS = 15_000

/** A member's analyses of their own images: ask for one, follow it, fetch its mask. */
export default class MemberAnalysesController {
  async store({ member, params, response }: HttpContext) {
    const upload = await Upload.query()
      .where('member_id', member.id)
      .where('public_id', String(params.id))
      .first()
    if (!upload) throw problems.notFound('upload')
    const analysis = await new AnalysisService().request(upload, member)
    response.status(202)
    return presentAnalysis(analysis)
  }

  async show({ member, params, response }: HttpContext) {
    response.header('cache-control', 'no-store')
    return new AnalysisService().live(await find(member.id, params.id))
  }

  /**
   * Server-sent events: the analysis now, then each change until it is finished. The widget reads
   * this with fetch (so the key and token travel in headers) and polls `show` when it cannot.
   */
  async events({ member, tenant, params, response }: HttpContext) {
    const analysis = await find(member.id, params.id)
    const raw = response.response
    raw.writeHead(200, {
      ...(response.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    })
    const send = (payload: { status: string }) => {
      raw.write(`event: analysis\ndata: ${JSON.stringify(payload)}\n\n`)
      return FINISHED.includes(payload.status as never)
    }
    await new Promise<void>((resolve) => {
      let stop: (() => Promise<void>) | undefined
      let heartbeat: ReturnType<typeof setInterval> | undefined
      const end = () => {
        clearInterval(heartbeat)
        void stop?.()
        if (!raw.writableEnded) raw.end()
        resolve()
      }
      raw.on('close', end)
      void (async () => {
        // Subscribe first, then read the row: a change between the two is not lost.
        stop = await subscribeProgress(analysis.publicId, (payload) => {
          if (send(payload as { status: string })) end()
        })
        const now = await withTenant(tenant.id, async () =>
          new AnalysisService().live(await Analysis.findOrFail(analysis.id))
        )
        if (send(now)) return end()
        heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS)
      })().catch(end)
    })
  }

  /** The result mask (PNG, white where the model found the structure), decrypted, never cached. */
  async mask({ member, params, response }: HttpContext) {
    const analysis = await find(member.id, params.id)
    if (analysis.status !== 'done' || !analysis.resultKey) throw problems.notFound('analysis result')
    const upload = await Upload.findOrFail(analysis.uploadId)
    const uploads = await app.container.make(UploadService)
    const stream = await uploads.openDerived(upload, analysis.resultKey)
    response.header('content-type', 'image/png')
    response.header('cache-control', 'no-store')
    response.stream(stream)
  }
}

async function find(memberId: number, id: unknown): Promise<Analysis> {
  const analysis = await Analysis.query().where('member_id', memberId).where('public_id', String(id)).first()
  if (!analysis) throw problems.notFound('analysis')
  return analysis
}
