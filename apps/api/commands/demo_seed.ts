import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Ensures the demo tenant used by `npm start` exists, with the well-known local publishable key
 * and the demo site's origin allowed. Idempotent.
 */
export default class DemoSeed extends BaseCommand {
  static commandName = 'demo:seed'
  static description = 'Create the demo tenant that the demo site uses (idempotent)'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({ description: 'Print the demo tenant as JSON' })
  declare json: boolean

  async run() {
    const { ensureDemoTenant } = await import('#tenancy/demo_tenant')
    const demo = await ensureDemoTenant()
    if (this.json) this.logger.log(JSON.stringify(demo))
    else
      this.logger.success(
        `Demo tenant ${demo.tenant} ready for ${demo.origins.join(', ')}${demo.created ? ' (created)' : ''}`
      )
  }
}
