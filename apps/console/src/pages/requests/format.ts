// How the Privacy requests page words dates and deadlines.
import type { Locale } from '../../messages.js'
import { t } from './messages.js'

const DAY = 86_400_000

export const formatDateTime = (value: string, locale: Locale) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value))

export const formatDate = (value: string, locale: Locale) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(value))

/** "3 days left", "Due today", "Overdue by 2 days": in words, so the state never rests on colour. */
export function timeLeft(dueAt: string, now: Date, locale: Locale): string {
  const diff = Date.parse(dueAt) - now.getTime()
  if (diff < 0) {
    const days = Math.max(1, Math.ceil(-diff / DAY))
    return days === 1 ? t(locale, 'overdueByOne') : t(locale, 'overdueBy', { n: String(days) })
  }
  const days = Math.floor(diff / DAY)
  if (days === 0) return t(locale, 'dueToday')
  return days === 1 ? t(locale, 'dayLeft') : t(locale, 'daysLeft', { n: String(days) })
}
