import { createHash } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * Hash chains for append-only logs (consent ledger, audit log): each link's hash covers its content
 * and the previous link's hash, so an altered, removed or reordered entry breaks every hash after it.
 */
export const GENESIS_HASH = '0'.repeat(64)

/** The hash of one link: sha256 of the canonical JSON of its values (fixed order, explicit nulls). */
export function linkHash(values: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(values)).digest('hex')
}

export type ChainProblem = {
  seq: number
  kind: 'altered' | 'missing' | 'out_of_order' | 'head_mismatch'
  detail: string
}
export type ChainReport = { ok: boolean; events: number; head: string; problems: ChainProblem[] }

export type ChainLink = { seq: number; prevHash: string; hash: string }

/**
 * Creates a tenant's head row if missing, outside the locking transaction on MySQL (an INSERT
 * IGNORE there would take gap locks). SQLite has a single connection and locks the whole file:
 * inside a caller's transaction (`within`) the insert must use that transaction, or it would wait
 * for the connection the transaction holds.
 */
export async function ensureHead(
  headsTable: string,
  tenantId: number,
  within?: TransactionClientContract
): Promise<void> {
  const client = within && within.dialect.name !== 'mysql' ? within : db.connection()
  await client.rawQuery(
    `${client.dialect.name === 'mysql' ? 'INSERT IGNORE' : 'INSERT OR IGNORE'} INTO ${headsTable} (tenant_id, seq, hash) VALUES (?, 0, ?)`,
    [tenantId, GENESIS_HASH]
  )
}

/**
 * Walks a chain in seq order and reports every break. `batches` yields the links in order;
 * `recompute` gives the hash a link's stored content should have.
 */
export async function verifyChain<L extends ChainLink>(
  batches: AsyncIterable<L[]>,
  recompute: (link: L) => string,
  head: { seq: number; hash: string } | null
): Promise<ChainReport> {
  const problems: ChainProblem[] = []
  let expectedSeq = 1
  let prevHash = GENESIS_HASH
  let count = 0
  for await (const batch of batches) {
    for (const link of batch) {
      count++
      if (link.seq !== expectedSeq) {
        problems.push({
          seq: link.seq,
          kind: link.seq > expectedSeq ? 'missing' : 'out_of_order',
          detail: `expected entry ${expectedSeq}, found ${link.seq}`,
        })
      }
      if (link.prevHash !== prevHash) {
        problems.push({ seq: link.seq, kind: 'out_of_order', detail: 'does not follow the entry before it' })
      }
      if (recompute(link) !== link.hash) {
        problems.push({ seq: link.seq, kind: 'altered', detail: 'content does not match its hash' })
      }
      expectedSeq = link.seq + 1
      prevHash = link.hash
    }
  }
  if (head && (head.seq !== expectedSeq - 1 || head.hash !== prevHash)) {
    problems.push({ seq: head.seq, kind: 'head_mismatch', detail: 'entries after the last one were removed' })
  }
  return { ok: problems.length === 0, events: count, head: prevHash, problems }
}

/** Pages through a model query by id, in batches of `size`. */
export async function* byId<T extends { id: number }>(
  page: (afterId: number, size: number) => Promise<T[]>,
  size = 1000
) {
  let lastId = 0
  for (;;) {
    const batch = await page(lastId, size)
    if (!batch.length) return
    yield batch
    lastId = batch[batch.length - 1]!.id
  }
}
