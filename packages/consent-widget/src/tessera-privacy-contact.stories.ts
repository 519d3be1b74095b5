import { html } from 'lit'
import type { Meta, StoryObj } from '@storybook/web-components-vite'
import { sampleWidgetConfig, type TesseraRuntime, type WidgetConfig } from '@tessera/widget-core'
import './tessera-privacy-contact.js'

// Stories pass the config (or a runtime stand-in) directly: no API needed.
const config: WidgetConfig = sampleWidgetConfig({ tenant: { id: 'tn_story' } })

function failing(status: number, title: string): Pick<TesseraRuntime, 'config'> {
  const error = Object.assign(new Error(title), {
    name: 'TesseraApiError',
    status,
    type: `https://tessera.dev/problems/${status === 0 ? 'network' : status}`,
    title,
  })
  const promise = Promise.reject(error)
  promise.catch(() => {})
  return { config: promise }
}

interface Args {
  lang: string
  headingLevel: number
  config?: WidgetConfig
  runtime?: Pick<TesseraRuntime, 'config'>
}

const meta: Meta<Args> = {
  title: 'Consent/Privacy contact',
  component: 'tessera-privacy-contact',
  args: { lang: '', headingLevel: 2, config },
  argTypes: {
    lang: { control: 'select', options: ['', 'en', 'ko'] },
    headingLevel: { control: { type: 'number', min: 1, max: 6 } },
  },
  render: (args) =>
    html`<tessera-privacy-contact
      lang=${args.lang || 'en'}
      heading-level=${args.headingLevel}
      .config=${args.config}
      .runtime=${args.runtime}
    ></tessera-privacy-contact>`,
}
export default meta

type Story = StoryObj<Args>

export const Ready: Story = {}

export const Korean: Story = { args: { lang: 'ko' } }

export const HeadingLevel3: Story = { args: { headingLevel: 3 } }

export const Loading: Story = {
  args: { config: undefined, runtime: { config: new Promise<WidgetConfig>(() => {}) } },
}

export const Refused: Story = {
  args: { config: undefined, runtime: failing(403, 'Origin not allowed') },
}

export const RefusedKorean: Story = {
  args: { lang: 'ko', config: undefined, runtime: failing(0, 'Network error') },
}

export const Failed: Story = {
  name: 'Error',
  args: { config: undefined, runtime: failing(500, 'Internal server error') },
}

export const HostileTenantStrings: Story = {
  args: {
    config: {
      ...config,
      tenant: { ...config.tenant, legalName: '<img src=x onerror="alert(1)">' },
      officer: { name: '<script>alert(1)</script>', department: 'Privacy', email: 'javascript:alert(1)' },
    },
  },
}

export const PartnerTheme: Story = {
  render: (args) => html`
    <style>
      .partner {
        --tessera-color-primary: #7a1fa2;
        --tessera-font-family: Georgia, serif;
        --tessera-radius: 0;
      }
      .partner tessera-privacy-contact::part(heading) {
        text-transform: uppercase;
        letter-spacing: 0.05em;
      }
    </style>
    <div class="partner">
      <tessera-privacy-contact lang=${args.lang || 'en'} .config=${args.config}></tessera-privacy-contact>
    </div>
  `,
}
