// What the Newsletters page's elements share: error handling, dates, styles.
import { css } from 'lit'
import { ConsoleApiError } from '../../api.js'
import type { Locale } from '../../messages.js'
import { t } from './messages.js'

import { endSession } from '../../failures.js'
import { tableStyles } from '../../styles.js'

export { endSession }

/**
 * What to announce for a failed call: null for a 401 (the session ended and the event was fired),
 * the problem's detail for other answers, a network message for no answer.
 */
export function failureText(from: HTMLElement, locale: Locale, error: unknown): string | null {
  if (error instanceof ConsoleApiError && error.status === 401) {
    endSession(from)
    return null
  }
  if (error instanceof ConsoleApiError && error.status === 409)
    return t(locale, 'conflict', { detail: error.detail ?? error.title })
  if (error instanceof ConsoleApiError && error.status !== 0) return error.detail ?? error.title
  if (error instanceof ConsoleApiError) return t(locale, 'networkError')
  throw error
}

/** A date and time in the reader's language and time zone, with the zone named. */
export function formatWhen(iso: string | null, locale: Locale): string {
  if (!iso) return t(locale, 'none')
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso))
}

/** The browser's IANA time zone, named in the schedule hint. */
export const localTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone

/** `2026-12-01T09:30` as typed in a datetime-local input (local time) → an ISO instant with Z. */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null
  const at = new Date(value)
  return Number.isNaN(at.getTime()) ? null : at.toISOString()
}

export const newsletterStyles = css`
  textarea {
    font-family: ui-monospace, monospace;
    font-size: 0.875rem;
    color: inherit;
    width: 100%;
    min-height: 10rem;
    padding: 0.5rem 0.625rem;
    border: 1px solid #6b7785;
    border-radius: calc(var(--tessera-radius, 8px) / 2);
    background: #ffffff;
  }
  textarea[aria-invalid='true'] {
    border-color: #b3261e;
    border-width: 2px;
  }
  textarea:focus-visible,
  .table-wrap:focus-visible,
  summary:focus-visible,
  iframe:focus-visible {
    outline: 3px solid var(--tessera-color-accent, #00a37a);
    outline-offset: 2px;
  }
  ${tableStyles}
  td.number {
    text-align: end;
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  button.small {
    padding: 0.25rem 0.625rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    margin: 0 0 1rem;
  }
  .badge {
    display: inline-block;
    padding: 0 0.5rem;
    border-radius: 999px;
    border: 1px solid currentColor;
    font-size: 0.875rem;
    white-space: nowrap;
  }
  pre {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    font-family: ui-monospace, monospace;
    font-size: 0.875rem;
    background: #f4f5f7;
    padding: 0.5rem 0.75rem;
    border-radius: calc(var(--tessera-radius, 8px) / 2);
    margin: 0 0 0.75rem;
  }
  .card.wide {
    max-width: 60rem;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  section + section {
    margin-top: 1.5rem;
  }
`
