import { createHmac } from 'node:crypto'
import encryption from '@adonisjs/core/services/encryption'
import env from '#start/env'

/**
 * Personal data at rest: every identifying field of a member is stored encrypted (AES-256-GCM,
 * purpose-bound, so a value copied into another column does not decrypt). E-mail is also stored as
 * a keyed hash, so a member can be found by e-mail without decrypting every row.
 */
export function encryptField(purpose: string) {
  return {
    prepare: (value: string | null) =>
      value === null || value === undefined ? null : encryption.encrypt(value, { purpose }),
    consume: (value: string | null) =>
      value === null || value === undefined ? null : (encryption.decrypt<string>(value, purpose) ?? null),
  }
}

const lookupKey = createHmac('sha256', 'tessera:member-email-lookup')
  .update(env.get('APP_KEY').release())
  .digest()

export function emailLookupHash(email: string): string {
  return createHmac('sha256', lookupKey).update(email.trim().toLowerCase()).digest('hex')
}
