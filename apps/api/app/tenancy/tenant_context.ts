import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * Which tenant the current unit of work (HTTP request, queue job, command) acts for.
 *
 * Every tenant-owned model reads it on each query (see TenantScopedModel): inside a tenant scope a
 * query can only see and change that tenant's rows; outside any scope a query on tenant data fails
 * loudly. Cross-tenant work (key lookup, sweepers) must say so with `asSystem`, which is easy to
 * grep for and review.
 */
export type TenantScope = { kind: 'tenant'; tenantId: number } | { kind: 'system'; reason: string }

const storage = new AsyncLocalStorage<TenantScope>()

export class UnscopedQueryError extends Error {
  constructor(model: string) {
    super(
      `Query on tenant data (${model}) outside a tenant scope. Run it inside withTenant() or, for ` +
        'deliberate cross-tenant work, asSystem().'
    )
    this.name = 'UnscopedQueryError'
  }
}

export class CrossTenantWriteError extends Error {
  constructor(model: string) {
    super(`Refused to write a ${model} row that belongs to another tenant than the current scope.`)
    this.name = 'CrossTenantWriteError'
  }
}

export function currentScope(): TenantScope | undefined {
  return storage.getStore()
}

export function currentTenantId(): number | undefined {
  const scope = storage.getStore()
  return scope?.kind === 'tenant' ? scope.tenantId : undefined
}

export function withTenant<T>(tenantId: number, work: () => T): T {
  return storage.run({ kind: 'tenant', tenantId }, work)
}

export function asSystem<T>(reason: string, work: () => T): T {
  return storage.run({ kind: 'system', reason }, work)
}

/**
 * An async generator whose every step runs in the tenant's scope: streamed responses are consumed
 * after the request's middleware (and its scope) has returned.
 */
export async function* inTenantScope<T>(tenantId: number, source: AsyncGenerator<T>): AsyncGenerator<T> {
  for (;;) {
    const step = await withTenant(tenantId, () => source.next())
    if (step.done) return
    yield step.value
  }
}
