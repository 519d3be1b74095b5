import { html } from 'lit'
import type { Meta, StoryObj } from '@storybook/web-components-vite'
import { FakeConsent, sampleCookieConfig } from './cookies/fixtures.js'
import type { FakeConsentOptions } from './cookies/fixtures.js'

// The second layer, opened the way the loader opens it (openSettings → show()); no API needed.
interface Args {
  lang: string
  category: string
  consent: FakeConsentOptions
}

const meta: Meta<Args> = {
  title: 'Consent/Cookie settings',
  component: 'tessera-cookie-settings',
  args: { lang: 'en', category: '', consent: {} },
  argTypes: {
    lang: { control: 'select', options: ['en', 'ko'] },
    category: { control: 'select', options: ['', 'preferences', 'analytics', 'marketing'] },
    consent: { table: { disable: true } },
  },
  render: (args) =>
    html`<button type="button" data-open>Cookie settings</button>
      <tessera-cookie-settings lang=${args.lang}></tessera-cookie-settings>`,
  play: async ({ canvasElement, args }) => {
    const core = new FakeConsent(args.consent)
    const el = canvasElement.querySelector('tessera-cookie-settings')!
    el.controller = core
    const opener = canvasElement.querySelector<HTMLButtonElement>('[data-open]')!
    opener.onclick = () => void el.show({ opener, category: args.category || undefined })
    await el.show({ opener, category: args.category || undefined })
  },
}
export default meta

type Story = StoryObj<Args>

export const Open: Story = {}

export const Korean: Story = { args: { lang: 'ko', consent: { config: sampleCookieConfig({}, 'ko') } } }

export const AtCategory: Story = {
  name: 'Opened at marketing (iframe placeholder)',
  args: { category: 'marketing' },
}

export const WithStoredChoice: Story = {
  args: { consent: { decided: true, choices: { preferences: true, analytics: false, marketing: false } } },
}

export const GlobalPrivacyControl: Story = { name: 'GPC on', args: { consent: { gpc: true } } }

export const ReloadOffered: Story = {
  name: 'Withdrawn after scripts ran (reload offered)',
  args: { consent: { decided: true, reloadNeeded: true } },
}

export const NotRecorded: Story = {
  name: 'Receipt not recorded',
  args: { consent: { decided: true, problem: { status: 0, type: 'about:blank', title: 'Network error' } } },
}

export const Refused: Story = {
  args: {
    consent: {
      status: 'refused',
      problem: { status: 403, type: 'about:blank', title: 'Origin not allowed' },
    },
  },
}
