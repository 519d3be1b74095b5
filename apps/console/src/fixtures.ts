// A stand-in for the admin endpoints the console calls (sessions, who am I, tenant settings), for the
// tests: no API needed. Keeps state like the real API, validates like it (problem+json 422 with the
// field at fault) and records every request. Not part of the bundle.
import type { ConsoleModel, Role, TenantSettings } from './api.js'

export const FIXTURE_API_BASE = 'https://api.console.invalid'
export const FIXTURE_TENANT_ID = 'tn_fixture0001'
export const FIXTURE_EMAIL = 'owner@clinic.example'
export const FIXTURE_PASSWORD = 'correct horse battery staple'
export const FIXTURE_TOKEN = 'oat_fixture_console_session'

export interface ConsoleFixtureOptions {
  role?: Role
  /** The stand-in answers every call with a network failure. */
  offline?: boolean
  /** The tenant's registry to start with (two models, the first active, by default). */
  models?: ConsoleModel[]
  /**
   * Extra endpoints, asked in order before the built-in ones: a page's own stand-in
   * (`src/pages/<page>/fixtures.ts`) answers its routes and returns null for the rest.
   */
  routes?: FixtureRoute[]
}

/** One request as a page's stand-in sees it (after the session check). */
export interface FixtureRequest {
  method: string
  /** `METHOD /path` without the query. */
  route: string
  url: URL
  /** The parsed JSON body (or the multipart fields); stand-ins validate it as the API does. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON of any shape
  body: any
  form: FormData | undefined
  /** The request's headers (`If-Match`, …). */
  headers: Headers
  /** A raw body (an image upload), as sent. */
  blob: Blob | undefined
  role: Role
  permissions: readonly string[]
}

export type FixtureRoute = (request: FixtureRequest) => Response | null | Promise<Response | null>

/** The platform default model the stand-in reports. */
export const FIXTURE_PLATFORM_MODEL = {
  name: 'tessera-lesion-seg',
  version: '1.0.0',
  sha256: 'f'.repeat(64),
  manifest: { name: 'tessera-lesion-seg', version: '1.0.0' },
}

/** A manifest the stand-in accepts (only `input.name` is checked, and must be "x"). */
export function fixtureManifest(name = 'clinic-seg', version = '3.0.0') {
  return {
    name,
    version,
    input: { name: 'x', dtype: 'float32', shape: [1, 1, 16, 16] },
    output: { name: 'y', kind: 'segmentation', labels: ['background', 'lesion'], threshold: 0.5 },
  }
}

export function fixtureModels(): ConsoleModel[] {
  return [
    {
      id: 'mdl_fixture0002',
      name: 'clinic-seg',
      version: '2.0.0',
      sha256: '2b7e151628aed2a6abf7158809cf4f3c762e7160f38b4da56a784d9045190cfe',
      size: 1_572_864,
      active: true,
      manifest: fixtureManifest('clinic-seg', '2.0.0'),
      createdAt: '2026-11-02T09:00:00.000Z',
      activatedAt: '2026-11-02T09:05:00.000Z',
    },
    {
      id: 'mdl_fixture0001',
      name: 'clinic-seg',
      version: '1.0.0',
      sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      size: 812,
      active: false,
      manifest: fixtureManifest('clinic-seg', '1.0.0'),
      createdAt: '2026-10-01T09:00:00.000Z',
      activatedAt: null,
    },
  ]
}

