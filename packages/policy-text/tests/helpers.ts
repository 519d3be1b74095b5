import type { PolicyVersion, TenantPolicyContext } from '../src/index.js'

export function tenant(overrides: Partial<TenantPolicyContext> = {}): TenantPolicyContext {
  return {
    name: 'Lumen Scan',
    legalName: 'Lumen Imaging Co., Ltd.',
    country: 'KR',
    contactEmail: 'hello@lumen.example',
    website: 'https://lumen.example',
    officer: { name: 'Seo-yeon Park', department: 'Platform Security Team', email: 'privacy@lumen.example' },
    settings: {},
    ...overrides,
  }
}

/** A deep copy (plain JSON data), so mutations in tests never touch shared defaults. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

export type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> }

export function mutable(version: PolicyVersion): Mutable<PolicyVersion> {
  return clone(version) as Mutable<PolicyVersion>
}

const ALLOWED_TAGS = new Set([
  'article',
  'nav',
  'section',
  'h1',
  'h2',
  'h3',
  'h4',
  'p',
  'ol',
  'ul',
  'li',
  'a',
  'strong',
  'em',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
])
const ALLOWED_ATTRS = new Set(['class', 'lang', 'aria-label', 'id', 'href', 'scope'])

/**
 * A strict reading of rendered HTML. Every `<` must open an allow-listed tag with allow-listed, double-
 * quoted attributes; no `on…=` handler, `style`, `<script` or `<style`; every link is https:, mailto:
 * or a fragment pointing at a section id present in the document; `&` only starts a numeric entity.
 * Returns the decoded text content.
 */
export function checkHtml(html: string): string {
  const problems: string[] = []
  if (/<script/i.test(html)) problems.push('<script')
  if (/<style/i.test(html)) problems.push('<style')
  const tag = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+="[^"<>]*")*)>/y
  const ids = new Set<string>()
  const hrefs: string[] = []
  let text = ''
  let i = 0
  while (i < html.length) {
    const lt = html.indexOf('<', i)
    const chunk = html.slice(i, lt === -1 ? html.length : lt)
    if (chunk.includes('>')) problems.push(`stray > near ${JSON.stringify(chunk.slice(0, 40))}`)
    text += chunk
    if (lt === -1) break
    tag.lastIndex = lt
    const m = tag.exec(html)
    if (!m) {
      problems.push(`not an allowed tag at ${lt}: ${JSON.stringify(html.slice(lt, lt + 40))}`)
      break
    }
    const [whole, , name = '', attrs = ''] = m
    if (!ALLOWED_TAGS.has(name)) problems.push(`tag ${name}`)
    for (const a of attrs.matchAll(/([a-z-]+)="([^"]*)"/g)) {
      const [, attr = '', value = ''] = a
      if (!ALLOWED_ATTRS.has(attr) || /^on/i.test(attr)) problems.push(`attribute ${attr}`)
      if (attr === 'id') ids.add(value)
      if (attr === 'href') hrefs.push(value)
    }
    if (/\son\w+=/i.test(whole) || /\sstyle=/i.test(whole)) problems.push(`handler/style in ${whole}`)
    i = lt + whole.length
  }
  if (/&(?!#\d+;)/.test(html)) problems.push('bare &')
  for (const href of hrefs) {
    const ok =
      /^https:\/\/[A-Za-z0-9]/.test(href) ||
      /^mailto:[^:]+@/.test(href) ||
      (/^#section-[a-z0-9-]+$/.test(href) && ids.has(href.slice(1)))
    if (!ok) problems.push(`href ${href}`)
  }
  if (problems.length) throw new Error(`unsafe HTML: ${problems.join('; ')}`)
  return text.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
}
