import { LitElement, css, html, nothing } from 'lit'
import type { PropertyValues } from 'lit'
import { property, state } from 'lit/decorators.js'
import type uPlot from 'uplot'
import { defineMessages } from './messages.js'
import type { Locale } from './messages.js'

export const CHART_TAG = 'tessera-console-chart'

/** One line of a chart: a value per day, in the order of `days`. */
export interface ChartSeries {
  label: string
  values: number[]
}

/** How values read: counts (`1,234`) or durations in seconds (`2.5 hours`). */
export type ChartValueFormat = 'count' | 'duration'

const t = defineMessages(
  {
    showTable: 'Show as table',
    showChart: 'Show as chart',
    day: 'Day',
    empty: 'No data for this period.',
    chartOf: 'Chart: {caption}. The same figures are in the table below.',
    drawing: 'Drawing the chart…',
  },
  {
    showTable: '표로 보기',
    showChart: '차트로 보기',
    day: '날짜',
    empty: '이 기간에는 데이터가 없습니다.',
    chartOf: '차트: {caption}. 같은 수치를 아래 표에서 볼 수 있습니다.',
    drawing: '차트를 그리는 중…',
  }
)

/** `2026-11-27` (a calendar day, no zone) as the locale writes it. */
export function formatDay(day: string, locale: Locale, style: 'short' | 'long' = 'long') {
  const [y, m, d] = day.split('-').map(Number)
  const date = new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1))
  return new Intl.DateTimeFormat(
    locale,
    style === 'short'
      ? { month: 'short', day: 'numeric', timeZone: 'UTC' }
      : { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }
  ).format(date)
}

/** A value as the locale writes it: a count, or a duration in the largest fitting unit. */
export function formatValue(value: number, format: ChartValueFormat, locale: Locale) {
  if (format === 'count') return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value)
  const [unit, size] =
    value >= 86_400
      ? (['day', 86_400] as const)
      : value >= 3600
        ? (['hour', 3600] as const)
        : value >= 60
          ? (['minute', 60] as const)
          : (['second', 1] as const)
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: 'long',
    maximumFractionDigits: 1,
  }).format(value / size)
}

/** The series colours, from `--tessera-chart-1…6` (or the brand colours), read when drawing. */
const PALETTE_SIZE = 6

/**
 * One chart of the console: daily values of one or more series, drawn with uPlot on a canvas (loaded
 * with the first chart, so pages without charts never fetch it). The figure has a caption; the same
 * figures are always in a data table (screen readers read it; "Show as table" shows it instead of the
 * chart). Numbers and days are written in the console's language; colours come from `--tessera-*`.
 * uPlot sets only CSSOM styles (no `<style>` element, no style attribute), so the console's
 * `style-src 'self'` holds.
 */
