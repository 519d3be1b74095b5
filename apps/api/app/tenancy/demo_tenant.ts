import app from '@adonisjs/core/services/app'
import widgetsConfig from '#config/widgets'
import Tenant from '#tenancy/tenant'
import ApiKey from '#tenancy/api_key'
import TenantService from '#tenancy/tenant_service'
import { asSystem, withTenant } from '#tenancy/tenant_context'
import PolicyService from '#policies/policy_service'
import CookieInventoryEntry from '#consent/cookie_inventory_entry'
import clock from '#shared/clock'
import { sha256Hex } from '#shared/crypto'

const DEMO_NAME = 'Hanbit Imaging (demo)'

/** What the demo site sets, per category: shown in the cookie settings dialog. */
const DEMO_COOKIES = [
  {
    categoryKey: 'necessary',
    name: 'tessera:consent (local storage)',
    provider: 'Hanbit Imaging',
    duration: '12 months',
    purpose: { en: 'Remembers your cookie choices.', ko: '쿠키 선택을 기억합니다.' },
  },
  {
    categoryKey: 'preferences',
    name: 'demo_lang',
    provider: 'Hanbit Imaging',
    duration: '1 year',
    purpose: { en: 'Remembers the language you chose.', ko: '선택한 언어를 기억합니다.' },
  },
  {
    categoryKey: 'analytics',
    name: 'demo_analytics',
    provider: 'Hanbit Imaging (self-hosted)',
    duration: '30 days',
    purpose: {
      en: 'Counts page visits without identifying you.',
      ko: '개인을 식별하지 않고 방문 수를 셉니다.',
    },
  },
  {
    categoryKey: 'marketing',
    name: 'demo_campaign',
    provider: 'Hanbit Imaging',
    duration: '90 days',
    purpose: {
      en: 'Remembers which campaign brought you here.',
      ko: '어떤 캠페인을 통해 방문했는지 기억합니다.',
    },
  },
]

/** The tenant `npm start` runs the demo site against: created once, found by its demo key after. */
export async function ensureDemoTenant() {
  const { publishableKey, origin } = widgetsConfig.demo
  const origins = [origin, origin.replace('localhost', '127.0.0.1')].filter(
    (o, i, all) => all.indexOf(o) === i
  )
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
      officer: {
        name: 'Seo-yeon Park',
        department: 'Privacy Office',
        email: 'privacy@hanbit-imaging.example',
      },
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
    await CookieInventoryEntry.createMany(
      DEMO_COOKIES.map((c, position) => ({ ...c, tenantId: created.tenant.id, position }))
    )
  })
  return { tenant: created.tenant.publicId, origins: created.tenant.allowedOrigins, created: true }
}
