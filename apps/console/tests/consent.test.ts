import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConsoleApi } from '../src/api.js'
import { FIXTURE_API_BASE, consoleFixture } from '../src/fixtures.js'
import type { ConsoleFixtureOptions } from '../src/fixtures.js'
import type { TesseraConsoleChart } from '../src/console-chart.js'
import { TesseraConsoleConsent } from '../src/pages/consent/console-consent.js'
import {
  FIXTURE_CHAIN_BROKEN,
  FIXTURE_TODAY,
  consentRoutes,
  fixtureConsentStats,
} from '../src/pages/consent/fixtures.js'
import type { ConsentFixtureOptions } from '../src/pages/consent/fixtures.js'
import { $, $$, catchDownloads, chartColumns, type, until, violations } from './insights-support.js'

afterEach(() => {
  document.body.replaceChildren()
  vi.restoreAllMocks()
})

async function mount(
  options: ConsoleFixtureOptions & ConsentFixtureOptions & { canExport?: boolean; locale?: 'en' | 'ko' } = {}
) {
  const api = consoleFixture({ ...options, routes: [consentRoutes(options)] })
  const el = document.createElement('tessera-console-consent')
  el.api = new ConsoleApi(FIXTURE_API_BASE, api.signIn(), api.fetch)
  el.today = FIXTURE_TODAY
  el.canExport = options.canExport ?? true
  el.roleLabel = options.role ?? 'owner'
  el.locale = options.locale ?? 'en'
  document.body.append(el)
  return { el, api }
}

const loaded = (el: Element) =>
  until(() => !!$(el, '[data-chain]') && !!$(el, 'tessera-console-chart, .part p'))