export class TesseraConsoleChart extends LitElement {
  static override styles = css`
    :host {
      display: block;
      --_c1: var(--tessera-chart-1, var(--tessera-color-primary, #0b5fff));
      --_c2: var(--tessera-chart-2, var(--tessera-color-accent, #00a37a));
      --_c3: var(--tessera-chart-3, #b3261e);
      --_c4: var(--tessera-chart-4, #8a5a00);
      --_c5: var(--tessera-chart-5, #6a3fb5);
      --_c6: var(--tessera-chart-6, #39424c);
      --_text: var(--tessera-color-text, #1b1f24);
      --_grid: var(--tessera-chart-grid, #d8dee4);
    }
    :host([hidden]) {
      display: none;
    }
    figure {
      margin: 0 0 1.5rem;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      justify-content: space-between;
      gap: 0.5rem;
      margin-bottom: 0.5rem;
    }
    figcaption {
      font-weight: 600;
      font-size: 1.0625rem;
    }
    button {
      font: inherit;
      cursor: pointer;
      border-radius: calc(var(--tessera-radius, 8px) / 2);
      padding: 0.25rem 0.625rem;
      border: 1px solid var(--tessera-color-primary, #0b5fff);
      background: transparent;
      color: var(--tessera-color-primary, #0b5fff);
    }
    button:focus-visible,
    .table-wrap:focus-visible {
      outline: 3px solid var(--tessera-color-accent, #00a37a);
      outline-offset: 2px;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      list-style: none;
      margin: 0.25rem 0 0;
      padding: 0;
      font-size: 0.875rem;
    }
    .swatch {
      display: inline-block;
      width: 0.875rem;
      height: 0.875rem;
      border-radius: 2px;
      margin-inline-end: 0.375rem;
      vertical-align: -0.125rem;
    }
    .s0 {
      background: var(--_c1);
    }
    .s1 {
      background: var(--_c2);
    }
    .s2 {
      background: var(--_c3);
    }
    .s3 {
      background: var(--_c4);
    }
    .s4 {
      background: var(--_c5);
    }
    .s5 {
      background: var(--_c6);
    }
    .plot {
      min-height: 240px;
      width: 100%;
    }
    .empty {
      margin: 0;
      color: #4a5561;
    }
    /* Visually hidden, still read by screen readers. */
    .sr-only {
      position: absolute;
      width: 1px;
      height: 1px;
      padding: 0;
      margin: -1px;
      overflow: hidden;
      clip: rect(0, 0, 0, 0);
      white-space: nowrap;
      border: 0;
    }
    .table-wrap {
      overflow-x: auto;
      max-height: 24rem;
    }
    table {
      border-collapse: collapse;
      width: 100%;
      font-size: 0.875rem;
    }
    th,
    td {
      text-align: start;
      padding: 0.25rem 0.5rem;
      border-bottom: 1px solid #c9d1d9;
    }
    td {
      text-align: end;
      font-variant-numeric: tabular-nums;
    }
    /* The rules of uPlot's stylesheet (uPlot.min.css, MIT) the chart needs, without the legend. */
    .uplot,
    .uplot * {
      box-sizing: border-box;
    }
    .uplot {
      font-family: inherit;
      line-height: 1.5;
      width: min-content;
    }
    .u-wrap {
      position: relative;
      user-select: none;
    }
    .u-over,
    .u-under {
      position: absolute;
    }
    .u-under {
      overflow: hidden;
    }
    .uplot canvas {
      display: block;
      position: relative;
      width: 100%;
      height: 100%;
    }
    .u-axis {
      position: absolute;
    }
    .u-select {
      background: rgba(0, 0, 0, 0.07);
      position: absolute;
      pointer-events: none;
    }
    .u-cursor-x,
    .u-cursor-y {
      position: absolute;
      left: 0;
      top: 0;
      pointer-events: none;
    }
    .u-hz .u-cursor-x {
      height: 100%;
      border-right: 1px dashed #607d8b;
    }
    .u-hz .u-cursor-y {
      width: 100%;
      border-bottom: 1px dashed #607d8b;
    }
    .u-cursor-pt {
      position: absolute;
      top: 0;
      left: 0;
      border-radius: 50%;
      border: 0 solid;
      pointer-events: none;
      background-clip: padding-box !important;
    }
    .u-axis.u-off,
    .u-select.u-off,
    .u-cursor-x.u-off,
    .u-cursor-y.u-off,
    .u-cursor-pt.u-off {
      display: none;
    }
  `

  /** What the chart shows (its visible caption and the table's caption). */
  @property() caption = ''
  @property() locale: Locale = 'en'
  /** The days on the horizontal axis (`YYYY-MM-DD`), oldest first. */
  @property({ attribute: false }) days: string[] = []
  @property({ attribute: false }) series: ChartSeries[] = []
  @property({ attribute: 'value-format' }) valueFormat: ChartValueFormat = 'count'
  /** Shows the table instead of the chart. */
  @property({ type: Boolean, reflect: true, attribute: 'as-table' }) asTable = false

  @state() private drawn = false

  private plot: uPlot | null = null
  private resizer: ResizeObserver | null = null
  private drawing = 0

  private get empty() {
    return !this.days.length || !this.series.some((s) => s.values.some((v) => v !== 0))
  }

  override disconnectedCallback() {
    super.disconnectedCallback()
    this.destroyPlot()
  }

  protected override updated(changed: PropertyValues<this>) {
    if (
      changed.has('days') ||
      changed.has('series') ||
      changed.has('locale') ||
      changed.has('valueFormat') ||
      changed.has('asTable')
    )
      void this.draw()
  }

  private destroyPlot() {
    this.plot?.destroy()
    this.plot = null
    this.resizer?.disconnect()
    this.resizer = null
  }

  private colours() {
    const style = getComputedStyle(this)
    const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback
    return {
      series: Array.from({ length: PALETTE_SIZE }, (_, i) => read(`--_c${i + 1}`, '#0b5fff')),
      text: read('--_text', '#1b1f24'),
      grid: read('--_grid', '#d8dee4'),
    }
  }

