import { BaseModel, beforeCreate, beforeDelete, beforeUpdate, column } from '@adonisjs/lucid/orm'
import type { ModelAdapterOptions, ModelQueryBuilderContract, LucidModel } from '@adonisjs/lucid/types/model'
import { CrossTenantWriteError, UnscopedQueryError, currentScope } from '#tenancy/tenant_context'

type KnexStatement = { grouping: string; type?: string; column?: unknown; value?: unknown }
type KnexBuilder = {
  _statements: KnexStatement[]
  where(...args: unknown[]): KnexBuilder
  once(event: 'start', listener: (builder: KnexBuilder) => void): void
}
type ScopedQuery = { knexQuery: unknown; clone(): ScopedQuery; where(column: string, value: number): unknown }

/**
 * Adds `tenant_id = ?` and, right before the SQL is compiled, regroups every other condition
 * under it: `tenant_id = ? AND (…conditions…)`. Without the regrouping a later `orWhere` (as the
 * auth finder uses) would read `tenant_id = ? OR email = ?` and escape the scope.
 */
function enforceTenant(query: ScopedQuery, column: string, tenantId: number) {
  query.where(column, tenantId)
  const regroup = (builder: KnexBuilder) => {
    // Drop our own `tenant_id = ?` (the first such clause) from what goes into the group: inside
    // it, `tenant_id = ? OR email = ?` would match every row of the tenant.
    const ownIndex = builder._statements.findIndex(
      (s) => s.grouping === 'where' && s.type === 'whereBasic' && s.column === column && s.value === tenantId
    )
    const wheres = builder._statements.filter((s, i) => s.grouping === 'where' && i !== ownIndex)
    builder._statements = builder._statements.filter((s) => s.grouping !== 'where')
    builder.where(column, tenantId)
    if (wheres.length) {
      builder.where(function (this: KnexBuilder) {
        this._statements.push(...wheres)
      })
    }
  }
  ;(query.knexQuery as KnexBuilder).once('start', regroup)
  // Clones (e.g. the count query of a paginator) are regrouped too.
  const clone = query.clone.bind(query)
  query.clone = () => {
    const cloned = clone()
    ;(cloned.knexQuery as KnexBuilder).once('start', regroup)
    return cloned
  }
}

/**
 * Base class of every model whose rows belong to a tenant. Scoping is applied where queries are
 * born (`query()`, which find/findBy/all/update/delete all go through), so a controller cannot
 * forget it: inside a tenant scope every query carries `tenant_id = ?`; outside any scope it throws.
 */
export class TenantScopedModel extends BaseModel {
  @column({ serializeAs: null })
  declare tenantId: number

  static query<Model extends LucidModel, Result = InstanceType<Model>>(
    this: Model,
    options?: ModelAdapterOptions
  ): ModelQueryBuilderContract<Model, Result> {
    const scope = currentScope()
    if (!scope) throw new UnscopedQueryError(this.name)
    const query = super.query(options) as ModelQueryBuilderContract<Model, Result>
    if (scope.kind === 'tenant') enforceTenant(query, `${this.table}.tenant_id`, scope.tenantId)
    return query
  }

  @beforeCreate()
  static assignTenant(row: TenantScopedModel) {
    const scope = currentScope()
    const name = (row.constructor as typeof TenantScopedModel).name
    if (!scope) throw new UnscopedQueryError(name)
    if (scope.kind === 'system') {
      if (!row.tenantId) throw new CrossTenantWriteError(name)
      return
    }
    if (row.tenantId === undefined || row.tenantId === null) row.tenantId = scope.tenantId
    if (row.tenantId !== scope.tenantId) throw new CrossTenantWriteError(name)
  }

  @beforeUpdate()
  @beforeDelete()
  static guardTenant(row: TenantScopedModel) {
    const scope = currentScope()
    const name = (row.constructor as typeof TenantScopedModel).name
    if (!scope) throw new UnscopedQueryError(name)
    if ('tenantId' in row.$dirty) throw new CrossTenantWriteError(name)
    if (scope.kind === 'tenant' && row.tenantId !== scope.tenantId) throw new CrossTenantWriteError(name)
  }
}
