import env from '#start/env'

/*
 * BullMQ on Redis. One connection description shared by producers (the API) and workers
 * (`node ace queue:work`).
 */
const queueConfig = {
  connection: {
    host: env.get('REDIS_HOST'),
    port: env.get('REDIS_PORT'),
    password: env.get('REDIS_PASSWORD')?.release(),
    db: env.get('REDIS_DB', 0),
  },
  prefix: env.get('QUEUE_PREFIX', 'tessera'),
  defaultJobOptions: {
    attempts: 5,
    backoff: { type: 'exponential' as const, delay: 2000 },
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  },
}

export default queueConfig
