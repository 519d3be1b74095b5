import { createHmac } from 'node:crypto'
import { inject } from '@adonisjs/core'
import type { Locale } from '@tessera/policy-text'
import env from '#start/env'
import clock from '#shared/clock'
import { safeEqual } from '#shared/crypto'
import { EEA_COUNTRY_CODES } from '#shared/countries'
import { ProblemError, problems } from '#shared/problem'
import type Tenant from '#tenancy/tenant'
import PolicyService from '#policies/policy_service'
import LedgerService from '#consent/ledger_service'
import type { RequestMeta } from '#consent/consent_service'
import CookieInventoryEntry from '#consent/cookie_inventory_entry'
import { cookieCategoriesOf, cookiePolicyHash, textHash } from '#consent/purposes'

/** Where cookie consent must be asked before anything runs, whatever the tenant's default. */
const OPT_IN_COUNTRIES = new Set([...EEA_COUNTRY_CODES, 'GB', 'KR'])

export type CookieReceipt = {
  visitorId: string
  visitorToken: string | null
  choices: Record<string, boolean>
  policyHash: string
  gpc: boolean
  source: 'banner' | 'settings'
}

const visitorKey = createHmac('sha256', 'tessera:visitor-token').update(env.get('APP_KEY').release()).digest()

/** Proves a receipt comes from the browser that made the visitor id (returned with its first receipt). */
export function visitorToken(tenantId: number, visitorId: string): string {
  return createHmac('sha256', visitorKey).update(`${tenantId}:${visitorId}`).digest('base64url')
}

/**
 * Cookie consent: what the banner shows (categories from the policy in effect, the inventory,
 * the rules that apply) and receipts of visitors' choices, recorded in the consent ledger.
 */
@inject()
export default class CookieService {
  constructor(
    private policies: PolicyService,
    private ledger: LedgerService
  ) {}

  regime(tenant: Tenant, headers: Record<string, string | string[] | undefined>): 'opt_in' | 'opt_out' {
    const header = env.get('TRUSTED_COUNTRY_HEADER')
    const country = header ? String(headers[header.toLowerCase()] ?? '').toUpperCase() : ''
    if (country && OPT_IN_COUNTRIES.has(country)) return 'opt_in'
    if (!country && OPT_IN_COUNTRIES.has(tenant.country)) return 'opt_in'
    return tenant.settings.cookieRegimeDefault
  }

  async config(tenant: Tenant, locale: Locale, regime: 'opt_in' | 'opt_out') {
    const { current } = await this.policies.timeline()
    const inventory = await CookieInventoryEntry.query().orderBy('position')
    const categories = current ? cookieCategoriesOf(current) : []
    return {
      regime,
      policyHash: current ? cookiePolicyHash(current) : '0'.repeat(16),
      policyVersion: current?.publicId ?? null,
      expiresDays: Math.round(tenant.settings.cookieConsentMonths * 30.4),
      categories: categories.map((c) => ({
        key: c.key,
        required: c.required,
        title: c.title[locale],
        description: c.description[locale],
        cookies: inventory
          .filter((e) => e.categoryKey === c.key)
          .map((e) => ({
            name: e.name,
            provider: e.provider,
            duration: e.duration,
            purpose: e.purpose[locale],
          })),
      })),
    }
  }

  /** Records one receipt: a grant or deny per optional category, plus the visitor token to send next time. */
  async record(tenant: Tenant, receipt: CookieReceipt, meta: RequestMeta) {
    const { current } = await this.policies.timeline()
    if (!current)
      throw new ProblemError(
        409,
        'no-policy',
        'No policy in effect',
        'The service has not published a cookie policy yet.'
      )
    if (receipt.policyHash !== cookiePolicyHash(current)) {
      throw new ProblemError(
        409,
        'cookie-policy-changed',
        'The cookie policy has changed',
        'Reload the cookie settings and ask again.'
      )
    }
    const categories = new Map(cookieCategoriesOf(current).map((c) => [c.key, c]))
    const unknown = Object.keys(receipt.choices).filter((key) => !categories.has(key))
    if (unknown.length) {
      throw problems.invalid(
        unknown.slice(0, 10).map((key) => ({
          field: `choices.${key}`,
          message: `Unknown cookie category "${key}"`,
          rule: 'category',
        }))
      )
    }

    const expected = visitorToken(tenant.id, receipt.visitorId)
    const known = await this.ledger.history('visitor', receipt.visitorId).limit(1).first()
    if (known && !(receipt.visitorToken && safeEqual(receipt.visitorToken, expected))) {
      throw new ProblemError(
        403,
        'visitor-token-invalid',
        'Not your visitor id',
        'Send the visitor token returned with your previous receipt.',
        [{ field: 'visitorToken', message: 'Missing or wrong', rule: 'visitorToken' }]
      )
    }

    // An explicit choice wins over GPC; the receipt records that the signal was present.
    const events = await this.ledger.append(
      [...categories.values()]
        .filter((c) => !c.required)
        .map((c) => ({
          subjectType: 'visitor' as const,
          subjectId: receipt.visitorId,
          targetType: 'cookie_category' as const,
          targetKey: c.key,
          action: receipt.choices[c.key] === true ? ('grant' as const) : ('deny' as const),
          policyVersion: current.publicId,
          textHash: textHash(c, meta.locale),
          source: receipt.source,
          ip: meta.ip,
          userAgent: meta.userAgent,
          gpc: receipt.gpc || meta.gpc,
        }))
    )
    return {
      receipt: events[events.length - 1]?.hash ?? null,
      visitorToken: expected,
      recordedAt: clock.now().toISOString(),
    }
  }
}
