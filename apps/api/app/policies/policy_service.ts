import { inject } from '@adonisjs/core'
import { DateTime } from 'luxon'
import {
  PolicyTextError,
  SUPPORTED_LOCALES,
  currentVersion,
  defaultPolicy,
  diff as policyDiff,
  earliestEffectiveDate,
  noticeDays,
  render,
  summary,
  tableOfContents,
  validateSchedule,
  validateTemplate,
  versionStatus,
  type Locale,
  type PolicyDiff,
  type RenderFormat,
  type TenantPolicyContext,
  type VersionStatus,
} from '@tessera/policy-text'
import { appUrl } from '#config/app'
import clock from '#shared/clock'
import { currentTenantId } from '#tenancy/tenant_context'
import { publicId } from '#shared/crypto'
import { ProblemError, problems } from '#shared/problem'
import type Tenant from '#tenancy/tenant'
import PolicyVersion, { type PolicyBody } from '#policies/policy_version'
import NoticeService from '#policies/notice_service'
import MemberService from '#members/member_service'
import type { PolicyDraftPatch } from '#policies/validators'

/** Tenant values policy-text fills into the text. */
export function tenantPolicyContext(tenant: Tenant): TenantPolicyContext {
  return {
    name: tenant.name,
    legalName: tenant.legalName,
    country: tenant.country,
    officer: { name: tenant.officerName, department: tenant.officerDepartment, email: tenant.officerEmail },
    contactEmail: tenant.officerEmail,
    website: tenant.website ?? `${appUrl}/policy/${tenant.publicId}`,
    settings: {
      imageRetentionHours: tenant.settings.imageRetentionHours,
      dormancyEnabled: tenant.settings.dormancyEnabled,
      dormancyDays: tenant.settings.dormancyDays,
      dormantDestroyYears: tenant.settings.dormantDestroyYears,
      minorNoticeDays: tenant.settings.minorNoticeDays,
      significantNoticeDays: tenant.settings.significantNoticeDays,
      privacyRequestDeadlineDays: tenant.settings.privacyRequestDeadlineDays,
    },
  }
}

export function asLocale(value: unknown, fallback: string): Locale {
  const candidate = typeof value === 'string' && value ? value : fallback
  if (!(SUPPORTED_LOCALES as readonly string[]).includes(candidate)) {
    throw problems.invalid([
      {
        field: 'locale',
        message: `Unsupported locale; use one of ${SUPPORTED_LOCALES.join(', ')}`,
        rule: 'locale',
      },
    ])
  }
  return candidate as Locale
}

function bodyOf(policy: ReturnType<PolicyVersion['toPolicy']>): PolicyBody {
  const { id: _id, postedAt: _p, effectiveAt: _e, ...body } = policy
  return body
}

const PUBLISHED_TTL_MS = 2000
const publishedCache = new Map<number, { rows: PolicyVersion[]; at: number }>()

/** What publishing a draft now would mean (GET …/publication), before anyone presses Publish. */
export type Publication = {
  /** The published version the draft is compared with (null: the tenant's first version). */
  against: string | null
  significant: boolean
  /** Notice period that applies, in days (0 for a first version, which may take effect at once). */
  noticeDays: number
  /** Earliest effective date publishing now would accept (the clock's now plus the notice period). */
  earliestEffectiveAt: string
  /** The draft is identical to the version it would replace: publishing would be refused. */
  unchanged: boolean
  /** Whether publishing mails a notice (significant changes, or minor ones when the tenant asks). */
  notifies: boolean
  /** Members who would get the notice (everyone but withdrawn and unconfirmed members). */
  recipients: number
  /** The instant these facts were computed for. */
  asOf: string
}

export type Timeline = {
  published: PolicyVersion[]
  current: PolicyVersion | undefined
  upcoming: PolicyVersion | undefined
}

/**
 * Drafts, publishing and the timeline of a tenant's policy versions. Every rule about text and
 * dates comes from policy-text; this service adds storage, the clock and notices.
 */
@inject()
export default class PolicyService {
  constructor(private notices: NoticeService) {}

