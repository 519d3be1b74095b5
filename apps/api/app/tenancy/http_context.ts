import type Tenant from '#tenancy/tenant'
import type ApiKey from '#tenancy/api_key'
import type Admin from '#tenancy/admin'
import type { TenantRole } from '#tenancy/tenant'

/** Who is calling, as established by the key or token middleware. */
export type Caller =
  | { type: 'admin'; id: string; role: TenantRole; admin: Admin }
  | { type: 'api_key'; id: string; role: TenantRole; key: ApiKey }
  | { type: 'widget'; id: string; key: ApiKey }

declare module '@adonisjs/core/http' {
  interface HttpContext {
    /** The tenant resolved from the credentials. Only set on routes behind a tenancy middleware. */
    tenant: Tenant
    caller: Caller
  }
}
