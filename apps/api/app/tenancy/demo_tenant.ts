import app from '@adonisjs/core/services/app'
import widgetsConfig from '#config/widgets'
import Tenant from '#tenancy/tenant'
import ApiKey from '#tenancy/api_key'
import TenantService from '#tenancy/tenant_service'
import { asSystem, withTenant } from '#tenancy/tenant_context'
import PolicyService from '#policies/policy_service'
import clock from '#shared/clock'
import { sha256Hex } from '#shared/crypto'

const DEMO_NAME = 'Hanbit Imaging (demo)'

/** The tenant `npm start` runs the demo site against: created once, found by its demo key after. */
export async function ensureDemoTenant() {
  const { publishableKey, origin } = widgetsConfig.demo
  const origins = [origin, origin.replace('localhost', '127.0.0.1')].filter((o, i, all) => all.indexOf(o) === i)
  const existing = await asSystem('find the demo tenant by its key', async () => {
    const key = await ApiKey.query().where('key_hash', sha256Hex(publishableKey)).first()
    return key ? Tenant.find(key.tenantId) : null
  })
  if (existing) {
    if (origins.some((o) => !existing.allowedOrigins.includes(o))) {
      existing.allowedOrigins = [...new Set([...existing.allowedOrigins, ...origins])]
      await existing.save()
    }
    return { tenant: existing.publicId, origins: existing.allowedOrigins, created: false }
  }
  const service = await app.container.make(TenantService)
  const created = await service.create(
    {
      name: DEMO_NAME,
      legalName: 'Hanbit Imaging Co., Ltd.',
      country: 'KR',
      website: origin,
      defaultLocale: 'en',
      locales: ['en', 'ko'],
      allowedOrigins: origins,
      officer: { name: 'Seo-yeon Park', department: 'Privacy Office', email: 'privacy@hanbit-imaging.example' },
      branding: { primaryColor: '#0f766e', accentColor: '#b45309', radius: '10px' },
    },
    { email: 'owner@hanbit-imaging.example', fullName: 'Demo Owner', password: 'demo-owner-password' },
    { publishableKey }
  )
  // The demo starts with the default policy in effect (a tenant's first version may start at once).
  await withTenant(created.tenant.id, async () => {
    const policies = await app.container.make(PolicyService)
    const draft = await policies.createDraft(created.tenant, 'default', 'v1')
    await policies.publish(created.tenant, draft, clock.now().toISOString())
  })
  return { tenant: created.tenant.publicId, origins: created.tenant.allowedOrigins, created: true }
}
