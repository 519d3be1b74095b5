import axe from 'axe-core'
import { userEvent } from 'vitest/browser'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TesseraConsentChangeDetail, TesseraErrorDetail } from '@tessera/widget-core'
import '../src/tessera-cookie-banner.js'
import type { TesseraCookieSettings } from '../src/tessera-cookie-settings.js'
import { FakeConsent, sampleCookieConfig } from '../src/cookies/fixtures.js'
import type { FakeConsentOptions } from '../src/cookies/fixtures.js'

afterEach(() => {
  document.body.replaceChildren()
  document.documentElement.removeAttribute('lang')
  globalThis.__tesseraConsent = undefined
  vi.restoreAllMocks()
})

async function mount(options: FakeConsentOptions = {}, attrs = '') {
  const core = new FakeConsent(options)
  document.body.insertAdjacentHTML('beforeend', `<main><h1>Clinic</h1><p>Page</p></main>`)
  const template = document.createElement('template')
  template.innerHTML = `<tessera-cookie-banner ${attrs}></tessera-cookie-banner>`
  const el = template.content.querySelector('tessera-cookie-banner')!
  customElements.upgrade(el)
  el.controller = core
  document.body.append(el)
  return { el, core }
}

const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel)!
const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim()
const visible = (node: Element) => node.getClientRects().length > 0

async function settings(): Promise<TesseraCookieSettings> {
  const el = await vi.waitFor(() => {
    const s = document.querySelector('tessera-cookie-settings')
    expect(s?.open).toBe(true)
    return s!
  })
  await el.updateComplete
  return el
}

async function violations() {
  const result = await axe.run(document.body, { resultTypes: ['violations'] })
  return result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`
  )
}

describe('<tessera-cookie-banner> first layer', () => {
  it('shows Accept all and Reject all with identical size, weight and colours, and Settings', async () => {
    const { el } = await mount()
    expect(el.state).toBe('open')
    const accept = $(el, '[part~=accept]')
    const reject = $(el, '[part~=reject]')
    expect(text(accept)).toBe('Accept all')
    expect(text(reject)).toBe('Reject all')
    expect(accept.className).toBe(reject.className)
    const a = accept.getBoundingClientRect()
    const r = reject.getBoundingClientRect()
    expect(a.width).toBeGreaterThan(40)
    expect([r.width, r.height]).toEqual([a.width, a.height])
    const sa = getComputedStyle(accept)
    const sr = getComputedStyle(reject)
    for (const prop of [
      'fontWeight',
      'fontSize',
      'color',
      'backgroundColor',
      'borderTopColor',
      'borderTopWidth',
      'opacity',
    ] as const) {
      expect(sr[prop], prop).toBe(sa[prop])
    }
    // Korean labels differ in length; the grid keeps the buttons equal.
    el.setAttribute('lang', 'ko')
    expect(text(accept)).toBe('모두 허용')
    expect(text(reject)).toBe('모두 거부')
    expect(reject.getBoundingClientRect().width).toBe(accept.getBoundingClientRect().width)
    expect(text($(el, '[data-act=settings]'))).toBe('설정')
  })

  it('is hidden while loading and explains an error or refusal (firing tessera-error)', async () => {
    const errors: TesseraErrorDetail[] = []
    document.addEventListener('tessera-error', (e) => errors.push((e as CustomEvent).detail), { once: true })
    const { el, core } = await mount({ status: 'loading' })
    expect(el.state).toBe('loading')
    expect(visible($(el, '[part=banner]'))).toBe(false)
    const problem = {
      status: 403,
      type: 'https://tessera.dev/problems/origin-not-allowed',
      title: 'Origin not allowed',
    }
    core.update({ status: 'refused', problem })
    expect(el.state).toBe('refused')
    expect(text($(el, '[role=status]'))).toContain('Only necessary cookies are used')
    expect(errors).toEqual([problem])
  })

  it('Accept all records the choice, fires events, collapses, and moves focus to the reopen button', async () => {
    const { el, core } = await mount()
    const events: TesseraConsentChangeDetail[] = []
    el.addEventListener('tessera-consent-change', (e) => events.push(e.detail))
    $(el, '[part~=accept]').focus()
    await userEvent.keyboard('{Enter}')
    expect(core.decisions).toEqual([
      { choices: { preferences: true, analytics: true, marketing: true }, source: 'banner' },
    ])
    expect(events).toEqual([
      { choices: { preferences: true, analytics: true, marketing: true }, source: 'banner', gpc: false },
    ])
    expect(el.state).toBe('collapsed')
    expect(visible($(el, '[part=banner]'))).toBe(false)
    const reopen = $(el, '[part=reopen]')
    expect(text(reopen)).toBe('Cookie settings')
    expect(el.shadowRoot!.activeElement).toBe(reopen)
  })

  it('Reject all records all-false', async () => {
    const { el, core } = await mount()
    $(el, '[part~=reject]').click()
    expect(core.decisions[0]!.choices).toEqual({ preferences: false, analytics: false, marketing: false })
    expect(el.state).toBe('collapsed')
  })

  it('starts collapsed when a valid choice is stored, and fires tessera-ready', async () => {
    const ready = new Promise((r) =>
      document.addEventListener('tessera-ready', (e) => r((e as CustomEvent).detail), { once: true })
    )
    const { el } = await mount({ decided: true })
    expect(el.state).toBe('collapsed')
    await expect(ready).resolves.toEqual({ locale: 'en', decided: true })
  })

  it('mentions GPC and the opt-out regime', async () => {
    const { el } = await mount({ gpc: true, config: sampleCookieConfig({ regime: 'opt_out' }) })
    expect(text($(el, '#text'))).toContain('unless you reject them')
    expect(text($(el, '#text'))).toContain('Global Privacy Control')
  })

  it('is themable with tokens and parts', async () => {
    const style = document.createElement('style')
    style.textContent = `tessera-cookie-banner { --tessera-color-primary: #112233 } tessera-cookie-banner::part(title) { text-transform: uppercase }`
    document.body.append(style)
    const { el } = await mount()
    expect(getComputedStyle($(el, '[part~=accept]')).backgroundColor).toBe('rgb(17, 34, 51)')
    expect(getComputedStyle($(el, '[part~=reject]')).backgroundColor).toBe('rgb(17, 34, 51)')
    expect(getComputedStyle($(el, '[part=title]')).textTransform).toBe('uppercase')
  })
})

