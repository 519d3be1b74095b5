import { DateTime } from 'luxon'
import { BaseModel, afterSave, column } from '@adonisjs/lucid/orm'
import { jsonColumn, jsonColumnWithDefaults } from '#shared/json_column'
import { encryptField } from '#members/personal_data'

export type TenantRole = 'owner' | 'admin' | 'privacy_officer' | 'analyst'

export type Branding = {
  primaryColor: string
  accentColor: string
  textColor: string
  backgroundColor: string
  fontFamily: string
  radius: string
  /** Drive key of the uploaded logo; served publicly under /v1/branding/:tenant/logo. */
  logoKey: string | null
}

export type UploadFormat = 'dicom' | 'png' | 'jpeg'

export type QuietHours = { start: string; end: string; timezone: string } | null

export type TenantSettings = {
  /** Images are deleted this many hours after upload. The policy promises at most 24. */
  imageRetentionHours: number
  /** Inactive members are told, then their personal data moves to a separate store (see app/lifecycle). */
  dormancyEnabled: boolean
  dormancyDays: number
  dormancyNoticeDays: number
  dormantDestroyYears: number
  /** Usage records (action, IP, time) are deleted this many days after they were made. */
  usageRecordDays: number
  /** Days to answer a privacy request (Korea: 10). EU residents get the earlier of this and one month. */
  privacyRequestDeadlineDays: number
  minorNoticeDays: number
  significantNoticeDays: number
  notifyMinorChangesByEmail: boolean
  /** No mail to members (newsletters) between start and end, in each member's time zone; null: off. */
  quietHours: QuietHours
  /** Newsletter mails per second across all of the tenant's campaigns. */
  newsletterRatePerSecond: number
  /** Cookie rules where the law does not decide (opt-in is applied for the EU/EEA, UK and Korea). */
  cookieRegimeDefault: 'opt_in' | 'opt_out'
  /** A cookie choice is asked again after this many months. */
  cookieConsentMonths: number
  /** IANA zone deadlines are counted in (end of the due day there). */
  timeZone: string
  /** DICOM that may show patient details in its pixels (burned-in annotation, US, secondary capture). */
  burnedInAnnotation: 'reject' | 'warn'
  /** Image formats members may upload. */
  uploadTypes: UploadFormat[]
  /** Largest image in MB (the platform allows up to 2048; PNG/JPEG at most 100). */
  uploadMaxMegabytes: number
  /** Most images a member holds at once (each is deleted within the retention hours anyway). */
  uploadMaxFiles: number
}

export const DEFAULT_BRANDING: Branding = {
  primaryColor: '#0b5fff',
  accentColor: '#00a37a',
  textColor: '#1b1f24',
  backgroundColor: '#ffffff',
  fontFamily: 'system-ui, sans-serif',
  radius: '8px',
  logoKey: null,
}

export const DEFAULT_SETTINGS: TenantSettings = {
  imageRetentionHours: 24,
  dormancyEnabled: true,
  dormancyDays: 365,
  dormancyNoticeDays: 30,
  dormantDestroyYears: 4,
  usageRecordDays: 365,
  privacyRequestDeadlineDays: 10,
  minorNoticeDays: 7,
  significantNoticeDays: 30,
  notifyMinorChangesByEmail: false,
  quietHours: null,
  newsletterRatePerSecond: 20,
  cookieRegimeDefault: 'opt_in',
  cookieConsentMonths: 12,
  timeZone: 'Asia/Seoul',
  burnedInAnnotation: 'reject',
  uploadTypes: ['dicom', 'png', 'jpeg'],
  uploadMaxMegabytes: 1024,
  uploadMaxFiles: 20,
}

/**
 * A company running the service. The root of tenancy: not itself tenant-scoped; requests reach
 * their own tenant through the resolved key or admin, never by an id from the client.
 */
export default class Tenant extends BaseModel {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare name: string

  @column()
  declare legalName: string

  @column()
  declare country: string

  @column()
  declare website: string | null

  @column()
  declare defaultLocale: string

  @column(jsonColumn<string[]>())
  declare locales: string[]

  @column(jsonColumn<Branding>())
  declare branding: Branding

  @column(jsonColumn<string[]>())
  declare allowedOrigins: string[]

  @column()
  declare officerName: string

  @column()
  declare officerDepartment: string

  @column()
  declare officerEmail: string

  @column(jsonColumnWithDefaults<TenantSettings>(DEFAULT_SETTINGS))
  declare settings: TenantSettings

  /** Key partners sign member identity tokens with. Encrypted at rest; never serialised. */
  @column({
    columnName: 'identity_secret_encrypted',
    serializeAs: null,
    ...encryptField('tenant.identity_secret'),
  })
  declare identitySecret: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** Cached key resolutions carry a copy of the tenant: a change must not wait for them to expire. */
  @afterSave()
  static async forgetCachedKeys(tenant: Tenant) {
    const { forgetTenantKeys } = await import('#tenancy/api_key_service')
    forgetTenantKeys(tenant.id)
  }

  allowsOrigin(origin: string): boolean {
    return this.allowedOrigins.includes(origin)
  }
}
