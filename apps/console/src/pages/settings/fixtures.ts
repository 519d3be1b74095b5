// A stand-in for the Settings page's endpoints (tests, Storybook): the whole tenant document with an
// ETag that changes on every save, If-Match checked (412), the API's validation (422 with the field at
// fault), the logo upload and the API keys. `saveElsewhere` plays a second admin saving in between.
import {
  FIXTURE_TENANT_ID,
  fixtureTenantRest,
  forbiddenFor,
  invalidFields,
  json,
  problem,
} from '../../fixtures.js'
import type { FixtureRoute } from '../../fixtures.js'
import { MAX_ORIGINS, SETTING_LIMITS, SUPPORTED_LOCALES, TIME_OF_DAY, isOrigin, isTimeZone } from './api.js'
import type { ApiKey, NumericSetting, TenantDocument, TenantPatch } from './api.js'

export function fixtureTenantDocument(patch: Partial<TenantDocument> = {}): TenantDocument {
  return {
    id: FIXTURE_TENANT_ID,
    name: 'Hanbit Imaging',
    legalName: 'Hanbit Imaging Co., Ltd.',
    officer: { name: 'Kim Minji', department: 'Privacy Office', email: 'privacy@clinic.example' },
    locales: ['en', 'ko'],
    ...(structuredClone(fixtureTenantRest()) as Omit<
      TenantDocument,
      'id' | 'name' | 'legalName' | 'officer' | 'locales'
    >),
    ...patch,
  }
}

export function fixtureKeys(): ApiKey[] {
  return [
    {
      id: 'key_fixture_pk1',
      kind: 'publishable',
      prefix: 'pk_live_Fx7a',
      label: 'Default publishable key',
      publishableKey: 'pk_live_Fx7aFixturePublishableKey0001',
      createdAt: '2026-10-01T09:00:00.000Z',
      lastUsedAt: '2026-11-26T08:00:00.000Z',
      revokedAt: null,
    },
    {
      id: 'key_fixture_sk1',
      kind: 'secret',
      prefix: 'sk_live_Qm2b',
      label: 'Default secret key',
      publishableKey: null,
      createdAt: '2026-10-01T09:00:00.000Z',
      lastUsedAt: null,
      revokedAt: null,
    },
  ]
}

type Err = { field: string; message: string; rule: string }

/** A region code the browser can name (the API checks its ISO 3166-1 list). */
function isCountry(code: string) {
  if (!/^[A-Z]{2}$/.test(code)) return false
  const name = new Intl.DisplayNames(['en'], { type: 'region' }).of(code)
  return !!name && name !== code && name !== 'Unknown Region'
}
const PLAIN = /^[^<>\p{Cc}]*$/u
const HEX = /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/

