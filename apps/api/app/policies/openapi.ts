import { operation, type PathItems } from '#shared/openapi_operation'

const version = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    label: { type: 'string' },
    status: { enum: ['draft', 'scheduled', 'effective', 'superseded'] },
    postedAt: { type: ['string', 'null'], format: 'date-time' },
    effectiveAt: { type: ['string', 'null'], format: 'date-time' },
    significant: { type: ['boolean', 'null'] },
    summary: {},
  },
}
const locale = { locale: { enum: ['en', 'ko'] } }

const paths: PathItems = {
  '/v1/admin/policy/versions': {
    get: operation({
      summary: 'All policy versions, drafts included',
      tag: 'policies',
      security: 'admin',
      responses: { '200': { description: 'Versions', schema: { type: 'object' } } },
    }),
    post: operation({
      summary: 'Create a draft (copy of the latest published version, or the default template)',
      tag: 'policies',
      security: 'admin',
      body: {
        type: 'object',
        properties: { basedOn: { enum: ['latest', 'default'] }, label: { type: 'string' } },
      },
      responses: { '201': { description: 'The draft with its content', schema: version } },
    }),
  },
  '/v1/admin/policy/versions/{id}': {
    get: operation({
      summary: 'A version with its content',
      tag: 'policies',
      security: 'admin',
      params: ['id'],
      responses: {
        '200': { description: 'Version, with its ETag (send it as If-Match when editing)', schema: version },
      },
    }),
    patch: operation({
      summary: 'Edit a draft (published versions answer 409; a stale If-Match answers 412)',
      tag: 'policies',
      security: 'admin',
      params: ['id'],
      body: {
        type: 'object',
        description: 'label, refreshFromTenant, prose {en,ko}, items, purposes, cookieCategories',
      },
      responses: {
        '200': { description: 'Updated draft', schema: version },
        '409': { description: 'Published versions are immutable' },
        '412': { description: 'The draft changed since the If-Match ETag was read' },
      },
    }),
  },
  '/v1/admin/policy/versions/{id}/preview': {
    get: operation({
      summary: 'Rendered preview (html, text or markdown) and settings drift',
      tag: 'policies',
      security: 'admin',
      params: ['id'],
      query: { ...locale, format: { enum: ['html', 'text', 'markdown'] } },
      responses: { '200': { description: 'Preview', schema: { type: 'object' } } },
    }),
  },
  '/v1/admin/policy/versions/{id}/diff': {
    get: operation({
      summary: 'Changes against the latest published version',
      tag: 'policies',
      security: 'admin',
      params: ['id'],
      query: locale,
      responses: { '200': { description: 'Diff', schema: { type: 'object' } } },
    }),
  },
  '/v1/admin/policy/versions/{id}/publication': {
    get: operation({
      summary:
        'What publishing the draft now would mean: significance, earliest effective date, notice recipients',
      tag: 'policies',
      security: 'admin',
      params: ['id'],
      responses: {
        '200': {
          description: 'Publication facts',
          schema: {
            type: 'object',
            properties: {
              against: { type: ['string', 'null'] },
              significant: { type: 'boolean' },
              noticeDays: { type: 'integer' },
              earliestEffectiveAt: { type: 'string', format: 'date-time' },
              unchanged: { type: 'boolean' },
              notifies: { type: 'boolean' },
              recipients: { type: 'integer' },
              asOf: { type: 'string', format: 'date-time' },
            },
          },
        },
        '409': { description: 'Already published' },
      },
    }),
  },
  '/v1/admin/policy/versions/{id}/publish': {
    post: operation({
      summary: 'Publish a draft with an effective date (7 days ahead at least; 30 when significant)',
      tag: 'policies',
      security: 'admin',
      params: ['id'],
      body: {
        type: 'object',
        required: ['effectiveAt'],
        properties: { effectiveAt: { type: 'string', format: 'date-time' }, ...locale },
      },
      responses: {
        '200': { description: 'Published version', schema: version },
        '409': { description: 'Already published' },
        '412': { description: 'The draft changed since the If-Match ETag was read' },
      },
    }),
  },
  '/v1/widget/policy': {
    get: operation({
      summary: 'Current and upcoming version, fresh-consent purposes',
      tag: 'policies',
      security: 'publishable',
      query: locale,
      responses: { '200': { description: 'Timeline', schema: { type: 'object' } } },
    }),
  },
  '/v1/widget/policy/versions': {
    get: operation({
      summary: 'Archive of published versions',
      tag: 'policies',
      security: 'publishable',
      query: locale,
      responses: { '200': { description: 'Versions', schema: { type: 'object' } } },
    }),
  },
  '/v1/widget/policy/versions/{id}': {
    get: operation({
      summary: 'A published version rendered as sanitised HTML with its table of contents',
      tag: 'policies',
      security: 'publishable',
      params: ['id'],
      query: locale,
      responses: { '200': { description: 'Rendered version', schema: { type: 'object' } } },
    }),
  },
  '/v1/widget/policy/diff': {
    get: operation({
      summary: 'Changes between two published versions',
      tag: 'policies',
      security: 'publishable',
      query: { from: { type: 'string' }, to: { type: 'string' }, ...locale },
      responses: { '200': { description: 'Diff', schema: { type: 'object' } } },
    }),
  },
  '/policy/{tenant}': {
    get: operation({
      summary: 'Hosted page: the policy in effect',
      tag: 'policies',
      security: 'none',
      params: ['tenant'],
      query: { lang: { enum: ['en', 'ko'] } },
      responses: {
        '200': { description: 'HTML page', schema: { type: 'string' }, contentType: 'text/html' },
      },
    }),
  },
  '/policy/{tenant}/upcoming': {
    get: operation({
      summary: 'Hosted page: the upcoming version with what changes',
      tag: 'policies',
      security: 'none',
      params: ['tenant'],
      query: { lang: { enum: ['en', 'ko'] } },
      responses: {
        '200': { description: 'HTML page', schema: { type: 'string' }, contentType: 'text/html' },
      },
    }),
  },
  '/policy/{tenant}/versions/{id}': {
    get: operation({
      summary: 'Hosted page: any published version',
      tag: 'policies',
      security: 'none',
      params: ['tenant', 'id'],
      query: { lang: { enum: ['en', 'ko'] } },
      responses: {
        '200': { description: 'HTML page', schema: { type: 'string' }, contentType: 'text/html' },
      },
    }),
  },
}

export default paths
