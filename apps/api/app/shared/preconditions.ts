import { createHash } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import { ProblemError } from '#shared/problem'

/**
 * Optimistic concurrency for records two staff members may edit at once (policy drafts, tenant
 * settings): every read answers an `ETag` naming the state it shows, and a change sent with
 * `If-Match` is refused with 412 when the record changed since — so a second editor never
 * silently overwrites the first. A change without `If-Match` is applied as before (API clients that
 * do not care), the console always sends it.
 */

/** A strong ETag for a record's state: its id and the instant (or counter) of its last change. */
export function entityTag(id: string, revision: string | number | Date | null | undefined): string {
  const stamp = revision instanceof Date ? revision.toISOString() : String(revision ?? '')
  return `"${createHash('sha256').update(`${id}\n${stamp}`).digest('base64url').slice(0, 27)}"`
}

/** Sets the `ETag` header for the state being answered. */
export function sendEntityTag(response: HttpContext['response'], tag: string) {
  response.header('etag', tag)
}

/**
 * Throws 412 `precondition-failed` when the request's `If-Match` names none of the current tag
 * (`*` matches any existing record). No header: nothing to check.
 */
export function assertIfMatch(request: HttpContext['request'], current: string, what = 'record') {
  const header = request.header('if-match')
  if (header === undefined || header.trim() === '*') return
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, ''))
  if (!tags.includes(current)) {
    throw new ProblemError(
      412,
      'precondition-failed',
      'Changed by someone else',
      `The ${what} was changed since you loaded it. Load it again, then repeat your change.`,
      undefined,
      { currentEtag: current }
    )
  }
}
