import { createHash } from 'node:crypto'
import type { VersionStatus } from '@tessera/policy-text'
import type PolicyVersion from '#policies/policy_version'
import { entityTag } from '#shared/preconditions'

/** The public shape of a version (no database ids). */
export function presentVersion(row: PolicyVersion, status: VersionStatus, locale?: 'en' | 'ko') {
  return {
    id: row.publicId,
    label: row.label,
    status,
    postedAt: row.postedAt?.toUTC().toISO() ?? null,
    effectiveAt: row.effectiveAt?.toUTC().toISO() ?? null,
    significant: row.significant,
    summary: locale ? (row.changeSummary?.[locale] ?? []) : (row.changeSummary ?? null),
  }
}

/**
 * The ETag of a version's editable state. A digest of label, state and content rather than
 * `updated_at`: that column keeps whole seconds, and two saves within one second must differ.
 */
export function versionTag(row: PolicyVersion): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([row.state, row.label, row.content]))
    .digest('base64url')
  return entityTag(row.publicId, digest)
}
