import { DateTime } from 'luxon'
import clock, { sqlDateTime } from '#shared/clock'
import { randomBase62, sha256Hex } from '#shared/crypto'
import MemberToken, { type MemberTokenKind } from '#members/member_token'
import Member from '#members/member'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

const LIFETIME_MINUTES: Record<MemberTokenKind, number> = {
  verify: 24 * 60,
  sign_in: 15,
  session: 30 * 24 * 60,
}
const PREFIX: Record<MemberTokenKind, string> = { verify: 'mv_', sign_in: 'ml_', session: 'mt_' }

/** Issues and redeems member tokens: e-mail links are single use and short-lived; sessions expire. */
export default class MemberTokensService {
  async issue(member: Member, kind: MemberTokenKind, trx?: TransactionClientContract): Promise<string> {
    const plaintext = PREFIX[kind] + randomBase62(40)
    const now = DateTime.fromJSDate(clock.now())
    await MemberToken.create(
      {
        tenantId: member.tenantId,
        memberId: member.id,
        kind,
        tokenHash: sha256Hex(plaintext),
        expiresAt: now.plus({ minutes: LIFETIME_MINUTES[kind] }),
        createdAt: now,
      },
      { client: trx }
    )
    return plaintext
  }

  /**
   * The member a token belongs to, or null when unknown, of another kind, expired or (for links)
   * already used. Redeeming a link marks it used in the same step.
   */
  async redeem(plaintext: string, kind: MemberTokenKind): Promise<Member | null> {
    if (typeof plaintext !== 'string' || !plaintext.startsWith(PREFIX[kind]) || plaintext.length > 64)
      return null
    const token = await MemberToken.query()
      .where('token_hash', sha256Hex(plaintext))
      .where('kind', kind)
      .first()
    const now = DateTime.fromJSDate(clock.now())
    if (!token || token.expiresAt <= now || token.usedAt) return null
    if (kind !== 'session') {
      // Only one request can flip used_at from null: a replayed link finds nothing to update.
      const updated = await MemberToken.query()
        .where('id', token.id)
        .whereNull('used_at')
        .update({ used_at: await sqlDateTime(now) })
      if (Number(Array.isArray(updated) ? updated[0] : updated) !== 1) return null
    }
    return Member.find(token.memberId)
  }

  async revokeSession(plaintext: string) {
    await MemberToken.query()
      .where('token_hash', sha256Hex(plaintext))
      .where('kind', 'session')
      .update({ used_at: await sqlDateTime(DateTime.fromJSDate(clock.now())) })
  }
}
