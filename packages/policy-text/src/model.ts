// The policy as structured data. A version is a snapshot: once published it never changes, and every
// sentence shown to a member is either rendered from these fields or from the version's prose templates.

export const SUPPORTED_LOCALES = ['en', 'ko'] as const
export type Locale = (typeof SUPPORTED_LOCALES)[number]

/** One text per supported locale. */
export type LocalizedText = Readonly<Record<Locale, string>>

export type DataCategory = 'account' | 'imaging' | 'automatic'

export interface CollectedItem {
  readonly key: string
  readonly category: DataCategory
  /** Needed to use the service at all (as opposed to optional). */
  readonly required: boolean
  readonly label: LocalizedText
}

export const LAWFUL_BASES = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'legitimate_interests',
] as const
export type LawfulBasis = (typeof LAWFUL_BASES)[number]

export interface Purpose {
  readonly key: string
  readonly lawfulBasis: LawfulBasis
  /** Processing waits for the member's own consent (and fresh consent when the purpose changes). */
  readonly consentBased: boolean
  /** Required for the service, or optional (the member may refuse and keep using the rest). */
  readonly required: boolean
  /** Special-category data (health imaging): separate, explicit consent, never bundled. */
  readonly specialCategory: boolean
  /** Keys of the collected items this purpose processes. */
  readonly items: readonly string[]
  readonly title: LocalizedText
  readonly description: LocalizedText
}

/**
 * How long data is kept. Periods that depend on tenant settings carry no number of their own: they read
 * `PolicyVersion.settings`, the same values the purge and dormancy jobs use, so text and behaviour agree.
 */
export type RetentionPeriod =
  | { readonly kind: 'until_withdrawal' }
  | { readonly kind: 'hours_after_upload' }
  | { readonly kind: 'dormancy' }
  | { readonly kind: 'anonymised_kept' }
  | { readonly kind: 'fixed_days'; readonly days: number }

export interface RetentionRule {
  readonly key: string
  readonly items: readonly string[]
  readonly period: RetentionPeriod
  readonly label: LocalizedText
}

export interface ThirdPartyRecipient {
  readonly name: string
  readonly purpose: LocalizedText
  readonly items: readonly string[]
}

export interface ThirdPartyProvision {
  /** Third parties receiving personal data (empty: none). */
  readonly recipients: readonly ThirdPartyRecipient[]
  /** Processors entrusted with processing (consignment); empty: none. */
  readonly processors: readonly ThirdPartyRecipient[]
  /** Data may still be handed over where a law obliges it (PIPA Art. 17 exception). */
  readonly legalObligationException: boolean
}

export interface SafetyMeasures {
  readonly management: readonly LocalizedText[]
  readonly technical: readonly LocalizedText[]
  readonly physical: readonly LocalizedText[]
}

export const RIGHTS = ['view', 'correct', 'delete', 'export', 'restrict', 'object', 'withdraw'] as const
export type Right = (typeof RIGHTS)[number]
export const REQUEST_CHANNELS = ['widget', 'email', 'letter'] as const
export type RequestChannel = (typeof REQUEST_CHANNELS)[number]

export interface RightsPolicy {
  readonly rights: readonly Right[]
  readonly channels: readonly RequestChannel[]
  /** While a correction or deletion request is open the member's data is not used. */
  readonly noUseWhilePending: boolean
}

export interface Officer {
  readonly name: string
  readonly department: string
  readonly email: string
}

export interface CookieCategory {
  /** e.g. necessary, preferences, analytics, marketing */
  readonly key: string
  /** Always on (strictly necessary); every other category is off until the visitor says yes. */
  readonly required: boolean
  readonly title: LocalizedText
  readonly description: LocalizedText
}

export type AuthorityRegion = 'KR' | 'EU'

export interface ComplaintAuthority {
  readonly region: AuthorityRegion
  readonly name: LocalizedText
  /** https: URL */
  readonly url: string
}

/** One prose section: `body` is template source (see template.ts) producing the safe Markdown subset. */
export interface ProseSection {
  /** Stable id, `[a-z][a-z0-9-]*`; the anchor is `section-<id>`. */
  readonly id: string
  readonly title: string
  readonly body: string
}

/** Tenant settings that policy text and service behaviour share. */
export interface PolicySettings {
  readonly imageRetentionHours: number
  readonly dormancyEnabled: boolean
  readonly dormancyDays: number
  readonly dormantDestroyYears: number
  readonly minorNoticeDays: number
  readonly significantNoticeDays: number
  readonly privacyRequestDeadlineDays: number
}

export interface PolicyVersion {
  /** Version label shown to members, e.g. "2025-03". */
  readonly id: string
  readonly kind: 'privacy'
  /** Settings snapshot the text and retention rules were written against. */
  readonly settings: PolicySettings
  readonly items: readonly CollectedItem[]
  readonly purposes: readonly Purpose[]
  readonly retention: readonly RetentionRule[]
  readonly thirdParty: ThirdPartyProvision
  readonly safety: SafetyMeasures
  readonly rights: RightsPolicy
  readonly officer: Officer
  readonly cookies: readonly CookieCategory[]
  readonly complaintAuthorities: readonly ComplaintAuthority[]
  readonly prose: Readonly<Record<Locale, readonly ProseSection[]>>
  /** ISO 8601 instants; null while a draft. */
  readonly postedAt: string | null
  readonly effectiveAt: string | null
}

/** Tenant values the API hands to policy-text (rendering, defaults, schedules). */
export interface TenantPolicyContext {
  readonly name: string
  readonly legalName: string
  /** ISO 3166-1 alpha-2, e.g. KR, DE. */
  readonly country: string
  readonly officer: Officer
  readonly contactEmail: string
  /** https: URL of the tenant's site. */
  readonly website: string
  readonly settings?: Partial<PolicySettings>
}

export function isSupportedLocale(locale: string): locale is Locale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(locale)
}
