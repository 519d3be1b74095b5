// A stand-in for the member endpoints of the widget API, for Storybook and the tests: no API needed. It
// keeps state (sessions, decisions) like the real API and records every request. Not part of any bundle.
import { DEFAULT_PURPOSES } from '@tessera/policy-text'
import { memberSession, sampleWidgetConfig } from '@tessera/widget-core'
import type { ProblemFieldError, TesseraRuntime, WidgetConfig } from '@tessera/widget-core'
import type { ConsentState, Member, MemberPurpose, Purpose } from './api.js'

export const MEMBERS_FIXTURE_API_BASE = 'https://api.members.invalid'
export const FIXTURE_POLICY_VERSION = 'pv_fixture_2'
export const FIXTURE_SESSION = 'mt_fixture_session'
export const FIXTURE_VERIFY_TOKEN = 'mv_fixture_verify'
export const FIXTURE_SIGN_IN_TOKEN = 'ml_fixture_sign_in'
export const FIXTURE_IDENTITY_TOKEN = 'eyJ.fixture.identity'

export const FIXTURE_MEMBER: Member = {
  id: 'mb_fixture',
  email: 'mina.kim@example.com',
  firstName: 'Mina',
  lastName: 'Kim',
  company: 'Harbour Dental',
  nationality: 'KR',
  locale: 'en',
  status: 'active',
}

type FixtureLocale = 'en' | 'ko'

export interface MembersFixtureOptions {
  /** Publishable key of the stand-in runtime (sessions are stored per key). */
  key?: string
  /** Start signed in (call `seed()` before mounting). */
  signedIn?: boolean
  /** Purposes whose policy entry changed: the member must answer again. */
  reconsent?: string[]
  /** Starting decisions when signed in (default: image analysis granted, marketing withdrawn). */
  states?: Record<string, ConsentState>
  /** No policy is published: purposes and consents answer 409 `no-policy`. */
  noPolicy?: boolean
  /** The member endpoints answer with this status (0: the network fails); the config still loads. */
  failWith?: number
  /** The member endpoints never answer (loading state). */
  pending?: boolean
  /** Sign-up answers 422 with these field errors. */
  fieldErrors?: ProblemFieldError[]
  /** E-mailed links answer 410 (used or expired). */
  linkInvalid?: boolean
  /** The identity token exchange answers with this status instead of a session. */
  identityStatus?: 401 | 404
  /** Replaces every title and description (hostile-string tests). */
  hostile?: string
}

export interface RecordedRequest {
  method: string
  url: URL
  path: string
  body: unknown
  authorization: string | null
  key: string | null
}

export interface MembersFixtureApi {
  fetch: typeof fetch
  /** Every request, in order. */
  requests: RecordedRequest[]
  runtime: Pick<TesseraRuntime, 'config' | 'apiBase' | 'key' | 'fetch'>
  /** Puts the starting session in (or out of) sessionStorage, as the options say. */
  seed(): void
  /** The member's current decisions. */
  states: Map<string, ConsentState>
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status < 400 ? 'application/json' : 'application/problem+json' },
  })
}

function problem(status: number, slug: string, title: string, errors?: ProblemFieldError[]): Response {
  return json(
    { type: `https://tessera.dev/problems/${slug}`, title, status, ...(errors ? { errors } : {}) },
    status
  )
}

const DECIDED_AT = '2026-03-02T09:30:00.000Z'

/** The default policy's purposes in one locale, as GET /v1/widget/purposes answers them. */
export function fixturePurposes(locale: FixtureLocale, hostile?: string): Purpose[] {
  return DEFAULT_PURPOSES.map((p) => ({
    key: p.key,
    lawfulBasis: p.lawfulBasis,
    consentBased: p.consentBased,
    required: p.required,
    specialCategory: p.specialCategory,
    title: hostile ?? p.title[locale],
    description: hostile ?? p.description[locale],
  }))
}

