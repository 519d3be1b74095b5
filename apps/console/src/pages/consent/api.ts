import type { ConsoleApi } from '../../api.js'

export type ConsentAction = 'grant' | 'deny' | 'withdraw'

/** One row of GET /v1/admin/consent/stats: how many decisions of one kind on one day (counts only). */
export interface ConsentStatRow {
  day: string
  target: { type: 'purpose' | 'cookie_category'; key: string }
  action: ConsentAction
  count: number
}

/** One break of a hash chain (consent ledger or audit log). */
export interface ChainProblem {
  seq: number
  kind: 'altered' | 'missing' | 'out_of_order' | 'head_mismatch'
  detail: string
}

/** GET /v1/admin/consent/verify and GET /v1/admin/audit-events/verify. */
export interface ChainReport {
  ok: boolean
  events: number
  head: string
  problems: ChainProblem[]
}

const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value)
  const text = search.toString()
  return text ? `?${text}` : ''
}
export { query as queryString }

export const consentStats = (api: ConsoleApi, from: string, to: string) =>
  api.request<{ data: ConsentStatRow[] }>('GET', `/v1/admin/consent/stats${query({ from, to })}`)

export const verifyConsentLedger = (api: ConsoleApi) =>
  api.request<ChainReport>('GET', '/v1/admin/consent/verify')

/** The whole ledger as NDJSON; the reason goes into the audit log (422 on `reason` when too short). */
export const exportConsentLedger = (api: ConsoleApi, reason: string) =>
  api.download(`/v1/admin/consent/export${query({ reason })}`)
