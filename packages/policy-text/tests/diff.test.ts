import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  LAWFUL_BASES,
  SUPPORTED_LOCALES,
  defaultPolicy,
  diff,
  settingsDrift,
  summary,
  type PolicyVersion,
} from '../src/index.js'
import { mutable, tenant, type Mutable } from './helpers.js'

const base = defaultPolicy(tenant())
type V = Mutable<PolicyVersion>
type Edit = (v: V) => void

const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
const locale = fc.constantFrom(...SUPPORTED_LOCALES)

/** Edits that leave collected items and purposes alone. */
const nonSignificantEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(locale, fc.nat(20), text).map(([l, i, s]): Edit => (v) => {
    const sec = v.prose[l][i % v.prose[l].length]
    if (sec) sec.body += s
  }),
  fc.tuple(locale, fc.nat(20), text).map(([l, i, s]): Edit => (v) => {
    const sec = v.prose[l][i % v.prose[l].length]
    if (sec) sec.title = `${sec.title} ${s}`
  }),
  fc.tuple(locale, fc.nat(20)).map(([l, i]): Edit => (v) => {
    v.prose[l].splice(i % v.prose[l].length, 1)
  }),
  fc.tuple(locale, text).map(([l, s]): Edit => (v) => {
    v.prose[l].push({ id: 'extra', title: s, body: s })
  }),
  text.map((s): Edit => (v) => {
    v.officer.name = `${v.officer.name}${s}`
  }),
  fc.integer({ min: 1, max: 200 }).map((h): Edit => (v) => {
    v.settings.imageRetentionHours = v.settings.imageRetentionHours === h ? h + 1 : h
  }),
  fc.constant<Edit>((v) => {
    v.retention.pop()
  }),
  text.map((s): Edit => (v) => {
    const c = v.cookies[2]
    if (c) c.description.en += s
  }),
  fc.constant<Edit>((v) => {
    v.thirdParty.legalObligationException = !v.thirdParty.legalObligationException
  })
)

/** Edits that always change the collected items or the purposes. */
const significantEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(fc.nat(20), locale, text).map(([i, l, s]): Edit => (v) => {
    const item = v.items[i % v.items.length]
    if (item) item.label[l] += s
  }),
  fc.nat(20).map((i): Edit => (v) => {
    const item = v.items[i % v.items.length]
    if (item) item.required = !item.required
  }),
  fc.nat(20).map((i): Edit => (v) => {
    const item = v.items[i % v.items.length]
    if (item) item.category = item.category === 'imaging' ? 'account' : 'imaging'
  }),
  fc.nat(20).map((i): Edit => (v) => {
    v.items.splice(i % v.items.length, 1)
  }),
  text.map((s): Edit => (v) => {
    v.items.push({ key: `new_${s}`, category: 'automatic', required: false, label: { en: s, ko: s } })
  }),
  fc.tuple(fc.nat(20), fc.constantFrom(...LAWFUL_BASES)).map(([i, basis]): Edit => (v) => {
    const p = v.purposes[i % v.purposes.length]
    if (p) p.lawfulBasis = p.lawfulBasis === basis ? (basis === 'consent' ? 'contract' : 'consent') : basis
  }),
  fc
    .tuple(fc.nat(20), fc.constantFrom('consentBased', 'required', 'specialCategory' as const))
    .map(([i, field]): Edit => (v) => {
      const p = v.purposes[i % v.purposes.length]
      if (p) p[field] = !p[field]
    }),
  fc.tuple(fc.nat(20), locale, text, fc.boolean()).map(([i, l, s, title]): Edit => (v) => {
    const p = v.purposes[i % v.purposes.length]
    if (p) (title ? p.title : p.description)[l] += s
  }),
  fc.nat(20).map((i): Edit => (v) => {
    const p = v.purposes[i % v.purposes.length]
    if (p)
      p.items = p.items.includes('ip_address')
        ? p.items.filter((x) => x !== 'ip_address')
        : [...p.items, 'ip_address']
  }),
  fc.nat(20).map((i): Edit => (v) => {
    v.purposes.splice(i % v.purposes.length, 1)
  }),
  fc.tuple(text, fc.boolean()).map(([s, consent]): Edit => (v) => {
    v.purposes.push({
      key: `new_${s}`,
      lawfulBasis: consent ? 'consent' : 'legitimate_interests',
      consentBased: consent,
      required: false,
      specialCategory: false,
      items: ['email'],
      title: { en: s, ko: s },
      description: { en: s, ko: s },
    })
  })
)

