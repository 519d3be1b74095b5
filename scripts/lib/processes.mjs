// Starting Tessera's processes (API, queue worker, demo site) from Node scripts: used by
// `npm start`, the end-to-end suite and the embedded-default smoke test.
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const API_DIR = join(ROOT, 'apps/api')
export const DEMO_SERVER = join(ROOT, 'apps/demo/server.mjs')
export const LOADER_DIST = join(ROOT, 'packages/loader/dist')
export const CONSOLE_DIST = join(ROOT, 'apps/console/dist')
export const DEMO_KEY = 'pk_demo_local_only_0000000000000000'

/** An APP_KEY kept in the API's tmp folder, made once, so `npm start` needs no configuration. */
export function localAppKey(dir = join(API_DIR, 'tmp')) {
  const file = join(dir, 'app-key')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dir, { recursive: true })
  const key = randomBytes(32).toString('base64url')
  writeFileSync(file, key + '\n', { mode: 0o600 })
  return key
}

/** The embedded default: SQLite, mails as .eml files, local disk, Redis on localhost. */
export function embeddedEnv({ port = 3333, demoPort = 3400, dataDir = join(API_DIR, 'tmp') } = {}) {
  return {
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_KEY: localAppKey(dataDir),
    APP_URL: `http://localhost:${port}`,
    LOG_LEVEL: 'info',
    DB_CONNECTION: 'sqlite',
    SQLITE_FILE: join(dataDir, 'tessera.sqlite3'),
    REDIS_HOST: '127.0.0.1',
    REDIS_PORT: '6379',
    MAIL_MAILER: 'file',
    MAIL_DIR: join(dataDir, 'mail'),
    MAIL_FROM_ADDRESS: 'no-reply@tessera.localhost',
    MAIL_FROM_NAME: 'Tessera',
    DRIVE_DISK: 'fs',
    DRIVE_FS_ROOT: join(dataDir, 'storage'),
    WIDGETS_DIR: LOADER_DIST,
    CONSOLE_DIR: CONSOLE_DIST,
    DEMO_PUBLISHABLE_KEY: DEMO_KEY,
    DEMO_ORIGIN: `http://localhost:${demoPort}`,
  }
}

/** Resolves true when something accepts TCP connections on host:port. */
export function portAnswers(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ port, host })
    const done = (ok) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

/** Runs an ace command to completion (migrations, seeding); throws with its output on failure. */
export function ace(args, env) {
  const result = spawnSync(process.execPath, ['ace', ...args], {
    cwd: API_DIR,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  })
  if (result.status !== 0) {
    throw new Error(`node ace ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`)
  }
  return result.stdout
}

/** Starts a long-running child; its output is prefixed with `name`. */
export function startProcess(name, args, { cwd = ROOT, env = {}, quiet = false } = {}) {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output = []
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8')
    stream.on('data', (chunk) => {
      output.push(chunk)
      if (!quiet)
        for (const line of chunk.split('\n')) if (line.trim()) process.stdout.write(`[${name}] ${line}\n`)
    })
  }
  child.output = () => output.join('')
  return child
}

export function startApi(env, options = {}) {
  return startProcess('api', ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
    cwd: API_DIR,
    env,
    ...options,
  })
}

export function startWorker(env, options = {}) {
  return startProcess('worker', ['ace', 'queue:work'], { cwd: API_DIR, env, ...options })
}

/** The inference worker: its own process, as model runs keep the CPU busy. */
export function startInferenceWorker(env, options = {}) {
  return startProcess('inference', ['ace', 'inference:work'], { cwd: API_DIR, env, ...options })
}

export function startDemo({ port, apiUrl, key = DEMO_KEY }, options = {}) {
  return startProcess('demo', [DEMO_SERVER], {
    env: { DEMO_PORT: String(port), TESSERA_API_URL: apiUrl, TESSERA_DEMO_PUBLISHABLE_KEY: key },
    ...options,
  })
}

/** Polls a URL until it answers (any status below 500 unless `okOnly`), or throws after `timeoutMs`. */
export async function waitForHttp(url, { timeoutMs = 60_000, child } = {}) {
  const deadline = Date.now() + timeoutMs
  let last = ''
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`process exited (${child.exitCode}) before ${url} answered:\n${child.output()}`)
    try {
      const response = await fetch(url)
      if (response.status < 500) return response
      last = `status ${response.status}`
    } catch (error) {
      last = error.message
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(
    `${url} did not answer within ${timeoutMs} ms (${last})${child ? `\n${child.output()}` : ''}`
  )
}

export function stopAll(children) {
  return Promise.all(
    children.filter(Boolean).map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve()
          child.once('exit', resolve)
          child.kill('SIGTERM')
          setTimeout(() => child.kill('SIGKILL'), 5000).unref()
        })
    )
  )
}

export function ensureDir(path) {
  mkdirSync(dirname(path), { recursive: true })
}
