// Fixed interface words for rendering structured data, written for each supported locale.

import type {
  DataCategory,
  LawfulBasis,
  Locale,
  PolicySettings,
  RequestChannel,
  RetentionPeriod,
  Right,
} from './model.js'

export interface Labels {
  readonly documentTitle: (tenantName: string) => string
  readonly contents: string
  readonly version: string
  readonly effectiveFrom: string
  readonly postedOn: string
  readonly category: Readonly<Record<DataCategory, string>>
  readonly lawfulBasis: Readonly<Record<LawfulBasis, string>>
  readonly right: Readonly<Record<Right, string>>
  readonly channel: Readonly<Record<RequestChannel, string>>
  readonly yes: string
  readonly no: string
  readonly required: string
  readonly optional: string
  readonly specialCategory: string
  readonly purposeHead: readonly string[]
  readonly retentionHead: readonly string[]
  readonly cookieHead: readonly string[]
  readonly itemsHeading: string
  readonly retentionPeriod: (period: RetentionPeriod, settings: PolicySettings) => string
  readonly noRecipients: string
  readonly noProcessors: string
  readonly recipients: string
  readonly processors: string
  readonly legalException: string
  readonly safety: Readonly<Record<'management' | 'technical' | 'physical', string>>
  readonly rightsHeading: string
  readonly channelsHeading: string
  readonly noUseWhilePending: string
  readonly officerName: string
  readonly officerDepartment: string
  readonly officerEmail: string
  readonly authorities: string
  readonly fallbackSectionTitle: Readonly<Record<string, string>>
}

const en: Labels = {
  documentTitle: (name) => `${name} Privacy Policy`,
  contents: 'Contents',
  version: 'Version',
  effectiveFrom: 'In effect from',
  postedOn: 'Posted on',
  category: { account: 'Account', imaging: 'Imaging', automatic: 'Generated while you use the service' },
  lawfulBasis: {
    consent: 'Your consent',
    contract: 'Performing our contract with you',
    legal_obligation: 'A legal obligation',
    vital_interests: 'Protecting vital interests',
    legitimate_interests: 'Our legitimate interests',
  },
  right: {
    view: 'See your data',
    correct: 'Have it corrected',
    delete: 'Have it deleted',
    export: 'Take a copy in a machine-readable format',
    restrict: 'Have its processing restricted',
    object: 'Object to processing',
    withdraw: 'Withdraw a consent at any time',
  },
  channel: {
    widget: 'the privacy center on our site',
    email: 'e-mail',
    letter: 'a letter by post',
  },
  yes: 'Yes',
  no: 'No',
  required: 'Required',
  optional: 'Optional',
  specialCategory: 'health data: separate, explicit consent',
  purposeHead: ['Purpose', 'Legal basis', 'Needs your consent', 'Required or optional', 'Data used'],
  retentionHead: ['Data', 'How long we keep it'],
  cookieHead: ['Category', 'Always on', 'What it does'],
  itemsHeading: 'Data we collect',
  retentionPeriod: (period, s) => {
    switch (period.kind) {
      case 'until_withdrawal':
        return 'Until you close your account'
      case 'hours_after_upload':
        return `Deleted ${s.imageRetentionHours} hours after upload at the latest`
      case 'dormancy':
        return `After ${s.dormancyDays} days without activity: moved to a separate store, destroyed ${s.dormantDestroyYears} years later`
      case 'anonymised_kept':
        return 'Kept only in anonymised form that identifies no one'
      case 'fixed_days':
        return `${period.days} days`
    }
  },
  noRecipients: 'We give personal data to no third party.',
  noProcessors: 'We entrust the processing of personal data to no outside company.',
  recipients: 'Third parties receiving personal data',
  processors: 'Companies processing personal data on our behalf',
  legalException:
    'Exception: where a law requires us to hand over specific data, we do so only to that extent.',
  safety: { management: 'Organisational', technical: 'Technical', physical: 'Physical' },
  rightsHeading: 'Your rights',
  channelsHeading: 'Ways to make a request',
  noUseWhilePending:
    'While a correction or deletion you asked for is open, we do not use the data concerned.',
  officerName: 'Privacy officer',
  officerDepartment: 'Department',
  officerEmail: 'E-mail',
  authorities: 'Where to complain',
  fallbackSectionTitle: {
    collection: 'Data we collect',
    use: 'Why we use it',
    retention: 'Keeping and destroying data',
    provision: 'Sharing and outsourcing',
    safety: 'How we protect data',
    rights: 'Your rights',
    officer: 'Privacy officer',
    cookies: 'Cookies',
    eu: 'If you are in the European Union',
  },
}

