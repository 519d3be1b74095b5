/**
 * The OpenAPI 3.1 document. Each capability describes its own operations in its folder
 * (`openapi.ts`); a test compares the document with the router so no route goes undocumented.
 */
import tenancy from '#tenancy/openapi'
import widgets from '#widgets/openapi'
import health from '#health/openapi'
import audit from '#audit/openapi'
import mail from '#mail/openapi'
import policies from '#policies/openapi'
import members from '#members/openapi'
import consent from '#consent/openapi'
import privacyRequests from '#privacy_requests/openapi'
import uploads from '#uploads/openapi'
import inference from '#inference/openapi'
import newsletters from '#newsletters/openapi'
import lifecycle from '#lifecycle/openapi'
import consolePages from '#console/openapi'

import type { PathItems } from '#shared/openapi_operation'

export function buildOpenApiDocument(serverUrl: string) {
  const paths: PathItems = {}
  for (const part of [
    health,
    tenancy,
    widgets,
    audit,
    mail,
    policies,
    members,
    consent,
    privacyRequests,
    uploads,
    inference,
    newsletters,
    lifecycle,
    consolePages,
  ]) {
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
        publishableKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Tessera-Key',
          description: 'pk_… key; only from allowed origins',
        },
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
                properties: {
                  field: { type: 'string' },
                  message: { type: 'string' },
                  rule: { type: 'string' },
                },
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
