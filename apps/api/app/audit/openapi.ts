import { operation, type PathItems } from '#shared/openapi_operation'

const paths: PathItems = {
  '/v1/admin/audit-events': {
    get: operation({
      summary: 'Audit events of the tenant, newest first',
      tag: 'audit',
      security: 'admin',
      query: { limit: { type: 'integer', minimum: 1, maximum: 200 }, before: { type: 'integer' } },
      responses: { '200': { description: 'A page of audit events', schema: { type: 'object' } } },
    }),
  },
}

export default paths
