import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { inject } from '@adonisjs/core'
import { DateTime } from 'luxon'
import clock from '#shared/clock'
import { problems } from '#shared/problem'
import MemberTokensService from '#members/member_tokens_service'
import type Member from '#members/member'
import UsageService from '#lifecycle/usage_service'

declare module '@adonisjs/core/http' {
  interface HttpContext {
    member: Member
    memberToken: string
  }
}

/**
 * Member endpoints (behind the widget key middleware): `Authorization: Bearer mt_…`, a session from
 * an e-mail link or a partner identity token. Withdrawn and dormant members have no session.
 */
@inject()
export default class MemberAuthMiddleware {
  constructor(
    private tokens: MemberTokensService,
    private usage: UsageService
  ) {}

  async handle(ctx: HttpContext, next: NextFn) {
    const bearer = /^Bearer\s+(mt_\S+)$/i.exec(ctx.request.header('authorization') ?? '')?.[1]
    if (!bearer)
      throw problems.unauthenticated('Sign in first: send the member session token as a Bearer token.')
    const member = await this.tokens.redeem(bearer, 'session')
    if (
      !member ||
      member.status === 'withdrawn' ||
      member.status === 'pending' ||
      member.status === 'dormant'
    ) {
      throw problems.unauthenticated('The session is unknown or expired. Sign in again.')
    }
    const now = DateTime.fromJSDate(clock.now())
    if (!member.lastActiveAt || now.diff(member.lastActiveAt, 'hours').hours >= 1) {
      member.lastActiveAt = now
      await member.save()
    }
    ctx.member = member
    ctx.memberToken = bearer
    await next()
    // Usage records (action, IP, time) of what the member did; see app/lifecycle.
    await this.usage.recordRequest(ctx)
  }
}
