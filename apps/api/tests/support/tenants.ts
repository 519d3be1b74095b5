import app from '@adonisjs/core/services/app'
import TenantService, { type CreateTenantInput } from '#tenancy/tenant_service'

let counter = 0

/** Creates a tenant through the real service (owner admin + pk + sk), with overridable fields. */
export async function makeTenant(
  overrides: Partial<CreateTenantInput> = {},
  password = 'correct horse battery staple'
) {
  counter++
  const service = await app.container.make(TenantService)
  const created = await service.create(
    {
      name: `Clinic ${counter}`,
      legalName: `Clinic ${counter} Co., Ltd.`,
      country: 'KR',
      defaultLocale: 'en',
      locales: ['en', 'ko'],
      allowedOrigins: [`https://clinic${counter}.example`],
      officer: {
        name: `Officer ${counter}`,
        department: 'Privacy Office',
        email: `privacy${counter}@clinic.example`,
      },
      ...overrides,
    },
    { email: `owner${counter}@clinic.example`, fullName: `Owner ${counter}`, password }
  )
  return { ...created, origin: created.tenant.allowedOrigins[0] ?? `https://clinic${counter}.example` }
}
