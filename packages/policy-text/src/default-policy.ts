// The default policy version for a medical-image-analysis tenant: structured data plus prose in every
// supported locale, built from the tenant's settings and officer.

import { complaintAuthoritiesFor } from './authorities.js'
import type {
  CollectedItem,
  CookieCategory,
  PolicyVersion,
  Purpose,
  RetentionRule,
  SafetyMeasures,
  TenantPolicyContext,
} from './model.js'
import { resolveSettings } from './settings.js'
import { validateTemplate } from './template.js'
import { EN_SECTIONS } from './templates/en.js'
import { KO_SECTIONS } from './templates/ko.js'

const ACCOUNT_ITEMS = ['first_name', 'last_name', 'company', 'nationality', 'email'] as const

export const DEFAULT_ITEMS: readonly CollectedItem[] = [
  { key: 'first_name', category: 'account', required: true, label: { en: 'First name', ko: '이름' } },
  { key: 'last_name', category: 'account', required: true, label: { en: 'Last name', ko: '성' } },
  { key: 'company', category: 'account', required: true, label: { en: 'Company', ko: '소속 회사' } },
  { key: 'nationality', category: 'account', required: true, label: { en: 'Nationality', ko: '국적' } },
  { key: 'email', category: 'account', required: true, label: { en: 'E-mail address', ko: '전자우편 주소' } },
  {
    key: 'medical_images',
    category: 'imaging',
    required: false,
    label: { en: 'Medical images (de-identified before storage)', ko: '의료 영상(저장 전 비식별 처리)' },
  },
  { key: 'ip_address', category: 'automatic', required: true, label: { en: 'IP address', ko: 'IP 주소' } },
  {
    key: 'usage_records',
    category: 'automatic',
    required: true,
    label: { en: 'Service usage records', ko: '서비스 이용 기록' },
  },
]

export const DEFAULT_PURPOSES: readonly Purpose[] = [
  {
    key: 'account',
    lawfulBasis: 'contract',
    consentBased: false,
    required: true,
    specialCategory: false,
    items: [...ACCOUNT_ITEMS],
    title: { en: 'Identifying you and signing you in', ko: '본인 확인과 로그인' },
    description: {
      en: 'Creating your account, confirming it is you, and letting you use the service.',
      ko: '계정을 만들고 본인임을 확인하여 서비스를 이용할 수 있게 합니다.',
    },
  },
  {
    key: 'image_analysis',
    lawfulBasis: 'consent',
    consentBased: true,
    required: false,
    specialCategory: true,
    items: ['medical_images'],
    title: { en: 'Analysing the images you upload', ko: '올리신 영상의 분석' },
    description: {
      en: 'Running the AI analysis you ask for and showing you its result.',
      ko: '요청하신 인공지능 분석을 수행하고 결과를 보여 드립니다.',
    },
  },
  {
    key: 'support',
    lawfulBasis: 'contract',
    consentBased: false,
    required: true,
    specialCategory: false,
    items: ['first_name', 'last_name', 'email'],
    title: { en: 'Answering you and telling you about changes', ko: '문의 응대와 변경 안내' },
    description: {
      en: 'Handling your questions and complaints, and notifying you when the service or this policy changes.',
      ko: '문의와 불만을 처리하고, 서비스나 이 방침이 바뀌면 알려 드립니다.',
    },
  },
  {
    key: 'improvement',
    lawfulBasis: 'legitimate_interests',
    consentBased: false,
    required: true,
    specialCategory: false,
    items: ['ip_address', 'usage_records'],
    title: { en: 'Keeping the service running and improving it', ko: '서비스 유지와 개선' },
    description: {
      en: 'Statistics on usage and visit frequency, computed so that they identify no one.',
      ko: '누구인지 알 수 없도록 만든 이용 현황과 접속 빈도 통계를 냅니다.',
    },
  },
  {
    key: 'security',
    lawfulBasis: 'legitimate_interests',
    consentBased: false,
    required: true,
    specialCategory: false,
    items: ['ip_address', 'usage_records'],
    title: { en: 'Security and safe use', ko: '보안과 안전한 이용 환경' },
    description: {
      en: 'Detecting misuse and attacks so that everyone can rely on a safe service.',
      ko: '부정 이용과 공격을 찾아내 모두가 안심하고 이용할 수 있게 합니다.',
    },
  },
  {
    key: 'marketing',
    lawfulBasis: 'consent',
    consentBased: true,
    required: false,
    specialCategory: false,
    items: ['first_name', 'last_name', 'email'],
    title: { en: 'Newsletters and invitations', ko: '소식지와 행사 안내' },
    description: {
      en: 'News about products and services, newsletters and event invitations, only after you opt in.',
      ko: '수신에 동의하신 분께만 상품·서비스 소식, 소식지, 행사 초대를 보냅니다.',
    },
  },
]

