import type { HttpContext } from '@adonisjs/core/http'
import type { Locale } from '@tessera/policy-text'
import type { RequestMeta } from '#consent/consent_service'

/** What the ledger records about the request a decision came with. */
export function requestMeta(ctx: HttpContext, locale?: string | null): RequestMeta {
  const requested = (locale ?? ctx.request.qs().locale ?? ctx.tenant.defaultLocale) as string
  return {
    ip: ctx.request.ip() ?? null,
    userAgent: ctx.request.header('user-agent')?.slice(0, 512) ?? null,
    gpc: ctx.request.header('sec-gpc') === '1',
    locale: (requested === 'ko' ? 'ko' : 'en') as Locale,
  }
}
