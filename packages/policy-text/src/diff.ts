// Structured differences between two policy versions, and whether the change is significant.
// Significant means exactly: the collected items or the purposes changed (in any way).

import type {
  CookieCategory,
  CollectedItem,
  LawfulBasis,
  LocalizedText,
  Locale,
  Officer,
  PolicySettings,
  PolicyVersion,
  ProseSection,
  Purpose,
  RetentionRule,
} from './model.js'
import { SUPPORTED_LOCALES } from './model.js'
import { resolveSettings } from './settings.js'

export interface KeyedChange<F extends string = string> {
  readonly key: string
  /** Label in the newer version (or the older one for removals), for summaries. */
  readonly label: LocalizedText
  readonly fields: readonly F[]
}

export interface KeyedChanges<F extends string = string> {
  readonly added: readonly KeyedChange<F>[]
  readonly removed: readonly KeyedChange<F>[]
  readonly changed: readonly KeyedChange<F>[]
}

export type ItemField = 'category' | 'required' | 'label'
export type PurposeField =
  'lawfulBasis' | 'consentBased' | 'required' | 'specialCategory' | 'items' | 'title' | 'description'

export interface PurposeChange extends KeyedChange<PurposeField> {
  readonly lawfulBasis?: { readonly before: LawfulBasis; readonly after: LawfulBasis }
}

export interface SettingChange {
  readonly name: keyof PolicySettings
  readonly before: number | boolean
  readonly after: number | boolean
}

export interface ProseChange {
  readonly locale: Locale
  readonly id: string
  readonly kind: 'added' | 'removed' | 'changed'
  readonly title: string
}

export type OtherPart = 'thirdParty' | 'safety' | 'rights' | 'complaintAuthorities'

export interface PolicyDiff {
  readonly items: KeyedChanges<ItemField>
  readonly purposes: {
    readonly added: readonly PurposeChange[]
    readonly removed: readonly PurposeChange[]
    readonly changed: readonly PurposeChange[]
  }
  readonly retention: {
    readonly changed: boolean
    readonly rules: KeyedChanges<'items' | 'period' | 'label'>
    readonly settings: readonly SettingChange[]
  }
  /** Non-retention settings (notice periods, request deadline) used by the prose. */
  readonly settings: readonly SettingChange[]
  readonly officer: { readonly before: Officer; readonly after: Officer } | null
  readonly cookies: KeyedChanges<'required' | 'title' | 'description'>
  readonly prose: readonly ProseChange[]
  readonly other: readonly OtherPart[]
  /** True exactly when collected items or purposes changed. */
  readonly significant: boolean
  /**
   * Consent-based purposes of the newer version that need fresh consent: added, changed, or processing
   * a collected item that was added or changed.
   */
  readonly changedConsentPurposes: readonly string[]
  /** True when nothing at all differs. */
  readonly empty: boolean
}

