import { createHash } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import clock from '#shared/clock'
import { currentTenantId } from '#tenancy/tenant_context'
import ConsentEvent, {
  type ConsentAction,
  type ConsentSource,
  type ConsentSubjectType,
  type ConsentTargetType,
} from '#consent/consent_event'

export const GENESIS_HASH = '0'.repeat(64)

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

type Hashable = NewConsentEvent & { tenantId: number; seq: number; occurredAt: string; prevHash: string }

/** The canonical text a row's hash covers: fixed field order, explicit nulls. */
export function eventHash(e: Hashable): string {
  const canonical = JSON.stringify([
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
    e.ip ?? null,
    e.userAgent ?? null,
    Boolean(e.gpc),
    e.occurredAt,
    e.prevHash,
  ])
  return createHash('sha256').update(canonical).digest('hex')
}

export type VerifyProblem = { seq: number; kind: 'altered' | 'missing' | 'out_of_order' | 'head_mismatch'; detail: string }
export type VerifyReport = { ok: boolean; events: number; head: string; problems: VerifyProblem[] }

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
  /** Appends in one transaction (a savepoint of `outer` when given): all events or none. */
  async append(events: NewConsentEvent[], outer?: TransactionClientContract): Promise<ConsentEvent[]> {
    const tenantId = currentTenantId()
    if (!tenantId) throw new Error('consent events are written inside a tenant scope')
    if (!events.length) return []
    // The head row is created outside the locking transaction: an INSERT IGNORE inside it would
    // take a shared lock that two writers then both try to upgrade (a deadlock).
    const client = db.connection()
    await client.rawQuery(
      client.dialect.name === 'mysql'
        ? 'INSERT IGNORE INTO consent_chain_heads (tenant_id, seq, hash) VALUES (?, 0, ?)'
        : 'INSERT OR IGNORE INTO consent_chain_heads (tenant_id, seq, hash) VALUES (?, 0, ?)',
      [tenantId, GENESIS_HASH]
    )
    return (outer ?? db).transaction(async (trx) => {
      const head = await trx.from('consent_chain_heads').where('tenant_id', tenantId).forUpdate().firstOrFail()
      let seq = Number(head.seq)
      let prevHash = String(head.hash)
      // Whole seconds: what every supported database stores, so the hash can be recomputed from a read.
      const occurredAt = DateTime.fromJSDate(clock.now()).toUTC().startOf('second')
      const created: ConsentEvent[] = []
      for (const input of events) {
        seq += 1
        const row = { ...input, tenantId, seq, occurredAt: occurredAt.toISO()!, prevHash }
        const hash = eventHash(row)
        const event = new ConsentEvent().useTransaction(trx)
        event.merge({
          tenantId,
          seq,
          subjectType: input.subjectType,
          subjectId: input.subjectId,
          targetType: input.targetType,
          targetKey: input.targetKey,
          action: input.action,
          policyVersion: input.policyVersion ?? null,
          textHash: input.textHash ?? null,
          source: input.source,
          ip: input.ip ?? null,
          userAgent: input.userAgent?.slice(0, 512) ?? null,
          gpc: Boolean(input.gpc),
          occurredAt,
          prevHash,
          hash,
        })
        await event.save()
        created.push(event)
        prevHash = hash
      }
      await trx.from('consent_chain_heads').where('tenant_id', tenantId).update({ seq, hash: prevHash })
      return created
    })
  }

  /** Recomputes the whole chain: any altered, removed or reordered event breaks it. */
  async verify(): Promise<VerifyReport> {
    const tenantId = currentTenantId()
    if (!tenantId) throw new Error('verify runs inside a tenant scope')
    const problems: VerifyProblem[] = []
    let expectedSeq = 1
    let prevHash = GENESIS_HASH
    let count = 0
    let lastId = 0
    for (;;) {
      const batch = await ConsentEvent.query().where('id', '>', lastId).orderBy('id', 'asc').limit(1000)
      if (!batch.length) break
      for (const e of batch) {
        count++
        if (e.seq !== expectedSeq) {
          problems.push({
            seq: e.seq,
            kind: e.seq > expectedSeq ? 'missing' : 'out_of_order',
            detail: `expected event ${expectedSeq}, found ${e.seq}`,
          })
        }
        if (e.prevHash !== prevHash) {
          problems.push({ seq: e.seq, kind: 'out_of_order', detail: 'does not follow the event before it' })
        }
        const recomputed = eventHash({ ...e.$attributes, tenantId, occurredAt: e.occurredAt.toUTC().toISO()!, prevHash: e.prevHash } as Hashable)
        if (recomputed !== e.hash) problems.push({ seq: e.seq, kind: 'altered', detail: 'content does not match its hash' })
        expectedSeq = e.seq + 1
        prevHash = e.hash
      }
      lastId = batch[batch.length - 1]!.id
    }
    const head = await db.from('consent_chain_heads').where('tenant_id', tenantId).first()
    if (head && (Number(head.seq) !== expectedSeq - 1 || head.hash !== prevHash)) {
      problems.push({ seq: Number(head.seq), kind: 'head_mismatch', detail: 'events after the last one were removed' })
    }
    return { ok: problems.length === 0, events: count, head: prevHash, problems }
  }

  /** Events of one subject, oldest first. */
  history(subjectType: ConsentSubjectType, subjectId: string) {
    return ConsentEvent.query().where({ subject_type: subjectType, subject_id: subjectId }).orderBy('seq', 'asc')
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
