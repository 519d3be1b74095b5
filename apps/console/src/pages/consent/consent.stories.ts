import { html } from 'lit'
import type { Meta, StoryObj } from '@storybook/web-components-vite'
import { ConsoleApi } from '../../api.js'
import { FIXTURE_API_BASE, consoleFixture } from '../../fixtures.js'
import type { Role } from '../../api.js'
import { neverAnswers, shadowQuery, typeInto } from '../story-support.js'
import './console-consent.js'
import { FIXTURE_CHAIN_BROKEN, FIXTURE_TODAY, consentRoutes } from './fixtures.js'
import type { ConsentFixtureOptions } from './fixtures.js'

// The Consent page in each of its states, against the in-memory stand-in (no server).

type Args = { locale: 'en' | 'ko'; role: Role; offline: boolean }

const meta: Meta<Args> = {
  title: 'Console/Consent',
  args: { locale: 'en', role: 'owner', offline: false },
  argTypes: {
    locale: { control: 'inline-radio', options: ['en', 'ko'] },
    role: { control: 'select', options: ['owner', 'admin', 'privacy_officer', 'analyst'] },
  },
}
export default meta
type Story = StoryObj<Args>

const page = (args: Args, options: ConsentFixtureOptions = {}, loading = false) => {
  const api = consoleFixture({
    role: args.role,
    offline: args.offline,
    routes: [...(loading ? [neverAnswers('/v1/admin/consent/')] : []), consentRoutes(options)],
  })
  return html`<tessera-console-consent
    .api=${new ConsoleApi(FIXTURE_API_BASE, api.signIn(), api.fetch)}
    .locale=${args.locale}
    .today=${FIXTURE_TODAY}
    ?can-export=${args.role !== 'analyst'}
    role-label=${args.role}
  ></tessera-console-consent>`
}

export const Charts: Story = { name: 'Decisions per purpose, ledger intact', render: (args) => page(args) }
export const Loading: Story = { name: 'Loading', render: (args) => page(args, {}, true) }
export const Empty: Story = {
  name: 'No decisions yet',
  render: (args) =>
    page(args, { rows: [], report: { ok: true, events: 0, head: '0'.repeat(64), problems: [] } }),
}
export const Broken: Story = {
  name: 'Ledger broken at an entry',
  render: (args) => page(args, { report: FIXTURE_CHAIN_BROKEN }),
}
export const ReasonRefused: Story = {
  name: 'Export: reason refused beside the field',
  render: (args) => page(args),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('tessera-console-consent')
    typeInto(await shadowQuery<HTMLInputElement>(el, '#reason'), 'why')
    ;(await shadowQuery<HTMLButtonElement>(el, 'form:not(.range) button[type="submit"]')).click()
  },
}
export const Analyst: Story = {
  name: 'Read-only: analyst (no export)',
  args: { role: 'analyst' },
  render: (args) => page(args),
}
export const Offline: Story = {
  name: 'API unreachable',
  args: { offline: true },
  render: (args) => page(args),
}
export const Korean: Story = { name: 'Korean', args: { locale: 'ko' }, render: (args) => page(args) }
