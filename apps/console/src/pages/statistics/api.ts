import type { ConsoleApi } from '../../api.js'
import { queryString } from '../consent/api.js'

/** One anonymous daily figure (GET /v1/admin/statistics). */
export interface StatisticRow {
  day: string
  metric: string
  dimension: string
  value: number
}

export interface Statistics {
  tenant: string
  timeZone: string
  from: string
  to: string
  generatedAt: string
  data: StatisticRow[]
}

export const statistics = (api: ConsoleApi, from: string, to: string) =>
  api.request<Statistics>('GET', `/v1/admin/statistics${queryString({ from, to })}`)

export const statisticsCsv = (api: ConsoleApi, from: string, to: string) =>
  api.download(`/v1/admin/statistics${queryString({ from, to, format: 'csv' })}`)
