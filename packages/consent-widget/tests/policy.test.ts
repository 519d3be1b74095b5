import axe from 'axe-core'
import { installRuntime, msg, resetRuntimeForTests, sampleWidgetConfig } from '@tessera/widget-core'
import type { TesseraErrorDetail } from '@tessera/widget-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TesseraPolicy } from '../src/index.js'
import type { TesseraPolicyReadyDetail, TesseraPolicyVersionChangeDetail } from '../src/index.js'
import { FIXTURE_API_BASE, fixtureApi } from '../src/policy/fixtures.js'
import type { FixtureApi, FixtureOptions } from '../src/policy/fixtures.js'

afterEach(() => {
  document.body.replaceChildren()
  document.head.querySelectorAll('style[data-tessera-theme]').forEach((s) => s.remove())
  document.documentElement.removeAttribute('lang')
  resetRuntimeForTests()
  vi.restoreAllMocks()
})

function text(node: Element | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim()
}

function q<T extends Element = HTMLElement>(el: TesseraPolicy, selector: string): T | null {
  return el.shadowRoot!.querySelector<T>(selector)
}

function part(el: TesseraPolicy, name: string): HTMLElement | null {
  return q(el, `[part~="${name}"]`)
}

/** Installs the page runtime the loader would, answering from the fixtures, and mounts the element. */
async function mount(
  markup = '<tessera-policy id="el"></tessera-policy>',
  options: FixtureOptions = {}
): Promise<{ el: TesseraPolicy; api: FixtureApi }> {
  const api = fixtureApi(options)
  installRuntime({ apiBase: FIXTURE_API_BASE, key: 'pk_fixture', fetch: api.fetch })
  document.body.insertAdjacentHTML('beforeend', markup)
  const el = document.querySelector<TesseraPolicy>('#el')!
  await el.updateComplete
  return { el, api }
}

async function ready(el: TesseraPolicy) {
  await vi.waitFor(() => expect(el.state).not.toBe('loading'))
  await vi.waitFor(() => expect(part(el, 'document')?.getAttribute('aria-busy') ?? 'false').toBe('false'))
  await el.updateComplete
}

const policyCalls = (api: FixtureApi) => api.calls.filter((u) => u.pathname.startsWith('/v1/widget/policy'))

