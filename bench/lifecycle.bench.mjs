// The daily member lifecycle pass at scale, in-process against MariaDB and Redis:
// one tenant with 100 000 members (most active; 1 % due for the dormancy notice, 1 % due for
// separation, 0.1 % dormant members due for destruction; one usage record each, 10 % expired),
// one full pass (usage-record expiry, destruction, separation, notices queued on BullMQ) timed and
// its memory measured, against a plain SQL scan of the same rows (members of the tenant and the
// expired usage records: what any pass has to read at least). No target: for scale.
// Run: node --import=@poppinss/ts-exec bench/lifecycle.bench.mjs   (BENCH_MEMBERS=… to change the size)
// Uses its own database (BENCH_DB_DATABASE, default tessera_e2e, the end-to-end database; it is reset), Redis db
// BENCH_REDIS_DB (default 14) under its own queue prefix, which it empties afterwards.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { report } from './lib.mjs'
import { API_DIR } from '../scripts/lib/processes.mjs'

if (process.cwd() !== API_DIR) {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import=@poppinss/ts-exec', fileURLToPath(import.meta.url)],
    { cwd: API_DIR, env: process.env, stdio: 'inherit' }
  )
  process.exit(child.status ?? 1)
}

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000)
const DAY = 86_400_000

Object.assign(process.env, {
  TZ: 'UTC',
  NODE_ENV: 'test',
  LOG_LEVEL: 'error',
  DB_DATABASE: process.env.BENCH_DB_DATABASE ?? 'tessera_e2e',
  REDIS_DB: process.env.BENCH_REDIS_DB ?? '14',
  QUEUE_PREFIX: 'tessera-bench-lifecycle',
  APP_URL: 'https://tessera.bench',
  DRIVE_FS_ROOT: 'tmp/bench-lifecycle',
})

const migrated = spawnSync(process.execPath, ['ace', 'migration:fresh', '--force'], {
  cwd: API_DIR,
  env: process.env,
  stdio: 'inherit',
})
if (migrated.status !== 0) throw new Error('migration failed')

await import('reflect-metadata')
const { Ignitor } = await import('@adonisjs/core')
const APP_ROOT = pathToFileURL(`${API_DIR}/`)
const ignitor = new Ignitor(APP_ROOT, {
  importer: (p) => import(p.startsWith('.') ? new URL(p, APP_ROOT).href : p),
})
const app = ignitor.createApp('console')
app.booting(async () => {
  await import(pathToFileURL(join(API_DIR, 'start/env.js')).href)
})
await app.init()
await app.boot()
const load = (path) => import(pathToFileURL(join(API_DIR, path)).href)
const { default: db } = await import('@adonisjs/lucid/services/db')
const { default: encryption } = await import('@adonisjs/core/services/encryption')
const { ensureDemoTenant } = await load('app/tenancy/demo_tenant.js')
const { asSystem } = await load('app/tenancy/tenant_context.js')
const { default: Tenant } = await load('app/tenancy/tenant.js')
const { default: clock } = await load('app/shared/clock.js')
const { default: DormancyService } = await load('app/lifecycle/dormancy_service.js')
const { queue, closeQueues } = await load('app/queue/queues.js')

await ensureDemoTenant()
const tenant = await asSystem('bench', () => Tenant.query().firstOrFail())

// --- seed in SQL --------------------------------------------------------------------------------
const NOW = new Date('2027-07-01T00:00:00.000Z')
clock.freeze(NOW)
const sql = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
const enc = (v, purpose) => encryption.encrypt(v, { purpose })
const email = enc('member@bench.example', 'member.email')
const first = enc('Ji-ho', 'member.first_name')
const ip = enc('203.0.113.9', 'usage.ip')
const kind = (i) =>
  i % 100 === 1 ? 'notice' : i % 100 === 2 ? 'separate' : i % 1000 === 3 ? 'destroy' : 'active'
