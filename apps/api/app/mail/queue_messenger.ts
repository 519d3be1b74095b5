import type { MailerMessenger, MessageBodyTemplates, NodeMailerMessage } from '@adonisjs/mail/types'
import { queue } from '#queue/queues'

const DEDUPLICATION_TTL_MS = 7 * 24 * 3600 * 1000

export type MailJob = {
  mailer: string
  message: NodeMailerMessage
  views: MessageBodyTemplates
  sendConfig?: unknown
}

/**
 * Routes `mail.sendLater()` through the BullMQ `mail` queue, so a slow or failing SMTP server
 * never blocks a request and failed deliveries are retried with backoff. An id given in sendConfig
 * (`{ jobId }`) makes the enqueue idempotent for a week.
 */
export class QueueMessenger implements MailerMessenger {
  constructor(private mailerName: string) {}

  async queue(mail: { message: NodeMailerMessage; views: MessageBodyTemplates }, sendConfig?: unknown) {
    const jobId = (sendConfig as { jobId?: string } | undefined)?.jobId
    const data: MailJob = { mailer: this.mailerName, message: mail.message, views: mail.views }
    // Sent mails leave Redis at once (their payload holds an address and the message); the
    // deduplication key alone stays for a week, so a repeated key is not queued again even after
    // the first mail went out.
    return queue('mail').add('send', data, {
      removeOnComplete: true,
      ...(jobId ? { deduplication: { id: jobId, ttl: DEDUPLICATION_TTL_MS } } : {}),
    })
  }
}
