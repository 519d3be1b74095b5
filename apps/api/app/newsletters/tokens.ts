import { DateTime } from 'luxon'
import clock, { sqlDateTime } from '#shared/clock'
import { randomBase62, sha256Hex } from '#shared/crypto'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import NewsletterToken, { type NewsletterTokenKind } from '#newsletters/newsletter_token'

const PREFIX: Record<NewsletterTokenKind, string> = { confirm: 'nc_', unsubscribe: 'nu_' }
/** Confirmation links are short-lived and single use; unsubscribe links keep working for a year. */
export const LIFETIME_HOURS: Record<NewsletterTokenKind, number> = { confirm: 72, unsubscribe: 366 * 24 }

/** 40 base62 characters (≈238 bits) per token; only the SHA-256 is stored. */
export default class NewsletterTokens {
  async issue(
    member: { id: number; tenantId: number },
    kind: NewsletterTokenKind,
    trx?: TransactionClientContract
  ): Promise<{ token: string; expiresAt: DateTime }> {
    const token = PREFIX[kind] + randomBase62(40)
    const now = DateTime.fromJSDate(clock.now())
    const expiresAt = now.plus({ hours: LIFETIME_HOURS[kind] })
    await NewsletterToken.create(
      {
        tenantId: member.tenantId,
        memberId: member.id,
        kind,
        tokenHash: sha256Hex(token),
        expiresAt,
        createdAt: now,
      },
      { client: trx }
    )
    return { token, expiresAt }
  }

  /** The live token row (not expired, and for confirmations not used), or null. Never says why. */
  async find(token: unknown, kind: NewsletterTokenKind): Promise<NewsletterToken | null> {
    if (typeof token !== 'string' || !token.startsWith(PREFIX[kind]) || token.length !== 43) return null
    const row = await NewsletterToken.query()
      .where({ token_hash: sha256Hex(token), kind })
      .first()
    if (!row || row.expiresAt <= DateTime.fromJSDate(clock.now())) return null
    if (kind === 'confirm' && row.usedAt) return null
    return row
  }

  /** Marks a confirmation used; only one caller can (a replay finds nothing to update). */
  async consume(row: NewsletterToken, trx?: TransactionClientContract): Promise<boolean> {
    const updated = await NewsletterToken.query({ client: trx })
      .where('id', row.id)
      .whereNull('used_at')
      .update({ used_at: await sqlDateTime(DateTime.fromJSDate(clock.now())) })
    return Number(Array.isArray(updated) ? updated[0] : updated) === 1
  }

  /** Voids a member's open confirmation links (after an opt-out). */
  async voidConfirmations(memberId: number, trx?: TransactionClientContract) {
    await NewsletterToken.query({ client: trx })
      .where({ member_id: memberId, kind: 'confirm' })
      .whereNull('used_at')
      .update({ used_at: await sqlDateTime(DateTime.fromJSDate(clock.now())) })
  }
}
