// `npm start`: Tessera on the embedded defaults (SQLite, mails as files, local disk) with the
// API, the queue worker, the inference worker and the demo partner site. Ctrl+C stops everything.
import { bootstrap } from './lib/bootstrap.mjs'
import { spawnSync } from 'node:child_process'
import {
  ROOT,
  ace,
  embeddedEnv,
  portAnswers,
  startApi,
  startDemo,
  startInferenceWorker,
  startWorker,
  stopAll,
  waitForHttp,
} from './lib/processes.mjs'

bootstrap(import.meta.url)

const apiPort = Number(process.env.PORT ?? 3333)
const demoPort = Number(process.env.DEMO_PORT ?? 3400)
const env = embeddedEnv({ port: apiPort, demoPort })

console.log('Building the widgets and the admin console…')
const build = spawnSync(
  'npx',
  [
    'turbo',
    'run',
    'build',
    '--filter=@tessera/loader',
    '--filter=@tessera/console',
    '--output-logs=errors-only',
  ],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
  }
)
if (build.status !== 0) process.exit(build.status ?? 1)

const redis = await portAnswers(6379)
if (!redis) {
  console.warn(
    '\nNo Redis on 127.0.0.1:6379: the API starts, but queued work (e-mails, image analyses) waits until one answers.\n' +
      'Start one with:  redis-server --daemonize yes --save "" --appendonly no   (Debian: apt-get install -y redis-server)\n'
  )
}

console.log('Preparing the database…')
ace(['migration:run', '--force'], env)
ace(['demo:seed'], env)

const children = [
  startApi(env),
  redis ? startWorker(env) : null,
  redis ? startInferenceWorker(env) : null,
  startDemo({ port: demoPort, apiUrl: env.APP_URL }),
]
const shutdown = async () => {
  await stopAll(children)
  process.exit(0)
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)

await waitForHttp(`http://127.0.0.1:${apiPort}/v1/openapi.json`, { child: children[0] })
console.log(`
Tessera is running (embedded defaults: SQLite, mails as .eml files in apps/api/tmp/mail).
  API            ${env.APP_URL}          (health: ${env.APP_URL}/health, OpenAPI: ${env.APP_URL}/v1/openapi.json)
  Widget loader  ${env.APP_URL}/widgets/v1/tessera.js
  Admin console  ${env.APP_URL}/console   (demo owner: owner@hanbit-imaging.example / demo-owner-password)
  Demo site      http://localhost:${demoPort}   (a partner page using only script tags)
  Workers        ${redis ? 'queues (mail, notices, purge, maintenance) and inference (image analysis)' : 'not started: no Redis'}
Press Ctrl+C to stop.
`)
