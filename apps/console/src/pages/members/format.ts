import type { Locale } from '../../messages.js'

/** A date and time in the console's language and the browser's time zone; '' for null. */
export function formatDateTime(iso: string | null, locale: Locale) {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date)
}

export function formatSize(bytes: number | null, locale: Locale) {
  if (bytes === null) return ''
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })
  if (bytes < 1024) return `${number.format(bytes)} B`
  if (bytes < 1024 * 1024) return `${number.format(bytes / 1024)} KB`
  return `${number.format(bytes / 1024 / 1024)} MB`
}

/** A member's public id as the API makes it (`mb_` and 16 letters or digits). */
export const MEMBER_ID = /^mb_[0-9A-Za-z]{16}$/

/** The codes the page has labels for (messages `<group>.<code>`). */
export const CODES: Record<'requestType' | 'requestStatus' | 'uploadStatus' | 'usage', readonly string[]> = {
  requestType: [
    'access',
    'export',
    'rectify',
    'erase',
    'restrict',
    'object',
    'withdraw_consent',
    'human_review',
    'inquiry',
  ],
  requestStatus: ['identity_unverified', 'received', 'in_progress', 'extended', 'completed', 'rejected'],
  uploadStatus: ['receiving', 'stored', 'purged'],
  usage: ['sign_in', 'restore', 'upload', 'analysis', 'view', 'consent', 'request'],
}
