import type { HttpContext } from '@adonisjs/core/http'
import { tenantLogoUrl } from '#mail/tenant_mailer'
import { uploadLimits } from '#uploads/upload_service'

/** Features the widgets can show; later capabilities switch theirs on as they land. */
export const WIDGET_FEATURES = {
  consent: true,
  cookieBanner: true,
  policy: true,
  privacyCenter: true,
  privacyContact: true,
  upload: true,
  viewer: false,
} as const

export default class WidgetConfigController {
  /** What every widget needs to render in the tenant's name and colours. No personal data. */
  async show({ tenant, response }: HttpContext) {
    const { logoKey: _logoKey, ...branding } = tenant.branding
    response.header('cache-control', 'private, max-age=60')
    return {
      tenant: {
        id: tenant.publicId,
        name: tenant.name,
        legalName: tenant.legalName,
        country: tenant.country,
        website: tenant.website,
      },
      locales: { default: tenant.defaultLocale, supported: tenant.locales },
      branding: { ...branding, logoUrl: tenantLogoUrl(tenant) },
      officer: { name: tenant.officerName, department: tenant.officerDepartment, email: tenant.officerEmail },
      features: WIDGET_FEATURES,
      uploads: uploadLimits(tenant),
      apiVersion: 'v1',
    }
  }
}
