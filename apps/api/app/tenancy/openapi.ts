import { operation, type PathItems } from '#shared/openapi_operation'

const tenant = { type: 'object', description: 'Tenant settings' }
const key = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { enum: ['publishable', 'secret'] },
    prefix: { type: 'string' },
    label: { type: 'string' },
    publishableKey: {
      type: ['string', 'null'],
      description: 'The key itself, for active publishable keys (public: it is in every partner page)',
    },
    createdAt: { type: 'string', format: 'date-time' },
    lastUsedAt: { type: ['string', 'null'] },
    revokedAt: { type: ['string', 'null'] },
    key: { type: 'string', description: 'Only in the response that created the key' },
  },
}
const admin = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    email: { type: 'string' },
    fullName: { type: 'string' },
    role: { enum: ['owner', 'admin', 'privacy_officer', 'analyst'] },
  },
}

const paths: PathItems = {
  '/v1/admin/sessions': {
    post: operation({
      rateLimited: true,
      summary: 'Sign an admin in',
      tag: 'tenancy',
      security: 'none',
      body: {
        type: 'object',
        required: ['tenant', 'email', 'password'],
        properties: { tenant: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' } },
      },
      responses: { '201': { description: 'Session token (shown once)', schema: { type: 'object' } } },
    }),
  },
  '/v1/admin/session': {
    get: operation({
      summary: 'Who is signed in: role, e-mail, tenant and the permissions of the role',
      tag: 'tenancy',
      security: 'admin',
      responses: {
        '200': {
          description: 'The signed-in admin (a secret key answers as the admin role, e-mail null)',
          schema: {
            type: 'object',
            required: ['role', 'email', 'tenant', 'permissions'],
            properties: {
              role: { enum: ['owner', 'admin', 'privacy_officer', 'analyst'] },
              email: { type: ['string', 'null'] },
              fullName: { type: ['string', 'null'] },
              tenant: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
              permissions: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    }),
  },
  '/v1/admin/sessions/current': {
    delete: operation({
      summary: 'Sign out',
      tag: 'tenancy',
      security: 'admin',
      responses: { '204': { description: 'Signed out' } },
    }),
  },
  '/v1/admin/tenant': {
    get: operation({
      summary: 'Tenant settings',
      tag: 'tenancy',
      security: 'admin',
      responses: { '200': { description: 'Settings (with an ETag header)', schema: tenant } },
    }),
    patch: operation({
      summary:
        'Change tenant settings; with If-Match (the ETag of GET), refused with 412 when they changed since',
      tag: 'tenancy',
      security: 'admin',
      body: tenant,
      responses: {
        '200': { description: 'Updated settings (with the new ETag)', schema: tenant },
        '412': { description: 'Changed by someone else since the If-Match ETag (problem+json)' },
      },
    }),
  },
  '/v1/admin/tenant/logo': {
    put: operation({
      summary: 'Upload the tenant logo (PNG, JPEG or WebP, at most 512 KB); honours If-Match',
      tag: 'tenancy',
      security: 'admin',
      body: { raw: ['image/png', 'image/jpeg', 'image/webp'] },
      responses: {
        '200': { description: 'Stored (with the new settings ETag)', schema: { type: 'object' } },
        '412': { description: 'The settings changed since the If-Match ETag (problem+json)' },
      },
    }),
  },
  '/v1/branding/{tenant}/logo': {
    get: operation({
      summary: 'Public tenant logo',
      tag: 'tenancy',
      security: 'none',
      params: ['tenant'],
      responses: {
        '200': { description: 'Image', schema: { type: 'string', format: 'binary' }, contentType: 'image/*' },
      },
    }),
  },
  '/v1/admin/keys': {
    get: operation({
      summary: 'API keys',
      tag: 'tenancy',
      security: 'admin',
      responses: { '200': { description: 'Keys', schema: { type: 'object' } } },
    }),
    post: operation({
      summary: 'Issue an API key (shown once)',
      tag: 'tenancy',
      security: 'admin',
      body: {
        type: 'object',
        required: ['kind', 'label'],
        properties: { kind: { enum: ['publishable', 'secret'] }, label: { type: 'string' } },
      },
      responses: { '201': { description: 'The new key', schema: key } },
    }),
  },
  '/v1/admin/keys/{id}': {
    delete: operation({
      summary: 'Revoke an API key',
      tag: 'tenancy',
      security: 'admin',
      params: ['id'],
      responses: { '200': { description: 'The revoked key', schema: key } },
    }),
  },
  '/v1/admin/admins': {
    get: operation({
      summary: 'Tenant staff',
      tag: 'tenancy',
      security: 'admin',
      responses: { '200': { description: 'Admins', schema: { type: 'object' } } },
    }),
    post: operation({
      summary: 'Add a staff member',
      tag: 'tenancy',
      security: 'admin',
      body: {
        type: 'object',
        required: ['email', 'fullName', 'role', 'password'],
        properties: {
          email: { type: 'string' },
          fullName: { type: 'string' },
          role: { type: 'string' },
          password: { type: 'string' },
        },
      },
      responses: { '201': { description: 'The new admin', schema: admin } },
    }),
  },
}

export default paths
