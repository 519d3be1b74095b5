// The signed-in member's session (`mt_…`), shared by every Tessera element on the page and across the
// separate element bundles: kept in sessionStorage (gone when the tab closes; never localStorage, never a
// cookie), under a key namespaced by a hash of the publishable key, so two tenants on one page never mix.
// Only the opaque token is stored: no name, no e-mail.

/** Fired on `window` after a session is stored or cleared (detail: the storage key). */
export const MEMBER_SESSION_EVENT = 'tessera-member-session'

const PREFIX = 'tessera.member-session.'

/** FNV-1a (32-bit) of the key, hex: a short, stable namespace that does not spell out the key. */
export function keyHash(key: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16).padStart(8, '0')
}

/** The sessionStorage key for a publishable key's member session. */
export function memberSessionKey(publishableKey: string): string {
  return `${PREFIX}${keyHash(publishableKey)}`
}

export interface MemberSessionStore {
  /** The session token, if one is stored (and storage is available). */
  get(): string | undefined
  /** Stores a session token (`mt_…`); anything else is ignored. */
  set(token: string): void
  clear(): void
  /** Calls `listener` when this key's session is set or cleared on this page; returns the unsubscribe. */
  subscribe(listener: (token: string | undefined) => void): () => void
}

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage
  } catch {
    // Storage blocked (sandboxed iframe, privacy settings): sessions then last as long as the element.
    return undefined
  }
}

const memory = new Map<string, string>()

/** The member-session store for a publishable key. */
export function memberSession(publishableKey: string): MemberSessionStore {
  const id = memberSessionKey(publishableKey)
  const notify = () => globalThis.dispatchEvent?.(new CustomEvent(MEMBER_SESSION_EVENT, { detail: id }))
  const store: MemberSessionStore = {
    get() {
      let value: string | null | undefined
      try {
        const store = storage()
        value = store ? store.getItem(id) : memory.get(id)
      } catch {
        value = memory.get(id)
      }
      return value && value.startsWith('mt_') ? value : undefined
    },
    set(token) {
      if (!token.startsWith('mt_')) return
      memory.set(id, token)
      try {
        storage()?.setItem(id, token)
      } catch {
        // Quota or blocked storage: the in-memory copy still serves this page.
      }
      notify()
    },
    clear() {
      memory.delete(id)
      try {
        storage()?.removeItem(id)
      } catch {
        // Nothing stored.
      }
      notify()
    },
    subscribe(listener) {
      const handler = (event: Event) => {
        if ((event as CustomEvent<string>).detail === id) listener(store.get())
      }
      globalThis.addEventListener?.(MEMBER_SESSION_EVENT, handler)
      return () => globalThis.removeEventListener?.(MEMBER_SESSION_EVENT, handler)
    },
  }
  return store
}
