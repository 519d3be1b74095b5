import { operation, type PathItems } from '#shared/openapi_operation'

const obj = { type: 'object' }
const request = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    type: {
      enum: [
        'access',
        'export',
        'rectify',
        'erase',
        'restrict',
        'object',
        'withdraw_consent',
        'human_review',
        'inquiry',
      ],
    },
    channel: { enum: ['widget', 'email', 'letter', 'admin'] },
    status: { enum: ['identity_unverified', 'received', 'in_progress', 'extended', 'completed', 'rejected'] },
    receivedAt: { type: 'string', format: 'date-time' },
    dueAt: { type: 'string', format: 'date-time' },
  },
}
const inboxRow = {
  type: 'object',
  properties: {
    ...request.properties,
    regimes: { type: 'array', items: { enum: ['kr', 'eu'] } },
    overdue: { type: 'boolean' },
    dueSoon: { type: 'boolean', description: 'Open and due within three days' },
    extendable: {
      type: 'boolean',
      description: 'May still be extended (GDPR alone, once, before the deadline)',
    },
  },
}
const reason = { type: 'object', required: ['reason'], properties: { reason: { type: 'string' } } }

const paths: PathItems = {
  '/v1/widget/me/requests': {
    get: operation({
      summary: "The member's privacy requests",
      tag: 'privacy requests',
      security: 'publishable',
      responses: { '200': { description: 'Requests', schema: obj } },
    }),
    post: operation({
      rateLimited: true,
      summary:
        'Make a privacy request (access, export, rectify, erase, restrict, object, withdraw consent, human review, inquiry)',
      tag: 'privacy requests',
      security: 'publishable',
      body: {
        type: 'object',
        required: ['type'],
        properties: {
          type: request.properties.type,
          corrections: obj,
          purpose: { type: 'string' },
          reference: { type: 'string' },
          subject: { type: 'string' },
          message: { type: 'string' },
          kind: { enum: ['inquiry', 'complaint'] },
        },
      },
      responses: {
        '201': { description: 'The request', schema: request },
        '409': { description: 'A deletion request is already open' },
      },
    }),
  },
  '/v1/widget/me/data': {
    get: operation({
      summary: 'Everything held about the member, restriction state and complaint authorities',
      tag: 'privacy requests',
      security: 'publishable',
      responses: { '200': { description: 'Member data', schema: obj } },
    }),
  },
  '/v1/widget/me/export': {
    get: operation({
      summary: 'Portable copy of the member data (JSON or CSV)',
      tag: 'privacy requests',
      security: 'publishable',
      query: { format: { enum: ['json', 'csv'] } },
      responses: {
        '200': {
          description: 'Export, valid against /v1/schemas/member-export.json',
          schema: { $ref: '/v1/schemas/member-export.json' },
        },
      },
    }),
  },
  '/v1/schemas/member-export.json': {
    get: operation({
      summary: 'JSON Schema of member exports',
      tag: 'privacy requests',
      security: 'none',
      responses: { '200': { description: 'JSON Schema', schema: obj } },
    }),
  },
  '/v1/admin/requests': {
    get: operation({
      summary: 'Inbox: requests by due date (overdue, due soon), by status and type, paged',
      tag: 'privacy requests',
      security: 'admin',
      query: {
        status: { enum: ['open', 'closed', 'all'] },
        due: { enum: ['overdue', 'soon'] },
        type: request.properties.type,
        page: { type: 'integer', minimum: 1 },
        perPage: { type: 'integer', minimum: 1, maximum: 100 },
      },
      responses: {
        '200': {
          description: 'Requests, earliest due first',
          schema: {
            type: 'object',
            properties: {
              data: { type: 'array', items: inboxRow },
              meta: {
                type: 'object',
                properties: {
                  total: { type: 'integer' },
                  page: { type: 'integer' },
                  perPage: { type: 'integer' },
                  lastPage: { type: 'integer' },
                },
              },
            },
          },
        },
      },
    }),
    post: operation({
      summary: 'Record an e-mail or letter request',
      tag: 'privacy requests',
      security: 'admin',
      body: {
        type: 'object',
        required: ['memberEmail', 'type', 'channel'],
        properties: {
          memberEmail: { type: 'string' },
          type: request.properties.type,
          channel: { enum: ['email', 'letter'] },
          receivedAt: { type: 'string' },
          identityMethod: { type: 'string' },
          details: obj,
        },
      },
      responses: {
        '201': { description: 'The request', schema: request },
        '409': { description: 'A deletion request is already open for this member' },
      },
    }),
  },
  '/v1/admin/requests/{id}': {
    get: operation({
      summary: 'A request with its details, requester and history (audited)',
      tag: 'privacy requests',
      security: 'admin',
      params: ['id'],
      responses: {
        '200': {
          description: 'Request',
          schema: {
            type: 'object',
            properties: {
              ...inboxRow.properties,
              identityMethod: { type: ['string', 'null'] },
              identityVerifiedAt: { type: ['string', 'null'], format: 'date-time' },
              member: { type: ['string', 'null'], description: "The member's ID; null when none matched" },
              details: obj,
              history: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    action: { type: 'string' },
                    at: { type: 'string', format: 'date-time' },
                    actorType: { enum: ['admin', 'api_key', 'member', 'system'] },
                  },
                },
              },
            },
          },
        },
      },
    }),
  },
  '/v1/admin/requests/{id}/acknowledge': {
    post: operation({
      summary: 'Acknowledge: someone is working on it (received → in progress)',
      tag: 'privacy requests',
      security: 'admin',
      params: ['id'],
      responses: {
        '200': { description: 'Request', schema: request },
        '409': { description: 'Identity not verified yet, already being handled, or closed' },
      },
    }),
  },
  '/v1/admin/requests/{id}/verify-identity': {
    post: operation({
      summary: "Record how the requester's identity was checked",
      tag: 'privacy requests',
      security: 'admin',
      params: ['id'],
      body: { type: 'object', required: ['method'], properties: { method: { type: 'string' } } },
      responses: { '200': { description: 'Request', schema: request } },
    }),
  },
  '/v1/admin/requests/{id}/extend': {
    post: operation({
      summary: 'Extend by two months (GDPR only, before the first deadline, with a reason)',
      tag: 'privacy requests',
      security: 'admin',
      params: ['id'],
      body: reason,
      responses: {
        '200': { description: 'Request', schema: request },
        '409': { description: 'Already closed (or, to extend, already extended)' },
      },
    }),
  },
  '/v1/admin/requests/{id}/complete': {
    post: operation({
      summary: 'Complete (applies corrections, erasure, restriction)',
      tag: 'privacy requests',
      security: 'admin',
      params: ['id'],
      body: { type: 'object', properties: { response: { type: 'string' } } },
      responses: {
        '200': { description: 'Request', schema: request },
        '409': { description: 'Already closed, or identity not verified yet' },
      },
    }),
  },
  '/v1/admin/requests/{id}/reject': {
    post: operation({
      summary: 'Reject with a reason (the member is told how to complain)',
      tag: 'privacy requests',
      security: 'admin',
      params: ['id'],
      body: reason,
      responses: {
        '200': { description: 'Request', schema: request },
        '409': { description: 'Already closed (or, to extend, already extended)' },
      },
    }),
  },
}

export default paths
