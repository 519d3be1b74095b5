import { describe, expect, it } from 'vitest'
import {
  EN_SECTIONS,
  KO_SECTIONS,
  PolicyTemplateError,
  TEMPLATE_VARIABLES,
  defaultPolicy,
  fillTemplate,
  render,
  validateTemplate,
} from '../src/index.js'
import { mutable, tenant } from './helpers.js'

describe('fillTemplate', () => {
  const vars = { 'tenant.name': 'Acme', 'settings.dormancyEnabled': true, 'settings.imageRetentionHours': 24 }

  it('substitutes named variables', () => {
    expect(fillTemplate('Run by {{tenant.name}}, kept {{ settings.imageRetentionHours }} h.', vars)).toBe(
      'Run by Acme, kept 24 h.'
    )
  })

  it('keeps or drops conditional blocks', () => {
    const t =
      '{{#if settings.dormancyEnabled}}on{{else}}off{{/if}}/{{#unless settings.dormancyEnabled}}no{{/unless}}'
    expect(fillTemplate(t, vars)).toBe('on/')
    expect(fillTemplate(t, { ...vars, 'settings.dormancyEnabled': false })).toBe('off/no')
  })

  it('throws a typed error naming an unknown variable, never rendering "undefined"', () => {
    const run = (): string => fillTemplate('Hello {{tenant.nmae}}!', vars)
    expect(run).toThrow(PolicyTemplateError)
    try {
      run()
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyTemplateError)
      expect((e as PolicyTemplateError).code).toBe('unknown_variable')
      expect((e as PolicyTemplateError).variable).toBe('tenant.nmae')
      expect((e as PolicyTemplateError).offset).toBe(6)
      expect((e as Error).message).toContain('tenant.nmae')
    }
    expect(() => fillTemplate('{{#if nope}}x{{/if}}', vars)).toThrow(/Unknown template variable "nope"/)
    // Inherited object properties are not variables either.
    expect(() => fillTemplate('{{constructor}}', vars)).toThrow(PolicyTemplateError)
  })

  it('rejects broken syntax with a typed error', () => {
    for (const bad of [
      '{{tenant.name',
      '{{#if settings.dormancyEnabled}}x',
      'x{{/if}}',
      '{{else}}',
      '{{ a b }}',
    ]) {
      expect(() => fillTemplate(bad, vars), bad).toThrow(PolicyTemplateError)
    }
    expect(() => fillTemplate('{{#if settings.dormancyEnabled}}x{{/unless}}', vars)).toThrow(/unexpected/)
  })

  it('escapes values so they can never become Markdown markup or new blocks', () => {
    const out = fillTemplate('{{tenant.name}}', { 'tenant.name': '- **x** [a](https://e.x)\n\n## h' })
    expect(out).not.toContain('\n')
    expect(out).toBe('\\- \\*\\*x\\*\\* \\[a\\](https://e.x) ## h')
    // A value that looks like a template tag is inserted literally, not expanded again.
    expect(fillTemplate('{{tenant.name}}', { 'tenant.name': '{{tenant.name}}' }, { escape: 'none' })).toBe(
      '{{tenant.name}}'
    )
    expect(fillTemplate('{{tenant.name}}', { 'tenant.name': '{{tenant.name}}' })).toBe(
      '\\{\\{tenant.name\\}\\}'
    )
  })

  it('validateTemplate checks names against the known variables', () => {
    expect(() => validateTemplate('{{settings.imageRetentionHours}}')).not.toThrow()
    expect(() => validateTemplate('{{settings.imageRetentionDays}}')).toThrow(PolicyTemplateError)
  })

  it('every default template uses known variables only', () => {
    for (const s of [...EN_SECTIONS, ...KO_SECTIONS])
      expect(() => validateTemplate(s.body, TEMPLATE_VARIABLES)).not.toThrow()
  })
})

describe('templates filled from tenant settings', () => {
  const sentence = {
    en: (h: number) => `deleted no later than ${h} hours after upload`,
    ko: (h: number) => `업로드 후 늦어도 ${h}시간 안에 삭제`,
  }

  it('the image retention sentence follows imageRetentionHours (24 → 12)', () => {
    for (const locale of ['en', 'ko'] as const) {
      for (const format of ['html', 'text', 'markdown'] as const) {
        const t24 = tenant()
        const t12 = tenant({ settings: { imageRetentionHours: 12 } })
        const at24 = render(defaultPolicy(t24), t24, locale, format)
        const at12 = render(defaultPolicy(t12), t12, locale, format)
        expect(at24).toContain(sentence[locale](24))
        expect(at24).not.toContain(sentence[locale](12))
        expect(at12).toContain(sentence[locale](12))
        expect(at12).not.toContain(sentence[locale](24))
      }
    }
  })

  it('the retention table uses the same setting as the prose', () => {
    const t = tenant({ settings: { imageRetentionHours: 6 } })
    const text = render(defaultPolicy(t), t, 'en', 'text')
    expect(text).toContain('Deleted 6 hours after upload at the latest')
    expect(text).not.toMatch(/\b24 hours/)
  })

  it('dormancy text appears only when dormancy is enabled, with its numbers', () => {
    const on = tenant({ settings: { dormancyDays: 400, dormantDestroyYears: 3 } })
    const off = tenant({ settings: { dormancyEnabled: false } })
    const onText = render(defaultPolicy(on), on, 'en', 'text')
    expect(onText).toContain('Accounts with no activity for 400 days')
    expect(onText).toContain('destroyed 3 years later')
    const offText = render(defaultPolicy(off), off, 'en', 'text')
    expect(offText).not.toContain('no activity for')
    expect(offText).not.toContain('separate store')
    expect(render(defaultPolicy(off), off, 'ko', 'text')).not.toContain('별도 저장소')
  })

  it('notice periods in the text come from settings, never below 7 / 30 days', () => {
    const t = tenant({ settings: { minorNoticeDays: 10, significantNoticeDays: 45 } })
    const text = render(defaultPolicy(t), t, 'en', 'text')
    expect(text).toContain('no sooner than 10 days after posting')
    expect(text).toContain('no sooner than 45 days after posting')
    const low = tenant({ settings: { minorNoticeDays: 1, significantNoticeDays: 2 } })
    const lowText = render(defaultPolicy(low), low, 'ko', 'text')
    expect(lowText).toContain('게시한 날부터 7일')
    expect(lowText).toContain('게시 후 30일')
  })

  it('render throws PolicyTemplateError for prose with an unknown variable', () => {
    const t = tenant()
    const v = mutable(defaultPolicy(t))
    const first = v.prose.en[0]
    if (!first) throw new Error('no section')
    first.body = 'Kept for {{settings.imageRetentionDays}} days.'
    expect(() => render(v, t, 'en', 'html')).toThrow(PolicyTemplateError)
    expect(() => render(v, t, 'en', 'html')).toThrow(/settings\.imageRetentionDays/)
    // The Korean text is untouched and still renders.
    expect(() => render(v, t, 'ko', 'html')).not.toThrow()
  })
})
