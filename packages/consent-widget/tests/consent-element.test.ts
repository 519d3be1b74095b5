import axe from 'axe-core'
import { memberSession, memberSessionKey, resetRuntimeForTests } from '@tessera/widget-core'
import type { TesseraErrorDetail } from '@tessera/widget-core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TesseraConsent } from '../src/index.js'
import type {
  TesseraConsentChangeDetail,
  TesseraConsentReadyDetail,
  TesseraPolicyRequestDetail,
} from '../src/index.js'
import {
  FIXTURE_IDENTITY_TOKEN,
  FIXTURE_MEMBER,
  FIXTURE_POLICY_VERSION,
  FIXTURE_SESSION,
  FIXTURE_VERIFY_TOKEN,
  membersFixtureApi,
} from '../src/members/fixtures.js'
import type { MembersFixtureApi, MembersFixtureOptions, RecordedRequest } from '../src/members/fixtures.js'

const START_URL = location.href.split('#')[0] ?? location.href

beforeEach(() => {
  history.replaceState(null, '', START_URL)
  sessionStorage.clear()
})

afterEach(() => {
  document.body.replaceChildren()
  document.head.querySelectorAll('style[data-tessera-theme]').forEach((s) => s.remove())
  document.documentElement.removeAttribute('lang')
  history.replaceState(null, '', START_URL)
  sessionStorage.clear()
  resetRuntimeForTests()
  vi.restoreAllMocks()
})

function text(node: Element | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim()
}

function q<T extends Element = HTMLElement>(el: TesseraConsent, selector: string): T | null {
  return el.shadowRoot!.querySelector<T>(selector)
}

function qa<T extends Element = HTMLElement>(el: TesseraConsent, selector: string): T[] {
  return [...el.shadowRoot!.querySelectorAll<T>(selector)]
}

async function mount(
  options: MembersFixtureOptions = {},
  attributes = '',
  wrap?: (markup: string) => string
): Promise<{ el: TesseraConsent; api: MembersFixtureApi }> {
  const api = membersFixtureApi(options)
  api.seed()
  const markup = `<tessera-consent id="el" ${attributes}></tessera-consent>`
  const template = document.createElement('template')
  template.innerHTML = wrap ? wrap(markup) : markup
  const el = template.content.querySelector<TesseraConsent>('#el')!
  customElements.upgrade(template.content)
  el.runtime = api.runtime
  document.body.append(template.content)
  await el.updateComplete
  return { el, api }
}

async function settled(el: TesseraConsent): Promise<void> {
  await vi.waitFor(() => expect(el.state).not.toBe('loading'))
  await el.updateComplete
}

async function view(el: TesseraConsent, name: string): Promise<void> {
  await vi.waitFor(() => expect(q(el, '.view')?.dataset.view).toBe(name))
  await el.updateComplete
}

function fill(el: TesseraConsent, id: string, value: string): void {
  const input = q<HTMLInputElement | HTMLSelectElement>(el, `#${id}`)!
  input.value = value
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }))
}

function fillSignUp(el: TesseraConsent): void {
  fill(el, 'firstName', 'Mina')
  fill(el, 'lastName', 'Kim')
  fill(el, 'nationality', 'KR')
  fill(el, 'email', 'mina.kim@example.com')
}

function submit(el: TesseraConsent): void {
  q<HTMLButtonElement>(el, 'form button[type=submit]')!.click()
}

const posts = (api: MembersFixtureApi, path: string): RecordedRequest[] =>
  api.requests.filter((r) => r.method === 'POST' && r.path === path)

