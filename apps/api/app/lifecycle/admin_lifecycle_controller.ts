import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import clock from '#shared/clock'
import { problems } from '#shared/problem'
import { exportReason } from '#audit/export_reason'
import AuditService from '#audit/audit_service'
import Member from '#members/member'
import PolicyService from '#policies/policy_service'
import UsageService from '#lifecycle/usage_service'
import StatisticsService, { tenantDay } from '#lifecycle/statistics_service'
import { recordsOfProcessing } from '#lifecycle/records_of_processing'

const day = () => vine.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const statisticsQuery = vine.compile(
  vine.object({
    from: day().optional(),
    to: day().optional(),
    format: vine.enum(['json', 'csv'] as const).optional(),
  })
)
const recordsQuery = vine.compile(
  vine.object({
    format: vine.enum(['json', 'html'] as const).optional(),
    locale: vine.enum(['en', 'ko'] as const).optional(),
  })
)

/** CSV cell: quoted, with formula-looking values defused for spreadsheets. */
function csvCell(value: string | number): string {
  const text = String(value)
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\r\n']/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** Usage records (personal data: audited, with a reason), statistics (anonymous) and records of processing. */
@inject()
export default class AdminLifecycleController {
  constructor(
    private usage: UsageService,
    private statistics: StatisticsService,
    private audit: AuditService,
    private policies: PolicyService
  ) {}

  async usageRecords({ tenant, params, request, caller }: HttpContext) {
    const reason = exportReason(request)
    const member = await Member.findBy('public_id', String(params.id))
    if (!member) throw problems.notFound('member')
    const events = await this.usage.list(member.id)
    await this.audit.record({
      tenantId: tenant.id,
      actor: { type: caller.type === 'admin' ? 'admin' : 'api_key', id: caller.id },
      action: 'member.usage_records_read',
      subject: { type: 'member', id: member.publicId },
      ip: request.ip(),
      metadata: { count: events.length },
      reason,
    })
    return {
      member: member.publicId,
      status: member.status,
      lastActiveAt: member.lastActiveAt?.toUTC().toISO() ?? null,
      retentionDays: tenant.settings.usageRecordDays,
      data: events.map((e) => ({ action: e.action, ip: e.ip, at: e.occurredAt.toUTC().toISO() })),
    }
  }

  async statisticsIndex({ tenant, request, response }: HttpContext) {
    const q = await statisticsQuery.validate(request.qs())
    const to = q.to ?? tenantDay(tenant)
    const from = q.from ?? DateTime.fromISO(to).minus({ days: 30 }).toISODate()!
    if (from > to || DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days > 731) {
      throw problems.invalid([
        { field: 'from', message: 'from must be on or before to, at most two years apart', rule: 'range' },
      ])
    }
    const rows = await this.statistics.list(from, to)
    if (q.format === 'csv') {
      response.header('content-type', 'text/csv; charset=utf-8')
      response.header('content-disposition', `attachment; filename="statistics-${from}-${to}.csv"`)
      return (
        [
          'day,metric,dimension,value',
          ...rows.map((r) => [r.day, r.metric, r.dimension, r.value].map(csvCell).join(',')),
        ].join('\r\n') + '\r\n'
      )
    }
    return {
      tenant: tenant.publicId,
      timeZone: tenant.settings.timeZone,
      from,
      to,
      generatedAt: clock.now().toISOString(),
      data: rows,
    }
  }

  async recordsOfProcessing({ tenant, request, response }: HttpContext) {
    const q = await recordsQuery.validate(request.qs())
    const locale = q.locale ?? (tenant.defaultLocale === 'ko' ? 'ko' : 'en')
    const records = await recordsOfProcessing(tenant, this.policies, locale)
    if (q.format === 'html') {
      response.header('content-type', 'text/html; charset=utf-8')
      return records.html
    }
    return records.json
  }
}