const started = Date.now()
for (let from = 0; from < MEMBERS; from += 2000) {
  const rows = []
  for (let i = from; i < Math.min(MEMBERS, from + 2000); i++) {
    const k = kind(i)
    const lastActive =
      k === 'notice'
        ? NOW - 340 * DAY
        : k === 'separate'
          ? NOW - 370 * DAY
          : k === 'destroy'
            ? NOW - 6 * 365 * DAY
            : NOW - (i % 300) * DAY
    rows.push({
      tenant_id: tenant.id,
      public_id: `mb_bench${String(i).padStart(11, '0')}`,
      email_encrypted: k === 'destroy' ? '' : email,
      email_hash: `h${String(i).padStart(63, '0')}`,
      first_name_encrypted: k === 'destroy' ? null : first,
      locale: i % 3 === 0 ? 'ko' : 'en',
      status: k === 'destroy' ? 'dormant' : 'active',
      last_active_at: sql(lastActive),
      dormancy_notice_at: k === 'separate' ? sql(NOW - 35 * DAY) : null,
      dormant_at: k === 'destroy' ? sql(NOW - 5 * 365 * DAY) : null,
      created_at: sql(NOW - 800 * DAY),
      updated_at: sql(NOW - 800 * DAY),
    })
  }
  await db.table('members').multiInsert(rows)
  const ids = await db
    .from('members')
    .where('tenant_id', tenant.id)
    .whereIn(
      'public_id',
      rows.map((r) => r.public_id)
    )
    .select('id', 'public_id')
  await db.table('usage_events').multiInsert(
    ids.map((m) => {
      const i = Number(m.public_id.slice(8))
      return {
        tenant_id: tenant.id,
        member_id: m.id,
        action: 'sign_in',
        ip_encrypted: ip,
        occurred_at: sql(i % 10 === 0 ? NOW - 400 * DAY : NOW - (i % 300) * DAY),
      }
    })
  )
  const dormant = ids.filter((m) => kind(Number(m.public_id.slice(8))) === 'destroy')
  if (dormant.length)
    await db.table('dormant_members').multiInsert(
      dormant.map((m) => ({
        tenant_id: tenant.id,
        member_id: m.id,
        payload_encrypted: enc(
          JSON.stringify({
            email: 'member@bench.example',
            firstName: 'Ji-ho',
            lastName: null,
            company: null,
            nationality: null,
            timeZone: null,
            usage: [],
          }),
          'dormant.member'
        ),
        previous_status: 'active',
        separated_at: sql(NOW - 5 * 365 * DAY),
        destroy_at: sql(NOW - 365 * DAY),
      }))
    )
}
await db.rawQuery('ANALYZE TABLE members, usage_events, dormant_members')
console.log(`seeded ${MEMBERS} members and usage records in ${((Date.now() - started) / 1000).toFixed(1)} s`)

// --- baseline: a plain SQL scan of the same rows ---------------------------------------------------
const median = async (fn, runs = 5) => {
  const times = []
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint()
    await fn()
    times.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]
}
const scan = async () => {
  const members = await db
    .from('members')
    .where('tenant_id', tenant.id)
    .select('id', 'status', 'last_active_at', 'created_at', 'dormancy_notice_at')
  const expired = await db
    .from('usage_events')
    .where('tenant_id', tenant.id)
    .where('occurred_at', '<', sql(NOW - 365 * DAY))
    .select('id')
  return members.length + expired.length
}
const baselineMs = await median(scan)

// --- the lifecycle pass --------------------------------------------------------------------------
global.gc?.()
const before = process.memoryUsage()
let peakHeap = before.heapUsed
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
}, 5)
const service = await app.container.make(DormancyService)
const fresh = await asSystem('bench', () => Tenant.findOrFail(tenant.id))
const t0 = process.hrtime.bigint()
const result = await service.runTenant(fresh)
const passMs = Number(process.hrtime.bigint() - t0) / 1e6
clearInterval(sampler)
const heapMb = (peakHeap - before.heapUsed) / 1024 / 1024
console.log('pass:', JSON.stringify(result))

const expected = { notice: 0, separate: 0, destroy: 0 }
for (let i = 0; i < MEMBERS; i++) if (kind(i) !== 'active') expected[kind(i)]++
if (
  result.noticed !== expected.notice ||
  result.separated !== expected.separate ||
  result.destroyed !== expected.destroy
)
  throw new Error(`pass did not do what was due: ${JSON.stringify({ result, expected })}`)

// A second pass on the same day finds nothing left to do: the cost of an ordinary day.
const idleMs = await median(() => service.runTenant(fresh), 3)

report('lifecycle', [
  {
    figure: `daily pass, ${MEMBERS} members (${expected.notice} notices, ${expected.separate} separations, ${expected.destroy} destructions)`,
    tessera: passMs,
    baseline: baselineMs,
    target: 'for scale',
  },
  {
    figure: 'daily pass with nothing due (same rows)',
    tessera: idleMs,
    baseline: baselineMs,
    target: 'for scale',
  },
  {
    figure: 'heap growth during the pass',
    tessera: heapMb,
    baseline: heapMb,
    unit: 'MB',
    target: 'for scale (peak, garbage included)',
  },
])

await queue('mail')
  .obliterate({ force: true })
  .catch(() => {})
await closeQueues()
await db.manager.closeAll()
process.exit(0)
