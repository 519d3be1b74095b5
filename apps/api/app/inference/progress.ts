import { Redis } from 'ioredis'
import queueConfig from '#config/queue'

/**
 * Analysis progress between processes: workers publish each stage on Redis, and the API's
 * server-sent-event streams relay it to the member's browser. Messages carry the analysis as the
 * member sees it (status, model, summary), never personal data.
 */
let publisher: Redis | undefined

function connect(): Redis {
  const redis = new Redis({ ...queueConfig.connection, maxRetriesPerRequest: 2, lazyConnect: false })
  // Progress is best effort (the widget polls as well): an outage must not crash the process.
  redis.on('error', () => {})
  return redis
}

export function progressChannel(analysisPublicId: string): string {
  return `${queueConfig.prefix}:analysis:${analysisPublicId}`
}

export async function publishProgress(analysisPublicId: string, payload: unknown): Promise<void> {
  publisher ??= connect()
  await publisher.publish(progressChannel(analysisPublicId), JSON.stringify(payload)).catch(() => {})
}

/** Calls `listener` with every message for the analysis until the returned function is called. */
export async function subscribeProgress(
  analysisPublicId: string,
  listener: (payload: unknown) => void
): Promise<() => Promise<void>> {
  const subscriber = connect()
  const channel = progressChannel(analysisPublicId)
  subscriber.on('message', (from, message) => {
    if (from === channel) listener(JSON.parse(message))
  })
  await subscriber.subscribe(channel)
  return async () => {
    await subscriber.quit().catch(() => subscriber.disconnect())
  }
}

export async function closeProgress(): Promise<void> {
  await publisher?.quit().catch(() => publisher?.disconnect())
  publisher = undefined
}
