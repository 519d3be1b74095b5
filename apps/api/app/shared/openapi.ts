/**
 * The OpenAPI 3.1 document. Each capability describes its own operations in its folder
 * (`openapi.ts`); a test compares the document with the router so no route goes undocumented.
 */
import tenancy from '#tenancy/openapi'
import widgets from '#widgets/openapi'
import health from '#health/openapi'
import audit from '#audit/openapi'
import mail from '#mail/openapi'

export type Operation = Record<string, unknown>
export type PathItems = Record<string, Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', Operation>>>

const problem = { $ref: '#/components/responses/Problem' }

/** Builds an operation with the problem responses every endpoint can give. */
export function operation(spec: {
  summary: string
  tag: string
  security?: 'admin' | 'publishable' | 'none'
  body?: Record<string, unknown> | { raw: string[] }
  params?: string[]
  query?: Record<string, Record<string, unknown>>
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
  const requestBody = spec.body
    ? 'raw' in spec.body
      ? { required: true, content: Object.fromEntries((spec.body.raw as string[]).map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) }
      : { required: true, content: { 'application/json': { schema: spec.body } } }
    : undefined
  const parameters = [
    ...(spec.params ?? []).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...Object.entries(spec.query ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema })),
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

export function buildOpenApiDocument(serverUrl: string) {
  const paths: PathItems = {}
  for (const part of [health, tenancy, widgets, audit, mail]) {
    for (const [path, item] of Object.entries(part)) paths[path] = { ...paths[path], ...item }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tessera API',
      version: '0.1.0',
      description:
        'Multi-tenant privacy API for medical-imaging AI services. Errors are RFC 9457 problem details.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes: {
        publishableKey: { type: 'apiKey', in: 'header', name: 'X-Tessera-Key', description: 'pk_… key; only from allowed origins' },
        secretKey: { type: 'http', scheme: 'bearer', description: 'sk_… key, server to server' },
        adminSession: { type: 'http', scheme: 'bearer', description: 'Token from POST /v1/admin/sessions' },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string', format: 'uri' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['field', 'message'],
                properties: { field: { type: 'string' }, message: { type: 'string' }, rule: { type: 'string' } },
              },
            },
          },
        },
      },
      responses: {
        Problem: {
          description: 'Problem details (RFC 9457)',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
    },
  }
}
