import type { TenantRole } from '#tenancy/tenant'

export const ROLES: readonly TenantRole[] = ['owner', 'admin', 'privacy_officer', 'analyst'] as const

/**
 * What each staff role may do. Secret keys act with the `admin` role. Analysts never see
 * personal data; privacy officers handle requests and audit logs.
 */
export const PERMISSIONS = {
  'tenant.read': ['owner', 'admin', 'privacy_officer', 'analyst'],
  'tenant.update': ['owner', 'admin'],
  'keys.manage': ['owner', 'admin'],
  'admins.read': ['owner', 'admin', 'privacy_officer'],
  'admins.manage': ['owner'],
  'audit.read': ['owner', 'privacy_officer'],
  'mail.test': ['owner', 'admin'],
  'consent.read': ['owner', 'admin', 'privacy_officer', 'analyst'],
  'consent.export': ['owner', 'admin', 'privacy_officer'],
  'requests.handle': ['owner', 'admin', 'privacy_officer'],
  'uploads.view': ['owner', 'admin', 'privacy_officer'],
  'policy.edit': ['owner', 'admin', 'privacy_officer'],
  'policy.publish': ['owner', 'admin', 'privacy_officer'],
  // Models hold no personal data: analysts may read the registry, admins change it.
  'models.read': ['owner', 'admin', 'analyst'],
  'models.manage': ['owner', 'admin'],
  // Campaign content and statistics hold no personal data; recipient lists do (and are audited).
  'newsletters.read': ['owner', 'admin', 'analyst'],
  'newsletters.manage': ['owner', 'admin'],
  'newsletters.recipients': ['owner', 'admin', 'privacy_officer'],
  // Usage records are personal data (IP addresses; reads are audited); daily statistics are anonymous.
  'usage.read': ['owner', 'admin', 'privacy_officer'],
  'statistics.read': ['owner', 'admin', 'privacy_officer', 'analyst'],
  // Finding a member and reading their profile is access to personal data (audited); never analysts.
  'members.read': ['owner', 'admin', 'privacy_officer'],
} as const satisfies Record<string, readonly TenantRole[]>

export type Permission = keyof typeof PERMISSIONS

export function roleAllows(role: TenantRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly TenantRole[]).includes(role)
}
