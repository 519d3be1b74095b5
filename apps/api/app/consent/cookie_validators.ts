import vine from '@vinejs/vine'

const categoryKey = vine
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_-]{0,63}$/)

export const receiptValidator = vine.create(
  vine.object({
    visitorId: vine
      .string()
      .trim()
      .uuid({ version: [4] }),
    visitorToken: vine.string().trim().maxLength(128).nullable().optional(),
    choices: vine.record(vine.boolean({ strict: true })),
    policyHash: vine
      .string()
      .trim()
      .regex(/^[0-9a-f]{16}$/),
    gpc: vine.boolean({ strict: true }),
    source: vine.enum(['banner', 'settings'] as const),
  })
)

export const inventoryValidator = vine.create(
  vine.object({
    entries: vine
      .array(
        vine.object({
          category: categoryKey,
          name: vine.string().trim().minLength(1).maxLength(128),
          provider: vine.string().trim().minLength(1).maxLength(128),
          duration: vine.string().trim().minLength(1).maxLength(64),
          purpose: vine.object({
            en: vine.string().trim().minLength(1).maxLength(500),
            ko: vine.string().trim().minLength(1).maxLength(500),
          }),
        })
      )
      .maxLength(200),
  })
)

export const statsValidator = vine.create(
  vine.object({
    from: vine
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    to: vine
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
  })
)