async function violations(root: Element): Promise<string[]> {
  const result = await axe.run(root, { resultTypes: ['violations'] })
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`)
}

describe('<tessera-consent> sign-up', () => {
  it('is registered under its tag', () => {
    expect(customElements.get('tessera-consent')).toBe(TesseraConsent)
  })

  it('is busy while loading, then shows the form with nothing ticked and fires tessera-ready', async () => {
    const ready: TesseraConsentReadyDetail[] = []
    document.addEventListener('tessera-ready', (e) => ready.push((e as CustomEvent).detail))
    const { el, api } = await mount()
    expect(q(el, '[part~=base]')?.getAttribute('aria-busy')).toBe('true')
    await view(el, 'sign-up')
    expect(q(el, '[part~=base]')?.getAttribute('aria-busy')).toBe('false')
    expect(
      api.requests.some((r) => r.path === '/v1/widget/purposes' && r.url.searchParams.get('locale') === 'en')
    ).toBe(true)
    const boxes = qa<HTMLInputElement>(el, 'input[type=checkbox]')
    expect(boxes.map((b) => b.value).sort()).toEqual(['image_analysis', 'marketing'])
    expect(boxes.every((b) => !b.checked && !b.hasAttribute('checked'))).toBe(true)
    expect(ready).toEqual([{ tenantId: 'tn_acme', locale: 'en', signedIn: false }])
  })

  it('lists non-consent purposes as information with their lawful basis, without checkboxes', async () => {
    const { el } = await mount()
    await view(el, 'sign-up')
    const always = q(el, '[data-group=always]')!
    expect(always.querySelectorAll('input').length).toBe(0)
    expect(text(always.querySelector('[data-purpose=account]'))).toContain(
      'Needed to provide the service (contract)'
    )
    expect(text(always.querySelector('[data-purpose=security]'))).toContain('(legitimate interests)')
    expect(always.querySelector('[data-purpose=marketing]')).toBeNull()
  })

  it('renders the imaging consent in its own explicit group, separate from marketing', async () => {
    const { el } = await mount()
    await view(el, 'sign-up')
    const imaging = q(el, '#purpose-image_analysis')!.closest('fieldset')!
    const marketing = q(el, '#purpose-marketing')!.closest('fieldset')!
    expect(imaging).not.toBe(marketing)
    expect(imaging.dataset.group).toBe('health')
    expect(
      [...imaging.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].map((i) => i.value)
    ).toEqual(['image_analysis'])
    expect(text(imaging.querySelector('legend'))).toBe('Health data: your explicit consent')
    expect(text(q(el, 'label[for=purpose-image_analysis]'))).toContain('explicit consent')
    expect(text(imaging)).toContain('Explicit consent for health data')
    expect(marketing.querySelector('#purpose-image_analysis')).toBeNull()
  })

  it('links the exact policy version shown, and lets the partner handle it instead', async () => {
    const { el } = await mount()
    await view(el, 'sign-up')
    const link = q<HTMLAnchorElement>(el, 'a.policy-link')!
    expect(link.getAttribute('href')).toBe(
      `https://api.members.invalid/policy/tn_acme/versions/${FIXTURE_POLICY_VERSION}?lang=en`
    )
    const requests: TesseraPolicyRequestDetail[] = []
    document.addEventListener(
      'tessera-policy-request',
      (e) => {
        requests.push((e as CustomEvent).detail)
        e.preventDefault()
      },
      { once: true }
    )
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, composed: true })
    link.dispatchEvent(click)
    expect(click.defaultPrevented).toBe(true)
    expect(requests[0]).toMatchObject({ policyVersion: FIXTURE_POLICY_VERSION, policyLabel: 'v2' })
  })

  it('sends ticked purposes as granted, the rest as not granted, with policyVersion and returnUrl without fragment', async () => {
    history.replaceState(null, '', `${START_URL}#account`)
    const { el, api } = await mount()
    await view(el, 'sign-up')
    fillSignUp(el)
    fill(el, 'company', 'Harbour Dental')
    q<HTMLInputElement>(el, '#purpose-image_analysis')!.click()
    submit(el)
    await view(el, 'inbox')
    const sent = posts(api, '/v1/widget/members')
    expect(sent.length).toBe(1)
    expect(sent[0]!.body).toEqual({
      firstName: 'Mina',
      lastName: 'Kim',
      company: 'Harbour Dental',
      nationality: 'KR',
      email: 'mina.kim@example.com',
      locale: 'en',
      policyVersion: FIXTURE_POLICY_VERSION,
      consents: [
        { purpose: 'image_analysis', granted: true },
        { purpose: 'marketing', granted: false },
      ],
      returnUrl: START_URL,
    })
    expect(sent[0]!.key).toBe('pk_fixture_members')
    expect(text(q(el, '#view-heading'))).toBe('Check your inbox')
    expect(text(q(el, '[data-view=inbox]'))).toContain('mina.kim@example.com')
    expect(el.shadowRoot!.activeElement?.id).toBe('view-heading')
  })

  it('signs up with every optional purpose refused, and leaves out an empty company', async () => {
    const { el, api } = await mount()
    await view(el, 'sign-up')
    fillSignUp(el)
    q<HTMLInputElement>(el, '#purpose-marketing')!.click()
    q<HTMLInputElement>(el, '#purpose-marketing')!.click()
    submit(el)
    await view(el, 'inbox')
    const body = posts(api, '/v1/widget/members')[0]!.body as Record<string, unknown>
    expect(body.consents).toEqual([
      { purpose: 'image_analysis', granted: false },
      { purpose: 'marketing', granted: false },
    ])
    expect('company' in body).toBe(false)
  })

  it('shows 422 field errors on the right fields with aria-invalid, and focuses the first', async () => {
    const errors: TesseraErrorDetail[] = []
    document.addEventListener('tessera-error', (e) => errors.push((e as CustomEvent).detail))
    const { el, api } = await mount({
      fieldErrors: [
        { field: 'nationality', message: 'Not a country', rule: 'in' },
        { field: 'lastName', message: 'Too long', rule: 'maxLength' },
        { field: 'consents.1.purpose', message: 'Unknown purpose "marketing"', rule: 'purpose' },
      ],
    })
    await view(el, 'sign-up')
    fillSignUp(el)
    submit(el)
    await vi.waitFor(() => expect(q(el, '#lastName')?.getAttribute('aria-invalid')).toBe('true'))
    await el.updateComplete
    expect(posts(api, '/v1/widget/members').length).toBe(1)
    for (const [id, message] of [
      ['lastName', 'Too long'],
      ['nationality', 'Not a country'],
      ['purpose-marketing', 'Unknown purpose "marketing"'],
    ] as const) {
      const control = q(el, `#${id}`)!
      expect(control.getAttribute('aria-invalid'), id).toBe('true')
      expect(control.getAttribute('aria-describedby')?.split(' '), id).toContain(`${id}-error`)
      expect(text(q(el, `#${id}-error`)), id).toBe(message)
    }
    for (const id of ['firstName', 'email', 'purpose-image_analysis']) {
      expect(q(el, `#${id}`)!.getAttribute('aria-invalid'), id).toBe('false')
    }
    // The first error in reading order: last name comes before nationality.
    await vi.waitFor(() => expect(el.shadowRoot!.activeElement?.id).toBe('lastName'))
    expect(text(q(el, '#form-error'))).toContain('Some details need your attention')
    expect(errors.at(-1)?.status).toBe(422)
    // Fixing a field clears its error.
    fill(el, 'lastName', 'Kim')
    await el.updateComplete
    expect(q(el, '#lastName')!.getAttribute('aria-invalid')).toBe('false')
    expect(q(el, '#lastName-error')).toBeNull()
  })

  it('checks empty required fields before sending anything', async () => {
    const { el, api } = await mount()
    await view(el, 'sign-up')
    fill(el, 'firstName', 'Mina')
    submit(el)
    await vi.waitFor(() => expect(el.shadowRoot!.activeElement?.id).toBe('lastName'))
    expect(posts(api, '/v1/widget/members').length).toBe(0)
    expect(q(el, '#email')!.getAttribute('aria-invalid')).toBe('true')
    expect(q(el, '#company')!.getAttribute('aria-invalid')).toBe('false')
  })

  it('offers the nationality as a list of countries named in the locale, sorted by name', async () => {
    const { el } = await mount()
    await view(el, 'sign-up')
    const options = qa<HTMLOptionElement>(el, '#nationality option')
    expect(options[0]!.value).toBe('')
    const countries = options.slice(1)
    expect(countries.length).toBeGreaterThan(240)
    expect(countries.find((o) => o.value === 'KR')?.textContent?.trim()).toBe('South Korea')
    const names = countries.map((o) => o.textContent!.trim())
    expect(names).toEqual([...names].sort(new Intl.Collator('en').compare))
  })

  it('sends a sign-in link and says to check the inbox', async () => {
    const { el, api } = await mount()
    await view(el, 'sign-up')
    q<HTMLButtonElement>(el, 'button.to-sign-in')!.click()
    await view(el, 'sign-in')
    expect(el.shadowRoot!.activeElement?.id).toBe('view-heading')
    fill(el, 'signInEmail', 'mina.kim@example.com')
    submit(el)
    await view(el, 'inbox')
    const sent = posts(api, '/v1/widget/sessions/link')
    expect(sent.map((r) => r.body)).toEqual([
      { email: 'mina.kim@example.com', locale: 'en', returnUrl: START_URL },
    ])
  })

  it('shows the no-policy state on 409 and the refused state on 403', async () => {
    const a = await mount({ noPolicy: true })
    await settled(a.el)
    expect(a.el.state).toBe('ready')
    expect(text(q(a.el, '[part~=status]'))).toContain('no privacy policy has been published')
    expect(q(a.el, 'form')).toBeNull()
    document.body.replaceChildren()

    const errors: TesseraErrorDetail[] = []
    document.addEventListener('tessera-error', (e) => errors.push((e as CustomEvent).detail))
    const b = await mount({ failWith: 403 })
    await settled(b.el)
    expect(b.el.state).toBe('refused')
    expect(text(q(b.el, '[role=status]'))).toContain('not authorised')
    expect(errors.at(-1)?.status).toBe(403)
  })
})

