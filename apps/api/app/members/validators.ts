import vine from '@vinejs/vine'
import { COUNTRY_CODES } from '#shared/countries'

const name = (max: number) =>
  vine
    .string()
    .trim()
    .minLength(1)
    .maxLength(max)
    .regex(/^[^<>\p{Cc}]*$/u)

/** Where e-mail links send the member back to: a page on one of the tenant's allowed origins. */
const returnUrl = vine
  .string()
  .trim()
  .maxLength(2048)
  .url({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })

export const registerValidator = vine.create(
  vine.object({
    firstName: name(100),
    lastName: name(100),
    company: name(200).optional(),
    nationality: vine
      .string()
      .trim()
      .toUpperCase()
      .in([...COUNTRY_CODES]),
    email: vine.string().trim().maxLength(254).email(),
    locale: vine.enum(['en', 'ko'] as const),
    policyVersion: vine.string().trim().maxLength(32),
    consents: vine
      .array(
        vine.object({ purpose: vine.string().trim().maxLength(64), granted: vine.boolean({ strict: true }) })
      )
      .maxLength(50),
    returnUrl,
  })
)

export const tokenValidator = vine.create(vine.object({ token: vine.string().trim().maxLength(64) }))

export const identityValidator = vine.create(vine.object({ token: vine.string().trim().maxLength(4096) }))

export const signInLinkValidator = vine.create(
  vine.object({
    email: vine.string().trim().maxLength(254).email(),
    locale: vine.enum(['en', 'ko'] as const).optional(),
    returnUrl,
  })
)

export const consentDecisionValidator = vine.create(
  vine.object({
    purpose: vine.string().trim().maxLength(64),
    action: vine.enum(['grant', 'deny', 'withdraw'] as const),
    policyVersion: vine.string().trim().maxLength(32).optional(),
  })
)

/** Staff search of members (GET /v1/admin/members): the query is classified in the service. */
export const adminMemberSearchValidator = vine.create(
  vine.object({
    q: vine.string().trim().minLength(1).maxLength(320),
    page: vine.number().withoutDecimals().range([1, 1000]).optional(),
    perPage: vine.number().withoutDecimals().range([1, 100]).optional(),
  })
)

export const adminMemberProfileValidator = vine.create(
  vine.object({ locale: vine.enum(['en', 'ko'] as const).optional() })
)
