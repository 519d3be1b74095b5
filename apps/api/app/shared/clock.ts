/**
 * The one source of "now" for every rule that depends on time (retention, notice periods,
 * deadlines, dormancy, key expiry), so tests can move time instead of waiting for it.
 */
export class Clock {
  #fixed: Date | null = null

  now(): Date {
    return this.#fixed ? new Date(this.#fixed.getTime()) : new Date()
  }

  /** Freezes time at `at` (tests and simulations only). */
  freeze(at: Date | string): void {
    this.#fixed = new Date(at)
  }

  /** Moves frozen time forward; freezes at the current time first if it was running. */
  advance(ms: number): void {
    this.#fixed = new Date(this.now().getTime() + ms)
  }

  /** Back to the system clock. */
  reset(): void {
    this.#fixed = null
  }
}

const clock = new Clock()
export default clock

/** A DateTime as the current database connection stores it (what Lucid's date columns write). */
export async function sqlDateTime(value: import('luxon').DateTime): Promise<string> {
  const { default: db } = await import('@adonisjs/lucid/services/db')
  return value.toFormat(db.connection().dialect.dateTimeFormat)
}