export function defaultRetention(dormancyEnabled: boolean): RetentionRule[] {
  return [
    {
      key: 'account',
      items: [...ACCOUNT_ITEMS, 'ip_address', 'usage_records'],
      period: { kind: 'until_withdrawal' },
      label: { en: 'Account details and usage records', ko: '회원 정보와 이용 기록' },
    },
    {
      key: 'images',
      items: ['medical_images'],
      period: { kind: 'hours_after_upload' },
      label: { en: 'Medical images and analysis results', ko: '의료 영상과 분석 결과' },
    },
    ...(dormancyEnabled
      ? [
          {
            key: 'dormant',
            items: [...ACCOUNT_ITEMS],
            period: { kind: 'dormancy' },
            label: { en: 'Data of inactive accounts', ko: '장기 미이용 계정의 정보' },
          } satisfies RetentionRule,
        ]
      : []),
    {
      key: 'statistics',
      items: [],
      period: { kind: 'anonymised_kept' },
      label: { en: 'Anonymised statistics', ko: '익명 통계' },
    },
  ]
}

export const DEFAULT_SAFETY: SafetyMeasures = {
  management: [
    { en: 'An internal management plan, put into practice', ko: '내부 관리계획의 수립과 시행' },
    { en: 'Regular privacy training for staff', ko: '직원 대상 정기 개인정보 보호 교육' },
    {
      en: 'Access to personal data only for staff whose role needs it',
      ko: '업무상 필요한 직원에게만 개인정보 접근 허용',
    },
  ],
  technical: [
    { en: 'Access control and permission management', ko: '접근 통제와 권한 관리' },
    {
      en: 'Encryption of personal data and images at rest',
      ko: '저장된 개인정보와 영상의 암호화',
    },
    { en: 'Anonymisation and de-identification', ko: '익명 처리와 비식별 처리' },
    {
      en: 'Security software and an access log that cannot be edited',
      ko: '보안 프로그램과 수정할 수 없는 접근 기록',
    },
  ],
  physical: [
    { en: 'Controlled entry to places where personal data is kept', ko: '개인정보 보관 장소의 출입 통제' },
  ],
}

export const DEFAULT_COOKIES: readonly CookieCategory[] = [
  {
    key: 'necessary',
    required: true,
    title: { en: 'Necessary', ko: '필수' },
    description: {
      en: 'Keep you signed in, remember your cookie choices and protect the service. Always on.',
      ko: '로그인 유지, 쿠키 선택 기억, 서비스 보호에 쓰이며 항상 켜져 있습니다.',
    },
  },
  {
    key: 'preferences',
    required: false,
    title: { en: 'Preferences', ko: '기능 설정' },
    description: {
      en: 'Remember settings such as your language.',
      ko: '언어 같은 설정을 기억합니다.',
    },
  },
  {
    key: 'analytics',
    required: false,
    title: { en: 'Analytics', ko: '이용 분석' },
    description: {
      en: 'Measure how the service is used so that we can improve it.',
      ko: '서비스 개선을 위해 이용 현황을 측정합니다.',
    },
  },
  {
    key: 'marketing',
    required: false,
    title: { en: 'Marketing', ko: '마케팅' },
    description: {
      en: 'Measure whether our own campaigns reach people.',
      ko: '회사 자체 홍보가 잘 전달되는지 측정합니다.',
    },
  },
]

export interface DefaultPolicyOptions {
  /** Version label; default "1". */
  readonly id?: string
}

/** A complete draft version (not yet posted) for the tenant, in every supported locale. */
export function defaultPolicy(
  tenant: TenantPolicyContext,
  options: DefaultPolicyOptions = {}
): PolicyVersion {
  const settings = resolveSettings(tenant.settings)
  for (const section of [...EN_SECTIONS, ...KO_SECTIONS]) validateTemplate(section.body)
  return {
    id: options.id ?? '1',
    kind: 'privacy',
    settings,
    items: DEFAULT_ITEMS,
    purposes: DEFAULT_PURPOSES,
    retention: defaultRetention(settings.dormancyEnabled),
    thirdParty: { recipients: [], processors: [], legalObligationException: true },
    safety: DEFAULT_SAFETY,
    rights: {
      rights: ['view', 'correct', 'delete', 'export', 'restrict', 'object', 'withdraw'],
      channels: ['widget', 'email', 'letter'],
      noUseWhilePending: true,
    },
    officer: { ...tenant.officer },
    cookies: DEFAULT_COOKIES,
    complaintAuthorities: complaintAuthoritiesFor(tenant.country),
    prose: { en: EN_SECTIONS, ko: KO_SECTIONS },
    postedAt: null,
    effectiveAt: null,
  }
}
