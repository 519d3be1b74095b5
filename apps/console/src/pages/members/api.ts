import type { ConsoleApi } from '../../api.js'
import type { Locale } from '../../messages.js'

// The Members page's calls: GET /v1/admin/members (search), GET /v1/admin/members/:id (profile), and the
// member exports that need a stated reason (consent proof, usage records).

export type MemberStatus = 'pending' | 'active' | 'restricted' | 'dormant' | 'withdrawn'

/** A search hit: identifiers and status, no personal data. */
export interface MemberHit {
  id: string
  status: MemberStatus
  createdAt: string
  lastActiveAt: string | null
}

export interface MemberSearchResult {
  kind: 'email' | 'id'
  data: MemberHit[]
  meta: { page: number; perPage: number; total: number }
}

export interface MemberConsent {
  key: string
  title: string
  consentBased: boolean
  required: boolean
  state: 'granted' | 'denied' | 'withdrawn' | null
  decidedAt: string | null
  needsAnswer: boolean
}

export interface MemberRequest {
  id: string
  type: string
  channel: string
  status: string
  receivedAt: string
  dueAt: string
  resolvedAt: string | null
}

export interface MemberUpload {
  id: string
  contentType: string
  modality: string | null
  size: number | null
  status: string
  uploadedAt: string
  expiresAt: string
  purgedAt: string | null
}

/** GET /v1/admin/members/:id. While dormant (`separated`), everything but the status is null. */
export interface MemberProfile {
  id: string
  status: MemberStatus
  separated: boolean
  createdAt: string
  lastActiveAt: string | null
  dormantAt: string | null
  locale: string | null
  personal: {
    email: string
    firstName: string | null
    lastName: string | null
    company: string | null
    nationality: string | null
  } | null
  consents: { policyVersion: string | null; purposes: MemberConsent[] } | null
  requests: MemberRequest[] | null
  uploads: MemberUpload[] | null
}

/** GET /v1/admin/members/:id/usage-records */
export interface UsageRecords {
  member: string
  status: MemberStatus
  lastActiveAt: string | null
  retentionDays: number
  data: { action: string; ip: string | null; at: string }[]
}

const member = (id: string) => `/v1/admin/members/${encodeURIComponent(id)}`

export function searchMembers(api: ConsoleApi, q: string, page = 1) {
  const query = new URLSearchParams({ q, page: String(page) })
  return api.request<MemberSearchResult>('GET', `/v1/admin/members?${query}`)
}

export function memberProfile(api: ConsoleApi, id: string, locale: Locale) {
  return api.request<MemberProfile>('GET', `${member(id)}?locale=${locale}`)
}

export function consentProof(api: ConsoleApi, id: string, reason: string) {
  return api.download(`${member(id)}/consent-proof?${new URLSearchParams({ reason })}`)
}

export function usageRecords(api: ConsoleApi, id: string, reason: string) {
  return api.request<UsageRecords>('GET', `${member(id)}/usage-records?${new URLSearchParams({ reason })}`)
}
