import { html } from 'lit'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineElement, installRuntime, msg, resetRuntimeForTests, TesseraElement } from '../src/index.js'
import type { TesseraErrorDetail, TesseraReadyDetail } from '../src/index.js'
import { jsonResponse, makeConfig } from './fixtures.js'

class TestWidget extends TesseraElement {
  protected renderReady() {
    return html`<p class="content">${this.config?.tenant.name}</p>`
  }
}
defineElement('test-widget', TestWidget)

afterEach(() => {
  document.body.replaceChildren()
  document.querySelectorAll('style[data-tessera-theme]').forEach((s) => s.remove())
  resetRuntimeForTests()
})

async function mount(setup?: (el: TestWidget) => void): Promise<TestWidget> {
  const el = document.createElement('test-widget') as TestWidget
  setup?.(el)
  document.body.append(el)
  await el.updateComplete
  return el
}

function settled(el: TestWidget): Promise<void> {
  return vi.waitFor(() => expect(el.state).not.toBe('loading'))
}

describe('TesseraElement', () => {
  it('does not redefine an existing tag', () => {
    expect(() => defineElement('test-widget', class extends TestWidget {})).not.toThrow()
    expect(customElements.get('test-widget')).toBe(TestWidget)
  })

  it('is loading and aria-busy until the runtime config arrives, then ready with an event', async () => {
    let resolve!: (r: Response) => void
    installRuntime({
      apiBase: 'https://api.example',
      key: 'pk_a',
      fetch: () => new Promise((r) => (resolve = r)),
    })
    const events: TesseraReadyDetail[] = []
    document.addEventListener('tessera-ready', (e) => events.push((e as CustomEvent).detail), { once: true })
    const el = await mount()
    const base = el.shadowRoot!.querySelector('[part=base]')!
    expect(el.state).toBe('loading')
    expect(el.getAttribute('state')).toBe('loading')
    expect(base.getAttribute('aria-busy')).toBe('true')
    expect(base.querySelector('[role=status]')?.textContent).toBe(msg('en', 'state.loading'))
    resolve(jsonResponse(makeConfig()))
    await settled(el)
    await el.updateComplete
    expect(el.state).toBe('ready')
    expect(base.getAttribute('aria-busy')).toBe('false')
    expect(el.shadowRoot!.querySelector('.content')?.textContent).toBe('Acme Imaging')
    expect(events).toEqual([{ tenantId: 'tn_test', locale: 'en' }])
  })

  it.each([
    [403, 'refused'],
    [401, 'refused'],
    [500, 'error'],
  ] as const)('maps HTTP %i to the %s state and fires tessera-error', async (status, state) => {
    const problem = { type: 'https://tessera.dev/problems/x', title: 'Nope', status }
    installRuntime({
      apiBase: 'https://api.example',
      key: 'pk_a',
      fetch: async () => jsonResponse(problem, status),
    })
    const errors: TesseraErrorDetail[] = []
    document.addEventListener('tessera-error', (e) => errors.push((e as CustomEvent).detail), { once: true })
    const el = await mount()
    await settled(el)
    await el.updateComplete
    expect(el.state).toBe(state)
    expect(errors).toEqual([{ status, type: problem.type, title: 'Nope' }])
    const key = state === 'refused' ? 'state.refused' : 'state.error'
    expect(el.shadowRoot!.querySelector('[role=status]')?.textContent).toBe(msg('en', key))
  })

  it('shows an error (not a crash) when there is no runtime at all', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const el = await mount()
    await settled(el)
    expect(el.state).toBe('error')
    expect(el.problem?.type).toBe('https://tessera.dev/problems/not-configured')
    warn.mockRestore()
  })

  it('renders a config property directly and applies the tenant theme if none is on the page', async () => {
    const el = await mount((e) => (e.config = makeConfig({ branding: { primaryColor: '#123456' } })))
    expect(el.state).toBe('ready')
    await el.updateComplete
    const style = document.querySelector('style[data-tessera-theme]')
    expect(style?.textContent).toContain('--tessera-color-primary: #123456;')
  })

  it('re-resolves its locale when its lang attribute changes', async () => {
    const el = await mount((e) => (e.config = makeConfig()))
    expect(el.locale).toBe('en')
    el.setAttribute('lang', 'ko')
    await el.updateComplete
    expect(el.locale).toBe('ko')
    expect(el.shadowRoot!.querySelector('[part=base]')?.getAttribute('lang')).toBe('ko')
  })
})
