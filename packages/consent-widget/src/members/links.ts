// E-mailed links come back to the partner's page as `returnUrl#tessera-verify=mv_…` (confirm a sign-up) or
// `returnUrl#tessera-sign-in=ml_…` (sign in). The token is read once, then taken out of the address bar and
// the history entry, so it is not bookmarked, shared or sent on as a Referer.

export type LinkKind = 'verify' | 'sign-in'

export interface LinkToken {
  kind: LinkKind
  token: string
}

const PARAMS: Record<LinkKind, { name: string; prefix: string }> = {
  verify: { name: 'tessera-verify', prefix: 'mv_' },
  'sign-in': { name: 'tessera-sign-in', prefix: 'ml_' },
}

/** The link token in a URL fragment (`#tessera-verify=…` or `#tessera-sign-in=…`), if there is one. */
export function readLinkToken(hash: string): LinkToken | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  for (const kind of Object.keys(PARAMS) as LinkKind[]) {
    const { name, prefix } = PARAMS[kind]
    const token = params.get(name)?.trim()
    if (token && token.startsWith(prefix) && token.length <= 64) return { kind, token }
  }
  return undefined
}

/** Whether the fragment carries one of our parameters (valid or not): it is removed either way. */
export function hasLinkParam(hash: string): boolean {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  return Object.values(PARAMS).some(({ name }) => params.has(name))
}

/**
 * Removes our parameters from the fragment with `history.replaceState` (no navigation, no new history
 * entry). Other fragment parameters the partner uses are kept.
 */
export function removeLinkToken(win: Window = window): void {
  const url = new URL(win.location.href)
  const params = new URLSearchParams(url.hash.replace(/^#/, ''))
  for (const { name } of Object.values(PARAMS)) params.delete(name)
  const rest = params.toString()
  url.hash = rest
  const href = rest ? url.href : url.href.replace(/#$/, '')
  win.history.replaceState(win.history.state, '', href)
}

/** Where e-mailed links lead back to: this page, without its fragment. */
export function currentReturnUrl(win: Window = window): string {
  const url = new URL(win.location.href)
  url.hash = ''
  return url.href.replace(/#$/, '')
}
