import axe from 'axe-core'
import { resetRuntimeForTests } from '@tessera/widget-core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import { TesseraPrivacyCenter } from '../src/index.js'
import type { TesseraPrivacyCenterReadyDetail, TesseraRequestCreatedDetail } from '../src/index.js'
import { FIXTURE_SESSION } from '../src/members/fixtures.js'
import type { RecordedRequest } from '../src/members/fixtures.js'
import { FIXTURE_REQUESTS, privacyFixtureApi } from '../src/privacy-center/fixtures.js'
import type { PrivacyFixtureApi, PrivacyFixtureOptions } from '../src/privacy-center/fixtures.js'

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

type El = TesseraPrivacyCenter

const text = (node: Element | null | undefined): string =>
  (node?.textContent ?? '').replace(/\s+/g, ' ').trim()
const q = <T extends Element = HTMLElement>(el: El, selector: string): T | null =>
  el.shadowRoot!.querySelector<T>(selector)

async function mount(
  options: PrivacyFixtureOptions = { signedIn: true },
  attributes = ''
): Promise<{ el: El; api: PrivacyFixtureApi }> {
  const api = privacyFixtureApi(options)
  api.seed()
  const template = document.createElement('template')
  template.innerHTML = `<tessera-privacy-center id="el" ${attributes}></tessera-privacy-center>`
  const el = template.content.querySelector<El>('#el')!
  customElements.upgrade(template.content)
  el.runtime = api.runtime
  document.body.append(template.content)
  await el.updateComplete
  return { el, api }
}

async function view(el: El, name: string): Promise<void> {
  await vi.waitFor(() => expect(q(el, '.view')?.dataset.view).toBe(name))
  await el.updateComplete
}

async function click(el: El, selector: string): Promise<void> {
  q<HTMLButtonElement>(el, selector)!.click()
  await el.updateComplete
}

function fill(el: El, id: string, value: string): void {
  const input = q<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(el, `#${id}`)!
  input.value = value
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }))
}

const created = (api: PrivacyFixtureApi): RecordedRequest[] =>
  api.requests.filter((r) => r.method === 'POST' && r.path === '/v1/widget/me/requests')

async function sent(api: PrivacyFixtureApi, count = 1): Promise<unknown[]> {
  await vi.waitFor(() => expect(created(api).length).toBe(count))
  return created(api).map((r) => r.body)
}

function activeId(el: El): string | undefined {
  return (el.shadowRoot!.activeElement as HTMLElement | null)?.id
}

