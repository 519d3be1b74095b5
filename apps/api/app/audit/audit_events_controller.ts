import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import AuditEvent from '#audit/audit_event'

const listValidator = vine.create(
  vine.object({
    limit: vine.number().withoutDecimals().range([1, 200]).optional(),
    before: vine.number().withoutDecimals().min(1).optional(),
  })
)

export default class AuditEventsController {
  /** Newest first, paged by id (`before` = the last id of the previous page). */
  async index({ request }: HttpContext) {
    const { limit = 50, before } = await request.validateUsing(listValidator, { data: request.qs() })
    const query = AuditEvent.query().orderBy('id', 'desc').limit(limit)
    if (before) query.where('id', '<', before)
    const events = await query
    return {
      data: events.map((e) => ({
        id: e.id,
        actor: { type: e.actorType, id: e.actorId },
        action: e.action,
        subject: e.subjectType ? { type: e.subjectType, id: e.subjectId } : null,
        ip: e.ip,
        metadata: e.metadata,
        createdAt: e.createdAt.toISO(),
      })),
      next: events.length === limit ? events[events.length - 1]!.id : null,
    }
  }
}
