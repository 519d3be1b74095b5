import { html } from 'lit'
import type { Meta, StoryObj } from '@storybook/web-components-vite'
import './tessera-cookie-banner.js'
import { FakeConsent, sampleCookieConfig } from './cookies/fixtures.js'
import type { FakeConsentOptions } from './cookies/fixtures.js'

// Stories pass an in-memory consent core (what tessera.js provides on a real page): no API, no loader.
interface Args {
  lang: string
  consent: FakeConsentOptions
}

const meta: Meta<Args> = {
  title: 'Consent/Cookie banner',
  component: 'tessera-cookie-banner',
  args: { lang: 'en', consent: {} },
  argTypes: {
    lang: { control: 'select', options: ['en', 'ko'] },
    consent: { table: { disable: true } },
  },
  // A fresh core per render, so choosing in one story does not leak into the next.
  render: (args) =>
    html`<p>Partner page content.</p>
      <tessera-cookie-banner
        lang=${args.lang}
        style="--tessera-cookie-banner-position: static"
        .controller=${new FakeConsent(args.consent)}
      ></tessera-cookie-banner>`,
}
export default meta

type Story = StoryObj<Args>

export const FirstLayer: Story = {}

export const Korean: Story = {
  args: { lang: 'ko', consent: { config: sampleCookieConfig({}, 'ko') } },
}

export const Collapsed: Story = { name: 'Collapsed (choice made)', args: { consent: { decided: true } } }

export const GlobalPrivacyControl: Story = { name: 'GPC on', args: { consent: { gpc: true } } }

export const OptOutRegime: Story = {
  name: 'Opt-out regime',
  args: { consent: { config: sampleCookieConfig({ regime: 'opt_out' }) } },
}

export const SettingsOpen: Story = {
  name: 'Settings dialog open',
  play: async ({ canvasElement }) => {
    const banner = canvasElement.querySelector('tessera-cookie-banner')!
    banner.shadowRoot!.querySelector<HTMLButtonElement>('[data-act=settings]')!.click()
  },
}

export const Refused: Story = {
  name: 'Refused (site not allowed)',
  args: {
    consent: {
      status: 'refused',
      problem: {
        status: 403,
        type: 'https://tessera.dev/problems/origin-not-allowed',
        title: 'Origin not allowed',
      },
    },
  },
}

export const Failed: Story = {
  name: 'Error',
  args: {
    consent: { status: 'error', problem: { status: 500, type: 'about:blank', title: 'Server error' } },
  },
}

export const Loading: Story = { args: { consent: { status: 'loading' } } }

export const PartnerTheme: Story = {
  render: (args) => html`
    <style>
      .partner {
        --tessera-color-primary: #7a1fa2;
        --tessera-font-family: Georgia, serif;
        --tessera-radius: 0;
      }
      .partner tessera-cookie-banner::part(title) {
        text-transform: uppercase;
      }
    </style>
    <div class="partner">
      <tessera-cookie-banner
        lang=${args.lang}
        style="--tessera-cookie-banner-position: static"
        .controller=${new FakeConsent(args.consent)}
      ></tessera-cookie-banner>
    </div>
  `,
}
