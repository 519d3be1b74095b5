import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConsoleApi, TOKEN_KEY } from '../src/api.js'
import { FIXTURE_API_BASE, consoleFixture, memoryStore } from '../src/fixtures.js'
import type { ConsoleFixtureOptions } from '../src/fixtures.js'
import { TesseraConsoleAudit } from '../src/pages/audit/console-audit.js'
import { auditRoutes, fixtureAuditEvents } from '../src/pages/audit/fixtures.js'
import type { AuditFixtureOptions } from '../src/pages/audit/fixtures.js'
import { consentRoutes, FIXTURE_CHAIN_BROKEN, FIXTURE_TODAY } from '../src/pages/consent/fixtures.js'
import { statisticsRoutes } from '../src/pages/statistics/fixtures.js'
import '../src/index.js'
import { $, $$, catchDownloads, chartColumns, type, until, violations } from './insights-support.js'

afterEach(() => {
  document.body.replaceChildren()
  vi.restoreAllMocks()
})

async function mount(options: ConsoleFixtureOptions & AuditFixtureOptions & { locale?: 'en' | 'ko' } = {}) {
  const api = consoleFixture({ ...options, routes: [auditRoutes(options)] })
  const el = document.createElement('tessera-console-audit')
  el.api = new ConsoleApi(FIXTURE_API_BASE, api.signIn(), api.fetch)
  el.today = FIXTURE_TODAY
  el.locale = options.locale ?? 'en'
  document.body.append(el)
  await until(
    () => !!$(el, 'tbody tr[data-event]') || !!$(el, '.empty-list') || !!$(el, '.alert.shown'),
    'the list'
  )
  return { el, api }
}

const ids = (el: Element) => $$(el, 'tr[data-event]').map((tr) => Number(tr.dataset.event))
const click = (el: Element, text: string) =>
  $$<HTMLButtonElement>(el, 'button')
    .find((b) => b.textContent!.trim() === text)!
    .click()

