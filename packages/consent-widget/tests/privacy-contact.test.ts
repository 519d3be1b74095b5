import axe from 'axe-core'
import { applyTheme, installRuntime, msg, resetRuntimeForTests } from '@tessera/widget-core'
import type { TesseraErrorDetail, TesseraReadyDetail } from '@tessera/widget-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeConfig, mount, part, shadow } from './fixtures.js'
import { TesseraPrivacyContact } from '../src/index.js'

afterEach(() => {
  document.body.replaceChildren()
  document.head.querySelectorAll('style[data-tessera-theme], style[data-partner]').forEach((s) => s.remove())
  document.documentElement.removeAttribute('lang')
  resetRuntimeForTests()
  vi.restoreAllMocks()
})

function settled(el: TesseraPrivacyContact) {
  return vi.waitFor(() => expect(el.state).not.toBe('loading'))
}

function text(node: Element | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim()
}

const problem = (status: number) => ({
  type: `https://tessera.dev/problems/s${status}`,
  title: `T${status}`,
  status,
})

describe('<tessera-privacy-contact> rendering', () => {
  it('is registered under its tag', () => {
    expect(customElements.get('tessera-privacy-contact')).toBe(TesseraPrivacyContact)
  })

  it('shows officer, department, mailto link and legal name from a config object', async () => {
    const el = await mount(undefined, (e) => (e.config = makeConfig()))
    expect(el.state).toBe('ready')
    expect(text(part(el, 'heading'))).toBe('Privacy contact')
    expect(text(part(el, 'organisation'))).toBe('Acme Imaging Co., Ltd.')
    expect(text(part(el, 'name'))).toBe('Jane Doe')
    expect(text(shadow(el).querySelector('dl'))).toContain('Privacy Office')
    const email = part(el, 'email') as HTMLAnchorElement
    expect(email.tagName).toBe('A')
    expect(email.getAttribute('href')).toBe('mailto:privacy@acme.example')
    expect(text(email)).toBe('privacy@acme.example')
    expect(text(shadow(el).querySelector('.intro'))).toBe(
      'Acme Imaging Co., Ltd. is responsible for how your personal information is handled.'
    )
  })

  it('uses heading-level for aria-level (default 2, clamped to 1–6)', async () => {
    const a = await mount(undefined, (e) => (e.config = makeConfig()))
    expect(part(a, 'heading')?.getAttribute('role')).toBe('heading')
    expect(part(a, 'heading')?.getAttribute('aria-level')).toBe('2')
    a.setAttribute('heading-level', '3')
    await a.updateComplete
    expect(part(a, 'heading')?.getAttribute('aria-level')).toBe('3')
    a.setAttribute('heading-level', '9')
    await a.updateComplete
    expect(part(a, 'heading')?.getAttribute('aria-level')).toBe('6')
  })

  it('fires tessera-ready with tenant id and locale once loaded through the runtime', async () => {
    installRuntime({
      apiBase: 'https://api.example',
      key: 'pk_test',
      fetch: async () => Response.json(makeConfig({ locales: { default: 'ko' } })),
    })
    const ready = new Promise<TesseraReadyDetail>((resolve) =>
      document.addEventListener('tessera-ready', (e) => resolve((e as CustomEvent).detail), { once: true })
    )
    const el = await mount()
    await expect(ready).resolves.toEqual({ tenantId: 'tn_acme', locale: 'ko' })
    await el.updateComplete
    expect(text(part(el, 'name'))).toBe('Jane Doe')
  })
})

describe('<tessera-privacy-contact> locale', () => {
  it("follows the element's own lang attribute", async () => {
    document.documentElement.lang = 'en'
    const el = await mount(
      '<tessera-privacy-contact id="el" lang="ko-KR"></tessera-privacy-contact>',
      (e) => {
        e.config = makeConfig()
      }
    )
    expect(el.locale).toBe('ko')
    expect(text(part(el, 'heading'))).toBe(msg('ko', 'privacyContact.heading'))
    expect(text(shadow(el).querySelector('dl'))).toContain('개인정보 보호책임자')
    expect(part(el, 'base')?.getAttribute('lang')).toBe('ko')
  })

  it('follows the page language, and updates when it changes', async () => {
    document.documentElement.lang = 'ko'
    const el = await mount(undefined, (e) => (e.config = makeConfig()))
    expect(text(part(el, 'heading'))).toBe('개인정보 보호 문의')
    document.documentElement.lang = 'en-US'
    await vi.waitFor(() => expect(text(part(el, 'heading'))).toBe('Privacy contact'))
  })

  it("uses the tenant default when the page declares no language, and ignores ones the tenant doesn't offer", async () => {
    const el = await mount(undefined, (e) => (e.config = makeConfig({ locales: { default: 'ko' } })))
    expect(el.locale).toBe('ko')
    document.body.replaceChildren()
    document.documentElement.lang = 'ko'
    const en = await mount(
      undefined,
      (e) => (e.config = makeConfig({ locales: { default: 'en', supported: ['en'] } }))
    )
    expect(text(part(en, 'heading'))).toBe('Privacy contact')
  })
})

