import { afterEach, describe, expect, it } from 'vitest'
import { TesseraConsoleChart, formatDay, formatValue } from '../src/console-chart.js'
import type { ChartSeries } from '../src/console-chart.js'
import { $, $$, chartColumns, until, violations } from './insights-support.js'

afterEach(() => {
  document.body.replaceChildren()
})

const DAYS = ['2026-11-25', '2026-11-26', '2026-11-27']
const SERIES: ChartSeries[] = [
  { label: 'Uploads', values: [3, 1204, 7] },
  { label: 'Analyses', values: [0, 2, 5] },
]

async function mount(props: Partial<TesseraConsoleChart> = {}) {
  const el = document.createElement('tessera-console-chart')
  Object.assign(el, { caption: 'Uploads and analyses per day', days: DAYS, series: SERIES, ...props })
  document.body.append(el)
  await el.updateComplete
  return el
}

/** How many pixels of the chart's canvas have this colour (uPlot draws the lines on it). */
function pixelsOf(el: Element, [r, g, b]: [number, number, number]) {
  const canvas = $<HTMLCanvasElement>(el, '.plot canvas')
  const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
  let count = 0
  for (let i = 0; i < data.length; i += 4)
    if (Math.abs(data[i]! - r) < 8 && Math.abs(data[i + 1]! - g) < 8 && Math.abs(data[i + 2]! - b) < 8)
      count++
  return count
}

describe('<tessera-console-chart>', () => {
  it('draws the series on a canvas and has the same figures in a table, with a caption', async () => {
    expect(customElements.get('tessera-console-chart')).toBe(TesseraConsoleChart)
    const el = await mount()
    await until(() => $(el, '.plot')?.dataset.drawn === 'true', 'the chart drawn')
    expect($(el, 'figcaption').textContent).toBe('Uploads and analyses per day')
    // The primary colour (#0b5fff) is the first series' line.
    expect(pixelsOf(el, [0x0b, 0x5f, 0xff])).toBeGreaterThan(20)
    expect(pixelsOf(el, [0x00, 0xa3, 0x7a])).toBeGreaterThan(20)
    expect(chartColumns(el)).toEqual([
      [3, 1204, 7],
      [0, 2, 5],
    ])
    expect($$(el, 'thead th').map((th) => th.textContent)).toEqual(['Day', 'Uploads', 'Analyses'])
    expect($$(el, 'tbody td')[2]!.textContent!.trim()).toBe('1,204')
    expect($(el, 'tbody th').textContent).toBe('November 25, 2026')
    // The table is there for screen readers, visually hidden while the chart shows.
    expect($(el, 'table').parentElement!.classList.contains('sr-only')).toBe(true)
    expect($(el, '.plot').getAttribute('aria-hidden')).toBe('true')
    expect(await violations(el)).toEqual([])
  })

  it('"Show as table" shows the table instead of the chart, and back', async () => {
    const el = await mount()
    const toggle = $<HTMLButtonElement>(el, '.head button')
    expect(toggle.getAttribute('aria-pressed')).toBe('false')
    toggle.click()
    await el.updateComplete
    expect(toggle.getAttribute('aria-pressed')).toBe('true')
    expect($(el, '.plot')).toBeNull()
    const wrap = $(el, '.table-wrap')
    expect(wrap.classList.contains('sr-only')).toBe(false)
    expect(wrap.getAttribute('tabindex')).toBe('0')
    expect(await violations(el)).toEqual([])
    toggle.click()
    await until(() => $(el, '.plot')?.dataset.drawn === 'true', 'the chart drawn again')
  })

  it('takes its colours from --tessera-* properties', async () => {
    const el = await mount({ series: [{ label: 'Uploads', values: [1, 4, 2] }] })
    el.style.setProperty('--tessera-chart-1', 'rgb(200, 30, 40)')
    el.series = [{ label: 'Uploads', values: [1, 4, 3] }]
    await until(
      () => $(el, '.plot')?.dataset.drawn === 'true' && pixelsOf(el, [200, 30, 40]) > 20,
      'red line'
    )
    expect(pixelsOf(el, [0x0b, 0x5f, 0xff])).toBe(0)
  })

  it('writes numbers and days in Korean, and durations in the largest fitting unit', async () => {
    const el = await mount({ locale: 'ko' })
    expect($(el, '.head button').textContent!.trim()).toBe('표로 보기')
    expect($(el, 'tbody th').textContent).toBe(formatDay('2026-11-25', 'ko'))
    expect($(el, 'tbody th').textContent).toBe('2026년 11월 25일')
    expect(formatValue(5400, 'duration', 'en')).toBe('1.5 hours')
    expect(formatValue(90, 'duration', 'ko')).toBe('1.5분')
    expect(formatValue(172_800, 'duration', 'en')).toBe('2 days')
    expect(formatValue(1234567, 'count', 'ko')).toBe('1,234,567')
    expect(await violations(el)).toEqual([])
  })

  it('says so when there is nothing to draw, without a canvas or a table', async () => {
    const el = await mount({ series: [{ label: 'Uploads', values: [0, 0, 0] }] })
    expect($(el, '.empty').textContent).toBe('No data for this period.')
    expect($(el, 'canvas')).toBeNull()
    expect($(el, 'table')).toBeNull()
    expect(await violations(el)).toEqual([])
    const none = await mount({ days: [], series: [] })
    expect($(none, '.empty')).not.toBeNull()
  })

  it('shows series labels as text, never as markup', async () => {
    const el = await mount({
      series: [{ label: '<img src=x onerror="window.hacked=1">', values: [1, 2, 3] }],
    })
    await until(() => $(el, '.plot')?.dataset.drawn === 'true')
    expect($(el, 'img')).toBeNull()
    expect($(el, 'thead th:nth-child(2)').textContent).toBe('<img src=x onerror="window.hacked=1">')
  })
})
