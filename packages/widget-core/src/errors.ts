import type { ProblemDetails, ProblemFieldError } from './types.js'

export const PROBLEM_BASE = 'https://tessera.dev/problems/'
/** Type of the error raised when the request never got an answer (offline, DNS, CORS refusal). */
export const NETWORK_PROBLEM = `${PROBLEM_BASE}network`
/** Type of the error raised when the API answered with something that is not the agreed contract. */
export const INVALID_RESPONSE_PROBLEM = `${PROBLEM_BASE}invalid-response`

/**
 * An API failure, always with problem-details fields. `status` 0 means there was no usable HTTP answer:
 * in the browser a CORS refusal (origin not allowed for the tenant) looks exactly like a network failure.
 */
export class TesseraApiError extends Error implements ProblemDetails {
  override readonly name = 'TesseraApiError'
  readonly status: number
  readonly type: string
  readonly title: string
  readonly detail: string | undefined
  readonly errors: ProblemFieldError[]

  constructor(problem: ProblemDetails, options?: { cause?: unknown }) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title, options)
    this.status = problem.status
    this.type = problem.type
    this.title = problem.title
    this.detail = problem.detail
    this.errors = problem.errors ?? []
  }
}

/**
 * Duck-typed check. The loader and the element bundles are separate builds, each with its own copy of the
 * class, so `instanceof` is not reliable across them.
 */
export function isTesseraApiError(value: unknown): value is TesseraApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'TesseraApiError' &&
    typeof (value as { status?: unknown }).status === 'number' &&
    typeof (value as { type?: unknown }).type === 'string'
  )
}

/** True when the API (or the browser, via CORS) refused this site or key: nothing to retry. */
export function isRefusal(error: unknown): boolean {
  return isTesseraApiError(error) && (error.status === 0 || error.status === 401 || error.status === 403)
}

/** Reads a problem+json body leniently; anything unexpected becomes a generic problem for that status. */
export function toProblem(status: number, statusText: string, body: unknown): ProblemDetails {
  const fallback: ProblemDetails = { type: 'about:blank', title: statusText || `HTTP ${status}`, status }
  if (typeof body !== 'object' || body === null) return fallback
  const b = body as Record<string, unknown>
  const errors = Array.isArray(b.errors)
    ? b.errors
        .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
        .map((e) => ({
          field: String(e.field ?? ''),
          message: String(e.message ?? ''),
          ...(typeof e.rule === 'string' ? { rule: e.rule } : {}),
        }))
    : undefined
  return {
    type: typeof b.type === 'string' ? b.type : fallback.type,
    title: typeof b.title === 'string' ? b.title : fallback.title,
    status,
    ...(typeof b.detail === 'string' ? { detail: b.detail } : {}),
    ...(errors ? { errors } : {}),
  }
}
