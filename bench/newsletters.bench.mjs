// Newsletters at scale, in-process against MariaDB, Redis and a local SMTP sink:
//  1. the audience query over 100 000 members (mixed consent, status and restriction states),
//     against a plain indexed count of the tenant's active members (for scale; no target);
//  2. 10 000 newsletters sent through the queue (fan-out, unique delivery rows, per-member check,
//     pacing, SMTP) against a raw nodemailer loop with the same concurrency to the same sink, in
//     the same run. Target: ≥ 0.8×.
// Run: node --import=@poppinss/ts-exec bench/newsletters.bench.mjs
// Uses its own database (BENCH_DB_DATABASE, default tessera_e2e; it is reset), Redis db 12 and port 2599.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { report } from './lib.mjs'
import { API_DIR } from '../scripts/lib/processes.mjs'

// The app's TypeScript is loaded with the API's tsconfig: run from the API folder.
if (process.cwd() !== API_DIR) {
  const child = spawnSync(process.execPath, ['--import=@poppinss/ts-exec', fileURLToPath(import.meta.url)], {
    cwd: API_DIR,
    env: process.env,
    stdio: 'inherit',
  })
  process.exit(child.status ?? 1)
}

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000)
const SENDS = Number(process.env.BENCH_SENDS ?? 10_000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8)
const SINK_PORT = Number(process.env.BENCH_SMTP_PORT ?? 2599)

Object.assign(process.env, {
  TZ: 'UTC',
  NODE_ENV: 'test',
  LOG_LEVEL: 'error',
  DB_DATABASE: process.env.BENCH_DB_DATABASE ?? 'tessera_e2e',
  REDIS_DB: '12',
  QUEUE_PREFIX: 'tessera-bench-newsletters',
  MAIL_MAILER: 'smtp',
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(SINK_PORT),
  APP_URL: 'https://tessera.bench',
  DRIVE_FS_ROOT: 'tmp/bench-newsletters',
})

const migrated = spawnSync(process.execPath, ['ace', 'migration:fresh', '--force'], {
  cwd: API_DIR,
  env: process.env,
  stdio: 'inherit',
})
if (migrated.status !== 0) throw new Error('migration failed')

// --- SMTP sink: accepts everything, counts messages ---------------------------------------------
const { SMTPServer } = await import('smtp-server')
let received = 0
const sink = new SMTPServer({
  secure: false,
  disabledCommands: ['STARTTLS', 'AUTH'],
  disableReverseLookup: true,
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {})
    stream.on('end', () => {
      received++
      callback()
    })
  },
})
await new Promise((resolve) => sink.listen(SINK_PORT, '127.0.0.1', resolve))

// --- the app, booted in this process ---------------------------------------------------------
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
const { withTenant, asSystem } = await load('app/tenancy/tenant_context.js')
const { default: Tenant } = await load('app/tenancy/tenant.js')
const { default: Audience } = await load('app/newsletters/audience.js')
const { default: CampaignService } = await load('app/newsletters/campaign_service.js')
const { default: Campaign } = await load('app/newsletters/campaign.js')
const { startWorkers } = await load('app/queue/worker.js')
const { queue, closeQueues } = await load('app/queue/queues.js')
const { closePacing } = await load('app/newsletters/pacing.js')
const { renderMail } = await load('app/mail/layout.js')
const { newsletterMail, unsubscribeHeaders } = await load('app/newsletters/content.js')

await ensureDemoTenant()
const tenant = await asSystem('bench', () => Tenant.query().firstOrFail())
// Pacing stays in the path (one Redis call per mail) but does not cap this run.
tenant.settings = { ...tenant.settings, newsletterRatePerSecond: 1_000_000 }
await tenant.save()
const policyVersion = (await db.from('policy_versions').where('tenant_id', tenant.id).first()).public_id

// --- seed 100 000 members in SQL --------------------------------------------------------------
// States, by member index: 10 % confirmed (exactly SENDS of them are eligible), then unconfirmed,
// withdrawn after confirming, confirmed-but-restricted, confirmed-but-dormant, never asked.
const email = encryption.encrypt('reader@sink.example', { purpose: 'member.email' })
const stamp = '2026-01-01 00:00:00'
const kind = (i) => {
  if (i < SENDS) return 'eligible'
  const r = i % 10
  return ['unconfirmed', 'unconfirmed', 'withdrawn', 'restricted', 'dormant', 'open-request'][r] ?? 'never'
}
let seq = 0
const started = Date.now()
for (let from = 0; from < MEMBERS; from += 2000) {
  const members = []
  for (let i = from; i < Math.min(MEMBERS, from + 2000); i++) {
    const k = kind(i)
    members.push({
      tenant_id: tenant.id,
      public_id: `mb_bench${String(i).padStart(11, '0')}`,
      email_encrypted: email,
      email_hash: `h${String(i).padStart(63, '0')}`,
      locale: i % 3 === 0 ? 'ko' : 'en',
      status: k === 'restricted' ? 'restricted' : k === 'dormant' ? 'dormant' : 'active',
      created_at: stamp,
      updated_at: stamp,
    })
  }
  await db.table('members').multiInsert(members)
  const events = []
  for (const m of members) {
    const i = Number(m.public_id.slice(8))
    const k = kind(i)
    const add = (action, source) =>
      events.push({
        tenant_id: tenant.id,
        seq: ++seq,
        subject_type: 'member',
        subject_id: m.public_id,
        target_type: 'purpose',
        target_key: 'marketing',
        action,
        policy_version: policyVersion,
        text_hash: null,
        source,
        details_hash: '0'.repeat(64),
        gpc: 0,
        occurred_at: stamp,
        prev_hash: '0'.repeat(64),
        hash: '0'.repeat(64),
      })
    if (k === 'never') continue
    add('grant', 'widget')
    if (k !== 'unconfirmed') add('grant', 'double_opt_in')
    if (k === 'withdrawn') add('withdraw', 'widget')
  }
  if (events.length) await db.table('consent_events').multiInsert(events)
  const opened = members.filter((m) => kind(Number(m.public_id.slice(8))) === 'open-request')
  if (opened.length) {
    const ids = await db
      .from('members')
      .whereIn(
        'public_id',
        opened.map((m) => m.public_id)
      )
      .select('id')
    await db.table('privacy_requests').multiInsert(
      ids.map((r, n) => ({
        tenant_id: tenant.id,
        public_id: `pr_bench${String(from + n).padStart(11, '0')}`,
        member_id: r.id,
        type: 'restrict',
        channel: 'email',
        status: 'received',
        regimes: 'kr',
        received_at: stamp,
        due_at: '2030-01-01 00:00:00',
        created_at: stamp,
        updated_at: stamp,
      }))
    )
  }
}
await db.rawQuery('ANALYZE TABLE members, consent_events, privacy_requests')
console.log(
  `seeded ${MEMBERS} members, ${seq} consent events in ${((Date.now() - started) / 1000).toFixed(1)} s`
)

