import type ConsentEvent from '#consent/consent_event'

/** JSON Schema of a member's consent proof (published at /v1/schemas/consent-proof.json). */
export const CONSENT_PROOF_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://tessera.dev/schemas/consent-proof.json',
  title: 'Tessera consent proof',
  type: 'object',
  required: ['tenant', 'subject', 'generatedAt', 'chain', 'events'],
  additionalProperties: false,
  properties: {
    tenant: { type: 'string', pattern: '^tn_' },
    subject: {
      type: 'object',
      required: ['type', 'id'],
      additionalProperties: false,
      properties: { type: { enum: ['member', 'visitor'] }, id: { type: 'string' } },
    },
    generatedAt: { type: 'string', format: 'date-time' },
    chain: {
      type: 'object',
      required: ['verified', 'head', 'events'],
      additionalProperties: false,
      properties: {
        verified: { type: 'boolean' },
        head: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        events: { type: 'integer', minimum: 0 },
      },
    },
    events: { type: 'array', items: { $ref: '#/$defs/event' } },
  },
  $defs: {
    event: {
      type: 'object',
      required: [
        'seq',
        'target',
        'action',
        'policyVersion',
        'textHash',
        'source',
        'gpc',
        'occurredAt',
        'detailsHash',
        'details',
        'prevHash',
        'hash',
      ],
      additionalProperties: false,
      properties: {
        seq: { type: 'integer', minimum: 1 },
        target: {
          type: 'object',
          required: ['type', 'key'],
          additionalProperties: false,
          properties: { type: { enum: ['purpose', 'cookie_category'] }, key: { type: 'string' } },
        },
        action: { enum: ['grant', 'deny', 'withdraw'] },
        policyVersion: { type: ['string', 'null'] },
        textHash: { type: ['string', 'null'] },
        source: { type: 'string' },
        detailsHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        details: {
          description: 'IP and user agent with the salt of their hash; null once erased',
          oneOf: [
            { type: 'null' },
            {
              type: 'object',
              required: ['salt', 'ip', 'userAgent'],
              additionalProperties: false,
              properties: {
                salt: { type: 'string' },
                ip: { type: ['string', 'null'] },
                userAgent: { type: ['string', 'null'] },
              },
            },
          ],
        },
        gpc: { type: 'boolean' },
        occurredAt: { type: 'string', format: 'date-time' },
        prevHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      },
    },
  },
} as const

/** One ledger event as exported: everything its hash covers, so a third party can recompute it. */
export function exportEvent(
  e: ConsentEvent,
  details: { salt: string; ip: string | null; userAgent: string | null } | undefined
) {
  return {
    seq: e.seq,
    target: { type: e.targetType, key: e.targetKey },
    action: e.action,
    policyVersion: e.policyVersion,
    textHash: e.textHash,
    source: e.source,
    detailsHash: e.detailsHash,
    details: details ?? null,
    gpc: e.gpc,
    occurredAt: e.occurredAt.toUTC().toISO()!,
    prevHash: e.prevHash,
    hash: e.hash,
  }
}
