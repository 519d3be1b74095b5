import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import { createHash } from 'node:crypto'
import Tenant from '#tenancy/tenant'
import { asSystem, withTenant } from '#tenancy/tenant_context'
import PolicyService from '#policies/policy_service'
import type PolicyVersion from '#policies/policy_version'
import { formatDate } from '#policies/notice_mail'
import { escapeHtml } from '#shared/html'
import { problems } from '#shared/problem'

const COPY = {
  en: {
    title: 'Privacy policy',
    current: (date: string) => `In effect since ${date}.`,
    upcoming: (date: string) =>
      `This version takes effect on ${date}. Until then the current version applies.`,
    superseded: (from: string) => `This version was in effect from ${from}; a newer version has replaced it.`,
    changes: 'What changes',
    archive: 'All versions',
    none: 'No privacy policy has been published yet.',
  },
  ko: {
    title: '개인정보 처리방침',
    current: (date: string) => `${date}부터 시행 중입니다.`,
    upcoming: (date: string) => `이 버전은 ${date}부터 시행됩니다. 그 전까지는 현재 처리방침이 적용됩니다.`,
    superseded: (from: string) => `이 버전은 ${from}부터 시행되었으며, 이후 새 버전으로 대체되었습니다.`,
    changes: '변경 내용',
    archive: '전체 버전',
    none: '아직 게시된 개인정보 처리방침이 없습니다.',
  },
} as const

/**
 * Public, hosted policy pages per tenant (current, upcoming, any published version), in the
 * tenant's branding. Self-contained: one inline style block allowed by its hash, nothing else loads.
 */
@inject()
export default class HostedPagesController {
  constructor(private policies: PolicyService) {}

  async current(ctx: HttpContext) {
    return this.page(ctx, async (timeline) => timeline.current)
  }

  async upcoming(ctx: HttpContext) {
    return this.page(ctx, async (timeline) => timeline.upcoming)
  }

  async version(ctx: HttpContext) {
    return this.page(ctx, async () => {
      const row = await this.policies.findOrFail(String(ctx.params.id))
      return row.state === 'published' ? row : undefined
    })
  }

  private async page(
    { params, request, response }: HttpContext,
    pick: (timeline: Awaited<ReturnType<PolicyService['timeline']>>) => Promise<PolicyVersion | undefined>
  ) {
    const tenant = await asSystem('resolve the tenant of a public policy page', () =>
      Tenant.findBy('public_id', String(params.tenant))
    )
    if (!tenant) throw problems.notFound('tenant')
    const requested = String(request.qs().lang ?? tenant.defaultLocale)
    const locale =
      requested === 'ko' && tenant.locales.includes('ko') ? 'ko' : tenant.locales.includes('en') ? 'en' : 'ko'
    const t = COPY[locale]

    const html = await withTenant(tenant.id, async () => {
      const timeline = await this.policies.timeline()
      const row = await pick(timeline)
      if (!row) return { body: `<p>${escapeHtml(t.none)}</p>`, status: 404 }
      const status = this.policies.status(row, timeline)
      const date = (d: PolicyVersion['effectiveAt']) => formatDate(d!.toJSDate(), locale)
      const note =
        status === 'scheduled'
          ? t.upcoming(date(row.effectiveAt))
          : status === 'superseded'
            ? t.superseded(date(row.effectiveAt))
            : t.current(date(row.effectiveAt))
      const summary = row.changeSummary?.[locale] ?? []
      const changes = summary.length
        ? `<section class="changes" aria-labelledby="changes-title"><h2 id="changes-title">${escapeHtml(t.changes)}</h2><ul>${summary
            .map((line) => `<li>${escapeHtml(line)}</li>`)
            .join('')}</ul></section>`
        : ''
      const archive = timeline.published
        .map(
          (v) =>
            `<li><a href="/policy/${escapeHtml(tenant.publicId)}/versions/${escapeHtml(v.publicId)}?lang=${locale}">${escapeHtml(v.label)}</a> — ${escapeHtml(date(v.effectiveAt))}</li>`
        )
        .join('')
      return {
        status: 200,
        body: `<p class="note">${escapeHtml(note)}</p>${changes}${this.policies.render(tenant, row, locale, 'html')}<nav aria-label="${escapeHtml(t.archive)}"><h2>${escapeHtml(t.archive)}</h2><ul>${archive}</ul></nav>`,
      }
    })

    const b = tenant.branding
    const style = `body{margin:0;font-family:${b.fontFamily};color:${b.textColor};background:${b.backgroundColor};line-height:1.6}header{border-top:6px solid ${b.primaryColor};padding:24px 32px 8px}main{max-width:860px;padding:0 32px 48px}a{color:${b.primaryColor}}.note{font-weight:600}.changes{border:1px solid ${b.accentColor};border-radius:${b.radius};padding:8px 16px}@media print{nav{display:none}}`
    const styleHash = createHash('sha256').update(style).digest('base64')
    response.status(html.status)
    response.header('content-type', 'text/html; charset=utf-8')
    response.header(
      'content-security-policy',
      `default-src 'none'; style-src 'sha256-${styleHash}'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`
    )
    response.header('cache-control', 'public, max-age=60')
    return response.send(`<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(tenant.name)} — ${escapeHtml(t.title)}</title><style>${style}</style></head>
<body><header><strong>${escapeHtml(tenant.name)}</strong><h1>${escapeHtml(t.title)}</h1></header><main>${html.body}</main></body>
</html>
`)
  }
}
