import app from '@adonisjs/core/services/app'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import { errors as limiterErrors } from '@adonisjs/limiter'
import { PROBLEM_BASE, ProblemError, type ProblemDocument } from '#shared/problem'

type CodedError = { code?: string; status?: number; message?: string; messages?: unknown }

/**
 * Every error leaves the API as RFC 9457 problem details. Client mistakes map to 4xx with the field
 * at fault; anything else is a 500 whose body says nothing about the internals.
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = false

  protected ignoreStatuses = [400, 401, 403, 404, 405, 409, 413, 415, 422, 429]

  async handle(error: unknown, ctx: HttpContext) {
    const problem = toProblem(error)
    if (error instanceof limiterErrors.E_TOO_MANY_REQUESTS) {
      ctx.response.header('retry-after', String(error.response.availableIn))
    }
    if (typeof problem.retryAfter === 'number') ctx.response.header('retry-after', String(problem.retryAfter))
    ctx.response.status(problem.status)
    ctx.response.header('content-type', 'application/problem+json; charset=utf-8')
    ctx.response.header('cache-control', 'no-store')
    ctx.response.send(JSON.stringify({ ...problem, instance: ctx.request.url() }))
  }

  async report(error: unknown, ctx: HttpContext) {
    const problem = toProblem(error)
    if (error instanceof ProblemError && problem.status === 503) {
      // A dependency is away (Redis): expected, said to the client; one line, no stack.
      ctx.logger.warn(
        { requestId: ctx.request.id(), problem: error.slug },
        'request refused: dependency unavailable'
      )
    } else if (problem.status >= 500) {
      ctx.logger.error({ err: error, requestId: ctx.request.id() }, 'request failed')
    }
  }
}

function problem(status: number, slug: string, title: string, detail?: string): ProblemDocument {
  return { type: PROBLEM_BASE + slug, title, status, ...(detail ? { detail } : {}) }
}

export function toProblem(error: unknown): ProblemDocument {
  if (error instanceof ProblemError) return error.toProblem()

  if (error instanceof limiterErrors.E_TOO_MANY_REQUESTS) {
    const seconds = error.response.availableIn
    return {
      ...problem(
        429,
        'rate-limited',
        'Too many requests',
        `Too many attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`
      ),
      retryAfter: seconds,
    }
  }

  if (error instanceof vineErrors.E_VALIDATION_ERROR) {
    const messages = error.messages as Array<{ field: string; message: string; rule: string }>
    return {
      ...problem(422, 'validation', 'Invalid request', 'The request has invalid fields.'),
      errors: messages.map(({ field, message, rule }) => ({ field, message, rule })),
    }
  }

  const e = (error ?? {}) as CodedError
  switch (e.code) {
    case 'E_ROUTE_NOT_FOUND':
      return problem(404, 'not-found', 'Not found', 'No route matches this method and path.')
    case 'E_UNAUTHORIZED_ACCESS':
      return problem(
        401,
        'unauthenticated',
        'Authentication required',
        'Send a valid key or token with the request.'
      )
    case 'E_INVALID_CREDENTIALS':
      return problem(
        401,
        'invalid-credentials',
        'Invalid credentials',
        'The e-mail or password is not right.'
      )
    case 'E_REQUEST_ENTITY_TOO_LARGE':
      return problem(
        413,
        'payload-too-large',
        'Payload too large',
        'The request body is larger than this endpoint accepts.'
      )
    case 'E_ENCODING_UNSUPPORTED':
      return problem(
        415,
        'unsupported-media-type',
        'Unsupported media type',
        'Send the body encoded as UTF-8.'
      )
    case 'E_REQUEST_ABORTED':
      return problem(400, 'aborted', 'Request aborted', 'The request body ended early.')
    case 'E_POLLUTING_KEYS':
      return problem(400, 'malformed-body', 'Malformed body', 'The body uses reserved property names.')
    case 'E_ROW_NOT_FOUND':
      return problem(404, 'not-found', 'Not found', 'No such resource.')
  }

  // Body parser: unparsable JSON (SyntaxError, status 400) or JSON that is not an object/array.
  if (error instanceof SyntaxError || (e.status === 422 && /Invalid JSON/.test(e.message ?? ''))) {
    return problem(
      400,
      'malformed-json',
      'Malformed JSON',
      'The request body is not a valid JSON object or array.'
    )
  }

  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return problem(e.status, 'client-error', 'Bad request', app.inProduction ? undefined : e.message)
  }

  return problem(500, 'internal', 'Internal error', 'Something failed on our side. It has been logged.')
}
