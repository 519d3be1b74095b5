// The first layer's own messages (en/ko). Kept out of widget-core's catalogue on purpose: importing that
// would put every widget's messages into the banner bundle, which has a size budget. The second layer's
// messages are in widget-core (`cookies.*`) and load with its bundle.

export type BannerLocale = 'en' | 'ko'

const en = {
  title: 'Cookies on this site',
  optIn:
    'We use necessary cookies to run this site. With your permission we would also use cookies for preferences, analytics and marketing.',
  optOut:
    'We use necessary cookies to run this site, and cookies for preferences, analytics and marketing unless you reject them.',
  gpc: 'Your browser sends a Global Privacy Control signal, so analytics and marketing cookies stay off unless you accept them.',
  later: 'You can change your choice at any time under “Cookie settings”.',
  accept: 'Accept all',
  reject: 'Reject all',
  settings: 'Settings',
  reopen: 'Cookie settings',
  region: 'Cookie consent',
  refused: 'Cookie preferences are not available on this site. Only necessary cookies are used.',
  error: 'Cookie preferences could not be loaded. Only necessary cookies are used.',
}

export type BannerMessages = typeof en

const ko: BannerMessages = {
  title: '이 사이트의 쿠키',
  optIn:
    '사이트 운영에 꼭 필요한 쿠키를 사용합니다. 동의하시면 환경설정, 분석, 마케팅을 위한 쿠키도 사용합니다.',
  optOut:
    '사이트 운영에 꼭 필요한 쿠키와, 거부하지 않으시면 환경설정, 분석, 마케팅을 위한 쿠키를 사용합니다.',
  gpc: '브라우저가 GPC(Global Privacy Control) 신호를 보내므로, 동의하시기 전까지 분석 및 마케팅 쿠키는 사용하지 않습니다.',
  later: '선택은 언제든지 ‘쿠키 설정’에서 바꾸실 수 있습니다.',
  accept: '모두 허용',
  reject: '모두 거부',
  settings: '설정',
  reopen: '쿠키 설정',
  region: '쿠키 동의',
  refused: '이 사이트에서는 쿠키 설정을 사용할 수 없습니다. 필수 쿠키만 사용합니다.',
  error: '쿠키 설정을 불러오지 못했습니다. 필수 쿠키만 사용합니다.',
}

export const BANNER_MESSAGES: Record<BannerLocale, BannerMessages> = { en, ko }

/** `ko` when the nearest `lang` (element, ancestors, <html>) is Korean, else `en`. */
export function bannerLocale(element: Element): BannerLocale {
  const lang = element.closest('[lang]')?.getAttribute('lang') || element.ownerDocument.documentElement.lang
  return /^ko\b/i.test(lang) ? 'ko' : 'en'
}
