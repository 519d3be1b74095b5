import { operation, type PathItems } from '#shared/openapi_operation'

const paths: PathItems = {
  '/v1/admin/members/{id}/usage-records': {
    get: operation({
      summary: "A member's usage records: action, IP, time (personal data: audited with the stated reason)",
      tag: 'lifecycle',
      security: 'admin',
      params: ['id'],
      query: { reason: { type: 'string', minLength: 5 } },
      responses: { '200': { description: 'Usage records, newest first', schema: { type: 'object' } } },
    }),
  },
  '/v1/admin/statistics': {
    get: operation({
      summary: 'Anonymised daily statistics of the tenant (no identifiers; analysts may read them)',
      tag: 'lifecycle',
      security: 'admin',
      query: {
        from: { type: 'string', format: 'date' },
        to: { type: 'string', format: 'date' },
        format: { type: 'string', enum: ['json', 'csv'] },
      },
      responses: {
        '200': {
          description: 'Rows of day, metric, dimension, value (JSON, or CSV with format=csv)',
          schema: { type: 'object' },
        },
      },
    }),
  },
  '/v1/admin/records-of-processing': {
    get: operation({
      summary: 'Records of processing activities (GDPR Art. 30), generated from the policy in effect',
      tag: 'lifecycle',
      security: 'admin',
      query: {
        format: { type: 'string', enum: ['json', 'html'] },
        locale: { type: 'string', enum: ['en', 'ko'] },
      },
      responses: {
        '200': { description: 'The records (JSON, or HTML with format=html)', schema: { type: 'object' } },
      },
    }),
  },
}

export default paths
