// A stand-in for the admin endpoints the console calls (sessions, who am I, tenant settings), for the
// tests: no API needed. Keeps state like the real API, validates like it (problem+json 422 with the
// field at fault) and records every request. Not part of the bundle.
import type { Role, TenantSettings } from './api.js'

export const FIXTURE_API_BASE = 'https://api.console.invalid'
export const FIXTURE_TENANT_ID = 'tn_fixture0001'
export const FIXTURE_EMAIL = 'owner@clinic.example'
export const FIXTURE_PASSWORD = 'correct horse battery staple'
export const FIXTURE_TOKEN = 'oat_fixture_console_session'

export interface ConsoleFixtureOptions {
  role?: Role
  /** The stand-in answers every call with a network failure. */
  offline?: boolean
}

export interface RecordedRequest {
  method: string
  path: string
  authorization: string | null
  body: unknown
}

const PERMISSIONS: Record<Role, string[]> = {
  owner: ['tenant.read', 'tenant.update', 'keys.manage', 'admins.read', 'admins.manage'],
  admin: ['tenant.read', 'tenant.update', 'keys.manage', 'admins.read'],
  privacy_officer: ['tenant.read', 'admins.read', 'audit.read'],
  analyst: ['tenant.read', 'consent.read', 'statistics.read'],
}

function problem(status: number, slug: string, title: string, detail?: string, errors?: unknown[]) {
  return new Response(
    JSON.stringify({ type: `https://tessera.dev/problems/${slug}`, title, status, detail, errors }),
    { status, headers: { 'content-type': 'application/problem+json; charset=utf-8' } }
  )
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

export function consoleFixture(options: ConsoleFixtureOptions = {}) {
  const role = options.role ?? 'owner'
  const requests: RecordedRequest[] = []
  const tokens = new Set<string>()
  const tenant: TenantSettings = {
    id: FIXTURE_TENANT_ID,
    name: 'Hanbit Imaging',
    legalName: 'Hanbit Imaging Co., Ltd.',
    officer: { name: 'Kim Minji', department: 'Privacy Office', email: 'privacy@clinic.example' },
    locales: ['en', 'ko'],
  }

  const fetcher = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input))
    const method = (init.method ?? 'GET').toUpperCase()
    const headers = new Headers(init.headers)
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined
    const authorization = headers.get('authorization')
    requests.push({ method, path: url.pathname, authorization, body })
    if (options.offline) throw new TypeError('Failed to fetch')
    const route = `${method} ${url.pathname}`

    if (route === 'POST /v1/admin/sessions') {
      const errors = []
      if (!/^tn_[0-9A-Za-z]+$/.test(body.tenant ?? ''))
        errors.push({ field: 'tenant', message: 'The tenant field format is invalid', rule: 'regex' })
      if (errors.length)
        return problem(422, 'validation', 'Invalid request', 'The request has invalid fields.', errors)
      if (
        body.tenant !== FIXTURE_TENANT_ID ||
        body.email !== FIXTURE_EMAIL ||
        body.password !== FIXTURE_PASSWORD
      )
        return problem(
          401,
          'unauthenticated',
          'Authentication required',
          'The e-mail or password is not right.'
        )
      tokens.add(FIXTURE_TOKEN)
      return json({ token: FIXTURE_TOKEN, expiresAt: null }, 201)
    }

    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1]
    if (!token || !tokens.has(token))
      return problem(
        401,
        'unauthenticated',
        'Authentication required',
        'The admin session is unknown or expired.'
      )

    if (route === 'GET /v1/admin/session')
      return json({
        role,
        email: FIXTURE_EMAIL,
        fullName: 'Fixture Owner',
        tenant: { id: tenant.id, name: tenant.name },
        permissions: PERMISSIONS[role],
      })
    if (route === 'DELETE /v1/admin/sessions/current') {
      tokens.delete(token)
      return new Response(null, { status: 204 })
    }
    if (route === 'GET /v1/admin/tenant') return json(tenant)
    if (route === 'PATCH /v1/admin/tenant') {
      if (!PERMISSIONS[role].includes('tenant.update'))
        return problem(403, 'forbidden', 'Not allowed', `Your role (${role}) does not allow tenant.update.`)
      const errors = []
      for (const field of ['name', 'legalName'] as const) {
        if (field in body && /[<>]/.test(body[field]))
          errors.push({ field, message: `The ${field} field format is invalid`, rule: 'regex' })
      }
      if (body.officer?.email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.officer.email))
        errors.push({
          field: 'officer.email',
          message: 'The email field must be a valid email address',
          rule: 'email',
        })
      if (errors.length)
        return problem(422, 'validation', 'Invalid request', 'The request has invalid fields.', errors)
      Object.assign(tenant, { ...body, officer: { ...tenant.officer, ...body.officer } })
      return json(tenant)
    }
    return problem(404, 'not-found', 'Not found', 'No such route.')
  }

  /** Signs in without the form (for tests that start signed in). */
  const signIn = () => {
    tokens.add(FIXTURE_TOKEN)
    return FIXTURE_TOKEN
  }

  return { fetch: fetcher as typeof fetch, requests, tenant, signIn, tokens }
}

export type ConsoleFixture = ReturnType<typeof consoleFixture>

/** An in-memory token store (instead of sessionStorage). */
export function memoryStore(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial))
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
    map,
  }
}
