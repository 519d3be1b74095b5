import clock from '#shared/clock'
import { DateTime } from 'luxon'
import { publicId, randomBase62, sha256Hex } from '#shared/crypto'
import ApiKey, { type ApiKeyKind } from '#tenancy/api_key'
import Tenant from '#tenancy/tenant'
import { asSystem, withTenant } from '#tenancy/tenant_context'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

const PREFIX: Record<ApiKeyKind, string> = { publishable: 'pk_live_', secret: 'sk_live_' }

export type IssuedKey = { key: ApiKey; plaintext: string }

/**
 * Resolved keys are kept for a few seconds per process: every widget request starts with this
 * lookup. Revoking clears the entry here at once; other processes stop accepting the key within
 * KEY_CACHE_TTL_MS.
 */
const KEY_CACHE_TTL_MS = 5000
const keyCache = new Map<string, { resolved: ResolvedKey; at: number }>()

/** Drops cached keys of a tenant (its settings changed: origins, branding, secrets). */
export function forgetTenantKeys(tenantId: number) {
  for (const [hash, entry] of keyCache) if (entry.resolved.tenant.id === tenantId) keyCache.delete(hash)
}
export type ResolvedKey = { key: ApiKey; tenant: Tenant }

export function kindOfKey(plaintext: string): ApiKeyKind | null {
  if (plaintext.startsWith('pk_')) return 'publishable'
  if (plaintext.startsWith('sk_')) return 'secret'
  return null
}

/** Issues, resolves and revokes API keys. Plaintext keys exist only in the return value of `issue`. */
export default class ApiKeyService {
  /** Issues a key for the tenant of the current scope. `plaintext` may be given for the seeded demo key. */
  async issue(
    tenantId: number,
    kind: ApiKeyKind,
    label: string,
    plaintext?: string,
    trx?: TransactionClientContract
  ): Promise<IssuedKey> {
    const secret = plaintext ?? PREFIX[kind] + randomBase62(kind === 'secret' ? 40 : 32)
    const key = await withTenant(tenantId, () =>
      ApiKey.create(
        {
          tenantId,
          publicId: publicId('key'),
          kind,
          prefix: secret.slice(0, 12),
          keyHash: sha256Hex(secret),
          label,
          publishableKey: kind === 'publishable' ? secret : null,
        },
        { client: trx }
      )
    )
    return { key, plaintext: secret }
  }

  /**
   * Finds the active key matching a plaintext key, across tenants (the key is what tells us the
   * tenant). Returns null for unknown or revoked keys.
   */
  async resolve(plaintext: string): Promise<ResolvedKey | null> {
    if (!kindOfKey(plaintext) || plaintext.length > 128) return null
    const hash = sha256Hex(plaintext)
    const cached = keyCache.get(hash)
    if (cached && Date.now() - cached.at < KEY_CACHE_TTL_MS) return cached.resolved
    return asSystem('resolve an API key to its tenant', async () => {
      const key = await ApiKey.query().where('key_hash', hash).whereNull('revoked_at').first()
      if (!key) return null
      const tenant = await Tenant.find(key.tenantId)
      if (!tenant) return null
      // Coarse last-used stamp: one write per key per minute at most.
      const now = DateTime.fromJSDate(clock.now())
      if (!key.lastUsedAt || now.diff(key.lastUsedAt, 'minutes').minutes >= 1) {
        key.lastUsedAt = now
        await key.save()
      }
      keyCache.set(hash, { resolved: { key, tenant }, at: Date.now() })
      return { key, tenant }
    })
  }

  /** Revokes a key of the current tenant scope; idempotent. */
  async revoke(key: ApiKey): Promise<ApiKey> {
    if (!key.revokedAt) {
      key.revokedAt = DateTime.fromJSDate(clock.now())
      await key.save()
    }
    for (const [hash, entry] of keyCache) if (entry.resolved.key.id === key.id) keyCache.delete(hash)
    return key
  }
}
