import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { problems } from '#shared/problem'

/** Routes that take a non-JSON body, with the media types they accept. */
const RAW_BODY_ROUTES = new Map<string, string[]>([
  ['admin.branding.logo', ['image/png', 'image/jpeg', 'image/webp']],
  // Beacons post JSON as text/plain (no preflight); the controller parses it.
  ['widget.cookies.receipts', ['text/plain', 'json', 'application/*+json']],
  // Images, streamed to encrypted storage; the service checks the type against the first bytes.
  ['widget.uploads.store', ['application/dicom', 'image/png', 'image/jpeg']],
  // An ONNX model and its manifest.
  ['admin.models.store', ['multipart/form-data']],
  // tus: chunks of the file, resumable.
  ['widget.tus.upload', ['application/offset+octet-stream']],
  // Newsletter links: RFC 8058 one-click POSTs and the confirmation page's form.
  ['newsletter.unsubscribe', ['application/x-www-form-urlencoded', 'multipart/form-data']],
  ['newsletter.confirm', ['application/x-www-form-urlencoded', 'multipart/form-data']],
])

/**
 * A request body must be JSON, except on the few routes that take files. Runs before the body
 * parser, so a wrong media type is refused without reading the body.
 */
export default class RequireJsonMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const { request } = ctx
    const hasBody =
      Number(request.header('content-length') ?? 0) > 0 || request.header('transfer-encoding') !== undefined
    if (hasBody && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method())) {
      const accepted = RAW_BODY_ROUTES.get(ctx.route?.name ?? '') ?? ['json', 'application/*+json']
      if (!request.is(accepted))
        throw problems.unsupportedMediaType(accepted.join(' or ').replace('json', 'application/json'))
    }
    return next()
  }
}
