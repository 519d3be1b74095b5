import vine from '@vinejs/vine'
import { COUNTRY_CODES } from '#shared/countries'
import { REQUEST_TYPES } from '#privacy_requests/privacy_request'

const text = (max: number) => vine.string().trim().minLength(1).maxLength(max)
const name = (max: number) => text(max).regex(/^[^<>\p{Cc}]*$/u)

/** What a member may ask for from the privacy center; each type carries its own details. */
export const memberRequestValidator = vine.create(
  vine.object({
    type: vine.enum([
      'access',
      'export',
      'rectify',
      'erase',
      'restrict',
      'object',
      'withdraw_consent',
      'human_review',
      'inquiry',
    ] as const),
    corrections: vine
      .object({
        firstName: name(100).optional(),
        lastName: name(100).optional(),
        company: name(200).nullable().optional(),
        nationality: vine
          .string()
          .trim()
          .toUpperCase()
          .in([...COUNTRY_CODES])
          .optional(),
        email: vine.string().trim().maxLength(254).email().optional(),
        locale: vine.enum(['en', 'ko'] as const).optional(),
      })
      .optional()
      .requiredWhen('type', '=', 'rectify'),
    purpose: vine
      .string()
      .trim()
      .maxLength(64)
      .optional()
      .requiredWhen('type', 'in', ['object', 'withdraw_consent']),
    reference: vine.string().trim().maxLength(200).optional().requiredWhen('type', '=', 'human_review'),
    subject: text(200).optional().requiredWhen('type', '=', 'inquiry'),
    message: text(5000).optional(),
    kind: vine.enum(['inquiry', 'complaint'] as const).optional(),
  })
)

/** An e-mail or letter request recorded by staff, with how the requester's identity was checked. */
export const adminRequestValidator = vine.create(
  vine.object({
    memberEmail: vine.string().trim().maxLength(254).email(),
    type: vine.enum([
      'access',
      'export',
      'rectify',
      'erase',
      'restrict',
      'object',
      'withdraw_consent',
      'human_review',
      'inquiry',
    ] as const),
    channel: vine.enum(['email', 'letter'] as const),
    receivedAt: vine
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/)
      .optional(),
    identityMethod: text(200).optional(),
    details: vine
      .object({ message: text(5000).optional(), purpose: vine.string().trim().maxLength(64).optional() })
      .optional(),
  })
)

export const reasonValidator = vine.create(vine.object({ reason: text(2000) }))
export const responseValidator = vine.create(vine.object({ response: text(5000).optional() }))
export const identityValidator = vine.create(vine.object({ method: text(200) }))
export const inboxValidator = vine.create(
  vine.object({
    status: vine.enum(['open', 'closed', 'all'] as const).optional(),
    due: vine.enum(['overdue', 'soon'] as const).optional(),
    type: vine.enum(REQUEST_TYPES).optional(),
    page: vine.number().withoutDecimals().range([1, 100_000]).optional(),
    perPage: vine.number().withoutDecimals().range([1, 100]).optional(),
  })
)
