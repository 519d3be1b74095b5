import { html } from 'lit'
import type { Meta, StoryObj } from '@storybook/web-components-vite'
import { ConsoleApi } from '../../api.js'
import { FIXTURE_API_BASE, consoleFixture } from '../../fixtures.js'
import type { Role } from '../../api.js'
import { FIXTURE_TODAY } from '../consent/fixtures.js'
import { neverAnswers, shadowQuery, typeInto } from '../story-support.js'
import './console-statistics.js'
import { statisticsRoutes } from './fixtures.js'
import type { StatisticRow } from './api.js'

// The Statistics page in each of its states, against the in-memory stand-in (no server).

type Args = { locale: 'en' | 'ko'; role: Role; offline: boolean }

const meta: Meta<Args> = {
  title: 'Console/Statistics',
  args: { locale: 'en', role: 'owner', offline: false },
  argTypes: {
    locale: { control: 'inline-radio', options: ['en', 'ko'] },
    role: { control: 'select', options: ['owner', 'admin', 'privacy_officer', 'analyst'] },
  },
}
export default meta
type Story = StoryObj<Args>

const page = (args: Args, rows?: StatisticRow[], loading = false) => {
  const api = consoleFixture({
    role: args.role,
    offline: args.offline,
    routes: [...(loading ? [neverAnswers('/v1/admin/statistics')] : []), statisticsRoutes({ rows })],
  })
  return html`<tessera-console-statistics
    .api=${new ConsoleApi(FIXTURE_API_BASE, api.signIn(), api.fetch)}
    .locale=${args.locale}
    .today=${FIXTURE_TODAY}
  ></tessera-console-statistics>`
}

export const Charts: Story = { name: 'Last 31 days', render: (args) => page(args) }
export const Loading: Story = { name: 'Loading', render: (args) => page(args, undefined, true) }
export const Empty: Story = { name: 'No figures yet', render: (args) => page(args, []) }
export const PeriodRefused: Story = {
  name: 'Period refused beside the field',
  render: (args) => page(args),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('tessera-console-statistics')
    typeInto(await shadowQuery<HTMLInputElement>(el, '#from'), '2020-01-01')
    ;(await shadowQuery<HTMLButtonElement>(el, 'form button[type="submit"]')).click()
  },
}
export const Analyst: Story = {
  name: 'Analyst (same figures)',
  args: { role: 'analyst' },
  render: (args) => page(args),
}
export const Offline: Story = {
  name: 'API unreachable',
  args: { offline: true },
  render: (args) => page(args),
}
export const Korean: Story = { name: 'Korean', args: { locale: 'ko' }, render: (args) => page(args) }
