import { operation, type PathItems } from '#shared/openapi_operation'

const page = {
  '200': {
    description: 'The console page (index.html)',
    schema: { type: 'string' },
    contentType: 'text/html',
  },
}

const paths: PathItems = {
  '/console': {
    get: operation({
      summary: 'The tenant admin console (a single-page app; signs in with POST /v1/admin/sessions)',
      tag: 'console',
      security: 'none',
      responses: page,
    }),
  },
  '/console/{path}': {
    get: operation({
      summary: 'Built console files; any path without a file extension is a page and answers index.html',
      tag: 'console',
      security: 'none',
      params: ['path'],
      responses: page,
    }),
  },
}

export default paths
