import { operation, type PathItems } from '#shared/openapi_operation'

const paths: PathItems = {
  '/v1/admin/audit-events': {
    get: operation({
      summary: 'Audit events of the tenant, newest first',
      tag: 'audit',
      security: 'admin',
      query: {
        limit: { type: 'integer', minimum: 1, maximum: 200 },
        before: { type: 'integer' },
        action: { type: 'string', description: 'prefix, e.g. consent.' },
        actor: { type: 'string' },
        subject: { type: 'string' },
        from: { type: 'string', format: 'date' },
        to: { type: 'string', format: 'date' },
      },
      responses: { '200': { description: 'A page of audit events', schema: { type: 'object' } } },
    }),
  },
  '/v1/admin/audit-events/verify': {
    get: operation({
      summary: 'Verify the hash chain of the audit log',
      tag: 'audit',
      security: 'admin',
      responses: { '200': { description: 'Report', schema: { type: 'object' } } },
    }),
  },
  '/v1/admin/audit-events/monthly': {
    get: operation({
      summary: "A month's audit log for the periodic access review (NDJSON; states a reason, itself audited)",
      tag: 'audit',
      security: 'admin',
      query: { month: { type: 'string', pattern: '^\\d{4}-\\d{2}$' }, reason: { type: 'string' } },
      responses: {
        '200': { description: 'NDJSON', schema: { type: 'string' }, contentType: 'application/x-ndjson' },
      },
    }),
  },
  '/v1/admin/audit-events/summary': {
    get: operation({
      summary: 'A month of the audit log in numbers: entries per action and per day (UTC), counts only',
      tag: 'audit',
      security: 'admin',
      query: { month: { type: 'string', pattern: '^\\d{4}-\\d{2}$' } },
      responses: {
        '200': {
          description: 'Counts of the month',
          schema: {
            type: 'object',
            required: ['month', 'total', 'actions', 'days'],
            properties: {
              month: { type: 'string' },
              total: { type: 'integer' },
              actions: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { action: { type: 'string' }, count: { type: 'integer' } },
                },
              },
              days: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { day: { type: 'string', format: 'date' }, count: { type: 'integer' } },
                },
              },
            },
          },
        },
      },
    }),
  },
}

export default paths
