import type { MailerMessenger, MessageBodyTemplates, NodeMailerMessage } from '@adonisjs/mail/types'
import { queue } from '#queue/queues'

export type MailJob = {
  mailer: string
  message: NodeMailerMessage
  views: MessageBodyTemplates
  sendConfig?: unknown
}

/**
 * Routes `mail.sendLater()` through the BullMQ `mail` queue, so a slow or failing SMTP server
 * never blocks a request and failed deliveries are retried with backoff. A job id given in
 * sendConfig (`{ jobId }`) makes the enqueue idempotent.
 */
export class QueueMessenger implements MailerMessenger {
  constructor(private mailerName: string) {}

  async queue(mail: { message: NodeMailerMessage; views: MessageBodyTemplates }, sendConfig?: unknown) {
    const jobId = (sendConfig as { jobId?: string } | undefined)?.jobId
    const data: MailJob = { mailer: this.mailerName, message: mail.message, views: mail.views }
    // Sent mails leave Redis at once: their payload holds an address and the message.
    return queue('mail').add('send', data, { jobId, removeOnComplete: true })
  }
}
