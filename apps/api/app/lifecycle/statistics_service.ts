import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import clock, { sqlDateTime } from '#shared/clock'
import type Tenant from '#tenancy/tenant'
import { asSystem, withTenant } from '#tenancy/tenant_context'
import RestrictionGuard from '#privacy_requests/restriction_guard'
import DailyStatistic from '#lifecycle/daily_statistic'

/** Metrics the daily aggregation recomputes from the source tables (counters below are kept). */
export const AGGREGATED_METRICS = [
  'uploads',
  'analyses',
  'consents',
  'requests_received',
  'requests_resolved',
  'requests_late',
  'newsletter_deliveries',
  'purges',
  'purge_lateness_max_seconds',
  'active_members',
  'usage',
] as const

/** Metrics counted as they happen (by the lifecycle pass). */
export const COUNTER_METRICS = ['members_separated', 'members_restored', 'members_destroyed'] as const

/** What a statistic row says, for the API. Nothing in it can lead to a person. */
export type StatisticRow = { day: string; metric: string; dimension: string; value: number }

const at = (dt: DateTime) => sqlDateTime(DateTime.fromMillis(dt.toMillis()))

/** The tenant's calendar day an instant falls on. */
export function tenantDay(tenant: Tenant, instant: Date = clock.now()): string {
  return DateTime.fromJSDate(instant, { zone: tenant.settings.timeZone }).toISODate()!
}

/** Adds `by` to a counter of the tenant's current day (in the tenant's scope). */
export async function bumpCounter(tenant: Tenant, metric: string, dimension: string, by: number) {
  const key = { tenant_id: tenant.id, day: tenantDay(tenant), metric, dimension }
  for (let attempt = 0; attempt < 3; attempt++) {
    const updated = await db
      .from('statistics_daily')
      .where(key)
      .update({ value: db.raw('value + ?', [by]) })
    if (Number(Array.isArray(updated) ? updated[0] : updated) > 0) return
    try {
      await db.table('statistics_daily').insert({ ...key, value: by })
      return
    } catch {
      // Inserted by someone else in between: add to theirs.
    }
  }
}

/**
 * Anonymised daily aggregates per tenant: counts only, no member id, name, e-mail or IP, computed
 * from the source tables for one calendar day in the tenant's time zone. Members whose data no
 * processor may use (restricted, objecting, dormant, withdrawn, or with an open correction or
 * deletion) are left out, as the policy promises. Recomputing a day replaces it (idempotent).
 */
export default class StatisticsService {
  #guard = new RestrictionGuard()

  /** The daily job: yesterday and the day before in each tenant's zone (late rows catch up). */
  async runAll(): Promise<number> {
    const { default: Tenant } = await import('#tenancy/tenant')
    const tenants = await asSystem('daily statistics over every tenant', () => Tenant.query().orderBy('id'))
    let rows = 0
    for (const tenant of tenants) {
      const today = DateTime.fromJSDate(clock.now(), { zone: tenant.settings.timeZone }).startOf('day')
      for (const back of [2, 1])
        rows += await this.aggregate(tenant, today.minus({ days: back }).toISODate()!)
    }
    return rows
  }

