import { Queue, type JobsOptions } from 'bullmq'
import queueConfig from '#config/queue'
import { ProblemError } from '#shared/problem'

/** Names of the BullMQ queues. Later capabilities add theirs here (inference, purge, notices, …). */
export const QUEUE_NAMES = [
  'mail',
  'policy-notices',
  'maintenance',
  'purge',
  'inference',
  'newsletters',
] as const
export type QueueName = (typeof QUEUE_NAMES)[number]

const queues = new Map<QueueName, Queue>()

/** The producer side of a queue, one per process. */
export function queue(name: QueueName): Queue {
  let q = queues.get(name)
  if (!q) {
    q = new Queue(name, {
      // No offline queue: while Redis is away an add fails at once instead of holding the request
      // (and any transaction around it) until Redis is back. The connection comes back by itself.
      connection: { ...queueConfig.connection, maxRetriesPerRequest: null, enableOfflineQueue: false },
      prefix: queueConfig.prefix,
      defaultJobOptions: queueConfig.defaultJobOptions as JobsOptions,
    })
    // A Redis outage surfaces as failed adds (callers decide); the event only keeps it from crashing the process.
    q.on('error', () => {})
    const add = q.add.bind(q)
    const addBulk = q.addBulk.bind(q)
    q.add = ((...args: Parameters<Queue['add']>) => add(...args).catch(unavailable)) as Queue['add']
    q.addBulk = ((...args: Parameters<Queue['addBulk']>) =>
      addBulk(...args).catch(unavailable)) as Queue['addBulk']
    queues.set(name, q)
  }
  return q
}

/** Redis is not reachable: the client is told to try again shortly (503), never a 500. */
export const QUEUE_UNAVAILABLE_RETRY_SECONDS = 30

function unavailable(error: unknown): never {
  const message = (error as Error)?.message ?? ''
  if (/enableOfflineQueue|ECONNREFUSED|Connection is closed|MaxRetriesPerRequest/i.test(message)) {
    throw new ProblemError(
      503,
      'temporarily-unavailable',
      'Temporarily unavailable',
      'Part of the service is briefly unavailable. Please try again in a minute.',
      undefined,
      { retryAfter: QUEUE_UNAVAILABLE_RETRY_SECONDS }
    )
  }
  throw error
}

export async function closeQueues(): Promise<void> {
  await Promise.all([...queues.values()].map((q) => q.close()))
  queues.clear()
}

/** Repeatable jobs, registered (idempotently) whenever a worker for their queue starts. */
export const SCHEDULES: Array<{ queue: QueueName; id: string; pattern: string; name: string }> = [
  // Every morning, 08:00 UTC: reminders of privacy requests that are overdue or due soon.
  { queue: 'maintenance', id: 'request-reminders', pattern: '0 8 * * *', name: 'request-reminders' },
  // Every minute: purge any upload whose time has come that its own purge job missed.
  { queue: 'maintenance', id: 'retention-sweep', pattern: '* * * * *', name: 'retention-sweep' },
  // Every day, 00:30 UTC: remind subscribers of their marketing consent two years after the opt-in.
  { queue: 'newsletters', id: 'newsletter-reconfirmations', pattern: '30 0 * * *', name: 'reconfirmations' },
  // Every day, 00:15 UTC: usage-record expiry, dormancy notices, separation and destruction.
  { queue: 'maintenance', id: 'lifecycle', pattern: '15 0 * * *', name: 'lifecycle' },
  // Every day, 00:45 UTC: anonymised daily statistics of the last two days in each tenant's zone.
  { queue: 'maintenance', id: 'statistics', pattern: '45 0 * * *', name: 'statistics' },
]
