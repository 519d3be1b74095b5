import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import CookieInventoryEntry from '#consent/cookie_inventory_entry'
import RestrictionGuard from '#privacy_requests/restriction_guard'
import Member from '#members/member'
import { DateTime } from 'luxon'
import { problems } from '#shared/problem'
import { inventoryValidator, statsValidator } from '#consent/cookie_validators'

export default class AdminCookiesController {
  async inventory() {
    const entries = await CookieInventoryEntry.query().orderBy('position')
    return {
      entries: entries.map((e) => ({
        category: e.categoryKey,
        name: e.name,
        provider: e.provider,
        duration: e.duration,
        purpose: e.purpose,
      })),
    }
  }

  /** Replaces the inventory as a whole (what the settings dialog lists per category). */
  async replaceInventory({ tenant, request }: HttpContext) {
    const { entries } = await request.validateUsing(inventoryValidator)
    await db.transaction(async (trx) => {
      await CookieInventoryEntry.query({ client: trx }).delete()
      await CookieInventoryEntry.createMany(
        entries.map((e, position) => ({
          tenantId: tenant.id,
          categoryKey: e.category,
          name: e.name,
          provider: e.provider,
          duration: e.duration,
          purpose: e.purpose,
          position,
        })),
        { client: trx }
      )
    })
    return this.inventory()
  }

  /** Decisions per purpose or cookie category and day (counts only: no identifiers). */
  async stats({ tenant, request }: HttpContext) {
    const { from, to } = await request.validateUsing(statsValidator, { data: request.qs() })
    // The pattern lets 2026-02-31 through; the database would compare it as text or refuse it.
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (value && !DateTime.fromISO(value, { zone: 'utc' }).isValid)
        throw problems.invalid([
          { field, message: `The ${field} field must be a calendar day`, rule: 'date' },
        ])
    }
    if (from && to && from > to)
      throw problems.invalid([{ field: 'from', message: 'from must be on or before to', rule: 'range' }])
    const day = db.connection().dialect.name === 'mysql' ? 'DATE(occurred_at)' : 'date(occurred_at)'
    const query = db
      .from('consent_events')
      .where('tenant_id', tenant.id)
      .select(db.raw(`${day} as day`), 'target_type', 'target_key', 'action')
      .count('* as count')
      .groupByRaw(`${day}, target_type, target_key, action`)
      .orderByRaw(`${day}, target_type, target_key, action`)
    // Statistics are a processor: members whose data may not be used are left out.
    const restricted = await new RestrictionGuard().restrictedMemberIds()
    if (restricted.size) {
      const ids = (
        await Member.query()
          .whereIn('id', [...restricted])
          .select('public_id')
      ).map((m) => m.publicId)
      if (ids.length) query.whereNot((q) => q.where('subject_type', 'member').whereIn('subject_id', ids))
    }
    if (from) query.where('occurred_at', '>=', `${from} 00:00:00`)
    if (to) query.where('occurred_at', '<=', `${to} 23:59:59`)
    const rows = await query
    return {
      data: rows.map((r: Record<string, unknown>) => ({
        day:
          typeof r.day === 'string' ? r.day.slice(0, 10) : new Date(r.day as Date).toISOString().slice(0, 10),
        target: { type: r.target_type, key: r.target_key },
        action: r.action,
        count: Number(r.count),
      })),
    }
  }
}
