import { DateTime } from 'luxon'
import type { QuietHours } from '#tenancy/tenant'
import { Redis } from 'ioredis'
import queueConfig from '#config/queue'

/**
 * When a member's quiet hours end, or null when it is not quiet for them now. Hours are read in
 * the member's zone (a window like 21:00–08:00 runs past midnight).
 */
export function quietUntil(now: Date, quiet: QuietHours, zone: string): Date | null {
  if (!quiet) return null
  let local = DateTime.fromJSDate(now).setZone(zone)
  if (!local.isValid) local = DateTime.fromJSDate(now).toUTC()
  const [sh, sm] = quiet.start.split(':').map(Number) as [number, number]
  const [eh, em] = quiet.end.split(':').map(Number) as [number, number]
  const minute = local.hour * 60 + local.minute
  const start = sh * 60 + sm
  const end = eh * 60 + em
  if (start === end) return null
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end
  if (!inside) return null
  let until = local.set({ hour: eh, minute: em, second: 0, millisecond: 0 })
  if (until <= local) until = until.plus({ days: 1 })
  return until.toJSDate()
}

/**
 * Reserves the tenant's next send slot (a leaky bucket in Redis: one slot every 1/rate seconds,
 * shared by every worker and campaign of the tenant). Returns the wall-clock time of the slot; the
 * caller waits until then. Wall clock on purpose: this paces real SMTP traffic.
 */
const RESERVE = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local nextSlot = tonumber(redis.call('GET', KEYS[1]) or '0')
if nextSlot < now then nextSlot = now end
redis.call('SET', KEYS[1], nextSlot + interval, 'PX', math.floor(nextSlot - now + interval + 60000))
return nextSlot
`

let redis: Redis | null = null

export async function reserveSlot(tenantId: number, perSecond: number): Promise<number> {
  redis ??= new Redis({ ...queueConfig.connection, lazyConnect: false })
  const client = redis
  const interval = 1000 / Math.max(1, perSecond)
  const slot = await client.eval(
    RESERVE,
    1,
    `${queueConfig.prefix}:newsletter-pace:${tenantId}`,
    String(Date.now()),
    String(interval)
  )
  return Number(slot)
}

/** Closes the pacing connection (workers shutting down, benches). */
export async function closePacing(): Promise<void> {
  const client = redis
  redis = null
  await client?.quit()
}
