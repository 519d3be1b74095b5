import { inject } from '@adonisjs/core'
import type { Locale } from '@tessera/policy-text'
import { ProblemError, problems } from '#shared/problem'
import PolicyService from '#policies/policy_service'
import type PolicyVersion from '#policies/policy_version'
import type Member from '#members/member'
import LedgerService, { type ConsentState } from '#consent/ledger_service'
import type { ConsentAction, ConsentSource } from '#consent/consent_event'
import { purposesOf, textHash } from '#consent/purposes'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

export type RequestMeta = { ip: string | null; userAgent: string | null; gpc: boolean; locale: Locale }

export type PurposeChoice = {
  key: string
  lawfulBasis: string
  consentBased: boolean
  required: boolean
  specialCategory: boolean
  title: string
  description: string
  state: 'granted' | 'denied' | 'withdrawn' | null
  decidedAt: string | null
  /** The purpose changed in the version now in effect and the member has not answered since. */
  needsAnswer: boolean
}

const STATE: Record<ConsentAction, PurposeChoice['state']> = {
  grant: 'granted',
  deny: 'denied',
  withdraw: 'withdrawn',
}

/** Consent to purposes: recording decisions in the ledger and deriving what is allowed from it. */
@inject()
export default class ConsentService {
  constructor(
    private ledger: LedgerService,
    private policies: PolicyService
  ) {}

  async currentPolicy(): Promise<PolicyVersion> {
    const { current } = await this.policies.timeline()
    if (!current)
      throw new ProblemError(
        409,
        'no-policy',
        'No policy in effect',
        'The service has not published a privacy policy yet.'
      )
    return current
  }

  /** Records one decision per purpose; unknown or non-consent purposes are refused with the field at fault. */
  async decide(
    member: Member,
    decisions: Array<{ purpose: string; action: ConsentAction }>,
    source: ConsentSource,
    meta: RequestMeta,
    shownVersion?: string,
    fieldPrefix = 'consents',
    trx?: TransactionClientContract
  ) {
    const policy = await this.validate(decisions, shownVersion, fieldPrefix)
    const purposes = new Map(purposesOf(policy).map((p) => [p.key, p]))
    const appended = await this.ledger.append(
      decisions.map((d) => ({
        subjectType: 'member' as const,
        subjectId: member.publicId,
        targetType: 'purpose' as const,
        targetKey: d.purpose,
        action: d.action,
        policyVersion: policy.publicId,
        textHash: textHash(purposes.get(d.purpose)!, meta.locale),
        source,
        ip: meta.ip,
        userAgent: meta.userAgent,
        gpc: meta.gpc,
      })),
      trx
    )
    // Marketing consent drives the newsletter's double opt-in (confirmation mail, opt-out notice).
    const marketing = decisions.filter((d) => d.purpose === 'marketing').at(-1)
    if (marketing) {
      const { default: OptInService } = await import('#newsletters/opt_in_service')
      await new OptInService().afterDecision(member, marketing.action, source, trx)
    }
    return appended
  }

  /** Checks decisions against the policy in effect without writing anything; returns that policy. */
  async validate(
    decisions: Array<{ purpose: string }>,
    shownVersion?: string,
    fieldPrefix = 'consents'
  ): Promise<PolicyVersion> {
    const policy = await this.currentPolicy()
    if (shownVersion && shownVersion !== policy.publicId) {
      throw new ProblemError(
        409,
        'policy-changed',
        'The policy has changed',
        'Reload to see the version now in effect.',
        [{ field: 'policyVersion', message: 'Not the version in effect', rule: 'current' }]
      )
    }
    const purposes = new Map(purposesOf(policy).map((p) => [p.key, p]))
    const errors = decisions.flatMap((d, i) => {
      const field = fieldPrefix ? `${fieldPrefix}.${i}.purpose` : 'purpose'
      const purpose = purposes.get(d.purpose)
      if (!purpose) return [{ field, message: `Unknown purpose "${d.purpose}"`, rule: 'purpose' }]
      if (!purpose.consentBased) {
        return [{ field, message: `"${d.purpose}" does not rest on consent`, rule: 'consentBased' }]
      }
      return []
    })
    if (errors.length) throw problems.invalid(errors)
    return policy
  }

  /** Every purpose of the policy in effect with the member's current decision. */
  async choices(
    member: Member,
    locale: Locale
  ): Promise<{ policyVersion: string; purposes: PurposeChoice[] }> {
    const policy = await this.currentPolicy()
    const state = await this.ledger.currentState('member', member.publicId)
    return {
      policyVersion: policy.publicId,
      purposes: purposesOf(policy).map((p) => {
        const decision = state.get(`purpose:${p.key}`)
        return {
          key: p.key,
          lawfulBasis: p.lawfulBasis,
          consentBased: p.consentBased,
          required: p.required,
          specialCategory: p.specialCategory,
          title: p.title[locale],
          description: p.description[locale],
          state: decision ? STATE[decision.action] : null,
          decidedAt: decision?.at ?? null,
          needsAnswer: this.needsAnswer(policy, p.key, decision),
        }
      }),
    }
  }

  private needsAnswer(policy: PolicyVersion, key: string, decision: ConsentState | undefined): boolean {
    if (!policy.significant || !policy.changedConsentPurposes?.includes(key)) return false
    return !decision || new Date(decision.at).getTime() < policy.effectiveAt!.toMillis()
  }

  /**
   * The gate every processor asks before using a member's data for a purpose. A consent-based
   * purpose needs a standing grant given under the wording now in effect; restricted or
   * withdrawn members are never processed.
   */
  async assertAllowed(member: Member, purposeKey: string): Promise<void> {
    if (member.status !== 'active') {
      throw new ProblemError(
        409,
        'processing-restricted',
        'Processing not allowed',
        `The member's data may not be used (${member.status}).`
      )
    }
    const policy = await this.currentPolicy()
    const purpose = purposesOf(policy).find((p) => p.key === purposeKey)
    if (!purpose) throw problems.notFound('purpose')
    if (!purpose.consentBased) return
    const decision = (await this.ledger.currentState('member', member.publicId)).get(`purpose:${purposeKey}`)
    if (decision?.action !== 'grant') {
      throw new ProblemError(
        409,
        'consent-required',
        'Consent required',
        `The member has not consented to "${purposeKey}".`
      )
    }
    if (this.needsAnswer(policy, purposeKey, decision)) {
      throw new ProblemError(
        409,
        'reconsent-required',
        'Fresh consent required',
        `"${purposeKey}" changed in the policy now in effect; the member has to answer again before it is used.`
      )
    }
  }
}
