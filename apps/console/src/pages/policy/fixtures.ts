// A stand-in for the policy endpoints (apps/api/app/policies) for stories and tests: versions kept in
// memory, ETag / If-Match like the API (412 for a stale draft), the API's field errors and notice
// rules (7 days, 30 when items or purposes change). Not part of the bundle.
import { forbiddenFor, invalidFields, json, problem } from '../../fixtures.js'
import type { FixtureRequest, FixtureRoute } from '../../fixtures.js'
import type {
  PolicyContent,
  PolicyLocale,
  PolicyVersionDetail,
  PolicyVersionSummary,
  Publication,
  VersionStatus,
} from './api.js'

const DAY = 24 * 3600 * 1000

export function fixturePolicyContent(): PolicyContent {
  return {
    kind: 'privacy',
    items: [
      {
        key: 'email',
        category: 'account',
        required: true,
        label: { en: 'E-mail address', ko: '이메일 주소' },
      },
      {
        key: 'medical_images',
        category: 'imaging',
        required: true,
        label: { en: 'Medical images you upload', ko: '업로드한 의료 영상' },
      },
    ],
    purposes: [
      {
        key: 'analysis',
        lawfulBasis: 'consent',
        consentBased: true,
        required: true,
        specialCategory: true,
        items: ['medical_images'],
        title: { en: 'Analysing your images', ko: '영상 분석' },
        description: {
          en: 'We run the model on the images you upload and show you the result.',
          ko: '업로드한 영상에 모델을 실행하고 결과를 보여 드립니다.',
        },
      },
    ],
    prose: {
      en: [
        { id: 'intro', title: 'Who we are', body: '{{ tenant.name }} runs this service.' },
        { id: 'contact', title: 'Contact', body: 'Write to {{ officer.email }}.' },
      ],
      ko: [
        { id: 'intro', title: '회사 소개', body: '{{ tenant.name }}이(가) 이 서비스를 운영합니다.' },
        { id: 'contact', title: '문의', body: '{{ officer.email }}로 문의하세요.' },
      ],
    },
  }
}

interface StoredVersion extends PolicyVersionDetail {
  revision: number
  /** Refreshed from the tenant since (no drift any more). */
  refreshed?: boolean
}

export interface PolicyFixtureOptions {
  /** "Now" of the stand-in's clock (publication facts and publishing). */
  now?: Date
  /** Members a notice would reach. */
  members?: number
  /** Start with no versions at all. */
  empty?: boolean
  /** Start with a draft (`pv_draft0001`) next to the published versions. */
  withDraft?: boolean
  /** The tenant's settings and officer moved on since the versions were written (until a refresh). */
  drift?: boolean
  /** Notify members of minor changes too (tenant setting). */
  notifyMinorChanges?: boolean
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
  )

