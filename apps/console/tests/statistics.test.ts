import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConsoleApi } from '../src/api.js'
import { FIXTURE_API_BASE, consoleFixture } from '../src/fixtures.js'
import type { ConsoleFixtureOptions } from '../src/fixtures.js'
import { FIXTURE_TODAY } from '../src/pages/consent/fixtures.js'
import { TesseraConsoleStatistics, perDay } from '../src/pages/statistics/console-statistics.js'
import { fixtureStatistics, statisticsRoutes } from '../src/pages/statistics/fixtures.js'
import type { StatisticRow } from '../src/pages/statistics/api.js'
import { $, $$, catchDownloads, chartColumns, type, until, violations } from './insights-support.js'

afterEach(() => {
  document.body.replaceChildren()
  vi.restoreAllMocks()
})

async function mount(options: ConsoleFixtureOptions & { rows?: StatisticRow[]; locale?: 'en' | 'ko' } = {}) {
  const api = consoleFixture({ ...options, routes: [statisticsRoutes(options)] })
  const el = document.createElement('tessera-console-statistics')
  el.api = new ConsoleApi(FIXTURE_API_BASE, api.signIn(), api.fetch)
  el.today = FIXTURE_TODAY
  el.locale = options.locale ?? 'en'
  document.body.append(el)
  return { el, api }
}

const chart = (el: Element, name: string) => $(el, `tessera-console-chart[data-chart="${name}"]`)
const sumOf = (metric: string) =>
  fixtureStatistics()
    .filter((r) => r.metric === metric)
    .reduce((a, r) => a + r.value, 0)
const total = (values: number[] | undefined) => (values ?? []).reduce((a, b) => a + b, 0)

describe('<tessera-console-statistics>', () => {
  it('charts uploads and analyses, purge lateness and request deadlines with the API’s figures', async () => {
    expect(customElements.get('tessera-console-statistics')).toBe(TesseraConsoleStatistics)
    const { el } = await mount()
    await until(() => !!chart(el, 'requests'), 'the charts')
    const [uploads, analyses] = chartColumns(chart(el, 'activity'))
    expect(uploads).toHaveLength(31)
    expect(total(uploads)).toBe(sumOf('uploads'))
    expect(total(analyses)).toBe(sumOf('analyses'))
    const [received, resolved, late] = chartColumns(chart(el, 'requests'))
    expect([total(received), total(resolved), total(late)]).toEqual([
      sumOf('requests_received'),
      sumOf('requests_resolved'),
      sumOf('requests_late'),
    ])
    // Lateness: the latest purge of each day (a maximum, not a sum). Yesterday's is 30 s.
    const [lateness] = chartColumns(chart(el, 'purges'))
    expect(lateness!.at(-2)).toBe(30)
    expect(Math.max(...lateness!)).toBe(300)
    expect($(el, '.totals').textContent).toContain(`${sumOf('requests_received')} requests received`)
    expect($(el, 'p').textContent).toContain('Asia/Seoul')
    await until(() => $(chart(el, 'activity'), '.plot')?.dataset.drawn === 'true', 'drawn')
    expect(await violations(el)).toEqual([])
  })

  it('perDay sums a metric’s dimensions per day, or takes their maximum', () => {
    const rows: StatisticRow[] = [
      { day: '2026-11-01', metric: 'm', dimension: 'a', value: 2 },
      { day: '2026-11-01', metric: 'm', dimension: 'b', value: 5 },
      { day: '2026-11-03', metric: 'm', dimension: 'a', value: 1 },
      { day: '2026-11-03', metric: 'other', dimension: 'a', value: 9 },
      { day: '2026-12-01', metric: 'm', dimension: 'a', value: 9 },
    ]
    const days = ['2026-11-01', '2026-11-02', '2026-11-03']
    expect(perDay(rows, days, 'm')).toEqual([7, 0, 1])
    expect(perDay(rows, days, 'm', 'max')).toEqual([5, 0, 1])
  })

  it('asks for the chosen period; the API’s refusal of it is shown beside the field', async () => {
    const { el } = await mount()
    await until(() => !!chart(el, 'activity'))
    type($(el, '#from'), '2020-01-01')
    $<HTMLButtonElement>(el, 'form button[type="submit"]').click()
    await until(() => !!$(el, '#from-error'))
    expect($(el, '#from-error').textContent).toBe('from must be on or before to, at most two years apart')
    expect($(el, '#from').getAttribute('aria-invalid')).toBe('true')
    expect(el.shadowRoot!.activeElement?.id).toBe('from')
    expect(await violations(el)).toEqual([])

    type($(el, '#from'), '2026-11-20')
    type($(el, '#to'), '2026-11-22')
    $<HTMLButtonElement>(el, 'form button[type="submit"]').click()
    await until(
      () => !$(el, '#from-error') && $$(chart(el, 'activity'), 'tbody tr').length === 3,
      'three days'
    )
    expect($$(chart(el, 'activity'), 'tbody tr').map((r) => r.dataset.day)).toEqual([
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
    ])

    type($(el, '#to'), '2026-11-01')
    $<HTMLButtonElement>(el, 'form button[type="submit"]').click()
    await until(() => $(el, '#from-error')?.textContent === 'The start must be on or before the end.')
  })

  it('downloads the period as CSV', async () => {
    const downloads = catchDownloads()
    const { el } = await mount()
    await until(() => !!chart(el, 'activity'))
    $<HTMLButtonElement>(el, 'form button.secondary').click()
    await until(() => downloads.files.length === 1, 'the download')
    const file = downloads.files[0]!
    expect(file.name).toBe('statistics-2026-10-28-2026-11-27.csv')
    expect(await file.type).toContain('text/csv')
    const lines = (await file.text).trim().split('\r\n')
    expect(lines[0]).toBe('day,metric,dimension,value')
    expect(lines).toHaveLength(fixtureStatistics().length + 1)
    expect($(el, '[role="status"]').textContent).toContain('statistics-2026-10-28-2026-11-27.csv')
  })

  it('shows empty charts as such', async () => {
    const { el } = await mount({ rows: [] })
    await until(() => !!chart(el, 'requests'))
    for (const name of ['activity', 'purges', 'requests'])
      expect($(chart(el, name), '.empty').textContent).toBe('No data for this period.')
    expect(await violations(el)).toEqual([])
  })

  it('tells the shell when the session has ended, and says when the server cannot be reached', async () => {
    const ended = vi.fn()
    document.body.addEventListener('console-session-ended', ended)
    const api = consoleFixture({ routes: [statisticsRoutes()] })
    const expired = document.createElement('tessera-console-statistics')
    expired.api = new ConsoleApi(FIXTURE_API_BASE, 'oat_expired', api.fetch)
    document.body.append(expired)
    await until(() => ended.mock.calls.length > 0)
    document.body.removeEventListener('console-session-ended', ended)
    document.body.replaceChildren()

    const offline = await mount({ offline: true })
    await until(
      () =>
        $(offline.el, '[role="alert"]').textContent === 'The server could not be reached. Please try again.'
    )
    expect(await violations(offline.el)).toEqual([])
  })

  it('speaks Korean', async () => {
    const { el } = await mount({ locale: 'ko' })
    await until(() => !!chart(el, 'activity'))
    expect($(el, 'h1').textContent).toBe('통계')
    expect($(chart(el, 'activity'), 'figcaption').textContent).toBe('일별 업로드와 분석')
    expect($(el, '.totals').textContent).toContain('접수')
    expect(await violations(el)).toEqual([])
  })
})
