import { operation, type PathItems } from '#shared/openapi_operation'

const paths: PathItems = {
  '/health': {
    get: operation({
      summary: 'Health of the database, Redis and the mail transport',
      tag: 'operations',
      security: 'none',
      responses: {
        '200': { description: 'All dependencies answer', schema: { type: 'object' } },
        '503': { description: 'A dependency does not answer', schema: { type: 'object' } },
      },
    }),
  },
  '/v1/openapi.json': {
    get: operation({
      summary: 'This document',
      tag: 'operations',
      security: 'none',
      responses: { '200': { description: 'OpenAPI 3.1 document', schema: { type: 'object' } } },
    }),
  },
}

export default paths
