import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import clock from '#shared/clock'
import { byId, ensureHead, linkHash, verifyChain, type ChainReport } from '#shared/hash_chain'
import { withTenant } from '#tenancy/tenant_context'
import AuditEvent, { type ActorType } from '#audit/audit_event'

export type Actor = { type: ActorType; id: string | null }

export type AuditEntry = {
  tenantId: number
  actor: Actor
  action: string
  subject?: { type: string; id: string }
  ip?: string | null
  metadata?: Record<string, unknown>
  /** Why (exports and searches of personal data say so). */
  reason?: string | null
}

type Linkable = {
  tenantId: number
  seq: number
  actorType: ActorType
  actorId: string | null
  action: string
  subjectType: string | null
  subjectId: string | null
  ip: string | null
  metadata: Record<string, unknown> | null
  reason: string | null
  createdAt: string
  prevHash: string
}

function auditHash(e: Linkable): string {
  return linkHash([
    e.tenantId,
    e.seq,
    e.actorType,
    e.actorId,
    e.action,
    e.subjectType,
    e.subjectId,
    e.ip,
    e.metadata ? JSON.stringify(e.metadata) : null,
    e.reason,
    e.createdAt,
    e.prevHash,
  ])
}

/** Writes and verifies audit events. Metadata holds identifiers only, never secrets or personal data values. */
export default class AuditService {
  async record(entry: AuditEntry): Promise<AuditEvent> {
    await ensureHead('audit_chain_heads', entry.tenantId)
    return withTenant(entry.tenantId, () =>
      db.transaction(async (trx) => {
        const head = await trx
          .from('audit_chain_heads')
          .where('tenant_id', entry.tenantId)
          .forUpdate()
          .firstOrFail()
        // Whole seconds: what every supported database stores, so the hash can be recomputed from a read.
        const createdAt = DateTime.fromJSDate(clock.now()).toUTC().startOf('second')
        const link: Linkable = {
          tenantId: entry.tenantId,
          seq: Number(head.seq) + 1,
          actorType: entry.actor.type,
          actorId: entry.actor.id,
          action: entry.action,
          subjectType: entry.subject?.type ?? null,
          subjectId: entry.subject?.id ?? null,
          ip: entry.ip ?? null,
          metadata: entry.metadata ?? null,
          reason: entry.reason ?? null,
          createdAt: createdAt.toISO()!,
          prevHash: String(head.hash),
        }
        const hash = auditHash(link)
        const event = new AuditEvent().useTransaction(trx)
        event.merge({ ...link, createdAt, hash })
        await event.save()
        await trx.from('audit_chain_heads').where('tenant_id', entry.tenantId).update({ seq: link.seq, hash })
        return event
      })
    )
  }

  /** Recomputes a tenant's audit chain. */
  async verify(tenantId: number): Promise<ChainReport> {
    return withTenant(tenantId, () => this.verifyInScope(tenantId))
  }

  private async verifyInScope(tenantId: number): Promise<ChainReport> {
    const head = await db.from('audit_chain_heads').where('tenant_id', tenantId).first()
    return verifyChain(
      byId((after, size) =>
        AuditEvent.query().whereNotNull('seq').where('id', '>', after).orderBy('id', 'asc').limit(size)
      ),
      (e) =>
        auditHash({
          tenantId,
          seq: e.seq,
          actorType: e.actorType,
          actorId: e.actorId,
          action: e.action,
          subjectType: e.subjectType,
          subjectId: e.subjectId,
          ip: e.ip,
          metadata: e.metadata,
          reason: e.reason,
          createdAt: e.createdAt.toUTC().toISO()!,
          prevHash: e.prevHash,
        }),
      head ? { seq: Number(head.seq), hash: String(head.hash) } : null
    )
  }
}
