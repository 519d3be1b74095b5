// The policy endpoints of the widget API (GET /v1/widget/policy…): response types and lenient parsers, so
// a malformed answer becomes an `invalid-response` error instead of a crash. Keep in step with apps/api.
import { INVALID_RESPONSE_PROBLEM, TesseraApiError } from '@tessera/widget-core'
import type { TesseraClient } from '@tessera/widget-core'

export type PolicyVersionStatus = 'effective' | 'scheduled' | 'superseded'

export interface PolicyVersionSummary {
  id: string
  label: string
  postedAt: string
  effectiveAt: string
  status: PolicyVersionStatus
  significant: boolean
  /** Plain-text lines in the requested locale (may be empty for the first version). */
  summary: string[]
}

export interface PolicyOverview {
  current: PolicyVersionSummary | null
  upcoming: PolicyVersionSummary | null
}

export interface PolicyTocEntry {
  id: string
  anchor: string
  title: string
}

export interface PolicyVersionDocument {
  id: string
  label: string
  locale: string
  status: PolicyVersionStatus
  postedAt: string
  effectiveAt: string
  /** Rendered server-side by @tessera/policy-text: escaped, https:/mailto: links only. */
  html: string
  toc: PolicyTocEntry[]
}

export interface PolicyDiff {
  from: string
  to: string
  significant: boolean
  summary: string[]
}

function invalid(detail: string): TesseraApiError {
  return new TesseraApiError({
    type: INVALID_RESPONSE_PROBLEM,
    title: 'Invalid response',
    status: 200,
    detail,
  })
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`${what} is not an object.`)
  return value as Record<string, unknown>
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function lines(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((l): l is string => typeof l === 'string') : []
}

function status(value: unknown): PolicyVersionStatus {
  return value === 'scheduled' || value === 'superseded' ? value : 'effective'
}

function id(value: Record<string, unknown>, what: string): string {
  if (typeof value.id !== 'string' || value.id === '') throw invalid(`${what} has no id.`)
  return value.id
}

export function parseVersionSummary(json: unknown): PolicyVersionSummary {
  const v = record(json, 'A policy version')
  return {
    id: id(v, 'A policy version'),
    label: text(v.label),
    postedAt: text(v.postedAt),
    effectiveAt: text(v.effectiveAt),
    status: status(v.status),
    significant: v.significant === true,
    summary: lines(v.summary),
  }
}

export function parseOverview(json: unknown): PolicyOverview {
  const o = record(json, 'The policy overview')
  return {
    current: o.current == null ? null : parseVersionSummary(o.current),
    upcoming: o.upcoming == null ? null : parseVersionSummary(o.upcoming),
  }
}

export function parseArchive(json: unknown): PolicyVersionSummary[] {
  const data = record(json, 'The policy archive').data
  if (!Array.isArray(data)) throw invalid('The policy archive has no data array.')
  return data.map(parseVersionSummary)
}

export function parseDocument(json: unknown): PolicyVersionDocument {
  const d = record(json, 'The policy version')
  const toc = Array.isArray(d.toc) ? d.toc : []
  return {
    id: id(d, 'The policy version'),
    label: text(d.label),
    locale: text(d.locale),
    status: status(d.status),
    postedAt: text(d.postedAt),
    effectiveAt: text(d.effectiveAt),
    html: text(d.html),
    toc: toc
      .filter((t): t is Record<string, unknown> => typeof t === 'object' && t !== null)
      .map((t) => ({ id: text(t.id), anchor: text(t.anchor), title: text(t.title) }))
      .filter((t) => t.anchor !== '' && t.title !== ''),
  }
}

export function parseDiff(json: unknown): PolicyDiff {
  const d = record(json, 'The policy diff')
  return {
    from: text(d.from),
    to: text(d.to),
    significant: d.significant === true,
    summary: lines(d.summary),
  }
}

/** The calls `<tessera-policy>` makes; every one carries `locale` as a query parameter. */
export class PolicyApi {
  readonly #client: TesseraClient
  readonly #locale: string

  constructor(client: TesseraClient, locale: string) {
    this.#client = client
    this.#locale = locale
  }

  #get(path: string, query: Record<string, string> = {}): Promise<unknown> {
    const params = new URLSearchParams({ ...query, locale: this.#locale })
    return this.#client.request<unknown>(`${path}?${params.toString()}`)
  }

  /** GET /v1/widget/policy: the current and upcoming versions. */
  async overview(): Promise<PolicyOverview> {
    return parseOverview(await this.#get('/v1/widget/policy'))
  }

  /** GET /v1/widget/policy/versions: every published version, newest first. */
  async versions(): Promise<PolicyVersionSummary[]> {
    return parseArchive(await this.#get('/v1/widget/policy/versions'))
  }

  /** GET /v1/widget/policy/versions/:id: one version's text. */
  async version(versionId: string): Promise<PolicyVersionDocument> {
    return parseDocument(await this.#get(`/v1/widget/policy/versions/${encodeURIComponent(versionId)}`))
  }

  /** GET /v1/widget/policy/diff?from&to: what changes between two versions. */
  async diff(from: string, to: string): Promise<PolicyDiff> {
    return parseDiff(await this.#get('/v1/widget/policy/diff', { from, to }))
  }
}
