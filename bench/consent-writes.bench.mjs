// Consent writes per second through the API (HTTP receipt → validation → hash-chained ledger in
// MariaDB) against raw mysql2 inserts of the same rows in the same run. Target: ≥ 0.5×.
// Needs MariaDB and Redis as for the tests (scripts/test-services.sh) and a database the script may
// reset (BENCH_DB_DATABASE, default tessera_e2e).
import { randomUUID } from 'node:crypto'
import mysql from 'mysql2/promise'
import { ace, startApi, stopAll, waitForHttp, DEMO_KEY, LOADER_DIST } from '../scripts/lib/processes.mjs'
import { report } from './lib.mjs'

const PORT = 3360
const ORIGIN = 'http://localhost:3461'
const RECEIPTS = Number(process.env.BENCH_RECEIPTS ?? 600)
const CONCURRENCY = 8
const db = {
  host: '127.0.0.1',
  port: 3306,
  user: process.env.DB_USER ?? 'tessera',
  password: process.env.DB_PASSWORD ?? 'tessera-test',
  database: process.env.BENCH_DB_DATABASE ?? 'tessera_e2e',
}
const env = {
  NODE_ENV: 'production',
  PORT: String(PORT),
  HOST: '127.0.0.1',
  APP_KEY: 'bench-app-key-not-secret-0123456789abcdef',
  APP_URL: `http://localhost:${PORT}`,
  LOG_LEVEL: 'warn',
  DB_CONNECTION: 'mysql',
  DB_HOST: db.host,
  DB_PORT: String(db.port),
  DB_USER: db.user,
  DB_PASSWORD: db.password,
  DB_DATABASE: db.database,
  REDIS_HOST: '127.0.0.1',
  REDIS_PORT: '6379',
  REDIS_DB: '4',
  QUEUE_PREFIX: 'tessera-bench',
  MAIL_MAILER: 'file',
  MAIL_FROM_ADDRESS: 'no-reply@tessera.test',
  MAIL_FROM_NAME: 'Tessera',
  DRIVE_DISK: 'fs',
  WIDGETS_DIR: LOADER_DIST,
  DEMO_PUBLISHABLE_KEY: DEMO_KEY,
  DEMO_ORIGIN: ORIGIN,
}

async function pool(n, work) {
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) await work(next++)
    })
  )
}

ace(['migration:fresh', '--force'], env)
ace(['demo:seed'], env)
const api = startApi(env, { quiet: true })
try {
  await waitForHttp(`http://127.0.0.1:${PORT}/health`, { child: api })
  const config = await (
    await fetch(`http://127.0.0.1:${PORT}/v1/widget/cookies/config`, {
      headers: { 'x-tessera-key': DEMO_KEY, origin: ORIGIN },
    })
  ).json()
  const receipt = () => ({
    visitorId: randomUUID(),
    visitorToken: null,
    choices: { analytics: true, marketing: false },
    policyHash: config.policyHash,
    gpc: false,
    source: 'banner',
  })
  const post = async () => {
    const response = await fetch(`http://127.0.0.1:${PORT}/v1/widget/cookies/receipts?key=${DEMO_KEY}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: ORIGIN },
      body: JSON.stringify(receipt()),
    })
    if (response.status !== 201) throw new Error(`receipt answered ${response.status}`)
  }
  await pool(50, post) // warm-up

  // The framework's own ceiling on this machine: a route that touches no database.
  const noop = () =>
    fetch(`http://127.0.0.1:${PORT}/v1/schemas/consent-proof.json`).then((r) => r.arrayBuffer())
  await pool(50, noop)
  const noopStart = process.hrtime.bigint()
  await pool(RECEIPTS, noop)
  const noopRate = RECEIPTS / (Number(process.hrtime.bigint() - noopStart) / 1e9)

  const start = process.hrtime.bigint()
  await pool(RECEIPTS, post)
  const apiSeconds = Number(process.hrtime.bigint() - start) / 1e9
  const eventsPerReceipt = config.categories.filter((c) => !c.required).length
  const apiRate = (RECEIPTS * eventsPerReceipt) / apiSeconds

  // Baseline: the same number of rows, inserted with plain mysql2 (autocommit, same concurrency).
  const conn = mysql.createPool({ ...db, connectionLimit: CONCURRENCY })
  // The same two rows per event the ledger writes: the event and its personal details.
  await conn.query('CREATE TABLE IF NOT EXISTS bench_consent_rows LIKE consent_events')
  await conn.query('CREATE TABLE IF NOT EXISTS bench_consent_details LIKE consent_event_details')
  await conn.query('DELETE FROM bench_consent_rows')
  await conn.query('DELETE FROM bench_consent_details')
  const tenantId = (await conn.query('SELECT id FROM tenants LIMIT 1'))[0][0].id
  let seq = 0
  const rows = RECEIPTS * eventsPerReceipt
  const rawStart = process.hrtime.bigint()
  await pool(rows, async () => {
    const s = ++seq
    await conn.query(
      'INSERT INTO bench_consent_rows (tenant_id, seq, subject_type, subject_id, target_type, target_key, action, policy_version, text_hash, source, gpc, occurred_at, details_hash, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,NOW(),?,?,?)',
      [
        tenantId,
        s,
        'visitor',
        randomUUID(),
        'cookie_category',
        'analytics',
        'grant',
        'pv_x',
        'a'.repeat(64),
        'banner',
        0,
        'b'.repeat(64),
        '0'.repeat(64),
        'f'.repeat(64),
      ]
    )
    await conn.query(
      'INSERT INTO bench_consent_details (tenant_id, seq, salt, ip, user_agent) VALUES (?,?,?,?,?)',
      [tenantId, s, 'c'.repeat(32), '127.0.0.1', 'bench']
    )
  })
  const rawSeconds = Number(process.hrtime.bigint() - rawStart) / 1e9
  await conn.query('DROP TABLE bench_consent_rows')
  await conn.query('DROP TABLE bench_consent_details')
  await conn.end()

  report('consent-writes', [
    {
      figure: `consent events/s (${RECEIPTS} receipts × ${eventsPerReceipt} over HTTP)`,
      tessera: apiRate,
      baseline: rows / rawSeconds,
      unit: 'per_s',
      target: '≥ 0.5×',
    },
    {
      figure: 'receipts/s vs HTTP requests/s to a no-database route',
      tessera: apiRate / eventsPerReceipt,
      baseline: noopRate,
      unit: 'per_s',
      target: 'context',
    },
  ])
} finally {
  await stopAll([api])
}
