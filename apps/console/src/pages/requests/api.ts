// The privacy-request endpoints of the admin API (apps/api/app/privacy_requests), typed for the console.
import type { ConsoleApi } from '../../api.js'

export const REQUEST_TYPES = [
  'access',
  'export',
  'rectify',
  'erase',
  'restrict',
  'object',
  'withdraw_consent',
  'human_review',
  'inquiry',
] as const
export type RequestType = (typeof REQUEST_TYPES)[number]
export type RequestChannel = 'widget' | 'email' | 'letter' | 'admin'
export type RequestStatus =
  'identity_unverified' | 'received' | 'in_progress' | 'extended' | 'completed' | 'rejected'
export const OPEN_STATUSES: readonly RequestStatus[] = [
  'identity_unverified',
  'received',
  'in_progress',
  'extended',
]

/** A request as every endpoint returns it. */
export interface PrivacyRequest {
  id: string
  type: RequestType
  channel: RequestChannel
  status: RequestStatus
  receivedAt: string
  dueAt: string
  extensionReason: string | null
  response: string | null
  resolvedAt: string | null
}

/** A row of the inbox (GET /v1/admin/requests). */
export interface InboxRow extends PrivacyRequest {
  /** The laws its deadline follows: `kr`, `eu`. */
  regimes: string[]
  overdue: boolean
  /** Open and due within three days. */
  dueSoon: boolean
  /** May still be extended (the GDPR alone, once, before the deadline). */
  extendable: boolean
}

export interface HistoryEntry {
  action: string
  at: string
  actorType: 'admin' | 'api_key' | 'member' | 'system'
}

/** GET /v1/admin/requests/:id (the read is audited). */
export interface RequestDetail extends InboxRow {
  identityMethod: string | null
  identityVerifiedAt: string | null
  /** The member's ID; null when the address matched no member. */
  member: string | null
  details: Record<string, unknown>
  history: HistoryEntry[]
}

export interface InboxQuery {
  status: 'open' | 'closed' | 'all'
  type?: RequestType | undefined
  due?: 'overdue' | 'soon' | undefined
  page: number
  perPage?: number
}

export interface InboxPage {
  data: InboxRow[]
  meta: { total: number; page: number; perPage: number; lastPage: number }
}

/** POST /v1/admin/requests: a request that came by e-mail or letter. */
export interface RecordedRequest {
  memberEmail: string
  type: RequestType
  channel: 'email' | 'letter'
  /** ISO date-time with offset; the API refuses a future one. */
  receivedAt?: string
  /** How the requester's identity was checked; without it the request waits for verification. */
  identityMethod?: string
  details?: { message?: string }
}

const one = (id: string) => `/v1/admin/requests/${encodeURIComponent(id)}`

export function listRequests(api: ConsoleApi, query: InboxQuery) {
  const params = new URLSearchParams({ status: query.status, page: String(query.page) })
  if (query.type) params.set('type', query.type)
  if (query.due) params.set('due', query.due)
  if (query.perPage) params.set('perPage', String(query.perPage))
  return api.request<InboxPage>('GET', `/v1/admin/requests?${params}`)
}

export const getRequest = (api: ConsoleApi, id: string) => api.request<RequestDetail>('GET', one(id))

export const recordRequest = (api: ConsoleApi, body: RecordedRequest) =>
  api.request<PrivacyRequest & { member: string | null }>('POST', '/v1/admin/requests', body)

export const verifyIdentity = (api: ConsoleApi, id: string, method: string) =>
  api.request<PrivacyRequest>('POST', `${one(id)}/verify-identity`, { method })

export const acknowledgeRequest = (api: ConsoleApi, id: string) =>
  api.request<PrivacyRequest>('POST', `${one(id)}/acknowledge`)

export const extendRequest = (api: ConsoleApi, id: string, reason: string) =>
  api.request<PrivacyRequest>('POST', `${one(id)}/extend`, { reason })

export const completeRequest = (api: ConsoleApi, id: string, response: string) =>
  api.request<PrivacyRequest>('POST', `${one(id)}/complete`, response ? { response } : {})

export const rejectRequest = (api: ConsoleApi, id: string, reason: string) =>
  api.request<PrivacyRequest>('POST', `${one(id)}/reject`, { reason })
