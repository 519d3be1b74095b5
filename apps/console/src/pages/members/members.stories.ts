import { html } from 'lit'
import type { Meta, StoryObj } from '@storybook/web-components-vite'
import '../../index.js'
import { ConsoleApi, TOKEN_KEY } from '../../api.js'
import { FIXTURE_API_BASE, FIXTURE_PERMISSIONS, consoleFixture, memoryStore } from '../../fixtures.js'
import type { ConsoleFixtureOptions, FixtureRoute } from '../../fixtures.js'
import {
  FIXTURE_DORMANT_ID,
  FIXTURE_MEMBER_EMAIL,
  FIXTURE_MEMBER_ID,
  fixtureMemberProfile,
  membersRoute,
} from './fixtures.js'

// The Members page in each of its states, against the in-memory API stand-in (no server).

type Role = NonNullable<ConsoleFixtureOptions['role']>
type Args = { locale: 'en' | 'ko'; role: Role; offline: boolean }

const meta: Meta<Args> = {
  title: 'Console/Members',
  args: { locale: 'en', role: 'owner', offline: false },
  argTypes: {
    locale: { control: 'inline-radio', options: ['en', 'ko'] },
    role: { control: 'select', options: ['owner', 'admin', 'privacy_officer', 'analyst'] },
  },
}
export default meta
type Story = StoryObj<Args>

/** A stand-in that never answers the profile: the loading state stays on screen. */
const hanging: FixtureRoute = ({ route }) =>
  route.startsWith('GET /v1/admin/members/') ? new Promise<Response>(() => {}) : null

const page = (args: Args, memberId = '', routes: FixtureRoute[] = [membersRoute()]) => {
  const api = consoleFixture({ role: args.role, offline: args.offline, routes })
  const can = (permission: string) => FIXTURE_PERMISSIONS[args.role].includes(permission)
  return html`<tessera-console-members
    .api=${new ConsoleApi(FIXTURE_API_BASE, api.signIn(), api.fetch)}
    .locale=${args.locale}
    .memberId=${memberId}
    ?can-export=${can('consent.export')}
    ?can-read-usage=${can('usage.read')}
    ?can-open-requests=${can('requests.handle')}
  ></tessera-console-members>`
}

/** Waits for `selector` in the shadow root of `host` (stories render asynchronously). */
async function find<T extends Element>(host: Element | null | undefined, selector: string) {
  for (let i = 0; i < 60; i++) {
    const found = host?.shadowRoot?.querySelector<T>(selector)
    if (found) return found
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`${selector} did not appear`)
}

function typeInto(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
}

const searchFor =
  (q: string) =>
  async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    const el = canvasElement.querySelector('tessera-console-members')!
    typeInto(await find<HTMLInputElement>(el, '#member-query'), q)
    ;(await find<HTMLButtonElement>(el, 'button[type="submit"]')).click()
  }

export const Search: Story = { name: 'Search (empty)', render: (args) => page(args) }

export const Results: Story = {
  name: 'Search results',
  render: (args) => page(args),
  play: searchFor(FIXTURE_MEMBER_EMAIL),
}

export const NoResults: Story = {
  name: 'Search, nothing matches',
  render: (args) => page(args),
  play: searchFor('nobody@example.com'),
}

export const QueryError: Story = {
  name: 'Search, a partial address refused beside the field',
  render: (args) => page(args),
  play: searchFor('seo-yeon'),
}

export const Loading: Story = {
  name: 'Profile loading',
  render: (args) => page(args, FIXTURE_MEMBER_ID, [hanging]),
}

export const Profile: Story = {
  name: 'Profile (owner: consent proof and usage records)',
  render: (args) => page(args, FIXTURE_MEMBER_ID),
}

export const ProfileEmpty: Story = {
  name: 'Profile without requests or uploads',
  render: (args) =>
    page(args, FIXTURE_MEMBER_ID, [
      membersRoute({ members: [{ ...fixtureMemberProfile(), requests: [], uploads: [] }] }),
    ]),
}

export const ProfileReasonError: Story = {
  name: 'Profile, export without a reason',
  render: (args) => page(args, FIXTURE_MEMBER_ID),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('tessera-console-members')!
    const profile = await find(el, 'tessera-console-member-profile')
    ;(await find<HTMLButtonElement>(profile, 'button[value="proof"]')).click()
  },
}

export const ProfileUsage: Story = {
  name: 'Profile with usage records',
  render: (args) => page(args, FIXTURE_MEMBER_ID),
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('tessera-console-members')!
    const profile = await find(el, 'tessera-console-member-profile')
    typeInto(await find<HTMLTextAreaElement>(profile, '#reason'), 'Checking a sign-in complaint')
    ;(await find<HTMLButtonElement>(profile, 'button[value="usage"]')).click()
  },
}

export const ProfileNoExports: Story = {
  name: 'Profile, a role without exports (no consent.export, no usage.read)',
  args: { role: 'admin' },
  render: (args) => {
    const api = consoleFixture({ role: args.role, routes: [membersRoute()] })
    return html`<tessera-console-members
      .api=${new ConsoleApi(FIXTURE_API_BASE, api.signIn(), api.fetch)}
      .locale=${args.locale}
      .memberId=${FIXTURE_MEMBER_ID}
    ></tessera-console-members>`
  },
}

export const Dormant: Story = {
  name: 'Profile of a dormant member (status only)',
  render: (args) => page(args, FIXTURE_DORMANT_ID),
}

export const NotFound: Story = {
  name: 'Profile, no such member',
  render: (args) => page(args, 'mb_0000000000000000'),
}

export const Offline: Story = {
  name: 'Profile, API unreachable',
  args: { offline: true },
  render: (args) => page(args, FIXTURE_MEMBER_ID),
}

export const Korean: Story = {
  name: 'Profile (Korean)',
  args: { locale: 'ko' },
  render: (args) => page(args, FIXTURE_MEMBER_ID),
}

export const NotAllowed: Story = {
  name: 'Analyst following a link to a member (not allowed)',
  args: { role: 'analyst' },
  render: (args) => {
    const api = consoleFixture({ role: args.role, routes: [membersRoute()] })
    // The shell reads the page from the address when it connects; the address is put back right after.
    const previous = location.pathname + location.search + location.hash
    history.replaceState(null, '', `/console/members/${FIXTURE_MEMBER_ID}${location.search}`)
    setTimeout(() => history.replaceState(null, '', previous), 0)
    return html`<tessera-console
      api-base=${FIXTURE_API_BASE}
      .locale=${args.locale}
      .fetcher=${api.fetch}
      .store=${memoryStore({ [TOKEN_KEY]: api.signIn() })}
    ></tessera-console>`
  },
}
