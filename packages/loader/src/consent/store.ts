// The visitor's choice, kept first-party in localStorage under `tessera:consent:<hash of the key>`.
import { COOKIE_CHOICE_KEYS } from '@tessera/widget-core/lite'
import type { CookieChoices } from '@tessera/widget-core/lite'

export interface StoredConsent {
  choices: CookieChoices
  policyHash: string
  /** ISO date of the choice. */
  decidedAt: string
  /** UUID v4 made in this browser; the receipts' pseudonymous visitor. */
  visitorId: string
  /** From the last receipt response; proves this browser owns `visitorId`. */
  visitorToken: string | null
  /** The config's `expiresDays` when the choice was made (checked before the config is in). */
  expiresDays?: number
}

const DAY = 864e5

/** `tessera:consent:` + FNV-1a of the publishable key: one record per tenant, the key itself not stored. */
export function storageKey(key: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x1000193)
  return `tessera:consent:${(h >>> 0).toString(16)}`
}

/** A well-formed stored record, or undefined (missing, corrupt, or storage blocked). */
export function readStored(name: string): StoredConsent | undefined {
  try {
    const v = JSON.parse(localStorage.getItem(name) ?? 'null') as StoredConsent | null
    if (
      v &&
      typeof v.policyHash == 'string' &&
      typeof v.visitorId == 'string' &&
      COOKIE_CHOICE_KEYS.every((k) => typeof v.choices?.[k] == 'boolean')
    )
      return v
  } catch {
    // corrupt JSON or storage blocked: treated as no choice
  }
  return undefined
}

export function writeStored(name: string, value: StoredConsent): void {
  try {
    localStorage.setItem(name, JSON.stringify(value))
  } catch {
    // storage blocked: the choice holds for this page only
  }
}

/** Whether a stored choice still counts: same policy, and younger than `expiresDays`. */
export function isValid(
  stored: StoredConsent | undefined,
  policyHash: string,
  expiresDays: number,
  now: number
): stored is StoredConsent {
  const at = Date.parse(stored?.decidedAt ?? '')
  return !!stored && stored.policyHash === policyHash && at <= now && now - at < expiresDays * DAY
}

/** A UUID v4 (crypto.randomUUID is missing outside secure contexts). */
export function uuid(): string {
  return (
    crypto.randomUUID?.() ??
    '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
      (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16)
    )
  )
}
