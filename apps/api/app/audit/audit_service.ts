import { DateTime } from 'luxon'
import clock from '#shared/clock'
import AuditEvent, { type ActorType } from '#audit/audit_event'

export type Actor = { type: ActorType; id: string | null }

export type AuditEntry = {
  tenantId: number
  actor: Actor
  action: string
  subject?: { type: string; id: string }
  ip?: string | null
  metadata?: Record<string, unknown>
}

/** Writes audit events. Metadata must never hold secrets or personal data values, only identifiers. */
export default class AuditService {
  async record(entry: AuditEntry): Promise<AuditEvent> {
    return AuditEvent.create({
      tenantId: entry.tenantId,
      actorType: entry.actor.type,
      actorId: entry.actor.id,
      action: entry.action,
      subjectType: entry.subject?.type ?? null,
      subjectId: entry.subject?.id ?? null,
      ip: entry.ip ?? null,
      metadata: entry.metadata ?? null,
      createdAt: DateTime.fromJSDate(clock.now()),
    })
  }
}
