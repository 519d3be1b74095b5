import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import ConsentService from '#consent/consent_service'
import { requestMeta } from '#consent/request_meta'
import { consentDecisionValidator } from '#members/validators'

/** A signed-in member's consents: see every purpose with its state; change any with one call. */
@inject()
export default class MemberConsentsController {
  constructor(private consent: ConsentService) {}

  async index(ctx: HttpContext) {
    const meta = requestMeta(ctx)
    return this.consent.choices(ctx.member, meta.locale)
  }

  async store(ctx: HttpContext) {
    const { purpose, action, policyVersion } = await ctx.request.validateUsing(consentDecisionValidator)
    const meta = requestMeta(ctx)
    const [event] = await this.consent.decide(
      ctx.member,
      [{ purpose, action }],
      'widget',
      meta,
      policyVersion,
      ''
    )
    ctx.response.status(201)
    const choices = await this.consent.choices(ctx.member, meta.locale)
    return {
      event: { seq: event!.seq, hash: event!.hash },
      purpose: choices.purposes.find((p) => p.key === purpose),
    }
  }
}
