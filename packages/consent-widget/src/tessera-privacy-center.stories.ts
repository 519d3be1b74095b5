import { html } from 'lit'
import type { Meta, StoryObj } from '@storybook/web-components-vite'
import { sampleWidgetConfig } from '@tessera/widget-core'
import type { TesseraRuntime } from '@tessera/widget-core'
import './tessera-privacy-center.js'
import type { TesseraPrivacyCenter } from './tessera-privacy-center.js'
import { FIXTURE_REQUESTS, privacyFixtureApi } from './privacy-center/fixtures.js'
import type { PrivacyFixtureApi, PrivacyFixtureOptions } from './privacy-center/fixtures.js'

// Stories pass a runtime stand-in whose fetch answers from fixtures: no API needed. Each story has its own
// publishable key, so the member sessions kept in sessionStorage never mix.
const config = sampleWidgetConfig({ tenant: { id: 'tn_story', name: 'Brightwater Imaging' } })

let stories = 0
function fixture(options: PrivacyFixtureOptions = { signedIn: true }): PrivacyFixtureApi {
  return privacyFixtureApi({ key: `pk_story_privacy_${++stories}`, ...options }, config)
}

interface Args {
  lang: string
  api: PrivacyFixtureApi
}

const meta: Meta<Args> = {
  title: 'Consent/Privacy center',
  component: 'tessera-privacy-center',
  args: { lang: 'en', api: fixture({ signedIn: true, requests: FIXTURE_REQUESTS }) },
  argTypes: {
    lang: { control: 'select', options: ['en', 'ko'] },
    api: { table: { disable: true } },
  },
  render: (args) => {
    args.api.seed()
    return html`<tessera-privacy-center
      lang=${args.lang}
      .runtime=${args.api.runtime as Pick<TesseraRuntime, 'config'>}
    ></tessera-privacy-center>`
  },
}
export default meta

type Story = StoryObj<Args>

/** Waits (up to 5 s) for the element in the story to show `view`, then returns it. */
async function shown(canvas: HTMLElement, view: string): Promise<TesseraPrivacyCenter> {
  const el = canvas.querySelector('tessera-privacy-center')!
  for (let i = 0; i < 100 && el.shadowRoot?.querySelector<HTMLElement>('.view')?.dataset.view !== view; i++) {
    await new Promise((r) => setTimeout(r, 50))
  }
  await el.updateComplete
  return el
}

async function press(el: TesseraPrivacyCenter, selector: string): Promise<void> {
  el.shadowRoot!.querySelector<HTMLButtonElement>(selector)!.click()
  await el.updateComplete
}

export const Overview: Story = { name: 'Overview (signed in)' }

export const SignedOut: Story = { args: { api: fixture({}) } }

export const Restricted: Story = {
  name: 'Restriction banner',
  args: { api: fixture({ signedIn: true, restriction: 'a rectify request is open' }) },
}

export const CorrectionErrors: Story = {
  name: 'Correction form with errors',
  args: {
    api: fixture({
      signedIn: true,
      requestErrors: [
        {
          field: 'corrections.firstName',
          message: 'The first name may be at most 100 characters',
          rule: 'maxLength',
        },
        { field: 'corrections.email', message: 'This address is already in use', rule: 'unique' },
      ],
    }),
  },
  play: async ({ canvasElement }) => {
    const el = await shown(canvasElement, 'signed-in')
    await press(el, '#rectify-open')
    for (const [id, value] of [
      ['rc-firstName', 'M'.repeat(120)],
      ['rc-email', 'mina@example.org'],
    ] as const) {
      const input = el.shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!
      input.value = value
      input.dispatchEvent(new Event('input', { bubbles: true }))
    }
    await press(el, 'form[data-form=rectify] button[type=submit]')
  },
}

export const DeleteDialog: Story = {
  name: 'Delete confirmation dialog',
  play: async ({ canvasElement }) => {
    const el = await shown(canvasElement, 'signed-in')
    await press(el, '#erase-open')
  },
}

export const Requests: Story = {
  name: 'Requests: extended, rejected, completed',
  args: { api: fixture({ signedIn: true, requests: FIXTURE_REQUESTS }) },
  play: async ({ canvasElement }) => {
    const el = await shown(canvasElement, 'signed-in')
    el.shadowRoot!.querySelector('[data-section=requests]')?.scrollIntoView()
  },
}

export const Korean: Story = {
  args: { lang: 'ko', api: fixture({ signedIn: true, requests: FIXTURE_REQUESTS }) },
}

export const Refused: Story = { args: { api: fixture({ signedIn: true, failWith: 403 }) } }

export const Failed: Story = { name: 'Error', args: { api: fixture({ signedIn: true, failWith: 500 }) } }

export const Loading: Story = { args: { api: fixture({ signedIn: true, pending: true }) } }
