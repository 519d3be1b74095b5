/** Locales with a message catalogue. Tenants may list others; they fall back as resolveLocale describes. */
export const LOCALES = ['en', 'ko'] as const
export type Locale = (typeof LOCALES)[number]

const en = {
  'state.loading': 'Loading…',
  'state.refused': 'This site is not authorised to show this content.',
  'state.error': 'This content could not be loaded. Please try again later.',
  'privacyContact.heading': 'Privacy contact',
  'privacyContact.intro': '{controller} is responsible for how your personal information is handled.',
  'privacyContact.officer': 'Privacy officer',
  'privacyContact.department': 'Department',
  'privacyContact.email': 'E-mail',
  'privacyContact.organisation': 'Data controller',
} as const

export type MessageKey = keyof typeof en
export type Catalogue = Record<MessageKey, string>

const ko: Catalogue = {
  'state.loading': '불러오는 중…',
  'state.refused': '이 사이트에는 이 콘텐츠를 표시할 권한이 없습니다.',
  'state.error': '콘텐츠를 불러오지 못했습니다. 잠시 후 다시 시도해 주세요.',
  'privacyContact.heading': '개인정보 보호 문의',
  'privacyContact.intro': '{controller}은(는) 이용자의 개인정보 처리에 대한 책임을 집니다.',
  'privacyContact.officer': '개인정보 보호책임자',
  'privacyContact.department': '담당 부서',
  'privacyContact.email': '이메일',
  'privacyContact.organisation': '개인정보처리자',
}

export const CATALOGUES: Record<Locale, Catalogue> = { en, ko }

/**
 * The message for a key, with `{name}` placeholders replaced. Returns plain text: escaping is left to
 * Lit's text bindings, so never feed the result to innerHTML or unsafeHTML.
 */
export function msg(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = CATALOGUES[locale][key] ?? en[key]
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole
  )
}

function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value)
}

/**
 * The catalogue locale for a BCP 47 tag, if the tenant supports it. Matching is by primary subtag
 * (`ko-KR` → `ko`, and a tenant listing `ko-KR` supports `ko`), case-insensitive.
 */
export function matchLocale(
  tag: string | null | undefined,
  supported: readonly string[]
): Locale | undefined {
  if (!tag) return undefined
  const wanted = tag.trim().toLowerCase()
  if (!wanted) return undefined
  const allowed = new Set(supported.map((s) => s.toLowerCase().split('-')[0]))
  const primary = wanted.split('-')[0] ?? ''
  return isLocale(primary) && allowed.has(primary) ? primary : undefined
}

/** The nearest `lang` attribute: on the element, its ancestors (across shadow roots), then <html>. */
export function nearestLang(element: Element): string | undefined {
  let node: Element | null = element
  while (node) {
    const lang = node.getAttribute('lang')
    if (lang) return lang
    if (node.parentElement) node = node.parentElement
    else {
      const root = node.getRootNode()
      node = root instanceof ShadowRoot ? root.host : null
    }
  }
  const docLang = element.ownerDocument?.documentElement.lang
  return docLang || undefined
}

/**
 * The locale an element renders in: its nearest declared language (own `lang`, ancestor, `<html lang>`) if
 * the tenant supports it and a catalogue exists; otherwise the tenant default; otherwise 'en'.
 */
export function resolveLocale(
  element: Element,
  supported: readonly string[],
  tenantDefault?: string
): Locale {
  return (
    matchLocale(nearestLang(element), supported) ?? matchLocale(tenantDefault, [tenantDefault ?? '']) ?? 'en'
  )
}
