import { inject } from '@adonisjs/core'
import type { Infer } from '@vinejs/vine/types'
import { problems } from '#shared/problem'
import type Tenant from '#tenancy/tenant'
import TenantMailer from '#mail/tenant_mailer'
import { mailLocale } from '#mail/layout'
import Member from '#members/member'
import MemberService from '#members/member_service'
import MemberTokensService from '#members/member_tokens_service'
import { memberLinkMail } from '#members/member_mail'
import type { registerValidator } from '#members/validators'
import ConsentService, { type RequestMeta } from '#consent/consent_service'
import db from '@adonisjs/lucid/services/db'

export type Registration = Infer<typeof registerValidator>

/** The URL of an e-mail link: the partner page the member came from, with the token in the fragment. */
export function linkUrl(tenant: Tenant, returnUrl: string, param: string, token: string): string {
  const url = new URL(returnUrl)
  if (!tenant.allowsOrigin(url.origin)) {
    throw problems.invalid([
      {
        field: 'returnUrl',
        message: 'The return URL must be on one of the allowed origins',
        rule: 'allowedOrigin',
      },
    ])
  }
  url.hash = `${param}=${token}`
  return url.toString()
}

/**
 * Sign-up with consent: the member is created pending, every consent-based purpose gets a grant or
 * a deny in the ledger (nothing is pre-ticked: absent means no), and the account becomes active
 * only through the single-use link mailed to the address. An address that already has an account
 * gets a sign-in link instead, and the answer is the same either way (no account enumeration).
 */
@inject()
export default class RegistrationService {
  constructor(
    private members: MemberService,
    private tokens: MemberTokensService,
    private consent: ConsentService,
    private mailer: TenantMailer
  ) {}

  async register(tenant: Tenant, input: Registration, meta: RequestMeta): Promise<void> {
    const verifyUrl = (token: string) => linkUrl(tenant, input.returnUrl, 'tessera-verify', token)
    linkUrl(tenant, input.returnUrl, 'check', 'x') // refuses a return URL off the allowed origins before anything is written
    const locale = mailLocale(tenant, input.locale)

    const existing = await this.members.findByEmail(input.email)
    if (existing?.status === 'dormant') {
      // A dormant account is restored by the link, not registered again.
      const { default: DormancyService } = await import('#lifecycle/dormancy_service')
      const { default: app } = await import('@adonisjs/core/services/app')
      const dormancy = await app.container.make(DormancyService)
      await dormancy.sendRestoreLink(tenant, existing, input.returnUrl, locale)
      return
    }
    if (existing && existing.status !== 'pending') {
      const token = await this.tokens.issue(existing, 'sign_in')
      await this.mailer.send(tenant, {
        to: existing.email,
        locale,
        content: memberLinkMail(
          'existing',
          tenant.name,
          locale,
          linkUrl(tenant, input.returnUrl, 'tessera-sign-in', token)
        ),
      })
      return
    }

    const policy = await this.consent.currentPolicy()
    const consentBased = policy.content.purposes.filter((p) => p.consentBased)
    const granted = new Map(input.consents.map((c) => [c.purpose, c.granted]))
    // Validate what was sent before writing anything (errors name the input's own indexes), then
    // write member, consents and link token in one transaction.
    await this.consent.validate(input.consents, input.policyVersion)
    const decisions = consentBased.map((p) => ({
      purpose: p.key,
      action: granted.get(p.key) ? ('grant' as const) : ('deny' as const),
    }))
    const token = await db.transaction(async (trx) => {
      const member =
        existing ??
        (await this.members.create(
          {
            email: input.email,
            firstName: input.firstName,
            lastName: input.lastName,
            company: input.company ?? null,
            nationality: input.nationality,
            locale: input.locale,
            status: 'pending',
          },
          trx
        ))
      await this.consent.decide(member, decisions, 'registration', meta, input.policyVersion, 'consents', trx)
      return this.tokens.issue(member, 'verify', trx)
    })
    await this.mailer.send(tenant, {
      to: input.email,
      locale,
      content: memberLinkMail('verify', tenant.name, locale, verifyUrl(token)),
    })
  }

  /** Activates the account of a verification link; returns a session token. */
  async verify(token: string): Promise<{ member: Member; session: string } | null> {
    const member = await this.tokens.redeem(token, 'verify')
    if (!member) return null
    if (member.status === 'pending') {
      member.status = 'active'
      await member.save()
    }
    return { member, session: await this.tokens.issue(member, 'session') }
  }
}