/** The rest of GET /v1/admin/tenant (the API's defaults), for pages that read all of it. */
export function fixtureTenantRest() {
  return {
    country: 'KR',
    website: 'https://clinic.example',
    defaultLocale: 'ko',
    allowedOrigins: ['https://clinic.example'],
    branding: {
      primaryColor: '#0b5fff',
      accentColor: '#00a37a',
      textColor: '#1b1f24',
      backgroundColor: '#ffffff',
      fontFamily: 'system-ui, sans-serif',
      radius: '8px',
      logoKey: null,
    },
    settings: {
      imageRetentionHours: 24,
      dormancyEnabled: true,
      dormancyDays: 365,
      dormancyNoticeDays: 30,
      dormantDestroyYears: 4,
      usageRecordDays: 365,
      privacyRequestDeadlineDays: 10,
      minorNoticeDays: 7,
      significantNoticeDays: 30,
      notifyMinorChangesByEmail: false,
      quietHours: null,
      newsletterRatePerSecond: 20,
      cookieRegimeDefault: 'opt_in',
      cookieConsentMonths: 12,
      timeZone: 'Asia/Seoul',
      burnedInAnnotation: 'reject',
      uploadTypes: ['dicom', 'png', 'jpeg'],
      uploadMaxMegabytes: 1024,
      uploadMaxFiles: 20,
    },
  }
}

export interface RecordedRequest {
  method: string
  path: string
  authorization: string | null
  body: unknown
}

/** The API's role table (apps/api/app/tenancy/roles.ts), role by role. */
export const FIXTURE_PERMISSIONS: Record<Role, string[]> = {
  owner: [
    'tenant.read',
    'tenant.update',
    'keys.manage',
    'admins.read',
    'admins.manage',
    'audit.read',
    'mail.test',
    'consent.read',
    'consent.export',
    'requests.handle',
    'uploads.view',
    'policy.edit',
    'policy.publish',
    'models.read',
    'models.manage',
    'newsletters.read',
    'newsletters.manage',
    'newsletters.recipients',
    'usage.read',
    'statistics.read',
    'members.read',
  ],
  admin: [
    'tenant.read',
    'tenant.update',
    'keys.manage',
    'admins.read',
    'mail.test',
    'consent.read',
    'consent.export',
    'requests.handle',
    'uploads.view',
    'policy.edit',
    'policy.publish',
    'models.read',
    'models.manage',
    'newsletters.read',
    'newsletters.manage',
    'newsletters.recipients',
    'usage.read',
    'statistics.read',
    'members.read',
  ],
  privacy_officer: [
    'tenant.read',
    'admins.read',
    'audit.read',
    'consent.read',
    'consent.export',
    'requests.handle',
    'uploads.view',
    'policy.edit',
    'policy.publish',
    'newsletters.recipients',
    'usage.read',
    'statistics.read',
    'members.read',
  ],
  analyst: ['tenant.read', 'consent.read', 'models.read', 'newsletters.read', 'statistics.read'],
}
const PERMISSIONS = FIXTURE_PERMISSIONS

export function problem(status: number, slug: string, title: string, detail?: string, errors?: unknown[]) {
  return new Response(
    JSON.stringify({ type: `https://tessera.dev/problems/${slug}`, title, status, detail, errors }),
    { status, headers: { 'content-type': 'application/problem+json; charset=utf-8' } }
  )
}

/** The 403 the API gives a role without the permission. */
export const forbiddenFor = (role: Role, permission: string) =>
  problem(403, 'forbidden', 'Not allowed', `Your role (${role}) does not allow ${permission}.`)

/** A 422 with the fields at fault, as the API's validator answers. */
export const invalidFields = (errors: { field: string; message: string; rule?: string }[]) =>
  problem(422, 'validation', 'Invalid request', 'The request has invalid fields.', errors)

/** A multipart body as recorded: files by name and size, text as is. */
function formFields(form: FormData) {
  const fields: Record<string, unknown> = {}
  for (const [key, value] of form.entries())
    fields[key] = typeof value === 'string' ? value : { name: value.name, size: value.size }
  return fields
}

