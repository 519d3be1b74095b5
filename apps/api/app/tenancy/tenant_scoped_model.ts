import { BaseModel, beforeCreate, beforeDelete, beforeUpdate, column } from '@adonisjs/lucid/orm'
import type { ModelAdapterOptions, ModelQueryBuilderContract, LucidModel } from '@adonisjs/lucid/types/model'
import { CrossTenantWriteError, UnscopedQueryError, currentScope } from '#tenancy/tenant_context'

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
    if (scope.kind === 'tenant') query.where(`${this.table}.tenant_id`, scope.tenantId)
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
