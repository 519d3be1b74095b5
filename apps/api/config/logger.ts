import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, targets } from '@adonisjs/core/logger'

/*
 * Keys, tokens and passwords never reach a log line: pino redacts these paths wherever they appear.
 */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers["x-tessera-key"]',
  'req.headers.cookie',
  '*.password',
  '*.token',
  '*.secret',
  '*.key',
  '*.apiKey',
  'password',
  'token',
  'secret',
  'key',
]

const loggerConfig = defineConfig({
  default: 'app',
  loggers: {
    app: {
      enabled: true,
      name: 'tessera-api',
      level: env.get('LOG_LEVEL'),
      redact: { paths: redactPaths, censor: '[redacted]' },
      transport: {
        targets: targets()
          .pushIf(!app.inProduction && !app.inTest, targets.pretty())
          .pushIf(
            app.inProduction || app.inTest,
            targets.file({ destination: env.get('LOG_FILE') ?? 1, mkdir: true })
          )
          .toArray(),
      },
    },
  },
})

export default loggerConfig

declare module '@adonisjs/core/types' {
  export interface LoggersList extends InferLoggers<typeof loggerConfig> {}
}
import type { InferLoggers } from '@adonisjs/core/types'
