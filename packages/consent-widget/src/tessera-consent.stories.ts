import { html } from 'lit'
import type { Meta, StoryObj } from '@storybook/web-components-vite'
import { sampleWidgetConfig } from '@tessera/widget-core'
import type { TesseraRuntime } from '@tessera/widget-core'
import './tessera-consent.js'
import type { TesseraConsent } from './tessera-consent.js'
import { membersFixtureApi } from './members/fixtures.js'
import type { MembersFixtureApi, MembersFixtureOptions } from './members/fixtures.js'

// Stories pass a runtime stand-in whose fetch answers from fixtures: no API needed. Each story has its own
// publishable key, so the member sessions the stories keep in sessionStorage never mix.
const config = sampleWidgetConfig({ tenant: { id: 'tn_story', name: 'Brightwater Imaging' } })

let stories = 0
function fixture(options: MembersFixtureOptions = {}): MembersFixtureApi {
  return membersFixtureApi({ key: `pk_story_${++stories}`, ...options }, config)
}

interface Args {
  lang: string
  api: MembersFixtureApi
}

const meta: Meta<Args> = {
  title: 'Consent/Consent and account',
  component: 'tessera-consent',
  args: { lang: 'en', api: fixture() },
  argTypes: {
    lang: { control: 'select', options: ['en', 'ko'] },
    api: { table: { disable: true } },
  },
  render: (args) => {
    // Start every render from the story's own session state (signed in or not).
    args.api.seed()
    return html`<tessera-consent
      lang=${args.lang}
      .runtime=${args.api.runtime as Pick<TesseraRuntime, 'config'>}
    ></tessera-consent>`
  },
}
export default meta

type Story = StoryObj<Args>

/** Waits (up to 5 s) for the element in the story to show `view`, then returns it. */
async function shown(canvas: HTMLElement, view: string): Promise<TesseraConsent> {
  const el = canvas.querySelector('tessera-consent')!
  for (let i = 0; i < 100 && el.shadowRoot?.querySelector<HTMLElement>('.view')?.dataset.view !== view; i++) {
    await new Promise((r) => setTimeout(r, 50))
  }
  await el.updateComplete
  return el
}

function fill(el: TesseraConsent, id: string, value: string) {
  const input = el.shadowRoot!.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)!
  input.value = value
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }))
}

export const SignUp: Story = { name: 'Sign-up form' }

export const FieldErrors: Story = {
  args: {
    api: fixture({
      fieldErrors: [
        { field: 'email', message: 'The email field must be a valid email address', rule: 'email' },
        { field: 'nationality', message: 'Choose a country from the list', rule: 'in' },
      ],
    }),
  },
  play: async ({ canvasElement }) => {
    const el = await shown(canvasElement, 'sign-up')
    fill(el, 'firstName', 'Mina')
    fill(el, 'lastName', 'Kim')
    fill(el, 'nationality', 'KR')
    fill(el, 'email', 'mina.kim@example')
    el.shadowRoot!.querySelector<HTMLButtonElement>('form button[type=submit]')!.click()
  },
}

export const CheckInbox: Story = {
  args: { api: fixture() },
  play: async ({ canvasElement }) => {
    const el = await shown(canvasElement, 'sign-up')
    fill(el, 'firstName', 'Mina')
    fill(el, 'lastName', 'Kim')
    fill(el, 'nationality', 'KR')
    fill(el, 'email', 'mina.kim@example.com')
    el.shadowRoot!.querySelector<HTMLInputElement>('#purpose-image_analysis')!.click()
    el.shadowRoot!.querySelector<HTMLButtonElement>('form button[type=submit]')!.click()
  },
}

export const SignInWithLink: Story = {
  name: 'Sign in with an e-mail link',
  args: { api: fixture() },
  play: async ({ canvasElement }) => {
    const el = await shown(canvasElement, 'sign-up')
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.to-sign-in')!.click()
  },
}

export const SignedInChoices: Story = {
  name: 'Signed in: choices',
  args: { api: fixture({ signedIn: true }) },
}

export const ReconsentNeeded: Story = {
  name: 'Re-consent needed',
  args: { api: fixture({ signedIn: true, reconsent: ['image_analysis', 'marketing'] }) },
}

export const Korean: Story = { args: { lang: 'ko', api: fixture() } }

export const KoreanSignedIn: Story = {
  args: { lang: 'ko', api: fixture({ signedIn: true, reconsent: ['marketing'] }) },
}

export const NoPolicy: Story = { name: 'No policy yet', args: { api: fixture({ noPolicy: true }) } }

export const Refused: Story = { args: { api: fixture({ failWith: 403 }) } }

export const Failed: Story = { name: 'Error', args: { api: fixture({ failWith: 500 }) } }

export const Loading: Story = { args: { api: fixture({ pending: true }) } }

export const HostileStrings: Story = {
  args: { api: fixture({ hostile: '<img src=x onerror="alert(1)">' }) },
}

export const PartnerTheme: Story = {
  args: { api: fixture({ signedIn: true }) },
  render: (args) => {
    args.api.seed()
    return html`
      <style>
        .partner {
          --tessera-color-primary: #7a1fa2;
          --tessera-color-accent: #c2185b;
          --tessera-font-family: Georgia, serif;
          --tessera-radius: 0;
        }
        .partner tessera-consent::part(choices) {
          border-width: 3px;
        }
      </style>
      <div class="partner">
        <tessera-consent
          lang="en"
          .runtime=${args.api.runtime as Pick<TesseraRuntime, 'config'>}
        ></tessera-consent>
      </div>
    `
  },
}
