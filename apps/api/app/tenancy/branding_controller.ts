import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import drive from '@adonisjs/drive/services/main'
import { ProblemError, problems } from '#shared/problem'
import { sha256Hex } from '#shared/crypto'
import Tenant from '#tenancy/tenant'
import { asSystem } from '#tenancy/tenant_context'
import AuditService from '#audit/audit_service'
import TenantService from '#tenancy/tenant_service'
import { assertIfMatch, sendEntityTag } from '#shared/preconditions'

const MAX_LOGO_BYTES = 512 * 1024

/** Magic numbers of the raster formats we accept. SVG is refused: it can carry script. */
const SIGNATURES: Array<{ type: string; ext: string; test: (b: Buffer) => boolean }> = [
  {
    type: 'image/png',
    ext: 'png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { type: 'image/jpeg', ext: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: 'image/webp',
    ext: 'webp',
    test: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
]

async function readBody(ctx: HttpContext, limit: number): Promise<Buffer> {
  const declared = Number(ctx.request.header('content-length') ?? 0)
  if (declared > limit) throw tooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of ctx.request.request) {
    size += (chunk as Buffer).length
    if (size > limit) throw tooLarge()
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

function tooLarge() {
  return new ProblemError(
    413,
    'payload-too-large',
    'Payload too large',
    `A logo may be at most ${MAX_LOGO_BYTES / 1024} KB.`
  )
}

@inject()
export default class BrandingController {
  constructor(
    private audit: AuditService,
    private tenants: TenantService
  ) {}

  /**
   * Stores the tenant's logo (PNG, JPEG or WebP, ≤ 512 KB) in object storage. The logo is part of the
   * tenant settings: `If-Match` is honoured and the new settings' ETag is answered.
   */
  async updateLogo(ctx: HttpContext) {
    const { tenant, request, response, caller } = ctx
    assertIfMatch(request, this.tenants.entityTag(tenant), 'tenant settings')
    const declaredType = (request.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
    if (!SIGNATURES.some((s) => s.type === declaredType))
      throw problems.unsupportedMediaType('image/png, image/jpeg or image/webp')
    const body = await readBody(ctx, MAX_LOGO_BYTES)
    const format = SIGNATURES.find((s) => s.test(body))
    if (!format || format.type !== declaredType) {
      throw problems.invalid([
        { field: 'body', message: `The body is not a ${declaredType} image`, rule: 'imageSignature' },
      ])
    }
    const key = `tenants/${tenant.publicId}/logo-${sha256Hex(body).slice(0, 16)}.${format.ext}`
    await drive.use().put(key, body, { contentType: format.type })
    const previous = tenant.branding.logoKey
    tenant.branding = { ...tenant.branding, logoKey: key }
    await tenant.save()
    if (previous && previous !== key) await drive.use().delete(previous)
    await this.audit.record({
      tenantId: tenant.id,
      actor: { type: caller.type === 'admin' ? 'admin' : 'api_key', id: caller.id },
      action: 'tenant.logo_updated',
      ip: request.ip(),
    })
    sendEntityTag(response, this.tenants.entityTag(tenant))
    return { logoUrl: `/v1/branding/${tenant.publicId}/logo`, bytes: body.length, contentType: format.type }
  }

  /** Public: the logo, for widgets and e-mails. */
  async showLogo({ params, response }: HttpContext) {
    const tenant = await asSystem('serve a public tenant logo', () =>
      Tenant.findBy('public_id', String(params.tenant))
    )
    const key = tenant?.branding.logoKey
    if (!key) throw problems.notFound('logo')
    const bytes = Buffer.from(await drive.use().getBytes(key))
    const type = SIGNATURES.find((s) => s.test(bytes))?.type ?? 'application/octet-stream'
    response.header('content-type', type)
    response.header('cache-control', 'public, max-age=300')
    response.header('cross-origin-resource-policy', 'cross-origin')
    response.header('access-control-allow-origin', '*')
    return response.send(bytes)
  }
}
