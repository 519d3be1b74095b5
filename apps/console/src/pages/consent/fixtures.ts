// A stand-in for the Consent page's endpoints (stats, verify, export), for stories and tests.
import { forbiddenFor, invalidFields, json } from '../../fixtures.js'
import type { FixtureRoute } from '../../fixtures.js'
import type { ChainReport, ConsentStatRow } from './api.js'

/** The day the stand-ins treat as today (stories and tests pass it to the pages). */
export const FIXTURE_TODAY = new Date('2026-11-27T10:00:00Z')

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** A week of decisions on two purposes and one cookie category, ending on FIXTURE_TODAY. */
export function fixtureConsentStats(): ConsentStatRow[] {
  const rows: ConsentStatRow[] = []
  for (let back = 6; back >= 0; back--) {
    const day = new Date(FIXTURE_TODAY.getTime() - back * 86_400_000).toISOString().slice(0, 10)
    rows.push({ day, target: { type: 'purpose', key: 'image_analysis' }, action: 'grant', count: 10 + back })
    if (back % 2 === 0)
      rows.push({ day, target: { type: 'purpose', key: 'image_analysis' }, action: 'withdraw', count: 1 })
    rows.push({ day, target: { type: 'purpose', key: 'marketing' }, action: 'deny', count: 4 + (back % 3) })
    rows.push({
      day,
      target: { type: 'cookie_category', key: 'analytics' },
      action: 'grant',
      count: 20 - back,
    })
  }
  return rows
}

export const FIXTURE_CHAIN_OK: ChainReport = { ok: true, events: 1234, head: 'a1'.repeat(32), problems: [] }
export const FIXTURE_CHAIN_BROKEN: ChainReport = {
  ok: false,
  events: 1234,
  head: 'b2'.repeat(32),
  problems: [
    { seq: 412, kind: 'altered', detail: 'content does not match its hash' },
    { seq: 413, kind: 'out_of_order', detail: 'does not follow the entry before it' },
  ],
}

export interface ConsentFixtureOptions {
  rows?: ConsentStatRow[]
  report?: ChainReport
}

/** GET /v1/admin/consent/stats, /verify and /export as the API answers them (permissions included). */
export function consentRoutes(options: ConsentFixtureOptions = {}): FixtureRoute {
  const rows = options.rows ?? fixtureConsentStats()
  const report = options.report ?? FIXTURE_CHAIN_OK
  return ({ route, url, role, permissions }) => {
    if (!route.startsWith('GET /v1/admin/consent/')) return null
    if (route === 'GET /v1/admin/consent/export') {
      if (!permissions.includes('consent.export')) return forbiddenFor(role, 'consent.export')
      const reason = (url.searchParams.get('reason') ?? '').trim()
      if (reason.length < 5 || reason.length > 500)
        return invalidFields([
          {
            field: 'reason',
            message: 'Say why you export this personal data (5 to 500 characters)',
            rule: 'reason',
          },
        ])
      const lines = rows.map((r) => JSON.stringify({ subject: { type: 'visitor', id: 'vs_1' }, ...r }))
      return new Response(lines.join('\n') + '\n', {
        headers: {
          'content-type': 'application/x-ndjson; charset=utf-8',
          'content-disposition': 'attachment; filename="consent-ledger-tn_fixture0001.ndjson"',
        },
      })
    }
    if (!permissions.includes('consent.read')) return forbiddenFor(role, 'consent.read')
    if (route === 'GET /v1/admin/consent/verify') return json(report)
    if (route === 'GET /v1/admin/consent/stats') {
      const from = url.searchParams.get('from')
      const to = url.searchParams.get('to')
      const errors = []
      if (from !== null && !DAY.test(from))
        errors.push({ field: 'from', message: 'The from field format is invalid', rule: 'regex' })
      if (to !== null && !DAY.test(to))
        errors.push({ field: 'to', message: 'The to field format is invalid', rule: 'regex' })
      if (errors.length) return invalidFields(errors)
      return json({ data: rows.filter((r) => (!from || r.day >= from) && (!to || r.day <= to)) })
    }
    return null
  }
}
