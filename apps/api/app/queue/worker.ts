import { Worker, type Job } from 'bullmq'
import logger from '@adonisjs/core/services/logger'
import queueConfig from '#config/queue'
import { queue, SCHEDULES, type QueueName } from '#queue/queues'

export type Processor = (job: Job, token?: string) => Promise<unknown>

/** Processors by queue. Each capability registers its own from its folder. */
const processors = new Map<QueueName, () => Promise<Processor>>([
  ['mail', async () => (await import('#mail/mail_processor')).default],
  ['policy-notices', async () => (await import('#policies/notice_processor')).default],
  ['maintenance', async () => (await import('#privacy_requests/maintenance_processor')).default],
  ['purge', async () => (await import('#uploads/purge_processor')).default],
  ['inference', async () => (await import('#inference/inference_processor')).default],
  ['newsletters', async () => (await import('#newsletters/newsletter_processor')).default],
])

/** Queues with their own worker process (`node ace inference:work`): CPU-bound, kept apart. */
const SEPARATE: QueueName[] = ['inference']

/** Queues that talk to members are rate limited (jobs per second, per worker process). */
const limits: Partial<Record<QueueName, { max: number; duration: number }>> = {
  'policy-notices': { max: 50, duration: 1000 },
}

export function registeredQueues(options: { all?: boolean } = {}): QueueName[] {
  return [...processors.keys()].filter((name) => options.all || !SEPARATE.includes(name))
}

/**
 * Starts one BullMQ worker per queue. Used by `node ace queue:work` and by tests (real workers on
 * the test Redis).
 */
export async function startWorkers(
  names: QueueName[],
  options: { concurrency?: number; lockDuration?: number } = {}
): Promise<Worker[]> {
  const workers: Worker[] = []
  for (const name of names) {
    const load = processors.get(name)
    if (!load) throw new Error(`No processor registered for queue "${name}"`)
    const processor = await load()
    const worker = new Worker(name, processor, {
      connection: { ...queueConfig.connection, maxRetriesPerRequest: null },
      prefix: queueConfig.prefix,
      concurrency: options.concurrency ?? 4,
      // A killed worker's job is taken up again once its lock expires (stalled-job check).
      ...(options.lockDuration
        ? { lockDuration: options.lockDuration, stalledInterval: Math.max(500, options.lockDuration / 2) }
        : {}),
      ...(limits[name] ? { limiter: limits[name] } : {}),
    })
    worker.on('completed', (job) =>
      logger.info(
        {
          queue: name,
          jobId: job.id,
          attempt: job.attemptsMade,
          ms: (job.finishedOn ?? 0) - (job.processedOn ?? 0),
        },
        'job completed'
      )
    )
    worker.on('failed', (job, error) => {
      // Job ids and error messages only: payloads may hold personal data.
      logger.warn(
        { queue: name, jobId: job?.id, attempt: job?.attemptsMade, error: withoutAddresses(error.message) },
        'job failed'
      )
    })
    worker.on('error', (error) =>
      logger.error({ queue: name, error: withoutAddresses(error.message) }, 'worker error')
    )
    workers.push(worker)
    for (const schedule of SCHEDULES.filter((s) => s.queue === name)) {
      await queue(name).upsertJobScheduler(
        schedule.id,
        { pattern: schedule.pattern },
        { name: schedule.name }
      )
    }
  }
  return workers
}

/**
 * An error message fit for the log: SMTP servers name the rejected recipient ("550 <a@b.c>: no such
 * user"), so addresses are replaced before the message is written.
 */
export function withoutAddresses(message: string) {
  return message.replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[address]')
}
