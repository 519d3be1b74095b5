import { html } from 'lit'
import type { Meta, StoryObj } from '@storybook/web-components-vite'
import './console-newsletters.js'
import { ConsoleApi } from '../../api.js'
import type { Role } from '../../api.js'
import { FIXTURE_API_BASE, consoleFixture } from '../../fixtures.js'
import type { FixtureRoute } from '../../fixtures.js'
import { fixtureCampaigns, fixtureDeliveries, newsletterFixture } from './fixtures.js'
import type { NewsletterFixtureOptions } from './fixtures.js'

// The Newsletters page in each of its states, against the in-memory API stand-in (no server).

type Args = { locale: 'en' | 'ko'; role: Role; offline: boolean }

const meta: Meta<Args> = {
  title: 'Console/Newsletters',
  args: { locale: 'en', role: 'owner', offline: false },
  argTypes: {
    locale: { control: 'inline-radio', options: ['en', 'ko'] },
    role: { control: 'select', options: ['owner', 'admin', 'analyst'] },
  },
}
export default meta
type Story = StoryObj<Args>

const newsletters = (
  args: Args,
  {
    subpath = '',
    routes = [],
    ...options
  }: NewsletterFixtureOptions & { subpath?: string; routes?: FixtureRoute[] } = {}
) => {
  const stand = newsletterFixture(options)
  const api = consoleFixture({ role: args.role, offline: args.offline, routes: [...routes, stand.route] })
  const manage = args.role === 'owner' || args.role === 'admin'
  return html`<tessera-console-newsletters
    .api=${new ConsoleApi(FIXTURE_API_BASE, api.signIn(), api.fetch)}
    .locale=${args.locale}
    role-label=${args.role}
    subpath=${subpath}
    ?can-manage=${manage}
    ?can-see-recipients=${args.role !== 'analyst'}
    poll-ms="800"
  ></tessera-console-newsletters>`
}

/** Waits for an element through nested shadow roots. */
async function find(root: Element, ...selectors: string[]): Promise<HTMLElement> {
  for (let i = 0; i < 100; i++) {
    let current: Element | null | undefined = root
    for (const selector of selectors) current = current?.shadowRoot?.querySelector(selector)
    if (current) return current as HTMLElement
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`not found: ${selectors.join(' ')}`)
}

function type(input: HTMLElement, value: string) {
  ;(input as HTMLInputElement).value = value
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
}

export const List: Story = { name: 'Campaigns (owner)', render: (args) => newsletters(args) }

export const Loading: Story = {
  name: 'Loading',
  render: (args) =>
    newsletters(args, {
      routes: [(r) => (r.route.includes('/newsletters/') ? new Promise<Response>(() => {}) : null)],
    }),
}

export const Empty: Story = {
  name: 'No campaigns yet',
  render: (args) => newsletters(args, { campaigns: [], audience: 0 }),
}

export const ComposeFieldError: Story = {
  name: 'Compose, hostile Markdown refused beside the body',
  render: (args) => newsletters(args),
  play: async ({ canvasElement }) => {
    const page = canvasElement.querySelector('tessera-console-newsletters')!
    ;(await find(page, '#new-campaign')).click()
    const editor = await find(page, 'tessera-console-newsletter-editor')
    type(await find(editor, '#name'), 'Winter letter')
    type(await find(editor, '#en-subject'), 'Winter news')
    type(await find(editor, '#en-body'), 'Hello <iframe src="https://tracker.example/"></iframe>')
    type(await find(editor, '#ko-subject'), '')
    ;(await find(editor, 'button[type="submit"]')).click()
  },
}

export const Draft: Story = {
  name: 'Draft: edit, preview, test, schedule or send',
  render: (args) => newsletters(args, { subpath: 'nl_fixture0002' }),
}

export const SendConfirmation: Story = {
  name: 'Send now, asking first',
  render: (args) => newsletters(args, { subpath: 'nl_fixture0002', audience: 1280 }),
  play: async ({ canvasElement }) => {
    const page = canvasElement.querySelector('tessera-console-newsletters')!
    ;(await find(page, 'tessera-console-newsletter-campaign', '#send-now')).click()
  },
}

export const Sending: Story = {
  name: 'Sending: statistics counting up',
  render: (args) => {
    const campaigns = fixtureCampaigns()
    Object.assign(campaigns[0]!, {
      status: 'sending',
      startedAt: new Date().toISOString(),
      audienceCount: 40,
    })
    const deliveries = {
      ...fixtureDeliveries(),
      nl_fixture0002: { queued: 30, sending: 1, sent: 8, failed: 0, skipped: 1, uncertain: 0 },
    }
    return newsletters(args, { subpath: 'nl_fixture0002', campaigns, deliveries })
  },
}

export const Sent: Story = {
  name: 'Sent: delivery statistics and recipients',
  render: (args) => newsletters(args, { subpath: 'nl_fixture0001' }),
}

export const AlreadyStarted: Story = {
  name: 'Send refused: already started by someone else (409)',
  render: (args) => {
    const campaigns = fixtureCampaigns()
    const stand = newsletterFixture({ campaigns })
    const api = consoleFixture({ role: args.role, routes: [stand.route] })
    // The list still says draft; the campaign was started meanwhile.
    setTimeout(() => (campaigns[0]!.status = 'sending'), 1000)
    return html`<tessera-console-newsletters
      .api=${new ConsoleApi(FIXTURE_API_BASE, api.signIn(), api.fetch)}
      .locale=${args.locale}
      role-label=${args.role}
      subpath="nl_fixture0002"
      can-manage
      can-see-recipients
      poll-ms="0"
    ></tessera-console-newsletters>`
  },
  play: async ({ canvasElement }) => {
    const page = canvasElement.querySelector('tessera-console-newsletters')!
    ;(await find(page, 'tessera-console-newsletter-campaign', '#send-now')).click()
    await new Promise((r) => setTimeout(r, 1200))
    ;(await find(page, 'tessera-console-newsletter-campaign', '#send-confirm')).click()
  },
}

export const ReadOnly: Story = {
  name: 'Read-only (analyst)',
  args: { role: 'analyst' },
  render: (args) => newsletters(args, { subpath: 'nl_fixture0002' }),
}

export const Offline: Story = {
  name: 'Offline',
  args: { offline: true },
  render: (args) => newsletters(args),
}

export const Korean: Story = {
  name: 'Korean',
  args: { locale: 'ko' },
  render: (args) => newsletters(args, { subpath: 'nl_fixture0001' }),
}
