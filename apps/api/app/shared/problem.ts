import { Exception } from '@adonisjs/core/exceptions'

/** Stable identifiers of the problems this API answers with (RFC 9457 `type`). */
export const PROBLEM_BASE = 'https://tessera.dev/problems/'

export type ProblemField = { field: string; message: string; rule?: string }

export type ProblemDocument = {
  type: string
  title: string
  status: number
  detail?: string
  instance?: string
  errors?: ProblemField[]
  [extension: string]: unknown
}

/**
 * An error the client can act on. Thrown anywhere; the exception handler renders it as
 * `application/problem+json`.
 */
export class ProblemError extends Exception {
  constructor(
    public readonly problemStatus: number,
    public readonly slug: string,
    public readonly problemTitle: string,
    public readonly problemDetail?: string,
    public readonly fields?: ProblemField[],
    public readonly extensions: Record<string, unknown> = {}
  ) {
    super(problemDetail ?? problemTitle, {
      status: problemStatus,
      code: `E_${slug.toUpperCase().replace(/-/g, '_')}`,
    })
  }

  toProblem(): ProblemDocument {
    return {
      type: PROBLEM_BASE + this.slug,
      title: this.problemTitle,
      status: this.problemStatus,
      ...(this.problemDetail ? { detail: this.problemDetail } : {}),
      ...(this.fields ? { errors: this.fields } : {}),
      ...this.extensions,
    }
  }
}

export const problems = {
  unauthenticated: (detail = 'Send a valid key or token with the request.') =>
    new ProblemError(401, 'unauthenticated', 'Authentication required', detail),
  forbidden: (detail: string) => new ProblemError(403, 'forbidden', 'Not allowed', detail),
  notFound: (what = 'resource') => new ProblemError(404, 'not-found', 'Not found', `No such ${what}.`),
  conflict: (detail: string) => new ProblemError(409, 'conflict', 'Conflict', detail),
  invalid: (fields: ProblemField[], detail = 'The request has invalid fields.') =>
    new ProblemError(422, 'validation', 'Invalid request', detail, fields),
  unsupportedMediaType: (expected: string) =>
    new ProblemError(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      `Send the body as ${expected}.`
    ),
}
