// Helpers the Policy page's elements share.
import { css } from 'lit'
import { ConsoleApiError } from '../../api.js'
import type { Locale } from '../../messages.js'

/** `prose.en.2.body` → `prose-en-2-body`: the id of the control a 422 error names. */
export const fieldId = (field: string) => field.replace(/[^a-zA-Z0-9_-]+/g, '-')

/** 412: the draft changed since this page read it (someone else saved or published it). */
export const isConflict = (error: unknown) => error instanceof ConsoleApiError && error.status === 412

/** An instant in the console's language, with the time zone named (dates are legal facts here). */
export function formatInstant(iso: string | null, locale: Locale): string {
  if (!iso) return '—'
  return new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso))
}

/** The value a `datetime-local` input shows for an instant, in the browser's time zone. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(
    date.getHours()
  )}:${pad(date.getMinutes())}`
}

/** A `datetime-local` value (browser time zone) as an ISO instant, or null when it is not a date. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

export { endSession } from '../../failures.js'

export const policyStyles = css`
  .card {
    max-width: 60rem;
  }
  textarea {
    font: inherit;
    color: inherit;
    width: 100%;
    min-height: 8rem;
    padding: 0.5rem 0.625rem;
    border: 1px solid #6b7785;
    border-radius: calc(var(--tessera-radius, 8px) / 2);
    background: #ffffff;
  }
  textarea[aria-invalid='true'],
  select[aria-invalid='true'] {
    border-color: #b3261e;
    border-width: 2px;
  }
  textarea:focus-visible {
    outline: 3px solid var(--tessera-color-accent, #00a37a);
    outline-offset: 2px;
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: auto;
    margin-right: 0.375rem;
  }
  .check {
    display: flex;
    align-items: center;
    font-weight: 400;
  }
  .row {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
    gap: 0 1rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    margin: 0.75rem 0;
  }
  .badge {
    display: inline-block;
    padding: 0 0.5rem;
    border-radius: 999px;
    font-size: 0.875rem;
    border: 1px solid #4a5561;
  }
  .badge.significant {
    border-color: #8a4b00;
    color: #6b3a00;
    background: #fff4e0;
  }
  .conflict {
    margin: 0 0 1rem;
    padding: 0.5rem 0.75rem;
    border-left: 4px solid #8a4b00;
    background: #fff4e0;
  }
  dl.facts {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0 0 1rem;
  }
  dl.facts dt {
    font-weight: 600;
  }
  dl.facts dd {
    margin: 0;
  }
  iframe.preview {
    width: 100%;
    height: 32rem;
    border: 1px solid #c9d1d9;
    border-radius: calc(var(--tessera-radius, 8px) / 2);
    background: #ffffff;
  }
  ul.versions {
    list-style: none;
    padding: 0;
    margin: 0 0 1rem;
  }
  ul.versions li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    align-items: center;
    padding: 0.5rem 0;
    border-bottom: 1px solid #e1e6eb;
  }
  .muted {
    color: #4a5561;
  }
  .hint {
    margin: 0 0 0.25rem;
    color: #4a5561;
    font-size: 0.875rem;
  }
  h3 {
    font-size: 1rem;
    margin: 1rem 0 0.5rem;
  }
`
