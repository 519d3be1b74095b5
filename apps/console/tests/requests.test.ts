import axe from 'axe-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  ConsoleApi,
  TOKEN_KEY,
  TesseraConsoleRequestDetail,
  TesseraConsoleRequestRecord,
  TesseraConsoleRequests,
} from '../src/index.js'
import { FIXTURE_API_BASE, consoleFixture, memoryStore } from '../src/fixtures.js'
import type { ConsoleFixtureOptions } from '../src/fixtures.js'
import { FIXTURE_MEMBER_EMAIL, fixtureRequests, requestsFixture } from '../src/pages/requests/fixtures.js'
import type { FixtureRequest } from '../src/pages/requests/fixtures.js'

const NOW = new Date('2026-07-20T03:00:00.000Z')

afterEach(() => {
  document.body.replaceChildren()
})

async function violations(root: Element) {
  const result = await axe.run(root, { resultTypes: ['violations'] })
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`)
}

const $ = <T extends Element = HTMLElement>(el: Element, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector) as T
const $$ = (el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)]

async function until(check: () => boolean, what = 'condition') {
  await vi.waitFor(
    () => {
      if (!check()) throw new Error(`waiting for ${what}`)
    },
    { timeout: 3000 }
  )
}

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
}

function choose(select: HTMLSelectElement, value: string) {
  select.value = value
  select.dispatchEvent(new Event('change', { bubbles: true, composed: true }))
}

type Mount = ConsoleFixtureOptions & {
  requests?: FixtureRequest[]
  subpath?: string
  perPage?: number
  locale?: 'en' | 'ko'
}

async function mountPage(options: Mount = {}) {
  const stand = requestsFixture({ now: NOW, ...(options.requests ? { requests: options.requests } : {}) })
  const api = consoleFixture({ ...options, routes: [stand.route] })
  const token = api.signIn()
  const el = document.createElement('tessera-console-requests')
  el.api = new ConsoleApi(FIXTURE_API_BASE, token, api.fetch)
  el.locale = options.locale ?? 'en'
  el.now = () => NOW
  el.subpath = options.subpath ?? ''
  if (options.perPage) el.perPage = options.perPage
  const ended = vi.fn()
  el.addEventListener('console-session-ended', ended)
  document.body.append(el)
  return { el, api, stand, ended }
}

const rows = (el: Element) => $$(el, 'tbody tr')
const detailOf = (el: Element) => $(el, 'tessera-console-request-detail') as TesseraConsoleRequestDetail
const recordOf = (el: Element) => $(el, 'tessera-console-request-record') as TesseraConsoleRequestRecord

async function openDetail(options: Mount & { id: string }) {
  const mounted = await mountPage({ ...options, subpath: options.id })
  await until(() => !!detailOf(mounted.el), 'the detail')
  const detail = detailOf(mounted.el)
  await until(() => !!$(detail, 'dl.facts'), 'the facts')
  return { ...mounted, detail }
}

async function clickAction(detail: Element, action: string) {
  await until(() => !!$(detail, `button[data-action="${action}"]`), `the ${action} button`)
  $<HTMLButtonElement>(detail, `button[data-action="${action}"]`).click()
  if (action !== 'acknowledge')
    await until(() => !!$<HTMLDialogElement>(detail, 'dialog')?.open, 'the dialog')
}

function confirm(detail: Element) {
  $<HTMLButtonElement>(detail, 'dialog button[type="submit"]').click()
}

describe('<tessera-console-requests> inbox', () => {
  it('lists open requests earliest due first; overdue and due-soon say so in words; axe clean', async () => {
    expect(customElements.get('tessera-console-requests')).toBe(TesseraConsoleRequests)
    const { el, api } = await mountPage()
    await until(() => rows(el).length > 0, 'rows')
    expect(api.requests.at(-1)?.path).toBe('/v1/admin/requests')
    expect(rows(el).map((r) => r.dataset.request)).toEqual([
      'pr_overdue0001',
      'pr_soon000001',
      'pr_letter0001',
      'pr_eu00000001',
    ])
    const overdue = rows(el)[0]!
    expect(overdue.querySelector('.time-left')!.textContent).toContain('Overdue by 2 days')
    expect(overdue.querySelector('.badge.overdue')!.textContent).toBe('Overdue')
    expect(overdue.querySelector('.request-status')!.textContent).toBe('Received')
    const soon = rows(el)[1]!
    expect(soon.querySelector('.time-left')!.textContent).toContain('1 day left')
    expect(soon.querySelector('.badge.due-soon')!.textContent).toBe('Due soon')
    expect(rows(el)[2]!.querySelector('.badge')).toBeNull()
    expect($(el, '.count').textContent).toContain('4 requests')
    expect(await violations(el)).toEqual([])
  })

  it('filters by status and type, and pages', async () => {
    const { el, api } = await mountPage({ perPage: 2 })
    await until(() => rows(el).length === 2, 'the first page')
    expect($(el, '.page-of').textContent).toBe('Page 1 of 2')
    expect($<HTMLButtonElement>(el, 'button[data-page="previous"]').disabled).toBe(true)
    $<HTMLButtonElement>(el, 'button[data-page="next"]').click()
    await until(() => rows(el)[0]?.dataset.request === 'pr_letter0001', 'the second page')
    expect(new URL(`https://x${api.requests.at(-1)!.path}`).pathname).toBe('/v1/admin/requests')
    expect(await violations(el)).toEqual([])

    choose($<HTMLSelectElement>(el, '#filter-status'), 'closed')
    await until(() => rows(el).length === 1 && rows(el)[0]!.dataset.request === 'pr_closed0001', 'closed')
    expect(rows(el)[0]!.querySelector('.time-left')!.textContent).toContain('Answered')
    choose($<HTMLSelectElement>(el, '#filter-status'), 'all')
    choose($<HTMLSelectElement>(el, '#filter-type'), 'human_review')
    await until(() => rows(el).length === 1 && rows(el)[0]!.dataset.request === 'pr_soon000001', 'by type')
    choose($<HTMLSelectElement>(el, '#filter-type'), 'erase')
    choose($<HTMLSelectElement>(el, '#filter-due'), 'overdue')
    await until(() => !!$(el, '.empty'), 'nothing matches')
    expect($(el, '.empty').textContent).toContain('No requests match.')
  })

  it('says when nothing is open', async () => {
    const { el } = await mountPage({ requests: [] })
    await until(() => !!$(el, '.empty'), 'empty')
    expect($(el, '.empty').textContent).toContain('No open requests')
    expect(await violations(el)).toEqual([])
  })

  it('is in Korean', async () => {
    const { el } = await mountPage({ locale: 'ko' })
    await until(() => rows(el).length > 0, 'rows')
    expect($(el, 'h1').textContent).toBe('권리 행사 요청')
    expect(rows(el)[0]!.querySelector('.badge')!.textContent).toBe('기한 초과')
    expect(rows(el)[0]!.textContent).toContain('정정')
    expect(await violations(el)).toEqual([])
  })

  it('an expired session ends the session; a network failure is announced', async () => {
    const { el, api, ended } = await mountPage()
    await until(() => rows(el).length > 0, 'rows')
    api.tokens.clear()
    choose($<HTMLSelectElement>(el, '#filter-status'), 'all')
    await until(() => ended.mock.calls.length === 1, 'session ended')

    document.body.replaceChildren()
    const offline = await mountPage({ offline: true })
    await until(() => $(offline.el, '[role="alert"]').textContent !== '', 'alert')
    expect($(offline.el, '[role="alert"]').textContent).toContain('could not be reached')
  })

  it('follows the shell when it changes the address from a request to the inbox', async () => {
    const { el } = await mountPage({ subpath: 'pr_overdue0001' })
    await until(() => !!detailOf(el), 'the detail')
    el.subpath = ''
    await until(() => rows(el).length > 0, 'the inbox')
    expect(detailOf(el)).toBeNull()
  })

  it('opens a request in place with its own address and comes back to the inbox', async () => {
    const { el } = await mountPage()
    await until(() => rows(el).length > 0, 'rows')
    rows(el)[0]!.querySelector('a')!.click()
    await until(() => !!detailOf(el), 'the detail')
    expect(detailOf(el).requestId).toBe('pr_overdue0001')
    await until(() => !!$(detailOf(el), 'dl.facts'), 'facts')
    $<HTMLAnchorElement>(el, 'a.back').click()
    await until(() => rows(el).length > 0, 'the inbox again')
  })
})

