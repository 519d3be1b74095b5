import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import { SUPPORTED_LOCALES, settingsDrift } from '@tessera/policy-text'
import PolicyService, { asLocale, tenantPolicyContext } from '#policies/policy_service'
import { presentVersion, versionTag } from '#policies/presenter'
import { createDraftValidator, publishValidator, updateDraftValidator } from '#policies/validators'
import db from '@adonisjs/lucid/services/db'
import AuditService from '#audit/audit_service'
import PolicyVersion from '#policies/policy_version'
import { problems } from '#shared/problem'
import { assertIfMatch, sendEntityTag } from '#shared/preconditions'
import type { Caller } from '#tenancy/http_context'

const actor = (caller: Caller) => ({
  type: caller.type === 'admin' ? ('admin' as const) : ('api_key' as const),
  id: caller.id,
})

@inject()
export default class AdminPoliciesController {
  constructor(
    private policies: PolicyService,
    private audit: AuditService
  ) {}

  async index() {
    const timeline = await this.policies.timeline()
    const rows = await PolicyVersion.query().orderBy('id', 'desc')
    return { data: rows.map((row) => presentVersion(row, this.policies.status(row, timeline))) }
  }

  async store({ tenant, request, response, caller }: HttpContext) {
    const { basedOn = 'latest', label } = await request.validateUsing(createDraftValidator)
    const row = await this.policies.createDraft(tenant, basedOn, label)
    await this.audit.record({
      tenantId: tenant.id,
      actor: actor(caller),
      action: 'policy.draft_created',
      subject: { type: 'policy_version', id: row.publicId },
      ip: request.ip(),
    })
    response.status(201)
    sendEntityTag(response, versionTag(row))
    return { ...presentVersion(row, 'draft'), content: row.content }
  }

  async show({ params, response }: HttpContext) {
    const row = await this.policies.findOrFail(String(params.id))
    sendEntityTag(response, versionTag(row))
    const timeline = await this.policies.timeline()
    return { ...presentVersion(row, this.policies.status(row, timeline)), content: row.content }
  }

  async update({ tenant, params, request, response, caller }: HttpContext) {
    const row = await this.policies.findOrFail(String(params.id))
    assertIfMatch(request, versionTag(row), 'draft')
    const raw = request.body() as { prose?: Record<string, unknown> }
    const unknownLocale = Object.keys(raw.prose ?? {}).find(
      (l) => !(SUPPORTED_LOCALES as readonly string[]).includes(l)
    )
    if (unknownLocale) {
      throw problems.invalid([
        {
          field: `prose.${unknownLocale}`,
          message: `Unsupported locale; use ${SUPPORTED_LOCALES.join(', ')}`,
          rule: 'locale',
        },
      ])
    }
    const patch = await request.validateUsing(updateDraftValidator)
    // Compare and save under a row lock: two saves sent with the same ETag at the same moment
    // cannot both pass the check; the later one answers 412.
    const saved = await db.transaction(async (trx) => {
      const locked = await PolicyVersion.query({ client: trx }).where('id', row.id).forUpdate().firstOrFail()
      assertIfMatch(request, versionTag(locked), 'draft')
      return this.policies.updateDraft(tenant, locked, patch)
    })
    await this.audit.record({
      tenantId: tenant.id,
      actor: actor(caller),
      action: 'policy.draft_updated',
      subject: { type: 'policy_version', id: saved.publicId },
      ip: request.ip(),
    })
    sendEntityTag(response, versionTag(saved))
    return { ...presentVersion(saved, 'draft'), content: saved.content }
  }

  /** Rendered preview in any locale and format, with a warning when tenant settings have moved on. */
  async preview({ tenant, params, request, response }: HttpContext) {
    const row = await this.policies.findOrFail(String(params.id))
    const locale = asLocale(request.qs().locale, tenant.defaultLocale)
    const format = String(request.qs().format ?? 'html')
    if (!['html', 'text', 'markdown'].includes(format)) {
      throw problems.invalid([{ field: 'format', message: 'Use html, text or markdown', rule: 'format' }])
    }
    response.header('cache-control', 'no-store')
    return {
      locale,
      format,
      content: this.policies.render(tenant, row, locale, format as 'html'),
      toc: this.policies.toc(tenant, row, locale),
      drift: settingsDrift(row.toPolicy(), tenantPolicyContext(tenant)),
    }
  }

  /** What this version changes against the latest published one: significance, summary, earliest date. */
  async diff({ tenant, params, request }: HttpContext) {
    const row = await this.policies.findOrFail(String(params.id))
    const locale = asLocale(request.qs().locale, tenant.defaultLocale)
    const { published } = await this.policies.timeline()
    const previous = published.find((p) => p.id !== row.id && (!row.postedAt || p.postedAt! < row.postedAt))
    if (!previous) return { against: null, significant: false, summary: [], changes: null }
    const changes = this.policies.diff(previous, row)
    const { summary } = await import('@tessera/policy-text')
    return {
      against: previous.publicId,
      significant: changes.significant,
      summary: summary(changes, locale),
      changes,
    }
  }

  /** What publishing this draft now would mean: significance, earliest date, notice recipients. */
  async publication({ tenant, params, response }: HttpContext) {
    const row = await this.policies.findOrFail(String(params.id))
    response.header('cache-control', 'no-store')
    return this.policies.publication(tenant, row)
  }

  async publish({ tenant, params, request, caller }: HttpContext) {
    const row = await this.policies.findOrFail(String(params.id))
    assertIfMatch(request, versionTag(row), 'draft')
    const { effectiveAt, locale } = await request.validateUsing(publishValidator)
    await this.policies.publish(tenant, row, effectiveAt, locale ?? asLocale(null, tenant.defaultLocale))
    await this.audit.record({
      tenantId: tenant.id,
      actor: actor(caller),
      action: 'policy.published',
      subject: { type: 'policy_version', id: row.publicId },
      ip: request.ip(),
      metadata: { significant: row.significant, effectiveAt: row.effectiveAt?.toISO() },
    })
    const timeline = await this.policies.timeline()
    return presentVersion(row, this.policies.status(row, timeline))
  }
}
