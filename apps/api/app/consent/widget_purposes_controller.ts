import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import ConsentService from '#consent/consent_service'
import { requestMeta } from '#consent/request_meta'
import { purposesOf } from '#consent/purposes'

/** The purposes of the policy in effect, for the sign-up form (before anyone is signed in). */
@inject()
export default class WidgetPurposesController {
  constructor(private consent: ConsentService) {}

  async index(ctx: HttpContext) {
    const { locale } = requestMeta(ctx)
    const policy = await this.consent.currentPolicy()
    return {
      policyVersion: policy.publicId,
      policyLabel: policy.label,
      purposes: purposesOf(policy).map((p) => ({
        key: p.key,
        lawfulBasis: p.lawfulBasis,
        consentBased: p.consentBased,
        required: p.required,
        specialCategory: p.specialCategory,
        title: p.title[locale],
        description: p.description[locale],
      })),
    }
  }
}
