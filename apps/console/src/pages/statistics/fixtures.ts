// A stand-in for GET /v1/admin/statistics (JSON and CSV), for stories and tests.
import { forbiddenFor, invalidFields, json } from '../../fixtures.js'
import type { FixtureRoute } from '../../fixtures.js'
import { FIXTURE_TODAY } from '../consent/fixtures.js'
import type { StatisticRow } from './api.js'

const DAY = /^\d{4}-\d{2}-\d{2}$/
const dayBefore = (back: number) =>
  new Date(FIXTURE_TODAY.getTime() - back * 86_400_000).toISOString().slice(0, 10)

/** Ten days of figures ending the day before FIXTURE_TODAY (days are computed the day after). */
export function fixtureStatistics(): StatisticRow[] {
  const rows: StatisticRow[] = []
  for (let back = 10; back >= 1; back--) {
    const day = dayBefore(back)
    rows.push({ day, metric: 'analyses', dimension: 'done', value: 3 + (back % 4) })
    if (back % 3 === 0) rows.push({ day, metric: 'analyses', dimension: 'failed', value: 1 })
    rows.push({ day, metric: 'purge_lateness_max_seconds', dimension: 'application/dicom', value: 30 * back })
    rows.push({ day, metric: 'purges', dimension: 'application/dicom', value: 2 })
    rows.push({ day, metric: 'uploads', dimension: 'application/dicom', value: 5 + (back % 5) })
    rows.push({ day, metric: 'uploads', dimension: 'image/png', value: 1 })
    if (back % 2 === 0) rows.push({ day, metric: 'requests_received', dimension: 'access', value: 2 })
    if (back % 3 === 0)
      rows.push({ day, metric: 'requests_resolved', dimension: 'access:completed', value: 1 })
    if (back === 9) rows.push({ day, metric: 'requests_late', dimension: 'access', value: 1 })
  }
  return rows
}

/** The CSV the API writes for these rows. */
export const statisticsCsvText = (rows: StatisticRow[]) =>
  ['day,metric,dimension,value', ...rows.map((r) => [r.day, r.metric, r.dimension, r.value].join(','))].join(
    '\r\n'
  ) + '\r\n'

export function statisticsRoutes(options: { rows?: StatisticRow[] } = {}): FixtureRoute {
  const all = options.rows ?? fixtureStatistics()
  return ({ route, url, role, permissions }) => {
    if (route !== 'GET /v1/admin/statistics') return null
    if (!permissions.includes('statistics.read')) return forbiddenFor(role, 'statistics.read')
    const to = url.searchParams.get('to') ?? dayBefore(0)
    const from = url.searchParams.get('from') ?? dayBefore(30)
    const format = url.searchParams.get('format')
    if (!DAY.test(from) || !DAY.test(to))
      return invalidFields([
        { field: DAY.test(from) ? 'to' : 'from', message: 'The field format is invalid', rule: 'regex' },
      ])
    if (from > to || (Date.parse(to) - Date.parse(from)) / 86_400_000 > 731)
      return invalidFields([
        { field: 'from', message: 'from must be on or before to, at most two years apart', rule: 'range' },
      ])
    const rows = all.filter((r) => r.day >= from && r.day <= to)
    if (format === 'csv')
      return new Response(statisticsCsvText(rows), {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="statistics-${from}-${to}.csv"`,
        },
      })
    return json({
      tenant: 'tn_fixture0001',
      timeZone: 'Asia/Seoul',
      from,
      to,
      generatedAt: FIXTURE_TODAY.toISOString(),
      data: rows,
    })
  }
}