describe('<tessera-policy> current version', () => {
  it('is registered under its tag', () => {
    expect(customElements.get('tessera-policy')).toBe(TesseraPolicy)
  })

  it('is busy while loading, then shows the current text with its contents and fires tessera-ready', async () => {
    const events: TesseraPolicyReadyDetail[] = []
    document.addEventListener('tessera-ready', (e) => events.push((e as CustomEvent).detail))
    const { el, api } = await mount()
    expect(part(el, 'base')?.getAttribute('aria-busy')).toBe('true')
    expect(text(q(el, '[role=status]'))).toBe('Loading…')
    await ready(el)
    expect(el.state).toBe('ready')
    expect(part(el, 'base')?.getAttribute('aria-busy')).toBe('false')

    const doc = part(el, 'document')!
    expect(text(doc.querySelector('h1'))).toBe('Brightwater Imaging Privacy Policy')
    expect(doc.querySelector('h1')?.getAttribute('aria-level')).toBe('2')
    expect(doc.querySelector('section h2')?.getAttribute('aria-level')).toBe('3')
    // The cookies section opens with an h4 straight under its h2: it must not skip a level.
    expect(doc.querySelector('#section-cookies h4')?.getAttribute('aria-level')).toBe('4')
    expect(text(doc.querySelector('#section-officer'))).toContain('Hana Seo')
    expect(text(doc.querySelector('#section-officer'))).toContain('privacy@brightwater.example')

    const toc = part(el, 'toc')!
    expect(toc.tagName).toBe('NAV')
    const links = [...toc.querySelectorAll('a')]
    expect(links.length).toBe(doc.querySelectorAll('section').length)
    expect(links.map((a) => a.getAttribute('href'))).toContain('#section-officer')
    expect(links.map(text)).toContain('Privacy officer')

    const options = [...part(el, 'archive')!.querySelectorAll('option')]
    expect(options.map((o) => o.value)).toEqual(['pv_2027', 'pv_2026', 'pv_2025'])
    expect(text(options[1])).toBe('2026-01 (current) · in effect from January 5, 2026')
    expect(q<HTMLSelectElement>(el, 'select')?.value).toBe('pv_2026')
    expect(q(el, '.notice')).toBeNull()

    expect(events).toEqual([{ tenantId: 'tn_acme', locale: 'en', versionId: 'pv_2026' }])
    expect(policyCalls(api).map((u) => u.pathname)).toEqual([
      '/v1/widget/policy',
      '/v1/widget/policy/versions',
      '/v1/widget/policy/versions/pv_2026',
    ])
  })

  it('follows heading-level, hides the contents with hide-toc, and shows no banner without an upcoming version', async () => {
    const { el } = await mount('<tessera-policy id="el" heading-level="3" hide-toc></tessera-policy>', {
      published: 'no-upcoming',
    })
    await ready(el)
    expect(part(el, 'document')?.querySelector('h1')?.getAttribute('aria-level')).toBe('3')
    expect(part(el, 'toc')).toBeNull()
    expect(part(el, 'banner')).toBeNull()
    el.hideToc = false
    await el.updateComplete
    expect(part(el, 'toc')).not.toBeNull()
  })

  it('moves focus to the section heading when a contents link is used, without touching the page URL', async () => {
    const { el } = await mount()
    await ready(el)
    const hash = location.hash
    const link = [...part(el, 'toc')!.querySelectorAll('a')].find((a) => text(a) === 'Privacy officer')!
    const click = new MouseEvent('click', { bubbles: true, composed: true, cancelable: true })
    link.dispatchEvent(click)
    expect(click.defaultPrevented).toBe(true)
    const heading = q(el, '#section-officer h2')!
    expect(el.shadowRoot!.activeElement).toBe(heading)
    expect(heading.getAttribute('tabindex')).toBe('-1')
    expect(location.hash).toBe(hash)
  })

  it('shows another version chosen in the archive, says it is superseded, and fires the change event', async () => {
    const changes: TesseraPolicyVersionChangeDetail[] = []
    document.addEventListener('tessera-policy-version-change', (e) => changes.push((e as CustomEvent).detail))
    const { el, api } = await mount()
    await ready(el)
    const select = q<HTMLSelectElement>(el, 'select')!
    select.value = 'pv_2025'
    select.dispatchEvent(new Event('change', { bubbles: true }))
    expect(changes).toEqual([{ id: 'pv_2025', label: '2025-03' }])
    await vi.waitFor(() => expect(text(part(el, 'document'))).toContain('Jun Park'))
    await ready(el)
    expect(text(part(el, 'document'))).not.toContain('Hana Seo')
    expect(policyCalls(api).at(-1)?.pathname).toBe('/v1/widget/policy/versions/pv_2025')
    expect(text(q(el, '.notice'))).toContain(
      'You are reading an earlier version (2025-03). It was in effect from March 1, 2025 to January 5, 2026.'
    )
    expect(text(q(el, '.live'))).toBe('Now showing version 2025-03.')

    // Back to the current version: the select follows and focus lands on the title.
    q<HTMLButtonElement>(el, '.current-button')!.click()
    await vi.waitFor(() => expect(text(part(el, 'document'))).toContain('Hana Seo'))
    await el.updateComplete
    expect(select.value).toBe('pv_2026')
    expect(q(el, '.notice')).toBeNull()
    expect(el.shadowRoot!.activeElement).toBe(part(el, 'document')!.querySelector('h1'))
    expect(changes.at(-1)).toEqual({ id: 'pv_2026', label: '2026-01' })
  })

  it('shows the version given in the version attribute', async () => {
    const { el } = await mount('<tessera-policy id="el" version="pv_2025"></tessera-policy>')
    await ready(el)
    expect(text(part(el, 'document'))).toContain('Jun Park')
    expect(q<HTMLSelectElement>(el, 'select')?.value).toBe('pv_2025')
  })
})

