// How every console element answers a failed API call.
import { ConsoleApiError } from './api.js'
import { msg } from './messages.js'
import type { Locale } from './messages.js'

/** Tells the shell the API no longer accepts the session (it shows the sign-in again). */
export function endSession(from: HTMLElement) {
  from.dispatchEvent(new CustomEvent('console-session-ended', { bubbles: true, composed: true }))
}

/**
 * What to announce for a failed call: null for a 401 (the session ended and the event was fired),
 * the problem's detail for other answers, the network message when nothing answered.
 */
export function failureText(from: HTMLElement, locale: Locale, error: unknown): string | null {
  if (error instanceof ConsoleApiError && error.status === 401) {
    endSession(from)
    return null
  }
  if (error instanceof ConsoleApiError && error.status !== 0) return error.detail ?? error.title
  return msg(locale, 'networkError')
}
