import type { ConsoleApi } from '../../api.js'
import { queryString } from '../consent/api.js'
import type { ChainReport } from '../consent/api.js'

/** One entry of the audit log (GET /v1/admin/audit-events). */
export interface AuditEvent {
  id: number
  seq: number
  actor: { type: string; id: string | null }
  action: string
  subject: { type: string; id: string | null } | null
  ip: string | null
  reason: string | null
  metadata: unknown
  createdAt: string
  hash: string
}

export interface AuditFilters {
  action?: string
  actor?: string
  subject?: string
  from?: string
  to?: string
}

export interface AuditPage {
  data: AuditEvent[]
  /** The `before` of the next (older) page, or null on the last one. */
  next: number | null
}

export const auditEvents = (api: ConsoleApi, filters: AuditFilters, before?: number, limit = 25) =>
  api.request<AuditPage>(
    'GET',
    `/v1/admin/audit-events${queryString({ ...filters, before: before ? String(before) : undefined, limit: String(limit) })}`
  )

export const verifyAuditLog = (api: ConsoleApi) =>
  api.request<ChainReport>('GET', '/v1/admin/audit-events/verify')

/** The month's log for the access review, as NDJSON; the export itself is logged with its reason. */
export const auditMonth = (api: ConsoleApi, month: string, reason: string) =>
  api.download(`/v1/admin/audit-events/monthly${queryString({ month, reason })}`)

/** GET /v1/admin/audit-events/summary: how many entries a month has, per action and per day (UTC). */
export interface AuditMonthSummary {
  month: string
  total: number
  actions: { action: string; count: number }[]
  days: { day: string; count: number }[]
}

export const auditSummary = (api: ConsoleApi, month: string) =>
  api.request<AuditMonthSummary>('GET', `/v1/admin/audit-events/summary${queryString({ month })}`)
