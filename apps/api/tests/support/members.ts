import app from '@adonisjs/core/services/app'
import type { ApiClient } from '@japa/api-client'
import { tenantWithPolicy, type TestTenant } from '#tests/support/policies'
import { withTenant } from '#tenancy/tenant_context'
import type Member from '#members/member'
import MemberService from '#members/member_service'
import MemberTokensService from '#members/member_tokens_service'
import ConsentService from '#consent/consent_service'

export type Signed = { t: TestTenant; member: Member; session: string }

/** A tenant with a published policy and one signed-in member, with the imaging consent or not. */
export async function signedMember(
  client: ApiClient,
  at: Date,
  consentToImaging = true,
  overrides = {}
): Promise<Signed> {
  const { t } = await tenantWithPolicy(client, at, overrides)
  const consent = await app.container.make(ConsentService)
  const m = await withTenant(t.tenant.id, async () => {
    const created = await new MemberService().create({
      email: `m.${Math.random().toString(36).slice(2)}@example.com`,
      locale: 'en',
    })
    if (consentToImaging)
      await consent.decide(created, [{ purpose: 'image_analysis', action: 'grant' }], 'registration', {
        ip: null,
        userAgent: null,
        gpc: false,
        locale: 'en',
      })
    return created
  })
  return {
    t,
    member: m,
    session: await withTenant(t.tenant.id, () => new MemberTokensService().issue(m, 'session')),
  }
}

/** A widget request as the member's browser sends it: publishable key, allowed origin, session. */
export function memberFetch(s: Signed, path: string, init: RequestInit = {}) {
  return fetch(`${process.env.APP_URL}${path}`, {
    ...init,
    headers: {
      'x-tessera-key': s.t.publishableKey,
      origin: s.t.origin,
      authorization: `Bearer ${s.session}`,
      ...(init.headers as Record<string, string> | undefined),
    },
  })
}

export function sendImage(s: Signed, body: Buffer | string | Uint8Array, type = 'image/png') {
  return memberFetch(s, '/v1/widget/me/uploads', {
    method: 'POST',
    headers: { 'content-type': type },
    body: body as Buffer,
  })
}
