import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import { column } from '@adonisjs/lucid/orm'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import { DbAccessTokensProvider, type AccessToken } from '@adonisjs/auth/access_tokens'
import { TenantScopedModel } from '#tenancy/tenant_scoped_model'
import type { TenantRole } from '#tenancy/tenant'

const AuthFinder = withAuthFinder(() => hash.use('scrypt'), {
  uids: ['email'],
  passwordColumnName: 'password',
})

/** A member of a tenant's staff who signs in to the admin API and console. */
export default class Admin extends AuthFinder(TenantScopedModel) {
  @column({ isPrimary: true, serializeAs: null })
  declare id: number

  @column()
  declare publicId: string

  @column()
  declare email: string

  @column()
  declare fullName: string

  @column({ serializeAs: null })
  declare password: string

  @column()
  declare role: TenantRole

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** Set by the tokens guard on the authenticated admin. */
  declare currentAccessToken?: AccessToken

  static accessTokens = DbAccessTokensProvider.forModel(Admin, {
    expiresIn: '12 hours',
    prefix: 'tat_',
    table: 'auth_access_tokens',
    type: 'admin_session',
    tokenSecretLength: 40,
  })
}