  /** (Re)draws the plot; a newer call supersedes one still loading uPlot. */
  private async draw() {
    const ticket = ++this.drawing
    this.destroyPlot()
    this.drawn = false
    if (this.empty || this.asTable) return
    const { default: UPlot } = await import('uplot')
    if (ticket !== this.drawing || !this.isConnected) return
    const target = this.renderRoot.querySelector<HTMLElement>('.plot')
    if (!target) return
    const colours = this.colours()
    const days = this.days
    const locale = this.locale
    const format = this.valueFormat
    const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })
    const axis = {
      stroke: colours.text,
      grid: { stroke: colours.grid, width: 1 },
      ticks: { stroke: colours.grid, width: 1 },
      font: '12px system-ui, sans-serif',
    }
    const width = Math.max(280, Math.floor(target.clientWidth || 600))
    const options: uPlot.Options = {
      width,
      height: 240,
      legend: { show: false },
      cursor: { y: false },
      scales: {
        // Days as positions 0…n-1 (calendar days have no zone; no time arithmetic in the browser).
        x: { time: false, range: () => [-0.5, Math.max(days.length - 0.5, 0.5)] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        {
          ...axis,
          values: (_u, splits) =>
            splits.map((i) => (Number.isInteger(i) && days[i] ? formatDay(days[i]!, locale, 'short') : '')),
        },
        {
          ...axis,
          size: 64,
          values: (_u, splits) =>
            splits.map((v) => (format === 'duration' ? formatValue(v, format, locale) : count.format(v))),
        },
      ],
      series: [
        {},
        ...this.series.map((s, i) => ({
          label: s.label,
          stroke: colours.series[i % PALETTE_SIZE],
          width: 2,
          points: { show: days.length <= 62, size: 6, fill: colours.series[i % PALETTE_SIZE] },
        })),
      ],
    }
    const data: uPlot.AlignedData = [days.map((_, i) => i), ...this.series.map((s) => s.values)]
    this.plot = new UPlot(options, data, target)
    this.resizer = new ResizeObserver(() => {
      const next = Math.max(280, Math.floor(target.clientWidth))
      if (this.plot && next !== this.plot.width) this.plot.setSize({ width: next, height: 240 })
    })
    this.resizer.observe(target)
    this.drawn = true
  }

  private table() {
    return html`<table>
      <caption class="sr-only">
        ${this.caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t(this.locale, 'day')}</th>
          ${this.series.map((s) => html`<th scope="col">${s.label}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${this.days.map(
          (day, i) =>
            html`<tr data-day=${day}>
              <th scope="row">${formatDay(day, this.locale)}</th>
              ${this.series.map(
                (s) =>
                  html`<td data-value=${String(s.values[i] ?? 0)}>
                    ${formatValue(s.values[i] ?? 0, this.valueFormat, this.locale)}
                  </td>`
              )}
            </tr>`
        )}
      </tbody>
    </table>`
  }

  override render() {
    const empty = this.empty
    return html`<figure aria-labelledby="caption">
      <div class="head">
        <figcaption id="caption">${this.caption}</figcaption>
        ${
          empty
            ? nothing
            : html`<button
                type="button"
                aria-pressed=${this.asTable ? 'true' : 'false'}
                @click=${this.toggle}
              >
                ${t(this.locale, 'showTable')}
              </button>`
        }
      </div>
      ${
        empty
          ? html`<p class="empty">${t(this.locale, 'empty')}</p>`
          : html`${
                this.asTable
                  ? nothing
                  : html`<div
                        class="plot"
                        aria-hidden="true"
                        data-drawn=${this.drawn ? 'true' : 'false'}
                      ></div>
                      <ul class="legend" aria-hidden="true">
                        ${this.series.map(
                          (s, i) => html`<li><span class="swatch s${i % PALETTE_SIZE}"></span>${s.label}</li>`
                        )}
                      </ul>
                      <p class="sr-only">${t(this.locale, 'chartOf', { caption: this.caption })}</p>`
              }
              <div
                class=${this.asTable ? 'table-wrap' : 'sr-only'}
                role=${this.asTable ? 'region' : nothing}
                aria-labelledby=${this.asTable ? 'caption' : nothing}
                tabindex=${this.asTable ? '0' : nothing}
              >
                ${this.table()}
              </div>`
      }
    </figure>`
  }

  private toggle() {
    this.asTable = !this.asTable
  }
}

if (!customElements.get(CHART_TAG)) customElements.define(CHART_TAG, TesseraConsoleChart)

declare global {
  interface HTMLElementTagNameMap {
    [CHART_TAG]: TesseraConsoleChart
  }
}