  async timeline(now = clock.now()): Promise<Timeline> {
    const published = await this.published()
    const timing = published.map((row) => ({
      row,
      id: row.publicId,
      postedAt: row.postedAt!.toJSDate(),
      effectiveAt: row.effectiveAt!.toJSDate(),
    }))
    const current = currentVersion(timing, now)?.row
    const upcoming = timing
      .filter((t) => t.postedAt.getTime() <= now.getTime() && t.effectiveAt.getTime() > now.getTime())
      .sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime())[0]?.row
    return { published, current, upcoming }
  }

  /**
   * Published versions, newest first. They never change once published, so each process keeps
   * them for a moment (every consent write reads them); publishing here clears the entry, other
   * processes see a new version within PUBLISHED_TTL_MS.
   */
  private async published(): Promise<PolicyVersion[]> {
    const tenantId = currentTenantId()!
    const cached = publishedCache.get(tenantId)
    if (cached && Date.now() - cached.at < PUBLISHED_TTL_MS) return cached.rows
    const rows = await PolicyVersion.query()
      .where('state', 'published')
      .orderBy('posted_at', 'desc')
      .orderBy('id', 'desc')
    publishedCache.set(tenantId, { rows, at: Date.now() })
    return rows
  }

  status(row: PolicyVersion, timeline: Timeline, now = clock.now()): VersionStatus {
    const timing = (v: PolicyVersion) => ({
      id: v.publicId,
      postedAt: v.postedAt?.toJSDate() ?? null,
      effectiveAt: v.effectiveAt?.toJSDate() ?? null,
    })
    return versionStatus(timing(row), now, timeline.published.map(timing))
  }

  async findOrFail(id: string): Promise<PolicyVersion> {
    const row = await PolicyVersion.findBy('public_id', id)
    if (!row) throw problems.notFound('policy version')
    return row
  }

  /** A new draft: a copy of the latest published version, or the default template filled from the tenant. */
  async createDraft(tenant: Tenant, basedOn: 'latest' | 'default', label?: string): Promise<PolicyVersion> {
    const { published } = await this.timeline()
    const latest = published[0]
    const context = tenantPolicyContext(tenant)
    const body = basedOn === 'latest' && latest ? latest.content : bodyOf(defaultPolicy(context))
    const count = await PolicyVersion.query().count('* as total')
    return PolicyVersion.create({
      publicId: publicId('pv'),
      label: label ?? `v${Number(count[0]!.$extras.total) + 1}`,
      state: 'draft',
      content: { ...body, officer: context.officer },
    })
  }

  /** Applies a validated patch to a draft; the result must render in every locale or nothing is saved. */
  async updateDraft(tenant: Tenant, row: PolicyVersion, patch: PolicyDraftPatch): Promise<PolicyVersion> {
    if (row.state === 'published') {
      throw new ProblemError(
        409,
        'policy-version-published',
        'Published versions cannot change',
        'Create a new draft instead.'
      )
    }
    const { label, refreshFromTenant, cookieCategories, ...parts } = patch
    const content = {
      ...row.content,
      ...parts,
      ...(cookieCategories ? { cookies: cookieCategories } : {}),
    } as PolicyBody
    if (refreshFromTenant) {
      const fresh = defaultPolicy(tenantPolicyContext(tenant))
      Object.assign(content, { settings: fresh.settings, officer: fresh.officer })
    }
    this.assertRenders(tenant, content)
    row.merge({ content, ...(label ? { label } : {}) })
    await row.save()
    return row
  }

  /** Refuses content that policy-text cannot render (unknown template variable, bad section ids, …). */
  assertRenders(tenant: Tenant, content: PolicyBody) {
    for (const [locale, sections] of Object.entries(content.prose)) {
      sections.forEach((section, index) => {
        try {
          validateTemplate(section.body)
        } catch (error) {
          if (error instanceof PolicyTextError) {
            throw problems.invalid([
              { field: `prose.${locale}.${index}.body`, message: error.message, rule: error.code },
            ])
          }
          throw error
        }
      })
    }
    const policy = { ...content, id: 'check', postedAt: null, effectiveAt: null }
    for (const locale of SUPPORTED_LOCALES) {
      try {
        render(policy, tenantPolicyContext(tenant), locale, 'html')
      } catch (error) {
        if (error instanceof PolicyTextError) {
          throw problems.invalid([
            { field: 'content', message: `${locale}: ${error.message}`, rule: error.code },
          ])
        }
        throw error
      }
    }
  }

  render(tenant: Tenant, row: PolicyVersion, locale: Locale, format: RenderFormat) {
    return render(row.toPolicy(), tenantPolicyContext(tenant), locale, format)
  }

  toc(tenant: Tenant, row: PolicyVersion, locale: Locale) {
    return tableOfContents(row.toPolicy(), tenantPolicyContext(tenant), locale)
  }

  diff(from: PolicyVersion, to: PolicyVersion): PolicyDiff {
    return policyDiff(from.toPolicy(), to.toPolicy())
  }

  /**
   * The facts the publish form shows: significance, the earliest allowed effective date and how
   * many members a notice would reach. The same rules as publish(), read from the same clock.
   */
  async publication(tenant: Tenant, row: PolicyVersion): Promise<Publication> {
    if (row.state === 'published') {
      throw new ProblemError(
        409,
        'policy-version-published',
        'Already published',
        'Published versions cannot change.'
      )
    }
    const now = clock.now()
    const { published } = await this.timeline(now)
    const previous = published[0]
    const changes = previous ? this.diff(previous, row) : null
    const significant = changes?.significant ?? false
    let earliest = previous ? earliestEffectiveDate(now, significant, tenant.settings) : now
    // publish() also wants a date after the previous version's; the next whole minute after it.
    const afterPrevious = previous ? previous.effectiveAt!.toMillis() + 60_000 : 0
    if (earliest.getTime() < afterPrevious) earliest = new Date(afterPrevious - (afterPrevious % 60_000))
    const notifies = Boolean(previous) && (significant || tenant.settings.notifyMinorChangesByEmail)
    let recipients = 0
    if (notifies) {
      const [audience] = await new MemberService().noticeAudience().count('* as total')
      recipients = Number(audience!.$extras.total)
    }
    return {
      against: previous?.publicId ?? null,
      significant,
      noticeDays: previous ? noticeDays(significant, tenant.settings) : 0,
      earliestEffectiveAt: earliest.toISOString(),
      unchanged: changes?.empty ?? false,
      notifies,
      recipients,
      asOf: now.toISOString(),
    }
  }

  /**
   * Publishes a draft: posted now, effective at `effectiveAt`, which the notice rules must allow
   * (7 days after posting, 30 when collected items or purposes change). The first version of a
   * tenant changes nothing members were told before, so it may take effect at once.
   */
  async publish(
    tenant: Tenant,
    row: PolicyVersion,
    effectiveAtIso: string,
    locale: Locale = 'en'
  ): Promise<PolicyVersion> {
    if (row.state === 'published') {
      throw new ProblemError(
        409,
        'policy-version-published',
        'Already published',
        'Published versions cannot change.'
      )
    }
    const now = clock.now()
    let effectiveAt = new Date(effectiveAtIso)
    const { published } = await this.timeline(now)
    const previous = published[0]
    // "Effective now" for a first version, sent a moment ago, means now.
    if (!previous && effectiveAt.getTime() < now.getTime() && now.getTime() - effectiveAt.getTime() < 60_000)
      effectiveAt = now

    let significant = false
    let changes: PolicyDiff | null = null
    if (previous) {
      changes = this.diff(previous, row)
      if (changes.empty) {
        throw problems.invalid([
          {
            field: 'content',
            message: 'This draft is identical to the latest published version',
            rule: 'noChanges',
          },
        ])
      }
      significant = changes.significant
    }

    const check = validateSchedule({
      postedAt: now,
      effectiveAt,
      significant,
      settings: tenant.settings,
      now,
      locale,
    })
    const firstMayStartNow = !previous && check.ok === false && check.code === 'effective_too_soon'
    if (!check.ok && !firstMayStartNow) {
      throw new ProblemError(
        422,
        'policy-schedule',
        'Effective date not allowed',
        check.message,
        [{ field: 'effectiveAt', message: check.message, rule: check.code }],
        { earliestEffectiveAt: check.earliest?.toISOString() ?? null, significant, messages: check.messages }
      )
    }
    if (previous && effectiveAt.getTime() <= previous.effectiveAt!.toMillis()) {
      const message = `The effective date must be after the previous version's (${previous.effectiveAt!.toUTC().toISO()}).`
      throw new ProblemError(422, 'policy-schedule', 'Effective date not allowed', message, [
        { field: 'effectiveAt', message, rule: 'effective_before_previous' },
      ])
    }

    publishedCache.delete(row.tenantId)
    row.merge({
      state: 'published',
      postedAt: DateTime.fromJSDate(now),
      effectiveAt: DateTime.fromJSDate(effectiveAt),
      significant,
      changeSummary: changes
        ? { en: summary(changes, 'en'), ko: summary(changes, 'ko') }
        : { en: [], ko: [] },
      changedConsentPurposes: changes ? [...changes.changedConsentPurposes] : [],
      previousVersionId: previous?.id ?? null,
    })
    await row.save()
    publishedCache.delete(row.tenantId)

    if (previous && (significant || tenant.settings.notifyMinorChangesByEmail)) {
      await this.notices.schedule(tenant, row)
    }
    return row
  }
}
