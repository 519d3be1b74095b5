import { operation, type PathItems } from '#shared/openapi_operation'

const analysis = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    status: { enum: ['queued', 'preprocessing', 'running', 'postprocessing', 'done', 'failed', 'purged'] },
    model: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string' } } },
    error: { type: ['string', 'null'] },
    summary: {
      type: ['object', 'null'],
      description:
        'kind, labels, scores (share of the image per label, or class scores), width, height, timings',
    },
    createdAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: ['string', 'null'], format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
  },
}

const model = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    version: { type: 'string' },
    sha256: { type: 'string' },
    size: { type: 'integer' },
    active: { type: 'boolean' },
    manifest: { type: 'object' },
  },
}

const paths: PathItems = {
  '/v1/widget/me/uploads/{id}/analyses': {
    post: operation({
      summary: "Analyse the image with the tenant's model (needs the imaging consent; idempotent per model)",
      tag: 'inference',
      security: 'publishable',
      params: ['id'],
      responses: {
        '202': { description: 'Queued (or the existing analysis)', schema: analysis },
        '409': { description: 'No imaging consent, or processing restricted' },
        '410': { description: 'The image was already deleted' },
      },
    }),
  },
  '/v1/widget/me/analyses/{id}': {
    get: operation({
      summary: 'An analysis: its stage, and its summary when done (poll this when events are unavailable)',
      tag: 'inference',
      security: 'publishable',
      params: ['id'],
      responses: { '200': { description: 'Analysis', schema: analysis } },
    }),
  },
  '/v1/widget/me/analyses/{id}/events': {
    get: operation({
      summary: 'Server-sent events (`event: analysis`) with each change of stage, until finished',
      tag: 'inference',
      security: 'publishable',
      params: ['id'],
      responses: {
        '200': {
          description: 'text/event-stream',
          schema: { type: 'string' },
          contentType: 'text/event-stream',
        },
      },
    }),
  },
  '/v1/widget/me/analyses/{id}/mask': {
    get: operation({
      summary: 'The result mask as a PNG at the image size (white: found), decrypted, no-store',
      tag: 'inference',
      security: 'publishable',
      params: ['id'],
      responses: {
        '200': { description: 'PNG', schema: { type: 'string', format: 'binary' }, contentType: 'image/png' },
      },
    }),
  },
  '/v1/admin/models': {
    get: operation({
      summary: "The tenant's models, the platform default, and which one new analyses use",
      tag: 'inference',
      security: 'admin',
      responses: { '200': { description: 'Models', schema: { type: 'object' } } },
    }),
    post: operation({
      summary:
        'Register a model: multipart `model` (.onnx) and `manifest` (JSON); loaded, checked and dry-run first',
      tag: 'inference',
      security: 'admin',
      body: { raw: ['multipart/form-data'] },
      responses: {
        '201': { description: 'Registered (inactive)', schema: model },
        '409': { description: 'This name and version exist' },
        '422': { description: 'Refused, with the field and the reason' },
      },
    }),
  },
  '/v1/admin/models/{id}/activate': {
    post: operation({
      summary: 'Use this model for new analyses (the previous one is deactivated)',
      tag: 'inference',
      security: 'admin',
      params: ['id'],
      responses: { '200': { description: 'Activated', schema: model } },
    }),
  },
  '/v1/admin/models/{id}/deactivate': {
    post: operation({
      summary: 'Stop using this model (the platform default runs when none is active)',
      tag: 'inference',
      security: 'admin',
      params: ['id'],
      responses: { '200': { description: 'Deactivated', schema: model } },
    }),
  },
}

export default paths
