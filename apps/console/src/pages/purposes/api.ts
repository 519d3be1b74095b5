// The Purposes & cookies page's calls: the policy in effect (its purposes and cookie categories come from
// the published policy version: they change only with a new version, on the Policy page), the cookie
// inventory, and the publishable keys for the embed snippet.
import type { ConsoleApi } from '../../api.js'

export type Locale = 'en' | 'ko'
export type LocalizedText = Record<Locale, string>

export const LAWFUL_BASES = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'legitimate_interests',
] as const
export type LawfulBasis = (typeof LAWFUL_BASES)[number]

/** A purpose as the policy defines it (packages/policy-text/src/model.ts). */
export interface PolicyPurpose {
  key: string
  lawfulBasis: LawfulBasis
  consentBased: boolean
  required: boolean
  specialCategory: boolean
  items: string[]
  title: LocalizedText
  description: LocalizedText
}

export interface PolicyCookieCategory {
  key: string
  required: boolean
  title: LocalizedText
  description: LocalizedText
}

export type VersionStatus = 'draft' | 'scheduled' | 'effective' | 'superseded'

export interface PolicyVersionSummary {
  id: string
  label: string
  status: VersionStatus
  effectiveAt: string | null
}

export interface PolicyVersionDetail extends PolicyVersionSummary {
  content: { purposes: PolicyPurpose[]; cookies: PolicyCookieCategory[] }
}

/** One row of the cookie inventory (GET/PUT /v1/admin/cookies/inventory). */
export interface InventoryEntry {
  category: string
  name: string
  provider: string
  duration: string
  purpose: LocalizedText
}

/** The API's limits (apps/api/app/consent/cookie_validators.ts). */
export const INVENTORY_LIMITS = {
  entries: 200,
  name: 128,
  provider: 128,
  duration: 64,
  purpose: 500,
} as const

export interface PublishableKey {
  id: string
  kind: 'publishable' | 'secret'
  label: string
  prefix: string
  publishableKey: string | null
  revokedAt: string | null
}

export const purposesApi = {
  /** The version in effect with its content, or null when nothing is published yet. */
  async currentPolicy(api: ConsoleApi): Promise<PolicyVersionDetail | null> {
    const { data } = await api.request<{ data: PolicyVersionSummary[] }>('GET', '/v1/admin/policy/versions')
    const current = data.find((v) => v.status === 'effective')
    if (!current) return null
    return api.request<PolicyVersionDetail>(
      'GET',
      `/v1/admin/policy/versions/${encodeURIComponent(current.id)}`
    )
  },
  inventory(api: ConsoleApi) {
    return api.request<{ entries: InventoryEntry[] }>('GET', '/v1/admin/cookies/inventory')
  },
  replaceInventory(api: ConsoleApi, entries: InventoryEntry[]) {
    return api.request<{ entries: InventoryEntry[] }>('PUT', '/v1/admin/cookies/inventory', { entries })
  },
  /** The active publishable keys (needs keys.manage). */
  async publishableKeys(api: ConsoleApi): Promise<PublishableKey[]> {
    const { data } = await api.request<{ data: PublishableKey[] }>('GET', '/v1/admin/keys')
    return data.filter((k) => k.kind === 'publishable' && !k.revokedAt && k.publishableKey)
  },
}