const ko: Labels = {
  documentTitle: (name) => `${name} 개인정보 처리방침`,
  contents: '목차',
  version: '버전',
  effectiveFrom: '시행일',
  postedOn: '공고일',
  category: { account: '회원 정보', imaging: '의료 영상', automatic: '서비스 이용 중 생성되는 정보' },
  lawfulBasis: {
    consent: '정보주체의 동의',
    contract: '계약의 체결·이행',
    legal_obligation: '법령상 의무 준수',
    vital_interests: '생명·신체 등 중대한 이익 보호',
    legitimate_interests: '회사의 정당한 이익',
  },
  right: {
    view: '내 정보 열람',
    correct: '정정 요구',
    delete: '삭제 요구',
    export: '기계가 읽을 수 있는 형식으로 사본 받기',
    restrict: '처리 제한 요구',
    object: '처리에 대한 반대',
    withdraw: '언제든지 동의 철회',
  },
  channel: {
    widget: '사이트의 개인정보 센터',
    email: '전자우편',
    letter: '우편(서면)',
  },
  yes: '예',
  no: '아니요',
  required: '필수',
  optional: '선택',
  specialCategory: '민감정보(건강): 별도의 명시적 동의',
  purposeHead: ['목적', '법적 근거', '동의 필요', '필수/선택', '이용 항목'],
  retentionHead: ['정보', '보유 기간'],
  cookieHead: ['구분', '항상 사용', '역할'],
  itemsHeading: '수집 항목',
  retentionPeriod: (period, s) => {
    switch (period.kind) {
      case 'until_withdrawal':
        return '회원 탈퇴 시까지'
      case 'hours_after_upload':
        return `업로드 후 늦어도 ${s.imageRetentionHours}시간 안에 삭제`
      case 'dormancy':
        return `${s.dormancyDays}일 동안 이용이 없으면 별도 저장소로 옮기고, ${s.dormantDestroyYears}년 뒤 파기`
      case 'anonymised_kept':
        return '누구인지 알아볼 수 없도록 익명 처리한 형태로만 보관'
      case 'fixed_days':
        return `${period.days}일`
    }
  },
  noRecipients: '개인정보를 제3자에게 제공하지 않습니다.',
  noProcessors: '개인정보 처리를 외부 업체에 위탁하지 않습니다.',
  recipients: '개인정보를 제공받는 제3자',
  processors: '개인정보 처리를 위탁받는 업체',
  legalException: '예외: 법령이 특정 정보의 제출을 요구하는 경우에는 그 범위 안에서만 제공합니다.',
  safety: { management: '관리적 조치', technical: '기술적 조치', physical: '물리적 조치' },
  rightsHeading: '정보주체의 권리',
  channelsHeading: '요청 방법',
  noUseWhilePending: '요청하신 정정이나 삭제가 끝날 때까지 해당 개인정보를 이용하지 않습니다.',
  officerName: '개인정보 보호책임자',
  officerDepartment: '담당 부서',
  officerEmail: '전자우편',
  authorities: '신고·상담 기관',
  fallbackSectionTitle: {
    collection: '수집하는 개인정보',
    use: '개인정보의 이용 목적',
    retention: '보유 기간과 파기',
    provision: '제3자 제공과 처리 위탁',
    safety: '안전성 확보 조치',
    rights: '정보주체의 권리',
    officer: '개인정보 보호책임자',
    cookies: '쿠키',
    eu: '유럽연합 이용자를 위한 부록',
  },
}

export const LABELS: Readonly<Record<Locale, Labels>> = { en, ko }