describe('<tessera-consent> e-mail links and sessions', () => {
  it('exchanges the verify fragment, stores the session and removes the fragment from the URL', async () => {
    history.replaceState(null, '', `${START_URL}#tessera-verify=${FIXTURE_VERIFY_TOKEN}`)
    const signedIn: string[] = []
    document.addEventListener('tessera-signed-in', (e) => signedIn.push((e as CustomEvent).detail.memberId))
    const { el, api } = await mount()
    await view(el, 'signed-in')
    expect(posts(api, '/v1/widget/members/verify').map((r) => r.body)).toEqual([
      { token: FIXTURE_VERIFY_TOKEN },
    ])
    expect(location.hash).toBe('')
    expect(location.href).toBe(START_URL)
    expect(signedIn).toEqual([FIXTURE_MEMBER.id])
    // Session in sessionStorage under a key namespaced by the publishable key; never in localStorage.
    expect(sessionStorage.getItem(memberSessionKey('pk_fixture_members'))).toBe(FIXTURE_SESSION)
    expect(memberSessionKey('pk_fixture_members')).not.toContain('pk_fixture_members')
    expect(JSON.stringify({ ...localStorage })).not.toContain('mt_')
    expect(document.cookie).not.toContain('mt_')
    const consents = api.requests.find((r) => r.path === '/v1/widget/me/consents')!
    expect(consents.authorization).toBe(`Bearer ${FIXTURE_SESSION}`)
    expect(text(q(el, '#view-heading'))).toBe('Signed in as Mina Kim')
  })

  it('removes a used verify link from the URL and says so', async () => {
    history.replaceState(null, '', `${START_URL}#tessera-verify=mv_used`)
    const { el } = await mount({ linkInvalid: true })
    await view(el, 'sign-up')
    expect(location.hash).toBe('')
    expect(text(q(el, '.notice'))).toContain('already used or has expired')
    expect(sessionStorage.getItem(memberSessionKey('pk_fixture_members'))).toBeNull()
  })

  it('exchanges an identity-token attribute for a session', async () => {
    const { el, api } = await mount({}, `identity-token="${FIXTURE_IDENTITY_TOKEN}"`)
    await view(el, 'signed-in')
    expect(posts(api, '/v1/widget/sessions/identity').map((r) => r.body)).toEqual([
      { token: FIXTURE_IDENTITY_TOKEN },
    ])
  })

  it('offers sign-up when the identity belongs to no member yet', async () => {
    const { el } = await mount({ identityStatus: 404 }, `identity-token="${FIXTURE_IDENTITY_TOKEN}"`)
    await view(el, 'sign-up')
    expect(text(q(el, '.notice'))).toContain('do not have an account')
  })

  it('restores a stored session, and falls back to sign-up when it has ended', async () => {
    const a = await mount({ signedIn: true })
    await view(a.el, 'signed-in')
    expect(a.api.requests.find((r) => r.path === '/v1/widget/me')?.authorization).toBe(
      `Bearer ${FIXTURE_SESSION}`
    )
    document.body.replaceChildren()

    const b = await mount()
    memberSession('pk_fixture_members').set('mt_ended')
    document.body.replaceChildren()
    const el = document.createElement('tessera-consent')
    el.runtime = b.api.runtime
    document.body.append(el)
    await view(el, 'sign-up')
    expect(text(q(el, '.notice'))).toContain('session has ended')
    expect(memberSession('pk_fixture_members').get()).toBeUndefined()
  })
})

