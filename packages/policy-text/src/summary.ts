// Human-readable change summary lines for notices, banners and the admin console.

import type { PolicyDiff, SettingChange } from './diff.js'
import { assertLocale } from './document.js'
import { LABELS } from './labels.js'
import type { LocalizedText, Locale } from './model.js'

interface SummaryWords {
  none: string
  significant: string
  minor: string
  itemAdded: string
  itemRemoved: string
  itemChanged: string
  purposeAdded: string
  purposeRemoved: string
  purposeChanged: string
  basisChanged: (title: string, before: string, after: string) => string
  freshConsent: (titles: string) => string
  retention: string
  setting: (c: SettingChange) => string
  officer: (before: string, after: string) => string
  cookieAdded: string
  cookieRemoved: string
  cookieChanged: string
  sectionAdded: string
  sectionRemoved: string
  sectionChanged: string
  other: Readonly<Record<PolicyDiff['other'][number], string>>
}

const SETTING_NAMES: Readonly<Record<Locale, Readonly<Record<SettingChange['name'], string>>>> = {
  en: {
    imageRetentionHours: 'Image retention (hours)',
    dormancyEnabled: 'Separate storage of inactive accounts',
    dormancyDays: 'Days without activity before an account is set aside',
    dormantDestroyYears: 'Years before set-aside data is destroyed',
    minorNoticeDays: 'Notice period for changes (days)',
    significantNoticeDays: 'Notice period for significant changes (days)',
    privacyRequestDeadlineDays: 'Deadline for answering privacy requests (days)',
  },
  ko: {
    imageRetentionHours: '영상 보관 시간(시간)',
    dormancyEnabled: '장기 미이용 계정의 분리 보관',
    dormancyDays: '분리 보관 전 미이용 기간(일)',
    dormantDestroyYears: '분리 보관 정보의 파기 시점(년)',
    minorNoticeDays: '변경 시행 전 공지 기간(일)',
    significantNoticeDays: '중요 변경 시행 전 공지 기간(일)',
    privacyRequestDeadlineDays: '권리 행사 요청 답변 기한(일)',
  },
}

const WORDS: Readonly<Record<Locale, SummaryWords>> = {
  en: {
    none: 'No changes.',
    significant: 'Significant change: the data we collect or the purposes we use it for have changed.',
    minor: 'Minor change: the data we collect and the purposes stay the same.',
    itemAdded: 'New data collected',
    itemRemoved: 'No longer collected',
    itemChanged: 'Collected data described differently',
    purposeAdded: 'New purpose',
    purposeRemoved: 'Purpose dropped',
    purposeChanged: 'Purpose changed',
    basisChanged: (t, b, a) => `Legal basis for "${t}" changed from ${b} to ${a}`,
    freshConsent: (t) => `We will ask for your consent again for: ${t}`,
    retention: 'Retention periods changed',
    setting: (c) => `${SETTING_NAMES.en[c.name]}: ${fmt(c.before, 'en')} → ${fmt(c.after, 'en')}`,
    officer: (b, a) => `Privacy officer changed: ${b} → ${a}`,
    cookieAdded: 'New cookie category',
    cookieRemoved: 'Cookie category removed',
    cookieChanged: 'Cookie category changed',
    sectionAdded: 'New section',
    sectionRemoved: 'Section removed',
    sectionChanged: 'Section reworded',
    other: {
      thirdParty: 'Sharing with third parties or outsourcing changed',
      safety: 'Safety measures changed',
      rights: 'Your rights or the ways to exercise them changed',
      complaintAuthorities: 'Complaint authorities changed',
    },
  },
  ko: {
    none: '변경 사항이 없습니다.',
    significant: '중요 변경: 수집하는 항목이나 이용 목적이 바뀌었습니다.',
    minor: '일반 변경: 수집 항목과 이용 목적은 그대로입니다.',
    itemAdded: '새로 수집하는 항목',
    itemRemoved: '더 이상 수집하지 않는 항목',
    itemChanged: '설명이 바뀐 수집 항목',
    purposeAdded: '새 이용 목적',
    purposeRemoved: '삭제된 이용 목적',
    purposeChanged: '바뀐 이용 목적',
    basisChanged: (t, b, a) => `"${t}"의 법적 근거 변경: ${b} → ${a}`,
    freshConsent: (t) => `다음 목적에 대해 동의를 다시 여쭙니다: ${t}`,
    retention: '보유 기간이 바뀌었습니다',
    setting: (c) => `${SETTING_NAMES.ko[c.name]}: ${fmt(c.before, 'ko')} → ${fmt(c.after, 'ko')}`,
    officer: (b, a) => `개인정보 보호책임자 변경: ${b} → ${a}`,
    cookieAdded: '새 쿠키 구분',
    cookieRemoved: '삭제된 쿠키 구분',
    cookieChanged: '바뀐 쿠키 구분',
    sectionAdded: '새 항목',
    sectionRemoved: '삭제된 항목',
    sectionChanged: '문구가 바뀐 항목',
    other: {
      thirdParty: '제3자 제공 또는 처리 위탁 내용이 바뀌었습니다',
      safety: '안전성 확보 조치가 바뀌었습니다',
      rights: '정보주체의 권리 또는 행사 방법이 바뀌었습니다',
      complaintAuthorities: '신고·상담 기관 안내가 바뀌었습니다',
    },
  },
}