describe('<tessera-console-audit>', () => {
  it('lists the newest entries first and pages to older ones and back', async () => {
    expect(customElements.get('tessera-console-audit')).toBe(TesseraConsoleAudit)
    const { el } = await mount()
    expect(ids(el)).toEqual(Array.from({ length: 25 }, (_, i) => 60 - i))
    expect($(el, 'tr[data-event="60"] th').textContent!.trim()).toBe(fixtureAuditEvents()[0]!.action)
    await until(() => !!$(el, '[data-chain="ok"]'))
    expect($(el, '[data-chain="ok"]').textContent).toContain('60 entries verified')
    expect(await violations(el)).toEqual([])

    click(el, 'Older entries')
    await until(() => ids(el)[0] === 35)
    click(el, 'Older entries')
    await until(() => ids(el)[0] === 10)
    expect(ids(el)).toHaveLength(10)
    expect($$<HTMLButtonElement>(el, 'nav button')[1]!.disabled).toBe(true)
    click(el, 'Newer entries')
    await until(() => ids(el)[0] === 35)
    click(el, 'Newer entries')
    await until(() => ids(el)[0] === 60)
    expect($$<HTMLButtonElement>(el, 'nav button')[0]!.disabled).toBe(true)
  })

  it('filters by action, actor and dates; a refused filter is shown beside its field', async () => {
    const { el } = await mount()
    type($(el, '#action'), 'tenant.')
    type($(el, '#actor'), 'adm_owner0001')
    click(el, 'Filter')
    const expected = fixtureAuditEvents()
      .filter((e) => e.action.startsWith('tenant.') && e.actor.id === 'adm_owner0001')
      .map((e) => e.id)
    expect(expected.length).toBeGreaterThan(5)
    await until(() => ids(el).join() === expected.join(), 'the filtered entries')
    expect(ids(el)).toEqual(expected)

    type($(el, '#actor'), 'x'.repeat(65))
    click(el, 'Filter')
    await until(() => !!$(el, '#actor-error'))
    expect($(el, '#actor-error').textContent).toContain('64 characters')
    expect($(el, '#actor').getAttribute('aria-invalid')).toBe('true')
    expect(el.shadowRoot!.activeElement?.id).toBe('actor')
    expect(await violations(el)).toEqual([])

    click(el, 'Clear filters')
    await until(() => ids(el)[0] === 60 && !$(el, '#actor-error'))
    expect($<HTMLInputElement>(el, '#actor').value).toBe('')

    type($(el, '#from'), '2026-11-27')
    type($(el, '#to'), '2026-11-26')
    click(el, 'Filter')
    await until(() => $(el, '#from-error')?.textContent === 'The start must be on or before the end.')
  })

  it('says when nothing matches, and shows a pasted HTML filter as text', async () => {
    const { el } = await mount()
    type($(el, '#action'), '<img src=x>')
    click(el, 'Filter')
    await until(() => !!$(el, '.empty-list'))
    expect($(el, '.empty-list').textContent).toBe('No entries match these filters.')
    expect($(el, 'img')).toBeNull()
    expect(await violations(el)).toEqual([])
  })

  it('shows a broken chain with the entry it breaks at', async () => {
    const { el } = await mount({ report: FIXTURE_CHAIN_BROKEN })
    await until(() => !!$(el, '[data-chain="broken"]'))
    expect($(el, '[data-chain="broken"]').dataset.seq).toBe('412')
    expect(await violations(el)).toEqual([])
  })

  it('summarises the month per day and per action, and downloads its log for a reason', async () => {
    const downloads = catchDownloads()
    const { el, api } = await mount()
    await until(() => !!$(el, 'tessera-console-chart[data-chart="month"]'))
    const november = fixtureAuditEvents().filter((e) => e.createdAt.startsWith('2026-11'))
    expect($(el, '.month-total').textContent).toContain(`${november.length} entries in November 2026`)
    const chart = $(el, 'tessera-console-chart[data-chart="month"]')
    await until(() => $$(chart, 'tbody tr').length === 30)
    const [perDay] = chartColumns(chart)
    expect(perDay!.reduce((a, b) => a + b, 0)).toBe(november.length)
    expect(perDay![26]).toBe(november.filter((e) => e.createdAt.startsWith('2026-11-27')).length)
    const actionCounts = $$(el, '.actions-table tbody tr').map((tr) => [
      tr.querySelector('th')!.textContent!.trim(),
      Number(tr.querySelector('td')!.textContent),
    ])
    expect(actionCounts.reduce((a, [, n]) => a + (n as number), 0)).toBe(november.length)
    expect(await violations(el)).toEqual([])

    click(el, 'Download the month’s log')
    await until(() => $(el, '#reason-error')?.textContent === 'Please fill in this field.')
    type($(el, '#reason'), 'abc')
    click(el, 'Download the month’s log')
    await until(() => $(el, '#reason-error')?.textContent?.startsWith('Say why') ?? false)
    expect(el.shadowRoot!.activeElement?.id).toBe('reason')
    expect(await violations(el)).toEqual([])
    type($(el, '#reason'), 'November access review')
    click(el, 'Download the month’s log')
    await until(() => downloads.files.length === 1)
    expect(downloads.files[0]!.name).toBe('audit-tn_fixture0001-2026-11.ndjson')
    const lines = (await downloads.files[0]!.text)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines).toHaveLength(november.length)
    expect(api.requests.filter((r) => r.path === '/v1/admin/audit-events/monthly')).toHaveLength(2)

    type($(el, '#month'), '2026-10')
    click(el, 'Show the month')
    await until(() => $(el, '.month-total')?.textContent?.includes('October 2026') ?? false)
  })

  it('is empty on a new tenant', async () => {
    const { el } = await mount({
      events: [],
      report: { ok: true, events: 0, head: '0'.repeat(64), problems: [] },
    })
    expect($(el, '.empty-list')).not.toBeNull()
    await until(() => !!$(el, '.month-total'))
    expect($(el, '.month-total').textContent).toContain('0 entries')
    expect($(el, 'tessera-console-chart[data-chart="month"]')).not.toBeNull()
    expect(await violations(el)).toEqual([])
  })

  it('tells the shell when the session has ended, and says when the server cannot be reached', async () => {
    const ended = vi.fn()
    document.body.addEventListener('console-session-ended', ended)
    const api = consoleFixture({ routes: [auditRoutes()] })
    const expired = document.createElement('tessera-console-audit')
    expired.api = new ConsoleApi(FIXTURE_API_BASE, 'oat_expired', api.fetch)
    document.body.append(expired)
    await until(() => ended.mock.calls.length > 0)
    document.body.removeEventListener('console-session-ended', ended)
    document.body.replaceChildren()
    const { el } = await mount({ offline: true })
    expect($(el, '[role="alert"]').textContent).toBe('The server could not be reached. Please try again.')
    expect(await violations(el)).toEqual([])
  })

  it('speaks Korean', async () => {
    const { el } = await mount({ locale: 'ko' })
    expect($(el, 'h1').textContent).toBe('감사 기록')
    await until(() => !!$(el, '.month-total'))
    expect($(el, '.month-total').textContent).toContain('2026년 11월')
    expect(await violations(el)).toEqual([])
  })
})

describe('Consent, Statistics and Audit log in the console', () => {
  async function shell(role: 'owner' | 'analyst' | 'privacy_officer') {
    const api = consoleFixture({ role, routes: [consentRoutes(), statisticsRoutes(), auditRoutes()] })
    const el = document.createElement('tessera-console')
    Object.assign(el, {
      apiBase: FIXTURE_API_BASE,
      fetcher: api.fetch,
      store: memoryStore({ [TOKEN_KEY]: api.signIn() }),
      locale: 'en',
    })
    document.body.append(el)
    await until(() => !!$(el, 'nav'))
    return { el, api, links: $$<HTMLAnchorElement>(el, 'nav a') }
  }

  it('an analyst has Consent and Statistics but no Audit log, and the API refuses it the log', async () => {
    const { links, api } = await shell('analyst')
    const labels = links.map((a) => a.textContent)
    expect(labels).toContain('Consent')
    expect(labels).toContain('Statistics')
    expect(labels).not.toContain('Audit log')
    const refused = await api.fetch(`${FIXTURE_API_BASE}/v1/admin/audit-events`, {
      headers: { authorization: `Bearer ${api.signIn()}` },
    })
    expect(refused.status).toBe(403)
  })

  it('an owner opens each page from the navigation', async () => {
    const { el, links } = await shell('owner')
    for (const [label, tag] of [
      ['Consent', 'tessera-console-consent'],
      ['Statistics', 'tessera-console-statistics'],
      ['Audit log', 'tessera-console-audit'],
    ] as const) {
      links.find((a) => a.textContent === label)!.click()
      await until(() => !!$(el, tag), tag)
      expect($(el, 'nav a[aria-current="page"]').textContent).toBe(label)
    }
    const consent = $(el, 'tessera-console-consent')
    expect(consent).toBeNull()
  })
})
