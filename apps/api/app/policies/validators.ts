import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import { LAWFUL_BASES } from '@tessera/policy-text'

const key = vine
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_-]{0,63}$/)
const text = (max: number) => vine.string().trim().minLength(1).maxLength(max)
const localized = (max: number) => vine.object({ en: text(max), ko: text(max) })

const proseSection = vine.object({
  id: vine
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9-]{0,63}$/),
  title: text(200),
  body: vine.string().maxLength(20_000),
})

export const createDraftValidator = vine.create(
  vine.object({
    basedOn: vine.enum(['latest', 'default'] as const).optional(),
    label: vine
      .string()
      .trim()
      .regex(/^[\w.-]{1,40}$/)
      .optional(),
  })
)

export const updateDraftValidator = vine.create(
  vine.object({
    label: vine
      .string()
      .trim()
      .regex(/^[\w.-]{1,40}$/)
      .optional(),
    refreshFromTenant: vine.boolean({ strict: true }).optional(),
    prose: vine
      .object({ en: vine.array(proseSection).maxLength(100), ko: vine.array(proseSection).maxLength(100) })
      .optional(),
    items: vine
      .array(
        vine.object({
          key,
          category: vine.enum(['account', 'imaging', 'automatic'] as const),
          required: vine.boolean({ strict: true }),
          label: localized(200),
        })
      )
      .maxLength(100)
      .optional(),
    purposes: vine
      .array(
        vine.object({
          key,
          lawfulBasis: vine.enum(LAWFUL_BASES),
          consentBased: vine.boolean({ strict: true }),
          required: vine.boolean({ strict: true }),
          specialCategory: vine.boolean({ strict: true }),
          items: vine.array(key).maxLength(100),
          title: localized(200),
          description: localized(2000),
        })
      )
      .maxLength(50)
      .optional(),
    // Not `cookies`: validateUsing() reserves that key for the request cookies.
    cookieCategories: vine
      .array(
        vine.object({
          key,
          required: vine.boolean({ strict: true }),
          title: localized(200),
          description: localized(2000),
        })
      )
      .maxLength(20)
      .optional(),
  })
)

export type PolicyDraftPatch = Infer<typeof updateDraftValidator>

export const publishValidator = vine.create(
  vine.object({
    effectiveAt: vine
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/),
    locale: vine.enum(['en', 'ko'] as const).optional(),
  })
)
