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
}

export default paths
