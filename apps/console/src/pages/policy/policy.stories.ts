import { html } from 'lit'
import type { Meta, StoryObj } from '@storybook/web-components-vite'
import '../../index.js'
import './console-policy.js'
import { ConsoleApi } from '../../api.js'
import { FIXTURE_API_BASE, FIXTURE_PERMISSIONS, consoleFixture } from '../../fixtures.js'
import type { ConsoleFixtureOptions } from '../../fixtures.js'
import { policyFixture } from './fixtures.js'
import type { PolicyFixtureOptions } from './fixtures.js'
import { toLocalInput } from './shared.js'

// The Policy page in each of its states, against the in-memory stand-in (no server).

type Role = NonNullable<ConsoleFixtureOptions['role']>
type Args = { locale: 'en' | 'ko'; role: Role; offline: boolean }

const meta: Meta<Args> = {
  title: 'Console/Policy',
  args: { locale: 'en', role: 'owner', offline: false },
  argTypes: {
    locale: { control: 'inline-radio', options: ['en', 'ko'] },
    role: { control: 'select', options: ['owner', 'admin', 'privacy_officer', 'analyst'] },
  },
}
export default meta
type Story = StoryObj<Args>

const page = (args: Args, options: PolicyFixtureOptions & { versionId?: string; hang?: boolean } = {}) => {
  const policy = policyFixture({ members: 128, ...options })
  const api = consoleFixture({
    role: args.role,
    offline: args.offline,
    // "Loading": the stand-in never answers.
    routes: [options.hang ? () => new Promise<Response>(() => {}) : policy.route],
  })
  const permissions = FIXTURE_PERMISSIONS[args.role]
  return html`<tessera-console-policy
    .api=${new ConsoleApi(FIXTURE_API_BASE, api.signIn(), api.fetch)}
    .locale=${args.locale}
    role-label=${args.role}
    version-id=${options.versionId ?? ''}
    ?can-edit=${permissions.includes('policy.edit')}
    ?can-publish=${permissions.includes('policy.publish')}
  ></tessera-console-policy>`
}

/** Waits for an element inside the page's part (`tessera-console-policy-editor`, …). */
async function find<T extends HTMLElement>(canvas: HTMLElement, part: string | null, selector: string) {
  for (let i = 0; i < 100; i++) {
    const root = canvas.querySelector('tessera-console-policy')?.shadowRoot
    const scope = part ? root?.querySelector(part)?.shadowRoot : root
    const found = scope?.querySelector<T>(selector)
    if (found) return found
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`${selector} did not appear`)
}

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
}

const EDITOR = 'tessera-console-policy-editor'
const PUBLISH = 'tessera-console-policy-publish'

export const Loading: Story = { name: 'Loading', render: (args) => page(args, { hang: true }) }

export const Empty: Story = { name: 'No versions yet', render: (args) => page(args, { empty: true }) }

export const Versions: Story = {
  name: 'Versions: in effect, drafts, past',
  render: (args) => page(args, { withDraft: true }),
}

export const Draft: Story = {
  name: 'Draft opened: editor, preview, changes, publishing',
  render: (args) => page(args, { withDraft: true, versionId: 'pv_draft0001' }),
}

export const SignificantChange: Story = {
  name: 'Draft with a new item: significant, 30 days, members notified',
  render: (args) => page(args, { withDraft: true, versionId: 'pv_draft0001' }),
  play: async ({ canvasElement }) => {
    ;(await find(canvasElement, EDITOR, '#add-item')).click()
    type(await find(canvasElement, EDITOR, '#items-2-key'), 'phone')
    type(await find(canvasElement, EDITOR, '#items-2-label-en'), 'Phone number')
    type(await find(canvasElement, EDITOR, '#items-2-label-ko'), '전화번호')
    ;(await find(canvasElement, EDITOR, 'button[type="submit"]')).click()
  },
}

export const FieldError: Story = {
  name: 'Draft, section over the size limit refused beside the field',
  render: (args) => page(args, { withDraft: true, versionId: 'pv_draft0001' }),
  play: async ({ canvasElement }) => {
    type(await find(canvasElement, EDITOR, '#prose-en-1-body'), 'x'.repeat(20_001))
    ;(await find(canvasElement, EDITOR, 'button[type="submit"]')).click()
  },
}

export const HtmlPasted: Story = {
  name: 'Draft, HTML pasted into a title (shown as text)',
  render: (args) => page(args, { withDraft: true, versionId: 'pv_draft0001' }),
  play: async ({ canvasElement }) => {
    type(await find(canvasElement, EDITOR, '#prose-en-0-title'), '<img src=x onerror=alert(1)><b>Who</b>')
    ;(await find(canvasElement, EDITOR, 'button[type="submit"]')).click()
  },
}

export const TooEarly: Story = {
  name: 'Publishing, too-early date refused with the reason beside it',
  render: (args) => page(args, { withDraft: true, versionId: 'pv_draft0001' }),
  play: async ({ canvasElement }) => {
    type(await find(canvasElement, EDITOR, '#prose-en-0-body'), 'We run this service.')
    ;(await find(canvasElement, EDITOR, 'button[type="submit"]')).click()
    await new Promise((r) => setTimeout(r, 300))
    type(await find(canvasElement, PUBLISH, '#effective-at'), toLocalInput(new Date('2026-11-29T09:00:00Z')))
    ;(await find(canvasElement, PUBLISH, 'button[type="submit"]')).click()
  },
}

export const Conflict: Story = {
  name: 'Draft changed by another admin: 412 with a reload',
  render: (args) => page(args, { withDraft: true, versionId: 'pv_draft0001' }),
  play: async ({ canvasElement }) => {
    // Another console saves first: the stand-in is asked directly, as that admin's browser would.
    const el = canvasElement.querySelector('tessera-console-policy')!
    const api = (el as unknown as { api: ConsoleApi }).api
    const other = await api.exchange<unknown>('GET', '/v1/admin/policy/versions/pv_draft0001')
    await api.exchange(
      'PATCH',
      '/v1/admin/policy/versions/pv_draft0001',
      { label: 'v3-other' },
      { 'if-match': other.headers.get('etag') ?? '' }
    )
    type(await find(canvasElement, EDITOR, '#label'), 'v3-mine')
    ;(await find(canvasElement, EDITOR, 'button[type="submit"]')).click()
  },
}

export const Drift: Story = {
  name: 'Draft written against older tenant settings (drift, update from the tenant)',
  render: (args) => page(args, { withDraft: true, versionId: 'pv_draft0001', drift: true }),
}

export const ReadOnly: Story = {
  name: 'Read-only (analyst), draft opened',
  args: { role: 'analyst' },
  render: (args) => page(args, { withDraft: true, versionId: 'pv_draft0001' }),
}

export const Offline: Story = {
  name: 'API unreachable',
  args: { offline: true },
  render: (args) => page(args),
}

export const Korean: Story = {
  name: 'Draft opened (Korean)',
  args: { locale: 'ko' },
  render: (args) => page(args, { withDraft: true, versionId: 'pv_draft0001' }),
}