async function violations(root: Element): Promise<string[]> {
  const result = await axe.run(root, { resultTypes: ['violations'] })
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`)
}

describe('<tessera-privacy-center> overview', () => {
  it('is registered, loads data and requests with the member session and fires tessera-ready', async () => {
    expect(customElements.get('tessera-privacy-center')).toBe(TesseraPrivacyCenter)
    const ready: TesseraPrivacyCenterReadyDetail[] = []
    document.addEventListener('tessera-ready', (e) => ready.push((e as CustomEvent).detail))
    const { el, api } = await mount({ signedIn: true, requests: FIXTURE_REQUESTS })
    await view(el, 'signed-in')
    const data = api.requests.find((r) => r.path === '/v1/widget/me/data')!
    expect(data.url.searchParams.get('locale')).toBe('en')
    expect(data.authorization).toBe(`Bearer ${FIXTURE_SESSION}`)
    expect(data.key).toBe('pk_fixture_members')
    expect(api.requests.some((r) => r.path === '/v1/widget/me/requests' && r.method === 'GET')).toBe(true)
    expect(ready.at(-1)).toEqual({ tenantId: 'tn_acme', locale: 'en', signedIn: true })
    expect(text(q(el, '[data-section=profile]'))).toContain('Harbour Dental')
    expect(q(el, '[data-restriction]')).toBeNull()
    expect(text(q(el, '[data-section=uploads]'))).toContain('deleted 24 hours after upload')
    expect(q(el, '[data-uploads-none]')).not.toBeNull()
    expect(text(q(el, '[data-section=rights]'))).toContain('privacy@acme.example')
    expect(text(q(el, '[data-section=rights]'))).toContain('Jane Doe')
  })

  it('shows each consent with its history, and non-consent purposes read-only with their basis', async () => {
    const { el } = await mount()
    await view(el, 'signed-in')
    const marketing = q(el, '[data-purpose=marketing]')!
    expect(marketing.dataset.state).toBe('withdrawn')
    expect(text(marketing.querySelector('.history'))).toMatch(/Given on .*Withdrawn on/)
    expect(text(q(el, '[data-purpose=image_analysis] button'))).toBe('Withdraw consent')
    const account = q(el, '[data-purpose=account]')!
    expect(text(account)).toContain('(contract)')
    expect(account.querySelector('button')).toBeNull()
    expect(q(el, '[data-purpose=security] button')).not.toBeNull()
  })

  it('lists requests with status, due date in the locale, extension reason and rejection reason', async () => {
    const { el } = await mount({ signedIn: true, requests: FIXTURE_REQUESTS })
    await view(el, 'signed-in')
    const extended = q(el, '[data-request=pr_extended]')!
    expect(text(extended)).toContain('Extended')
    expect(text(extended)).toContain('Answer due by May 10, 2026')
    expect(text(extended)).toContain('several years of records')
    const rejected = q(el, '[data-request=pr_rejected]')!
    expect(text(rejected)).toContain('Refused')
    expect(text(rejected)).toContain('Reason for refusal: Security logging')
    expect(text(rejected)).toContain('supervisory authority')
    expect(text(q(el, '[data-request=pr_completed]'))).toContain('Completed')
  })

  it('shows the restriction banner with the reason when processing is restricted', async () => {
    const { el } = await mount({ signedIn: true, restriction: 'a rectify request is open' })
    await view(el, 'signed-in')
    const banner = q(el, '[part~=restriction]')!
    expect(text(banner)).toContain('Processing of your data is paused')
    expect(text(banner)).toContain('a rectify request is open')
  })

  it('links the supervisory authorities in a new tab without opener or referrer', async () => {
    const { el } = await mount()
    await view(el, 'signed-in')
    const links = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('[data-section=authorities] a')]
    expect(links.length).toBe(2)
    for (const a of links) {
      expect(a.target).toBe('_blank')
      expect(a.rel).toBe('noopener noreferrer')
    }
  })

  it('renders in Korean with the locale passed to the API', async () => {
    const { el, api } = await mount({ signedIn: true }, 'lang="ko"')
    await view(el, 'signed-in')
    expect(text(q(el, '#view-heading'))).toBe('내 개인정보')
    expect(api.requests.find((r) => r.path === '/v1/widget/me/data')!.url.searchParams.get('locale')).toBe(
      'ko'
    )
  })

  it('has no axe violations', async () => {
    const { el } = await mount({
      signedIn: true,
      requests: FIXTURE_REQUESTS,
      restriction: 'a rectify request is open',
    })
    await view(el, 'signed-in')
    expect(await violations(el)).toEqual([])
  })
})

describe('<tessera-privacy-center> signed out and failures', () => {
  it('without a session shows the sign-in form and sends an e-mail link', async () => {
    const { el, api } = await mount({})
    await view(el, 'signed-out')
    expect(api.requests.some((r) => r.path === '/v1/widget/me/data')).toBe(false)
    fill(el, 'si-email', 'mina.kim@example.com')
    await click(el, 'form[data-form=sign-in] button[type=submit]')
    await view(el, 'inbox')
    const link = api.requests.find((r) => r.path === '/v1/widget/sessions/link')!
    expect(link.body).toMatchObject({ email: 'mina.kim@example.com', locale: 'en' })
  })

  it('an ended session (401) falls back to sign-in with a notice', async () => {
    const api = privacyFixtureApi({ signedIn: false })
    sessionStorage.clear()
    const el = document.createElement('tessera-privacy-center')
    // A stale token the API no longer knows.
    const { memberSession } = await import('@tessera/widget-core')
    memberSession('pk_fixture_members').set('mt_stale')
    el.runtime = api.runtime
    document.body.append(el)
    await view(el, 'signed-out')
    expect(text(q(el, '.notice'))).toContain('Your session has ended')
  })

  it('a refused key shows the refused state and fires tessera-error', async () => {
    const errors: unknown[] = []
    document.addEventListener('tessera-error', (e) => errors.push((e as CustomEvent).detail))
    const { el } = await mount({ signedIn: true, failWith: 403 })
    await vi.waitFor(() => expect(el.state).toBe('refused'))
    expect(errors.length).toBeGreaterThan(0)
  })
})

describe('<tessera-privacy-center> requests', () => {
  it('sends a correction with only the changed fields and says the data is not used meanwhile', async () => {
    const events: TesseraRequestCreatedDetail[] = []
    document.addEventListener('tessera-request-created', (e) => events.push((e as CustomEvent).detail))
    const { el, api } = await mount()
    await view(el, 'signed-in')
    await click(el, '#rectify-open')
    expect(q(el, '#rectify-open')!.getAttribute('aria-expanded')).toBe('true')
    expect(text(q(el, '#rectify-intro'))).toContain('we do not use your data')
    fill(el, 'rc-company', 'Harbour Dental Group')
    fill(el, 'rc-lastName', 'Kim ')
    await click(el, 'form[data-form=rectify] button[type=submit]')
    expect(await sent(api)).toEqual([{ type: 'rectify', corrections: { company: 'Harbour Dental Group' } }])
    await vi.waitFor(() => expect(text(q(el, '[data-outcome=rectify]'))).toContain('not used until'))
    expect(events).toEqual([{ id: 'pr_new_1', type: 'rectify', status: 'received' }])
    // The data is loaded again: the restriction banner now shows.
    await vi.waitFor(() => expect(q(el, '[part~=restriction]')).not.toBeNull())
  })

  it('refuses an unchanged correction locally and puts 422 field errors on the right inputs', async () => {
    const { el, api } = await mount({
      signedIn: true,
      requestErrors: [
        { field: 'corrections.firstName', message: 'The first name is too long', rule: 'maxLength' },
        { field: 'corrections.email', message: 'This address is already in use', rule: 'unique' },
      ],
    })
    await view(el, 'signed-in')
    await click(el, '#rectify-open')
    await click(el, 'form[data-form=rectify] button[type=submit]')
    expect(text(q(el, '#rectify-error'))).toContain('Nothing has changed')
    expect(created(api).length).toBe(0)

    fill(el, 'rc-firstName', 'M'.repeat(150))
    fill(el, 'rc-email', 'mina@example.org')
    await click(el, 'form[data-form=rectify] button[type=submit]')
    await vi.waitFor(() => expect(q(el, '#rc-firstName')!.getAttribute('aria-invalid')).toBe('true'))
    expect(q(el, '#rc-firstName')!.getAttribute('aria-describedby')).toBe('rc-firstName-error')
    expect(text(q(el, '#rc-firstName-error'))).toBe('The first name is too long')
    expect(q(el, '#rc-email')!.getAttribute('aria-invalid')).toBe('true')
    expect(text(q(el, '#rc-email-error'))).toBe('This address is already in use')
    expect(q(el, '#rc-company')!.getAttribute('aria-invalid')).toBe('false')
    await vi.waitFor(() => expect(activeId(el)).toBe('rc-firstName'))
    expect(await violations(el)).toEqual([])
  })

  it('sends erase only after confirming in the dialog; a second erase (409) says one is open', async () => {
    const { el, api } = await mount()
    await view(el, 'signed-in')
    await click(el, '#erase-open')
    const dialog = q<HTMLDialogElement>(el, '#erase-dialog')!
    expect(dialog.open).toBe(true)
    expect(text(dialog)).toContain('Kept without your name')
    expect(created(api).length).toBe(0)
    await click(el, '#erase-cancel')
    expect(dialog.open).toBe(false)
    expect(created(api).length).toBe(0)

    await click(el, '#erase-open')
    await click(el, '#erase-confirm')
    expect(await sent(api)).toEqual([{ type: 'erase' }])
    await vi.waitFor(() =>
      expect(text(q(el, '[data-outcome=erase]'))).toContain('deletion request was received')
    )
    expect(dialog.open).toBe(false)

    await click(el, '#erase-open')
    await click(el, '#erase-confirm')
    await sent(api, 2)
    await vi.waitFor(() => expect(text(q(el, '[data-outcome=erase]'))).toContain('already open'))
    expect(q(el, '[data-outcome=erase]')!.classList.contains('error')).toBe(true)
  })

  it('the dialog traps focus, and Escape closes it and returns focus to the opener', async () => {
    const { el } = await mount()
    await view(el, 'signed-in')
    q<HTMLButtonElement>(el, '#erase-open')!.focus()
    await userEvent.keyboard('{Enter}')
    await el.updateComplete
    const dialog = q<HTMLDialogElement>(el, '#erase-dialog')!
    expect(dialog.open).toBe(true)
    expect(activeId(el)).toBe('erase-cancel')
    expect(await violations(el)).toEqual([])
    const seen = new Set<string>()
    for (let i = 0; i < 5; i++) {
      await userEvent.keyboard('{Tab}')
      seen.add(activeId(el) ?? 'outside')
    }
    for (let i = 0; i < 3; i++) {
      await userEvent.keyboard('{Shift>}{Tab}{/Shift}')
      seen.add(activeId(el) ?? 'outside')
    }
    expect([...seen].sort()).toEqual(['erase-cancel', 'erase-confirm'])
    await userEvent.keyboard('{Escape}')
    await vi.waitFor(() => expect(dialog.open).toBe(false))
    await vi.waitFor(() => expect(activeId(el)).toBe('erase-open'))
  })

  it('objects to marketing (absolute) and to a legitimate-interest purpose', async () => {
    const { el, api } = await mount()
    await view(el, 'signed-in')
    await click(el, '#object-marketing')
    await sent(api)
    await vi.waitFor(() => expect(text(q(el, '[data-outcome=object-marketing]'))).toContain('took effect'))
    await click(el, '#object-security-button')
    expect(await sent(api, 2)).toEqual([
      { type: 'object', purpose: 'marketing' },
      { type: 'object', purpose: 'security' },
    ])
  })

  it('withdraws a consent with one action, and gives one through the consents endpoint', async () => {
    const { el, api } = await mount()
    await view(el, 'signed-in')
    await click(el, '#consent-image_analysis-toggle')
    expect(await sent(api)).toEqual([{ type: 'withdraw_consent', purpose: 'image_analysis' }])
    await vi.waitFor(() => expect(q(el, '[data-purpose=image_analysis]')!.dataset.state).toBe('withdrawn'))
    await click(el, '#consent-marketing-toggle')
    await vi.waitFor(() =>
      expect(
        api.requests
          .filter((r) => r.method === 'POST' && r.path === '/v1/widget/me/consents')
          .map((r) => r.body)
      ).toEqual([{ purpose: 'marketing', action: 'grant', policyVersion: 'pv_fixture_2' }])
    )
  })

  it('asks for a human review and restricts processing', async () => {
    const { el, api } = await mount()
    await view(el, 'signed-in')
    await click(el, '#review-open')
    await click(el, 'form[data-form=review] button[type=submit]')
    expect(q(el, '#hr-reference')!.getAttribute('aria-invalid')).toBe('true')
    fill(el, 'hr-reference', 'Chest X-ray of 12 March 2026')
    await click(el, 'form[data-form=review] button[type=submit]')
    await sent(api)
    await click(el, '#restrict')
    expect(await sent(api, 2)).toEqual([
      { type: 'human_review', reference: 'Chest X-ray of 12 March 2026' },
      { type: 'restrict' },
    ])
    await vi.waitFor(() => expect(text(q(el, '[data-outcome=restrict]'))).toContain('was received'))
  })

  it('writes an inquiry and a complaint to the privacy officer', async () => {
    const { el, api } = await mount()
    await view(el, 'signed-in')
    await click(el, '#inquiry-open')
    fill(el, 'iq-subject', 'Where is my data stored?')
    fill(el, 'iq-message', 'Please tell me which country.')
    await click(el, 'form[data-form=inquiry] button[type=submit]')
    await sent(api)
    await vi.waitFor(() =>
      expect(text(q(el, '[data-outcome=inquiry]'))).toContain('sent to the privacy officer')
    )
    await click(el, '#inquiry-open')
    q<HTMLInputElement>(el, '#iq-kind-complaint')!.click()
    fill(el, 'iq-subject', 'Unwanted mail')
    fill(el, 'iq-message', 'I received marketing after objecting.')
    await click(el, 'form[data-form=inquiry] button[type=submit]')
    expect(await sent(api, 2)).toEqual([
      {
        type: 'inquiry',
        subject: 'Where is my data stored?',
        message: 'Please tell me which country.',
        kind: 'inquiry',
      },
      {
        type: 'inquiry',
        subject: 'Unwanted mail',
        message: 'I received marketing after objecting.',
        kind: 'complaint',
      },
    ])
  })

  it('puts inquiry 422 field errors on the subject input and focuses it', async () => {
    const { el } = await mount({
      signedIn: true,
      requestErrors: [{ field: 'subject', message: 'The subject is too long', rule: 'maxLength' }],
    })
    await view(el, 'signed-in')
    await click(el, '#inquiry-open')
    fill(el, 'iq-subject', 'x')
    fill(el, 'iq-message', 'y')
    await click(el, 'form[data-form=inquiry] button[type=submit]')
    await vi.waitFor(() => expect(q(el, '#iq-subject')!.getAttribute('aria-invalid')).toBe('true'))
    expect(q(el, '#iq-message')!.getAttribute('aria-invalid')).toBe('false')
    await vi.waitFor(() => expect(activeId(el)).toBe('iq-subject'))
  })

  it.each(['json', 'csv'] as const)(
    'downloads the export as %s through a temporary object URL',
    async (format) => {
      const clicks: { href: string; download: string }[] = []
      vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
        clicks.push({ href: this.href, download: this.download })
      })
      const revoke = vi.spyOn(URL, 'revokeObjectURL')
      const { el, api } = await mount()
      await view(el, 'signed-in')
      await click(el, `#export-${format}`)
      await vi.waitFor(() => expect(clicks.length).toBe(1))
      const call = api.requests.find((r) => r.path === '/v1/widget/me/export')!
      expect(call.url.searchParams.get('format')).toBe(format)
      expect(call.authorization).toBe(`Bearer ${FIXTURE_SESSION}`)
      expect(call.key).toBe('pk_fixture_members')
      expect(clicks[0]!.download).toBe(`tessera-export.${format}`)
      expect(clicks[0]!.href).toMatch(/^blob:/)
      expect(revoke).toHaveBeenCalledWith(clicks[0]!.href)
      expect(el.shadowRoot!.querySelector('a[download]')).toBeNull()
    }
  )
})