describe('<tessera-console-request-detail>', () => {
  it('shows what was asked, the deadline, the law it follows and the history; HTML stays text', async () => {
    const requests = fixtureRequests(NOW)
    requests.find((r) => r.id === 'pr_letter0001')!.details = {
      message: '<img src=x onerror="window.__pwned=1">Please delete <b>all</b>',
    }
    const { detail } = await openDetail({ id: 'pr_letter0001', requests })
    expect(detail).toBeInstanceOf(TesseraConsoleRequestDetail)
    expect($(detail, 'h1').textContent).toBe('Request pr_letter0001')
    const facts = $(detail, 'dl.facts').textContent!
    expect(facts).toContain('Inquiry or complaint')
    expect(facts).toContain('Identity not verified')
    expect(facts).toContain('Letter')
    expect(facts).toContain('Korean law (PIPA)')
    expect(facts).toContain('No member account has this address.')
    expect($(detail, 'dl.details').textContent).toContain(
      '<img src=x onerror="window.__pwned=1">Please delete <b>all</b>'
    )
    expect(detail.shadowRoot!.querySelector('img, b')).toBeNull()
    expect($(detail, 'ol.history').textContent).toContain('Received (staff)')
    // Unverified: verify and reject only.
    expect($$(detail, 'button[data-action]').map((b) => b.dataset.action)).toEqual(['verify', 'reject'])
    expect(await violations(detail)).toEqual([])
  })

  it('verifies identity, starts handling and completes; the history grows; axe clean in the dialog', async () => {
    const { detail, api } = await openDetail({ id: 'pr_letter0001' })
    await clickAction(detail, 'verify')
    expect(await violations(detail)).toEqual([])
    confirm(detail)
    await until(() => !!$(detail, '#action-error'), 'required')
    expect($(detail, '#action-text').getAttribute('aria-invalid')).toBe('true')
    expect($(detail, '#action-text').getAttribute('aria-describedby')).toContain('action-error')
    expect(detail.shadowRoot!.activeElement?.id).toBe('action-text')
    expect(await violations(detail)).toEqual([])
    type($(detail, '#action-text'), 'Copy of ID card checked against the letter')
    confirm(detail)
    await until(() => $(detail, '[role="status"]').textContent!.includes('identity is recorded'), 'verified')
    expect($<HTMLDialogElement>(detail, 'dialog').open).toBe(false)

    await clickAction(detail, 'acknowledge')
    await until(() => $(detail, '.request-status').textContent === 'In progress', 'in progress')
    expect(api.requests.at(-2)).toMatchObject({
      method: 'POST',
      path: '/v1/admin/requests/pr_letter0001/acknowledge',
    })

    await clickAction(detail, 'complete')
    type($(detail, '#action-text'), 'We keep your scans for 3 years.')
    confirm(detail)
    await until(() => $(detail, '.request-status').textContent === 'Completed', 'completed')
    expect($(detail, '[role="status"]').textContent).toContain('completed')
    expect($(detail, '.notice').textContent).toContain('This request is Completed')
    expect($$(detail, 'button[data-action]')).toHaveLength(0)
    expect($(detail, '.response').textContent).toBe('We keep your scans for 3 years.')
    expect(
      [...detail.shadowRoot!.querySelectorAll('ol.history li')].map((li) =>
        li.textContent!.split('—')[1]!.trim()
      )
    ).toEqual([
      'Received (staff)',
      'Identity verified (staff)',
      'Handling started (staff)',
      'Completed (staff)',
    ])
    expect(await violations(detail)).toEqual([])
  })

  it('reject needs a reason (beside the field, nothing sent); HTML in it is shown as text', async () => {
    const { detail, api } = await openDetail({ id: 'pr_overdue0001' })
    await clickAction(detail, 'reject')
    const sent = api.requests.length
    type($(detail, '#action-text'), '   ')
    confirm(detail)
    await until(() => !!$(detail, '#action-error'), 'required')
    expect($(detail, '#action-error').textContent).toBe('Please fill in this field.')
    expect(api.requests.length).toBe(sent)
    type($(detail, '#action-text'), '<script>alert(1)</script> The account was never ours.')
    confirm(detail)
    await until(() => $(detail, '.request-status').textContent === 'Rejected', 'rejected')
    expect($(detail, '.response').textContent).toBe('<script>alert(1)</script> The account was never ours.')
    expect(detail.shadowRoot!.querySelector('dl script')).toBeNull()
    expect(api.requests.at(-2)?.body).toEqual({
      reason: '<script>alert(1)</script> The account was never ours.',
    })
  })

  it('extends only a GDPR request, and shows the API refusal of a short reason beside the field', async () => {
    const kr = await openDetail({ id: 'pr_overdue0001' })
    expect($(kr.detail, 'button[data-action="extend"]')).toBeNull()
    document.body.replaceChildren()

    const { detail } = await openDetail({ id: 'pr_eu00000001' })
    expect($(detail, 'dl.facts').textContent).toContain('GDPR')
    await clickAction(detail, 'extend')
    type($(detail, '#action-text'), 'busy')
    confirm(detail)
    await until(() => !!$(detail, '#action-error'), 'API 422')
    expect($(detail, '#action-error').textContent).toBe(
      'Give the member the reason in at least 10 characters.'
    )
    expect(await violations(detail)).toEqual([])
    type($(detail, '#action-text'), 'We need to retrieve archived analysis logs.')
    confirm(detail)
    await until(() => $(detail, '.request-status').textContent === 'Extended', 'extended')
    expect($(detail, '[role="status"]').textContent).toContain('The deadline is extended to')
    expect($(detail, 'button[data-action="extend"]')).toBeNull()
  })

  it('a request another admin completed first: the 409 is announced and the request shown as it is now', async () => {
    const { detail, stand } = await openDetail({ id: 'pr_soon000001' })
    await clickAction(detail, 'complete')
    // The other admin's completion lands while this one is typing.
    Object.assign(
      stand.requests.find((r) => r.id === 'pr_soon000001')!,
      { status: 'completed', response: 'Done by Ha-eun.' }
    )
    type($(detail, '#action-text'), 'Reviewed by a radiologist.')
    confirm(detail)
    await until(() => $(detail, '[role="alert"]').textContent!.includes('Not done'), '409')
    expect($(detail, '[role="alert"]').textContent).toContain('This request is completed.')
    expect($<HTMLDialogElement>(detail, 'dialog').open).toBe(false)
    await until(() => $(detail, '.request-status').textContent === 'Completed', 'reloaded')
    expect($(detail, '.response').textContent).toBe('Done by Ha-eun.')
    expect(await violations(detail)).toEqual([])
  })

  it('an expired session while acting ends the session', async () => {
    const { detail, api, ended } = await openDetail({ id: 'pr_overdue0001' })
    api.tokens.clear()
    await clickAction(detail, 'reject')
    type($(detail, '#action-text'), 'Not ours.')
    confirm(detail)
    await until(() => ended.mock.calls.length === 1, 'session ended')
    expect($<HTMLDialogElement>(detail, 'dialog').open).toBe(false)
  })

  it('an unknown request says so', async () => {
    const { el } = await mountPage({ subpath: 'pr_nothere' })
    await until(() => !!detailOf(el) && $(detailOf(el), '[role="alert"]').textContent !== '', 'alert')
    expect($(detailOf(el), '[role="alert"]').textContent).toContain('not found')
  })
})

