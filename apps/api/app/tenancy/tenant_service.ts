import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import { publicId, randomBase62 } from '#shared/crypto'
import { problems } from '#shared/problem'
import Tenant, {
  DEFAULT_BRANDING,
  DEFAULT_SETTINGS,
  type Branding,
  type TenantSettings,
  type TenantRole,
} from '#tenancy/tenant'
import Admin from '#tenancy/admin'
import ApiKeyService from '#tenancy/api_key_service'
import { withTenant } from '#tenancy/tenant_context'
import { entityTag } from '#shared/preconditions'
import type { Infer } from '@vinejs/vine/types'
import type { createTenantValidator, updateTenantValidator } from '#tenancy/validators'

export type CreateTenantInput = Infer<typeof createTenantValidator>
export type UpdateTenantInput = Infer<typeof updateTenantValidator>

export type CreatedTenant = {
  tenant: Tenant
  owner: { email: string; password: string }
  publishableKey: string
  secretKey: string
}

@inject()
export default class TenantService {
  constructor(private keys: ApiKeyService) {}

  /**
   * Creates a tenant with an owner admin and one publishable and one secret key, in one transaction:
   * either all of it exists afterwards or none of it. Secrets are returned once and never stored.
   */
  async create(
    input: CreateTenantInput,
    owner: { email: string; fullName: string; password?: string },
    options: { publishableKey?: string } = {}
  ): Promise<CreatedTenant> {
    assertLocales(input.defaultLocale, input.locales)
    const password = owner.password ?? randomBase62(20)

    return db.transaction(async (trx) => {
      const tenant = new Tenant().useTransaction(trx)
      tenant.merge({
        publicId: publicId('tn'),
        name: input.name,
        legalName: input.legalName,
        country: input.country,
        website: input.website ?? null,
        defaultLocale: input.defaultLocale,
        locales: input.locales,
        allowedOrigins: input.allowedOrigins,
        officerName: input.officer.name,
        officerDepartment: input.officer.department,
        officerEmail: input.officer.email,
        branding: { ...DEFAULT_BRANDING, ...input.branding },
        settings: { ...DEFAULT_SETTINGS, ...input.settings } as TenantSettings,
      })
      await tenant.save()

      await withTenant(tenant.id, async () => {
        const admin = new Admin().useTransaction(trx)
        admin.merge({
          tenantId: tenant.id,
          publicId: publicId('adm'),
          email: owner.email.toLowerCase(),
          fullName: owner.fullName,
          password,
          role: 'owner' satisfies TenantRole,
        })
        await admin.save()
      })

      const pk = await this.keys.issue(
        tenant.id,
        'publishable',
        'Default publishable key',
        options.publishableKey,
        trx
      )
      const sk = await this.keys.issue(tenant.id, 'secret', 'Default secret key', undefined, trx)
      return {
        tenant,
        owner: { email: owner.email.toLowerCase(), password },
        publishableKey: pk.plaintext,
        secretKey: sk.plaintext,
      }
    })
  }

  /** Applies a partial update; nested branding/settings/officer objects merge into the current ones. */
  async update(tenant: Tenant, input: UpdateTenantInput): Promise<{ tenant: Tenant; changed: string[] }> {
    const locales = input.locales ?? tenant.locales
    const defaultLocale = input.defaultLocale ?? tenant.defaultLocale
    assertLocales(defaultLocale, locales)

    const changed: string[] = []
    const set = <K extends keyof Tenant>(key: K, value: Tenant[K] | undefined) => {
      if (value === undefined) return
      if (JSON.stringify(tenant[key]) !== JSON.stringify(value)) changed.push(String(key))
      tenant[key] = value
    }
    set('name', input.name)
    set('legalName', input.legalName)
    set('country', input.country)
    set('website', input.website)
    set('defaultLocale', defaultLocale)
    set('locales', locales)
    set('allowedOrigins', input.allowedOrigins)
    set('officerName', input.officer?.name)
    set('officerDepartment', input.officer?.department)
    set('officerEmail', input.officer?.email)
    if (input.branding) set('branding', { ...tenant.branding, ...input.branding } as Branding)
    if (input.settings) set('settings', { ...tenant.settings, ...input.settings } as TenantSettings)
    await tenant.save()
    return { tenant, changed }
  }

  /**
   * The ETag of the tenant's settings: a digest of what the admin API shows but the timestamps (so any
   * change of any field, the logo included, gives a new tag, even twice within the same second; and
   * the in-memory and the stored timestamp, of different precision, cannot make two tags for one state).
   */
  entityTag(tenant: Tenant): string {
    const { createdAt: _created, updatedAt: _updated, ...state } = this.toAdminJson(tenant)
    return entityTag(tenant.publicId, JSON.stringify(state))
  }

  /** What the admin API shows of a tenant. */
  toAdminJson(tenant: Tenant) {
    return {
      id: tenant.publicId,
      name: tenant.name,
      legalName: tenant.legalName,
      country: tenant.country,
      website: tenant.website,
      defaultLocale: tenant.defaultLocale,
      locales: tenant.locales,
      allowedOrigins: tenant.allowedOrigins,
      officer: { name: tenant.officerName, department: tenant.officerDepartment, email: tenant.officerEmail },
      branding: tenant.branding,
      settings: tenant.settings,
      createdAt: tenant.createdAt.toISO(),
      updatedAt: tenant.updatedAt.toISO(),
    }
  }
}

function assertLocales(defaultLocale: string, locales: string[]) {
  if (!locales.includes(defaultLocale)) {
    throw problems.invalid([
      {
        field: 'defaultLocale',
        message: 'The default locale must be one of the tenant locales',
        rule: 'localeListed',
      },
    ])
  }
}
