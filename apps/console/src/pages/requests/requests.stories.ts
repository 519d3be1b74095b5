import { html } from 'lit'
import type { Meta, StoryObj } from '@storybook/web-components-vite'
import '../../index.js'
import { ConsoleApi } from '../../api.js'
import { FIXTURE_API_BASE, consoleFixture } from '../../fixtures.js'
import type { ConsoleFixtureOptions, FixtureRoute } from '../../fixtures.js'
import { fixtureRequests, requestsFixture } from './fixtures.js'
import type { FixtureRequest } from './fixtures.js'

// The Privacy requests page in each of its states, against the in-memory stand-in (no server).

type Args = { locale: 'en' | 'ko'; role: NonNullable<ConsoleFixtureOptions['role']>; offline: boolean }

const meta: Meta<Args> = {
  title: 'Console/Privacy requests',
  args: { locale: 'en', role: 'privacy_officer', offline: false },
  argTypes: {
    locale: { control: 'inline-radio', options: ['en', 'ko'] },
    role: { control: 'select', options: ['owner', 'admin', 'privacy_officer', 'analyst'] },
  },
}
export default meta
type Story = StoryObj<Args>

/** Answers every inbox call after forever: the loading state. */
const never: FixtureRoute = ({ route }) =>
  route.startsWith('GET /v1/admin/requests') ? new Promise<Response>(() => {}) : null

const page = (
  args: Args,
  options: { subpath?: string; requests?: FixtureRequest[]; routes?: FixtureRoute[]; perPage?: number } = {}
) => {
  const stand = requestsFixture(options.requests ? { requests: options.requests } : {})
  const api = consoleFixture({
    role: args.role,
    offline: args.offline,
    routes: [...(options.routes ?? []), stand.route],
  })
  return html`<tessera-console-requests
    .api=${new ConsoleApi(FIXTURE_API_BASE, api.signIn(), api.fetch)}
    .locale=${args.locale}
    .subpath=${options.subpath ?? ''}
    .perPage=${options.perPage ?? 25}
  ></tessera-console-requests>`
}

/** Waits for `selector` inside the shadow roots along `path`, then returns it. */
async function find<T extends Element>(root: Element, path: string[], selector: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    let node: Element | null | undefined = root
    for (const step of path) node = (node?.shadowRoot ?? node)?.querySelector(step)
    const found = (node?.shadowRoot ?? node)?.querySelector<T>(selector)
    if (found) return found
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`${selector} did not appear`)
}

const typeInto = (field: HTMLInputElement | HTMLTextAreaElement, value: string) => {
  field.value = value
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
}

const DETAIL = ['tessera-console-requests', 'tessera-console-request-detail']
const RECORD = ['tessera-console-requests', 'tessera-console-request-record']

export const Inbox: Story = { name: 'Inbox: overdue, due soon, open', render: (args) => page(args) }

export const Loading: Story = { name: 'Inbox, loading', render: (args) => page(args, { routes: [never] }) }

export const Empty: Story = { name: 'Inbox, nothing open', render: (args) => page(args, { requests: [] }) }

export const Paged: Story = {
  name: 'Inbox, two per page',
  render: (args) => page(args, { perPage: 2 }),
}

export const Detail: Story = {
  name: 'Request, identity not verified (letter)',
  render: (args) => page(args, { subpath: 'pr_letter0001' }),
}

export const DetailGdpr: Story = {
  name: 'Request under the GDPR (may be extended)',
  render: (args) => page(args, { subpath: 'pr_eu00000001' }),
}

export const DetailClosed: Story = {
  name: 'Request, completed',
  render: (args) => page(args, { subpath: 'pr_closed0001' }),
}

export const DetailHtml: Story = {
  name: 'Request with HTML in what was asked (shown as text)',
  render: (args) => {
    const requests = fixtureRequests()
    requests.find((r) => r.id === 'pr_letter0001')!.details = {
      message: '<img src=x onerror="alert(1)">Please <b>delete</b> my scans',
    }
    return page(args, { subpath: 'pr_letter0001', requests })
  },
}

