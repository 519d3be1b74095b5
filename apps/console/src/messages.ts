// The console's copy in English and Korean.

export type Locale = 'en' | 'ko'

const en = {
  appName: 'Tessera console',
  skip: 'Skip to content',
  language: 'Language',
  signInTitle: 'Sign in',
  signInIntro: 'Sign in with your staff account of the tenant.',
  tenantId: 'Tenant ID',
  tenantHint: 'Starts with tn_. Your administrator can tell you.',
  email: 'E-mail',
  password: 'Password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  signOut: 'Sign out',
  signedInAs: 'Signed in as {who} ({role})',
  sessionEnded: 'Your session has ended. Please sign in again.',
  nav: 'Console pages',
  navSettings: 'Settings',
  settingsTitle: 'Settings',
  company: 'Company',
  companyName: 'Company name',
  legalName: 'Legal name',
  officer: 'Privacy officer',
  officerHint: 'Shown in the privacy policy and on every privacy contact card.',
  officerName: 'Name',
  officerDepartment: 'Department',
  officerEmail: 'E-mail',
  save: 'Save',
  saving: 'Saving…',
  saved: 'Settings saved.',
  nothingChanged: 'Nothing has changed.',
  loading: 'Loading…',
  readOnly: 'Your role ({role}) may view these settings but not change them.',
  fixFields: 'Please correct the fields marked below.',
  required: 'Please fill in this field.',
  networkError: 'The server could not be reached. Please try again.',
  'role.owner': 'owner',
  'role.admin': 'admin',
  'role.privacy_officer': 'privacy officer',
  'role.analyst': 'analyst',
}

export type MessageKey = keyof typeof en

const ko: Record<MessageKey, string> = {
  appName: 'Tessera 관리 콘솔',
  skip: '본문으로 건너뛰기',
  language: '언어',
  signInTitle: '로그인',
  signInIntro: '테넌트의 직원 계정으로 로그인하세요.',
  tenantId: '테넌트 ID',
  tenantHint: 'tn_로 시작합니다. 관리자에게 문의하세요.',
  email: '이메일',
  password: '비밀번호',
  signIn: '로그인',
  signingIn: '로그인 중…',
  signOut: '로그아웃',
  signedInAs: '{who}({role})(으)로 로그인됨',
  sessionEnded: '세션이 종료되었습니다. 다시 로그인하세요.',
  nav: '콘솔 메뉴',
  navSettings: '설정',
  settingsTitle: '설정',
  company: '회사',
  companyName: '회사명',
  legalName: '법인명',
  officer: '개인정보 보호책임자',
  officerHint: '개인정보 처리방침과 모든 개인정보 문의 카드에 표시됩니다.',
  officerName: '성명',
  officerDepartment: '부서',
  officerEmail: '이메일',
  save: '저장',
  saving: '저장 중…',
  saved: '설정을 저장했습니다.',
  nothingChanged: '변경된 내용이 없습니다.',
  loading: '불러오는 중…',
  readOnly: '현재 역할({role})은 이 설정을 볼 수 있지만 변경할 수 없습니다.',
  fixFields: '아래 표시된 항목을 고쳐 주세요.',
  required: '이 항목을 입력하세요.',
  networkError: '서버에 연결할 수 없습니다. 다시 시도하세요.',
  'role.owner': '소유자',
  'role.admin': '관리자',
  'role.privacy_officer': '개인정보 보호책임자',
  'role.analyst': '분석가',
}

const CATALOGUE: Record<Locale, Record<MessageKey, string>> = { en, ko }

export function msg(locale: Locale, key: MessageKey, vars: Record<string, string> = {}): string {
  return CATALOGUE[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? `{${name}}`)
}

/** The browser's preferred console language: Korean when the first preference is Korean. */
export function preferredLocale(languages: readonly string[] = navigator.languages): Locale {
  return languages[0]?.toLowerCase().startsWith('ko') ? 'ko' : 'en'
}