function apply(edits: readonly Edit[]): PolicyVersion {
  const v = mutable(base)
  for (const e of edits) e(v)
  return v
}

describe('diff: significance', () => {
  it('prose-only (and officer, retention, cookie, provision) changes are never significant', () => {
    fc.assert(
      fc.property(fc.array(nonSignificantEdit, { minLength: 1, maxLength: 5 }), (edits) => {
        const next = apply(edits)
        const d = diff(base, next)
        expect(d.significant).toBe(false)
        expect(d.changedConsentPurposes).toEqual([])
        expect(d.items.added.length + d.items.removed.length + d.items.changed.length).toBe(0)
        // Edits may cancel each other out (a flag toggled twice): then, and only then, nothing differs.
        expect(d.empty).toBe(JSON.stringify(next) === JSON.stringify(base))
      }),
      { numRuns: 200 }
    )
  })

  it('any change of collected items or purposes is always significant, whatever else changes', () => {
    fc.assert(
      fc.property(
        significantEdit,
        fc.array(nonSignificantEdit, { maxLength: 3 }),
        fc.array(significantEdit, { maxLength: 2 }),
        (first, others, more) => {
          const next = apply([first, ...others, ...more])
          // Only meaningful when the edits did not cancel each other out.
          fc.pre(
            JSON.stringify(next.items) !== JSON.stringify(base.items) ||
              JSON.stringify(next.purposes) !== JSON.stringify(base.purposes)
          )
          expect(diff(base, next).significant).toBe(true)
          expect(diff(next, base).significant).toBe(true)
        }
      ),
      { numRuns: 200 }
    )
  })

  it('identical versions give an empty, non-significant diff', () => {
    const d = diff(base, mutable(base))
    expect(d.empty).toBe(true)
    expect(d.significant).toBe(false)
    expect(summary(d, 'en')).toEqual(['No changes.'])
    expect(summary(d, 'ko')).toEqual(['변경 사항이 없습니다.'])
  })
})

