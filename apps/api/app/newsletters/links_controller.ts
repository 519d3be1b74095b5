import type { HttpContext } from '@adonisjs/core/http'
import { createHash } from 'node:crypto'
import Tenant from '#tenancy/tenant'
import { asSystem, withTenant } from '#tenancy/tenant_context'
import { escapeHtml } from '#shared/html'
import { problems } from '#shared/problem'
import { mailLocale, type MailLocale } from '#mail/layout'
import type { RequestMeta } from '#consent/consent_service'
import OptInService, { invalidLink } from '#newsletters/opt_in_service'
import NewsletterTokens from '#newsletters/tokens'

const COPY = {
  en: {
    confirmTitle: 'Confirm your subscription',
    confirmBody: (name: string) =>
      `Press the button to receive newsletters and event invitations from ${name}.`,
    confirmButton: 'Confirm my subscription',
    confirmed: 'Thank you: your subscription is confirmed. We have sent you an e-mail about it.',
    unsubscribeTitle: 'Unsubscribe',
    unsubscribeBody: (name: string) =>
      `Press the button to stop receiving newsletters and event invitations from ${name}. It is free and takes effect at once.`,
    unsubscribeButton: 'Unsubscribe',
    unsubscribed: 'You are unsubscribed. You will receive no more newsletters from us.',
  },
  ko: {
    confirmTitle: '수신 동의 확인',
    confirmBody: (name: string) =>
      `아래 버튼을 누르시면 ${name}의 뉴스레터와 행사 안내를 받아 보실 수 있습니다.`,
    confirmButton: '수신 동의 확인',
    confirmed: '수신 동의가 완료되었습니다. 처리 결과를 메일로 보내 드렸습니다.',
    unsubscribeTitle: '수신거부',
    unsubscribeBody: (name: string) =>
      `아래 버튼을 누르시면 ${name}의 뉴스레터와 행사 안내를 더 이상 받지 않습니다. 수신거부는 무료이며 바로 적용됩니다.`,
    unsubscribeButton: '수신거부',
    unsubscribed: '수신거부가 처리되었습니다. 앞으로 뉴스레터를 보내 드리지 않습니다.',
  },
} as const

/**
 * The links in newsletter mails, public and cookie-free: the token in the path is the only
 * credential. GET only shows a page (mail scanners follow links); POST acts. The unsubscribe POST
 * is RFC 8058 one-click: body `List-Unsubscribe=One-Click`, idempotent, effective at once.
 */
export default class LinksController {
  private optIn = new OptInService()

  async confirmPage(ctx: HttpContext) {
    return this.withTenant(ctx, async (tenant, locale) => {
      if (!(await new NewsletterTokens().find(ctx.params.token, 'confirm'))) throw invalidLink()
      const t = COPY[locale]
      return this.page(
        ctx,
        tenant,
        locale,
        t.confirmTitle,
        `<p>${escapeHtml(t.confirmBody(tenant.name))}</p>${this.form(t.confirmButton, 'confirm', 'yes')}`
      )
    })
  }

  async confirm(ctx: HttpContext) {
    return this.withTenant(ctx, async (tenant, locale) => {
      await this.optIn.confirm(tenant, ctx.params.token, this.meta(ctx, locale))
      const t = COPY[locale]
      if (this.wantsHtml(ctx))
        return this.page(ctx, tenant, locale, t.confirmTitle, `<p>${escapeHtml(t.confirmed)}</p>`)
      return { confirmed: true }
    })
  }

  async unsubscribePage(ctx: HttpContext) {
    return this.withTenant(ctx, async (tenant, locale) => {
      if (!(await new NewsletterTokens().find(ctx.params.token, 'unsubscribe'))) throw invalidLink()
      const t = COPY[locale]
      return this.page(
        ctx,
        tenant,
        locale,
        t.unsubscribeTitle,
        `<p>${escapeHtml(t.unsubscribeBody(tenant.name))}</p>${this.form(t.unsubscribeButton, 'List-Unsubscribe', 'One-Click')}`
      )
    })
  }

  async unsubscribe(ctx: HttpContext) {
    const value = ctx.request.body()['List-Unsubscribe']
    const extra = Object.keys(ctx.request.body()).filter((k) => k !== 'List-Unsubscribe')
    if (value !== 'One-Click' || extra.length)
      throw problems.invalid([
        {
          field: 'List-Unsubscribe',
          message: 'The body must be List-Unsubscribe=One-Click (RFC 8058)',
          rule: 'oneClick',
        },
      ])
    return this.withTenant(ctx, async (tenant, locale) => {
      const { changed } = await this.optIn.unsubscribe(ctx.params.token, this.meta(ctx, locale))
      const t = COPY[locale]
      if (this.wantsHtml(ctx))
        return this.page(ctx, tenant, locale, t.unsubscribeTitle, `<p>${escapeHtml(t.unsubscribed)}</p>`)
      return { unsubscribed: true, changed }
    })
  }

  private async withTenant<T>(ctx: HttpContext, work: (tenant: Tenant, locale: MailLocale) => Promise<T>) {
    const id = String(ctx.params.tenant)
    const tenant = /^tn_[A-Za-z0-9]{16}$/.test(id)
      ? await asSystem('resolve the tenant of a newsletter link', () => Tenant.findBy('public_id', id))
      : null
    if (!tenant) throw invalidLink()
    const locale = mailLocale(tenant, ctx.request.qs().lang ?? null)
    ctx.response.header('cache-control', 'no-store')
    return withTenant(tenant.id, () => work(tenant, locale))
  }

  private meta(ctx: HttpContext, locale: MailLocale): RequestMeta {
    return {
      ip: ctx.request.ip() ?? null,
      userAgent: ctx.request.header('user-agent')?.slice(0, 512) ?? null,
      gpc: ctx.request.header('sec-gpc') === '1',
      locale,
    }
  }

  private wantsHtml(ctx: HttpContext) {
    return (ctx.request.header('accept') ?? '').includes('text/html')
  }

  private form(label: string, name: string, value: string) {
    return `<form method="post"><input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}"><button type="submit">${escapeHtml(label)}</button></form>`
  }

  private page(ctx: HttpContext, tenant: Tenant, locale: MailLocale, title: string, body: string) {
    const b = tenant.branding
    const style = `body{margin:0;font-family:${b.fontFamily};color:${b.textColor};background:${b.backgroundColor};line-height:1.6}header{border-top:6px solid ${b.primaryColor};padding:24px 32px 8px}main{max-width:640px;padding:0 32px 48px}button{background:${b.primaryColor};color:#fff;border:0;border-radius:${b.radius};padding:12px 20px;font:inherit;font-weight:600;cursor:pointer}`
    const styleHash = createHash('sha256').update(style).digest('base64')
    ctx.response.header('content-type', 'text/html; charset=utf-8')
    ctx.response.header(
      'content-security-policy',
      `default-src 'none'; style-src 'sha256-${styleHash}'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`
    )
    return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(tenant.name)} — ${escapeHtml(title)}</title><style>${style}</style></head>
<body><header><strong>${escapeHtml(tenant.name)}</strong><h1>${escapeHtml(title)}</h1></header><main>${body}</main></body>
</html>
`
  }
}