/** Structural equality for plain data (arrays, objects, primitives), key order independent. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameData(x, b[i]))
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined)
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined)
  if (ka.length !== kb.length) return false
  return ka.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

function keyed<T extends { key: string }, F extends string>(
  before: readonly T[],
  after: readonly T[],
  fields: readonly F[],
  label: (t: T) => LocalizedText
): KeyedChanges<F> & { changedItems: [T, T, F[]][] } {
  const prev = new Map(before.map((t) => [t.key, t]))
  const next = new Map(after.map((t) => [t.key, t]))
  const added = after
    .filter((t) => !prev.has(t.key))
    .map((t) => ({ key: t.key, label: label(t), fields: [] }))
  const removed = before
    .filter((t) => !next.has(t.key))
    .map((t) => ({ key: t.key, label: label(t), fields: [] }))
  const changedItems: [T, T, F[]][] = []
  for (const t of after) {
    const p = prev.get(t.key)
    if (!p) continue
    const diffFields = fields.filter(
      (f) => !sameData((p as Record<string, unknown>)[f], (t as Record<string, unknown>)[f])
    )
    // A change outside the listed fields (e.g. a new property) still counts as a change.
    if (diffFields.length > 0 || !sameData(p, t)) changedItems.push([p, t, diffFields])
  }
  const changed = changedItems.map(([, t, f]) => ({ key: t.key, label: label(t), fields: f }))
  return { added, removed, changed, changedItems }
}

const RETENTION_SETTINGS = [
  'imageRetentionHours',
  'dormancyEnabled',
  'dormancyDays',
  'dormantDestroyYears',
] as const
const OTHER_SETTINGS = ['minorNoticeDays', 'significantNoticeDays', 'privacyRequestDeadlineDays'] as const

function settingChanges(
  before: PolicySettings,
  after: PolicySettings,
  names: readonly (keyof PolicySettings)[]
): SettingChange[] {
  return names
    .filter((n) => before[n] !== after[n])
    .map((name) => ({ name, before: before[name], after: after[name] }))
}

function proseChanges(before: PolicyVersion, after: PolicyVersion): ProseChange[] {
  const out: ProseChange[] = []
  for (const locale of SUPPORTED_LOCALES) {
    const prev = new Map((before.prose[locale] ?? []).map((s) => [s.id, s]))
    const next: readonly ProseSection[] = after.prose[locale] ?? []
    const nextIds = new Set(next.map((s) => s.id))
    for (const s of next) {
      const p = prev.get(s.id)
      if (!p) out.push({ locale, id: s.id, kind: 'added', title: s.title })
      else if (p.title !== s.title || p.body !== s.body)
        out.push({ locale, id: s.id, kind: 'changed', title: s.title })
    }
    for (const [id, s] of prev)
      if (!nextIds.has(id)) out.push({ locale, id, kind: 'removed', title: s.title })
  }
  return out
}

export function diff(previous: PolicyVersion, next: PolicyVersion): PolicyDiff {
  const items = keyed<CollectedItem, ItemField>(
    previous.items,
    next.items,
    ['category', 'required', 'label'],
    (i) => i.label
  )
  const purposeFields: PurposeField[] = [
    'lawfulBasis',
    'consentBased',
    'required',
    'specialCategory',
    'items',
    'title',
    'description',
  ]
  const purposesRaw = keyed<Purpose, PurposeField>(
    previous.purposes,
    next.purposes,
    purposeFields,
    (p) => p.title
  )
  const purposes = {
    added: purposesRaw.added,
    removed: purposesRaw.removed,
    changed: purposesRaw.changedItems.map(([p, n, fields]): PurposeChange => ({
      key: n.key,
      label: n.title,
      fields,
      ...(p.lawfulBasis !== n.lawfulBasis
        ? { lawfulBasis: { before: p.lawfulBasis, after: n.lawfulBasis } }
        : {}),
    })),
  }
  const rules = keyed<RetentionRule, 'items' | 'period' | 'label'>(
    previous.retention,
    next.retention,
    ['items', 'period', 'label'],
    (r) => r.label
  )
  const sBefore = resolveSettings(previous.settings)
  const sAfter = resolveSettings(next.settings)
  const retentionSettings = settingChanges(sBefore, sAfter, RETENTION_SETTINGS)
  const cookies = keyed<CookieCategory, 'required' | 'title' | 'description'>(
    previous.cookies,
    next.cookies,
    ['required', 'title', 'description'],
    (c) => c.title
  )
  const other = (['thirdParty', 'safety', 'rights', 'complaintAuthorities'] as const).filter(
    (part) => !sameData(previous[part], next[part])
  )

  const significant =
    items.added.length + items.removed.length + items.changed.length > 0 ||
    purposes.added.length + purposes.removed.length + purposes.changed.length > 0

  const touchedItems = new Set([...items.added, ...items.changed].map((i) => i.key))
  const touchedPurposes = new Set([...purposes.added, ...purposes.changed].map((p) => p.key))
  const changedConsentPurposes = next.purposes
    .filter((p) => p.consentBased && (touchedPurposes.has(p.key) || p.items.some((i) => touchedItems.has(i))))
    .map((p) => p.key)

  const officer = sameData(previous.officer, next.officer)
    ? null
    : { before: previous.officer, after: next.officer }
  const prose = proseChanges(previous, next)
  const settings = settingChanges(sBefore, sAfter, OTHER_SETTINGS)
  const retentionRules = { added: rules.added, removed: rules.removed, changed: rules.changed }
  const retentionChanged =
    retentionSettings.length > 0 || rules.added.length + rules.removed.length + rules.changed.length > 0
  const cookieChanges = { added: cookies.added, removed: cookies.removed, changed: cookies.changed }
  const itemChanges = { added: items.added, removed: items.removed, changed: items.changed }

  return {
    items: itemChanges,
    purposes,
    retention: { changed: retentionChanged, rules: retentionRules, settings: retentionSettings },
    settings,
    officer,
    cookies: cookieChanges,
    prose,
    other,
    significant,
    changedConsentPurposes,
    empty:
      !significant &&
      !retentionChanged &&
      settings.length === 0 &&
      officer === null &&
      cookies.added.length + cookies.removed.length + cookies.changed.length === 0 &&
      prose.length === 0 &&
      other.length === 0,
  }
}

/**
 * How a version's snapshot differs from the tenant's current settings and officer. Rendering uses the
 * snapshot (a published text never changes under members' feet); a non-empty drift tells the API that
 * a new version must be drafted and posted so the text and the running behaviour agree again.
 */
export function settingsDrift(
  version: Pick<PolicyVersion, 'settings' | 'officer'>,
  tenant: { readonly settings?: Partial<PolicySettings>; readonly officer: Officer }
): { readonly settings: readonly SettingChange[]; readonly officer: boolean } {
  const names = [...RETENTION_SETTINGS, ...OTHER_SETTINGS]
  return {
    settings: settingChanges(resolveSettings(version.settings), resolveSettings(tenant.settings), names),
    officer: !sameData(version.officer, tenant.officer),
  }
}
