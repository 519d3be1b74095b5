import { operation, type PathItems } from '#shared/openapi_operation'

const obj = { type: 'object' }
const session = { type: 'object', properties: { session: { type: 'string' }, member: obj } }
const token = { type: 'object', required: ['token'], properties: { token: { type: 'string' } } }

const paths: PathItems = {
  '/v1/widget/members': {
    post: operation({
      rateLimited: true,
      summary: 'Register with consent (pending until the e-mailed link is used); always 202',
      tag: 'members',
      security: 'publishable',
      body: {
        type: 'object',
        required: [
          'firstName',
          'lastName',
          'nationality',
          'email',
          'locale',
          'policyVersion',
          'consents',
          'returnUrl',
        ],
        properties: {
          firstName: { type: 'string' },
          lastName: { type: 'string' },
          company: { type: 'string' },
          nationality: { type: 'string', description: 'ISO 3166-1 alpha-2' },
          email: { type: 'string', format: 'email' },
          locale: { enum: ['en', 'ko'] },
          policyVersion: { type: 'string' },
          consents: {
            type: 'array',
            items: {
              type: 'object',
              properties: { purpose: { type: 'string' }, granted: { type: 'boolean' } },
            },
          },
          returnUrl: { type: 'string', format: 'uri' },
        },
      },
      responses: { '202': { description: 'A link is on its way', schema: obj } },
    }),
  },
  '/v1/widget/members/verify': {
    post: operation({
      rateLimited: true,
      summary: 'Use a verification link: activates the account',
      tag: 'members',
      security: 'publishable',
      body: token,
      responses: {
        '201': { description: 'Session', schema: session },
        '410': { description: 'Used or expired' },
      },
    }),
  },
  '/v1/widget/sessions/link': {
    post: operation({
      rateLimited: true,
      summary: 'Ask for a sign-in link by e-mail; always 202',
      tag: 'members',
      security: 'publishable',
      body: {
        type: 'object',
        required: ['email', 'returnUrl'],
        properties: {
          email: { type: 'string' },
          locale: { enum: ['en', 'ko'] },
          returnUrl: { type: 'string' },
        },
      },
      responses: {
        '202': { description: 'A link is on its way (if the address has an account)', schema: obj },
      },
    }),
  },
  '/v1/widget/sessions': {
    post: operation({
      rateLimited: true,
      summary: 'Use a sign-in link',
      tag: 'members',
      security: 'publishable',
      body: token,
      responses: {
        '201': { description: 'Session', schema: session },
        '410': { description: 'Used or expired' },
      },
    }),
  },
  '/v1/widget/sessions/identity': {
    post: operation({
      rateLimited: true,
      summary: "Exchange a partner's signed identity token for a session",
      tag: 'members',
      security: 'publishable',
      body: token,
      responses: { '201': { description: 'Session', schema: session } },
    }),
  },
  '/v1/widget/sessions/current': {
    delete: operation({
      summary: 'Sign out',
      tag: 'members',
      security: 'publishable',
      responses: { '204': { description: 'Signed out' } },
    }),
  },
  '/v1/widget/me': {
    get: operation({
      summary: 'The signed-in member',
      tag: 'members',
      security: 'publishable',
      responses: { '200': { description: 'Member', schema: obj } },
    }),
  },
  '/v1/admin/identity-secret': {
    post: operation({
      summary: 'Create or rotate the identity-token secret (shown once)',
      tag: 'members',
      security: 'admin',
      responses: { '201': { description: 'Secret', schema: obj } },
    }),
  },
  '/v1/admin/members': {
    get: operation({
      summary:
        'Find members by a whole e-mail address (keyed hash) or member id; no substring search over encrypted data. Audited with the kind of query, never the query',
      tag: 'members',
      security: 'admin',
      query: {
        q: { type: 'string', minLength: 1, maxLength: 320, description: 'An e-mail address or mb_… id' },
        page: { type: 'integer', minimum: 1, maximum: 1000 },
        perPage: { type: 'integer', minimum: 1, maximum: 100 },
      },
      responses: {
        '200': {
          description: 'Matches (id, status, created, last active; no personal data) and paging',
          schema: {
            type: 'object',
            required: ['kind', 'data', 'meta'],
            properties: {
              kind: { enum: ['email', 'id'] },
              data: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    status: { enum: ['pending', 'active', 'restricted', 'dormant', 'withdrawn'] },
                    createdAt: { type: 'string', format: 'date-time' },
                    lastActiveAt: { type: ['string', 'null'], format: 'date-time' },
                  },
                },
              },
              meta: {
                type: 'object',
                properties: {
                  page: { type: 'integer' },
                  perPage: { type: 'integer' },
                  total: { type: 'integer' },
                },
              },
            },
          },
        },
      },
    }),
  },
  '/v1/admin/members/{id}': {
    get: operation({
      summary:
        "A member's profile for staff: name, e-mail, status, consents per purpose, privacy requests, upload metadata (audited). A dormant member shows the status only",
      tag: 'members',
      security: 'admin',
      params: ['id'],
      query: { locale: { type: 'string', enum: ['en', 'ko'] } },
      responses: {
        '200': {
          description: 'The profile (personal, consents, requests and uploads are null while dormant)',
          schema: {
            type: 'object',
            required: ['id', 'status', 'separated'],
            properties: {
              id: { type: 'string' },
              status: { type: 'string' },
              separated: { type: 'boolean' },
              createdAt: { type: 'string', format: 'date-time' },
              lastActiveAt: { type: ['string', 'null'] },
              dormantAt: { type: ['string', 'null'] },
              locale: { type: ['string', 'null'] },
              personal: { type: ['object', 'null'] },
              consents: { type: ['object', 'null'] },
              requests: { type: ['array', 'null'] },
              uploads: { type: ['array', 'null'] },
            },
          },
        },
      },
    }),
  },
}

export default paths
