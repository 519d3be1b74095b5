/**
 * A JSON value stored in a text/JSON column. MariaDB and SQLite return text, MySQL 8 returns the
 * parsed value; both are accepted.
 */
export function jsonColumn<T>() {
  return {
    prepare: (value: T | null) => (value === null || value === undefined ? null : JSON.stringify(value)),
    consume: (value: unknown): T | null =>
      value === null || value === undefined
        ? null
        : typeof value === 'string'
          ? (JSON.parse(value) as T)
          : (value as T),
  }
}

/** A JSON object column whose missing keys read as `defaults` (settings added after a row was written). */
export function jsonColumnWithDefaults<T extends object>(defaults: T) {
  const base = jsonColumn<T>()
  return {
    prepare: base.prepare,
    consume: (value: unknown): T => ({ ...defaults, ...(base.consume(value) ?? {}) }),
  }
}
