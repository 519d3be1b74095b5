import { html } from 'lit'
import type { Meta, StoryObj } from '@storybook/web-components-vite'
import '../../index.js'
import { ConsoleApi } from '../../api.js'
import { FIXTURE_API_BASE, consoleFixture, invalidFields } from '../../fixtures.js'
import type { FixtureRoute } from '../../fixtures.js'
import type { Role } from '../../api.js'
import type { TesseraConsoleSettings } from '../../console-settings.js'
import { purposesFixture } from '../purposes/fixtures.js'
import { settingsFixture } from './fixtures.js'
import type { SettingsFixtureOptions } from './fixtures.js'

// The Settings page in each of its states, against the in-memory stand-ins (no server): every section,
// field errors from the API, a conflict with another admin, the keys, the live preview, roles, Korean.

type Args = { locale: 'en' | 'ko'; role: Role; offline: boolean }

const meta: Meta<Args> = {
  title: 'Console/Settings page',
  args: { locale: 'en', role: 'owner', offline: false },
  argTypes: {
    locale: { control: 'inline-radio', options: ['en', 'ko'] },
    role: { control: 'select', options: ['owner', 'admin', 'privacy_officer', 'analyst'] },
  },
}
export default meta
type Story = StoryObj<Args>

function page(args: Args, options: { settings?: SettingsFixtureOptions; extra?: FixtureRoute[] } = {}) {
  const settings = settingsFixture(options.settings)
  const api = consoleFixture({
    role: args.role,
    offline: args.offline,
    routes: [...(options.extra ?? []), settings.route, purposesFixture().route],
  })
  const canEdit = args.role === 'owner' || args.role === 'admin'
  return {
    settings,
    template: html`<tessera-console-settings
      .api=${new ConsoleApi(FIXTURE_API_BASE, api.signIn(), api.fetch)}
      .locale=${args.locale}
      ?can-edit=${canEdit}
      ?can-manage-keys=${canEdit}
      role-label=${args.role}
    ></tessera-console-settings>`,
  }
}

/** Waits (up to 5 s) for `find` to return an element, then returns it. */
async function shown<T extends Element>(find: () => T | null | undefined): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const found = find()
    if (found) return found
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('not shown')
}

const section = (canvas: HTMLElement, name: string) =>
  canvas
    .querySelector<TesseraConsoleSettings>('tessera-console-settings')
    ?.shadowRoot?.querySelector(`tessera-console-settings-${name}`)?.shadowRoot

function fill(input: HTMLInputElement, value: string) {
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
}

export const Sections: Story = { name: 'All sections (owner)', render: (args) => page(args).template }

export const Loading: Story = {
  render: (args) => page(args, { settings: { pending: true } }).template,
}

export const ReadOnly: Story = {
  name: 'Read-only (analyst: no save buttons, no keys)',
  args: { role: 'analyst' },
  render: (args) => page(args).template,
}

export const Offline: Story = {
  name: 'API unreachable',
  args: { offline: true },
  render: (args) => page(args).template,
}

export const Korean: Story = { name: 'Korean', args: { locale: 'ko' }, render: (args) => page(args).template }

export const OriginRefused: Story = {
  name: 'Allowed origins: not an origin (beside the field)',
  render: (args) => page(args).template,
  play: async ({ canvasElement }) => {
    const input = await shown(() =>
      section(canvasElement, 'origins')?.querySelector<HTMLInputElement>('#new-origin')
    )
    fill(input, 'https://partner.example/landing')
    section(canvasElement, 'origins')!.querySelector<HTMLButtonElement>('button.add')!.click()
  },
}

