// The member's own data and privacy requests (GET /v1/widget/me/data, /me/requests, /me/export): response
// types and lenient parsers, so a malformed answer becomes an `invalid-response` error instead of a crash.
// Consent choices stay in ../members/api.ts. Keep in step with apps/api (app/privacy_requests).
import {
  INVALID_RESPONSE_PROBLEM,
  KEY_HEADER,
  NETWORK_PROBLEM,
  TesseraApiError,
  toProblem,
} from '@tessera/widget-core'
import type { Locale, TesseraClient } from '@tessera/widget-core'
import { parseChoices } from '../members/api.js'
import type { ConsentAction, MemberChoices } from '../members/api.js'

export const REQUEST_STATUSES = [
  'identity_unverified',
  'received',
  'in_progress',
  'extended',
  'completed',
  'rejected',
] as const
export type RequestStatus = (typeof REQUEST_STATUSES)[number]

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

export const CORRECTABLE = ['firstName', 'lastName', 'company', 'nationality', 'email', 'locale'] as const
export type CorrectableField = (typeof CORRECTABLE)[number]
export type Corrections = Partial<Record<CorrectableField, string>>

export type NewRequest =
  | { type: 'access' }
  | { type: 'export' }
  | { type: 'rectify'; corrections: Corrections }
  | { type: 'erase' }
  | { type: 'restrict' }
  | { type: 'object'; purpose: string }
  | { type: 'withdraw_consent'; purpose: string }
  | { type: 'human_review'; reference: string; message?: string }
  | { type: 'inquiry'; subject: string; message: string; kind: 'inquiry' | 'complaint' }

export interface PrivacyRequest {
  id: string
  type: string
  channel: string
  status: RequestStatus
  receivedAt: string | null
  dueAt: string | null
  extensionReason: string | null
  response: string | null
  resolvedAt: string | null
}

export interface Profile {
  id: string
  email: string
  firstName: string
  lastName: string
  company: string | null
  nationality: string
  locale: string
  status: string
  createdAt: string | null
  lastActiveAt: string | null
}

export interface LedgerEvent {
  seq: number
  targetType: string
  targetKey: string
  action: ConsentAction | string
  policyVersion: string | null
  source: string
  occurredAt: string | null
}

export interface PolicyNotice {
  version: string
  channel: string
  queuedAt: string | null
}

export interface Upload {
  id: string
  modality: string
  uploadedAt: string | null
  expiresAt: string | null
}

export interface Authority {
  region: string
  name: string
  url: string
}

export interface MemberData {
  generatedAt: string | null
  controller: {
    name: string
    legalName: string
    officer: { name: string; department: string; email: string }
  }
  profile: Profile
  ledger: LedgerEvent[]
  notices: PolicyNotice[]
  /** Images still held (they are deleted when their retention period ends); null when not reported. */
  uploads: Upload[] | null
  /** Why processing is paused now (a correction or deletion is open, …), or null. */
  restriction: string | null
  consents: MemberChoices
  authorities: Authority[]
}

export type ExportFormat = 'json' | 'csv'

function invalid(detail: string): TesseraApiError {
  return new TesseraApiError({
    type: INVALID_RESPONSE_PROBLEM,
    title: 'Invalid response',
    status: 200,
    detail,
  })
}

function obj(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`${what} is not an object.`)
  return value as Record<string, unknown>
}

function loose(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '')
const opt = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])

export function parseRequest(json: unknown): PrivacyRequest {
  const r = obj(json, 'A request')
  const id = str(r.id)
  if (!id) throw invalid('A request has no id.')
  const status = (REQUEST_STATUSES as readonly unknown[]).includes(r.status)
    ? (r.status as RequestStatus)
    : 'received'
  return {
    id,
    type: str(r.type),
    channel: str(r.channel),
    status,
    receivedAt: opt(r.receivedAt),
    dueAt: opt(r.dueAt),
    extensionReason: opt(r.extensionReason),
    response: opt(r.response),
    resolvedAt: opt(r.resolvedAt),
  }
}

