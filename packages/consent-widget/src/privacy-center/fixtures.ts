// A stand-in for the member privacy endpoints (me/data, me/requests, me/export), layered over the members
// stand-in (sessions, consents): for Storybook and the tests, no API needed. Records every request in the
// same list. Not part of any bundle.
import { sampleWidgetConfig } from '@tessera/widget-core'
import type { ProblemFieldError, WidgetConfig } from '@tessera/widget-core'
import { FIXTURE_MEMBER, membersFixtureApi } from '../members/fixtures.js'
import type { MembersFixtureApi, MembersFixtureOptions } from '../members/fixtures.js'
import type { PrivacyRequest } from './api.js'

export interface PrivacyFixtureOptions extends MembersFixtureOptions {
  /** Why processing is restricted now (the banner), or nothing. */
  restriction?: string
  /** The member's requests to start with (default: none). */
  requests?: PrivacyRequest[]
  /** An erase request is already open: POST erase answers 409. */
  eraseOpen?: boolean
  /** POST /me/requests answers 422 with these field errors. */
  requestErrors?: ProblemFieldError[]
  /** The export answers with this status. */
  exportStatus?: number
}

export type PrivacyFixtureApi = MembersFixtureApi

const NOW = '2026-04-01T08:00:00.000Z'

/** Requests in every state the list shows. */
export const FIXTURE_REQUESTS: PrivacyRequest[] = [
  {
    id: 'pr_extended',
    type: 'access',
    channel: 'widget',
    status: 'extended',
    receivedAt: '2026-02-10T09:00:00.000Z',
    dueAt: '2026-05-10T09:00:00.000Z',
    extensionReason: 'Your request covers several years of records; gathering them takes longer.',
    response: null,
    resolvedAt: null,
  },
  {
    id: 'pr_rejected',
    type: 'object',
    channel: 'widget',
    status: 'rejected',
    receivedAt: '2026-01-05T09:00:00.000Z',
    dueAt: '2026-01-15T09:00:00.000Z',
    extensionReason: null,
    response:
      'Security logging is needed to protect every member’s account and cannot be switched off for one.',
    resolvedAt: '2026-01-12T09:00:00.000Z',
  },
  {
    id: 'pr_completed',
    type: 'export',
    channel: 'widget',
    status: 'completed',
    receivedAt: '2025-12-01T09:00:00.000Z',
    dueAt: '2025-12-11T09:00:00.000Z',
    extensionReason: null,
    response: 'Your copy was provided as a download.',
    resolvedAt: '2025-12-01T09:00:00.000Z',
  },
]

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status < 400 ? 'application/json' : 'application/problem+json', ...headers },
  })
}

function problem(status: number, slug: string, title: string, errors?: ProblemFieldError[]): Response {
  return json(
    { type: `https://tessera.dev/problems/${slug}`, title, status, ...(errors ? { errors } : {}) },
    status
  )
}

const AT_ONCE = new Set(['access', 'export', 'withdraw_consent'])

