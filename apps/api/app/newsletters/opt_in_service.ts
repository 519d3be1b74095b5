import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import app from '@adonisjs/core/services/app'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { appUrl } from '#config/app'
import clock, { sqlDateTime } from '#shared/clock'
import { ProblemError } from '#shared/problem'
import Tenant from '#tenancy/tenant'
import Member from '#members/member'
import TenantMailer from '#mail/tenant_mailer'
import { mailLocale } from '#mail/layout'
import type { ConsentAction, ConsentSource } from '#consent/consent_event'
import ConsentService, { type RequestMeta } from '#consent/consent_service'
import LedgerService from '#consent/ledger_service'
import NewsletterSubscription from '#newsletters/subscription'
import NewsletterTokens from '#newsletters/tokens'
import { CONFIRMATION_SOURCE, MARKETING } from '#newsletters/audience'
import { confirmMail, optedInMail, optedOutMail } from '#newsletters/copy'

/** Sources the newsletter writes itself; the ledger hook does not react to them. */
export const UNSUBSCRIBE_SOURCE = 'unsubscribe'
/** The marketing consent is recalled to the member this often after the opt-in. */
export const RECONFIRM_AFTER = { years: 2 }

export const linkUrls = {
  confirm: (tenant: Tenant, token: string) => `${appUrl}/newsletter/${tenant.publicId}/confirm/${token}`,
  unsubscribe: (tenant: Tenant, token: string) =>
    `${appUrl}/newsletter/${tenant.publicId}/unsubscribe/${token}`,
}

export function invalidLink(): ProblemError {
  return new ProblemError(
    410,
    'link-invalid',
    'Link not valid',
    'This link is unknown, expired or already used.',
    [{ field: 'token', message: 'Unknown, expired or already used', rule: 'token' }]
  )
}

async function sqlNow() {
  return sqlDateTime(DateTime.fromJSDate(clock.now()))
}

/**
 * Double opt-in for the marketing purpose. A grant of `marketing` (widget, registration) only asks:
 * the member gets a single-use, expiring confirmation link, and only the click writes the grant that
 * counts (ledger source `double_opt_in`). Every opt-in and opt-out that changes something is
 * confirmed to the member by a service e-mail.
 */
export default class OptInService {
  private tokens = new NewsletterTokens()
  private mailer = new TenantMailer()

  /** Called by ConsentService after it appended marketing decisions (inside `trx` when given). */
  async afterDecision(
    member: Member,
    action: ConsentAction,
    source: ConsentSource,
    trx?: TransactionClientContract
  ): Promise<void> {
    if (source === CONFIRMATION_SOURCE) return
    const now = DateTime.fromJSDate(clock.now())
    // Inside the caller's transaction: on SQLite (one connection) a query beside it would wait forever.
    const tenant = await Tenant.findOrFail(member.tenantId, { client: trx })
    const later = (work: () => Promise<void>) => (trx ? trx.after('commit', work) : work())

    if (action === 'grant') {
      const existing = await NewsletterSubscription.query({ client: trx })
        .where('member_id', member.id)
        .first()
      if (existing?.status === 'confirmed') return
      if (existing) {
        existing.merge({ status: 'pending', requestedAt: now, withdrawnAt: null })
        if (trx) existing.useTransaction(trx)
        await existing.save()
      } else {
        await NewsletterSubscription.create(
          { tenantId: member.tenantId, memberId: member.id, status: 'pending', requestedAt: now },
          { client: trx }
        )
      }
      await this.tokens.voidConfirmations(member.id, trx)
      const { token, expiresAt } = await this.tokens.issue(member, 'confirm', trx)
      const locale = mailLocale(tenant, member.locale)
      await later(() =>
        this.mailer.send(tenant, {
          to: member.email,
          locale,
          content: confirmMail(tenant, locale, linkUrls.confirm(tenant, token), expiresAt.toJSDate()),
        })
      )
      return
    }

    // deny or withdraw: an opt-out when a subscription (pending or confirmed) stood.
    const changed = await NewsletterSubscription.query({ client: trx })
      .where('member_id', member.id)
      .whereNot('status', 'withdrawn')
      .update({ status: 'withdrawn', withdrawn_at: await sqlNow(), updated_at: await sqlNow() })
    await this.tokens.voidConfirmations(member.id, trx)
    if (Number(Array.isArray(changed) ? changed[0] : changed) !== 1) return
    const locale = mailLocale(tenant, member.locale)
    await later(() =>
      this.mailer.send(tenant, {
        to: member.email,
        locale,
        content: optedOutMail(tenant, locale, now.toJSDate()),
      })
    )
  }

  /** The confirmation link: single use, expiring; writes the grant that counts. */
  async confirm(tenant: Tenant, token: unknown, meta: RequestMeta): Promise<Member> {
    const row = await this.tokens.find(token, 'confirm')
    if (!row) throw invalidLink()
    const member = await Member.find(row.memberId)
    if (!member || member.status === 'withdrawn') throw invalidLink()
    const consent = await app.container.make(ConsentService)
    const now = DateTime.fromJSDate(clock.now())
    await db.transaction(async (trx) => {
      if (!(await this.tokens.consume(row, trx))) throw invalidLink()
      await consent.decide(
        member,
        [{ purpose: MARKETING, action: 'grant' }],
        CONFIRMATION_SOURCE,
        meta,
        undefined,
        '',
        trx
      )
      await NewsletterSubscription.query({ client: trx })
        .where('member_id', member.id)
        .update({
          status: 'confirmed',
          confirmed_at: await sqlNow(),
          withdrawn_at: null,
          reconfirm_due_at: await sqlDateTime(now.plus(RECONFIRM_AFTER)),
          updated_at: await sqlNow(),
        })
    })
    const { token: unsubscribe } = await this.tokens.issue(member, 'unsubscribe')
    const locale = mailLocale(tenant, member.locale)
    await this.mailer.send(tenant, {
      to: member.email,
      locale,
      content: optedInMail(tenant, locale, now.toJSDate(), linkUrls.unsubscribe(tenant, unsubscribe)),
    })
    return member
  }

  /**
   * Unsubscribe link or one-click POST: withdraws the marketing consent at once. Idempotent: a
   * member already out is left as is (and told nothing twice).
   */
  async unsubscribe(token: unknown, meta: RequestMeta): Promise<{ changed: boolean }> {
    const row = await this.tokens.find(token, 'unsubscribe')
    if (!row) throw invalidLink()
    const member = await Member.find(row.memberId)
    if (!member) throw invalidLink()
    const state = (await new LedgerService().currentState('member', member.publicId)).get(
      `purpose:${MARKETING}`
    )
    if (state?.action !== 'grant') {
      await this.afterDecision(member, 'withdraw', UNSUBSCRIBE_SOURCE as ConsentSource)
      return { changed: false }
    }
    const consent = await app.container.make(ConsentService)
    await consent.decide(
      member,
      [{ purpose: MARKETING, action: 'withdraw' }],
      UNSUBSCRIBE_SOURCE as ConsentSource,
      meta,
      undefined,
      ''
    )
    return { changed: true }
  }

  /** The member's newsletter state, for the privacy center. */
  async status(member: Member) {
    const sub = await NewsletterSubscription.query().where('member_id', member.id).first()
    return {
      status: sub?.status ?? 'none',
      requestedAt: sub?.requestedAt?.toUTC().toISO() ?? null,
      confirmedAt: sub?.confirmedAt?.toUTC().toISO() ?? null,
      timeZone: member.timeZone,
    }
  }
}
