import { html } from 'lit'
import type { Meta, StoryObj } from '@storybook/web-components-vite'
import { ConsoleApi } from '../../api.js'
import { FIXTURE_API_BASE, consoleFixture } from '../../fixtures.js'
import type { Role } from '../../api.js'
import { FIXTURE_CHAIN_BROKEN, FIXTURE_TODAY } from '../consent/fixtures.js'
import { neverAnswers, shadowQuery, typeInto } from '../story-support.js'
import './console-audit.js'
import { auditRoutes } from './fixtures.js'
import type { AuditFixtureOptions } from './fixtures.js'

// The Audit log page in each of its states, against the in-memory stand-in (no server). Analysts and
// admins have no Audit log page (no audit.read): their story shows the API's refusal.

type Args = { locale: 'en' | 'ko'; role: Role; offline: boolean }

const meta: Meta<Args> = {
  title: 'Console/Audit log',
  args: { locale: 'en', role: 'owner', offline: false },
  argTypes: {
    locale: { control: 'inline-radio', options: ['en', 'ko'] },
    role: { control: 'select', options: ['owner', 'admin', 'privacy_officer', 'analyst'] },
  },
}
export default meta
type Story = StoryObj<Args>

const page = (args: Args, options: AuditFixtureOptions = {}, loading = false) => {
  const api = consoleFixture({
    role: args.role,
    offline: args.offline,
    routes: [...(loading ? [neverAnswers('/v1/admin/audit-events')] : []), auditRoutes(options)],
  })
  return html`<tessera-console-audit
    .api=${new ConsoleApi(FIXTURE_API_BASE, api.signIn(), api.fetch)}
    .locale=${args.locale}
    .today=${FIXTURE_TODAY}
  ></tessera-console-audit>`
}

export const List: Story = { name: 'Entries, chain intact, month summary', render: (args) => page(args) }
export const Loading: Story = { name: 'Loading', render: (args) => page(args, {}, true) }
export const Empty: Story = {
  name: 'New tenant: no entries',
  render: (args) =>
    page(args, { events: [], report: { ok: true, events: 0, head: '0'.repeat(64), problems: [] } }),
}
export const Broken: Story = {
  name: 'Chain broken at an entry',
  render: (args) => page(args, { report: FIXTURE_CHAIN_BROKEN }),
}
export const ReasonRefused: Story = {
  name: 'Monthly export: reason refused beside the field',
  render: (args) => page(args),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('tessera-console-audit')
    typeInto(await shadowQuery<HTMLInputElement>(el, '#reason'), 'why')
    ;(await shadowQuery<HTMLFormElement>(el, '#reason')).form!.requestSubmit()
  },
}
export const PrivacyOfficer: Story = {
  name: 'Privacy officer',
  args: { role: 'privacy_officer' },
  render: (args) => page(args),
}
export const AnalystRefused: Story = {
  name: 'Analyst: refused by the API',
  args: { role: 'analyst' },
  render: (args) => page(args),
}
export const Offline: Story = {
  name: 'API unreachable',
  args: { offline: true },
  render: (args) => page(args),
}
export const Korean: Story = { name: 'Korean', args: { locale: 'ko' }, render: (args) => page(args) }
