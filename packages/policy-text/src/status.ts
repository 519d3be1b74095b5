// Status of a version at a given instant, derived from the published versions; never stored.

export type VersionStatus = 'draft' | 'scheduled' | 'effective' | 'superseded'

export interface VersionTiming {
  readonly id: string
  /** Date or ISO string; null / missing for a draft. */
  readonly postedAt: Date | string | null
  readonly effectiveAt: Date | string | null
}

const time = (value: Date | string | null): number | null => {
  if (value === null) return null
  const t = (typeof value === 'string' ? new Date(value) : value).getTime()
  return Number.isNaN(t) ? null : t
}

/** Posted (at or before `now`) and with a valid effective date. */
function isPublished(v: VersionTiming, now: number): boolean {
  const posted = time(v.postedAt)
  return posted !== null && posted <= now && time(v.effectiveAt) !== null
}

/**
 * The version in effect at `now`: among published versions whose effective date has come, the one that
 * became effective last (ties: the later posting, then the greater id). Undefined before the first one.
 */
export function currentVersion<V extends VersionTiming>(published: readonly V[], at: Date): V | undefined {
  const now = at.getTime()
  let best: V | undefined
  for (const v of published) {
    if (!isPublished(v, now) || (time(v.effectiveAt) as number) > now) continue
    if (!best || compare(v, best) > 0) best = v
  }
  return best
}

function compare(a: VersionTiming, b: VersionTiming): number {
  const byEffective = (time(a.effectiveAt) as number) - (time(b.effectiveAt) as number)
  if (byEffective !== 0) return byEffective
  const byPosted = (time(a.postedAt) as number) - (time(b.postedAt) as number)
  if (byPosted !== 0) return byPosted
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/**
 * draft: not posted (or posted after `now`); scheduled: posted, effective date still ahead;
 * effective: the current version; superseded: was effective, a later version has taken over.
 * `published` is the tenant's list of published versions; `version` itself need not be in it.
 */
export function versionStatus(
  version: VersionTiming,
  now: Date,
  published: readonly VersionTiming[]
): VersionStatus {
  const at = now.getTime()
  if (!isPublished(version, at)) return 'draft'
  if ((time(version.effectiveAt) as number) > at) return 'scheduled'
  const current = currentVersion([...published.filter((v) => v.id !== version.id), version], now)
  return current?.id === version.id ? 'effective' : 'superseded'
}