const stamp = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`

export function policyFixture(options: PolicyFixtureOptions = {}) {
  const now = () => options.now ?? new Date('2026-11-27T09:00:00.000Z')
  const versions: StoredVersion[] = []
  let created = 0
  const base = now().getTime()
  if (!options.empty) {
    versions.push(
      {
        id: 'pv_fixture0002',
        label: 'v2',
        status: 'effective',
        postedAt: new Date(base - 40 * DAY).toISOString(),
        effectiveAt: new Date(base - 10 * DAY).toISOString(),
        significant: true,
        summary: { en: ['Significant change', 'Item added: Medical images you upload'], ko: ['중요 변경'] },
        content: fixturePolicyContent(),
        revision: 1,
      },
      {
        id: 'pv_fixture0001',
        label: 'v1',
        status: 'superseded',
        postedAt: new Date(base - 200 * DAY).toISOString(),
        effectiveAt: new Date(base - 200 * DAY).toISOString(),
        significant: false,
        summary: { en: [], ko: [] },
        content: { ...fixturePolicyContent(), items: fixturePolicyContent().items.slice(0, 1) },
        revision: 1,
      }
    )
  }
  if (options.withDraft) {
    versions.unshift({
      id: 'pv_draft0001',
      label: 'v3',
      status: 'draft',
      postedAt: null,
      effectiveAt: null,
      significant: null,
      summary: null,
      content: fixturePolicyContent(),
      revision: 1,
    })
  }

  const etagOf = (v: StoredVersion) => `"${v.id}-r${v.revision}"`
  const summaryOf = ({ content: _c, revision: _r, ...rest }: StoredVersion): PolicyVersionSummary => rest
  const detailOf = ({ revision: _r, ...rest }: StoredVersion): PolicyVersionDetail => rest
  const withTag = (v: StoredVersion, status = 200) => {
    const response = json(detailOf(v), status)
    response.headers.set('etag', etagOf(v))
    return response
  }
  const latestPublished = () => versions.find((v) => v.status === 'effective' || v.status === 'scheduled')

  function changes(from: PolicyContent, to: PolicyContent, locale: PolicyLocale) {
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
    const lines: string[] = []
    const significant = !same(from.items, to.items) || !same(from.purposes, to.purposes)
    for (const item of to.items)
      if (!from.items.some((i) => i.key === item.key)) lines.push(`Item added: ${item.label[locale]}`)
    for (const item of from.items)
      if (!to.items.some((i) => i.key === item.key)) lines.push(`Item removed: ${item.label[locale]}`)
    to.prose[locale].forEach((section, i) => {
      if (!same(section, from.prose[locale][i])) lines.push(`Section changed: ${section.title}`)
    })
    const empty = same(from, to)
    return { significant, empty, summary: [significant ? 'Significant change' : 'Minor change', ...lines] }
  }

  function facts(v: StoredVersion): Publication {
    const previous = latestPublished()
    const diff = previous ? changes(previous.content, v.content, 'en') : null
    const significant = diff?.significant ?? false
    const days = previous ? (significant ? 30 : 7) : 0
    const notifies = Boolean(previous) && (significant || Boolean(options.notifyMinorChanges))
    return {
      against: previous?.id ?? null,
      significant,
      noticeDays: days,
      earliestEffectiveAt: new Date(now().getTime() + days * DAY).toISOString(),
      unchanged: diff?.empty ?? false,
      notifies,
      recipients: notifies ? (options.members ?? 2) : 0,
      asOf: now().toISOString(),
    }
  }

  /** 412 when the request's If-Match names another state than the version's. */
  function stale(request: FixtureRequest, v: StoredVersion) {
    const ifMatch = request.headers.get('if-match')
    if (ifMatch === null || ifMatch === '*' || ifMatch === etagOf(v)) return null
    return problem(
      412,
      'precondition-failed',
      'Changed by someone else',
      'The draft was changed since you loaded it. Load it again, then repeat your change.'
    )
  }

  function validate(body: Record<string, unknown>) {
    const errors: { field: string; message: string; rule: string }[] = []
    if ('label' in body && !/^[\w.-]{1,40}$/.test(String(body.label)))
      errors.push({ field: 'label', message: 'The label field format is invalid', rule: 'regex' })
    const items = (body.items ?? []) as PolicyContent['items']
    items.forEach((item, i) => {
      if (!/^[a-z][a-z0-9_-]{0,63}$/.test(item.key))
        errors.push({ field: `items.${i}.key`, message: 'The key field format is invalid', rule: 'regex' })
      for (const l of ['en', 'ko'] as const)
        if (!item.label[l].trim())
          errors.push({
            field: `items.${i}.label.${l}`,
            message: `The ${l} field must have at least 1 characters`,
            rule: 'minLength',
          })
    })
    const purposes = (body.purposes ?? []) as PolicyContent['purposes']
    purposes.forEach((purpose, i) => {
      if (!/^[a-z][a-z0-9_-]{0,63}$/.test(purpose.key))
        errors.push({ field: `purposes.${i}.key`, message: 'The key field format is invalid', rule: 'regex' })
      for (const l of ['en', 'ko'] as const)
        if (!purpose.title[l].trim())
          errors.push({
            field: `purposes.${i}.title.${l}`,
            message: `The ${l} field must have at least 1 characters`,
            rule: 'minLength',
          })
    })
    const prose = body.prose as PolicyContent['prose'] | undefined
    for (const l of ['en', 'ko'] as const)
      prose?.[l].forEach((section, i) => {
        if (section.body.length > 20_000)
          errors.push({
            field: `prose.${l}.${i}.body`,
            message: 'The body field must not be greater than 20000 characters',
            rule: 'maxLength',
          })
        if (!section.title.trim())
          errors.push({
            field: `prose.${l}.${i}.title`,
            message: 'The title field must have at least 1 characters',
            rule: 'minLength',
          })
      })
    return errors
  }

  function preview(v: StoredVersion, locale: PolicyLocale) {
    const sections = v.content.prose[locale]
      .map(
        (s) =>
          `<section id="section-${s.id}"><h2>${escapeHtml(s.title)}</h2><p>${escapeHtml(s.body)}</p></section>`
      )
      .join('\n')
    return `<h1>${locale === 'ko' ? '개인정보 처리방침' : 'Privacy policy'}</h1>\n${sections}`
  }

  const route: FixtureRoute = (request) => {
    const { route: r, url, body, permissions, role } = request
    if (!r.includes(' /v1/admin/policy/versions')) return null
    const can = (permission: string) => permissions.includes(permission)
    const locale = (url.searchParams.get('locale') ?? 'en') as PolicyLocale

    if (r === 'GET /v1/admin/policy/versions') return json({ data: versions.map(summaryOf) })
    if (r === 'POST /v1/admin/policy/versions') {
      if (!can('policy.edit')) return forbiddenFor(role, 'policy.edit')
      created += 1
      const latest = latestPublished()
      const draft: StoredVersion = {
        id: `pv_new${String(created).padStart(4, '0')}`,
        label: `v${versions.length + 1}`,
        status: 'draft',
        postedAt: null,
        effectiveAt: null,
        significant: null,
        summary: null,
        content: structuredClone(latest?.content ?? fixturePolicyContent()),
        revision: 1,
      }
      versions.unshift(draft)
      return withTag(draft, 201)
    }
    const m =
      /^(GET|PATCH|POST) \/v1\/admin\/policy\/versions\/([^/]+)(?:\/(preview|diff|publication|publish))?$/.exec(
        r
      )
    if (!m) return null
    const v = versions.find((x) => x.id === decodeURIComponent(m[2]!))
    if (!v) return problem(404, 'not-found', 'Not found', 'No such policy version.')
    const action = `${m[1]} ${m[3] ?? ''}`.trim()

    if (action === 'GET') return withTag(v)
    if (action === 'GET preview')
      return json({
        locale,
        format: 'html',
        content: preview(v, locale),
        toc: [],
        drift:
          options.drift && !v.refreshed
            ? { settings: [{ name: 'imageRetentionHours', before: 24, after: 48 }], officer: true }
            : { settings: [], officer: false },
      })
    if (action === 'GET diff') {
      // As the API: against the latest published version other than this one (scheduled included).
      const previous = versions.find((x) => x !== v && x.status !== 'draft')
      if (!previous || previous === v)
        return json({ against: null, significant: false, summary: [], changes: null })
      const d = changes(previous.content, v.content, locale)
      return json({ against: previous.id, significant: d.significant, summary: d.summary, changes: {} })
    }
    const published = () =>
      problem(409, 'policy-version-published', 'Already published', 'Published versions cannot change.')
    if (action === 'GET publication') return v.status === 'draft' ? json(facts(v)) : published()
    if (action === 'PATCH') {
      if (!can('policy.edit')) return forbiddenFor(role, 'policy.edit')
      if (v.status !== 'draft') return published()
      // The API's JSON body limit (config/bodyparser.ts) answers before any validation.
      if (JSON.stringify(body).length > 1024 * 1024)
        return problem(
          413,
          'payload-too-large',
          'Request too large',
          'The request body is larger than allowed.'
        )
      const refused = stale(request, v)
      if (refused) return refused
      const errors = validate(body)
      if (errors.length) return invalidFields(errors)
      const { label, items, purposes, prose, refreshFromTenant } = body as Partial<
        PolicyContent & { label: string; refreshFromTenant: boolean }
      >
      if (label) v.label = label
      if (refreshFromTenant) v.refreshed = true
      v.content = {
        ...v.content,
        ...(items ? { items } : {}),
        ...(purposes ? { purposes } : {}),
        ...(prose ? { prose } : {}),
      }
      v.revision += 1
      return withTag(v)
    }
    if (action === 'POST publish') {
      if (!can('policy.publish')) return forbiddenFor(role, 'policy.publish')
      if (v.status !== 'draft') return published()
      const refused = stale(request, v)
      if (refused) return refused
      const f = facts(v)
      const effectiveAt = new Date(String(body?.effectiveAt))
      if (Number.isNaN(effectiveAt.getTime()))
        return invalidFields([
          { field: 'effectiveAt', message: 'The effectiveAt field format is invalid', rule: 'regex' },
        ])
      if (f.unchanged)
        return invalidFields([
          {
            field: 'content',
            message: 'This draft is identical to the latest published version',
            rule: 'noChanges',
          },
        ])
      const earliest = new Date(f.earliestEffectiveAt)
      if (effectiveAt < earliest) {
        const message = f.significant
          ? `A significant change (collected data or purposes changed) takes effect no earlier than 30 days after posting: the earliest effective date is ${stamp(earliest)}.`
          : `A change takes effect no earlier than 7 days after posting: the earliest effective date is ${stamp(earliest)}.`
        return problem(422, 'policy-schedule', 'Effective date not allowed', message, [
          { field: 'effectiveAt', message, rule: 'effective_too_soon' },
        ])
      }
      const before = latestPublished()?.content ?? v.content
      Object.assign(v, {
        status: (effectiveAt <= now() ? 'effective' : 'scheduled') as VersionStatus,
        postedAt: now().toISOString(),
        effectiveAt: effectiveAt.toISOString(),
        significant: f.significant,
        summary: {
          en: changes(before, v.content, 'en').summary,
          ko: changes(before, v.content, 'ko').summary,
        },
      })
      v.revision += 1
      return json(summaryOf(v))
    }
    return null
  }

  /** Another admin saves the draft (its ETag changes), as a second console would. */
  function editElsewhere(id: string, mutate: (content: PolicyContent) => void = () => {}) {
    const v = versions.find((x) => x.id === id)!
    mutate(v.content)
    v.revision += 1
  }

  return { route, versions, editElsewhere, etagOf }
}
