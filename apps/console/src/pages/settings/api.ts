// The Settings page's calls: the tenant document with its ETag (every change is sent with If-Match so two
// admins cannot overwrite each other), the logo, and the API keys.
import type { ConsoleApi } from '../../api.js'

export type Locale = 'en' | 'ko'
export const SUPPORTED_LOCALES: readonly Locale[] = ['en', 'ko']

export interface Branding {
  primaryColor: string
  accentColor: string
  textColor: string
  backgroundColor: string
  fontFamily: string
  radius: string
  logoKey: string | null
}

export type QuietHours = { start: string; end: string; timezone: string } | null

/** `settings` of GET /v1/admin/tenant (apps/api/app/tenancy/tenant.ts). */
export interface TenantSettingsBlock {
  imageRetentionHours: number
  dormancyEnabled: boolean
  dormancyDays: number
  dormancyNoticeDays: number
  dormantDestroyYears: number
  usageRecordDays: number
  privacyRequestDeadlineDays: number
  minorNoticeDays: number
  significantNoticeDays: number
  notifyMinorChangesByEmail: boolean
  quietHours: QuietHours
  newsletterRatePerSecond: number
  cookieRegimeDefault: 'opt_in' | 'opt_out'
  cookieConsentMonths: number
  timeZone: string
  burnedInAnnotation: 'reject' | 'warn'
  uploadTypes: Array<'dicom' | 'png' | 'jpeg'>
  uploadMaxMegabytes: number
  uploadMaxFiles: number
}

/** GET /v1/admin/tenant, all of it. */
export interface TenantDocument {
  id: string
  name: string
  legalName: string
  country: string
  website: string | null
  defaultLocale: Locale
  locales: Locale[]
  allowedOrigins: string[]
  officer: { name: string; department: string; email: string }
  branding: Branding
  settings: TenantSettingsBlock
  createdAt?: string
  updatedAt?: string
}

/** What PATCH /v1/admin/tenant takes: any part; nested objects merge into the current ones. */
export type TenantPatch = Partial<{
  name: string
  legalName: string
  country: string
  website: string | null
  defaultLocale: Locale
  locales: Locale[]
  allowedOrigins: string[]
  officer: Partial<TenantDocument['officer']>
  branding: Partial<Omit<Branding, 'logoKey'>>
  settings: Partial<TenantSettingsBlock>
}>

/** A tenant state and the ETag naming it. */
export interface Tagged {
  tenant: TenantDocument
  etag: string | null
}

/**
 * The numeric limits of the API's validator (apps/api/app/tenancy/validators.ts). `cap` marks a limit the
 * platform sets for every tenant (not a matter of taste): the hint says so.
 */
export const SETTING_LIMITS = {
  imageRetentionHours: { min: 1, max: 24, cap: true },
  usageRecordDays: { min: 30, max: 3650, cap: false },
  privacyRequestDeadlineDays: { min: 1, max: 30, cap: true },
  minorNoticeDays: { min: 7, max: 90, cap: false },
  significantNoticeDays: { min: 30, max: 180, cap: false },
  cookieConsentMonths: { min: 1, max: 24, cap: true },
  dormancyDays: { min: 30, max: 3650, cap: false },
  dormancyNoticeDays: { min: 1, max: 90, cap: false },
  dormantDestroyYears: { min: 1, max: 10, cap: false },
  newsletterRatePerSecond: { min: 1, max: 1000, cap: true },
  uploadMaxMegabytes: { min: 1, max: 2048, cap: true },
  uploadMaxFiles: { min: 1, max: 500, cap: true },
} as const satisfies Partial<Record<keyof TenantSettingsBlock, { min: number; max: number; cap: boolean }>>

export type NumericSetting = keyof typeof SETTING_LIMITS

export const MAX_ORIGINS = 20
export const MAX_LOGO_BYTES = 512 * 1024
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const

/**
 * The API's origin rule: http(s), host, optional port and nothing else (no path, no trailing slash), as
 * `new URL(value).origin` writes it.
 */
export function isOrigin(value: string): boolean {
  try {
    const url = new URL(value)
    return ['http:', 'https:'].includes(url.protocol) && url.origin === value
  } catch {
    return false
  }
}

export const HEX_COLOR = /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/
export const FONT_FAMILY = /^[\p{L}\p{N} ,'"-]+$/u
export const RADIUS = /^\d{1,2}(px|rem|em)$/
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/

/** Whether the browser knows the IANA time zone (the API checks the same way). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return value.length > 0 && value.length <= 64
  } catch {
    return false
  }
}

export interface ApiKey {
  id: string
  kind: 'publishable' | 'secret'
  prefix: string
  label: string
  /** Active publishable keys only (they are public); never a secret key. */
  publishableKey: string | null
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

/** POST /v1/admin/keys: the key itself is in this answer only. */
export interface IssuedKey extends ApiKey {
  key: string
}

const tagged = (answer: { data: TenantDocument; headers: Headers }): Tagged => ({
  tenant: answer.data,
  etag: answer.headers.get('etag'),
})

export const settingsApi = {
  async tenant(api: ConsoleApi): Promise<Tagged> {
    return tagged(await api.exchange<TenantDocument>('GET', '/v1/admin/tenant'))
  },
  /** PATCH with If-Match: a 412 `ConsoleApiError` when someone else saved since `etag`. */
  async update(api: ConsoleApi, changes: TenantPatch, etag: string | null): Promise<Tagged> {
    return tagged(
      await api.exchange<TenantDocument>(
        'PATCH',
        '/v1/admin/tenant',
        changes,
        etag ? { 'if-match': etag } : {}
      )
    )
  },
  /** PUT /v1/admin/tenant/logo (the image as the body); answers the settings' new ETag. */
  async uploadLogo(api: ConsoleApi, image: Blob, etag: string | null) {
    const answer = await api.exchange<{ logoUrl: string; bytes: number; contentType: string }>(
      'PUT',
      '/v1/admin/tenant/logo',
      image,
      etag ? { 'if-match': etag } : {}
    )
    return { ...answer.data, etag: answer.headers.get('etag') }
  },
  keys(api: ConsoleApi) {
    return api.request<{ data: ApiKey[] }>('GET', '/v1/admin/keys')
  },
  createKey(api: ConsoleApi, kind: ApiKey['kind'], label: string) {
    return api.request<IssuedKey>('POST', '/v1/admin/keys', { kind, label })
  },
  revokeKey(api: ConsoleApi, id: string) {
    return api.request<ApiKey>('DELETE', `/v1/admin/keys/${encodeURIComponent(id)}`)
  },
}
