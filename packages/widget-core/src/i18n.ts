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
  'consent.signUpTitle': 'Create your account',
  'consent.signUpIntro':
    'Tell us who you are, then choose what we may do with your information. Every choice that needs your consent is optional and starts unticked.',
  'consent.fieldsNote': 'All fields are required unless marked optional.',
  'consent.firstName': 'First name',
  'consent.lastName': 'Last name',
  'consent.company': 'Company (optional)',
  'consent.nationality': 'Nationality',
  'consent.nationalityPick': 'Choose a country',
  'consent.email': 'E-mail address',
  'consent.fieldMissing': 'Please fill this in.',
  'consent.emailInvalid': 'Please enter an e-mail address such as name@example.com.',
  'consent.fixErrors': 'Some details need your attention. Please check the fields marked below.',
  'consent.purposesTitle': 'How we use your information',
  'consent.alwaysTitle': 'What we do to provide the service',
  'consent.alwaysIntro': 'These uses do not depend on your consent. Each one names its legal basis.',
  'consent.healthTitle': 'Health data: your explicit consent',
  'consent.healthIntro':
    'Analysing your medical images means processing health data. We only do it with this separate, explicit consent. Your account does not depend on it, and you can withdraw it at any time.',
  'consent.optionalTitle': 'Other optional choices',
  'consent.optionalIntro': 'Choose only what you want. Saying no never affects your account.',
  'consent.explicitAgree': 'I give my explicit consent to: {title}',
  'consent.agree': 'I agree to: {title}',
  'consent.basisLabel': 'Legal basis',
  'consent.basis.consent': 'Your consent (optional, and you can withdraw it at any time)',
  'consent.basis.explicit':
    'Explicit consent for health data (optional, and you can withdraw it at any time)',
  'consent.basis.contract': 'Needed to provide the service (contract)',
  'consent.basis.legal_obligation': 'Required by law (legal obligation)',
  'consent.basis.vital_interests': 'To protect someone’s life or health (vital interests)',
  'consent.basis.legitimate_interests':
    'Our legitimate interests, which you may object to (legitimate interests)',
  'consent.policyLink': 'Read the privacy policy these choices refer to (version {label})',
  'consent.newTab': '(opens in a new tab)',
  'consent.submit': 'Create account',
  'consent.sending': 'Sending…',
  'consent.haveAccount': 'Already registered?',
  'consent.toSignIn': 'Sign in with an e-mail link',
  'consent.newHere': 'New here?',
  'consent.toSignUp': 'Create an account',
  'consent.signInTitle': 'Sign in with an e-mail link',
  'consent.signInIntro':
    'Enter the address you registered with. We will e-mail you a link that signs you in, so there is no password to remember.',
  'consent.sendLink': 'E-mail me a sign-in link',
  'consent.inboxTitle': 'Check your inbox',
  'consent.inboxSignUp':
    'If {email} can be used, a confirmation link is on its way. Open it in this browser to confirm your address and finish creating your account.',
  'consent.inboxSignIn':
    'If {email} belongs to an account, a sign-in link is on its way. Open it in this browser to sign in.',
  'consent.inboxHint':
    'Each link works once and expires after a short while. Nothing arrived? Check your spam folder.',
  'consent.inboxBack': 'Use a different address',
  'consent.linkInvalid': 'That link was already used or has expired. Please ask for a new one.',
  'consent.notRegistered': 'You do not have an account with us yet. You can create one here.',
  'consent.identityFailed': 'We could not sign you in automatically. Please sign in with an e-mail link.',
  'consent.verified': 'Your address is confirmed and you are signed in.',
  'consent.signedInNow': 'You are signed in.',
  'consent.signedInAs': 'Signed in as {name}',
  'consent.fullName': '{first} {last}',
  'consent.signOut': 'Sign out',
  'consent.signedOut': 'You are signed out.',
  'consent.sessionEnded': 'Your session has ended. Please sign in again.',
  'consent.choicesTitle': 'Your consent choices',
  'consent.choicesIntro':
    'Give or withdraw each consent here at any time, with one button. Withdrawing does not affect what was done before.',
  'consent.otherTitle': 'Other choices',
  'consent.state.granted': 'Given on {date}',
  'consent.state.denied': 'Not given',
  'consent.state.withdrawn': 'Withdrawn on {date}',
  'consent.state.none': 'Not answered yet',
  'consent.give': 'Give consent',
  'consent.withdraw': 'Withdraw consent',
  'consent.saving': 'Saving…',
  'consent.nowGranted': 'Consent given: {title}.',
  'consent.confirmByEmail':
    'We have sent you an e-mail: newsletters start only once you confirm with the link in it.',
  'consent.nowWithdrawn': 'Consent withdrawn: {title}.',
  'consent.nowDenied': 'Consent declined: {title}.',
  'consent.reconsentTitle': 'Please answer again',
  'consent.reconsentIntro':
    'Our privacy policy changed for the purposes below. Until you answer, we do not rely on your earlier choice.',
  'consent.reconsentChanged': 'The policy changed for this purpose — please answer again.',
  'consent.accept': 'Accept',
  'consent.decline': 'Decline',
  'consent.alwaysOn': 'Always on',
  'consent.noPolicy': 'Accounts are not available yet: no privacy policy has been published.',
  'consent.policyChanged':
    'The privacy policy has just changed. Please review the choices below and try again.',
  'consent.actionFailed': 'That did not work. Please try again.',
  'cookies.title': 'Cookie settings',
  'cookies.intro':
    'Choose which cookies this site may use. Necessary cookies are always on: the site cannot work without them. You can change your choice at any time.',
  'cookies.gpc':
    'Your browser sends a Global Privacy Control signal: analytics and marketing cookies stay off unless you turn them on here.',
  'cookies.alwaysOn': 'Always on',
  'cookies.inventory': 'Cookies in this category ({count})',
  'cookies.none': 'No cookies are listed in this category.',
  'cookies.name': 'Name',
  'cookies.provider': 'Provider',
  'cookies.duration': 'Duration',
  'cookies.purpose': 'Purpose',
  'cookies.save': 'Save my choices',
  'cookies.acceptAll': 'Accept all',
  'cookies.rejectAll': 'Reject all',
  'cookies.close': 'Close',
  'cookies.reload':
    'Scripts that already ran for a category you turned off keep running until the page is reloaded. Their cookies have been deleted.',
  'cookies.reloadButton': 'Reload the page',
  'cookies.notRecorded': 'Your choice applies in this browser, but it could not be recorded ({title}).',
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
  'consent.signUpTitle': '회원 가입',
  'consent.signUpIntro':
    '회원 정보를 입력하신 뒤, 개인정보를 어디에 쓸지 직접 선택해 주세요. 동의가 필요한 항목은 모두 선택 사항이며 처음에는 선택되어 있지 않습니다.',
  'consent.fieldsNote': '‘선택’ 표시가 없는 항목은 모두 필수입니다.',
  'consent.firstName': '이름',
  'consent.lastName': '성',
  'consent.company': '회사 (선택)',
  'consent.nationality': '국적',
  'consent.nationalityPick': '국가를 선택해 주세요',
  'consent.email': '이메일 주소',
  'consent.fieldMissing': '이 항목을 입력해 주세요.',
  'consent.emailInvalid': 'name@example.com과 같은 형식의 이메일 주소를 입력해 주세요.',
  'consent.fixErrors': '확인이 필요한 항목이 있습니다. 아래 표시된 항목을 확인해 주세요.',
  'consent.purposesTitle': '개인정보 이용 목적',
  'consent.alwaysTitle': '서비스 제공을 위한 처리',
  'consent.alwaysIntro': '아래 처리는 동의에 근거하지 않으며, 각각의 법적 근거를 함께 안내합니다.',
  'consent.healthTitle': '건강정보(민감정보): 별도의 명시적 동의',
  'consent.healthIntro':
    '의료 영상 분석은 건강정보를 처리합니다. 이 별도의 명시적 동의가 있을 때에만 처리하며, 동의하지 않아도 회원 가입에는 영향이 없고 언제든지 철회하실 수 있습니다.',
  'consent.optionalTitle': '그 밖의 선택 동의',
  'consent.optionalIntro': '원하시는 항목만 선택해 주세요. 동의하지 않아도 회원 이용에는 불이익이 없습니다.',
  'consent.explicitAgree': '다음에 명시적으로 동의합니다: {title}',
  'consent.agree': '다음에 동의합니다: {title}',
  'consent.basisLabel': '법적 근거',
  'consent.basis.consent': '정보주체의 동의 (선택 사항이며 언제든지 철회 가능)',
  'consent.basis.explicit': '건강정보 처리에 대한 명시적 동의 (선택 사항이며 언제든지 철회 가능)',
  'consent.basis.contract': '서비스 제공에 필요 (계약 이행)',
  'consent.basis.legal_obligation': '법령상 의무 준수 (법적 의무)',
  'consent.basis.vital_interests': '생명·신체의 보호 (중대한 이익)',
  'consent.basis.legitimate_interests': '정당한 이익 (이의를 제기하실 수 있습니다)',
  'consent.policyLink': '이 선택과 관련된 개인정보 처리방침 보기 ({label} 버전)',
  'consent.newTab': '(새 탭에서 열림)',
  'consent.submit': '가입하기',
  'consent.sending': '보내는 중…',
  'consent.haveAccount': '이미 회원이신가요?',
  'consent.toSignIn': '이메일 링크로 로그인',
  'consent.newHere': '처음 오셨나요?',
  'consent.toSignUp': '회원 가입',
  'consent.signInTitle': '이메일 링크로 로그인',
  'consent.signInIntro':
    '가입하신 이메일 주소를 입력해 주세요. 로그인 링크를 보내 드리므로 비밀번호가 필요 없습니다.',
  'consent.sendLink': '로그인 링크 받기',
  'consent.inboxTitle': '메일함을 확인해 주세요',
  'consent.inboxSignUp':
    '{email} 주소로 가입할 수 있다면 확인 링크를 보내 드렸습니다. 이 브라우저에서 링크를 열어 주소를 확인하고 가입을 마쳐 주세요.',
  'consent.inboxSignIn':
    '{email} 주소로 가입된 계정이 있다면 로그인 링크를 보내 드렸습니다. 이 브라우저에서 링크를 열어 로그인해 주세요.',
  'consent.inboxHint':
    '링크는 한 번만 쓸 수 있고 잠시 후 만료됩니다. 메일이 오지 않았다면 스팸 메일함도 확인해 주세요.',
  'consent.inboxBack': '다른 주소 사용하기',
  'consent.linkInvalid': '이미 사용했거나 만료된 링크입니다. 새 링크를 요청해 주세요.',
  'consent.notRegistered': '아직 가입되어 있지 않습니다. 여기에서 가입하실 수 있습니다.',
  'consent.identityFailed': '자동으로 로그인하지 못했습니다. 이메일 링크로 로그인해 주세요.',
  'consent.verified': '이메일 주소가 확인되어 로그인되었습니다.',
  'consent.signedInNow': '로그인되었습니다.',
  'consent.signedInAs': '{name} 님으로 로그인됨',
  'consent.fullName': '{last} {first}',
  'consent.signOut': '로그아웃',
  'consent.signedOut': '로그아웃되었습니다.',
  'consent.sessionEnded': '로그인이 만료되었습니다. 다시 로그인해 주세요.',
  'consent.choicesTitle': '나의 동의 현황',
  'consent.choicesIntro':
    '각 동의는 버튼 하나로 언제든지 하거나 철회하실 수 있습니다. 철회하더라도 그 전에 이루어진 처리에는 영향이 없습니다.',
  'consent.otherTitle': '그 밖의 선택 동의',
  'consent.state.granted': '{date}에 동의함',
  'consent.state.denied': '동의하지 않음',
  'consent.state.withdrawn': '{date}에 철회함',
  'consent.state.none': '아직 응답하지 않음',
  'consent.give': '동의하기',
  'consent.withdraw': '동의 철회',
  'consent.saving': '저장하는 중…',
  'consent.nowGranted': '동의했습니다: {title}.',
  'consent.confirmByEmail': '확인 메일을 보냈습니다. 메일의 링크로 확인하셔야 소식지 발송이 시작됩니다.',
  'consent.nowWithdrawn': '동의를 철회했습니다: {title}.',
  'consent.nowDenied': '동의하지 않았습니다: {title}.',
  'consent.reconsentTitle': '다시 동의 여부를 선택해 주세요',
  'consent.reconsentIntro':
    '아래 목적에 관한 개인정보 처리방침이 바뀌었습니다. 응답하실 때까지 이전의 선택에 근거한 처리는 하지 않습니다.',
  'consent.reconsentChanged': '이 목적에 관한 방침이 바뀌었습니다. 다시 선택해 주세요.',
  'consent.accept': '동의합니다',
  'consent.decline': '동의하지 않습니다',
  'consent.alwaysOn': '항상 적용',
  'consent.noPolicy': '아직 개인정보 처리방침이 게시되지 않아 가입할 수 없습니다.',
  'consent.policyChanged':
    '개인정보 처리방침이 방금 바뀌었습니다. 아래 선택을 확인하신 뒤 다시 시도해 주세요.',
  'consent.actionFailed': '처리하지 못했습니다. 다시 시도해 주세요.',
  'cookies.title': '쿠키 설정',
  'cookies.intro':
    '이 사이트에서 사용할 쿠키를 선택해 주세요. 필수 쿠키는 사이트 운영에 꼭 필요하므로 항상 사용됩니다. 선택은 언제든지 바꾸실 수 있습니다.',
  'cookies.gpc':
    '브라우저가 GPC(Global Privacy Control) 신호를 보내므로, 여기에서 켜시기 전까지 분석 및 마케팅 쿠키는 사용하지 않습니다.',
  'cookies.alwaysOn': '항상 사용',
  'cookies.inventory': '이 항목의 쿠키 ({count}개)',
  'cookies.none': '이 항목에 등록된 쿠키가 없습니다.',
  'cookies.name': '이름',
  'cookies.provider': '제공자',
  'cookies.duration': '보관 기간',
  'cookies.purpose': '목적',
  'cookies.save': '선택 저장',
  'cookies.acceptAll': '모두 허용',
  'cookies.rejectAll': '모두 거부',
  'cookies.close': '닫기',
  'cookies.reload':
    '끈 항목의 스크립트 중 이미 실행된 것은 페이지를 새로 고칠 때까지 계속 실행됩니다. 해당 쿠키는 삭제했습니다.',
  'cookies.reloadButton': '페이지 새로 고침',
  'cookies.notRecorded': '이 브라우저에는 선택이 적용되었지만 기록하지 못했습니다 ({title}).',
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
