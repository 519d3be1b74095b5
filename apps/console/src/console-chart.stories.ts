import { html } from 'lit'
import type { Meta, StoryObj } from '@storybook/web-components-vite'
import './console-chart.js'
import type { ChartSeries } from './console-chart.js'

// The console's one chart element: drawn, as a table, in Korean, with brand colours, and empty.

type Args = { locale: 'en' | 'ko'; asTable: boolean }

const meta: Meta<Args> = {
  title: 'Console/Chart',
  args: { locale: 'en', asTable: false },
  argTypes: { locale: { control: 'inline-radio', options: ['en', 'ko'] } },
}
export default meta
type Story = StoryObj<Args>

const DAYS = Array.from({ length: 14 }, (_, i) => `2026-11-${String(14 + i).padStart(2, '0')}`)
const SERIES: ChartSeries[] = [
  { label: 'Uploads', values: DAYS.map((_, i) => 20 + ((i * 7) % 11)) },
  { label: 'Analyses', values: DAYS.map((_, i) => 15 + ((i * 5) % 9)) },
]

const chart = (args: Args, series = SERIES, format: 'count' | 'duration' = 'count') =>
  html`<tessera-console-chart
    .caption=${'Uploads and analyses per day'}
    .locale=${args.locale}
    .days=${DAYS}
    .series=${series}
    value-format=${format}
    ?as-table=${args.asTable}
  ></tessera-console-chart>`

export const Drawn: Story = { name: 'Two series', render: (args) => chart(args) }
export const AsTable: Story = {
  name: 'Shown as a table',
  args: { asTable: true },
  render: (args) => chart(args),
}
export const Durations: Story = {
  name: 'Durations',
  render: (args) => chart(args, [{ label: 'Latest purge', values: DAYS.map((_, i) => i * 900) }], 'duration'),
}
export const Korean: Story = { name: 'Korean', args: { locale: 'ko' }, render: (args) => chart(args) }
export const Empty: Story = {
  name: 'No data',
  render: (args) => chart(args, [{ label: 'Uploads', values: DAYS.map(() => 0) }]),
}
export const Themed: Story = {
  name: 'Brand colours (--tessera-chart-1, --tessera-chart-2)',
  render: (args) =>
    html`<div style="--tessera-chart-1: #7a1fa2; --tessera-chart-2: #c2410c; --tessera-color-text: #2d1b3d">
      ${chart(args)}
    </div>`,
}
