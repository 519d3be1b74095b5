import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import Admin from '#tenancy/admin'
import { createAdminValidator } from '#tenancy/validators'
import AuditService from '#audit/audit_service'
import { publicId } from '#shared/crypto'
import { problems } from '#shared/problem'

function present(admin: Admin) {
  return {
    id: admin.publicId,
    email: admin.email,
    fullName: admin.fullName,
    role: admin.role,
    createdAt: admin.createdAt.toISO(),
  }
}

@inject()
export default class AdminsController {
  constructor(private audit: AuditService) {}

  async index() {
    const admins = await Admin.query().orderBy('id', 'asc')
    return { data: admins.map(present) }
  }

  async store({ tenant, request, response, caller }: HttpContext) {
    const input = await request.validateUsing(createAdminValidator)
    const email = input.email.toLowerCase()
    if (await Admin.findBy('email', email))
      throw problems.conflict('An admin with this e-mail already exists.')
    const admin = await Admin.create({ ...input, email, publicId: publicId('adm'), tenantId: tenant.id })
    await this.audit.record({
      tenantId: tenant.id,
      actor: { type: caller.type === 'admin' ? 'admin' : 'api_key', id: caller.id },
      action: 'admin.created',
      subject: { type: 'admin', id: admin.publicId },
      ip: request.ip(),
      metadata: { role: admin.role },
    })
    response.status(201)
    return present(admin)
  }
}
