import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import AuditEvent from '#audit/audit_event'
import AuditService from '#audit/audit_service'
import { exportReason } from '#audit/export_reason'

const listValidator = vine.create(
  vine.object({
    limit: vine.number().withoutDecimals().range([1, 200]).optional(),
    before: vine.number().withoutDecimals().min(1).optional(),
    action: vine.string().trim().maxLength(64).optional(),
    actor: vine.string().trim().maxLength(64).optional(),
    subject: vine.string().trim().maxLength(64).optional(),
    from: vine
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    to: vine
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
  })
)

const monthValidator = vine.create(vine.object({ month: vine.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }))

function present(e: AuditEvent) {
  return {
    id: e.id,
    seq: e.seq,
    actor: { type: e.actorType, id: e.actorId },
    action: e.action,
    subject: e.subjectType ? { type: e.subjectType, id: e.subjectId } : null,
    ip: e.ip,
    reason: e.reason,
    metadata: e.metadata,
    createdAt: e.createdAt.toUTC().toISO(),
    hash: e.hash,
  }
}

@inject()
export default class AuditEventsController {
  constructor(private audit: AuditService) {}

  /** Newest first, filtered (action prefix, actor, subject, dates), paged by id. */
  async index({ request }: HttpContext) {
    const {
      limit = 50,
      before,
      action,
      actor,
      subject,
      from,
      to,
    } = await request.validateUsing(listValidator, { data: request.qs() })
    const query = AuditEvent.query().orderBy('id', 'desc').limit(limit)
    if (before) query.where('id', '<', before)
    if (action) query.where('action', 'like', `${action.replace(/[%_\\]/g, '\\$&')}%`)
    if (actor) query.where('actor_id', actor)
    if (subject) query.where('subject_id', subject)
    if (from) query.where('created_at', '>=', DateTime.fromISO(from, { zone: 'utc' }).toJSDate())
    if (to) query.where('created_at', '<', DateTime.fromISO(to, { zone: 'utc' }).plus({ days: 1 }).toJSDate())
    const events = await query
    return { data: events.map(present), next: events.length === limit ? events[events.length - 1]!.id : null }
  }

  async verify({ tenant }: HttpContext) {
    return this.audit.verify(tenant.id)
  }

  /**
   * A month in numbers for the access review: entries per action and per UTC day (counts only, no
   * actor or subject), so the review sees at a glance what to look at before exporting the log.
   */
  async summary({ tenant, request }: HttpContext) {
    const { month } = await request.validateUsing(monthValidator, { data: request.qs() })
    const start = DateTime.fromISO(`${month}-01`, { zone: 'utc' })
    const inMonth = () =>
      db
        .from('audit_events')
        .where('tenant_id', tenant.id)
        .where('created_at', '>=', start.toJSDate())
        .where('created_at', '<', start.plus({ months: 1 }).toJSDate())
    const day = db.connection().dialect.name === 'mysql' ? 'DATE(created_at)' : 'date(created_at)'
    const [actions, days] = await Promise.all([
      inMonth().select('action').count('* as count').groupBy('action').orderBy('action'),
      inMonth()
        .select(db.raw(`${day} as day`))
        .count('* as count')
        .groupByRaw(day)
        .orderByRaw(day),
    ])
    const asDay = (value: unknown) =>
      typeof value === 'string'
        ? value.slice(0, 10)
        : DateTime.fromJSDate(value as Date, { zone: 'utc' }).toISODate()!
    return {
      month,
      total: actions.reduce((sum: number, a: { count: unknown }) => sum + Number(a.count), 0),
      actions: actions.map((a: { action: string; count: unknown }) => ({
        action: a.action,
        count: Number(a.count),
      })),
      days: days.map((d: { day: unknown; count: unknown }) => ({
        day: asDay(d.day),
        count: Number(d.count),
      })),
    }
  }

  /** The month's log for the periodic access review, as NDJSON; the export itself is logged with its reason. */
  async monthly({ tenant, request, response, caller }: HttpContext) {
    const { month } = await request.validateUsing(monthValidator, { data: request.qs() })
    const reason = exportReason(request)
    const start = DateTime.fromISO(`${month}-01`, { zone: 'utc' })
    const events = await AuditEvent.query()
      .where('created_at', '>=', start.toJSDate())
      .where('created_at', '<', start.plus({ months: 1 }).toJSDate())
      .orderBy('id', 'asc')
    await this.audit.record({
      tenantId: tenant.id,
      actor: { type: caller.type === 'admin' ? 'admin' : 'api_key', id: caller.id },
      action: 'audit.exported',
      ip: request.ip(),
      reason,
      metadata: { month },
    })
    response.header('content-type', 'application/x-ndjson; charset=utf-8')
    response.header('content-disposition', `attachment; filename="audit-${tenant.publicId}-${month}.ndjson"`)
    return response.send(
      events.map((e) => JSON.stringify(present(e))).join('\n') + (events.length ? '\n' : '')
    )
  }
}