describe('<tessera-policy> upcoming changes', () => {
  it('announces the upcoming version with date, significance and summary; the diff button fetches the diff', async () => {
    const { el, api } = await mount()
    await ready(el)
    const banner = part(el, 'banner')!
    expect(banner.getAttribute('role')).toBe('region')
    const labelledBy = banner.getAttribute('aria-labelledby')!
    expect(text(el.shadowRoot!.getElementById(labelledBy))).toBe('Changes to this privacy policy are coming')
    expect(text(banner)).toContain('A new version (2027-01) takes effect on January 5, 2027.')
    expect(text(banner)).toContain('This is a significant change.')
    expect([...banner.querySelectorAll('.banner-summary li')].map(text)).toEqual([
      'Scans are now deleted 24 hours after the report, instead of 72 hours.',
      'A new section explains how to object to AI-assisted reading.',
    ])

    const diff = part(el, 'diff')!
    expect(diff.hidden).toBe(true)
    const button = q<HTMLButtonElement>(el, '.diff-button')!
    expect(button.getAttribute('aria-expanded')).toBe('false')
    expect(button.getAttribute('aria-controls')).toBe(diff.id)
    button.click()
    await vi.waitFor(() => expect(diff.querySelectorAll('li').length).toBe(2))
    await el.updateComplete
    const call = policyCalls(api).at(-1)!
    expect(call.pathname).toBe('/v1/widget/policy/diff')
    expect(Object.fromEntries(call.searchParams)).toEqual({ from: 'pv_2026', to: 'pv_2027', locale: 'en' })
    expect(diff.hidden).toBe(false)
    expect(text(diff)).toContain('What changes from version 2026-01 to version 2027-01')
    expect(button.getAttribute('aria-expanded')).toBe('true')
    expect(text(button)).toBe('Hide what changes')
    expect(text(q(el, '.live'))).toBe(msg('en', 'policy.diffShown'))
    button.click()
    await el.updateComplete
    expect(diff.hidden).toBe(true)
  })

  it('shows the upcoming text on request, with its dates', async () => {
    const { el, api } = await mount()
    await ready(el)
    q<HTMLButtonElement>(el, '.upcoming-button')!.click()
    await vi.waitFor(() => expect(q(el, '.notice')).not.toBeNull())
    await ready(el)
    expect(policyCalls(api).at(-1)?.pathname).toBe('/v1/widget/policy/versions/pv_2027')
    expect(text(q(el, '.notice'))).toContain(
      'You are reading an upcoming version (2027-01), posted on December 1, 2026. It takes effect on January 5, 2027'
    )
    expect(q<HTMLSelectElement>(el, 'select')?.value).toBe('pv_2027')
    expect(q(el, '.upcoming-button')).toBeNull()
  })
})

describe('<tessera-policy> locale', () => {
  it('sends the resolved locale with every request, and reloads when the language changes', async () => {
    document.documentElement.lang = 'en'
    const { el, api } = await mount('<tessera-policy id="el" lang="ko-KR"></tessera-policy>')
    await ready(el)
    expect(el.locale).toBe('ko')
    expect(text(part(el, 'banner'))).toContain('새 버전(2027-01)은 2027년 1월 5일부터 시행됩니다.')
    expect(text(part(el, 'banner'))).toContain('영상은 판독 후 72시간이 아니라 24시간 뒤에 삭제됩니다.')
    expect(text(part(el, 'toc'))).toContain('목차')
    q<HTMLButtonElement>(el, '.diff-button')!.click()
    await vi.waitFor(() => expect(part(el, 'diff')?.hidden).toBe(false))
    const select = q<HTMLSelectElement>(el, 'select')!
    select.value = 'pv_2025'
    select.dispatchEvent(new Event('change'))
    await vi.waitFor(() => expect(q(el, '.notice')).not.toBeNull())

    el.setAttribute('lang', 'en')
    await vi.waitFor(() => expect(text(part(el, 'banner'))).toContain('A new version'))
    await ready(el)

    const calls = policyCalls(api)
    // ko: overview, archive, current text, diff, archived text; en: overview, archive, archived text.
    expect(calls.length).toBe(8)
    expect(calls.map((u) => u.searchParams.get('locale'))).toEqual([
      ...Array<string>(5).fill('ko'),
      ...Array<string>(3).fill('en'),
    ])
    expect(calls.map((u) => u.pathname)).toContain('/v1/widget/policy/diff')
  })
})

