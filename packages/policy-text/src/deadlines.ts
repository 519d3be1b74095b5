// When must a privacy request be answered? Korea (PIPA): within 10 days; EU (GDPR Art. 12(3)): within
// one month of receipt, extendable by two further months when the controller says why before the
// first deadline. Where both apply the earlier date wins, so an EU extension cannot move a Korean
// deadline. A deadline is the end of the due day in the controller's time zone. Pure: every instant
// is an argument; only the built-in Intl is used for time zones.

export type RequestRegime = 'kr' | 'eu'

export interface DeadlineInput {
  readonly receivedAt: Date
  readonly regimes: readonly RequestRegime[]
  /** IANA zone the controller counts days in, e.g. Asia/Seoul. */
  readonly timeZone: string
  /** Korean deadline in days (tenant setting; default 10). */
  readonly krDays?: number
}

export interface Deadline {
  readonly dueAt: Date
  readonly byRegime: Readonly<Partial<Record<RequestRegime, Date>>>
}

type LocalDate = { year: number; month: number; day: number }

function localDate(at: Date, timeZone: string): LocalDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at)
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value)
  return { year: get('year'), month: get('month'), day: get('day') }
}

/** Offset of `timeZone` from UTC at instant `at`, in minutes. */
function offsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at)
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000)
}

/** The last millisecond of a local calendar day, as an instant. */
export function endOfLocalDay(date: LocalDate, timeZone: string): Date {
  const nextMidnightUtc = Date.UTC(date.year, date.month - 1, date.day + 1)
  // Two passes settle the offset across a DST change.
  let guess = nextMidnightUtc - offsetMinutes(new Date(nextMidnightUtc), timeZone) * 60_000
  guess = nextMidnightUtc - offsetMinutes(new Date(guess), timeZone) * 60_000
  return new Date(guess - 1)
}

function addDays(d: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days))
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() }
}

/** Same day `months` later; when that month is shorter, its last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonthsClamped(d: LocalDate, months: number): LocalDate {
  const index = d.year * 12 + (d.month - 1) + months
  const year = Math.floor(index / 12)
  const month = (index % 12) + 1
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return { year, month, day: Math.min(d.day, last) }
}

export function requestDeadline(input: DeadlineInput): Deadline {
  if (!input.regimes.length) throw new RangeError('at least one regime applies')
  const received = localDate(input.receivedAt, input.timeZone)
  const byRegime: Partial<Record<RequestRegime, Date>> = {}
  if (input.regimes.includes('kr'))
    byRegime.kr = endOfLocalDay(addDays(received, input.krDays ?? 10), input.timeZone)
  if (input.regimes.includes('eu')) byRegime.eu = endOfLocalDay(addMonthsClamped(received, 1), input.timeZone)
  const dueAt = new Date(Math.min(...Object.values(byRegime).map((d) => d.getTime())))
  return { dueAt, byRegime }
}

export type ExtensionResult =
  | { readonly ok: true; readonly dueAt: Date }
  | {
      readonly ok: false
      readonly code: 'not_extendable' | 'after_deadline' | 'reason_required'
      readonly message: string
    }

/**
 * A two-month extension (EU only), decided at `requestedAt` with a reason. Refused when a Korean
 * deadline applies (the earlier date wins), after the first deadline, or without a reason.
 */
export function extendDeadline(
  input: DeadlineInput & { readonly requestedAt: Date; readonly reason: string }
): ExtensionResult {
  if (!input.regimes.includes('eu') || input.regimes.includes('kr')) {
    return {
      ok: false,
      code: 'not_extendable',
      message: 'Only a request under the GDPR alone can be extended.',
    }
  }
  const first = requestDeadline(input)
  if (input.requestedAt.getTime() > first.dueAt.getTime()) {
    return {
      ok: false,
      code: 'after_deadline',
      message: 'An extension must be decided before the first deadline.',
    }
  }
  if (input.reason.trim().length < 10) {
    return { ok: false, code: 'reason_required', message: 'Give the member the reason for the extension.' }
  }
  const received = localDate(input.receivedAt, input.timeZone)
  return { ok: true, dueAt: endOfLocalDay(addMonthsClamped(received, 3), input.timeZone) }
}