describe('<tessera-privacy-contact> theming', () => {
  const rgb = (el: Element | null) => getComputedStyle(el!).color

  it('takes the tenant tokens from the page theme', async () => {
    applyTheme(document, { primaryColor: '#112233', fontFamily: 'monospace', radius: '3px' })
    const el = await mount(undefined, (e) => (e.config = makeConfig()))
    expect(rgb(part(el, 'heading'))).toBe('rgb(17, 34, 51)')
    expect(getComputedStyle(el).fontFamily).toBe('monospace')
    expect(getComputedStyle(part(el, 'base')!).borderTopLeftRadius).toBe('3px')
  })

  it("applies the config's branding itself when no theme is on the page", async () => {
    const el = await mount(
      undefined,
      (e) => (e.config = makeConfig({ branding: { primaryColor: '#445566' } }))
    )
    await el.updateComplete
    expect(rgb(part(el, 'heading'))).toBe('rgb(68, 85, 102)')
  })

  it('lets the partner override tokens and style parts', async () => {
    applyTheme(document, { primaryColor: '#112233', textColor: '#000000' })
    const partner = document.createElement('style')
    partner.setAttribute('data-partner', '')
    partner.textContent = `
      :root { --tessera-color-text: #333333; }
      tessera-privacy-contact { --tessera-color-primary: #ff0000; }
      tessera-privacy-contact::part(name) { text-transform: uppercase; }
    `
    document.head.append(partner)
    const el = await mount(undefined, (e) => (e.config = makeConfig()))
    expect(rgb(part(el, 'heading'))).toBe('rgb(255, 0, 0)')
    expect(rgb(el)).toBe('rgb(51, 51, 51)')
    expect(getComputedStyle(part(el, 'name')!).textTransform).toBe('uppercase')
  })
})

describe('<tessera-privacy-contact> refused and failed', () => {
  it.each([403, 401])('shows the not-authorised message on %i and fires tessera-error', async (status) => {
    installRuntime({
      apiBase: 'https://api.example',
      key: 'pk_x',
      fetch: async () => Response.json(problem(status), { status }),
    })
    const errors: TesseraErrorDetail[] = []
    document.addEventListener('tessera-error', (e) => errors.push((e as CustomEvent).detail))
    const el = await mount()
    await settled(el)
    await el.updateComplete
    expect(el.state).toBe('refused')
    expect(el.getAttribute('state')).toBe('refused')
    const status_ = shadow(el).querySelector('[role=status]')
    expect(text(status_)).toBe('This site is not authorised to show this content.')
    expect(part(el, 'name')).toBeNull()
    expect(part(el, 'base')?.getAttribute('aria-busy')).toBe('false')
    expect(errors).toEqual([{ status, type: `https://tessera.dev/problems/s${status}`, title: `T${status}` }])
  })

  it('treats an unreachable / CORS-refused API (real fetch failure) as refused', async () => {
    const el = await mount(
      '<tessera-privacy-contact id="el" api-base="https://refused.invalid" publishable-key="pk_x" lang="ko"></tessera-privacy-contact>'
    )
    await settled(el)
    await el.updateComplete
    expect(el.state).toBe('refused')
    expect(el.problem?.status).toBe(0)
    expect(text(shadow(el).querySelector('[role=status]'))).toBe(msg('ko', 'state.refused'))
  })

  it('shows the generic error on a server error', async () => {
    installRuntime({
      apiBase: 'https://api.example',
      key: 'pk_x',
      fetch: async () => Response.json(problem(500), { status: 500 }),
    })
    const el = await mount()
    await settled(el)
    await el.updateComplete
    expect(el.state).toBe('error')
    expect(text(shadow(el).querySelector('[role=status]'))).toBe(msg('en', 'state.error'))
  })
})

describe('<tessera-privacy-contact> hostile tenant data', () => {
  const payload = '<img src=x onerror="window.__tesseraPwned=1">'

  it('renders markup in tenant strings as text', async () => {
    const el = await mount(undefined, (e) => {
      e.config = makeConfig({
        tenant: { legalName: payload },
        officer: { name: payload, department: `</dd><script>window.__tesseraPwned=2</script>` },
      })
    })
    await new Promise((r) => setTimeout(r, 50))
    expect(shadow(el).querySelector('img, script')).toBeNull()
    expect(text(part(el, 'name'))).toBe(payload)
    expect(text(part(el, 'organisation'))).toBe(payload)
    expect(text(shadow(el).querySelector('.intro'))).toContain(payload)
    expect((window as { __tesseraPwned?: number }).__tesseraPwned).toBeUndefined()
  })

  it.each([
    'javascript:alert(1)',
    'a@b.example?cc=evil@x.example',
    'a@b.example&body=hi',
    'privacy@acme.example"><b>x</b>',
  ])('does not make a link from e-mail %j', async (email) => {
    const el = await mount(undefined, (e) => (e.config = makeConfig({ officer: { email } })))
    const node = part(el, 'email')!
    expect(node.tagName).toBe('SPAN')
    expect(node.textContent).toBe(email)
    expect(shadow(el).querySelector('a, b')).toBeNull()
  })
})

describe('<tessera-privacy-contact> accessibility (axe-core)', () => {
  async function violations(root: Element) {
    const result = await axe.run(root, { resultTypes: ['violations'] })
    return result.violations.map((v) => `${v.id}: ${v.help}`)
  }

  it('has no violations when ready, in Korean, or refused', async () => {
    document.documentElement.lang = 'en'
    const ready = await mount(
      '<main><tessera-privacy-contact id="el"></tessera-privacy-contact></main>',
      (e) => {
        e.config = makeConfig()
      }
    )
    expect(await violations(document.body)).toEqual([])
    ready.setAttribute('lang', 'ko')
    await ready.updateComplete
    expect(await violations(document.body)).toEqual([])
    document.body.replaceChildren()
    installRuntime({
      apiBase: 'https://api.example',
      key: 'pk_x',
      fetch: async () => Response.json(problem(403), { status: 403 }),
    })
    const refused = await mount('<main><tessera-privacy-contact id="el"></tessera-privacy-contact></main>')
    await settled(refused)
    expect(await violations(document.body)).toEqual([])
  })
})