describe('diff: details', () => {
  it('reports item and purpose changes with the fields and lawful basis involved', () => {
    const v = mutable(base)
    v.items.push({
      key: 'phone',
      category: 'account',
      required: false,
      label: { en: 'Phone number', ko: '전화번호' },
    })
    v.items = v.items.filter((i) => i.key !== 'nationality')
    const marketing = v.purposes.find((p) => p.key === 'marketing')
    const improvement = v.purposes.find((p) => p.key === 'improvement')
    if (!marketing || !improvement) throw new Error('fixture')
    marketing.items.push('phone')
    improvement.lawfulBasis = 'consent'
    improvement.consentBased = true
    const d = diff(base, v)
    expect(d.items.added.map((i) => i.key)).toEqual(['phone'])
    expect(d.items.removed.map((i) => i.key)).toEqual(['nationality'])
    expect(d.purposes.changed.map((p) => [p.key, p.fields])).toEqual([
      ['improvement', ['lawfulBasis', 'consentBased']],
      ['marketing', ['items']],
    ])
    expect(d.purposes.changed[0]?.lawfulBasis).toEqual({ before: 'legitimate_interests', after: 'consent' })
    expect(d.significant).toBe(true)
    expect(d.changedConsentPurposes).toEqual(['improvement', 'marketing'])
  })

  it('asks fresh consent for consent-based purposes processing an added or changed item', () => {
    const v = mutable(base)
    const images = v.items.find((i) => i.key === 'medical_images')
    if (!images) throw new Error('fixture')
    images.label.en = 'Medical images and reports'
    const d = diff(base, v)
    expect(d.significant).toBe(true)
    expect(d.changedConsentPurposes).toEqual(['image_analysis'])
  })

  it('does not ask fresh consent for removed or non-consent purposes', () => {
    const v = mutable(base)
    v.purposes = v.purposes.filter((p) => p.key !== 'marketing')
    const security = v.purposes.find((p) => p.key === 'security')
    if (!security) throw new Error('fixture')
    security.description.en = 'Stopping abuse.'
    const d = diff(base, v)
    expect(d.significant).toBe(true)
    expect(d.purposes.removed.map((p) => p.key)).toEqual(['marketing'])
    expect(d.changedConsentPurposes).toEqual([])
  })

  it('reports retention, officer, cookie and prose changes without significance', () => {
    const v = mutable(base)
    v.settings.imageRetentionHours = 12
    v.officer.name = 'Min-jun Lee'
    const analytics = v.cookies.find((c) => c.key === 'analytics')
    if (!analytics) throw new Error('fixture')
    analytics.required = true
    v.prose.ko[0]!.body += ' 추가 문장.'
    v.prose.en.push({ id: 'contact', title: 'Contact', body: 'Write to us.' })
    const d = diff(base, v)
    expect(d.significant).toBe(false)
    expect(d.retention.changed).toBe(true)
    expect(d.retention.settings).toEqual([{ name: 'imageRetentionHours', before: 24, after: 12 }])
    expect(d.officer?.after.name).toBe('Min-jun Lee')
    expect(d.cookies.changed).toEqual([expect.objectContaining({ key: 'analytics', fields: ['required'] })])
    expect(d.prose).toEqual([
      { locale: 'en', id: 'contact', kind: 'added', title: 'Contact' },
      { locale: 'ko', id: 'overview', kind: 'changed', title: '이 방침에 대하여' },
    ])
    const en = summary(d, 'en')
    expect(en[0]).toMatch(/^Minor change/)
    expect(en).toContain('Image retention (hours): 24 → 12')
    expect(en).toContain('Privacy officer changed: Seo-yeon Park → Min-jun Lee')
    expect(en).toContain('Cookie category changed: Analytics')
    expect(en).toContain('New section: Contact')
    const ko = summary(d, 'ko')
    expect(ko[0]).toMatch(/^일반 변경/)
    expect(ko).toContain('영상 보관 시간(시간): 24 → 12')
    expect(ko).toContain('문구가 바뀐 항목: 이 방침에 대하여')
  })

  it('summarises significant changes in both languages, including fresh consent', () => {
    const v = mutable(base)
    v.purposes.push({
      key: 'research',
      lawfulBasis: 'consent',
      consentBased: true,
      required: false,
      specialCategory: true,
      items: ['medical_images'],
      title: { en: 'Research on de-identified images', ko: '비식별 영상을 이용한 연구' },
      description: { en: 'Improving models.', ko: '모델 개선.' },
    })
    const security = v.purposes.find((p) => p.key === 'security')
    if (!security) throw new Error('fixture')
    security.lawfulBasis = 'legal_obligation'
    const d = diff(base, v)
    expect(summary(d, 'en')).toEqual([
      'Significant change: the data we collect or the purposes we use it for have changed.',
      'New purpose: Research on de-identified images',
      'Legal basis for "Security and safe use" changed from Our legitimate interests to A legal obligation',
      'We will ask for your consent again for: Research on de-identified images',
    ])
    expect(summary(d, 'ko')).toEqual([
      '중요 변경: 수집하는 항목이나 이용 목적이 바뀌었습니다.',
      '새 이용 목적: 비식별 영상을 이용한 연구',
      '"보안과 안전한 이용 환경"의 법적 근거 변경: 회사의 정당한 이익 → 법령상 의무 준수',
      '다음 목적에 대해 동의를 다시 여쭙니다: 비식별 영상을 이용한 연구',
    ])
    expect(() => summary(d, 'de')).toThrow(/supported locales: en, ko/)
  })
})

describe('settingsDrift', () => {
  it('reports when the tenant settings or officer moved away from the version snapshot', () => {
    const t = tenant()
    const v = defaultPolicy(t)
    expect(settingsDrift(v, t)).toEqual({ settings: [], officer: false })
    const moved = tenant({
      settings: { imageRetentionHours: 12, dormancyEnabled: false },
      officer: { ...t.officer, email: 'dpo@lumen.example' },
    })
    expect(settingsDrift(v, moved)).toEqual({
      settings: [
        { name: 'imageRetentionHours', before: 24, after: 12 },
        { name: 'dormancyEnabled', before: true, after: false },
      ],
      officer: true,
    })
  })
})
