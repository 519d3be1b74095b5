import { createHmac } from 'node:crypto'
import clock from '#shared/clock'
import { safeEqual } from '#shared/crypto'

export type IdentityClaims = { email: string; exp: number; firstName?: string; lastName?: string }

const MAX_LIFETIME_SECONDS = 600

/**
 * Identity tokens let a partner with its own login tell the widgets who the member is:
 * `base64url(JSON claims) + "." + base64url(HMAC-SHA256(identity secret, first part))`, with `exp`
 * (seconds since epoch) at most ten minutes ahead.
 */
export function signIdentityToken(secret: string, claims: IdentityClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url')
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`
}

export function verifyIdentityToken(secret: string, token: string): IdentityClaims | null {
  const [payload, signature, extra] = token.split('.')
  if (!payload || !signature || extra !== undefined) return null
  const expected = createHmac('sha256', secret).update(payload).digest('base64url')
  if (!safeEqual(signature, expected)) return null
  let claims: IdentityClaims
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  } catch {
    return null
  }
  const now = Math.floor(clock.now().getTime() / 1000)
  if (typeof claims?.email !== 'string' || typeof claims.exp !== 'number') return null
  if (claims.exp <= now || claims.exp > now + MAX_LIFETIME_SECONDS) return null
  return claims
}