export const json = (body: unknown, status = 200) =>
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
    ...fixtureTenantRest(),
  }

  const models: ConsoleModel[] = options.models ?? fixtureModels()
  let uploads = 0
  const forbidden = (permission: string) => forbiddenFor(role, permission)

  const fetcher = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input))
    const method = (init.method ?? 'GET').toUpperCase()
    const headers = new Headers(init.headers)
    const form = init.body instanceof FormData ? init.body : undefined
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : form ? formFields(form) : undefined
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

    for (const answer of options.routes ?? []) {
      const response = await answer({
        method,
        route,
        url,
        body,
        form,
        headers,
        blob: init.body instanceof Blob ? init.body : undefined,
        role,
        permissions: PERMISSIONS[role],
      })
      if (response) return response
    }

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
    if (route.startsWith('GET /v1/admin/models') || route.startsWith('POST /v1/admin/models')) {
      const answer = await modelRoute(route, form)
      if (answer) return answer
    }
    return problem(404, 'not-found', 'Not found', 'No such route.')
  }

  async function modelRoute(route: string, form: FormData | undefined): Promise<Response | null> {
    if (route === 'GET /v1/admin/models') {
      if (!PERMISSIONS[role].includes('models.read')) return forbidden('models.read')
      const active = models.find((m) => m.active)
      return json({
        data: models,
        platformDefault: FIXTURE_PLATFORM_MODEL,
        inUse: active
          ? { id: active.id, name: active.name, version: active.version }
          : { id: null, name: FIXTURE_PLATFORM_MODEL.name, version: FIXTURE_PLATFORM_MODEL.version },
      })
    }
    if (!PERMISSIONS[role].includes('models.manage')) return forbidden('models.manage')
    if (route === 'POST /v1/admin/models') {
      const file = form?.get('model')
      const text = form?.get('manifest')
      const invalid = (field: string, message: string, rule: string) =>
        problem(422, 'validation', 'Invalid request', 'The request has invalid fields.', [
          { field, message, rule },
        ])
      if (!(file instanceof Blob) || file.size === 0)
        return invalid('model', 'The model file is empty', 'onnx')
      let manifest: { name?: unknown; version?: unknown; input?: { name?: unknown } }
      try {
        manifest = JSON.parse(typeof text === 'string' ? text : '')
        if (typeof manifest !== 'object' || manifest === null) throw new Error('not an object')
      } catch {
        return invalid('manifest', 'The manifest is not valid JSON', 'json')
      }
      if (manifest.input?.name !== 'x')
        return invalid('manifest.input.name', 'The model has no input named this (it has: x)', 'model')
      const name = String(manifest.name ?? 'model')
      const version = String(manifest.version ?? '0.0.0')
      if (models.some((m) => m.name === name && m.version === version))
        return problem(409, 'conflict', 'Conflict', `The model ${name} ${version} is already registered.`)
      const bytes = new Uint8Array(await file.arrayBuffer())
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
      uploads += 1
      const model: ConsoleModel = {
        id: `mdl_upload${String(uploads).padStart(4, '0')}`,
        name,
        version,
        sha256: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''),
        size: bytes.length,
        active: false,
        manifest,
        createdAt: new Date().toISOString(),
        activatedAt: null,
      }
      models.unshift(model)
      return json(model, 201)
    }
    const toggle = /^POST \/v1\/admin\/models\/([^/]+)\/(activate|deactivate)$/.exec(route)
    if (toggle) {
      const model = models.find((m) => m.id === decodeURIComponent(toggle[1]!))
      if (!model) return problem(404, 'not-found', 'Not found', 'No such model.')
      if (toggle[2] === 'activate') {
        for (const m of models) m.active = false
        model.active = true
        model.activatedAt = new Date().toISOString()
      } else {
        model.active = false
      }
      return json(model)
    }
    return null
  }

  /** Signs in without the form (for tests that start signed in). */
  const signIn = () => {
    tokens.add(FIXTURE_TOKEN)
    return FIXTURE_TOKEN
  }

  return { fetch: fetcher as typeof fetch, requests, tenant, models, signIn, tokens }
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
