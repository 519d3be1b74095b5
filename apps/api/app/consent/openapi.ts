import { operation, type PathItems } from '#shared/openapi_operation'

const obj = { type: 'object' }

const paths: PathItems = {
  '/v1/widget/purposes': {
    get: operation({
      summary: 'Purposes of the policy in effect, for the sign-up form',
      tag: 'consent',
      security: 'publishable',
      query: { locale: { enum: ['en', 'ko'] } },
      responses: {
        '200': { description: 'Purposes', schema: obj },
        '409': { description: 'No policy in effect' },
      },
    }),
  },
  '/v1/widget/cookies/config': {
    get: operation({
      summary: 'Cookie categories, inventory, the rules that apply and the cookie policy hash',
      tag: 'consent',
      security: 'publishable',
      query: { locale: { enum: ['en', 'ko'] } },
      responses: { '200': { description: 'Cookie configuration', schema: obj } },
    }),
  },
  '/v1/widget/cookies/receipts': {
    post: operation({
      summary: "Record a visitor's cookie choices (JSON, also accepted as text/plain for beacons)",
      tag: 'consent',
      security: 'publishable',
      body: {
        type: 'object',
        required: ['visitorId', 'choices', 'policyHash', 'gpc', 'source'],
        properties: {
          visitorId: { type: 'string', format: 'uuid' },
          visitorToken: { type: ['string', 'null'] },
          choices: { type: 'object', additionalProperties: { type: 'boolean' } },
          policyHash: { type: 'string' },
          gpc: { type: 'boolean' },
          source: { enum: ['banner', 'settings'] },
        },
      },
      responses: {
        '201': { description: 'Receipt', schema: obj },
        '409': { description: 'The cookie policy changed' },
      },
    }),
  },
  '/v1/admin/cookies/inventory': {
    get: operation({
      summary: 'Cookie inventory',
      tag: 'consent',
      security: 'admin',
      responses: { '200': { description: 'Entries', schema: obj } },
    }),
    put: operation({
      summary: 'Replace the cookie inventory',
      tag: 'consent',
      security: 'admin',
      body: obj,
      responses: { '200': { description: 'Entries', schema: obj } },
    }),
  },
  '/v1/admin/consent/stats': {
    get: operation({
      summary: 'Consent decisions per target and day (counts only)',
      tag: 'consent',
      security: 'admin',
      query: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } },
      responses: { '200': { description: 'Counts', schema: obj } },
    }),
  },
  '/v1/widget/me/consents': {
    get: operation({
      summary: "The member's decision on every purpose of the policy in effect",
      tag: 'consent',
      security: 'publishable',
      query: { locale: { enum: ['en', 'ko'] } },
      responses: { '200': { description: 'Purposes and states', schema: obj } },
    }),
    post: operation({
      summary: 'Grant, deny or withdraw one purpose (one call, as easy as giving)',
      tag: 'consent',
      security: 'publishable',
      body: {
        type: 'object',
        required: ['purpose', 'action'],
        properties: {
          purpose: { type: 'string' },
          action: { enum: ['grant', 'deny', 'withdraw'] },
          policyVersion: { type: 'string' },
        },
      },
      responses: { '201': { description: 'Recorded in the ledger', schema: obj } },
    }),
  },
  '/v1/admin/consent/verify': {
    get: operation({
      summary: 'Verify the hash chain of the consent ledger',
      tag: 'consent',
      security: 'admin',
      responses: { '200': { description: 'Report', schema: obj } },
    }),
  },
  '/v1/admin/consent/export': {
    get: operation({
      summary: 'The consent ledger as NDJSON (audited with the stated reason)',
      tag: 'consent',
      security: 'admin',
      query: { reason: { type: 'string', minLength: 5 } },
      responses: {
        '200': { description: 'NDJSON', schema: { type: 'string' }, contentType: 'application/x-ndjson' },
      },
    }),
  },
  '/v1/admin/members/{id}/consent-proof': {
    get: operation({
      summary: "A member's consent proof (audited with the stated reason)",
      tag: 'consent',
      security: 'admin',
      params: ['id'],
      query: { reason: { type: 'string', minLength: 5 } },
      responses: {
        '200': {
          description: 'Proof, valid against /v1/schemas/consent-proof.json',
          schema: { $ref: '/v1/schemas/consent-proof.json' },
        },
      },
    }),
  },
  '/v1/schemas/consent-proof.json': {
    get: operation({
      summary: 'JSON Schema of consent proofs',
      tag: 'consent',
      security: 'none',
      responses: { '200': { description: 'JSON Schema', schema: obj } },
    }),
  },
}

export default paths
