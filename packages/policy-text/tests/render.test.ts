import { describe, expect, it } from 'vitest'
import {
  PolicyModelError,
  SUPPORTED_LOCALES,
  UnsupportedLocaleError,
  defaultPolicy,
  render,
  tableOfContents,
  type RenderFormat,
} from '../src/index.js'
import { checkHtml, mutable, tenant } from './helpers.js'

const FORMATS: readonly RenderFormat[] = ['html', 'text', 'markdown']

describe('render', () => {
  const t = tenant()
  const v = defaultPolicy(t)

  it('shows the officer from tenant settings in every locale and format', () => {
    for (const locale of SUPPORTED_LOCALES) {
      for (const format of FORMATS) {
        const out = render(v, t, locale, format)
        expect(out, `${locale}/${format}`).toContain('Seo-yeon Park')
        expect(out, `${locale}/${format}`).toContain('Platform Security Team')
        expect(out, `${locale}/${format}`).toContain('privacy@lumen.example')
      }
    }
    expect(render(v, t, 'en', 'html')).toContain(
      '<a href="mailto:privacy@lumen.example">privacy@lumen.example</a>'
    )
  })

  it('a different officer gives a different text', () => {
    const other = tenant({
      officer: { name: 'Min-jun Lee', department: 'Legal', email: 'dpo@lumen.example' },
    })
    const out = render(defaultPolicy(other), other, 'ko', 'text')
    expect(out).toContain('Min-jun Lee')
    expect(out).not.toContain('Seo-yeon Park')
  })

  it('throws a typed error listing the supported locales for an unknown locale', () => {
    for (const bad of ['fr', 'EN', '', 'en-US', '__proto__']) {
      let caught: unknown
      try {
        render(v, t, bad, 'html')
      } catch (e) {
        caught = e
      }
      expect(caught, bad).toBeInstanceOf(UnsupportedLocaleError)
      expect((caught as UnsupportedLocaleError).code).toBe('unsupported_locale')
      expect((caught as UnsupportedLocaleError).supported).toEqual(['en', 'ko'])
      expect((caught as Error).message).toContain('en, ko')
    }
  })

  it('refuses a locale the version has no prose for, listing what it has', () => {
    const partial = mutable(v) as unknown as { prose: Record<string, unknown> }
    delete partial.prose.ko
    expect(() => render(partial as never, t, 'ko', 'html')).toThrow(UnsupportedLocaleError)
    expect(() => render(partial as never, t, 'ko', 'html')).toThrow(/supported locales: en$/)
  })

  it('refuses an unknown format', () => {
    expect(() => render(v, t, 'en', 'pdf' as RenderFormat)).toThrow(PolicyModelError)
  })

  it('gives TOC anchors that match the section ids', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const html = render(v, t, locale, 'html')
      const nav = html.slice(html.indexOf('<nav'), html.indexOf('</nav>'))
      const tocTargets = [...nav.matchAll(/href="#([^"]+)"/g)].map((m) => m[1])
      const sectionIds = [...html.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1])
      expect(tocTargets.length).toBeGreaterThanOrEqual(10)
      expect(tocTargets).toEqual(sectionIds)
      expect(sectionIds).toEqual(tableOfContents(v, t, locale).map((e) => e.anchor))
      expect(sectionIds).toContain('section-collection')
      const md = render(v, t, locale, 'markdown')
      const mdToc = [...md.matchAll(/\]\(#(section-[a-z0-9-]+)\)/g)].map((m) => m[1])
      const mdHeads = [...md.matchAll(/\{#(section-[a-z0-9-]+)\}$/gm)].map((m) => m[1])
      expect(mdToc).toEqual(sectionIds)
      expect(mdHeads).toEqual(sectionIds)
    }
  })

  it('has the same section ids, in the same order, in the English and Korean templates', () => {
    const en = v.prose.en.map((s) => s.id)
    const ko = v.prose.ko.map((s) => s.id)
    expect(en).toEqual(ko)
    expect(en).toEqual([
      'overview',
      'collection',
      'use',
      'retention',
      'provision',
      'safety',
      'rights',
      'officer',
      'cookies',
      'changes',
      'eu',
    ])
    expect(tableOfContents(v, t, 'en').map((e) => e.id)).toEqual(tableOfContents(v, t, 'ko').map((e) => e.id))
  })

  it('produces safe, well-formed HTML for the default policy', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const text = checkHtml(render(v, t, locale, 'html'))
      expect(text).toContain(t.name)
    }
  })

  it('renders the structured part from the model', () => {
    const html = render(v, t, 'en', 'html')
    expect(html).toContain('<td>Your consent</td>')
    expect(html).toContain('Optional (health data: separate, explicit consent)')
    expect(html).toContain('<a href="https://www.pipc.go.kr">')
    expect(html).toContain('<a href="https://privacy.kisa.or.kr">')
    expect(html).toContain('<a href="https://www.edpb.europa.eu/about-edpb/about-edpb/members_en">')
    expect(html).toContain('We give personal data to no third party.')
    const ko = render(v, t, 'ko', 'text')
    expect(ko).toContain('법적 근거: 정보주체의 동의')
    expect(ko).toContain('개인정보보호위원회 (https://www.pipc.go.kr)')
  })

  it('lists the tenant’s own EU authority for a tenant established in a listed member state', () => {
    const de = tenant({ country: 'DE' })
    expect(render(defaultPolicy(de), de, 'en', 'html')).toContain('https://www.bfdi.bund.de')
    expect(render(v, t, 'en', 'html')).not.toContain('bfdi')
  })

  it('shows posting and effective dates from the version, never from the clock', () => {
    const posted = {
      ...v,
      id: '2025-02',
      postedAt: '2025-02-01T09:00:00.000Z',
      effectiveAt: '2025-03-03T09:00:00.000Z',
    }
    const text = render(posted, t, 'en', 'text')
    expect(text).toContain('Version 2025-02 · Posted on 2025-02-01 · In effect from 2025-03-03')
    expect(render(posted, t, 'ko', 'text')).toContain('버전 2025-02 · 공고일 2025-02-01 · 시행일 2025-03-03')
    expect(render(v, t, 'en', 'text')).not.toMatch(/In effect from/)
    expect(() => render({ ...v, postedAt: 'yesterday' }, t, 'en', 'text')).toThrow(PolicyModelError)
  })

  it('refuses invalid or duplicate section ids', () => {
    const bad = mutable(v)
    const first = bad.prose.en[0]
    if (!first) throw new Error('no section')
    first.id = 'x" onclick="alert(1)'
    expect(() => render(bad, t, 'en', 'html')).toThrow(PolicyModelError)
    const dup = mutable(v)
    const second = dup.prose.en[1]
    if (!second) throw new Error('no section')
    second.id = 'overview'
    expect(() => render(dup, t, 'en', 'html')).toThrow(/duplicate section id "overview"/)
  })

  it('adds a generated section when the prose lacks one that structured data needs', () => {
    const slim = mutable(v)
    slim.prose.en = slim.prose.en.filter((s) => s.id !== 'officer')
    const out = render(slim, t, 'en', 'html')
    expect(out).toContain('<section id="section-officer">\n<h2>Privacy officer</h2>')
    expect(out).toContain('Seo-yeon Park')
    checkHtml(out)
  })

  it('is deterministic', () => {
    for (const format of FORMATS) {
      expect(render(v, t, 'ko', format)).toBe(render(defaultPolicy(tenant()), tenant(), 'ko', format))
    }
  })
})
