import vine from '@vinejs/vine'
import { COUNTRY_CODES } from '#shared/countries'

export const SUPPORTED_LOCALES = ['en', 'ko'] as const

/** Free text shown to end users: any character but markup brackets and control characters. */
const plainText = (max: number) =>
  vine
    .string()
    .trim()
    .minLength(1)
    .maxLength(max)
    .regex(/^[^<>\p{Cc}]*$/u)

/** An exact web origin: scheme, host and optional port; nothing else. */
const origin = vine
  .string()
  .trim()
  .maxLength(255)
  .use(
    vine.createRule((value, _, field) => {
      if (typeof value !== 'string') return
      let url: URL
      try {
        url = new URL(value)
      } catch {
        field.report(
          'The {{ field }} field must be an origin such as https://clinic.example',
          'origin',
          field
        )
        return
      }
      if (!['http:', 'https:'].includes(url.protocol) || url.origin !== value) {
        field.report(
          'The {{ field }} field must be an origin such as https://clinic.example',
          'origin',
          field
        )
      }
    })()
  )

const timeOfDay = vine.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)

const timezone = vine
  .string()
  .maxLength(64)
  .use(
    vine.createRule((value, _, field) => {
      if (typeof value !== 'string') return
      try {
        new Intl.DateTimeFormat('en', { timeZone: value })
      } catch {
        field.report('The {{ field }} field must be an IANA time zone such as Asia/Seoul', 'timezone', field)
      }
    })()
  )

const brandingSchema = vine.object({
  primaryColor: vine
    .string()
    .regex(/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/)
    .optional(),
  accentColor: vine
    .string()
    .regex(/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/)
    .optional(),
  textColor: vine
    .string()
    .regex(/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/)
    .optional(),
  backgroundColor: vine
    .string()
    .regex(/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/)
    .optional(),
  fontFamily: vine
    .string()
    .trim()
    .maxLength(200)
    .regex(/^[\p{L}\p{N} ,'"-]+$/u)
    .optional(),
  radius: vine
    .string()
    .regex(/^\d{1,2}(px|rem|em)$/)
    .optional(),
})

const settingsSchema = vine.object({
  imageRetentionHours: vine.number().withoutDecimals().range([1, 24]).optional(),
  dormancyEnabled: vine.boolean({ strict: true }).optional(),
  dormancyDays: vine.number().withoutDecimals().range([30, 3650]).optional(),
  dormancyNoticeDays: vine.number().withoutDecimals().range([1, 90]).optional(),
  dormantDestroyYears: vine.number().withoutDecimals().range([1, 10]).optional(),
  usageRecordDays: vine.number().withoutDecimals().range([30, 3650]).optional(),
  privacyRequestDeadlineDays: vine.number().withoutDecimals().range([1, 30]).optional(),
  minorNoticeDays: vine.number().withoutDecimals().range([7, 90]).optional(),
  significantNoticeDays: vine.number().withoutDecimals().range([30, 180]).optional(),
  notifyMinorChangesByEmail: vine.boolean({ strict: true }).optional(),
  cookieRegimeDefault: vine.enum(['opt_in', 'opt_out'] as const).optional(),
  cookieConsentMonths: vine.number().withoutDecimals().range([1, 24]).optional(),
  timeZone: timezone.optional(),
  burnedInAnnotation: vine.enum(['reject', 'warn'] as const).optional(),
  uploadTypes: vine
    .array(vine.enum(['dicom', 'png', 'jpeg'] as const))
    .minLength(1)
    .distinct()
    .optional(),
  uploadMaxMegabytes: vine.number().withoutDecimals().range([1, 2048]).optional(),
  uploadMaxFiles: vine.number().withoutDecimals().range([1, 500]).optional(),
  quietHours: vine.object({ start: timeOfDay, end: timeOfDay, timezone }).nullable().optional(),
  newsletterRatePerSecond: vine.number().withoutDecimals().range([1, 1000]).optional(),
})

const tenantFields = {
  name: plainText(120),
  legalName: plainText(200),
  country: vine
    .string()
    .trim()
    .toUpperCase()
    .fixedLength(2)
    .in([...COUNTRY_CODES]),
  website: vine
    .string()
    .trim()
    .maxLength(2048)
    .url({ protocols: ['https', 'http'], require_protocol: true })
    .nullable()
    .optional(),
  defaultLocale: vine.string().in([...SUPPORTED_LOCALES]),
  locales: vine
    .array(vine.string().in([...SUPPORTED_LOCALES]))
    .minLength(1)
    .distinct(),
  allowedOrigins: vine.array(origin).maxLength(20).distinct(),
  officer: vine.object({
    name: plainText(120),
    department: plainText(120),
    email: vine.string().trim().maxLength(254).email(),
  }),
  branding: brandingSchema.optional(),
  settings: settingsSchema.optional(),
}

export const createTenantValidator = vine.create(vine.object(tenantFields))

export const updateTenantValidator = vine.create(
  vine.object({
    name: tenantFields.name.optional(),
    legalName: tenantFields.legalName.optional(),
    country: tenantFields.country.optional(),
    website: tenantFields.website,
    defaultLocale: tenantFields.defaultLocale.optional(),
    locales: tenantFields.locales.optional(),
    allowedOrigins: tenantFields.allowedOrigins.optional(),
    officer: vine
      .object({
        name: plainText(120).optional(),
        department: plainText(120).optional(),
        email: vine.string().trim().maxLength(254).email().optional(),
      })
      .optional(),
    branding: brandingSchema.optional(),
    settings: settingsSchema.optional(),
  })
)

export const signInValidator = vine.create(
  vine.object({
    tenant: vine
      .string()
      .trim()
      .maxLength(32)
      .regex(/^tn_[0-9A-Za-z]+$/),
    email: vine.string().trim().maxLength(254).email(),
    password: vine.string().minLength(1).maxLength(512),
  })
)

export const createKeyValidator = vine.create(
  vine.object({
    kind: vine.enum(['publishable', 'secret'] as const),
    label: plainText(120),
  })
)

export const createAdminValidator = vine.create(
  vine.object({
    email: vine.string().trim().maxLength(254).email(),
    fullName: plainText(120),
    role: vine.enum(['owner', 'admin', 'privacy_officer', 'analyst'] as const),
    password: vine.string().minLength(12).maxLength(512),
  })
)
