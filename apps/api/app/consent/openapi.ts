import { operation, type PathItems } from '#shared/openapi_operation'

const obj = { type: 'object' }

const paths: PathItems = {
  '/v1/widget/me/consents': {
    get: operation({ summary: "The member's decision on every purpose of the policy in effect", tag: 'consent', security: 'publishable', query: { locale: { enum: ['en', 'ko'] } }, responses: { '200': { description: 'Purposes and states', schema: obj } } }),
    post: operation({
      summary: 'Grant, deny or withdraw one purpose (one call, as easy as giving)',
      tag: 'consent',
      security: 'publishable',
      body: {
        type: 'object',
        required: ['purpose', 'action'],
        properties: { purpose: { type: 'string' }, action: { enum: ['grant', 'deny', 'withdraw'] }, policyVersion: { type: 'string' } },
      },
      responses: { '201': { description: 'Recorded in the ledger', schema: obj } },
    }),
  },
  '/v1/admin/consent/verify': {
    get: operation({ summary: 'Verify the hash chain of the consent ledger', tag: 'consent', security: 'admin', responses: { '200': { description: 'Report', schema: obj } } }),
  },
  '/v1/admin/consent/export': {
    get: operation({ summary: 'The consent ledger as NDJSON (audited)', tag: 'consent', security: 'admin', responses: { '200': { description: 'NDJSON', schema: { type: 'string' }, contentType: 'application/x-ndjson' } } }),
  },
  '/v1/admin/members/{id}/consent-proof': {
    get: operation({ summary: "A member's consent proof (audited)", tag: 'consent', security: 'admin', params: ['id'], responses: { '200': { description: 'Proof, valid against /v1/schemas/consent-proof.json', schema: { $ref: '/v1/schemas/consent-proof.json' } } } }),
  },
  '/v1/schemas/consent-proof.json': {
    get: operation({ summary: 'JSON Schema of consent proofs', tag: 'consent', security: 'none', responses: { '200': { description: 'JSON Schema', schema: obj } } }),
  },
}

export default paths