export function parseMemberData(json: unknown): MemberData {
  const root = obj(json, 'The member data')
  const data = obj(root.data, 'The member data')
  const p = obj(data.profile, 'The profile')
  if (!str(p.id)) throw invalid('The profile has no id.')
  const controller = loose(root.controller)
  const officer = loose(controller.officer)
  return {
    generatedAt: opt(root.generatedAt),
    controller: {
      name: str(controller.name),
      legalName: str(controller.legalName) || str(controller.name),
      officer: { name: str(officer.name), department: str(officer.department), email: str(officer.email) },
    },
    profile: {
      id: str(p.id),
      email: str(p.email),
      firstName: str(p.firstName),
      lastName: str(p.lastName),
      company: opt(p.company),
      nationality: str(p.nationality),
      locale: str(p.locale),
      status: str(p.status),
      createdAt: opt(p.createdAt),
      lastActiveAt: opt(p.lastActiveAt),
    },
    ledger: list(data.consents).map((e) => {
      const event = loose(e)
      const target = loose(event.target)
      return {
        seq: typeof event.seq === 'number' ? event.seq : 0,
        targetType: str(target.type),
        targetKey: str(target.key),
        action: str(event.action),
        policyVersion: opt(event.policyVersion),
        source: str(event.source),
        occurredAt: opt(event.occurredAt),
      }
    }),
    notices: list(data.policyNotices).map((n) => {
      const notice = loose(n)
      return { version: str(notice.version), channel: str(notice.channel), queuedAt: opt(notice.queuedAt) }
    }),
    uploads: Array.isArray(data.uploads)
      ? data.uploads
          .filter((u) => loose(u).status !== 'purged')
          .map((u) => {
            const upload = loose(u)
            return {
              id: str(upload.id),
              modality: str(upload.modality) || str(upload.contentType),
              uploadedAt: opt(upload.uploadedAt),
              expiresAt: opt(upload.expiresAt),
            }
          })
      : null,
    restriction: opt(root.restriction),
    consents: parseChoices(root.consents),
    authorities: list(root.authorities)
      .map((a) => {
        const authority = loose(a)
        return { region: str(authority.region), name: str(authority.name), url: str(authority.url) }
      })
      // Only web links are rendered as links.
      .filter((a) => a.name && /^https?:\/\//i.test(a.url)),
  }
}

/** The file name from a Content-Disposition header, else a sensible default. */
export function downloadName(header: string | null, format: ExportFormat): string {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header ?? '')
  const name = match?.[1] ? decodeURIComponent(match[1]).replace(/[\\/]/g, '_') : ''
  return name || `my-data.${format}`
}

/** The member's privacy calls. Texts (purposes, authorities) come back in `locale`. */
export class PrivacyApi {
  readonly #client: TesseraClient
  readonly #locale: Locale
  readonly #fetch: typeof fetch

  constructor(client: TesseraClient, locale: Locale, fetchImpl?: typeof fetch) {
    this.#client = client
    this.#locale = locale
    this.#fetch = fetchImpl ?? ((...args) => globalThis.fetch(...args))
  }

  #auth(session: string): Record<string, string> {
    return { Authorization: `Bearer ${session}` }
  }

  /** GET /v1/widget/me/data: everything held about the member, plus restriction, consents, authorities. */
  async data(session: string): Promise<MemberData> {
    const query = new URLSearchParams({ locale: this.#locale }).toString()
    return parseMemberData(
      await this.#client.request<unknown>(`/v1/widget/me/data?${query}`, { headers: this.#auth(session) })
    )
  }

  /** GET /v1/widget/me/requests: the member's privacy requests, newest first. */
  async requests(session: string): Promise<PrivacyRequest[]> {
    const body = obj(
      await this.#client.request<unknown>('/v1/widget/me/requests', { headers: this.#auth(session) }),
      'The requests'
    )
    if (!Array.isArray(body.data)) throw invalid('The requests answer has no data array.')
    return body.data.map(parseRequest)
  }

  /** POST /v1/widget/me/requests: 201 with the request; 409 (e.g. an erase already open), 422 with fields. */
  async create(session: string, request: NewRequest): Promise<PrivacyRequest> {
    const body = await this.#client.request<unknown>('/v1/widget/me/requests', {
      method: 'POST',
      body: request,
      headers: this.#auth(session),
    })
    const record = loose(body)
    return parseRequest(typeof record.data === 'object' && record.data !== null ? record.data : body)
  }

  /** GET /v1/widget/me/export?format=…: the file, as a Blob with its name. */
  async export(session: string, format: ExportFormat): Promise<{ blob: Blob; name: string }> {
    let response: Response
    try {
      response = await this.#fetch(this.#client.url(`/v1/widget/me/export?format=${format}`), {
        method: 'GET',
        headers: { [KEY_HEADER]: this.#client.key, ...this.#auth(session) },
        credentials: 'omit',
        referrerPolicy: 'strict-origin',
        mode: 'cors',
      })
    } catch (cause) {
      throw new TesseraApiError({ type: NETWORK_PROBLEM, title: 'Network error', status: 0 }, { cause })
    }
    if (!response.ok) {
      const body: unknown = await response.json().catch(() => undefined)
      throw new TesseraApiError(toProblem(response.status, response.statusText, body))
    }
    const blob = await response.blob()
    return { blob, name: downloadName(response.headers.get('Content-Disposition'), format) }
  }
}
