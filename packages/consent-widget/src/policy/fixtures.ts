// Made-up policy data and a stand-in for the policy endpoints, for Storybook and the tests: no API needed.
// The texts are rendered by @tessera/policy-text, exactly as the API renders them. Not part of any bundle.
import { defaultPolicy, render, tableOfContents } from '@tessera/policy-text'
import type { TenantPolicyContext } from '@tessera/policy-text'
import { sampleWidgetConfig } from '@tessera/widget-core'
import type { TesseraRuntime, WidgetConfig } from '@tessera/widget-core'
import type { PolicyDiff, PolicyVersionDocument, PolicyVersionSummary } from './api.js'

type FixtureLocale = 'en' | 'ko'

export const FIXTURE_API_BASE = 'https://api.fixture.invalid'

export const FIXTURE_TENANT: TenantPolicyContext = {
  name: 'Brightwater Imaging',
  legalName: 'Brightwater Imaging Clinic Ltd.',
  country: 'KR',
  contactEmail: 'hello@brightwater.example',
  website: 'https://brightwater.example',
  officer: { name: 'Hana Seo', department: 'Patient Records Office', email: 'privacy@brightwater.example' },
  settings: {},
}

/** The officer named in the oldest version (so a test can tell the texts apart). */
export const FIXTURE_OLD_OFFICER = {
  name: 'Jun Park',
  department: 'Front Desk',
  email: 'desk@brightwater.example',
}

interface FixtureVersion {
  id: string
  label: string
  postedAt: string
  effectiveAt: string
  significant: boolean
  summary: Record<FixtureLocale, string[]>
}

const VERSIONS: FixtureVersion[] = [
  {
    id: 'pv_2027',
    label: '2027-01',
    postedAt: '2026-12-01T12:00:00.000Z',
    effectiveAt: '2027-01-05T12:00:00.000Z',
    significant: true,
    summary: {
      en: [
        'Scans are now deleted 24 hours after the report, instead of 72 hours.',
        'A new section explains how to object to AI-assisted reading.',
      ],
      ko: [
        '영상은 판독 후 72시간이 아니라 24시간 뒤에 삭제됩니다.',
        'AI 보조 판독에 반대하는 방법을 설명하는 항목이 추가되었습니다.',
      ],
    },
  },
  {
    id: 'pv_2026',
    label: '2026-01',
    postedAt: '2025-12-01T12:00:00.000Z',
    effectiveAt: '2026-01-05T12:00:00.000Z',
    significant: false,
    summary: {
      en: ['The privacy officer has changed.'],
      ko: ['개인정보 보호책임자가 바뀌었습니다.'],
    },
  },
  {
    id: 'pv_2025',
    label: '2025-03',
    postedAt: '2025-02-20T12:00:00.000Z',
    effectiveAt: '2025-03-01T12:00:00.000Z',
    significant: false,
    summary: { en: [], ko: [] },
  },
]

export interface FixtureOptions {
  /** Which versions exist: all three (default), the two already in force, or none. */
  published?: 'all' | 'no-upcoming' | 'none'
  /** Replaces every label and summary line (hostile-string tests). */
  hostile?: string
  /** Every policy endpoint answers with this problem status (0: the network fails). */
  failWith?: number
  /** Policy requests never answer (loading state). */
  pending?: boolean
  /** Summary lines of the diff; defaults to the upcoming version's. */
  diffSummary?: Record<FixtureLocale, string[]>
}

function status(v: FixtureVersion, published: FixtureVersion[]): PolicyVersionSummary['status'] {
  if (v.id === 'pv_2027') return 'scheduled'
  const inForce = published.filter((p) => p.id !== 'pv_2027')
  return inForce[0]?.id === v.id ? 'effective' : 'superseded'
}

function versionsFor(options: FixtureOptions): FixtureVersion[] {
  const published = options.published ?? 'all'
  if (published === 'none') return []
  const list = published === 'all' ? VERSIONS : VERSIONS.filter((v) => v.id !== 'pv_2027')
  const hostile = options.hostile
  return hostile === undefined
    ? list
    : list.map((v) => ({ ...v, label: hostile, summary: { en: [hostile], ko: [hostile] } }))
}