// --- 1. audience query --------------------------------------------------------------------------
const median = async (fn, runs = 5) => {
  const times = []
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint()
    await fn()
    times.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]
}
let eligible = 0
const audienceMs = await median(() =>
  withTenant(tenant.id, async () => {
    eligible = await new Audience().count()
  })
)
const countMs = await median(() =>
  db.from('members').where({ tenant_id: tenant.id, status: 'active' }).count('* as n')
)
if (eligible !== SENDS) throw new Error(`audience is ${eligible}, expected ${SENDS}`)

// --- 2a. raw nodemailer loop: the same message, same concurrency, same sink --------------------
const nodemailer = (await import('nodemailer')).default
const transport = nodemailer.createTransport({
  host: '127.0.0.1',
  port: SINK_PORT,
  secure: false,
  ignoreTLS: true,
})
const sample = renderMail(
  tenant,
  'en',
  newsletterMail({
    tenant,
    content: {
      en: {
        subject: 'Bench news',
        body: '## News\n\nA **bench** newsletter. [More](https://tessera.bench/news)',
      },
    },
    locale: 'en',
    korean: false,
    consentedAt: new Date(),
    unsubscribeUrl: 'https://tessera.bench/newsletter/x/unsubscribe/nu_x',
  }),
  null
)
const headers = unsubscribeHeaders(
  'https://tessera.bench/newsletter/x/unsubscribe/nu_x',
  'mailto:x@tessera.bench'
)
received = 0
let next = 0
const rawStart = process.hrtime.bigint()
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < SENDS) {
      next++
      await transport.sendMail({
        from: 'no-reply@tessera.test',
        to: 'reader@sink.example',
        subject: sample.subject,
        html: sample.html,
        text: sample.text,
        headers,
      })
    }
  })
)
const rawMs = Number(process.hrtime.bigint() - rawStart) / 1e6
transport.close()
if (received !== SENDS) throw new Error(`raw loop: sink got ${received}`)

// --- 2b. through the queue: campaign → fan-out → deliveries → SMTP ------------------------------
await queue('newsletters').obliterate({ force: true })
const workers = await startWorkers(['newsletters'], { concurrency: CONCURRENCY })
received = 0
const service = new CampaignService()
const queuedStart = process.hrtime.bigint()
const campaign = await withTenant(tenant.id, async () => {
  const created = await service.create(
    tenant,
    {
      name: 'Bench',
      content: {
        en: { subject: 'Bench news', body: '## News\n\nA **bench** newsletter.' },
        ko: { subject: '벤치 소식', body: '## 소식\n\n**벤치** 뉴스레터입니다.' },
      },
    },
    'bench'
  )
  await service.sendNow(created)
  return created
})
let stats
for (;;) {
  await new Promise((r) => setTimeout(r, 100))
  stats = await withTenant(tenant.id, async () => service.stats(await Campaign.findOrFail(campaign.id)))
  if (stats.status === 'sent') break
}
const queuedMs = Number(process.hrtime.bigint() - queuedStart) / 1e6
await Promise.all(workers.map((w) => w.close()))
if (received !== SENDS || stats.deliveries.sent !== SENDS)
  throw new Error(`queue: sink got ${received}, sent ${stats.deliveries.sent}`)

report('newsletters', [
  {
    figure: `audience query, ${MEMBERS} members (${SENDS} eligible) vs indexed count`,
    tessera: audienceMs,
    baseline: countMs,
    unit: 'ms',
  },
  {
    figure: `${SENDS} newsletters/s: queue vs raw nodemailer (concurrency ${CONCURRENCY})`,
    tessera: SENDS / (queuedMs / 1000),
    baseline: SENDS / (rawMs / 1000),
    unit: 'per_s',
    target: '≥ 0.8×',
  },
])

await closePacing()
await closeQueues()
await app.terminate()
await new Promise((resolve) => sink.close(resolve))
process.exit(0)
