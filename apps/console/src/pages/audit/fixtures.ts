// A stand-in for the Audit log page's endpoints (list, verify, summary, monthly), for stories and tests.
import { forbiddenFor, invalidFields, json } from '../../fixtures.js'
import type { FixtureRoute } from '../../fixtures.js'
import type { ChainReport } from '../consent/api.js'
import { FIXTURE_CHAIN_OK } from '../consent/fixtures.js'
import type { AuditEvent } from './api.js'

const DAY = /^\d{4}-\d{2}-\d{2}$/
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/
const ACTIONS = ['admin.signed_in', 'consent.ledger_exported', 'member.usage_records_read', 'tenant.updated']

/** `count` entries, one every six hours back from 2026-11-27 09:00 UTC, newest with the highest id. */
export function fixtureAuditEvents(count = 60): AuditEvent[] {
  const newest = Date.parse('2026-11-27T09:00:00Z')
  return Array.from({ length: count }, (_, i) => {
    const id = count - i
    const action = ACTIONS[id % ACTIONS.length]!
    return {
      id,
      seq: id,
      actor: { type: 'admin', id: id % 2 ? 'adm_owner0001' : 'adm_officer01' },
      action,
      subject:
        action === 'member.usage_records_read'
          ? { type: 'member', id: `mb_${String(id).padStart(4, '0')}` }
          : null,
      ip: '192.0.2.10',
      reason: action.includes('export') || action.includes('read') ? 'Monthly access review' : null,
      metadata: null,
      createdAt: new Date(newest - i * 6 * 3_600_000).toISOString(),
      hash: id.toString(16).padStart(64, '0'),
    }
  })
}

export interface AuditFixtureOptions {
  events?: AuditEvent[]
  report?: ChainReport
}

export function auditRoutes(options: AuditFixtureOptions = {}): FixtureRoute {
  const events = options.events ?? fixtureAuditEvents()
  const report = options.report ?? { ...FIXTURE_CHAIN_OK, events: events.length }
  return ({ route, url, role, permissions }) => {
    if (!route.startsWith('GET /v1/admin/audit-events')) return null
    if (!permissions.includes('audit.read')) return forbiddenFor(role, 'audit.read')
    const q = (name: string) => url.searchParams.get(name) ?? undefined
    if (route === 'GET /v1/admin/audit-events') {
      const errors = []
      for (const field of ['from', 'to'])
        if (q(field) !== undefined && !DAY.test(q(field)!))
          errors.push({ field, message: `The ${field} field format is invalid`, rule: 'regex' })
      for (const field of ['action', 'actor', 'subject'])
        if ((q(field)?.length ?? 0) > 64)
          errors.push({
            field,
            message: `The ${field} field must not be greater than 64 characters`,
            rule: 'maxLength',
          })
      if (errors.length) return invalidFields(errors)
      const limit = Number(q('limit') ?? 50)
      const before = q('before') ? Number(q('before')) : Infinity
      const found = events
        .filter((e) => e.id < before)
        .filter((e) => !q('action') || e.action.startsWith(q('action')!))
        .filter((e) => !q('actor') || e.actor.id === q('actor'))
        .filter((e) => !q('subject') || e.subject?.id === q('subject'))
        .filter((e) => !q('from') || e.createdAt.slice(0, 10) >= q('from')!)
        .filter((e) => !q('to') || e.createdAt.slice(0, 10) <= q('to')!)
        .slice(0, limit)
      return json({ data: found, next: found.length === limit ? found[found.length - 1]!.id : null })
    }
    if (route === 'GET /v1/admin/audit-events/verify') return json(report)
    const month = q('month') ?? ''
    if (route === 'GET /v1/admin/audit-events/summary' || route === 'GET /v1/admin/audit-events/monthly') {
      if (!MONTH.test(month))
        return invalidFields([
          { field: 'month', message: 'The month field format is invalid', rule: 'regex' },
        ])
      const inMonth = events.filter((e) => e.createdAt.startsWith(month))
      if (route === 'GET /v1/admin/audit-events/summary') {
        const count = (key: (e: AuditEvent) => string) => {
          const map = new Map<string, number>()
          for (const e of inMonth) map.set(key(e), (map.get(key(e)) ?? 0) + 1)
          return [...map].sort(([a], [b]) => (a < b ? -1 : 1))
        }
        return json({
          month,
          total: inMonth.length,
          actions: count((e) => e.action).map(([action, n]) => ({ action, count: n })),
          days: count((e) => e.createdAt.slice(0, 10)).map(([day, n]) => ({ day, count: n })),
        })
      }
      const reason = (q('reason') ?? '').trim()
      if (reason.length < 5 || reason.length > 500)
        return invalidFields([
          {
            field: 'reason',
            message: 'Say why you export this personal data (5 to 500 characters)',
            rule: 'reason',
          },
        ])
      return new Response(inMonth.map((e) => JSON.stringify(e)).join('\n') + (inMonth.length ? '\n' : ''), {
        headers: {
          'content-type': 'application/x-ndjson; charset=utf-8',
          'content-disposition': `attachment; filename="audit-tn_fixture0001-${month}.ndjson"`,
        },
      })
    }
    return null
  }
}