describe('<tessera-console-request-record>', () => {
  async function openRecord(options: Mount = {}) {
    const mounted = await mountPage(options)
    await until(() => rows(mounted.el).length > 0, 'rows')
    $<HTMLButtonElement>(mounted.el, 'button[data-action="record"]').click()
    const record = recordOf(mounted.el)
    expect(record).toBeInstanceOf(TesseraConsoleRequestRecord)
    await until(() => !!$<HTMLDialogElement>(record, 'dialog')?.open, 'the dialog')
    return { ...mounted, record }
  }

  it('records a letter request: required and API field errors beside their fields; then it is in the inbox', async () => {
    const { el, record, api } = await openRecord()
    expect(record.shadowRoot!.activeElement?.id).toBe('record-memberEmail')
    expect(await violations(record)).toEqual([])
    $<HTMLButtonElement>(record, 'button[type="submit"]').click()
    await until(() => !!$(record, '#record-memberEmail-error'), 'required')
    expect($(record, '#record-memberEmail').getAttribute('aria-describedby')).toContain(
      'record-memberEmail-error'
    )
    expect(await violations(record)).toEqual([])

    type($(record, '#record-memberEmail'), FIXTURE_MEMBER_EMAIL)
    type($(record, '#record-receivedAt'), '2026-08-01')
    $<HTMLInputElement>(record, '#record-channel-letter').click()
    choose($<HTMLSelectElement>(record, '#record-type'), 'restrict')
    type($(record, '#record-message'), '<b>Stop</b> using my scans, please.')
    $<HTMLButtonElement>(record, 'button[type="submit"]').click()
    await until(() => !!$(record, '#record-receivedAt-error'), 'API 422')
    expect($(record, '#record-receivedAt-error').textContent).toBe(
      'The received date cannot be in the future.'
    )
    expect(record.shadowRoot!.activeElement?.id).toBe('record-receivedAt')

    type($(record, '#record-receivedAt'), '2026-07-17')
    type($(record, '#record-identityMethod'), 'Signed letter with a copy of the ID card')
    $<HTMLButtonElement>(record, 'button[type="submit"]').click()
    await until(() => !$<HTMLDialogElement>(record, 'dialog').open, 'closed')
    expect(
      api.requests.findLast((r) => r.method === 'POST' && r.path === '/v1/admin/requests')?.body
    ).toMatchObject({
      memberEmail: FIXTURE_MEMBER_EMAIL,
      type: 'restrict',
      channel: 'letter',
      identityMethod: 'Signed letter with a copy of the ID card',
      details: { message: '<b>Stop</b> using my scans, please.' },
    })
    await until(() => $(el, '[role="status"]').textContent!.includes('pr_recorded001 recorded'), 'announced')
    await until(() => rows(el).some((r) => r.dataset.request === 'pr_recorded001'), 'in the inbox')
    const row = rows(el).find((r) => r.dataset.request === 'pr_recorded001')!
    expect(row.textContent).toContain('Letter')
    expect(row.textContent).toContain('Restriction')
  })

  it('an access request of a verified member is answered at once, and the page says so', async () => {
    const { el, record } = await openRecord()
    type($(record, '#record-memberEmail'), FIXTURE_MEMBER_EMAIL)
    type($(record, '#record-identityMethod'), 'Replied from the registered address')
    $<HTMLButtonElement>(record, 'button[type="submit"]').click()
    await until(() => $(el, '[role="status"]').textContent!.includes('answered at once'), 'announced')
    expect(rows(el).some((r) => r.dataset.request === 'pr_recorded001')).toBe(false)
  })

  it('a second deletion request for a member with one open is refused with the API reason in the dialog', async () => {
    // The stand-in's pr_eu00000001 is an open deletion request of this member.
    const { record } = await openRecord()
    type($(record, '#record-memberEmail'), FIXTURE_MEMBER_EMAIL)
    choose($<HTMLSelectElement>(record, '#record-type'), 'erase')
    $<HTMLButtonElement>(record, 'button[type="submit"]').click()
    await until(() => $(record, '[role="alert"]').textContent!.includes('already open'), '409')
    expect($(record, '[role="alert"]').textContent).toContain('Not done: A deletion request is already open.')
    expect($<HTMLDialogElement>(record, 'dialog').open).toBe(true)
    expect(await violations(record)).toEqual([])
  })
})

