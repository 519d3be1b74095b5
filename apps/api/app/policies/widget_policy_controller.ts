import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import PolicyService, { asLocale } from '#policies/policy_service'
import { presentVersion } from '#policies/presenter'
import { problems } from '#shared/problem'

/** The policy as end users see it: published versions only. */
@inject()
export default class WidgetPolicyController {
  constructor(private policies: PolicyService) {}

  async show({ tenant, request }: HttpContext) {
    const locale = asLocale(request.qs().locale, tenant.defaultLocale)
    const timeline = await this.policies.timeline()
    const present = (row: typeof timeline.current) =>
      row ? presentVersion(row, this.policies.status(row, timeline), locale) : null
    const current = timeline.current
    return {
      current: present(current),
      upcoming: present(timeline.upcoming),
      // Consent-based purposes that changed in the version now in effect: members are asked again.
      freshConsent:
        current?.significant && current.changedConsentPurposes?.length
          ? { versionId: current.publicId, purposes: current.changedConsentPurposes }
          : null,
    }
  }

  async index({ tenant, request }: HttpContext) {
    const locale = asLocale(request.qs().locale, tenant.defaultLocale)
    const timeline = await this.policies.timeline()
    return {
      data: timeline.published.map((row) => presentVersion(row, this.policies.status(row, timeline), locale)),
    }
  }

  async version({ tenant, params, request }: HttpContext) {
    const locale = asLocale(request.qs().locale, tenant.defaultLocale)
    const row = await this.policies.findOrFail(String(params.id))
    if (row.state !== 'published') throw problems.notFound('policy version')
    const timeline = await this.policies.timeline()
    return {
      ...presentVersion(row, this.policies.status(row, timeline), locale),
      locale,
      html: this.policies.render(tenant, row, locale, 'html'),
      toc: this.policies.toc(tenant, row, locale),
    }
  }

  async diff({ tenant, request }: HttpContext) {
    const locale = asLocale(request.qs().locale, tenant.defaultLocale)
    const { from, to } = request.qs()
    if (typeof from !== 'string' || typeof to !== 'string') {
      throw problems.invalid([
        {
          field: typeof from !== 'string' ? 'from' : 'to',
          message: 'Give two version ids',
          rule: 'required',
        },
      ])
    }
    const [a, b] = await Promise.all([this.policies.findOrFail(from), this.policies.findOrFail(to)])
    if (a.state !== 'published' || b.state !== 'published') throw problems.notFound('policy version')
    const changes = this.policies.diff(a, b)
    const { summary } = await import('@tessera/policy-text')
    return {
      from: a.publicId,
      to: b.publicId,
      significant: changes.significant,
      summary: summary(changes, locale),
      changes,
    }
  }
}
