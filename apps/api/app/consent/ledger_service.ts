import { createHash, randomBytes } from 'node:crypto'
import {
  byId,
  ensureHead,
  linkHash,
  verifyChain,
  type ChainProblem,
  type ChainReport,
} from '#shared/hash_chain'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import clock, { sqlDateTime } from '#shared/clock'
import { currentTenantId, withTenant } from '#tenancy/tenant_context'
import ConsentEvent, {
  type ConsentAction,
  type ConsentSource,
  type ConsentSubjectType,
  type ConsentTargetType,
} from '#consent/consent_event'

export type NewConsentEvent = {
  subjectType: ConsentSubjectType
  subjectId: string
  targetType: ConsentTargetType
  targetKey: string
  action: ConsentAction
  policyVersion?: string | null
  textHash?: string | null
  source: ConsentSource
  ip?: string | null
  userAgent?: string | null
  gpc?: boolean
}

type Hashable = Omit<NewConsentEvent, 'ip' | 'userAgent'> & {
  tenantId: number
  seq: number
  occurredAt: string
  prevHash: string
  detailsHash: string
}

/** Commitment to the personal details of an event: verifiable while they exist, meaningless after erasure. */
export function detailsHash(salt: string, ip: string | null, userAgent: string | null): string {
  return createHash('sha256')
    .update(JSON.stringify([salt, ip, userAgent]))
    .digest('hex')
}

/** The canonical text a row's hash covers: fixed field order, explicit nulls. */
export function eventHash(e: Hashable): string {
  return linkHash([
    e.tenantId,
    e.seq,
    e.subjectType,
    e.subjectId,
    e.targetType,
    e.targetKey,
    e.action,
    e.policyVersion ?? null,
    e.textHash ?? null,
    e.source,
    e.detailsHash,
    Boolean(e.gpc),
    e.occurredAt,
    e.prevHash,
  ])
}

export type AppendedEvent = { seq: number; hash: string; targetKey: string; action: ConsentAction }

/** Group commit: appends waiting per tenant, and the tenants whose writer is running. */
const GROUP_COMMIT_MAX = 200
const pending = new Map<
  number,
  Array<{ events: NewConsentEvent[]; resolve: (e: AppendedEvent[]) => void; reject: (e: unknown) => void }>
>()
const draining = new Set<number>()
/** Tenants whose chain head row is known to exist (saves an INSERT IGNORE per write). */
const headsKnown = new Set<number>()

export type VerifyProblem = ChainProblem
export type VerifyReport = ChainReport

export type ConsentState = {
  targetType: ConsentTargetType
  targetKey: string
  action: ConsentAction
  policyVersion: string | null
  at: string
}

/**
 * Appends to and reads the consent ledger of the tenant in scope. Appends lock the tenant's chain
 * head, so concurrent writers extend the chain one after the other and no seq or hash is reused.
 */
export default class LedgerService {
  /**
   * Appends events to the tenant's chain: all of them or none. Without an outer transaction the
   * write joins the tenant's group commit (appends arriving together share one transaction, one
   * head lock and one multi-row insert); with `outer` it runs inside that transaction.
   */
  async append(events: NewConsentEvent[], outer?: TransactionClientContract): Promise<AppendedEvent[]> {
    const tenantId = currentTenantId()
    if (!tenantId) throw new Error('consent events are written inside a tenant scope')
    if (!events.length) return []
    if (outer) return this.write(tenantId, events, outer)
    return new Promise((resolve, reject) => {
      const queue = pending.get(tenantId) ?? []
      queue.push({ events, resolve, reject })
      pending.set(tenantId, queue)
      if (!draining.has(tenantId)) void this.drain(tenantId)
    })
  }

  private async drain(tenantId: number) {
    draining.add(tenantId)
    try {
      for (;;) {
        const batch = (pending.get(tenantId) ?? []).splice(0, GROUP_COMMIT_MAX)
        if (!batch.length) break
        try {
          const written = await withTenant(tenantId, () =>
            this.write(
              tenantId,
              batch.flatMap((b) => b.events)
            )
          )
          let offset = 0
          for (const item of batch) {
            item.resolve(written.slice(offset, offset + item.events.length))
            offset += item.events.length
          }
        } catch (error) {
          for (const item of batch) item.reject(error)
        }
      }
    } finally {
      draining.delete(tenantId)
      pending.delete(tenantId)
    }
  }

