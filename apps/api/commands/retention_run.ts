import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** One retention pass now: purges every upload whose time has come (what the sweeper does every minute). */
export default class RetentionRun extends BaseCommand {
  static commandName = 'retention:run'
  static description = 'Purge every expired upload now (file, data key, derived data)'
  static options: CommandOptions = { startApp: true }

  async run() {
    const { default: UploadService } = await import('#uploads/upload_service')
    const uploads = await this.app.container.make(UploadService)
    const purged = await uploads.sweep()
    this.logger.success(`${purged} upload(s) purged`)
  }
}
