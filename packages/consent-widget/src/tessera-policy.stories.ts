import { html, nothing } from 'lit'
import type { Meta, StoryObj } from '@storybook/web-components-vite'
import { sampleWidgetConfig } from '@tessera/widget-core'
import type { TesseraRuntime } from '@tessera/widget-core'
import './tessera-policy.js'
import type { TesseraPolicy } from './tessera-policy.js'
import { fixtureApi } from './policy/fixtures.js'
import type { FixtureOptions } from './policy/fixtures.js'

// Stories pass a runtime stand-in whose fetch answers from fixtures: no API needed.
const config = sampleWidgetConfig({ tenant: { id: 'tn_story', name: 'Brightwater Imaging' } })

function runtime(options: FixtureOptions = {}): Partial<TesseraRuntime> {
  return fixtureApi(options, config).runtime
}

interface Args {
  lang: string
  headingLevel: number
  hideToc: boolean
  version: string
  runtime: Partial<TesseraRuntime>
}

const meta: Meta<Args> = {
  title: 'Consent/Privacy policy',
  component: 'tessera-policy',
  args: {
    lang: '',
    headingLevel: 2,
    hideToc: false,
    version: '',
    runtime: runtime({ published: 'no-upcoming' }),
  },
  argTypes: {
    lang: { control: 'select', options: ['', 'en', 'ko'] },
    headingLevel: { control: { type: 'number', min: 1, max: 6 } },
    hideToc: { control: 'boolean' },
    version: { control: 'select', options: ['', 'pv_2027', 'pv_2026', 'pv_2025'] },
    runtime: { table: { disable: true } },
  },
  render: (args) =>
    html`<tessera-policy
      lang=${args.lang || 'en'}
      heading-level=${args.headingLevel}
      ?hide-toc=${args.hideToc}
      version=${args.version || nothing}
      .runtime=${args.runtime as Pick<TesseraRuntime, 'config'>}
    ></tessera-policy>`,
}
export default meta

type Story = StoryObj<Args>

/** Waits (up to 5 s) for the element in the story to show its text, then returns it. */
async function readyPolicy(canvas: HTMLElement): Promise<TesseraPolicy> {
  const el = canvas.querySelector('tessera-policy')!
  for (let i = 0; i < 100 && !el.shadowRoot?.querySelector('[part~="document"]'); i++) {
    await new Promise((r) => setTimeout(r, 50))
  }
  await el.updateComplete
  return el
}

export const CurrentOnly: Story = { name: 'Ready (current version only)' }

export const UpcomingSignificantChange: Story = { args: { runtime: runtime() } }

export const DiffShown: Story = {
  args: { runtime: runtime() },
  play: async ({ canvasElement }) => {
    const el = await readyPolicy(canvasElement)
    el.shadowRoot?.querySelector<HTMLButtonElement>('.diff-button')?.click()
  },
}

export const ViewingSupersededVersion: Story = { args: { runtime: runtime(), version: 'pv_2025' } }

export const ViewingUpcomingVersion: Story = { args: { runtime: runtime(), version: 'pv_2027' } }

export const Korean: Story = { args: { lang: 'ko', runtime: runtime() } }

export const HiddenContents: Story = { args: { hideToc: true } }

export const NoPolicyYet: Story = { args: { runtime: runtime({ published: 'none' }) } }

export const NoPolicyYetKorean: Story = { args: { lang: 'ko', runtime: runtime({ published: 'none' }) } }

export const Loading: Story = { args: { runtime: runtime({ pending: true }) } }

export const Refused: Story = { args: { runtime: runtime({ failWith: 403 }) } }

export const RefusedKorean: Story = { args: { lang: 'ko', runtime: runtime({ failWith: 0 }) } }

export const Failed: Story = { name: 'Error', args: { runtime: runtime({ failWith: 500 }) } }

export const HostileStrings: Story = {
  args: { runtime: runtime({ hostile: '<img src=x onerror="alert(1)">' }) },
}

export const PartnerTheme: Story = {
  args: { runtime: runtime() },
  render: (args) => html`
    <style>
      .partner {
        --tessera-color-primary: #7a1fa2;
        --tessera-color-accent: #c2185b;
        --tessera-font-family: Georgia, serif;
        --tessera-radius: 0;
      }
      .partner tessera-policy::part(banner) {
        border-inline-start-width: 8px;
      }
      .partner tessera-policy::part(toc) {
        columns: 2;
      }
    </style>
    <div class="partner">
      <tessera-policy lang="en" .runtime=${args.runtime as Pick<TesseraRuntime, 'config'>}></tessera-policy>
    </div>
  `,
}
