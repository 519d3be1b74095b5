/**
 * Hands a downloaded file to the browser as a download (a temporary object URL on a link that is
 * clicked and dropped): no navigation, nothing inline, so the console's CSP holds.
 */
export function saveFile(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  // Revoked after the click has been handled (the download has its own copy by then).
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** `YYYY-MM-DD` of the local calendar day `back` days before `from`. */
export function isoDay(from: Date, back = 0) {
  const day = new Date(from.getFullYear(), from.getMonth(), from.getDate() - back)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`
}

/** The longest period the pages show (the statistics API's limit: two years). */
export const MAX_DAYS = 732

/** Every day from `from` to `to` inclusive (`YYYY-MM-DD`), for charts that show days without data too. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = []
  const end = Date.parse(`${to}T00:00:00Z`)
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= end && days.length <= MAX_DAYS; at += 86_400_000)
    days.push(new Date(at).toISOString().slice(0, 10))
  return days
}
