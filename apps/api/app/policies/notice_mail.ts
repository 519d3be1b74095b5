import type { MailContent, MailLocale } from '#mail/layout'

const COPY = {
  en: {
    subject: (name: string, date: string) => `${name}: our privacy policy changes on ${date}`,
    heading: 'Our privacy policy is changing',
    intro: (name: string) => `${name} has posted a new version of its privacy policy. Here is what changes:`,
    significant: 'This change concerns what data we collect or why we use it.',
    effective: (date: string) =>
      `The new version takes effect on ${date}. Until then the current version applies.`,
    action: 'Read the changes',
  },
  ko: {
    subject: (name: string, date: string) => `${name} 개인정보 처리방침 변경 안내 (시행일 ${date})`,
    heading: '개인정보 처리방침이 변경됩니다',
    intro: (name: string) =>
      `${name}의 개인정보 처리방침이 새로 게시되었습니다. 주요 변경 내용은 다음과 같습니다.`,
    significant: '이번 변경은 수집하는 개인정보 항목 또는 이용 목적에 관한 것입니다.',
    effective: (date: string) =>
      `새 처리방침은 ${date}부터 시행되며, 그 전까지는 현재 처리방침이 적용됩니다.`,
    action: '변경 내용 보기',
  },
} as const

export function formatDate(date: Date, locale: MailLocale, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', { dateStyle: 'long', timeZone }).format(
    date
  )
}

/** A policy-change notice: a service notice, never advertising, sent regardless of marketing consent. */
export function policyNoticeContent(input: {
  tenantName: string
  locale: MailLocale
  effectiveAt: Date
  significant: boolean
  summary: string[]
  url: string
}): MailContent {
  const t = COPY[input.locale]
  const date = formatDate(input.effectiveAt, input.locale)
  return {
    kind: 'service',
    subject: t.subject(input.tenantName, date),
    preheader: t.effective(date),
    heading: t.heading,
    paragraphs: [
      t.intro(input.tenantName),
      ...input.summary.map((line) => `• ${line}`),
      ...(input.significant ? [t.significant] : []),
      t.effective(date),
    ],
    action: { label: t.action, url: input.url },
  }
}
