import type { PolicySettings } from './model.js'

/** Floors the policy promises; settings may lengthen a notice period, never shorten it. */
export const LEGAL_MINIMUM_NOTICE_DAYS = { minor: 7, significant: 30 } as const

export const DEFAULT_SETTINGS: PolicySettings = {
  imageRetentionHours: 24,
  dormancyEnabled: true,
  dormancyDays: 365,
  dormantDestroyYears: 4,
  minorNoticeDays: LEGAL_MINIMUM_NOTICE_DAYS.minor,
  significantNoticeDays: LEGAL_MINIMUM_NOTICE_DAYS.significant,
  privacyRequestDeadlineDays: 10,
}

function wholeNumber(value: number | undefined, fallback: number, min: number): number {
  const chosen = value === undefined || !Number.isFinite(value) ? fallback : Math.floor(value)
  return Math.max(min, chosen)
}

/**
 * Defaults filled in and values normalised the one way both text and rules use: whole numbers, notice
 * periods never below 7 / 30 days, and a significant notice never shorter than a minor one.
 */
export function resolveSettings(partial: Partial<PolicySettings> = {}): PolicySettings {
  const minorNoticeDays = wholeNumber(
    partial.minorNoticeDays,
    DEFAULT_SETTINGS.minorNoticeDays,
    LEGAL_MINIMUM_NOTICE_DAYS.minor
  )
  return {
    imageRetentionHours: wholeNumber(partial.imageRetentionHours, DEFAULT_SETTINGS.imageRetentionHours, 1),
    dormancyEnabled: partial.dormancyEnabled ?? DEFAULT_SETTINGS.dormancyEnabled,
    dormancyDays: wholeNumber(partial.dormancyDays, DEFAULT_SETTINGS.dormancyDays, 1),
    dormantDestroyYears: wholeNumber(partial.dormantDestroyYears, DEFAULT_SETTINGS.dormantDestroyYears, 1),
    minorNoticeDays,
    significantNoticeDays: wholeNumber(
      partial.significantNoticeDays,
      DEFAULT_SETTINGS.significantNoticeDays,
      Math.max(LEGAL_MINIMUM_NOTICE_DAYS.significant, minorNoticeDays)
    ),
    privacyRequestDeadlineDays: wholeNumber(
      partial.privacyRequestDeadlineDays,
      DEFAULT_SETTINGS.privacyRequestDeadlineDays,
      1
    ),
  }
}