function summaryOf(v: FixtureVersion, all: FixtureVersion[], locale: FixtureLocale): PolicyVersionSummary {
  return {
    id: v.id,
    label: v.label,
    postedAt: v.postedAt,
    effectiveAt: v.effectiveAt,
    status: status(v, all),
    significant: v.significant,
    summary: v.summary[locale],
  }
}

/** The text of a version as GET /v1/widget/policy/versions/:id answers it. */
export function fixtureDocument(v: PolicyVersionSummary, locale: FixtureLocale): PolicyVersionDocument {
  const tenant = v.id === 'pv_2025' ? { ...FIXTURE_TENANT, officer: FIXTURE_OLD_OFFICER } : FIXTURE_TENANT
  const version = {
    ...defaultPolicy(tenant, { id: v.label }),
    postedAt: v.postedAt,
    effectiveAt: v.effectiveAt,
  }
  return {
    id: v.id,
    label: v.label,
    locale,
    status: v.status,
    postedAt: v.postedAt,
    effectiveAt: v.effectiveAt,
    html: render(version, tenant, locale, 'html'),
    toc: tableOfContents(version, tenant, locale),
  }
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status < 400 ? 'application/json' : 'application/problem+json' },
  })
}

function problem(status: number, title: string): Response {
  return json({ type: `https://tessera.dev/problems/s${status}`, title, status }, status)
}

export interface FixtureApi {
  /** A fetch answering the widget endpoints (config and policy) from the fixtures. */
  fetch: typeof fetch
  /** Every URL requested, in order. */
  calls: URL[]
  /** A runtime stand-in for the element's `runtime` property. */
  runtime: Pick<TesseraRuntime, 'config' | 'apiBase' | 'key' | 'fetch'>
}

/** A stand-in for the policy endpoints of the widget API. */
export function fixtureApi(
  options: FixtureOptions = {},
  config: WidgetConfig = sampleWidgetConfig()
): FixtureApi {
  const calls: URL[] = []
  const fetchImpl = async (input: RequestInfo | URL): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    calls.push(url)
    const path = url.pathname
    if (path === '/v1/widget/config') return json(config)
    if (options.pending) return new Promise<Response>(() => {})
    if (options.failWith === 0) throw new TypeError('Failed to fetch')
    if (options.failWith) return problem(options.failWith, `Failure ${options.failWith}`)
    const locale: FixtureLocale = url.searchParams.get('locale') === 'ko' ? 'ko' : 'en'
    const all = versionsFor(options)
    const summaries = all.map((v) => summaryOf(v, all, locale))
    const current = summaries.find((s) => s.status === 'effective') ?? null
    const upcoming = summaries.find((s) => s.status === 'scheduled') ?? null
    if (path === '/v1/widget/policy') return json({ current, upcoming })
    if (path === '/v1/widget/policy/versions') return json({ data: summaries })
    if (path === '/v1/widget/policy/diff') {
      const from = summaries.find((s) => s.id === url.searchParams.get('from'))
      const to = summaries.find((s) => s.id === url.searchParams.get('to'))
      if (!from || !to) return problem(404, 'Not found')
      return json({
        from: from.id,
        to: to.id,
        significant: to.significant,
        summary: options.diffSummary?.[locale] ?? to.summary,
      } satisfies PolicyDiff)
    }
    const match = /^\/v1\/widget\/policy\/versions\/([^/]+)$/.exec(path)
    const wanted = match ? summaries.find((s) => s.id === decodeURIComponent(match[1] ?? '')) : undefined
    if (wanted) return json(fixtureDocument(wanted, locale))
    return problem(404, 'Not found')
  }
  const config_ = Promise.resolve(config)
  return {
    fetch: fetchImpl as typeof fetch,
    calls,
    runtime: {
      apiBase: FIXTURE_API_BASE,
      key: 'pk_fixture',
      config: config_,
      fetch: fetchImpl as typeof fetch,
    },
  }
}