describe('<tessera-cookie-settings> from the banner', () => {
  it('opens from Settings with every switch off, necessary on and disabled, and the cookie inventory', async () => {
    const { el } = await mount()
    $(el, '[data-act=settings]').click()
    const dialog = await settings()
    const root = dialog.shadowRoot!
    expect(root.querySelector('dialog')!.open).toBe(true)
    expect(root.querySelector('dialog')!.matches(':modal')).toBe(true)
    const switches = [...root.querySelectorAll<HTMLInputElement>('input[role=switch]')]
    expect(switches.map((s) => [s.id, s.checked, s.disabled])).toEqual([
      ['switch-necessary', true, true],
      ['switch-preferences', false, false],
      ['switch-analytics', false, false],
      ['switch-marketing', false, false],
    ])
    const rows = [...root.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((td) => text(td)))
    expect(rows).toContainEqual(['_ga', 'Google Analytics', '2 years', 'Tells visitors apart'])
  })

  it('Save records exactly the switched-on categories', async () => {
    const { el, core } = await mount()
    $(el, '[data-act=settings]').click()
    const dialog = await settings()
    dialog.shadowRoot!.querySelector<HTMLInputElement>('#switch-analytics')!.click()
    await dialog.updateComplete
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part=save]')!.click()
    await vi.waitFor(() => expect(dialog.open).toBe(false))
    expect(core.decisions).toEqual([
      { choices: { preferences: false, analytics: true, marketing: false }, source: 'settings' },
    ])
    expect(el.state).toBe('collapsed')
  })

  it('traps focus, closes on Escape and returns focus to the opener', async () => {
    const { el } = await mount({ decided: true })
    const reopen = $(el, '[part=reopen]')
    reopen.focus()
    await userEvent.keyboard('{Enter}')
    const dialog = await settings()
    const root = dialog.shadowRoot!
    const inDialog = () => root.querySelector('dialog')!.contains(root.activeElement)
    expect(inDialog()).toBe(true)
    for (let i = 0; i < 25; i++) {
      await userEvent.keyboard('{Tab}')
      expect(inDialog(), `after ${i + 1} Tabs`).toBe(true)
    }
    for (let i = 0; i < 5; i++) {
      await userEvent.keyboard('{Shift>}{Tab}{/Shift}')
      expect(inDialog()).toBe(true)
    }
    await userEvent.keyboard('{Escape}')
    await vi.waitFor(() => expect(dialog.open).toBe(false))
    expect(root.querySelector('dialog')!.open).toBe(false)
    expect(document.activeElement).toBe(el)
    expect(el.shadowRoot!.activeElement).toBe(reopen)
  })

  it('opens at a category, and shows the decided choices', async () => {
    const core = new FakeConsent({
      decided: true,
      choices: { preferences: false, analytics: false, marketing: true },
    })
    core.openSettings({ category: 'marketing' })
    const dialog = await settings()
    const marketing = dialog.shadowRoot!.querySelector<HTMLInputElement>('#switch-marketing')!
    expect(dialog.shadowRoot!.activeElement).toBe(marketing)
    expect(marketing.checked).toBe(true)
    expect(dialog.shadowRoot!.querySelector<HTMLInputElement>('#switch-analytics')!.checked).toBe(false)
  })

  it('offers a reload when a withdrawn category already ran', async () => {
    const core = new FakeConsent({
      decided: true,
      choices: { preferences: true, analytics: true, marketing: true },
    })
    core.decide = async (choices, source) => {
      core.decisions.push({ choices, source })
      core.update({ choices, reloadNeeded: true })
    }
    core.openSettings()
    const dialog = await settings()
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part~=reject]')!.click()
    await vi.waitFor(() => expect(text(dialog.shadowRoot!.querySelector('.notice'))).toContain('reloaded'))
    expect(dialog.open).toBe(true)
  })
})

describe('cookie consent accessibility (axe-core)', () => {
  it('has no violations: banner, Korean banner, collapsed, dialog, error', async () => {
    document.documentElement.lang = 'en'
    const { el, core } = await mount()
    expect(await violations()).toEqual([])
    el.setAttribute('lang', 'ko')
    expect(await violations()).toEqual([])
    el.removeAttribute('lang')
    $(el, '[part~=reject]').click()
    expect(el.state).toBe('collapsed')
    expect(await violations()).toEqual([])
    $(el, '[part=reopen]').click()
    const dialog = await settings()
    for (const d of dialog.shadowRoot!.querySelectorAll('details')) d.open = true
    expect(await violations()).toEqual([])
    dialog.close()
    core.update({ status: 'error', problem: { status: 500, type: 'about:blank', title: 'Server error' } })
    expect(await violations()).toEqual([])
  })
})