describe('the Privacy requests page in the console', () => {
  async function mountShell(role: NonNullable<ConsoleFixtureOptions['role']>) {
    const stand = requestsFixture({ now: NOW })
    const api = consoleFixture({ role, routes: [stand.route] })
    const el = document.createElement('tessera-console')
    Object.assign(el, {
      apiBase: FIXTURE_API_BASE,
      fetcher: api.fetch,
      store: memoryStore({ [TOKEN_KEY]: api.signIn() }),
      locale: 'en',
    })
    document.body.append(el)
    await until(() => !!$(el, 'nav'), 'nav')
    return el
  }

  it('is listed for a privacy officer and opens; an analyst has no such page', async () => {
    const officer = await mountShell('privacy_officer')
    const link = $$(officer, 'nav a').find((a) => a.textContent === 'Privacy requests')!
    expect(link.getAttribute('href')).toBe('/console/requests')
    link.click()
    await until(() => !!$(officer, 'tessera-console-requests'), 'the page')
    const page = $(officer, 'tessera-console-requests')
    await until(() => rows(page).length > 0, 'rows')
    expect(await violations(officer)).toEqual([])
    document.body.replaceChildren()

    const analyst = await mountShell('analyst')
    expect($$(analyst, 'nav a').map((a) => a.textContent)).not.toContain('Privacy requests')
  })
})
