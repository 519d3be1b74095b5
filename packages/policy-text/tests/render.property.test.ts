import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultPolicy, render, SUPPORTED_LOCALES, type TenantPolicyContext } from '../src/index.js'
import { checkHtml, clone, mutable, tenant } from './helpers.js'

const ATTACKS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  'javascript:alert(1)',
  '[click](javascript:alert(1))',
  '**[x](data:text/html,<script>alert(1)</script>)**',
  '<a href="javascript:alert(1)">x</a>',
  '<style>body{}</style>',
  '</section><script>',
  '&lt;script&gt;',
  '{{tenant.name}}{{#if x}}',
  '[a](https://ok.example"onclick="x)',
  'mailto:x@y.z?subject=<script>',
  '\n\n## heading\n- item <b>',
  '\u2028<svg/onload=alert(1)>',
]

const hostile = fc.oneof(
  fc.constantFrom(...ATTACKS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc
    .array(fc.constantFrom(...ATTACKS, 'a', ' ', '*', '[', ']', '(', ')', '\\', '\n', '-', '#', '&'), {
      maxLength: 30,
    })
    .map((parts) => parts.join(''))
)

const huge = fc
  .tuple(fc.constantFrom(...ATTACKS, 'x', '*[', 'é<'), fc.integer({ min: 10_000, max: 30_000 }))
  .map(([s, n]) => s.repeat(Math.ceil(n / s.length)))

function hostileTenant(name: string, other: string, email: string): TenantPolicyContext {
  return tenant({
    name,
    legalName: other,
    contactEmail: email,
    website: other,
    officer: { name: other, department: name, email },
  })
}

const tags = (html: string): string[] => [...html.matchAll(/<\/?[a-z0-9]+/g)].map((m) => m[0])

describe('render: no markup or script injection from any tenant or policy string', () => {
  it('tenant values never change the markup: same tags as for a plain tenant, values readable as text', () => {
    const plain = tenant()
    const expected = Object.fromEntries(
      SUPPORTED_LOCALES.map((l) => [l, tags(render(defaultPolicy(plain), plain, l, 'html'))])
    )
    fc.assert(
      fc.property(
        hostile,
        hostile,
        hostile,
        fc.constantFrom(...SUPPORTED_LOCALES),
        (name, legal, dept, locale) => {
          const t = tenant({
            name,
            legalName: legal,
            website: dept,
            officer: { ...plain.officer, name: legal, department: dept },
          })
          const html = render(defaultPolicy(t), t, locale, 'html')
          expect(tags(html)).toEqual(expected[locale])
          const text = checkHtml(html)
          // Inside prose a value is one run of text: line breaks become spaces, nothing else changes.
          const inline = (s: string): string => s.replace(/[\r\n\u2028\u2029]+/g, ' ')
          expect(text).toContain(inline(legal))
          expect(text).toContain(inline(dept))
        }
      ),
      { numRuns: 150 }
    )
  })

  it('escapes every tenant value in HTML and keeps it readable as text', () => {
    fc.assert(
      fc.property(
        hostile,
        hostile,
        hostile,
        fc.constantFrom(...SUPPORTED_LOCALES),
        (name, other, email, locale) => {
          const t = hostileTenant(name, other, email)
          const html = render(defaultPolicy(t), t, locale, 'html')
          const text = checkHtml(html)
          // The tenant name shows up as text (in the title), i.e. escaped, never as markup.
          expect(text).toContain(name)
          expect(text).toContain(other)
        }
      ),
      { numRuns: 150 }
    )
  })

  it('keeps hostile policy data and prose Markdown inert', () => {
    fc.assert(
      fc.property(hostile, hostile, fc.constantFrom(...SUPPORTED_LOCALES), (value, markdown, locale) => {
        const t = tenant()
        const v = mutable(defaultPolicy(t))
        const purpose = v.purposes[0]
        const item = v.items[0]
        const cookie = v.cookies[1]
        const section = v.prose[locale][2]
        if (!purpose || !item || !cookie || !section) throw new Error('fixture')
        purpose.title[locale] = value
        purpose.description[locale] = markdown
        item.label[locale] = value
        cookie.description[locale] = value
        v.complaintAuthorities.push({ region: 'KR', name: { en: value, ko: value }, url: markdown })
        v.id = value
        // Template tags inside prose would be evaluated; hostile prose is plain Markdown here.
        section.title = value
        section.body = markdown.replace(/\{\{/g, '{ {')
        const html = render(v, t, locale, 'html')
        checkHtml(html)
      }),
      { numRuns: 150 }
    )
  })

  it('handles huge strings safely', () => {
    fc.assert(
      fc.property(huge, (big) => {
        const t = hostileTenant(big, big, big)
        const v = mutable(defaultPolicy(t))
        const section = v.prose.en[0]
        if (!section) throw new Error('fixture')
        section.body = big.replace(/\{\{/g, '{ {')
        const text = checkHtml(render(v, t, 'en', 'html'))
        expect(text).toContain(big)
      }),
      { numRuns: 6 }
    )
  })

  it('never lets a value reach the plain-text or Markdown outputs as a link to another scheme', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const t = hostileTenant(value, value, value)
        const md = render(defaultPolicy(t), t, 'en', 'markdown')
        for (const m of md.matchAll(/(?<!\\)\[[^\]]*(?<!\\)\]\(([^)]*)\)/g)) {
          expect(m[1]).toMatch(/^(https:\/\/|mailto:|#section-)/)
        }
      }),
      { numRuns: 100 }
    )
  })
})

describe('render: deterministic', () => {
  it('same input gives byte-identical output, also for a structurally equal copy', () => {
    fc.assert(
      fc.property(
        hostile,
        fc.integer({ min: 1, max: 240 }),
        fc.boolean(),
        fc.constantFrom(...SUPPORTED_LOCALES),
        fc.constantFrom('html' as const, 'text' as const, 'markdown' as const),
        (name, hours, dormancy, locale, format) => {
          const t = tenant({ name, settings: { imageRetentionHours: hours, dormancyEnabled: dormancy } })
          const v = defaultPolicy(t)
          const once = render(v, t, locale, format)
          expect(render(v, t, locale, format)).toBe(once)
          expect(render(clone(v), clone(t), locale, format)).toBe(once)
          expect(render(defaultPolicy(clone(t)), t, locale, format)).toBe(once)
        }
      ),
      { numRuns: 60 }
    )
  })
})