export const OriginRowRefused: Story = {
  name: 'Allowed origins: the API refuses a stored row',
  render: (args) =>
    page(args, {
      settings: { tenant: { allowedOrigins: ['https://ok.example', 'https://old.example/path'] } },
    }).template,
  play: async ({ canvasElement }) => {
    const input = await shown(() =>
      section(canvasElement, 'origins')?.querySelector<HTMLInputElement>('#new-origin')
    )
    fill(input, 'https://new.example')
    section(canvasElement, 'origins')!.querySelector<HTMLButtonElement>('button.add')!.click()
    await new Promise((r) => setTimeout(r, 50))
    section(canvasElement, 'origins')!.querySelector<HTMLButtonElement>('button.save')!.click()
  },
}

export const RetentionBeyondCap: Story = {
  name: 'Retention beyond the platform cap',
  render: (args) => page(args).template,
  play: async ({ canvasElement }) => {
    const input = await shown(() =>
      section(canvasElement, 'retention')?.querySelector<HTMLInputElement>('#settings-imageRetentionHours')
    )
    fill(input, '72')
    section(canvasElement, 'retention')!.querySelector<HTMLButtonElement>('button.save')!.click()
  },
}

export const UnknownLocale: Story = {
  name: 'Languages: an unknown locale refused by the API',
  render: (args) =>
    page(args, {
      extra: [
        (r) =>
          r.method === 'PATCH' && r.body?.locales
            ? invalidFields([
                { field: 'locales.1', message: 'The selected locales.1 is invalid', rule: 'in' },
              ])
            : null,
      ],
    }).template,
  play: async ({ canvasElement }) => {
    const ko = await shown(() =>
      section(canvasElement, 'locales')?.querySelector<HTMLInputElement>('#locales-ko')
    )
    ko.checked = false
    ko.dispatchEvent(new Event('change'))
    const select = section(canvasElement, 'locales')!.querySelector<HTMLSelectElement>('#defaultLocale')!
    select.value = 'en'
    select.dispatchEvent(new Event('change'))
    await new Promise((r) => setTimeout(r, 50))
    section(canvasElement, 'locales')!.querySelector<HTMLButtonElement>('button.save')!.click()
  },
}

export const Conflict: Story = {
  name: 'Two admins: saved by someone else in between (412)',
  render: (args) => {
    const { settings, template } = page(args)
    setTimeout(() => settings.saveElsewhere({ officer: { name: 'Park Seoyeon' } }), 300)
    return template
  },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('tessera-console-settings')!
    const name = await shown(() => el.shadowRoot?.querySelector<HTMLInputElement>('#officer-name'))
    await new Promise((r) => setTimeout(r, 400))
    fill(name, 'Lee Jiwoo')
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
  },
}

export const SecretKeyShownOnce: Story = {
  name: 'API keys: a new secret key, shown once',
  render: (args) => page(args).template,
  play: async ({ canvasElement }) => {
    const label = await shown(() =>
      section(canvasElement, 'keys')?.querySelector<HTMLInputElement>('#key-label')
    )
    fill(label, 'CI server')
    section(canvasElement, 'keys')!.querySelector<HTMLButtonElement>('button.create-key')!.click()
  },
}

export const RevokeConfirmation: Story = {
  name: 'API keys: revoking asks first',
  render: (args) => page(args).template,
  play: async ({ canvasElement }) => {
    const revoke = await shown(() =>
      section(canvasElement, 'keys')?.querySelector<HTMLButtonElement>(
        'button[data-revoke="key_fixture_sk1"]'
      )
    )
    revoke.click()
  },
}

export const BrandingPreview: Story = {
  name: 'Branding: the live preview with a new primary colour',
  render: (args) => page(args).template,
  play: async ({ canvasElement }) => {
    const colour = await shown(() =>
      section(canvasElement, 'branding')?.querySelector<HTMLInputElement>('#branding-primaryColor')
    )
    fill(colour, '#c2185b')
    const preview = section(canvasElement, 'branding')!.querySelector('tessera-console-widget-preview')!
    ;(await shown(() => preview.shadowRoot?.querySelector<HTMLButtonElement>('button.toggle'))).click()
  },
}