export const RejectWithoutReason: Story = {
  name: 'Reject dialog, reason missing (beside the field)',
  render: (args) => page(args, { subpath: 'pr_overdue0001' }),
  play: async ({ canvasElement }) => {
    const button = await find<HTMLButtonElement>(canvasElement, DETAIL, 'button[data-action="reject"]')
    button.click()
    const submit = await find<HTMLButtonElement>(canvasElement, DETAIL, 'dialog button[type="submit"]')
    submit.click()
  },
}

export const ExtendRefused: Story = {
  name: 'Extend dialog, reason too short (the API refuses)',
  render: (args) => page(args, { subpath: 'pr_eu00000001' }),
  play: async ({ canvasElement }) => {
    ;(await find<HTMLButtonElement>(canvasElement, DETAIL, 'button[data-action="extend"]')).click()
    typeInto(await find<HTMLTextAreaElement>(canvasElement, DETAIL, '#action-text'), 'busy')
    ;(await find<HTMLButtonElement>(canvasElement, DETAIL, 'dialog button[type="submit"]')).click()
  },
}

export const CompletedByAnotherAdmin: Story = {
  name: 'Complete, but another admin completed it first (409)',
  render: (args) => {
    const requests = fixtureRequests()
    const stand = requestsFixture({ requests })
    const api = consoleFixture({ role: args.role, routes: [stand.route] })
    return html`<tessera-console-requests
      .api=${new ConsoleApi(FIXTURE_API_BASE, api.signIn(), api.fetch)}
      .locale=${args.locale}
      .subpath=${'pr_soon000001'}
      @request-story-race=${() =>
        Object.assign(
          requests.find((r) => r.id === 'pr_soon000001')!,
          { status: 'completed' }
        )}
    ></tessera-console-requests>`
  },
  play: async ({ canvasElement }) => {
    ;(await find<HTMLButtonElement>(canvasElement, DETAIL, 'button[data-action="complete"]')).click()
    canvasElement
      .querySelector('tessera-console-requests')!
      .dispatchEvent(new CustomEvent('request-story-race'))
    typeInto(await find<HTMLTextAreaElement>(canvasElement, DETAIL, '#action-text'), 'Reviewed.')
    ;(await find<HTMLButtonElement>(canvasElement, DETAIL, 'dialog button[type="submit"]')).click()
  },
}

export const RecordDialog: Story = {
  name: 'Record a request (dialog)',
  render: (args) => page(args),
  play: async ({ canvasElement }) => {
    ;(
      await find<HTMLButtonElement>(
        canvasElement,
        ['tessera-console-requests'],
        'button[data-action="record"]'
      )
    ).click()
  },
}

export const RecordFieldErrors: Story = {
  name: 'Record a request, fields refused beside themselves',
  render: (args) => page(args),
  play: async ({ canvasElement }) => {
    ;(
      await find<HTMLButtonElement>(
        canvasElement,
        ['tessera-console-requests'],
        'button[data-action="record"]'
      )
    ).click()
    typeInto(await find<HTMLInputElement>(canvasElement, RECORD, '#record-memberEmail'), 'not-an-address')
    ;(await find<HTMLButtonElement>(canvasElement, RECORD, 'button[type="submit"]')).click()
  },
}

export const Offline: Story = {
  name: 'API unreachable',
  args: { offline: true },
  render: (args) => page(args),
}

export const NotAllowed: Story = {
  name: 'Analyst (the API refuses: 403)',
  args: { role: 'analyst' },
  render: (args) => page(args),
}

export const Korean: Story = { name: 'Inbox (Korean)', args: { locale: 'ko' }, render: (args) => page(args) }

export const KoreanDetail: Story = {
  name: 'Request (Korean)',
  args: { locale: 'ko' },
  render: (args) => page(args, { subpath: 'pr_eu00000001' }),
}