  private async write(
    tenantId: number,
    events: NewConsentEvent[],
    outer?: TransactionClientContract
  ): Promise<AppendedEvent[]> {
    if (!headsKnown.has(tenantId)) {
      await ensureHead('consent_chain_heads', tenantId, outer)
      headsKnown.add(tenantId)
    }
    return (outer ?? db).transaction(async (trx) => {
      const head = await trx.from('consent_chain_heads').where('tenant_id', tenantId).forUpdate().first()
      if (!head) {
        headsKnown.delete(tenantId)
        throw new Error('consent chain head missing; retry')
      }
      let seq = Number(head.seq)
      let prevHash = String(head.hash)
      // Whole seconds: what every supported database stores, so the hash can be recomputed from a read.
      const occurredAt = DateTime.fromJSDate(clock.now()).toUTC().startOf('second')
      const stamp = await sqlDateTime(occurredAt.toLocal())
      const rows = []
      const details = []
      const appended: AppendedEvent[] = []
      for (const input of events) {
        seq += 1
        const userAgent = input.userAgent?.slice(0, 512) ?? null
        const ip = input.ip ?? null
        const salt = randomBytes(16).toString('hex')
        const committed = detailsHash(salt, ip, userAgent)
        const hash = eventHash({
          ...input,
          tenantId,
          seq,
          occurredAt: occurredAt.toISO()!,
          prevHash,
          detailsHash: committed,
        })
        details.push({ tenant_id: tenantId, seq, salt, ip, user_agent: userAgent })
        rows.push({
          tenant_id: tenantId,
          seq,
          subject_type: input.subjectType,
          subject_id: input.subjectId,
          target_type: input.targetType,
          target_key: input.targetKey,
          action: input.action,
          policy_version: input.policyVersion ?? null,
          text_hash: input.textHash ?? null,
          source: input.source,
          details_hash: committed,
          gpc: input.gpc ? 1 : 0,
          occurred_at: stamp,
          prev_hash: prevHash,
          hash,
        })
        appended.push({ seq, hash, targetKey: input.targetKey, action: input.action })
        prevHash = hash
      }
      await trx.insertQuery().table('consent_events').multiInsert(rows)
      await trx.insertQuery().table('consent_event_details').multiInsert(details)
      await trx.from('consent_chain_heads').where('tenant_id', tenantId).update({ seq, hash: prevHash })
      return appended
    })
  }

  /** Recomputes the whole chain: any altered, removed or reordered event breaks it. */
  async verify(): Promise<VerifyReport> {
    const tenantId = currentTenantId()
    if (!tenantId) throw new Error('verify runs inside a tenant scope')
    const head = await db.from('consent_chain_heads').where('tenant_id', tenantId).first()
    return verifyChain(
      byId((after, size) => ConsentEvent.query().where('id', '>', after).orderBy('id', 'asc').limit(size)),
      (e) =>
        eventHash({
          ...(e.$attributes as Hashable),
          tenantId,
          occurredAt: e.occurredAt.toUTC().toISO()!,
          prevHash: e.prevHash,
        }),
      head ? { seq: Number(head.seq), hash: String(head.hash) } : null
    )
  }

  /** Personal details of events by seq (absent once erased). */
  async details(
    seqs: number[]
  ): Promise<Map<number, { salt: string; ip: string | null; userAgent: string | null }>> {
    const tenantId = currentTenantId()!
    const rows = seqs.length
      ? await db.from('consent_event_details').where('tenant_id', tenantId).whereIn('seq', seqs)
      : []
    return new Map(rows.map((r) => [Number(r.seq), { salt: r.salt, ip: r.ip, userAgent: r.user_agent }]))
  }

  /** Erasure: deletes the personal details of a subject's events; the chain keeps verifying. */
  async eraseDetails(subjectType: ConsentSubjectType, subjectId: string): Promise<number> {
    const tenantId = currentTenantId()!
    const seqs = (await this.history(subjectType, subjectId)).map((e) => e.seq)
    if (!seqs.length) return 0
    const deleted = await db
      .from('consent_event_details')
      .where('tenant_id', tenantId)
      .whereIn('seq', seqs)
      .delete()
    return Number(Array.isArray(deleted) ? deleted.length : deleted)
  }

  /** Events of one subject, oldest first. */
  history(subjectType: ConsentSubjectType, subjectId: string) {
    return ConsentEvent.query()
      .where({ subject_type: subjectType, subject_id: subjectId })
      .orderBy('seq', 'asc')
  }

  /** Current decision per target, derived from the ledger (the latest event wins). */
  async currentState(subjectType: ConsentSubjectType, subjectId: string): Promise<Map<string, ConsentState>> {
    const state = new Map<string, ConsentState>()
    for (const e of await this.history(subjectType, subjectId)) {
      state.set(`${e.targetType}:${e.targetKey}`, {
        targetType: e.targetType,
        targetKey: e.targetKey,
        action: e.action,
        policyVersion: e.policyVersion,
        at: e.occurredAt.toUTC().toISO()!,
      })
    }
    return state
  }
}
