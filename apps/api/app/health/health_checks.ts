import { BaseCheck, HealthChecks, Result } from '@adonisjs/core/health'
import { DbCheck } from '@adonisjs/lucid/database'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import { access, constants, mkdir } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import { queue } from '#queue/queues'
import type { HealthCheckResult } from '@adonisjs/core/types/health'

/** Redis answers a read through the queue's own connection. */
class QueueRedisCheck extends BaseCheck {
  name = 'Redis (queues)'
  async run(): Promise<HealthCheckResult> {
    try {
      const counts = await Promise.race([
        queue('mail').getJobCounts('waiting', 'failed'),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), 2000)),
      ])
      return Result.ok(
        `Redis answers (mail queue: ${counts.waiting ?? 0} waiting, ${counts.failed ?? 0} failed)`
      )
    } catch (error) {
      return Result.failed('Redis is unreachable', error as Error)
    }
  }
}

/** SMTP: the server accepts a connection (and login, when configured). File: the folder is writable. */
class MailTransportCheck extends BaseCheck {
  name = 'Mail transport'
  async run(): Promise<HealthCheckResult> {
    if (env.get('MAIL_MAILER') === 'file') {
      const dir = app.makePath(env.get('MAIL_DIR') ?? 'tmp/mail')
      try {
        await mkdir(dir, { recursive: true })
        await access(dir, constants.W_OK)
        return Result.ok('Mails are written to files')
      } catch (error) {
        return Result.failed('The mail folder is not writable', error as Error)
      }
    }
    const nodemailer = await import('nodemailer')
    const transport = nodemailer.createTransport({
      host: env.get('SMTP_HOST', '127.0.0.1'),
      port: env.get('SMTP_PORT', 587),
      secure: env.get('SMTP_SECURE', false),
      ignoreTLS: !env.get('SMTP_SECURE', false) && env.get('SMTP_HOST', '127.0.0.1') === '127.0.0.1',
      connectionTimeout: 2000,
      greetingTimeout: 2000,
      auth: env.get('SMTP_USERNAME')
        ? { user: env.get('SMTP_USERNAME')!, pass: env.get('SMTP_PASSWORD')?.release() ?? '' }
        : undefined,
    })
    try {
      await transport.verify()
      return Result.ok('SMTP server accepts connections')
    } catch (error) {
      return Result.failed('SMTP server is unreachable', error as Error)
    } finally {
      transport.close()
    }
  }
}

export const healthChecks = new HealthChecks().register([
  new DbCheck(db.connection()),
  new QueueRedisCheck(),
  new MailTransportCheck(),
])
