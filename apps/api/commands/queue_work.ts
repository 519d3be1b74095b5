import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/** Runs BullMQ workers for Tessera's queues until SIGINT/SIGTERM, then finishes running jobs. */
export default class QueueWork extends BaseCommand {
  static commandName = 'queue:work'
  static description = 'Process queued jobs (mail, and the queues later capabilities add)'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.array({ description: 'Queues to work on (default: all but inference, see inference:work)' })
  declare queues?: string[]

  @flags.number({ description: 'Jobs processed at once per queue', default: 4 })
  declare concurrency: number

  async run() {
    const { startWorkers, registeredQueues } = await import('#queue/worker')
    const all = registeredQueues({ all: true })
    const names = (this.queues?.length ? this.queues : registeredQueues()) as typeof all
    const unknown = names.filter((n) => !all.includes(n))
    if (unknown.length) {
      this.logger.error(`Unknown queue(s): ${unknown.join(', ')}. Known: ${all.join(', ')}`)
      this.exitCode = 1
      return this.terminate()
    }
    const workers = await startWorkers(names, { concurrency: this.concurrency })
    this.logger.info(`Working on ${names.join(', ')} (concurrency ${this.concurrency})`)
    const stop = async () => {
      await Promise.all(workers.map((w) => w.close()))
      await this.terminate()
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  }
}
