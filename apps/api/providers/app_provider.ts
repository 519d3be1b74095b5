import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Wires Tessera's pieces into the framework: queued mail goes through BullMQ, queues close on
 * shutdown.
 */
export default class AppProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const mail = await this.app.container.make('mail.manager')
    const { QueueMessenger } = await import('#mail/queue_messenger')
    mail.setMessenger((mailer) => new QueueMessenger(mailer.name))
  }

  async shutdown() {
    const { closeQueues } = await import('#queue/queues')
    await closeQueues()
    const { closeProgress } = await import('#inference/progress')
    await closeProgress()
  }
}
