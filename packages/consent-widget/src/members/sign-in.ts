// What every member element shares about signing in: reading problem details, and exchanging an e-mailed
// link (`#tessera-verify=…` / `#tessera-sign-in=…`) for a session. Used by <tessera-consent> and
// <tessera-privacy-center>; whichever element starts first takes the single-use token out of the address
// bar synchronously, so the link is never exchanged twice.
import { isTesseraApiError, PROBLEM_BASE } from '@tessera/widget-core'
import type { MessageKey, TesseraErrorDetail } from '@tessera/widget-core'
import type { MembersApi, SessionGrant } from './api.js'
import { hasLinkParam, readLinkToken, removeLinkToken } from './links.js'

export const PLAIN_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export const problemType = (slug: string): string => `${PROBLEM_BASE}${slug}`

export function statusOf(error: unknown): number | undefined {
  return isTesseraApiError(error) ? error.status : undefined
}

export function typeIs(error: unknown, slug: string): boolean {
  return isTesseraApiError(error) && error.type === problemType(slug)
}

export function problemOf(error: unknown): TesseraErrorDetail {
  return isTesseraApiError(error)
    ? { status: error.status, type: error.type, title: error.title }
    : { status: 0, type: `${PROBLEM_BASE}unknown`, title: 'Unexpected error' }
}

export interface LinkOutcome {
  grant?: SessionGrant
  /** What to announce after a successful exchange. */
  announcement?: MessageKey
  /** What to show when the link did not work. */
  notice?: MessageKey
}

/**
 * Exchanges the e-mailed link in `hash` (if any) for a session. The fragment is removed from the address
 * bar and history before the first await, whatever happens next. Resolves to `{}` without a link.
 */
export async function exchangeLink(
  api: MembersApi,
  hash: string = globalThis.location?.hash ?? ''
): Promise<LinkOutcome> {
  const link = readLinkToken(hash)
  if (hasLinkParam(hash)) removeLinkToken()
  if (!link) return {}
  try {
    const grant = link.kind === 'verify' ? await api.verify(link.token) : await api.signIn(link.token)
    return { grant, announcement: link.kind === 'verify' ? 'consent.verified' : 'consent.signedInNow' }
  } catch (error) {
    return { notice: statusOf(error) === 410 ? 'consent.linkInvalid' : 'consent.actionFailed' }
  }
}