describe('<tessera-consent> signed in', () => {
  it('shows each consent with its state and one button; withdrawing sends exactly one POST', async () => {
    const changes: TesseraConsentChangeDetail[] = []
    const { el, api } = await mount({ signedIn: true })
    el.addEventListener('tessera-purpose-change', (e) => changes.push((e as CustomEvent).detail))
    await view(el, 'signed-in')
    const imaging = q(el, '[data-group=health] [data-purpose=image_analysis]')!
    expect(imaging.dataset.state).toBe('granted')
    expect(text(imaging.querySelector('.state'))).toMatch(/^Given on /)
    expect(imaging.querySelectorAll('button').length).toBe(1)
    const toggle = imaging.querySelector<HTMLButtonElement>('button')!
    expect(text(toggle)).toBe('Withdraw consent')
    const marketing = q(el, '[data-group=optional] [data-purpose=marketing]')!
    expect(text(marketing.querySelector('button'))).toBe('Give consent')
    // Non-consent purposes are read-only.
    expect(q(el, '[data-group=always] [data-purpose=account] button')).toBeNull()
    expect(text(q(el, '[data-group=always] [data-purpose=account]'))).toContain('(contract)')

    const before = api.requests.length
    toggle.click()
    await vi.waitFor(() => expect(q(el, '[data-purpose=image_analysis]')?.dataset.state).toBe('withdrawn'))
    await el.updateComplete
    const sent = api.requests.slice(before)
    expect(sent.map((r) => [r.method, r.path])).toEqual([['POST', '/v1/widget/me/consents']])
    expect(sent[0]!.body).toEqual({ purpose: 'image_analysis', action: 'withdraw' })
    expect(sent[0]!.authorization).toBe(`Bearer ${FIXTURE_SESSION}`)
    expect(text(q(el, '#toggle-image_analysis'))).toBe('Give consent')
    expect(text(q(el, '[data-purpose=image_analysis] .state'))).toMatch(/^Withdrawn on /)
    expect(text(q(el, '.live'))).toBe('Consent withdrawn: Analysing the images you upload.')
    expect(changes).toEqual([{ purpose: 'image_analysis', state: 'withdrawn' }])

    // Giving it again is the same single button.
    q<HTMLButtonElement>(el, '#toggle-image_analysis')!.click()
    await vi.waitFor(() => expect(q(el, '[data-purpose=image_analysis]')?.dataset.state).toBe('granted'))
    expect(api.requests.at(-1)!.body).toEqual({
      purpose: 'image_analysis',
      action: 'grant',
      policyVersion: FIXTURE_POLICY_VERSION,
    })
  })

  it('asks again for purposes whose policy changed, at the top, and answers with the current policyVersion', async () => {
    const { el, api } = await mount({ signedIn: true, reconsent: ['marketing'] })
    await view(el, 'signed-in')
    const section = q(el, '[part~=reconsent]')!
    const view_ = q(el, '[data-view=signed-in]')!
    expect(
      section.compareDocumentPosition(q(el, '[part~=purposes]')!) & Node.DOCUMENT_POSITION_FOLLOWING
    ).toBeTruthy()
    expect(view_.contains(section)).toBe(true)
    const item = section.querySelector('[data-purpose=marketing]')!
    expect(text(item)).toContain('The policy changed for this purpose — please answer again.')
    // Not also offered as a plain toggle until answered.
    expect(q(el, '#toggle-marketing')).toBeNull()

    item.querySelector<HTMLButtonElement>('button.accept')!.click()
    await vi.waitFor(() => expect(q(el, '[part~=reconsent]')).toBeNull())
    expect(posts(api, '/v1/widget/me/consents').map((r) => r.body)).toEqual([
      { purpose: 'marketing', action: 'grant', policyVersion: FIXTURE_POLICY_VERSION },
    ])
    await vi.waitFor(() => expect(el.shadowRoot!.activeElement?.id).toBe('toggle-marketing'))
    expect(text(q(el, '#toggle-marketing'))).toBe('Withdraw consent')
    // Newsletters need the double opt-in: the member is told to confirm from the e-mail.
    expect(text(q(el, '[part~=status]'))).toBe(
      'We have sent you an e-mail: newsletters start only once you confirm with the link in it.'
    )
    expect(text(q(el, '.live'))).toContain('confirm with the link')
  })

  it('declining a changed purpose sends deny with the current policyVersion', async () => {
    const { el, api } = await mount({ signedIn: true, reconsent: ['image_analysis'] })
    await view(el, 'signed-in')
    q<HTMLButtonElement>(el, '[part~=reconsent] [data-purpose=image_analysis] button.decline')!.click()
    await vi.waitFor(() => expect(q(el, '[part~=reconsent]')).toBeNull())
    expect(posts(api, '/v1/widget/me/consents').map((r) => r.body)).toEqual([
      { purpose: 'image_analysis', action: 'deny', policyVersion: FIXTURE_POLICY_VERSION },
    ])
  })

  it('signs out: ends the session on the API, forgets it and shows the sign-up form', async () => {
    const out: Event[] = []
    document.addEventListener('tessera-signed-out', (e) => out.push(e))
    const { el, api } = await mount({ signedIn: true })
    await view(el, 'signed-in')
    q<HTMLButtonElement>(el, 'button.sign-out')!.click()
    await view(el, 'sign-up')
    expect(api.requests.some((r) => r.method === 'DELETE' && r.path === '/v1/widget/sessions/current')).toBe(
      true
    )
    expect(sessionStorage.getItem(memberSessionKey('pk_fixture_members'))).toBeNull()
    expect(out.length).toBe(1)
    expect(text(q(el, '.live'))).toBe('You are signed out.')
  })

  it('renders in Korean', async () => {
    const { el, api } = await mount({ signedIn: true }, 'lang="ko"')
    await view(el, 'signed-in')
    expect(
      api.requests.find((r) => r.path === '/v1/widget/me/consents')?.url.searchParams.get('locale')
    ).toBe('ko')
    expect(text(q(el, '#view-heading'))).toBe('Kim Mina 님으로 로그인됨')
    expect(text(q(el, '#toggle-image_analysis'))).toBe('동의 철회')
  })
})

