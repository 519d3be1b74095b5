import axe from 'axe-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConsoleApi, TesseraConsolePurposes } from '../src/index.js'
import { FIXTURE_API_BASE, consoleFixture, memoryStore } from '../src/fixtures.js'
import { TOKEN_KEY } from '../src/api.js'
import type { ConsoleFixtureOptions } from '../src/fixtures.js'
import { settingsFixture } from '../src/pages/settings/fixtures.js'
import { FIXTURE_PUBLISHABLE_KEY, purposesFixture } from '../src/pages/purposes/fixtures.js'
import type { PurposesFixtureOptions } from '../src/pages/purposes/fixtures.js'
import type { InventoryEntry } from '../src/pages/purposes/api.js'

afterEach(() => {
  document.body.replaceChildren()
})

async function violations(root: Element) {
  const result = await axe.run(root, { resultTypes: ['violations'] })
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`)
}

async function until(check: () => boolean, what = 'condition') {
  await vi.waitFor(
    () => {
      if (!check()) throw new Error(`waiting for ${what}`)
    },
    { timeout: 4000 }
  )
}

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
}

const $ = <T extends Element = HTMLElement>(el: Element, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector) as T
const inventory = (el: TesseraConsolePurposes) => $(el, 'tessera-console-purposes-inventory')
const inv = <T extends Element = HTMLInputElement>(el: TesseraConsolePurposes, selector: string) =>
  $<T>(inventory(el), selector)
const embed = (el: TesseraConsolePurposes) => $(el, 'tessera-console-purposes-embed')

async function mount(
  options: ConsoleFixtureOptions & {
    canEdit?: boolean
    canReadKeys?: boolean
    purposes?: PurposesFixtureOptions
  } = {}
) {
  const purposes = purposesFixture(options.purposes)
  const settings = settingsFixture()
  const api = consoleFixture({ ...options, routes: [purposes.route, settings.route] })
  const el = document.createElement('tessera-console-purposes')
  el.api = new ConsoleApi(FIXTURE_API_BASE, api.signIn(), api.fetch)
  el.canEdit = options.canEdit ?? true
  el.canReadKeys = options.canReadKeys ?? true
  el.roleLabel = options.role ?? 'owner'
  document.body.append(el)
  await until(() => !!inventory(el)?.shadowRoot?.querySelector('form'), 'the inventory')
  return { el, api, purposes }
}

const row = (n: number, patch: Partial<InventoryEntry> = {}): InventoryEntry => ({
  category: 'analytics',
  name: `cookie_${n}`,
  provider: 'Provider',
  duration: '1 year',
  purpose: { en: 'Counts visits', ko: '방문 수' },
  ...patch,
})

describe('<tessera-console-purposes>', () => {
  it('is registered; lists the purposes with their lawful basis and the cookie categories, read-only', async () => {
    expect(customElements.get('tessera-console-purposes')).toBe(TesseraConsolePurposes)
    const { el } = await mount()
    await until(() => !!$(el, 'tr[data-purpose="analysis"]'))
    expect($(el, 'tr[data-purpose="service"] .basis').textContent).toBe('Contract')
    expect($(el, 'tr[data-purpose="analysis"] .basis').textContent).toBe('Consent')
    expect($(el, 'tr[data-purpose="analysis"]').textContent).toContain('Analysing your images')
    expect($(el, 'dt[data-category="necessary"]').nextElementSibling!.textContent).toContain('Always on')
    expect($(el, '#purposes-title').closest('section')!.querySelector('input, select, textarea')).toBeNull()
    expect($(el, 'a[href="/console/policy"]')).not.toBeNull()
    await until(() => !!$(embed(el), '#embed'))
    expect(await violations(el)).toEqual([])
  })

  it('says when no policy is in effect', async () => {
    const { el } = await mount({ purposes: { noPolicy: true } })
    await until(() => !!$(el, '.notice'))
    expect($(el, '.notice').textContent).toContain('No privacy policy is in effect yet')
    expect($(el, 'table')).toBeNull()
    expect(await violations(el)).toEqual([])
  })

  it('shows the embed snippet: one script tag with the publishable key, then the elements; copy', async () => {
    const { el } = await mount()
    await until(() => !!$(embed(el), '#embed'))
    const snippet = $<HTMLTextAreaElement>(embed(el), '#embed').value
    expect(snippet).toContain(
      `<script src="${FIXTURE_API_BASE}/widgets/v1/tessera.js" data-key="${FIXTURE_PUBLISHABLE_KEY}" async></script>`
    )
    expect(snippet.match(/<script/g)).toHaveLength(1)
    for (const tag of [
      'tessera-cookie-banner',
      'tessera-consent',
      'tessera-policy',
      'tessera-privacy-contact',
    ])
      expect(snippet).toContain(`<${tag}></${tag}>`)
    expect(snippet).not.toContain('sk_')
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue()
    $<HTMLButtonElement>(embed(el), 'button.copy-embed').click()
    await until(() => $(embed(el), '[role="status"]').textContent === 'Snippet copied.')
    expect(write).toHaveBeenCalledWith(snippet)
  })

  it('without keys.manage the snippet says where to get a key and asks for none', async () => {
    const { el, api } = await mount({ role: 'privacy_officer', canEdit: false, canReadKeys: false })
    await until(() => !!$(embed(el), '.notice'))
    expect($(embed(el), '#embed')).toBeNull()
    expect(api.requests.some((r) => r.path === '/v1/admin/keys')).toBe(false)
    expect(inv(el, '#entry-0-name').disabled).toBe(true)
    expect(inv(el, 'button.save-inventory')).toBeNull()
    expect($(inventory(el), '.notice').textContent).toContain(
      '(privacy_officer) may view the cookie inventory'
    )
    expect(await violations(el)).toEqual([])
  })
})

describe('<tessera-console-purposes-inventory>', () => {
  it('adds a cookie, refuses an empty field beside it before sending, then saves the whole inventory', async () => {
    const { el, api, purposes } = await mount()
    expect(inv(el, '#entry-1-name').value).toBe('_ga')
    inv<HTMLButtonElement>(el, 'button.add-entry').click()
    await until(() => !!inv(el, '#entry-2-name'))
    expect(inventory(el).shadowRoot!.activeElement).toBe(inv(el, '#entry-2-name'))
    type(inv(el, '#entry-2-name'), '_hjid')
    type(inv(el, '#entry-2-provider'), 'Hotjar')
    inv<HTMLButtonElement>(el, 'button.save-inventory').click()
    await until(() => !!inv(el, '#entry-2-duration-error'))
    expect(inv(el, '#entry-2-duration-error').textContent).toBe('Please fill in this field.')
    expect(inv(el, '#entry-2-duration').getAttribute('aria-describedby')).toBe('entry-2-duration-error')
    expect(inventory(el).shadowRoot!.activeElement).toBe(inv(el, '#entry-2-duration'))
    expect(api.requests.some((r) => r.method === 'PUT')).toBe(false)
    expect(await violations(el)).toEqual([])

    type(inv(el, '#entry-2-duration'), '1 year')
    type(inv<HTMLTextAreaElement>(el, '#entry-2-purpose-en'), 'Heatmaps')
    type(inv<HTMLTextAreaElement>(el, '#entry-2-purpose-ko'), '히트맵')
    inv<HTMLButtonElement>(el, 'button.save-inventory').click()
    await until(() => inv(el, '[role="status"]').textContent === 'Cookie inventory saved.')
    const put = api.requests.find((r) => r.method === 'PUT')!
    expect((put.body as { entries: InventoryEntry[] }).entries).toHaveLength(3)
    expect(purposes.state.inventory[2]).toEqual({
      category: 'preferences',
      name: '_hjid',
      provider: 'Hotjar',
      duration: '1 year',
      purpose: { en: 'Heatmaps', ko: '히트맵' },
    })
  })

  it("shows the API's length refusal beside that row's field", async () => {
    // Longer than the API allows: typing stops at maxlength, but a value set by script is sent as is.
    const { el, api } = await mount()
    type(inv(el, '#entry-1-name'), 'x'.repeat(129))
    inv<HTMLButtonElement>(el, 'button.save-inventory').click()
    await until(() => !!inv(el, '#entry-1-name-error'))
    expect(inv(el, '#entry-1-name-error').textContent).toBe(
      'The name field must not be greater than 128 characters'
    )
    expect(inv(el, '#entry-1-name').getAttribute('maxlength')).toBe('128')
    expect(inventory(el).shadowRoot!.activeElement).toBe(inv(el, '#entry-1-name'))
    expect(api.requests.filter((r) => r.method === 'PUT')).toHaveLength(1)
  })

  it('maps a 422 naming entries.N.field beside that field (as the API answers)', async () => {
    const { el, api } = await mount({
      purposes: { inventory: [row(1), row(2, { category: 'Bad Category' })] },
    })
    type(inv(el, '#entry-0-provider'), 'Other provider')
    inv<HTMLButtonElement>(el, 'button.save-inventory').click()
    await until(() => !!inv(el, '#entry-1-category-error'))
    expect(inv(el, '#entry-1-category-error').textContent).toBe('The category field format is invalid')
    expect(inv(el, '#entry-1-category').getAttribute('aria-invalid')).toBe('true')
    expect(inv(el, '#entry-0-category').getAttribute('aria-invalid')).toBe('false')
    expect(inv(el, '[role="alert"]').textContent).toContain('Please correct the fields')
    expect(api.requests.filter((r) => r.method === 'PUT')).toHaveLength(1)
    expect(await violations(el)).toEqual([])
  })

  it('HTML pasted into a field is shown as text, never as markup', async () => {
    const { el } = await mount()
    type(inv(el, '#entry-0-provider'), '<img src=x onerror="window.__pwned=1">')
    inv<HTMLButtonElement>(el, 'button.save-inventory').click()
    await until(() => inv(el, '[role="status"]').textContent === 'Cookie inventory saved.')
    expect(inv(el, '#entry-0-provider').value).toBe('<img src=x onerror="window.__pwned=1">')
    expect(inventory(el).shadowRoot!.querySelector('img')).toBeNull()
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined()
  })

  it('a huge inventory: 200 rows render, a 201st is refused beside the add button', async () => {
    const many = Array.from({ length: 200 }, (_, i) => row(i))
    const { el, api } = await mount({ purposes: { inventory: many } })
    expect(inventory(el).shadowRoot!.querySelectorAll('fieldset.entry')).toHaveLength(200)
    inv<HTMLButtonElement>(el, 'button.add-entry').click()
    await until(() => !!inv(el, '#entries-error'))
    expect(inv(el, '#entries-error').textContent).toBe('At most 200 cookies.')
    expect(inventory(el).shadowRoot!.querySelectorAll('fieldset.entry')).toHaveLength(200)
    expect(api.requests.some((r) => r.method === 'PUT')).toBe(false)
  })

  it('removes a row and saves; an ended session fires console-session-ended', async () => {
    const { el, api, purposes } = await mount()
    inventory(el).shadowRoot!.querySelector<HTMLButtonElement>('fieldset[data-entry="1"] button')!.click()
    await until(() => !inv(el, '#entry-1-name'), 'the row gone')
    inv<HTMLButtonElement>(el, 'button.save-inventory').click()
    await until(() => inv(el, '[role="status"]').textContent === 'Cookie inventory saved.', 'saved')
    expect(purposes.state.inventory.map((e) => e.name)).toEqual(['tessera_session'])
    type(inv(el, '#entry-0-name'), 'renamed')
    const ended = vi.fn()
    el.addEventListener('console-session-ended', ended)
    api.tokens.clear()
    inv<HTMLButtonElement>(el, 'button.save-inventory').click()
    await until(() => ended.mock.calls.length === 1, 'the session ended')
  })

  it('speaks Korean', async () => {
    const { el } = await mount()
    el.locale = 'ko'
    await el.updateComplete
    await until(() => $(el, 'h1').textContent === '목적 및 쿠키')
    await until(() => !!$(el, 'tr[data-purpose="service"]'))
    expect($(el, 'tr[data-purpose="service"] .basis').textContent).toBe('계약')
    expect($(inventory(el), 'h2').textContent).toBe('쿠키 목록')
    expect(await violations(el)).toEqual([])
  })
})

describe('Purposes & cookies in the console', () => {
  async function shell(role: 'owner' | 'analyst') {
    const api = consoleFixture({ role, routes: [purposesFixture().route, settingsFixture().route] })
    const el = document.createElement('tessera-console')
    el.apiBase = FIXTURE_API_BASE
    el.fetcher = api.fetch
    el.store = memoryStore({ [TOKEN_KEY]: api.signIn() })
    el.locale = 'en'
    document.body.append(el)
    await until(() => !!$(el, 'nav'), 'the navigation')
    return { el, api }
  }

  it('is in the navigation for tenant.read; an analyst sees it read-only, without the key', async () => {
    const { el, api } = await shell('analyst')
    const link = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('nav a')].find(
      (a) => a.textContent === 'Purposes & cookies'
    )!
    expect(link.getAttribute('href')).toBe('/console/purposes')
    link.click()
    const page = await vi.waitFor(() => {
      const found = $<TesseraConsolePurposes>(el, 'tessera-console-purposes')
      if (!found) throw new Error('no page')
      return found
    })
    expect(page.canEdit).toBe(false)
    expect(page.canReadKeys).toBe(false)
    await until(() => !!inventory(page)?.shadowRoot?.querySelector('#entry-0-name'), 'the inventory')
    expect(inv(page, 'button.save-inventory')).toBeNull()
    expect(api.requests.some((r) => r.path === '/v1/admin/keys')).toBe(false)
    expect(await violations(el)).toEqual([])
  })

  it('an expired session while the page loads leads back to signing in', async () => {
    const { el, api } = await shell('owner')
    api.tokens.clear()
    ;[...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('nav a')]
      .find((a) => a.textContent === 'Purposes & cookies')!
      .click()
    await until(() => !!$(el, 'tessera-console-sign-in'), 'the sign-in page')
  })
})