describe('<tessera-policy> states', () => {
  it.each([403, 401, 0])(
    'shows the not-authorised message when refused (%i) and fires tessera-error',
    async (s) => {
      const errors: TesseraErrorDetail[] = []
      document.addEventListener('tessera-error', (e) => errors.push((e as CustomEvent).detail))
      const { el } = await mount(undefined, { failWith: s })
      await ready(el)
      expect(el.state).toBe('refused')
      expect(text(q(el, '[role=status]'))).toBe(msg('en', 'state.refused'))
      expect(part(el, 'document')).toBeNull()
      expect(errors).toHaveLength(1)
      expect(errors[0]?.status).toBe(s)
    }
  )

  it('shows the generic error on a server error', async () => {
    const { el } = await mount('<tessera-policy id="el" lang="ko"></tessera-policy>', { failWith: 500 })
    await ready(el)
    expect(el.state).toBe('error')
    expect(text(q(el, '[role=status]'))).toBe(msg('ko', 'state.error'))
  })

  it('says when no policy has been published yet', async () => {
    const events: TesseraPolicyReadyDetail[] = []
    document.addEventListener('tessera-ready', (e) => events.push((e as CustomEvent).detail))
    const { el, api } = await mount(undefined, { published: 'none' })
    await ready(el)
    expect(el.state).toBe('ready')
    expect(text(q(el, '.empty'))).toBe('No privacy policy has been published yet.')
    expect(part(el, 'document')).toBeNull()
    expect(part(el, 'archive')).toBeNull()
    expect(part(el, 'banner')).toBeNull()
    expect(events).toEqual([{ tenantId: 'tn_acme', locale: 'en', versionId: null }])
    expect(policyCalls(api).some((u) => u.pathname.startsWith('/v1/widget/policy/versions/'))).toBe(false)
  })

  it('is an error, not a crash, when the answer is not the agreed shape', async () => {
    installRuntime({
      apiBase: FIXTURE_API_BASE,
      key: 'pk_fixture',
      fetch: async (input) =>
        String(input).includes('/config')
          ? Response.json(sampleWidgetConfig())
          : Response.json({ data: 'x' }),
    })
    document.body.insertAdjacentHTML('beforeend', '<tessera-policy id="el"></tessera-policy>')
    const el = document.querySelector<TesseraPolicy>('#el')!
    await ready(el)
    expect(el.state).toBe('error')
    expect(el.problem?.type).toBe('https://tessera.dev/problems/invalid-response')
  })
})

describe('<tessera-policy> hostile strings', () => {
  const payload = '<img src=x onerror="window.__tesseraPwned=1">'

  it('shows labels and summary lines as text, not markup', async () => {
    const { el } = await mount(undefined, { hostile: payload })
    await ready(el)
    q<HTMLButtonElement>(el, '.diff-button')!.click()
    await vi.waitFor(() => expect(part(el, 'diff')?.hidden).toBe(false))
    const select = q<HTMLSelectElement>(el, 'select')!
    select.value = 'pv_2025'
    select.dispatchEvent(new Event('change'))
    await vi.waitFor(() => expect(q(el, '.notice')).not.toBeNull())
    await new Promise((r) => setTimeout(r, 50))
    expect(el.shadowRoot!.querySelector('img, script')).toBeNull()
    expect(text(part(el, 'banner')?.querySelector('li'))).toBe(payload)
    expect(text(part(el, 'diff')?.querySelector('li'))).toBe(payload)
    expect(text(part(el, 'banner'))).toContain(`A new version (${payload})`)
    expect(text(q(el, 'option'))).toContain(payload)
    expect(text(q(el, '.notice'))).toContain(payload)
    expect((window as { __tesseraPwned?: number }).__tesseraPwned).toBeUndefined()
  })
})

describe('<tessera-policy> accessibility (axe-core)', () => {
  async function violations(root: Element) {
    const result = await axe.run(root, { resultTypes: ['violations'] })
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`)
  }

  it('has no violations when ready, with the banner and the diff open, and in Korean', async () => {
    document.documentElement.lang = 'en'
    const { el } = await mount('<main><tessera-policy id="el"></tessera-policy></main>')
    await ready(el)
    expect(part(el, 'banner')).not.toBeNull()
    expect(await violations(document.body)).toEqual([])
    q<HTMLButtonElement>(el, '.diff-button')!.click()
    await vi.waitFor(() => expect(part(el, 'diff')?.hidden).toBe(false))
    expect(await violations(document.body)).toEqual([])
    el.setAttribute('lang', 'ko')
    await vi.waitFor(() => expect(el.locale).toBe('ko'))
    await ready(el)
    expect(await violations(document.body)).toEqual([])
  })

  it('has no violations for a superseded version without the banner', async () => {
    document.documentElement.lang = 'en'
    const { el } = await mount('<main><tessera-policy id="el" version="pv_2025"></tessera-policy></main>', {
      published: 'no-upcoming',
    })
    await ready(el)
    expect(q(el, '.notice')).not.toBeNull()
    expect(await violations(document.body)).toEqual([])
  })
})
