// The policy calls of the admin API (apps/api/app/policies) as the console's Policy page uses them.
import type { ConsoleApi } from '../../api.js'

export type PolicyLocale = 'en' | 'ko'
export type VersionStatus = 'draft' | 'scheduled' | 'effective' | 'superseded'
export type LocalizedText = Record<PolicyLocale, string>

/** One version as GET /v1/admin/policy/versions lists it. */
export interface PolicyVersionSummary {
  id: string
  label: string
  status: VersionStatus
  postedAt: string | null
  effectiveAt: string | null
  significant: boolean | null
  summary: Record<PolicyLocale, string[]> | null
}

export interface CollectedItem {
  key: string
  category: 'account' | 'imaging' | 'automatic'
  required: boolean
  label: LocalizedText
}

export interface Purpose {
  key: string
  lawfulBasis: string
  consentBased: boolean
  required: boolean
  specialCategory: boolean
  items: string[]
  title: LocalizedText
  description: LocalizedText
}

export interface ProseSection {
  id: string
  title: string
  body: string
}

/** The parts of a version's content the page edits (the rest is kept as the API sent it). */
export interface PolicyContent {
  items: CollectedItem[]
  purposes: Purpose[]
  prose: Record<PolicyLocale, ProseSection[]>
  [more: string]: unknown
}

/** GET /v1/admin/policy/versions/:id, with the ETag naming the state it shows. */
export interface PolicyVersionDetail extends PolicyVersionSummary {
  content: PolicyContent
}

/** What PATCH /v1/admin/policy/versions/:id accepts (the page sends label, items, purposes, prose, refreshFromTenant). */
export type DraftPatch = Partial<{
  label: string
  /** Take the tenant's current settings and privacy officer into the draft. */
  refreshFromTenant: boolean
  items: CollectedItem[]
  purposes: Purpose[]
  prose: Record<PolicyLocale, ProseSection[]>
}>

/** GET …/preview */
export interface PolicyPreview {
  locale: PolicyLocale
  format: 'html' | 'text' | 'markdown'
  content: string
  toc: { id: string; anchor: string; title: string }[]
  /** How the version's snapshot differs from the tenant's current settings and officer. */
  drift: {
    settings: { name: string; before: number | boolean; after: number | boolean }[]
    officer: boolean
  } | null
}

/** GET …/diff: what the version changes against the latest published one. */
export interface PolicyDiff {
  against: string | null
  significant: boolean
  summary: string[]
}

/** GET …/publication: what publishing the draft now would mean. */
export interface Publication {
  against: string | null
  significant: boolean
  noticeDays: number
  earliestEffectiveAt: string
  unchanged: boolean
  notifies: boolean
  recipients: number
  asOf: string
}

/** A version with the ETag to send back as If-Match. */
export interface Tagged<T> {
  data: T
  etag: string | null
}

const base = '/v1/admin/policy/versions'
const one = (id: string) => `${base}/${encodeURIComponent(id)}`

/** The page's typed calls; every change to a draft carries the ETag it was read with. */
export class PolicyApi {
  constructor(private api: ConsoleApi) {}

  async versions(): Promise<PolicyVersionSummary[]> {
    return (await this.api.request<{ data: PolicyVersionSummary[] }>('GET', base)).data
  }

  async version(id: string): Promise<Tagged<PolicyVersionDetail>> {
    const { data, headers } = await this.api.exchange<PolicyVersionDetail>('GET', one(id))
    return { data, etag: headers.get('etag') }
  }

  async createDraft(): Promise<Tagged<PolicyVersionDetail>> {
    const { data, headers } = await this.api.exchange<PolicyVersionDetail>('POST', base, {
      basedOn: 'latest',
    })
    return { data, etag: headers.get('etag') }
  }

  async updateDraft(
    id: string,
    patch: DraftPatch,
    etag: string | null
  ): Promise<Tagged<PolicyVersionDetail>> {
    const { data, headers } = await this.api.exchange<PolicyVersionDetail>(
      'PATCH',
      one(id),
      patch,
      etag ? { 'if-match': etag } : {}
    )
    return { data, etag: headers.get('etag') }
  }

  preview(id: string, locale: PolicyLocale) {
    return this.api.request<PolicyPreview>('GET', `${one(id)}/preview?locale=${locale}&format=html`)
  }

  diff(id: string, locale: PolicyLocale) {
    return this.api.request<PolicyDiff>('GET', `${one(id)}/diff?locale=${locale}`)
  }

  publication(id: string) {
    return this.api.request<Publication>('GET', `${one(id)}/publication`)
  }

  async publish(id: string, effectiveAt: string, locale: PolicyLocale, etag: string | null) {
    const { data } = await this.api.exchange<PolicyVersionSummary>(
      'POST',
      `${one(id)}/publish`,
      { effectiveAt, locale },
      etag ? { 'if-match': etag } : {}
    )
    return data
  }
}
