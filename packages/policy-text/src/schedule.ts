// When may a posted version take effect? No earlier than minorNoticeDays (7) after posting, or
// significantNoticeDays (30) when significant. Pure: every instant is an argument, the clock is never read.

import type { Locale, PolicySettings } from './model.js'
import { resolveSettings } from './settings.js'

export type NoticeSettings = Partial<Pick<PolicySettings, 'minorNoticeDays' | 'significantNoticeDays'>>

const isValidDate = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime())

/** Notice period in days that applies (settings resolved with the 7 / 30 floors). */
export function noticeDays(significant: boolean, settings: NoticeSettings = {}): number {
  const s = resolveSettings(settings)
  return significant ? s.significantNoticeDays : s.minorNoticeDays
}

/**
 * postedAt plus the notice period in whole calendar days, counted in UTC (same UTC time of day). UTC has
 * no daylight-saving shifts, so this is never less than N × 24 hours. Throws RangeError on an invalid date.
 */
export function earliestEffectiveDate(
  postedAt: Date,
  significant: boolean,
  settings: NoticeSettings = {}
): Date {
  if (!isValidDate(postedAt)) throw new RangeError('postedAt is not a valid date')
  const d = new Date(postedAt.getTime())
  d.setUTCDate(d.getUTCDate() + noticeDays(significant, settings))
  return d
}

export type ScheduleErrorCode = 'invalid_date' | 'effective_in_past' | 'effective_too_soon'

export type ScheduleResult =
  | { readonly ok: true; readonly earliest: Date }
  | {
      readonly ok: false
      readonly code: ScheduleErrorCode
      /** Message in the requested locale (default en). */
      readonly message: string
      readonly messages: Readonly<Record<Locale, string>>
      /** Earliest acceptable effective date, or null when postedAt itself is invalid. */
      readonly earliest: Date | null
    }

export interface ScheduleInput {
  readonly postedAt: Date
  readonly effectiveAt: Date
  readonly significant: boolean
  readonly settings?: NoticeSettings
  /** "Now", supplied by the caller's clock; when given, an effective date before it is refused. */
  readonly now?: Date
  readonly locale?: Locale
}

const stamp = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`

function fail(
  code: ScheduleErrorCode,
  messages: Record<Locale, string>,
  earliest: Date | null,
  locale: Locale
): ScheduleResult {
  return { ok: false, code, message: messages[locale], messages, earliest }
}

export function validateSchedule(input: ScheduleInput): ScheduleResult {
  const locale = input.locale ?? 'en'
  const { postedAt, effectiveAt, significant } = input
  if (
    !isValidDate(postedAt) ||
    !isValidDate(effectiveAt) ||
    (input.now !== undefined && !isValidDate(input.now))
  ) {
    const earliest = isValidDate(postedAt)
      ? earliestEffectiveDate(postedAt, significant, input.settings)
      : null
    return fail(
      'invalid_date',
      {
        en: 'The posting date, the effective date and the current time must all be valid dates.',
        ko: '게시일, 시행일, 현재 시각은 모두 올바른 날짜여야 합니다.',
      },
      earliest,
      locale
    )
  }
  const earliest = earliestEffectiveDate(postedAt, significant, input.settings)
  const days = noticeDays(significant, input.settings)
  const reference = input.now && input.now.getTime() > postedAt.getTime() ? input.now : postedAt
  if (effectiveAt.getTime() < reference.getTime()) {
    return fail(
      'effective_in_past',
      {
        en: `The effective date ${stamp(effectiveAt)} is already in the past; choose ${stamp(earliest)} or later.`,
        ko: `시행일 ${stamp(effectiveAt)}은(는) 이미 지났습니다. ${stamp(earliest)} 이후로 정해 주세요.`,
      },
      earliest,
      locale
    )
  }
  if (effectiveAt.getTime() < earliest.getTime()) {
    return fail(
      'effective_too_soon',
      significant
        ? {
            en: `A significant change (collected data or purposes changed) takes effect no earlier than ${days} days after posting: the earliest effective date is ${stamp(earliest)}.`,
            ko: `중요 변경(수집 항목 또는 이용 목적 변경)은 게시 후 ${days}일이 지나야 시행할 수 있습니다. 가장 빠른 시행일은 ${stamp(earliest)}입니다.`,
          }
        : {
            en: `A change takes effect no earlier than ${days} days after posting: the earliest effective date is ${stamp(earliest)}.`,
            ko: `변경 사항은 게시 후 ${days}일이 지나야 시행할 수 있습니다. 가장 빠른 시행일은 ${stamp(earliest)}입니다.`,
          },
      earliest,
      locale
    )
  }
  return { ok: true, earliest }
}