/** The API's validator (apps/api/app/tenancy/validators.ts), as far as the console can send it. */
export function validateTenantPatch(body: TenantPatch): Err[] {
  const errors: Err[] = []
  const text = (field: string, value: unknown, max: number) => {
    if (value === undefined) return
    const v = String(value).trim()
    if (!v)
      errors.push({ field, message: `The ${field} field must have at least 1 characters`, rule: 'minLength' })
    else if (v.length > max)
      errors.push({
        field,
        message: `The ${field} field must not be greater than ${max} characters`,
        rule: 'maxLength',
      })
    else if (!PLAIN.test(v))
      errors.push({ field, message: `The ${field} field format is invalid`, rule: 'regex' })
  }
  if (body.country !== undefined && !isCountry(String(body.country).trim().toUpperCase()))
    errors.push({ field: 'country', message: 'The selected country is invalid', rule: 'in' })
  if (body.website && !/^https?:\/\/[^\s<>]+$/.test(body.website))
    errors.push({ field: 'website', message: 'The website field must be a valid URL', rule: 'url' })
  text('name', body.name, 120)
  text('legalName', body.legalName, 200)
  text('officer.name', body.officer?.name, 120)
  text('officer.department', body.officer?.department, 120)
  if (body.officer?.email !== undefined && !/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(body.officer.email))
    errors.push({
      field: 'officer.email',
      message: 'The email field must be a valid email address',
      rule: 'email',
    })
  body.locales?.forEach((l, i) => {
    if (!(SUPPORTED_LOCALES as readonly string[]).includes(l))
      errors.push({ field: `locales.${i}`, message: 'The selected locales.' + i + ' is invalid', rule: 'in' })
  })
  if (body.locales && !body.locales.length)
    errors.push({
      field: 'locales',
      message: 'The locales field must have at least 1 items',
      rule: 'array.minLength',
    })
  if (body.allowedOrigins) {
    if (body.allowedOrigins.length > MAX_ORIGINS)
      errors.push({
        field: 'allowedOrigins',
        message: `The allowedOrigins field must not have more than ${MAX_ORIGINS} items`,
        rule: 'array.maxLength',
      })
    body.allowedOrigins.forEach((o, i) => {
      if (!isOrigin(o))
        errors.push({
          field: `allowedOrigins.${i}`,
          message: `The allowedOrigins.${i} field must be an origin such as https://clinic.example`,
          rule: 'origin',
        })
    })
  }
  for (const [name, value] of Object.entries(body.settings ?? {})) {
    const limits = SETTING_LIMITS[name as NumericSetting]
    if (
      limits &&
      (typeof value !== 'number' || !Number.isInteger(value) || value < limits.min || value > limits.max)
    )
      errors.push({
        field: `settings.${name}`,
        message: `The ${name} field must be between ${limits.min} and ${limits.max}`,
        rule: 'range',
      })
  }
  const quiet = body.settings?.quietHours
  if (quiet) {
    for (const part of ['start', 'end'] as const)
      if (!TIME_OF_DAY.test(quiet[part]))
        errors.push({
          field: `settings.quietHours.${part}`,
          message: `The ${part} field format is invalid`,
          rule: 'regex',
        })
    if (!isTimeZone(quiet.timezone))
      errors.push({
        field: 'settings.quietHours.timezone',
        message: 'The timezone field must be an IANA time zone such as Asia/Seoul',
        rule: 'timezone',
      })
  }
  if (body.settings?.timeZone !== undefined && !isTimeZone(body.settings.timeZone))
    errors.push({
      field: 'settings.timeZone',
      message: 'The timeZone field must be an IANA time zone such as Asia/Seoul',
      rule: 'timezone',
    })
  for (const [name, value] of Object.entries(body.branding ?? {})) {
    const ok =
      name === 'fontFamily'
        ? /^[\p{L}\p{N} ,'"-]+$/u.test(String(value)) && String(value).length <= 200
        : name === 'radius'
          ? /^\d{1,2}(px|rem|em)$/.test(String(value))
          : HEX.test(String(value))
    if (!ok)
      errors.push({
        field: `branding.${name}`,
        message: `The ${name} field format is invalid`,
        rule: 'regex',
      })
  }
  return errors
}

export interface SettingsFixtureOptions {
  tenant?: Partial<TenantDocument>
  keys?: ApiKey[]
  /** Every call of the page's endpoints waits for ever (the loading state). */
  pending?: boolean
}

export function settingsFixture(options: SettingsFixtureOptions = {}) {
  const state = {
    tenant: fixtureTenantDocument(options.tenant),
    revision: 1,
    keys: options.keys ?? fixtureKeys(),
    issued: 0,
  }
  const etag = () => `"fixture-rev-${state.revision}"`
  const tagged = (body: unknown, status = 200) => {
    const response = json(body, status)
    response.headers.set('etag', etag())
    return response
  }
  const apply = (body: TenantPatch) => {
    const t = state.tenant
    state.tenant = {
      ...t,
      ...body,
      officer: { ...t.officer, ...body.officer },
      branding: { ...t.branding, ...body.branding },
      settings: { ...t.settings, ...body.settings },
    } as TenantDocument
    state.revision += 1
  }

  /** A second admin saves: the tag the page holds is now stale. */
  const saveElsewhere = (changes: TenantPatch) => apply(changes)

  const route: FixtureRoute = (request) => {
    const { route: r, body, permissions, role, headers } = request
    if (
      !r.startsWith('GET /v1/admin/tenant') &&
      !/^(PATCH|PUT) \/v1\/admin\/tenant/.test(r) &&
      !r.includes('/v1/admin/keys')
    )
      return null
    if (options.pending) return new Promise<Response>(() => {})
    if (r === 'GET /v1/admin/tenant') return tagged(state.tenant)
    if (r === 'PATCH /v1/admin/tenant' || r === 'PUT /v1/admin/tenant/logo') {
      if (!permissions.includes('tenant.update')) return forbiddenFor(role, 'tenant.update')
      const ifMatch = headers.get('if-match')
      if (ifMatch && ifMatch !== etag())
        return problem(
          412,
          'precondition-failed',
          'Changed by someone else',
          'The tenant settings was changed since you loaded it. Load it again, then repeat your change.'
        )
      if (r === 'PUT /v1/admin/tenant/logo') {
        const type = headers.get('content-type') ?? ''
        if (!['image/png', 'image/jpeg', 'image/webp'].includes(type))
          return problem(
            415,
            'unsupported-media-type',
            'Unsupported media type',
            'Send image/png, image/jpeg or image/webp.'
          )
        if (!request.blob || request.blob.size === 0)
          return invalidFields([
            { field: 'body', message: `The body is not a ${type} image`, rule: 'imageSignature' },
          ])
        state.tenant = {
          ...state.tenant,
          branding: { ...state.tenant.branding, logoKey: `tenants/${state.tenant.id}/logo.png` },
        }
        state.revision += 1
        return tagged({
          logoUrl: `/v1/branding/${state.tenant.id}/logo`,
          bytes: request.blob.size,
          contentType: type,
        })
      }
      const errors = validateTenantPatch(body ?? {})
      const locales = body?.locales ?? state.tenant.locales
      const defaultLocale = body?.defaultLocale ?? state.tenant.defaultLocale
      if (!errors.length && !locales.includes(defaultLocale))
        errors.push({
          field: 'defaultLocale',
          message: 'The default locale must be one of the tenant locales',
          rule: 'localeListed',
        })
      if (errors.length) return invalidFields(errors)
      apply(body)
      return tagged(state.tenant)
    }
    if (!permissions.includes('keys.manage')) return forbiddenFor(role, 'keys.manage')
    if (r === 'GET /v1/admin/keys') return json({ data: state.keys })
    if (r === 'POST /v1/admin/keys') {
      const label = String(body?.label ?? '').trim()
      if (!label || label.length > 120 || !PLAIN.test(label))
        return invalidFields([
          { field: 'label', message: 'The label field format is invalid', rule: 'regex' },
        ])
      state.issued += 1
      const kind: ApiKey['kind'] = body?.kind === 'publishable' ? 'publishable' : 'secret'
      const key = `${kind === 'secret' ? 'sk' : 'pk'}_live_Issued${String(state.issued).padStart(4, '0')}FixtureKeyMaterial`
      const created: ApiKey = {
        id: `key_issued_${state.issued}`,
        kind,
        prefix: key.slice(0, 12),
        label,
        publishableKey: kind === 'publishable' ? key : null,
        createdAt: new Date().toISOString(),
        lastUsedAt: null,
        revokedAt: null,
      }
      state.keys = [...state.keys, created]
      return json({ ...created, key }, 201)
    }
    const revoke = /^DELETE \/v1\/admin\/keys\/([^/]+)$/.exec(r)
    if (revoke) {
      const key = state.keys.find((k) => k.id === decodeURIComponent(revoke[1]!))
      if (!key) return problem(404, 'not-found', 'Not found', 'No such key.')
      key.revokedAt ??= new Date().toISOString()
      key.publishableKey = null
      return json(key)
    }
    return null
  }

  return { route, state, saveElsewhere, etag }
}
