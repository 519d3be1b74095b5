// One Tessera stack for an end-to-end file, on the production column: MariaDB, Redis, a real SMTP
// server that keeps what it receives, the API with its queue worker, and the demo partner site, as
// separate processes on loopback.
import { SMTPServer } from 'smtp-server'
import { simpleParser } from 'mailparser'
import {
  ace,
  startApi,
  startDemo,
  startInferenceWorker,
  startWorker,
  stopAll,
  waitForHttp,
  DEMO_KEY,
  LOADER_DIST,
  CONSOLE_DIST,
  API_DIR,
} from '../scripts/lib/processes.mjs'
import { join } from 'node:path'

export { DEMO_KEY }

/**
 * Where a stack's process writes its JSON log: apps/api/tmp/logs, which the log-privacy check
 * (scripts/log-privacy.check.mjs) reads after the whole test run.
 */
function logFile(apiPort, role) {
  return join(API_DIR, 'tmp', 'logs', `e2e-${apiPort}-${role}.log`)
}

export async function startStack({
  apiPort,
  demoPort,
  smtpPort,
  redisDb,
  worker = false,
  inference = worker,
  redisPort = process.env.E2E_REDIS_PORT ?? '6379',
}) {
  const apiUrl = `http://localhost:${apiPort}`
  const demoUrl = `http://localhost:${demoPort}`
  const mails = []
  const listenSmtp = async () => {
    const server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks = []
        stream.on('data', (c) => chunks.push(c))
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks).toString('utf8')
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), parsed: await simpleParser(raw) })
          callback()
        })
      },
    })
    await new Promise((resolve) => server.listen(smtpPort, '127.0.0.1', resolve))
    return server
  }
  let smtp = await listenSmtp()

  const env = {
    NODE_ENV: 'production',
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    APP_KEY: 'e2e-app-key-not-secret-0123456789abcdef',
    APP_URL: apiUrl,
    LOG_LEVEL: 'info',
    LOG_FILE: logFile(apiPort, 'api'),
    DB_CONNECTION: 'mysql',
    DB_HOST: process.env.DB_HOST ?? '127.0.0.1',
    DB_PORT: process.env.DB_PORT ?? '3306',
    DB_USER: process.env.DB_USER ?? 'tessera',
    DB_PASSWORD: process.env.DB_PASSWORD ?? 'tessera-test',
    DB_DATABASE: process.env.E2E_DB_DATABASE ?? 'tessera_e2e',
    REDIS_HOST: '127.0.0.1',
    REDIS_PORT: String(redisPort),
    REDIS_DB: String(redisDb),
    QUEUE_PREFIX: `tessera-e2e-${apiPort}`,
    MAIL_MAILER: 'smtp',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    MAIL_FROM_ADDRESS: 'no-reply@tessera.test',
    MAIL_FROM_NAME: 'Tessera',
    DRIVE_DISK: 'fs',
    DRIVE_FS_ROOT: 'tmp/e2e-storage',
    WIDGETS_DIR: LOADER_DIST,
    CONSOLE_DIR: CONSOLE_DIST,
    DEMO_PUBLISHABLE_KEY: DEMO_KEY,
    DEMO_ORIGIN: demoUrl,
    // Every browser here is 127.0.0.1; the limits have their own API tests (rate_limits.spec.ts).
    RATE_LIMITS_ENABLED: 'false',
  }
  // Lucid's MariaDB migration lock (GET_LOCK) is server-wide: stacks migrating other databases at
  // the same moment make it fail now and then, so try again a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      ace(['migration:fresh', '--force'], env)
      break
    } catch (error) {
      if (attempt === 3 || !/database lock/.test(String(error))) throw error
      await new Promise((r) => setTimeout(r, 2000 * attempt))
    }
  }
  ace(['demo:seed'], env)
  let api = startApi(env, { quiet: true })
  const workerEnv = { ...env, LOG_FILE: logFile(apiPort, 'worker') }
  let work = worker ? startWorker(workerEnv, { quiet: true }) : null
  const inferenceLog = { ...env, LOG_FILE: logFile(apiPort, 'inference') }
  const inferenceWorkers = inference ? [startInferenceWorker(inferenceLog, { quiet: true })] : []
  const demo = startDemo({ port: demoPort, apiUrl }, { quiet: true })
  await waitForHttp(`${apiUrl}/health`, { child: api })
  await waitForHttp(demoUrl, { child: demo })

  const config = await (
    await fetch(`${apiUrl}/v1/widget/config`, { headers: { 'x-tessera-key': DEMO_KEY, origin: demoUrl } })
  ).json()

  return {
    env,
    apiUrl,
    get apiPid() {
      return api.pid
    },
    /** What the API process printed (for diagnosing a failed test; its log is in LOG_FILE). */
    apiOutput: () => api.output(),
    /** Kills the API process at once (SIGKILL: no cleanup, like a crash or a power cut). */
    async killApi() {
      const exited = new Promise((resolve) => api.once('exit', resolve))
      api.kill('SIGKILL')
      await exited
    },
    /** Starts the API process again (after `killApi`) and waits until it answers. */
    async restartApi() {
      api = startApi(env, { quiet: true })
      await waitForHttp(`${apiUrl}/health`, { child: api })
    },
    /** Stops the queue worker process (jobs wait in Redis); `startWorker` brings one back. */
    async stopWorker() {
      await stopAll([work])
      work = null
    },
    startWorker() {
      work = startWorker(workerEnv, { quiet: true })
    },
    /** Closes the SMTP server: deliveries are refused until `startSmtp`. */
    async stopSmtp() {
      const running = smtp
      smtp = null
      if (running) await new Promise((resolve) => running.close(resolve))
    },
    async startSmtp() {
      smtp ??= await listenSmtp()
    },
    /** Starts one more inference worker process; stopped with the stack. */
    startInferenceWorker(extraEnv = {}) {
      const child = startInferenceWorker({ ...inferenceLog, ...extraEnv }, { quiet: true })
      inferenceWorkers.push(child)
      return child
    },
    /** Stops the inference workers started so far. */
    async stopInferenceWorkers() {
      await stopAll(inferenceWorkers.splice(0))
    },
    demoUrl,
    tenantId: config.tenant.id,
    mails,
    /** The first mail to `address` matching `predicate`, waiting up to 15 s. */
    async mailTo(address, predicate = () => true, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        const found = mails.find((m) => m.to.includes(address) && predicate(m))
        if (found) return found
        await new Promise((r) => setTimeout(r, 100))
      }
      throw new Error(`no mail to ${address} (got ${mails.length})`)
    },
    /**
     * Registers a member through the widget API as the sign-up element does (honouring a 503's
     * Retry-After), reads the verification mail and, unless `verify` is false, opens its link.
     * Returns the member's session token, or the mailed link when `verify` is false.
     */
    async registerMember(
      email,
      {
        consents = { image_analysis: true },
        locale = 'en',
        returnPage = 'privacy.html',
        firstName = 'Ye-jin',
        lastName = 'Moon',
        company = 'Incheon Clinic',
        verify = true,
      } = {}
    ) {
      const headers = { 'content-type': 'application/json', 'x-tessera-key': DEMO_KEY, origin: demoUrl }
      const purposes = await (await fetch(`${apiUrl}/v1/widget/purposes`, { headers })).json()
      const body = JSON.stringify({
        firstName,
        lastName,
        company,
        nationality: 'KR',
        email,
        locale,
        policyVersion: purposes.policyVersion,
        consents: Object.entries(consents).map(([purpose, granted]) => ({ purpose, granted })),
        returnUrl: `${demoUrl}/${returnPage}`,
      })
      const deadline = Date.now() + 20_000
      let response = await fetch(`${apiUrl}/v1/widget/members`, { method: 'POST', headers, body })
      while (response.status === 503 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500))
        response = await fetch(`${apiUrl}/v1/widget/members`, { method: 'POST', headers, body })
      }
      if (response.status !== 202) throw new Error(`registration answered ${response.status}`)
      const mail = await this.mailTo(email, (m) => /tessera-verify=mv_/.test(String(m.parsed.text)), 90_000)
      const text = String(mail.parsed.text)
      if (!verify) return /(http:\/\/localhost:\d+\/\S+#tessera-verify=mv_[0-9A-Za-z]+)/.exec(text)[1]
      const token = /tessera-verify=(mv_[0-9A-Za-z]+)/.exec(text)[1]
      const verified = await fetch(`${apiUrl}/v1/widget/members/verify`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ token }),
      })
      if (verified.status !== 201) throw new Error(`verification answered ${verified.status}`)
      return (await verified.json()).session
    },
    /** A bearer token of the demo tenant's owner for admin API calls. */
    async ownerToken() {
      const response = await fetch(`${apiUrl}/v1/admin/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          tenant: config.tenant.id,
          email: 'owner@hanbit-imaging.example',
          password: 'demo-owner-password',
        }),
      })
      return (await response.json()).token
    },
    async close() {
      await stopAll([api, work, ...inferenceWorkers, demo])
      if (smtp) await new Promise((resolve) => smtp.close(resolve))
    },
  }
}
