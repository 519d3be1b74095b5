import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import RegistrationService, { linkUrl } from '#members/registration_service'
import MemberService from '#members/member_service'
import MemberTokensService from '#members/member_tokens_service'
import TenantMailer from '#mail/tenant_mailer'
import { mailLocale } from '#mail/layout'
import { memberLinkMail } from '#members/member_mail'
import { verifyIdentityToken } from '#members/identity_tokens'
import {
  identityValidator,
  registerValidator,
  signInLinkValidator,
  tokenValidator,
} from '#members/validators'
import { requestMeta } from '#consent/request_meta'
import { ProblemError, problems } from '#shared/problem'
import type Member from '#members/member'
import UsageService from '#lifecycle/usage_service'
import DormancyService from '#lifecycle/dormancy_service'

function present(member: Member) {
  return {
    id: member.publicId,
    email: member.email,
    firstName: member.firstName,
    lastName: member.lastName,
    company: member.company,
    nationality: member.nationality,
    locale: member.locale,
    status: member.status,
  }
}

const LINK_SENT = { status: 'link_sent', detail: 'If the address can be used, a link is on its way.' }

@inject()
export default class MembersController {
  constructor(
    private registration: RegistrationService,
    private members: MemberService,
    private tokens: MemberTokensService,
    private mailer: TenantMailer,
    private usage: UsageService,
    private dormancy: DormancyService
  ) {}

  /** Sign-up with consent. Always 202: the next step is in the mailbox. */
  async register(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(registerValidator)
    await this.registration.register(ctx.tenant, input, requestMeta(ctx, input.locale))
    ctx.response.status(202)
    return LINK_SENT
  }

  async verify({ request, response }: HttpContext) {
    const { token } = await request.validateUsing(tokenValidator)
    const result = await this.registration.verify(token)
    if (!result)
      throw new ProblemError(
        410,
        'link-invalid',
        'Link not valid',
        'This link was already used or has expired. Ask for a new one.'
      )
    await this.usage.record(result.member, 'sign_in', request.ip())
    response.status(201)
    return { session: result.session, member: present(result.member) }
  }

  async requestLink({ tenant, request, response }: HttpContext) {
    const { email, locale, returnUrl } = await request.validateUsing(signInLinkValidator)
    linkUrl(tenant, returnUrl, 'check', 'x')
    const member = await this.members.findByEmail(email)
    if (member?.status === 'dormant') {
      // The details are in the separate store: the link restores the account when opened.
      await this.dormancy.sendRestoreLink(tenant, member, returnUrl, locale)
    } else if (member && (member.status === 'active' || member.status === 'restricted')) {
      const token = await this.tokens.issue(member, 'sign_in')
      const lang = mailLocale(tenant, locale ?? member.locale)
      await this.mailer.send(tenant, {
        to: member.email,
        locale: lang,
        content: memberLinkMail(
          'signIn',
          tenant.name,
          lang,
          linkUrl(tenant, returnUrl, 'tessera-sign-in', token)
        ),
      })
    }
    response.status(202)
    return LINK_SENT
  }

  async signIn({ tenant, request, response }: HttpContext) {
    const { token } = await request.validateUsing(tokenValidator)
    const member = await this.tokens.redeem(token, 'sign_in')
    // Opening a mailed link confirms the address: a dormant account comes back (and is told so).
    const restored =
      member?.status === 'dormant' ? await this.dormancy.restore(tenant, member, request.ip()) : false
    if (!member || member.status === 'withdrawn' || member.status === 'dormant') {
      throw new ProblemError(
        410,
        'link-invalid',
        'Link not valid',
        'This link was already used or has expired. Ask for a new one.'
      )
    }
    if (!restored) await this.usage.record(member, 'sign_in', request.ip())
    response.status(201)
    return {
      session: await this.tokens.issue(member, 'session'),
      member: present(member),
      ...(restored ? { restored: true } : {}),
    }
  }

  /** A partner's signed identity token in exchange for a session of the member it names. */
  async identity({ tenant, request, response }: HttpContext) {
    const { token } = await request.validateUsing(identityValidator)
    const claims = tenant.identitySecret ? verifyIdentityToken(tenant.identitySecret, token) : null
    if (!claims)
      throw problems.unauthenticated(
        'The identity token is not valid: bad signature, expired, or too long-lived.'
      )
    const member = await this.members.findByEmail(claims.email)
    if (!member || member.status === 'withdrawn') {
      throw new ProblemError(
        404,
        'member-not-registered',
        'Not registered',
        'No member with this e-mail: register with consent first.'
      )
    }
    if (member.status === 'dormant') {
      throw new ProblemError(
        409,
        'member-dormant',
        'Account put aside',
        'This account was unused for a long time and its details are stored separately. Ask for a sign-in link: opening it restores the account.'
      )
    }
    if (member.status === 'pending') {
      // The partner vouches for the address: its own login verified it.
      member.status = 'active'
      await member.save()
    }
    await this.usage.record(member, 'sign_in', request.ip())
    response.status(201)
    return { session: await this.tokens.issue(member, 'session'), member: present(member) }
  }

  async me({ member }: HttpContext) {
    return present(member)
  }

  async signOut({ memberToken, response }: HttpContext) {
    await this.tokens.revokeSession(memberToken)
    response.status(204)
  }
}
