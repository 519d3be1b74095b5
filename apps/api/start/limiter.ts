/*
 * Rate limits on the endpoints that send mail, create accounts or check passwords. Each limit counts
 * per client IP and, where the request names an account, per account as well — so neither one
 * address trying many accounts nor many addresses trying one account get far. Account keys are
 * hashed: the rate_limits table holds no e-mail address.
 *
 * RATE_LIMITS_ENABLED=false turns them off (the test suites, whose every client is 127.0.0.1); the
 * rate-limit tests turn them on again through `rateLimits.enabled`.
 */
import { createHash } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import env from '#start/env'

export const rateLimits = { enabled: env.get('RATE_LIMITS_ENABLED', true) }

/** A key for an account named in the request, without the address in clear. */
function accountKey(scope: string, ...parts: unknown[]) {
  const id = parts
    .map((p) =>
      String(p ?? '')
        .trim()
        .toLowerCase()
    )
    .join('\n')
  return `${scope}:${createHash('sha256').update(id).digest('base64url')}`
}

const ip = (scope: string, ctx: HttpContext) => `${scope}:ip:${ctx.request.ip()}`
const tenantOf = (ctx: HttpContext) => ctx.tenant?.id ?? 'none'

/** Staff sign-in: 10 tries per account per 15 minutes (then 15 minutes' block), 50 per IP. */
export const adminSignInByAccount = limiter.define('admin_sign_in_account', (ctx) =>
  rateLimits.enabled
    ? limiter
        .allowRequests(10)
        .every('15 minutes')
        .blockFor('15 minutes')
        .usingKey(accountKey('admin-sign-in', ctx.request.input('tenant'), ctx.request.input('email')))
    : limiter.noLimit()
)
export const adminSignInByIp = limiter.define('admin_sign_in_ip', (ctx) =>
  rateLimits.enabled
    ? limiter.allowRequests(50).every('15 minutes').usingKey(ip('admin-sign-in', ctx))
    : limiter.noLimit()
)

/** Sign-in links (each one an e-mail): 5 per address per hour, 30 per IP per hour. */
export const signInLinkByAccount = limiter.define('sign_in_link_account', (ctx) =>
  rateLimits.enabled
    ? limiter
        .allowRequests(5)
        .every('1 hour')
        .usingKey(accountKey('sign-in-link', tenantOf(ctx), ctx.request.input('email')))
    : limiter.noLimit()
)
export const signInLinkByIp = limiter.define('sign_in_link_ip', (ctx) =>
  rateLimits.enabled
    ? limiter.allowRequests(30).every('1 hour').usingKey(ip('sign-in-link', ctx))
    : limiter.noLimit()
)

/** Redeeming a link or an identity token: 30 per IP per 15 minutes. */
export const memberSignInByIp = limiter.define('member_sign_in_ip', (ctx) =>
  rateLimits.enabled
    ? limiter.allowRequests(30).every('15 minutes').usingKey(ip('member-sign-in', ctx))
    : limiter.noLimit()
)

/** Registration (an e-mail each): 5 per address per hour, 20 per IP per hour. */
export const registrationByAccount = limiter.define('registration_account', (ctx) =>
  rateLimits.enabled
    ? limiter
        .allowRequests(5)
        .every('1 hour')
        .usingKey(accountKey('registration', tenantOf(ctx), ctx.request.input('email')))
    : limiter.noLimit()
)
export const registrationByIp = limiter.define('registration_ip', (ctx) =>
  rateLimits.enabled
    ? limiter.allowRequests(20).every('1 hour').usingKey(ip('registration', ctx))
    : limiter.noLimit()
)

/** Privacy requests: 10 per member per day (they are rights, not a channel for floods), 30 per IP. */
export const privacyRequestByMember = limiter.define('privacy_request_member', (ctx) =>
  rateLimits.enabled
    ? limiter
        .allowRequests(10)
        .every('1 day')
        .usingKey(accountKey('privacy-request', tenantOf(ctx), ctx.member?.id))
    : limiter.noLimit()
)
export const privacyRequestByIp = limiter.define('privacy_request_ip', (ctx) =>
  rateLimits.enabled
    ? limiter.allowRequests(30).every('1 day').usingKey(ip('privacy-request', ctx))
    : limiter.noLimit()
)
