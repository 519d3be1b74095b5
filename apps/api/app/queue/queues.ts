import { Queue, type JobsOptions } from 'bullmq'
import queueConfig from '#config/queue'

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
      connection: { ...queueConfig.connection, maxRetriesPerRequest: null },
      prefix: queueConfig.prefix,
      defaultJobOptions: queueConfig.defaultJobOptions as JobsOptions,
    })
    // A Redis outage surfaces as failed adds (callers decide); the event only keeps it from crashing the process.
    q.on('error', () => {})
    queues.set(name, q)
  }
  return q
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
