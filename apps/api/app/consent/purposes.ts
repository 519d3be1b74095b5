import { createHash } from 'node:crypto'
import type { Locale, Purpose, CookieCategory } from '@tessera/policy-text'
import type PolicyVersion from '#policies/policy_version'

/**
 * Purposes and cookie categories come from the policy version in effect: what a member consents to
 * is exactly what the policy they were shown says, and a new version changes both at once.
 */
export function purposesOf(version: PolicyVersion): readonly Purpose[] {
  return version.content.purposes
}

export function cookieCategoriesOf(version: PolicyVersion): readonly CookieCategory[] {
  return version.content.cookies
}

/** Hash of the exact text shown for a purpose or category in one locale (recorded with each event). */
export function textHash(
  entry: { title: Record<Locale, string>; description: Record<Locale, string> },
  locale: Locale
): string {
  return createHash('sha256')
    .update(JSON.stringify([entry.title[locale], entry.description[locale]]))
    .digest('hex')
}

/** Identifies the cookie policy a visitor answered: any change to the categories shows the banner again. */
export function cookiePolicyHash(version: PolicyVersion): string {
  return createHash('sha256')
    .update(JSON.stringify(cookieCategoriesOf(version)))
    .digest('hex')
    .slice(0, 16)
}
