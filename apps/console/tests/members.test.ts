import axe from 'axe-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConsoleApi, TOKEN_KEY, TesseraConsoleMemberProfile, TesseraConsoleMembers } from '../src/index.js'
import { FIXTURE_API_BASE, consoleFixture, invalidFields, memoryStore } from '../src/fixtures.js'
import type { ConsoleFixtureOptions, FixtureRoute } from '../src/fixtures.js'
import {
  FIXTURE_DORMANT_EMAIL,
  FIXTURE_DORMANT_ID,
  FIXTURE_MEMBER_EMAIL,
  FIXTURE_MEMBER_ID,
  membersRoute,
} from '../src/pages/members/fixtures.js'

afterEach(() => {
  document.body.replaceChildren()
})

async function violations(root: Element) {
  const result = await axe.run(root, { resultTypes: ['violations'] })
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`)
}

const $ = <T extends Element = HTMLElement>(el: Element, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector as string) as T

async function until(check: () => boolean, what = 'condition') {
  await vi.waitFor(() => {
    if (!check()) throw new Error(`waiting for ${what}`)
  })
}

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
}

const HTML = '<img src=x onerror="window.__pwned=1">@example.com'

type Mount = ConsoleFixtureOptions & {
  memberId?: string
  canExport?: boolean
  canReadUsage?: boolean
  canOpenRequests?: boolean
  extra?: FixtureRoute[]
}

async function mountMembers(options: Mount = {}) {
  const api = consoleFixture({ ...options, routes: [...(options.extra ?? []), membersRoute()] })
  const token = api.signIn()
  const el = document.createElement('tessera-console-members')
  el.api = new ConsoleApi(FIXTURE_API_BASE, token, api.fetch)
  el.memberId = options.memberId ?? ''
  el.canExport = options.canExport ?? true
  el.canReadUsage = options.canReadUsage ?? true
  el.canOpenRequests = options.canOpenRequests ?? true
  document.body.append(el)
  await el.updateComplete
  return { el, api }
}

const memberCalls = (api: ReturnType<typeof consoleFixture>) =>
  api.requests.filter((r) => r.path.startsWith('/v1/admin/members'))

/** The profile element inside the page, once it shows `selector`. */
async function profileShowing(el: TesseraConsoleMembers, selector: string) {
  await until(() => !!$(el, 'tessera-console-member-profile'), 'the profile element')
  const profile = $(el, 'tessera-console-member-profile') as TesseraConsoleMemberProfile
  await until(() => !!$(profile, selector), selector)
  return profile
}

async function search(el: TesseraConsoleMembers, q: string) {
  type($(el, '#member-query'), q)
  $<HTMLButtonElement>(el, 'button[type="submit"]').click()
}

describe('<tessera-console-members> search', () => {
  it('is registered; an empty query is marked beside the field, focused, and nothing is sent', async () => {
    expect(customElements.get('tessera-console-members')).toBe(TesseraConsoleMembers)
    const { el, api } = await mountMembers()
    expect($(el, '.notice').textContent).toContain('recorded in the audit log')
    expect(await violations(el)).toEqual([])
    await search(el, '   ')
    await until(() => !!$(el, '#member-query-error'))
    expect($(el, '#member-query-error').textContent).toBe('Please fill in this field.')
    expect($(el, '#member-query').getAttribute('aria-invalid')).toBe('true')
    expect($(el, '#member-query').getAttribute('aria-describedby')).toContain('member-query-error')
    expect(el.shadowRoot!.activeElement?.id).toBe('member-query')
    expect($(el, '[role="alert"]').textContent).toContain('Please correct the fields')
    expect(memberCalls(api)).toEqual([])
    expect(await violations(el)).toEqual([])
  })

  it('shows the API’s refusal of a partial address or pasted HTML beside the field, as text', async () => {
    const { el, api } = await mountMembers()
    await search(el, HTML)
    await until(() => !!$(el, '#member-query-error'))
    expect($(el, '#member-query-error').textContent).toBe(
      'Enter a whole e-mail address or a member ID (mb_…)'
    )
    expect(el.shadowRoot!.querySelector('img')).toBeNull()
    expect((window as { __pwned?: number }).__pwned).toBeUndefined()
    expect(el.shadowRoot!.activeElement?.id).toBe('member-query')
    // The query went to the API as a parameter, encoded; nothing else was asked.
    expect(memberCalls(api)).toHaveLength(1)
    expect(await violations(el)).toEqual([])
  })

  it('finds a member by e-mail, lists id and status only, and opens the profile in place', async () => {
    const { el, api } = await mountMembers()
    await search(el, FIXTURE_MEMBER_EMAIL)
    await until(() => !!$(el, `tr[data-member="${FIXTURE_MEMBER_ID}"]`), 'the result row')
    const row = $(el, `tr[data-member="${FIXTURE_MEMBER_ID}"]`)
    expect(row.textContent).toContain('Active')
    expect(row.textContent).not.toContain('Seo-yeon')
    expect($(el, '[role="status"]').textContent).toBe('1 found.')
    expect(await violations(el)).toEqual([])

    const link = $<HTMLAnchorElement>(el, `tr[data-member="${FIXTURE_MEMBER_ID}"] a`)
    expect(link.getAttribute('href')).toBe(`/console/members/${FIXTURE_MEMBER_ID}`)
    link.click()
    const profile = await profileShowing(el, 'table#consents')
    expect(el.memberId).toBe(FIXTURE_MEMBER_ID)
    expect(profile.shadowRoot!.activeElement?.id).toBe('profile-title')
    expect(memberCalls(api).at(-1)!.path).toBe(`/v1/admin/members/${FIXTURE_MEMBER_ID}`)

    // Back to the search: the results are still there.
    $<HTMLAnchorElement>(el, 'a.back').click()
    await until(() => !!$(el, `tr[data-member="${FIXTURE_MEMBER_ID}"]`))
  })

  it('says when nothing matches', async () => {
    const { el } = await mountMembers()
    await search(el, 'nobody@example.com')
    await until(() => !!$(el, '.no-results'))
    expect($(el, '.no-results').textContent).toBe('No member of this service matches.')
    expect(await violations(el)).toEqual([])
  })

  it('a 401 ends the session; a network failure is announced', async () => {
    const { el, api } = await mountMembers()
    const ended = vi.fn()
    el.addEventListener('console-session-ended', ended)
    api.tokens.clear()
    await search(el, FIXTURE_MEMBER_EMAIL)
    await until(() => ended.mock.calls.length === 1, 'session ended')
    document.body.replaceChildren()

    const offline = await mountMembers({ offline: true })
    await search(offline.el, FIXTURE_MEMBER_EMAIL)
    await until(() => $(offline.el, '[role="alert"]').textContent!.includes('could not be reached'))
  })

  it('speaks Korean', async () => {
    const { el } = await mountMembers()
    el.locale = 'ko'
    await el.updateComplete
    expect($(el, 'h1').textContent).toBe('회원')
    expect($(el, 'label[for="member-query"]').textContent).toBe('이메일 주소 또는 회원 ID')
    await search(el, FIXTURE_MEMBER_EMAIL)
    await until(() => !!$(el, `tr[data-member="${FIXTURE_MEMBER_ID}"]`))
    expect($(el, `tr[data-member="${FIXTURE_MEMBER_ID}"]`).textContent).toContain('이용 중')
    expect(await violations(el)).toEqual([])
  })
})

describe('<tessera-console-member-profile>', () => {
  it('is registered; shows details, consents per purpose, requests and uploads, with the logging notice', async () => {
    expect(customElements.get('tessera-console-member-profile')).toBe(TesseraConsoleMemberProfile)
    const { el } = await mountMembers({ memberId: FIXTURE_MEMBER_ID })
    const profile = await profileShowing(el, 'table#consents')
    const text = (s: string) => $(profile, s).textContent!.replace(/\s+/g, ' ').trim()
    expect(text('h1')).toBe(`Member ${FIXTURE_MEMBER_ID}`)
    expect(text('.notice')).toContain('recorded in the audit log')
    expect(text('.member-name')).toBe('Seo-yeon Park')
    expect(text('.member-email')).toBe(FIXTURE_MEMBER_EMAIL)
    expect(text('.member-status')).toBe('Active')
    expect(text('tr[data-purpose="image_analysis"] .decision')).toBe('Granted')
    expect(text('tr[data-purpose="marketing"] .decision')).toBe('Withdrawn · Needs a new answer')
    expect(text('tr[data-purpose="service"] .decision')).toBe('Not based on consent')
    expect(text('tr[data-request="req_Fixture00000001"]')).toContain('Access')
    expect(
      $<HTMLAnchorElement>(profile, 'tr[data-request="req_Fixture00000001"] a').getAttribute('href')
    ).toBe('/console/requests/req_Fixture00000001')
    expect(text('tr[data-upload="up_Fixture000000001"]')).toContain('application/dicom (CT)')
    expect(text('tr[data-upload="up_Fixture000000001"]')).toContain('2.5 MB')
    expect(await violations(el)).toEqual([])
  })

  it('a dormant member shows the status only and says why', async () => {
    const { el } = await mountMembers({ memberId: FIXTURE_DORMANT_ID })
    const profile = await profileShowing(el, '.dormant')
    expect($(profile, '.member-status').textContent).toBe('Dormant')
    expect($(profile, '.member-email')).toBeNull()
    expect($(profile, 'table')).toBeNull()
    expect($(profile, '#reason')).toBeNull()
    expect($(profile, '.dormant').textContent).toContain('separate store')
    expect(await violations(el)).toEqual([])
  })

  it('a malformed id is not sent to the API; an unknown one is a 404 message', async () => {
    const { el, api } = await mountMembers({ memberId: '<script>alert(1)</script>' })
    const profile = await profileShowing(el, '.not-found')
    expect($(profile, '.not-found').textContent).toBe('No member with this ID in this service.')
    expect(profile.shadowRoot!.querySelector('script')).toBeNull()
    expect(memberCalls(api)).toEqual([])
    expect(await violations(el)).toEqual([])
    document.body.replaceChildren()

    const unknown = await mountMembers({ memberId: 'mb_0000000000000000' })
    await profileShowing(unknown.el, '.not-found')
    expect(memberCalls(unknown.api)).toHaveLength(1)
  })

  it('exports need a reason: checked beside the field, then refused by the API beside it too', async () => {
    const refuse: FixtureRoute = ({ url }) =>
      url.pathname.endsWith('/consent-proof') && url.searchParams.get('reason')?.includes('refuse')
        ? invalidFields([{ field: 'reason', message: 'The reason was refused by the API', rule: 'reason' }])
        : null
    const { el, api } = await mountMembers({ memberId: FIXTURE_MEMBER_ID, extra: [refuse] })
    const profile = await profileShowing(el, '#reason')
    const proof = () => $<HTMLButtonElement>(profile, 'button[value="proof"]').click()

    proof()
    await until(() => !!$(profile, '#reason-error'))
    expect($(profile, '#reason-error').textContent).toBe('Please fill in this field.')
    expect($(profile, '#reason').getAttribute('aria-invalid')).toBe('true')
    expect($(profile, '#reason').getAttribute('aria-describedby')).toContain('reason-error')
    expect(profile.shadowRoot!.activeElement?.id).toBe('reason')
    type($(profile, '#reason'), 'abc')
    proof()
    await until(() => $(profile, '#reason-error')?.textContent === 'Give a reason of 5 to 500 characters.')
    expect(memberCalls(api).some((r) => r.path.endsWith('/consent-proof'))).toBe(false)
    expect(await violations(el)).toEqual([])

    type($(profile, '#reason'), `please refuse <b>this</b>`)
    proof()
    await until(() => $(profile, '#reason-error')?.textContent === 'The reason was refused by the API')
    expect(profile.shadowRoot!.querySelector('b')).toBeNull()

    type($(profile, '#reason'), 'Answering request req_Fixture00000001')
    proof()
    await until(() => $(profile, '[role="status"]').textContent === 'The consent proof was downloaded.')
    expect($(profile, '#reason-error')).toBeNull()
    expect(memberCalls(api).at(-1)!.path).toBe(`/v1/admin/members/${FIXTURE_MEMBER_ID}/consent-proof`)
  })

  it('shows usage records with a reason when the role has usage.read', async () => {
    const { el, api } = await mountMembers({ memberId: FIXTURE_MEMBER_ID })
    const profile = await profileShowing(el, '#reason')
    type($(profile, '#reason'), 'Checking a sign-in complaint')
    $<HTMLButtonElement>(profile, 'button[value="usage"]').click()
    await until(() => !!$(profile, 'table#usage'))
    expect($(profile, 'table#usage').textContent).toContain('198.51.100.23')
    expect($(profile, 'table#usage').textContent).toContain('Signed in')
    expect(memberCalls(api).at(-1)!.path).toBe(`/v1/admin/members/${FIXTURE_MEMBER_ID}/usage-records`)
    expect(await violations(el)).toEqual([])
  })

  it('without consent.export and usage.read there is no export form; requests are not linked without requests.handle', async () => {
    const { el } = await mountMembers({
      memberId: FIXTURE_MEMBER_ID,
      canExport: false,
      canReadUsage: false,
      canOpenRequests: false,
    })
    const profile = await profileShowing(el, 'table#consents')
    expect($(profile, '#reason')).toBeNull()
    expect($(profile, 'tr[data-request] a')).toBeNull()
    document.body.replaceChildren()

    const usageOnly = await mountMembers({ memberId: FIXTURE_MEMBER_ID, canExport: false })
    const p = await profileShowing(usageOnly.el, '#reason')
    expect($(p, 'button[value="proof"]')).toBeNull()
    expect($(p, 'button[value="usage"]')).not.toBeNull()
  })

  it('a 401 on the profile ends the session', async () => {
    const api = consoleFixture({ routes: [membersRoute()] })
    const el = document.createElement('tessera-console-members')
    el.api = new ConsoleApi(FIXTURE_API_BASE, 'oat_expired', api.fetch)
    el.memberId = FIXTURE_MEMBER_ID
    const ended = vi.fn()
    document.body.addEventListener('console-session-ended', ended)
    document.body.append(el)
    await until(() => ended.mock.calls.length === 1, 'session ended')
    document.body.removeEventListener('console-session-ended', ended)
  })

  it('speaks Korean', async () => {
    const { el } = await mountMembers({ memberId: FIXTURE_DORMANT_ID })
    el.locale = 'ko'
    const profile = await profileShowing(el, '.dormant')
    await profile.updateComplete
    expect($(profile, '.member-status').textContent).toBe('휴면')
    expect($(profile, '.dormant').textContent).toContain('별도 저장소')
    expect(await violations(el)).toEqual([])
  })
})

describe('Members in the console shell', () => {
  async function mountShell(role: ConsoleFixtureOptions['role'], path: string) {
    const api = consoleFixture({ role, routes: [membersRoute()] })
    const previous = location.pathname + location.search
    history.replaceState(null, '', path)
    const el = document.createElement('tessera-console')
    Object.assign(el, {
      apiBase: FIXTURE_API_BASE,
      fetcher: api.fetch,
      store: memoryStore({ [TOKEN_KEY]: api.signIn() }),
      locale: 'en',
    })
    document.body.append(el)
    await until(() => !!$(el, 'nav'), 'the navigation')
    history.replaceState(null, '', previous)
    return { el, api }
  }

  it('a privacy officer has Members in the navigation; a deep link opens the profile', async () => {
    const { el } = await mountShell('privacy_officer', `/console/members/${FIXTURE_MEMBER_ID}`)
    const links = [...el.shadowRoot!.querySelectorAll('nav a')].map((a) => a.textContent)
    expect(links).toContain('Members')
    const page = $(el, 'tessera-console-members') as TesseraConsoleMembers
    expect(page.memberId).toBe(FIXTURE_MEMBER_ID)
    expect(page.canExport).toBe(true)
    await profileShowing(page, 'table#consents')
    expect(await violations(el)).toEqual([])
  })

  it('an analyst has no Members entry, and a deep link shows a not-allowed message and fetches nothing', async () => {
    const { el, api } = await mountShell('analyst', `/console/members/${FIXTURE_MEMBER_ID}`)
    const links = [...el.shadowRoot!.querySelectorAll('nav a')].map((a) => a.textContent)
    expect(links).not.toContain('Members')
    await until(() => !!$(el, '.page-not-allowed'))
    expect($(el, '.page-not-allowed').textContent).toContain('Your role (analyst) may not open this page.')
    expect($(el, 'tessera-console-members')).toBeNull()
    expect(memberCalls(api)).toEqual([])
    expect(await violations(el)).toEqual([])

    // Another page from the navigation still opens.
    ;(el.shadowRoot!.querySelector('nav a') as HTMLAnchorElement).click()
    await until(() => !!$(el, 'tessera-console-settings'))
    expect($(el, '.page-not-allowed')).toBeNull()
  })

  it('an owner opens Members from a link and finds a dormant member by address', async () => {
    const { el } = await mountShell('owner', '/console/members')
    const page = $(el, 'tessera-console-members') as TesseraConsoleMembers
    await search(page, FIXTURE_DORMANT_EMAIL)
    await until(() => !!$(page, `tr[data-member="${FIXTURE_DORMANT_ID}"]`))
    expect($(page, `tr[data-member="${FIXTURE_DORMANT_ID}"]`).textContent).toContain('Dormant')
  })

  it('after opening a member in place, the Members link in the navigation leads back to the search', async () => {
    const { el, api } = await mountShell('owner', '/console/members')
    const page = $(el, 'tessera-console-members') as TesseraConsoleMembers
    await search(page, FIXTURE_MEMBER_EMAIL)
    await until(() => !!$(page, `tr[data-member="${FIXTURE_MEMBER_ID}"] a`))
    $<HTMLAnchorElement>(page, `tr[data-member="${FIXTURE_MEMBER_ID}"] a`).click()
    await profileShowing(page, 'table#consents')
    // Re-rendering the shell (a new language here) does not read the member again: each read is audited.
    const select = $<HTMLSelectElement>(el, '#language')
    select.value = 'ko'
    select.dispatchEvent(new Event('change'))
    await until(() => $(el, 'nav a').textContent === '설정')
    await new Promise((r) => setTimeout(r, 100))
    expect(api.requests.filter((r) => r.path === `/v1/admin/members/${FIXTURE_MEMBER_ID}`)).toHaveLength(1)
    select.value = 'en'
    select.dispatchEvent(new Event('change'))
    await until(() => $(el, 'nav a').textContent === 'Settings')
    const members = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('nav a')].find(
      (a) => a.textContent === 'Members'
    )!
    members.click()
    await until(() => !!$(page, '#member-query'), 'the search form')
    expect(page.memberId).toBe('')
  })
})