function fmt(value: number | boolean, locale: Locale): string {
  if (typeof value === 'number') return String(value)
  return value ? LABELS[locale].yes : LABELS[locale].no
}

/** Readable summary lines of a diff in one locale. The first line says whether it is significant. */
export function summary(d: PolicyDiff, localeName: string): string[] {
  const locale = assertLocale(localeName)
  const w = WORDS[locale]
  if (d.empty) return [w.none]
  const t = (label: LocalizedText): string => label[locale]
  const lines: string[] = [d.significant ? w.significant : w.minor]
  const each = (prefix: string, rows: readonly { label: LocalizedText }[]): void => {
    for (const r of rows) lines.push(`${prefix}: ${t(r.label)}`)
  }
  each(w.itemAdded, d.items.added)
  each(w.itemRemoved, d.items.removed)
  each(w.itemChanged, d.items.changed)
  each(w.purposeAdded, d.purposes.added)
  each(w.purposeRemoved, d.purposes.removed)
  for (const p of d.purposes.changed) {
    if (p.lawfulBasis) {
      const names = LABELS[locale].lawfulBasis
      lines.push(w.basisChanged(t(p.label), names[p.lawfulBasis.before], names[p.lawfulBasis.after]))
    }
    if (!p.lawfulBasis || p.fields.some((f) => f !== 'lawfulBasis'))
      lines.push(`${w.purposeChanged}: ${t(p.label)}`)
  }
  if (d.changedConsentPurposes.length > 0) {
    const titles = d.changedConsentPurposes.map(
      (key) => [...d.purposes.added, ...d.purposes.changed].find((p) => p.key === key)?.label[locale] ?? key
    )
    lines.push(w.freshConsent(titles.join(', ')))
  }
  if (d.retention.changed) {
    lines.push(w.retention)
    for (const c of d.retention.settings) lines.push(w.setting(c))
  }
  for (const c of d.settings) lines.push(w.setting(c))
  if (d.officer) lines.push(w.officer(d.officer.before.name, d.officer.after.name))
  each(w.cookieAdded, d.cookies.added)
  each(w.cookieRemoved, d.cookies.removed)
  each(w.cookieChanged, d.cookies.changed)
  // Prose: one line per section id, titled in the requested locale when that locale changed.
  const seen = new Set<string>()
  const ordered = [
    ...d.prose.filter((p) => p.locale === locale),
    ...d.prose.filter((p) => p.locale !== locale),
  ]
  for (const p of ordered) {
    if (seen.has(p.id)) continue
    seen.add(p.id)
    const word =
      p.kind === 'added' ? w.sectionAdded : p.kind === 'removed' ? w.sectionRemoved : w.sectionChanged
    lines.push(`${word}: ${p.title}`)
  }
  for (const o of d.other) lines.push(w.other[o])
  return lines
}
