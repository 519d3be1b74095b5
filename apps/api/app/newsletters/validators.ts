import vine from '@vinejs/vine'

const localized = vine.object({
  subject: vine.string().trim().minLength(1).maxLength(200),
  body: vine.string().minLength(1).maxLength(50_000),
})
const content = vine.object({ en: localized.optional(), ko: localized.optional() })
const name = vine.string().trim().minLength(1).maxLength(200)

export const createCampaignValidator = vine.create(vine.object({ name, content }))
export const updateCampaignValidator = vine.create(
  vine.object({ name: name.optional(), content: content.optional() })
)
export const scheduleValidator = vine.create(
  vine.object({
    sendAt: vine
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/),
  })
)
export const testSendValidator = vine.create(
  vine.object({
    to: vine.string().trim().maxLength(254).email().optional(),
    locale: vine.enum(['en', 'ko'] as const).optional(),
  })
)
export const localeQueryValidator = vine.create(
  vine.object({ locale: vine.enum(['en', 'ko'] as const).optional() })
)
export const pageValidator = vine.create(
  vine.object({
    page: vine.number().withoutDecimals().min(1).optional(),
    perPage: vine.number().withoutDecimals().range([1, 200]).optional(),
  })
)
export const memberNewsletterValidator = vine.create(
  vine.object({
    timeZone: vine
      .string()
      .trim()
      .maxLength(64)
      .use(
        vine.createRule((value, _options, field) => {
          try {
            new Intl.DateTimeFormat('en', { timeZone: String(value) })
          } catch {
            field.report('Unknown IANA time zone', 'timezone', field)
          }
        })()
      )
      .nullable(),
  })
)
