/*
 * Every environment variable the API reads, validated at boot. The README's table mirrors this file.
 */
import { Env } from '@adonisjs/core/env'

export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  PORT: Env.schema.number(),
  HOST: Env.schema.string({ format: 'host' }),
  APP_KEY: Env.schema.secret(),
  APP_URL: Env.schema.string({ format: 'url', tld: false }),
  LOG_LEVEL: Env.schema.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
  /* Write the JSON log to this file instead of standard output (production and tests) */
  LOG_FILE: Env.schema.string.optional(),

  /* Database: mysql (MySQL 8 / MariaDB, production and tests) or sqlite (embedded default) */
  DB_CONNECTION: Env.schema.enum(['mysql', 'sqlite'] as const),
  DB_HOST: Env.schema.string.optional({ format: 'host' }),
  DB_PORT: Env.schema.number.optional(),
  DB_USER: Env.schema.string.optional(),
  DB_PASSWORD: Env.schema.secret.optional(),
  DB_DATABASE: Env.schema.string.optional(),
  SQLITE_FILE: Env.schema.string.optional(),

  /* Redis, used by the BullMQ queues */
  REDIS_HOST: Env.schema.string({ format: 'host' }),
  REDIS_PORT: Env.schema.number(),
  REDIS_PASSWORD: Env.schema.secret.optional(),
  REDIS_DB: Env.schema.number.optional(),
  QUEUE_PREFIX: Env.schema.string.optional(),

  /* Mail: smtp in production, file (.eml under tmp/mail) by default */
  MAIL_MAILER: Env.schema.enum(['smtp', 'file'] as const),
  MAIL_FROM_ADDRESS: Env.schema.string({ format: 'email' }),
  MAIL_FROM_NAME: Env.schema.string(),
  SMTP_HOST: Env.schema.string.optional({ format: 'host' }),
  SMTP_PORT: Env.schema.number.optional(),
  SMTP_USERNAME: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.secret.optional(),
  SMTP_SECURE: Env.schema.boolean.optional(),
  MAIL_DIR: Env.schema.string.optional(),

  /* Object storage: fs (local folder, default) or s3 (any S3-compatible service) */
  DRIVE_DISK: Env.schema.enum(['fs', 's3'] as const),
  DRIVE_FS_ROOT: Env.schema.string.optional(),
  S3_BUCKET: Env.schema.string.optional(),
  S3_REGION: Env.schema.string.optional(),
  S3_ENDPOINT: Env.schema.string.optional(),
  S3_ACCESS_KEY_ID: Env.schema.string.optional(),
  S3_SECRET_ACCESS_KEY: Env.schema.secret.optional(),

  /* Rate limits on sign-in, sign-in links, registration and privacy requests (start/limiter.ts):
     on unless false; counted in the database (LIMITER_STORE=database, default) or per process (memory) */
  RATE_LIMITS_ENABLED: Env.schema.boolean.optional(),
  LIMITER_STORE: Env.schema.enum.optional(['database', 'memory'] as const),

  /* A request header with the visitor's country set by a trusted proxy/CDN (e.g. cf-ipcountry); unset: not used */
  TRUSTED_COUNTRY_HEADER: Env.schema.string.optional(),

  /* Master key wrapping the per-upload data keys: 32 bytes, base64 (default: derived from APP_KEY) */
  UPLOAD_MASTER_KEY: Env.schema.secret.optional(),

  /* Folder of unfinished resumable (tus) uploads; default tmp/tus-partials */
  TUS_DIR: Env.schema.string.optional(),

  /* Inference workers (`node ace inference:work`): jobs at once per process, execution provider
     (cpu; cuda only where the operator installed onnxruntime's CUDA libraries), and whether a
     failed CUDA start may fall back to CPU (logged). */
  INFERENCE_CONCURRENCY: Env.schema.number.optional(),
  INFERENCE_EXECUTION_PROVIDER: Env.schema.enum.optional(['cpu', 'cuda'] as const),
  INFERENCE_CPU_FALLBACK: Env.schema.boolean.optional(),
  /* How long a worker holds a job's lock (ms): a killed worker's job is retried after it. Default 30000. */
  INFERENCE_LOCK_MS: Env.schema.number.optional(),

  /* Widgets and the demo tenant */
  WIDGETS_DIR: Env.schema.string.optional(),
  /* The built admin console (apps/console/dist), served under /console */
  CONSOLE_DIR: Env.schema.string.optional(),
  DEMO_PUBLISHABLE_KEY: Env.schema.string.optional(),
  DEMO_ORIGIN: Env.schema.string.optional(),
})
