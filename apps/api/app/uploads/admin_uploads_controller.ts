import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import AuditService from '#audit/audit_service'
import { exportReason } from '#audit/export_reason'
import { problems } from '#shared/problem'
import Upload from '#uploads/upload'
import UploadService from '#uploads/upload_service'

/** Staff access to a member's image: only with a stated reason, always in the audit log. */
@inject()
export default class AdminUploadsController {
  constructor(
    private uploads: UploadService,
    private audit: AuditService
  ) {}

  async content({ tenant, params, request, response, caller }: HttpContext) {
    const reason = exportReason(request)
    const upload = await Upload.findBy('public_id', String(params.id))
    if (!upload) throw problems.notFound('upload')
    const stream = await this.uploads.open(upload)
    await this.audit.record({
      tenantId: tenant.id,
      actor: { type: caller.type === 'admin' ? 'admin' : 'api_key', id: caller.id },
      action: 'upload.viewed',
      subject: { type: 'upload', id: upload.publicId },
      ip: request.ip(),
      reason,
    })
    response.header('content-type', upload.contentType)
    response.header('cache-control', 'no-store')
    response.stream(stream)
  }
}
