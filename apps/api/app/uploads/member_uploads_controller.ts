import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import clock from '#shared/clock'
import { problems } from '#shared/problem'
import UploadService from '#uploads/upload_service'
import Upload from '#uploads/upload'

export function presentUpload(u: Upload) {
  return {
    id: u.publicId,
    contentType: u.contentType,
    size: u.size,
    status: u.status,
    uploadedAt: u.uploadedAt.toUTC().toISO(),
    expiresAt: u.expiresAt.toUTC().toISO(),
    secondsLeft: Math.max(0, Math.round((u.expiresAt.toMillis() - clock.now().getTime()) / 1000)),
    deidentification: u.deidReport ? JSON.parse(u.deidReport) : null,
  }
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
    return presentUpload(upload)
  }

  async index({ member }: HttpContext) {
    const rows = await Upload.query()
      .where('member_id', member.id)
      .whereNot('status', 'purged')
      .orderBy('id', 'desc')
    return { data: rows.map(presentUpload) }
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