  /** Recomputes one day of a tenant; returns how many rows it wrote. */
  async aggregate(tenant: Tenant, day: string): Promise<number> {
    return withTenant(tenant.id, async () => {
      const start = DateTime.fromISO(day, { zone: tenant.settings.timeZone }).startOf('day')
      const from = await at(start)
      const to = await at(start.plus({ days: 1 }))
      const excluded = [...(await this.#guard.restrictedMemberIds())]
      const excludedPublic = excluded.length
        ? (
            await db.from('members').where('tenant_id', tenant.id).whereIn('id', excluded).select('public_id')
          ).map((r) => String(r.public_id))
        : []
      const t = tenant.id
      const withoutExcluded = <Q extends { whereNotIn(c: string, v: unknown[]): Q }>(
        q: Q,
        column: string
      ): Q => (excluded.length ? q.whereNotIn(column, excluded) : q)
      const rows: StatisticRow[] = []
      const push = (
        metric: string,
        list: Array<Record<string, unknown>>,
        dim: (r: Record<string, unknown>) => string
      ) => {
        for (const r of list) rows.push({ day, metric, dimension: dim(r), value: Number(r.n) })
      }

      push(
        'uploads',
        await withoutExcluded(
          db
            .from('uploads')
            .where('tenant_id', t)
            .where('uploaded_at', '>=', from)
            .where('uploaded_at', '<', to),
          'member_id'
        )
          .groupBy('content_type')
          .select('content_type')
          .count('* as n'),
        (r) => String(r.content_type)
      )
      push(
        'analyses',
        await db
          .from('analyses')
          .where('tenant_id', t)
          .where('created_at', '>=', from)
          .where('created_at', '<', to)
          .where((q) => (excluded.length ? q.whereNull('member_id').orWhereNotIn('member_id', excluded) : q))
          .groupBy('status')
          .select('status')
          .count('* as n'),
        (r) => String(r.status)
      )
      push(
        'consents',
        await (
          excludedPublic.length
            ? db.from('consent_events').whereNotIn('subject_id', excludedPublic)
            : db.from('consent_events')
        )
          .where('tenant_id', t)
          .where('target_type', 'purpose')
          .where('occurred_at', '>=', from)
          .where('occurred_at', '<', to)
          .groupBy('target_key', 'action')
          .select('target_key', 'action')
          .count('* as n'),
        (r) => `${r.target_key}:${r.action}`
      )
      // Requests are the controller's own accountability: every one counts, by type and whether on time.
      push(
        'requests_received',
        await db
          .from('privacy_requests')
          .where('tenant_id', t)
          .where('received_at', '>=', from)
          .where('received_at', '<', to)
          .groupBy('type')
          .select('type')
          .count('* as n'),
        (r) => String(r.type)
      )
      push(
        'requests_resolved',
        await db
          .from('privacy_requests')
          .where('tenant_id', t)
          .where('resolved_at', '>=', from)
          .where('resolved_at', '<', to)
          .groupBy('type', 'status')
          .select('type', 'status')
          .count('* as n'),
        (r) => `${r.type}:${r.status}`
      )
      const late = await db
        .from('privacy_requests')
        .where('tenant_id', t)
        .where('resolved_at', '>=', from)
        .where('resolved_at', '<', to)
        .whereRaw('resolved_at > due_at')
        .groupBy('type')
        .select('type')
        .count('* as n')
      push('requests_late', late, (r) => String(r.type))
      push(
        'newsletter_deliveries',
        await withoutExcluded(
          db
            .from('newsletter_deliveries')
            .where('tenant_id', t)
            .whereRaw('COALESCE(sent_at, updated_at) >= ?', [from])
            .whereRaw('COALESCE(sent_at, updated_at) < ?', [to])
            .whereNot('status', 'queued'),
          'member_id'
        )
          .groupBy('status')
          .select('status')
          .count('* as n'),
        (r) => String(r.status)
      )
      // Purges are counted per UTC day by the purge itself (upload_stats); copied here by content type.
      const purges = await db.from('upload_stats').where('tenant_id', t).where('day', day)
      for (const p of purges) {
        rows.push({ day, metric: 'purges', dimension: String(p.content_type), value: Number(p.purged) })
        rows.push({
          day,
          metric: 'purge_lateness_max_seconds',
          dimension: String(p.content_type),
          value: Number(p.max_lateness_seconds),
        })
      }
      const usage = withoutExcluded(
        db
          .from('usage_events')
          .where('tenant_id', t)
          .where('occurred_at', '>=', from)
          .where('occurred_at', '<', to),
        'member_id'
      )
      push('usage', await usage.clone().groupBy('action').select('action').count('* as n'), (r) =>
        String(r.action)
      )
      const active = await usage.clone().countDistinct('member_id as n')
      push('active_members', active, () => '')

      const metrics = [...AGGREGATED_METRICS]
      await db.transaction(async (trx) => {
        await trx.from('statistics_daily').where({ tenant_id: t, day }).whereIn('metric', metrics).delete()
        const nonZero = rows.filter((r) => r.value > 0)
        if (nonZero.length)
          await trx.table('statistics_daily').multiInsert(nonZero.map((r) => ({ tenant_id: t, ...r })))
      })
      return rows.filter((r) => r.value > 0).length
    })
  }

  /** The tenant's statistics between two days (inclusive), ordered for reading and CSV. */
  async list(from: string, to: string): Promise<StatisticRow[]> {
    const rows = await DailyStatistic.query()
      .where('day', '>=', from)
      .where('day', '<=', to)
      .orderBy('day')
      .orderBy('metric')
      .orderBy('dimension')
      .limit(100_000)
    return rows.map((r) => ({ day: r.day, metric: r.metric, dimension: r.dimension, value: r.value }))
  }
}
