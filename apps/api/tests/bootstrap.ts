import { assert } from '@japa/assert'
import { apiClient } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import testUtils from '@adonisjs/core/services/test_utils'
import { startSmtpServer, type TestSmtpServer } from '#tests/support/smtp'

export const plugins: Config['plugins'] = [assert(), apiClient(), pluginAdonisJS(app)]

let smtp: TestSmtpServer | undefined

/**
 * Before the suite: a real SMTP server on loopback (the one SMTP_PORT points at), migrations run
 * fresh on the test database, and the HTTP server started. After: everything closed.
 */
export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [
    async () => {
      smtp = await startSmtpServer(Number(process.env.SMTP_PORT))
    },
    () => testUtils.db().migrate(),
  ],
  teardown: [
    async () => {
      await smtp?.close()
    },
  ],
}

export const configureSuite: Config['configureSuite'] = (suite) => {
  if (['browser', 'functional', 'e2e'].includes(suite.name)) {
    return suite.setup(() => testUtils.httpServer().start())
  }
}
