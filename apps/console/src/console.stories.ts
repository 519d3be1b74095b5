import { html } from 'lit'
import type { Meta, StoryObj } from '@storybook/web-components-vite'
import './index.js'
import { ConsoleApi } from './api.js'
import {
  FIXTURE_API_BASE,
  FIXTURE_TENANT_ID,
  consoleFixture,
  fixtureManifest,
  memoryStore,
} from './fixtures.js'
import type { ConsoleFixtureOptions } from './fixtures.js'

// The console's elements in each of their states, against the in-memory API stand-in (no server).

type Args = { locale: 'en' | 'ko'; role: NonNullable<ConsoleFixtureOptions['role']>; offline: boolean }

const meta: Meta<Args> = {
  title: 'Console',
  args: { locale: 'en', role: 'owner', offline: false },
  argTypes: {
    locale: { control: 'inline-radio', options: ['en', 'ko'] },
    role: { control: 'select', options: ['owner', 'admin', 'privacy_officer', 'analyst'] },
  },
}
export default meta
type Story = StoryObj<Args>

const signIn = (args: Args, tenant = '', notice = '') => {
  const api = consoleFixture({ offline: args.offline })
  return html`<tessera-console-sign-in
    .api=${new ConsoleApi(FIXTURE_API_BASE, null, api.fetch)}
    .locale=${args.locale}
    .tenant=${tenant}
    .notice=${notice}
  ></tessera-console-sign-in>`
}

const settings = (args: Args) => {
  const api = consoleFixture({ role: args.role, offline: args.offline })
  const canEdit = args.role === 'owner' || args.role === 'admin'
  return html`<tessera-console-settings
    .api=${new ConsoleApi(FIXTURE_API_BASE, api.signIn(), api.fetch)}
    .locale=${args.locale}
    ?can-edit=${canEdit}
    role-label=${args.role}
  ></tessera-console-settings>`
}

const models = (args: Args) => {
  const api = consoleFixture({ role: args.role, offline: args.offline })
  const canManage = args.role === 'owner' || args.role === 'admin'
  return html`<tessera-console-models
    .api=${new ConsoleApi(FIXTURE_API_BASE, api.signIn(), api.fetch)}
    .locale=${args.locale}
    ?can-manage=${canManage}
    role-label=${args.role}
  ></tessera-console-models>`
}

export const SignIn: Story = { name: 'Sign-in', render: (args) => signIn(args) }

export const SignInPrefilled: Story = {
  name: 'Sign-in, tenant from the link, session expired',
  render: (args) => signIn(args, FIXTURE_TENANT_ID, 'Your session has ended. Please sign in again.'),
}

export const SignInKorean: Story = {
  name: 'Sign-in (Korean)',
  args: { locale: 'ko' },
  render: (args) => signIn(args),
}

export const SignInOffline: Story = {
  name: 'Sign-in, API unreachable',
  args: { offline: true },
  render: (args) => signIn(args),
}

export const Settings: Story = { name: 'Settings (owner)', render: (args) => settings(args) }

export const SettingsReadOnly: Story = {
  name: 'Settings, read-only (analyst)',
  args: { role: 'analyst' },
  render: (args) => settings(args),
}

export const SettingsFieldError: Story = {
  name: 'Settings, invalid officer e-mail refused beside the field',
  render: (args) => settings(args),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('tessera-console-settings')!
    for (let i = 0; i < 50 && !el.shadowRoot?.querySelector('#officer-email'); i++)
      await new Promise((r) => setTimeout(r, 50))
    const email = el.shadowRoot!.querySelector<HTMLInputElement>('#officer-email')!
    email.value = 'not-an-address'
    email.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
  },
}

export const SettingsKorean: Story = {
  name: 'Settings (Korean)',
  args: { locale: 'ko' },
  render: (args) => settings(args),
}

export const Models: Story = { name: 'Models (owner)', render: (args) => models(args) }

export const ModelsReadOnly: Story = {
  name: 'Models, read-only (analyst)',
  args: { role: 'analyst' },
  render: (args) => models(args),
}

export const ModelsUploadError: Story = {
  name: 'Models, manifest refused beside the field',
  render: (args) => models(args),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('tessera-console-models')!
    for (let i = 0; i < 50 && !el.shadowRoot?.querySelector('#manifest'); i++)
      await new Promise((r) => setTimeout(r, 50))
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('#model')!
    const transfer = new DataTransfer()
    transfer.items.add(new File([new Uint8Array([8, 1])], 'clinic-seg.onnx'))
    input.files = transfer.files
    input.dispatchEvent(new Event('change', { bubbles: true, composed: true }))
    const manifest = fixtureManifest()
    manifest.input.name = 'image'
    const area = el.shadowRoot!.querySelector<HTMLTextAreaElement>('#manifest')!
    area.value = JSON.stringify(manifest, null, 2)
    area.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
  },
}

export const ModelsKorean: Story = {
  name: 'Models (Korean)',
  args: { locale: 'ko' },
  render: (args) => models(args),
}

export const WholeConsole: Story = {
  name: 'Whole console, signed out',
  render: () =>
    html`<tessera-console api-base=${FIXTURE_API_BASE} .store=${memoryStore()}></tessera-console>`,
}
