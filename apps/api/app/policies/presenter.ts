import type { VersionStatus } from '@tessera/policy-text'
import type PolicyVersion from '#policies/policy_version'

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
