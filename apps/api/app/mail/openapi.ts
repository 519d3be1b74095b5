import { operation, type PathItems } from '#shared/openapi_operation'

const paths: PathItems = {
  '/v1/admin/mail/test': {
    post: operation({
      summary: 'Queue a branded test e-mail',
      tag: 'mail',
      security: 'admin',
      body: {
        type: 'object',
        properties: { to: { type: 'string', format: 'email' }, locale: { enum: ['en', 'ko'] } },
      },
      responses: { '202': { description: 'Queued', schema: { type: 'object' } } },
    }),
  },
}

export default paths