describe('<tessera-console-consent>', () => {
  it('charts the decisions of each purpose and cookie category per day, with the API’s counts in the table', async () => {
    expect(customElements.get('tessera-console-consent')).toBe(TesseraConsoleConsent)
    const { el, api } = await mount()
    await until(() => $$(el, 'tessera-console-chart').length === 3, 'three charts')
    expect(api.requests.find((r) => r.path === '/v1/admin/consent/stats')).toBeTruthy()
    const charts = $$(el, 'tessera-console-chart')
    expect(charts.map((c) => c.dataset.target)).toEqual([
      'purpose:image_analysis',
      'purpose:marketing',
      'cookie_category:analytics',
    ])
    const image = charts[0]!
    await until(() => !!$(image, 'tbody tr'))
    const [granted, denied, withdrawn] = chartColumns(image)
    // Thirty days shown; the fixture's week at the end.
    expect(granted).toHaveLength(30)
    const rows = fixtureConsentStats().filter((r) => r.target.key === 'image_analysis')
    const sum = (action: string) => rows.filter((r) => r.action === action).reduce((a, r) => a + r.count, 0)
    const total = (values: number[]) => values.reduce((a, b) => a + b, 0)
    expect(total(granted!)).toBe(sum('grant'))
    expect(total(withdrawn!)).toBe(sum('withdraw'))
    expect(total(denied!)).toBe(0)
    expect(granted!.at(-1)).toBe(10)
    expect($(image, 'figcaption').textContent).toBe('Purpose “image_analysis”: decisions per day')
    expect($(el, '[data-chain="ok"]').textContent).toContain('1,234 entries verified')
    expect(await violations(el)).toEqual([])
  })

  it('asks the API for the chosen period and refuses an end before the start beside the field', async () => {
    const { el, api } = await mount()
    await loaded(el)
    type($(el, '#from'), '2026-11-26')
    type($(el, '#to'), '2026-11-20')
    $<HTMLButtonElement>(el, 'form.range button[type="submit"]').click()
    await until(() => !!$(el, '#from-error'))
    expect($(el, '#from').getAttribute('aria-invalid')).toBe('true')
    expect($(el, '#from').getAttribute('aria-describedby')).toBe('from-error')
    expect(el.shadowRoot!.activeElement?.id).toBe('from')
    expect(await violations(el)).toEqual([])

    type($(el, '#to'), '2026-11-27')
    $<HTMLButtonElement>(el, 'form.range button[type="submit"]').click()
    await until(() => !$(el, '#from-error'))
    expect(api.requests.filter((r) => r.path === '/v1/admin/consent/stats')).toHaveLength(2)
    const chart = $(el, 'tessera-console-chart')
    await until(() => $$(chart, 'tbody tr').length === 2, 'two days')
    expect($$(chart, 'tbody tr').map((tr) => tr.dataset.day)).toEqual(['2026-11-26', '2026-11-27'])
  })

  it('refuses a period over two years before asking the API', async () => {
    const { el, api } = await mount()
    await loaded(el)
    type($(el, '#from'), '2020-01-01')
    $<HTMLButtonElement>(el, 'form.range button[type="submit"]').click()
    await until(() => $(el, '#from-error')?.textContent === 'Choose a period of at most two years.')
    expect(api.requests.filter((r) => r.path === '/v1/admin/consent/stats')).toHaveLength(1)
  })

  it('shows a broken ledger with the entry it breaks at', async () => {
    const { el } = await mount({ report: FIXTURE_CHAIN_BROKEN })
    await until(() => !!$(el, '[data-chain="broken"]'))
    const broken = $(el, '[data-chain="broken"]')
    expect(broken.dataset.seq).toBe('412')
    expect(broken.textContent).toContain('broken at entry 412')
    expect($$(el, '.problems li').map((li) => li.textContent!.trim())).toEqual([
      'Entry 412: content does not match its hash',
      'Entry 413: out of order',
    ])
    expect(await violations(el)).toEqual([])
  })

  it('says so when no decisions were recorded', async () => {
    const { el } = await mount({
      rows: [],
      report: { ok: true, events: 0, head: '0'.repeat(64), problems: [] },
    })
    await until(() => !!$(el, '[data-chain]'))
    await until(
      () => $(el, '#stats-title + form + p')?.textContent === 'No decisions were recorded in this period.'
    )
    expect($(el, '[data-chain="ok"]').textContent).toContain('The ledger has no entries yet.')
    expect(await violations(el)).toEqual([])
  })

  it('downloads the ledger for a reason; a refused reason is shown beside its field, HTML as text', async () => {
    const downloads = catchDownloads()
    const { el, api } = await mount()
    await loaded(el)
    const submit = () => $<HTMLButtonElement>(el, 'form:not(.range) button[type="submit"]').click()
    submit()
    await until(() => !!$(el, '#reason-error'))
    expect($(el, '#reason-error').textContent).toBe('Please fill in this field.')
    expect(el.shadowRoot!.activeElement?.id).toBe('reason')

    type($(el, '#reason'), '<b>x')
    submit()
    await until(() => $(el, '#reason-error')?.textContent?.startsWith('Say why') ?? false)
    expect($(el, '#reason').getAttribute('aria-invalid')).toBe('true')
    expect($(el, '#reason').getAttribute('aria-describedby')).toBe('reason-hint reason-error')
    expect($(el, 'b')).toBeNull()
    expect(await violations(el)).toEqual([])

    type($(el, '#reason'), 'Request of the <i>supervisory</i> authority')
    submit()
    await until(() => downloads.files.length === 1, 'the download')
    expect(downloads.files[0]!.name).toBe('consent-ledger-tn_fixture0001.ndjson')
    const lines = (await downloads.files[0]!.text)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines).toHaveLength(fixtureConsentStats().length)
    expect(await downloads.files[0]!.type).toContain('application/x-ndjson')
    const asked = api.requests.filter((r) => r.path === '/v1/admin/consent/export').at(-1)!
    expect(asked).toBeTruthy()
    expect($(el, '[role="status"]').textContent).toContain('consent-ledger-tn_fixture0001.ndjson')
    expect($(el, 'i')).toBeNull()
    expect($(el, '#reason-error')).toBeNull()
  })

  it('an analyst sees the statistics and the verification but may not export', async () => {
    const { el, api } = await mount({ role: 'analyst', canExport: false })
    await loaded(el)
    expect($(el, '#reason')).toBeNull()
    expect($(el, '.notice').textContent).toContain(
      'Your role (analyst) may view the statistics but not export'
    )
    expect(api.requests.some((r) => r.path === '/v1/admin/consent/export')).toBe(false)
    expect(await violations(el)).toEqual([])
  })

  it('fires console-session-ended when the session is gone', async () => {
    const api = consoleFixture({ routes: [consentRoutes()] })
    const el = document.createElement('tessera-console-consent')
    el.api = new ConsoleApi(FIXTURE_API_BASE, 'oat_expired', api.fetch)
    const ended = vi.fn()
    document.body.addEventListener('console-session-ended', ended)
    document.body.append(el)
    await until(() => ended.mock.calls.length > 0)
    document.body.removeEventListener('console-session-ended', ended)
  })

  it('says when the server cannot be reached', async () => {
    const { el } = await mount({ offline: true })
    await until(
      () => $(el, '[role="alert"]').textContent === 'The server could not be reached. Please try again.'
    )
    expect(await violations(el)).toEqual([])
  })

  it('speaks Korean', async () => {
    const { el } = await mount({ locale: 'ko' })
    await until(() => $$(el, 'tessera-console-chart').length === 3)
    expect($(el, 'h1').textContent).toBe('동의')
    expect($(el, '[data-chain="ok"]').textContent).toContain('항목 1,234개를 검증했습니다')
    expect($<TesseraConsoleChart>(el, 'tessera-console-chart').locale).toBe('ko')
    expect(await violations(el)).toEqual([])
  })
})