describe('<tessera-consent> accessibility (axe-core)', () => {
  const inMain = (markup: string) => `<main>${markup}</main>`

  it('has no violations in the sign-up form, with field errors, and in Korean', async () => {
    document.documentElement.lang = 'en'
    const { el } = await mount(
      { fieldErrors: [{ field: 'email', message: 'Invalid', rule: 'email' }] },
      '',
      inMain
    )
    await view(el, 'sign-up')
    expect(await violations(document.body)).toEqual([])
    fillSignUp(el)
    submit(el)
    await vi.waitFor(() => expect(q(el, '#email')?.getAttribute('aria-invalid')).toBe('true'))
    expect(await violations(document.body)).toEqual([])
    el.setAttribute('lang', 'ko')
    await vi.waitFor(() => expect(text(q(el, '#view-heading'))).toBe('회원 가입'))
    expect(await violations(document.body)).toEqual([])
  })

  it('has no violations when signed in and when re-consent is needed', async () => {
    document.documentElement.lang = 'en'
    const a = await mount({ signedIn: true }, '', inMain)
    await view(a.el, 'signed-in')
    expect(await violations(document.body)).toEqual([])
    document.body.replaceChildren()
    const b = await mount({ signedIn: true, reconsent: ['image_analysis', 'marketing'] }, '', inMain)
    await view(b.el, 'signed-in')
    expect(q(b.el, '[part~=reconsent]')).not.toBeNull()
    expect(await violations(document.body)).toEqual([])
  })
})
