import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import clock from '#shared/clock'
import { problems } from '#shared/problem'
import UploadService from '#uploads/upload_service'
import Upload from '#uploads/upload'
import Analysis from '#inference/analysis'
import { presentAnalysis } from '#inference/analysis_service'

export function presentUpload(u: Upload, analysis?: Analysis | null) {
  return {
    id: u.publicId,
    contentType: u.contentType,
    size: u.size,
    status: u.status,
    uploadedAt: u.uploadedAt.toUTC().toISO(),
    expiresAt: u.expiresAt.toUTC().toISO(),
    secondsLeft: Math.max(0, Math.round((u.expiresAt.toMillis() - clock.now().getTime()) / 1000)),
    deidentification: u.deidReport ? JSON.parse(u.deidReport) : null,
    analysis: analysis ? presentAnalysis(analysis) : null,
  }
}

/** The latest analysis of each upload, by upload id. */
async function latestAnalyses(uploads: Upload[]): Promise<Map<number, Analysis>> {
  const rows = uploads.length
    ? await Analysis.query()
        .whereIn(
          'upload_id',
          uploads.map((u) => u.id)
        )
        .orderBy('id')
    : []
  return new Map(rows.map((a) => [a.uploadId, a]))
}

/** A member's own images: upload, list with the deletion countdown, view, delete early. */
@inject()
export default class MemberUploadsController {
  constructor(private uploads: UploadService) {}

  async store({ tenant, member, request, response }: HttpContext) {
    const type = (request.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
    const length = request.header('content-length')
    const upload = await this.uploads.store(
      tenant,
      member,
      request.request,
      type,
      length ? Number(length) : null
    )
    response.status(201)
    return presentUpload(upload, (await latestAnalyses([upload])).get(upload.id))
  }

  async index({ member }: HttpContext) {
    const rows = await Upload.query()
      .where('member_id', member.id)
      .whereNot('status', 'purged')
      .orderBy('id', 'desc')
    const analyses = await latestAnalyses(rows)
    return { data: rows.map((u) => presentUpload(u, analyses.get(u.id))) }
  }

  async content({ member, params, response }: HttpContext) {
    const upload = await this.find(member.id, params.id)
    const stream = await this.uploads.open(upload)
    response.header('content-type', upload.contentType)
    response.header('cache-control', 'no-store')
    response.header('content-disposition', 'inline')
    response.stream(stream)
  }

  async destroy({ member, params, response }: HttpContext) {
    await this.uploads.purge(await this.find(member.id, params.id))
    response.status(204)
  }

  private async find(memberId: number, id: unknown) {
    const upload = await Upload.query().where('member_id', memberId).where('public_id', String(id)).first()
    if (!upload) throw problems.notFound('upload')
    return upload
  }
}
