import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { errors as vineErrors } from '@vinejs/vine'
import vine from '@vinejs/vine'
import { createTenantValidator } from '#tenancy/validators'

const ownerValidator = vine.create(vine.object({ ownerEmail: vine.string().trim().maxLength(254).email() }))
import { ProblemError } from '#shared/problem'

/**
 * Creates a tenant with an owner admin and a publishable and a secret key. The password and keys
 * are printed once and stored only as hashes.
 */
export default class TenantCreate extends BaseCommand {
  static commandName = 'tenant:create'
  static description = 'Create a tenant, its owner admin and its first API keys'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Display name', required: true })
  declare name: string

  @flags.string({ description: 'Legal name (defaults to the name)' })
  declare legalName?: string

  @flags.string({ description: 'ISO 3166-1 alpha-2 country', default: 'KR' })
  declare country: string

  @flags.array({ description: 'Allowed origin for widgets (repeatable)', alias: 'o' })
  declare origin: string[]

  @flags.string({ description: 'Owner e-mail', required: true })
  declare ownerEmail: string

  @flags.string({ description: 'Privacy officer name (defaults to "Privacy Officer")' })
  declare officerName?: string

  @flags.string({ description: 'Privacy officer e-mail (defaults to the owner e-mail)' })
  declare officerEmail?: string

  @flags.string({ description: 'Default locale (en or ko)', default: 'en' })
  declare locale: string

  @flags.boolean({ description: 'Print the result as JSON' })
  declare json: boolean

  async run() {
    const { default: TenantService } = await import('#tenancy/tenant_service')
    const service = await this.app.container.make(TenantService)
    try {
      await ownerValidator.validate({ ownerEmail: this.ownerEmail })
      const input = await createTenantValidator.validate({
        name: this.name,
        legalName: this.legalName ?? this.name,
        country: this.country,
        defaultLocale: this.locale,
        locales: ['en', 'ko'],
        allowedOrigins: this.origin ?? [],
        officer: {
          name: this.officerName ?? 'Privacy Officer',
          department: 'Privacy Office',
          email: this.officerEmail ?? this.ownerEmail,
        },
      })
      const created = await service.create(input, { email: this.ownerEmail, fullName: 'Owner' })
      const result = {
        tenant: created.tenant.publicId,
        name: created.tenant.name,
        owner: created.owner,
        publishableKey: created.publishableKey,
        secretKey: created.secretKey,
        allowedOrigins: created.tenant.allowedOrigins,
      }
      if (this.json) {
        this.logger.log(JSON.stringify(result, null, 2))
      } else {
        this.logger.success(`Tenant ${result.tenant} (${result.name}) created`)
        this.logger.log(`  owner e-mail     ${result.owner.email}`)
        this.logger.log(`  owner password   ${result.owner.password}`)
        this.logger.log(`  publishable key  ${result.publishableKey}`)
        this.logger.log(`  secret key       ${result.secretKey}`)
        this.logger.log('  These secrets are shown once; Tessera stores only their hashes.')
      }
    } catch (error) {
      this.exitCode = 1
      if (error instanceof vineErrors.E_VALIDATION_ERROR) {
        for (const m of error.messages as Array<{ field: string; message: string }>)
          this.logger.error(`${m.field}: ${m.message}`)
      } else if (error instanceof ProblemError) {
        for (const f of error.fields ?? []) this.logger.error(`${f.field}: ${f.message}`)
      } else {
        throw error
      }
    }
  }
}