/** A stand-in for the member endpoints of the widget API. */
export function membersFixtureApi(
  options: MembersFixtureOptions = {},
  config: WidgetConfig = sampleWidgetConfig()
): MembersFixtureApi {
  const key = options.key ?? 'pk_fixture_members'
  const requests: RecordedRequest[] = []
  const sessions = new Set<string>(options.signedIn ? [FIXTURE_SESSION] : [])
  const states = new Map<string, ConsentState>(
    Object.entries(options.states ?? { image_analysis: 'granted', marketing: 'withdrawn' })
  )
  const decidedAt = new Map<string, string>([...states.keys()].map((k) => [k, DECIDED_AT]))
  const needsAnswer = new Set(options.reconsent ?? [])
  let issued = 0

  const memberPurposes = (locale: FixtureLocale): MemberPurpose[] =>
    fixturePurposes(locale, options.hostile).map((p) => ({
      ...p,
      state: p.consentBased ? (states.get(p.key) ?? null) : null,
      decidedAt: p.consentBased ? (decidedAt.get(p.key) ?? null) : null,
      needsAnswer: needsAnswer.has(p.key),
    }))

  const grant = () => {
    const session = issued++ === 0 ? FIXTURE_SESSION : `${FIXTURE_SESSION}_${issued}`
    sessions.add(session)
    return json({ session, member: FIXTURE_MEMBER }, 201)
  }

  const fetchImpl = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const headers = new Headers(init.headers)
    const method = (init.method ?? 'GET').toUpperCase()
    const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined
    const path = url.pathname
    requests.push({
      method,
      url,
      path,
      body,
      authorization: headers.get('Authorization'),
      key: headers.get('X-Tessera-Key'),
    })
    if (path === '/v1/widget/config') return json(config)
    if (options.pending) return new Promise<Response>(() => {})
    if (options.failWith === 0) throw new TypeError('Failed to fetch')
    if (options.failWith)
      return problem(options.failWith, `s${options.failWith}`, `Failure ${options.failWith}`)
    const locale: FixtureLocale = url.searchParams.get('locale') === 'ko' ? 'ko' : 'en'
    const noPolicy = () => problem(409, 'no-policy', 'No policy in effect')
    const b = (body ?? {}) as Record<string, unknown>

    if (method === 'GET' && path === '/v1/widget/purposes') {
      if (options.noPolicy) return noPolicy()
      return json({
        policyVersion: FIXTURE_POLICY_VERSION,
        policyLabel: 'v2',
        purposes: fixturePurposes(locale, options.hostile),
      })
    }
    if (method === 'POST' && path === '/v1/widget/members') {
      if (options.fieldErrors) return problem(422, 'validation', 'Invalid input', options.fieldErrors)
      if (b.policyVersion !== FIXTURE_POLICY_VERSION) return problem(409, 'policy-changed', 'Policy changed')
      return json({ status: 'link_sent', detail: 'If the address can be used, a link is on its way.' }, 202)
    }
    if (method === 'POST' && path === '/v1/widget/sessions/link') {
      return json({ status: 'link_sent', detail: 'If the address can be used, a link is on its way.' }, 202)
    }
    if (method === 'POST' && path === '/v1/widget/members/verify') {
      if (options.linkInvalid || b.token !== FIXTURE_VERIFY_TOKEN)
        return problem(410, 'link-invalid', 'Link not valid')
      return grant()
    }
    if (method === 'POST' && path === '/v1/widget/sessions') {
      if (options.linkInvalid || b.token !== FIXTURE_SIGN_IN_TOKEN)
        return problem(410, 'link-invalid', 'Link not valid')
      return grant()
    }
    if (method === 'POST' && path === '/v1/widget/sessions/identity') {
      if (options.identityStatus === 404) return problem(404, 'member-not-registered', 'Not registered')
      if (options.identityStatus === 401 || b.token !== FIXTURE_IDENTITY_TOKEN)
        return problem(401, 'unauthenticated', 'Authentication required')
      return grant()
    }

    // Member endpoints: a valid Bearer session first.
    const bearer = /^Bearer (mt_\S+)$/.exec(headers.get('Authorization') ?? '')?.[1]
    if (!bearer || !sessions.has(bearer)) return problem(401, 'unauthenticated', 'Authentication required')
    if (method === 'GET' && path === '/v1/widget/me') return json(FIXTURE_MEMBER)
    if (method === 'DELETE' && path === '/v1/widget/sessions/current') {
      sessions.delete(bearer)
      return new Response(null, { status: 204 })
    }
    if (path === '/v1/widget/me/consents') {
      if (options.noPolicy) return noPolicy()
      if (method === 'GET')
        return json({ policyVersion: FIXTURE_POLICY_VERSION, purposes: memberPurposes(locale) })
      if (method === 'POST') {
        const purpose = memberPurposes(locale).find((p) => p.key === b.purpose)
        if (!purpose || !purpose.consentBased) {
          return problem(422, 'validation', 'Invalid input', [
            { field: 'purpose', message: 'Unknown purpose', rule: 'purpose' },
          ])
        }
        if (b.policyVersion !== undefined && b.policyVersion !== FIXTURE_POLICY_VERSION)
          return problem(409, 'policy-changed', 'Policy changed')
        const action = b.action
        const next: ConsentState =
          action === 'grant'
            ? 'granted'
            : action === 'withdraw'
              ? 'withdrawn'
              : action === 'deny'
                ? 'denied'
                : null
        if (!next) return problem(422, 'validation', 'Invalid input')
        states.set(purpose.key, next)
        decidedAt.set(purpose.key, new Date().toISOString())
        needsAnswer.delete(purpose.key)
        const updated = memberPurposes(locale).find((p) => p.key === purpose.key)
        return json({ event: { seq: requests.length, hash: 'f00d' }, purpose: updated }, 201)
      }
    }
    return problem(404, 'not-found', 'Not found')
  }

  const fetch = fetchImpl as typeof globalThis.fetch
  return {
    fetch,
    requests,
    states,
    runtime: {
      apiBase: MEMBERS_FIXTURE_API_BASE,
      key,
      config: Promise.resolve(config),
      fetch,
    },
    seed() {
      const store = memberSession(key)
      if (options.signedIn) store.set(FIXTURE_SESSION)
      else store.clear()
    },
  }
}
