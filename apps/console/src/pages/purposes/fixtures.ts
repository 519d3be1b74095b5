// A stand-in for the Purposes & cookies page's endpoints (tests, Storybook): the policy in effect with
// its purposes and cookie categories, the cookie inventory validated as the API does (422 naming
// `entries.3.name`), and the keys list the embed snippet takes the publishable key from.
import { forbiddenFor, invalidFields, json } from '../../fixtures.js'
import type { FixtureRoute } from '../../fixtures.js'
import { INVENTORY_LIMITS } from './api.js'
import type { InventoryEntry, PolicyCookieCategory, PolicyPurpose } from './api.js'

export const FIXTURE_POLICY_ID = 'pv_fixture0002'
export const FIXTURE_PUBLISHABLE_KEY = 'pk_live_Fx7aFixturePublishableKey0001'

export function fixturePurposes(): PolicyPurpose[] {
  return [
    {
      key: 'service',
      lawfulBasis: 'contract',
      consentBased: false,
      required: true,
      specialCategory: false,
      items: ['email', 'name'],
      title: { en: 'Running your account', ko: '계정 운영' },
      description: {
        en: 'Sign-in, support and notices about the service.',
        ko: '로그인, 고객 지원, 서비스 공지',
      },
    },
    {
      key: 'analysis',
      lawfulBasis: 'consent',
      consentBased: true,
      required: true,
      specialCategory: true,
      items: ['images'],
      title: { en: 'Analysing your images', ko: '영상 분석' },
      description: {
        en: 'Your images are analysed by the model and deleted within 24 hours.',
        ko: '영상을 모델로 분석하고 24시간 안에 삭제합니다.',
      },
    },
    {
      key: 'newsletter',
      lawfulBasis: 'consent',
      consentBased: true,
      required: false,
      specialCategory: false,
      items: ['email'],
      title: { en: 'Newsletter', ko: '뉴스레터' },
      description: {
        en: 'News about the service, about once a month.',
        ko: '한 달에 한 번 정도 서비스 소식을 보냅니다.',
      },
    },
  ]
}

export function fixtureCookieCategories(): PolicyCookieCategory[] {
  return [
    {
      key: 'necessary',
      required: true,
      title: { en: 'Necessary', ko: '필수' },
      description: { en: 'Always on.', ko: '항상 켜져 있습니다.' },
    },
    {
      key: 'preferences',
      required: false,
      title: { en: 'Preferences', ko: '환경설정' },
      description: { en: 'Remembers your settings.', ko: '설정을 기억합니다.' },
    },
    {
      key: 'analytics',
      required: false,
      title: { en: 'Analytics', ko: '분석' },
      description: { en: 'Counts visits.', ko: '방문 수를 셉니다.' },
    },
    {
      key: 'marketing',
      required: false,
      title: { en: 'Marketing', ko: '마케팅' },
      description: { en: 'Measures advertising.', ko: '광고 효과를 측정합니다.' },
    },
  ]
}

export function fixtureInventory(): InventoryEntry[] {
  return [
    {
      category: 'necessary',
      name: 'tessera_session',
      provider: 'Hanbit Imaging',
      duration: 'Session',
      purpose: { en: 'Keeps you signed in', ko: '로그인 유지' },
    },
    {
      category: 'analytics',
      name: '_ga',
      provider: 'Google Analytics',
      duration: '2 years',
      purpose: { en: 'Tells visitors apart', ko: '방문자 구별' },
    },
  ]
}

export interface PurposesFixtureOptions {
  /** No policy published yet. */
  noPolicy?: boolean
  inventory?: InventoryEntry[]
  purposes?: PolicyPurpose[]
  /** Every call of the page's endpoints waits for ever (the loading state). */
  pending?: boolean
}

type Err = { field: string; message: string; rule: string }

/** The API's inventory validator (apps/api/app/consent/cookie_validators.ts). */
export function validateInventory(entries: InventoryEntry[]): Err[] {
  const errors: Err[] = []
  if (entries.length > INVENTORY_LIMITS.entries)
    errors.push({
      field: 'entries',
      message: `The entries field must not have more than ${INVENTORY_LIMITS.entries} items`,
      rule: 'array.maxLength',
    })
  entries.forEach((e, i) => {
    if (!/^[a-z][a-z0-9_-]{0,63}$/.test(e.category))
      errors.push({
        field: `entries.${i}.category`,
        message: 'The category field format is invalid',
        rule: 'regex',
      })
    for (const field of ['name', 'provider', 'duration'] as const) {
      const v = String(e[field] ?? '').trim()
      if (!v)
        errors.push({
          field: `entries.${i}.${field}`,
          message: `The ${field} field must be defined`,
          rule: 'required',
        })
      else if (v.length > INVENTORY_LIMITS[field])
        errors.push({
          field: `entries.${i}.${field}`,
          message: `The ${field} field must not be greater than ${INVENTORY_LIMITS[field]} characters`,
          rule: 'maxLength',
        })
    }
    for (const locale of ['en', 'ko'] as const) {
      const v = String(e.purpose?.[locale] ?? '').trim()
      if (!v)
        errors.push({
          field: `entries.${i}.purpose.${locale}`,
          message: `The ${locale} field must be defined`,
          rule: 'required',
        })
      else if (v.length > INVENTORY_LIMITS.purpose)
        errors.push({
          field: `entries.${i}.purpose.${locale}`,
          message: `The ${locale} field must not be greater than ${INVENTORY_LIMITS.purpose} characters`,
          rule: 'maxLength',
        })
    }
  })
  return errors
}

export function purposesFixture(options: PurposesFixtureOptions = {}) {
  const state = { inventory: options.inventory ?? fixtureInventory() }
  const route: FixtureRoute = (request) => {
    const { route: r, body, permissions, role } = request
    const mine = r.startsWith('GET /v1/admin/policy/versions') || r.endsWith('/v1/admin/cookies/inventory')
    if (!mine) return null
    if (options.pending) return new Promise<Response>(() => {})
    if (r === 'GET /v1/admin/policy/versions')
      return json({
        data: options.noPolicy
          ? []
          : [
              {
                id: FIXTURE_POLICY_ID,
                label: '2026-11',
                status: 'effective',
                effectiveAt: '2026-11-01T00:00:00.000Z',
              },
            ],
      })
    if (r === `GET /v1/admin/policy/versions/${FIXTURE_POLICY_ID}` && !options.noPolicy)
      return json({
        id: FIXTURE_POLICY_ID,
        label: '2026-11',
        status: 'effective',
        effectiveAt: '2026-11-01T00:00:00.000Z',
        content: { purposes: options.purposes ?? fixturePurposes(), cookies: fixtureCookieCategories() },
      })
    if (r === 'GET /v1/admin/cookies/inventory') return json({ entries: state.inventory })
    if (r === 'PUT /v1/admin/cookies/inventory') {
      if (!permissions.includes('tenant.update')) return forbiddenFor(role, 'tenant.update')
      const entries = (body?.entries ?? []) as InventoryEntry[]
      const errors = validateInventory(entries)
      if (errors.length) return invalidFields(errors)
      state.inventory = entries.map((e) => ({
        category: e.category.trim(),
        name: e.name.trim(),
        provider: e.provider.trim(),
        duration: e.duration.trim(),
        purpose: { en: e.purpose.en.trim(), ko: e.purpose.ko.trim() },
      }))
      return json({ entries: state.inventory })
    }
    return null
  }
  return { route, state }
}