/** A stand-in for the member endpoints, privacy ones included. */
export function privacyFixtureApi(
  options: PrivacyFixtureOptions = {},
  config: WidgetConfig = sampleWidgetConfig()
): PrivacyFixtureApi {
  const members = membersFixtureApi(options, config)
  const inner = members.fetch
  const requests: PrivacyRequest[] = [...(options.requests ?? [])]
  let restriction = options.restriction ?? null
  let seq = 0

  const ledger = () =>
    [...members.states.entries()]
      .filter(([, state]) => state)
      .flatMap(([key, state]) => {
        const events = [
          {
            seq: ++seq,
            target: { type: 'purpose', key },
            action: 'grant',
            policyVersion: 'pv_fixture_1',
            source: 'widget',
            occurredAt: '2025-11-20T10:00:00.000Z',
          },
        ]
        if (state !== 'granted') {
          events.push({
            seq: ++seq,
            target: { type: 'purpose', key },
            action: state === 'denied' ? 'deny' : 'withdraw',
            policyVersion: 'pv_fixture_2',
            source: 'widget',
            occurredAt: '2026-03-02T09:30:00.000Z',
          })
        }
        return events
      })

  /** Asks the members stand-in (sessions, consents) without recording the call. */
  const internal = async (href: string, init: RequestInit): Promise<Response> => {
    const answer = await inner(href, init)
    const at = members.requests.findIndex((r) => r.url.searchParams.has('fixture-internal'))
    if (at >= 0) members.requests.splice(at, 1)
    return answer
  }

  const fetchImpl = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const path = url.pathname
    if (!path.startsWith('/v1/widget/me/') || path === '/v1/widget/me/consents') return inner(input, init)
    const headers = new Headers(init.headers)
    const method = (init.method ?? 'GET').toUpperCase()
    const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined
    members.requests.push({
      method,
      url,
      path,
      body,
      authorization: headers.get('Authorization'),
      key: headers.get('X-Tessera-Key'),
    })
    if (options.pending) return new Promise<Response>(() => {})
    if (options.failWith === 0) throw new TypeError('Failed to fetch')
    if (options.failWith)
      return problem(options.failWith, `s${options.failWith}`, `Failure ${options.failWith}`)
    const bearer = /^Bearer (mt_\S+)$/.exec(headers.get('Authorization') ?? '')?.[1]
    // The members stand-in knows the sessions: ask it who this is.
    const me = await internal(`${url.origin}/v1/widget/me?fixture-internal=1`, {
      headers: { Authorization: `Bearer ${bearer ?? ''}` },
    })
    if (me.status === 401) return problem(401, 'unauthenticated', 'Authentication required')
    const locale = url.searchParams.get('locale') === 'ko' ? 'ko' : 'en'

    if (method === 'GET' && path === '/v1/widget/me/data') {
      const consentsAnswer = await internal(
        `${url.origin}/v1/widget/me/consents?locale=${locale}&fixture-internal=1`,
        {
          headers: { Authorization: `Bearer ${bearer}` },
        }
      )
      return json({
        format: 'tessera.member-export/1',
        generatedAt: NOW,
        controller: {
          name: config.tenant.name,
          legalName: config.tenant.legalName,
          officer: config.officer,
        },
        data: {
          profile: { ...FIXTURE_MEMBER, createdAt: '2025-11-20T10:00:00.000Z', lastActiveAt: NOW },
          consents: ledger(),
          policyNotices: [{ version: 'v2', channel: 'email', queuedAt: '2026-02-20T09:00:00.000Z' }],
          requests,
        },
        restriction,
        consents: await consentsAnswer.json(),
        authorities:
          locale === 'ko'
            ? [
                {
                  region: 'KR',
                  name: '개인정보보호위원회 개인정보침해 신고센터',
                  url: 'https://privacy.kisa.or.kr',
                },
              ]
            : [
                {
                  region: 'KR',
                  name: 'Personal Information Protection Commission',
                  url: 'https://privacy.kisa.or.kr',
                },
                {
                  region: 'EU',
                  name: 'Your national data protection authority',
                  url: 'https://edpb.europa.eu',
                },
              ],
      })
    }
    if (method === 'GET' && path === '/v1/widget/me/requests') return json({ data: requests })
    if (method === 'GET' && path === '/v1/widget/me/export') {
      if (options.exportStatus) return problem(options.exportStatus, 'export-failed', 'Export failed')
      const format = url.searchParams.get('format') === 'csv' ? 'csv' : 'json'
      return new Response(
        format === 'csv' ? 'section,field,value\nprofile,email,mina.kim@example.com\n' : '{}',
        {
          status: 200,
          headers: {
            'Content-Type': format === 'csv' ? 'text/csv' : 'application/json',
            'Content-Disposition': `attachment; filename="tessera-export.${format}"`,
          },
        }
      )
    }
    if (method === 'POST' && path === '/v1/widget/me/requests') {
      const b = (body ?? {}) as Record<string, unknown>
      if (options.requestErrors) return problem(422, 'validation', 'Invalid input', options.requestErrors)
      const type = String(b.type ?? '')
      if (
        type === 'erase' &&
        (options.eraseOpen || requests.some((r) => r.type === 'erase' && !r.resolvedAt))
      )
        return problem(409, 'request-open', 'A deletion request is already open')
      if (type === 'withdraw_consent' && typeof b.purpose === 'string')
        members.states.set(b.purpose, 'withdrawn')
      const atOnce = AT_ONCE.has(type) || (type === 'object' && b.purpose === 'marketing')
      if (type === 'object' && b.purpose === 'marketing') members.states.set('marketing', 'withdrawn')
      if (type === 'rectify') restriction = 'a rectify request is open'
      if (type === 'erase') restriction = 'an erase request is open'
      const created: PrivacyRequest = {
        id: `pr_new_${requests.length + 1}`,
        type,
        channel: 'widget',
        status: atOnce ? 'completed' : 'received',
        receivedAt: NOW,
        dueAt: '2026-04-11T08:00:00.000Z',
        extensionReason: null,
        response: null,
        resolvedAt: atOnce ? NOW : null,
      }
      requests.unshift(created)
      return json(created, 201)
    }
    return problem(404, 'not-found', 'Not found')
  }

  const fetch = fetchImpl as typeof globalThis.fetch
  return { ...members, fetch, runtime: { ...members.runtime, fetch } }
}
