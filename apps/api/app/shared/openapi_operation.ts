/** Helpers the capabilities use to describe their operations in the OpenAPI document. */

export type Operation = Record<string, unknown>
export type PathItems = Record<
  string,
  Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', Operation>>
>

const problem = { $ref: '#/components/responses/Problem' }

/** Builds an operation with the problem responses every endpoint can give. */
export function operation(spec: {
  summary: string
  tag: string
  security?: 'admin' | 'publishable' | 'none'
  body?: Record<string, unknown> | { raw: string[] }
  params?: string[]
  query?: Record<string, Record<string, unknown>>
  /** Behind a rate limit (start/limiter.ts): documents the 429 with its Retry-After. */
  rateLimited?: boolean
  responses: Record<string, { description: string; schema?: Record<string, unknown>; contentType?: string }>
}): Operation {
  const security =
    spec.security === 'admin'
      ? [{ adminSession: [] }, { secretKey: [] }]
      : spec.security === 'publishable'
        ? [{ publishableKey: [] }]
        : []
  const responses: Record<string, unknown> = {}
  for (const [status, r] of Object.entries(spec.responses)) {
    responses[status] = {
      description: r.description,
      ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: r.schema } } } : {}),
    }
  }
  for (const status of ['400', '401', '403', '404', '413', '415', '422']) responses[status] ??= problem
  if (spec.rateLimited) {
    responses['429'] = {
      description: 'Too many attempts; the problem and Retry-After say when to try again',
      headers: { 'retry-after': { schema: { type: 'integer' }, description: 'Seconds to wait' } },
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    }
  }
  const requestBody = spec.body
    ? 'raw' in spec.body
      ? {
          required: true,
          content: Object.fromEntries(
            (spec.body.raw as string[]).map((t) => [t, { schema: { type: 'string', format: 'binary' } }])
          ),
        }
      : { required: true, content: { 'application/json': { schema: spec.body } } }
    : undefined
  const parameters = [
    ...(spec.params ?? []).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...Object.entries(spec.query ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: false,
      schema,
    })),
  ]
  return {
    summary: spec.summary,
    tags: [spec.tag],
    security,
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  }
}
