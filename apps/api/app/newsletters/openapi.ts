import { operation, type Operation, type PathItems } from '#shared/openapi_operation'

const tag = 'newsletters'
const localized = {
  type: 'object',
  required: ['subject', 'body'],
  properties: {
    subject: { type: 'string', maxLength: 200 },
    body: { type: 'string', description: 'Markdown subset: no HTML, no images, https/mailto links only' },
  },
}
const content = { type: 'object', properties: { en: localized, ko: localized } }
const campaign = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    status: { enum: ['draft', 'scheduled', 'sending', 'sent', 'cancelled'] },
    content,
    scheduledAt: { type: ['string', 'null'], format: 'date-time' },
    startedAt: { type: ['string', 'null'], format: 'date-time' },
    finishedAt: { type: ['string', 'null'], format: 'date-time' },
    audienceCount: { type: ['integer', 'null'] },
  },
}
const deliveries = {
  type: 'object',
  description: 'Deliveries by status',
  properties: Object.fromEntries(
    ['queued', 'sending', 'sent', 'failed', 'skipped', 'uncertain'].map((s) => [s, { type: 'integer' }])
  ),
}
const stats = {
  type: 'object',
  properties: {
    campaign: { type: 'string' },
    status: { type: 'string' },
    audience: { type: ['integer', 'null'] },
    deliveries,
    smtpAttempts: { type: 'integer' },
  },
}
const subscription = {
  type: 'object',
  properties: {
    status: { enum: ['none', 'pending', 'confirmed', 'withdrawn'] },
    requestedAt: { type: ['string', 'null'] },
    confirmedAt: { type: ['string', 'null'] },
    timeZone: { type: ['string', 'null'] },
  },
}
const html = { '200': { description: 'HTML page', schema: { type: 'string' }, contentType: 'text/html' } }
const admin = (summary: string, extra: Partial<Parameters<typeof operation>[0]> = {}) =>
  operation({
    summary,
    tag,
    security: 'admin',
    params: ['id'],
    responses: { '200': { description: 'Campaign', schema: campaign } },
    ...extra,
  })

/** The optional If-Match header of an edit, and its 409 (already started) and 412 (changed since) answers. */
function withIfMatch(op: Operation): Operation {
  const problem = { $ref: '#/components/responses/Problem' }
  return {
    ...op,
    parameters: [
      ...((op.parameters as unknown[]) ?? []),
      {
        name: 'If-Match',
        in: 'header',
        required: false,
        description: 'The ETag of the campaign as loaded (GET answers it)',
        schema: { type: 'string' },
      },
    ],
    responses: { ...(op.responses as Record<string, unknown>), '409': problem, '412': problem },
  }
}

