import { html } from 'lit'
import type { Meta, StoryObj } from '@storybook/web-components-vite'
import '../../index.js'
import { ConsoleApi } from '../../api.js'
import type { Role } from '../../api.js'
import { FIXTURE_API_BASE, consoleFixture } from '../../fixtures.js'
import { settingsFixture } from '../settings/fixtures.js'
import { purposesFixture } from './fixtures.js'
import type { PurposesFixtureOptions } from './fixtures.js'

// The Purposes & cookies page in each of its states, against the in-memory stand-ins (no server).

type Args = { locale: 'en' | 'ko'; role: Role; offline: boolean }

const meta: Meta<Args> = {
  title: 'Console/Purposes & cookies page',
  args: { locale: 'en', role: 'owner', offline: false },
  argTypes: {
    locale: { control: 'inline-radio', options: ['en', 'ko'] },
    role: { control: 'select', options: ['owner', 'admin', 'privacy_officer', 'analyst'] },
  },
}
export default meta
type Story = StoryObj<Args>

function page(args: Args, options: PurposesFixtureOptions = {}) {
  const api = consoleFixture({
    role: args.role,
    offline: args.offline,
    routes: [purposesFixture(options).route, settingsFixture().route],
  })
  const canEdit = args.role === 'owner' || args.role === 'admin'
  return html`<tessera-console-purposes
    .api=${new ConsoleApi(FIXTURE_API_BASE, api.signIn(), api.fetch)}
    .locale=${args.locale}
    ?can-edit=${canEdit}
    ?can-read-keys=${canEdit}
    role-label=${args.role}
  ></tessera-console-purposes>`
}

async function inventoryRoot(canvas: HTMLElement) {
  for (let i = 0; i < 100; i++) {
    const root = canvas
      .querySelector('tessera-console-purposes')
      ?.shadowRoot?.querySelector('tessera-console-purposes-inventory')?.shadowRoot
    if (root?.querySelector('form')) return root
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('not shown')
}

export const Purposes: Story = {
  name: 'Purposes, categories, inventory, snippet (owner)',
  render: (args) => page(args),
}

export const Loading: Story = { render: (args) => page(args, { pending: true }) }

export const NoPolicy: Story = {
  name: 'No policy in effect',
  render: (args) => page(args, { noPolicy: true }),
}

export const EmptyInventory: Story = {
  name: 'Empty inventory',
  render: (args) => page(args, { inventory: [] }),
}

export const ReadOnly: Story = {
  name: 'Read-only, no key for the snippet (privacy officer)',
  args: { role: 'privacy_officer' },
  render: (args) => page(args),
}

export const Offline: Story = {
  name: 'API unreachable',
  args: { offline: true },
  render: (args) => page(args),
}

export const Korean: Story = { args: { locale: 'ko' }, render: (args) => page(args) }

export const RowRefused: Story = {
  name: 'Inventory: a row refused beside its field',
  render: (args) => page(args),
  play: async ({ canvasElement }) => {
    const root = await inventoryRoot(canvasElement)
    root.querySelector<HTMLButtonElement>('button.add-entry')!.click()
    await new Promise((r) => setTimeout(r, 50))
    const name = root.querySelector<HTMLInputElement>('#entry-2-name')!
    name.value = '_hjid'
    name.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
    root.querySelector<HTMLButtonElement>('button.save-inventory')!.click()
  },
}
