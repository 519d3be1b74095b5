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
  'policy.contents': 'Contents',
  'policy.archiveLabel': 'Policy version',
  'policy.archiveOption': '{label} ({status}) · in effect from {date}',
  'policy.status.effective': 'current',
  'policy.status.scheduled': 'upcoming',
  'policy.status.superseded': 'earlier version',
  'policy.bannerTitle': 'Changes to this privacy policy are coming',
  'policy.bannerDate': 'A new version ({label}) takes effect on {date}.',
  'policy.significant': 'This is a significant change. Please read it carefully.',
  'policy.minor': 'This is a minor change.',
  'policy.showDiff': 'Show what changes',
  'policy.hideDiff': 'Hide what changes',
  'policy.viewUpcoming': 'Read the new version',
  'policy.diffTitle': 'What changes from version {from} to version {to}',
  'policy.diffEmpty': 'No summary of the changes is available.',
  'policy.diffLoading': 'Loading the changes…',
  'policy.diffShown': 'The summary of changes is shown below the buttons.',
  'policy.viewingSuperseded':
    'You are reading an earlier version ({label}). It was in effect from {from} to {to}.',
  'policy.viewingPast': 'You are reading an earlier version ({label}). It took effect on {from}.',
  'policy.viewingUpcoming':
    'You are reading an upcoming version ({label}), posted on {posted}. It takes effect on {from}; until then the current version applies.',
  'policy.backToCurrent': 'Back to the current version',
  'policy.loadingVersion': 'Loading the selected version…',
  'policy.showing': 'Now showing version {label}.',
  'policy.empty': 'No privacy policy has been published yet.',
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
  'policy.contents': '목차',
  'policy.archiveLabel': '개인정보 처리방침 버전',
  'policy.archiveOption': '{label} ({status}) · {date} 시행',
  'policy.status.effective': '현행',
  'policy.status.scheduled': '시행 예정',
  'policy.status.superseded': '이전 버전',
  'policy.bannerTitle': '개인정보 처리방침이 곧 변경됩니다',
  'policy.bannerDate': '새 버전({label})은 {date}부터 시행됩니다.',
  'policy.significant': '중요한 변경 사항입니다. 내용을 꼭 확인해 주세요.',
  'policy.minor': '경미한 변경 사항입니다.',
  'policy.showDiff': '변경 내용 보기',
  'policy.hideDiff': '변경 내용 숨기기',
  'policy.viewUpcoming': '새 버전 전문 보기',
  'policy.diffTitle': '{from} 버전에서 {to} 버전으로 바뀌는 내용',
  'policy.diffEmpty': '변경 내용 요약이 없습니다.',
  'policy.diffLoading': '변경 내용을 불러오는 중…',
  'policy.diffShown': '변경 내용 요약을 버튼 아래에 표시했습니다.',
  'policy.viewingSuperseded': '이전 버전({label})을 보고 계십니다. {from}부터 {to}까지 시행되었습니다.',
  'policy.viewingPast': '이전 버전({label})을 보고 계십니다. {from}부터 시행되었습니다.',
  'policy.viewingUpcoming':
    '시행 예정인 버전({label})을 보고 계십니다. {posted}에 공고되었고 {from}부터 시행되며, 그 전까지는 현행 방침이 적용됩니다.',
  'policy.backToCurrent': '현행 버전으로 돌아가기',
  'policy.loadingVersion': '선택한 버전을 불러오는 중…',
  'policy.showing': '{label} 버전을 표시하고 있습니다.',
  'policy.empty': '아직 게시된 개인정보 처리방침이 없습니다.',
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