const paths: PathItems = {
  '/v1/admin/newsletters/audience': {
    get: operation({
      summary:
        'How many members a campaign would reach now (confirmed opt-in, not restricted, objecting or dormant)',
      tag,
      security: 'admin',
      responses: {
        '200': {
          description: 'Count',
          schema: { type: 'object', properties: { eligible: { type: 'integer' } } },
        },
      },
    }),
  },
  '/v1/admin/newsletters/campaigns': {
    get: operation({
      summary: 'Campaigns, newest first, with their delivery counts',
      tag,
      security: 'admin',
      responses: {
        '200': {
          description: 'Campaigns',
          schema: {
            type: 'object',
            properties: {
              data: {
                type: 'array',
                items: { ...campaign, properties: { ...campaign.properties, deliveries } },
              },
            },
          },
        },
      },
    }),
    post: operation({
      summary: 'Create a draft campaign (subject and Markdown body per locale)',
      tag,
      security: 'admin',
      body: {
        type: 'object',
        required: ['name', 'content'],
        properties: { name: { type: 'string' }, content },
      },
      responses: { '201': { description: 'Draft', schema: campaign } },
    }),
  },
  '/v1/admin/newsletters/campaigns/{id}': {
    get: admin('A campaign with its delivery statistics'),
    patch: withIfMatch(
      admin(
        'Edit a draft or scheduled campaign; with If-Match (the ETag of GET), 412 when someone else changed it since',
        { body: { type: 'object', properties: { name: { type: 'string' }, content } } }
      )
    ),
  },
  '/v1/admin/newsletters/campaigns/{id}/preview': {
    get: admin('The campaign as a member would get it (subject, HTML, text, unsubscribe headers)', {
      query: { locale: { enum: ['en', 'ko'] } },
      responses: { '200': { description: 'Rendered mail', schema: { type: 'object' } } },
    }),
  },
  '/v1/admin/newsletters/campaigns/{id}/test': {
    post: admin('Send the campaign to a staff address, marked as a test', {
      body: {
        type: 'object',
        properties: { to: { type: 'string', format: 'email' }, locale: { enum: ['en', 'ko'] } },
      },
      responses: { '200': { description: 'Sent', schema: { type: 'object' } } },
    }),
  },
  '/v1/admin/newsletters/campaigns/{id}/schedule': {
    post: admin('Schedule the campaign', {
      body: {
        type: 'object',
        required: ['sendAt'],
        properties: { sendAt: { type: 'string', format: 'date-time' } },
      },
    }),
  },
  '/v1/admin/newsletters/campaigns/{id}/send': {
    post: admin('Start sending now (the audience is computed at this moment)', {
      responses: { '202': { description: 'Started', schema: campaign } },
    }),
  },
  '/v1/admin/newsletters/campaigns/{id}/cancel': {
    post: admin('Cancel a campaign; mails not yet sent are skipped'),
  },
  '/v1/admin/newsletters/campaigns/{id}/stats': {
    get: admin('Delivery statistics', { responses: { '200': { description: 'Statistics', schema: stats } } }),
  },
  '/v1/admin/newsletters/campaigns/{id}/recipients': {
    get: admin('Recipients and delivery status (personal data: every read is audited)', {
      query: { page: { type: 'integer' }, perPage: { type: 'integer' } },
      responses: { '200': { description: 'Page of recipients', schema: { type: 'object' } } },
    }),
  },
  '/v1/widget/me/newsletter': {
    get: operation({
      summary: "The member's newsletter subscription",
      tag,
      security: 'publishable',
      responses: { '200': { description: 'Subscription', schema: subscription } },
    }),
    patch: operation({
      summary: "Set the member's time zone (quiet hours)",
      tag,
      security: 'publishable',
      body: {
        type: 'object',
        required: ['timeZone'],
        properties: { timeZone: { type: ['string', 'null'] } },
      },
      responses: { '200': { description: 'Subscription', schema: subscription } },
    }),
  },
  '/newsletter/{tenant}/confirm/{token}': {
    get: operation({
      summary: 'Confirmation page (changes nothing)',
      tag,
      security: 'none',
      params: ['tenant', 'token'],
      responses: html,
    }),
    post: operation({
      summary: 'Confirm the opt-in (single use, expiring)',
      tag,
      security: 'none',
      params: ['tenant', 'token'],
      body: { raw: ['application/x-www-form-urlencoded'] },
      responses: { '200': { description: 'Confirmed', schema: { type: 'object' } } },
    }),
  },
  '/newsletter/{tenant}/unsubscribe/{token}': {
    get: operation({
      summary: 'Unsubscribe page (changes nothing by itself)',
      tag,
      security: 'none',
      params: ['tenant', 'token'],
      responses: html,
    }),
    post: operation({
      summary: 'RFC 8058 one-click unsubscribe: body List-Unsubscribe=One-Click; idempotent, no cookies',
      tag,
      security: 'none',
      params: ['tenant', 'token'],
      body: { raw: ['application/x-www-form-urlencoded', 'multipart/form-data'] },
      responses: { '200': { description: 'Unsubscribed', schema: { type: 'object' } } },
    }),
  },
}

export default paths
