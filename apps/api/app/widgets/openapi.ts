import { operation, type PathItems } from '#shared/openapi_operation'

const widgetConfig = {
  type: 'object',
  required: ['tenant', 'locales', 'branding', 'officer', 'features', 'uploads', 'apiVersion'],
  properties: {
    tenant: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        legalName: { type: 'string' },
        country: { type: 'string' },
        website: { type: ['string', 'null'] },
      },
    },
    locales: {
      type: 'object',
      properties: { default: { type: 'string' }, supported: { type: 'array', items: { type: 'string' } } },
    },
    branding: { type: 'object' },
    officer: {
      type: 'object',
      properties: { name: { type: 'string' }, department: { type: 'string' }, email: { type: 'string' } },
    },
    features: { type: 'object', additionalProperties: { type: 'boolean' } },
    uploads: {
      type: 'object',
      description: 'What members may upload: media types, bytes per file, images held at once, hours kept',
      properties: {
        contentTypes: { type: 'array', items: { type: 'string' } },
        maxBytes: { type: 'integer' },
        maxRasterBytes: { type: 'integer', description: 'Limit for PNG and JPEG' },
        maxFiles: { type: 'integer' },
        retentionHours: { type: 'integer' },
      },
    },
    apiVersion: { const: 'v1' },
  },
}

const paths: PathItems = {
  '/v1/widget/config': {
    get: operation({
      summary: "The tenant's branding, locales, privacy officer and enabled features",
      tag: 'widgets',
      security: 'publishable',
      responses: { '200': { description: 'Widget configuration', schema: widgetConfig } },
    }),
  },
  '/widgets/v1/{path}': {
    get: operation({
      summary: 'Built widget files: tessera.js (the loader) and element bundles',
      tag: 'widgets',
      security: 'none',
      params: ['path'],
      responses: {
        '200': { description: 'A script file', schema: { type: 'string' }, contentType: 'text/javascript' },
      },
    }),
  },
}

export default paths
