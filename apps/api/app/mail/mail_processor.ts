import type { Job } from 'bullmq'
import mail from '@adonisjs/mail/services/main'
import type { MailJob } from '#mail/queue_messenger'
import type { MailersList } from '@adonisjs/mail/types'

/** Sends one queued mail through the configured transport; a thrown error makes BullMQ retry. */
export default async function processMail(job: Job<MailJob>) {
  const { mailer, message, views } = job.data
  const response = await mail.use(mailer as keyof MailersList).sendCompiled({ message, views })
  return { messageId: response.messageId }
}
