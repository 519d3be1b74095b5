import axe from 'axe-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  ConsoleApi,
  TOKEN_KEY,
  TesseraConsole,
  TesseraConsoleModels,
  TesseraConsoleSettings,
  TesseraConsoleSignIn,
} from '../src/index.js'
import type { Role, SignedInDetail } from '../src/index.js'
import {
  FIXTURE_API_BASE,
  FIXTURE_EMAIL,
  FIXTURE_PASSWORD,
  FIXTURE_TENANT_ID,
  FIXTURE_TOKEN,
  consoleFixture,
  fixtureManifest,
  memoryStore,
} from '../src/fixtures.js'
import type { ConsoleFixtureOptions } from '../src/fixtures.js'

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

function type(input: HTMLInputElement, value: string) {
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
}

function submit(el: Element) {
  $<HTMLButtonElement>(el, 'button[type="submit"]').click()
}

async function mountSignIn(options: ConsoleFixtureOptions = {}) {
  const api = consoleFixture(options)
  const el = document.createElement('tessera-console-sign-in')
  el.api = new ConsoleApi(FIXTURE_API_BASE, null, api.fetch)
  document.body.append(el)
  await el.updateComplete
  return { el, api }
}

async function mountSettings(options: ConsoleFixtureOptions & { canEdit?: boolean } = {}) {
  const api = consoleFixture(options)
  const token = api.signIn()
  const el = document.createElement('tessera-console-settings')
  el.api = new ConsoleApi(FIXTURE_API_BASE, token, api.fetch)
  el.canEdit = options.canEdit ?? true
  el.roleLabel = options.role ?? 'owner'
  document.body.append(el)
  await until(() => !!$(el, '#officer-name'), 'the form')
  return { el, api }
}

describe('<tessera-console-sign-in>', () => {
  it('is registered; empty fields are marked next to themselves and the first one is focused', async () => {
    expect(customElements.get('tessera-console-sign-in')).toBe(TesseraConsoleSignIn)
    const { el, api } = await mountSignIn()
    submit(el)
    await until(() => !!$(el, '#tenant-error'))
    for (const id of ['tenant', 'email', 'password']) {
      expect($(el, `#${id}`).getAttribute('aria-invalid')).toBe('true')
      expect($(el, `#${id}`).getAttribute('aria-describedby')).toContain(`${id}-error`)
      expect($(el, `#${id}-error`).textContent).toBe('Please fill in this field.')
    }
    expect(el.shadowRoot!.activeElement?.id).toBe('tenant')
    expect(api.requests).toEqual([])
  })

  it('shows a 422 error next to the tenant id, and a wrong password in the alert', async () => {
    const { el } = await mountSignIn()
    type($(el, '#tenant'), 'not-a-tenant')
    type($(el, '#email'), FIXTURE_EMAIL)
    type($(el, '#password'), 'wrong')
    submit(el)
    await until(() => !!$(el, '#tenant-error'))
    expect($(el, '#tenant-error').textContent).toBe('The tenant field format is invalid')
    expect($(el, '#email').getAttribute('aria-invalid')).toBe('false')
    expect($(el, '[role="alert"]').textContent).toContain('Please correct the fields')

    type($(el, '#tenant'), FIXTURE_TENANT_ID)
    submit(el)
    await until(() => !$(el, '#tenant-error'))
    await until(() => $(el, '[role="alert"]').textContent!.includes('not right'))
  })

  it('signs in and fires console-signed-in with the token', async () => {
    const { el, api } = await mountSignIn()
    const events: SignedInDetail[] = []
    el.addEventListener('console-signed-in', (e) => events.push((e as CustomEvent<SignedInDetail>).detail))
    type($(el, '#tenant'), FIXTURE_TENANT_ID)
    type($(el, '#email'), FIXTURE_EMAIL)
    type($(el, '#password'), FIXTURE_PASSWORD)
    submit(el)
    await until(() => events.length === 1)
    expect(events[0]).toEqual({ token: FIXTURE_TOKEN })
    expect(api.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/admin/sessions',
      body: { tenant: FIXTURE_TENANT_ID, email: FIXTURE_EMAIL, password: FIXTURE_PASSWORD },
    })
  })

  it('speaks Korean', async () => {
    const { el } = await mountSignIn()
    el.locale = 'ko'
    await el.updateComplete
    expect($(el, 'h1').textContent).toBe('로그인')
    expect($(el, 'label[for="tenant"]').textContent).toBe('테넌트 ID')
  })

  it('has no axe violations, also with errors shown', async () => {
    const { el } = await mountSignIn()
    expect(await violations(el)).toEqual([])
    submit(el)
    await until(() => !!$(el, '#tenant-error'))
    expect(await violations(el)).toEqual([])
  })
})

describe('<tessera-console-settings>', () => {
  it('is registered and shows the tenant, then saves only what changed and says so', async () => {
    expect(customElements.get('tessera-console-settings')).toBe(TesseraConsoleSettings)
    const { el, api } = await mountSettings()
    expect($<HTMLInputElement>(el, '#name').value).toBe('Hanbit Imaging')
    expect($<HTMLInputElement>(el, '#legalName').value).toBe('Hanbit Imaging Co., Ltd.')
    expect($<HTMLInputElement>(el, '#officer-email').value).toBe('privacy@clinic.example')

    type($(el, '#officer-name'), 'Lee Jiwoo')
    submit(el)
    await until(() => $(el, '[role="status"]').textContent === 'Settings saved.')
    const patch = api.requests.find((r) => r.method === 'PATCH')!
    expect(patch.body).toEqual({ officer: { name: 'Lee Jiwoo' } })
    expect(patch.authorization).toBe(`Bearer ${FIXTURE_TOKEN}`)
    expect(api.tenant.officer.name).toBe('Lee Jiwoo')

    submit(el)
    await until(() => $(el, '[role="status"]').textContent === 'Nothing has changed.')
    expect(api.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1)
  })

  it('shows a 422 field error next to the officer e-mail, focused and described', async () => {
    const { el, api } = await mountSettings()
    type($(el, '#officer-email'), 'not-an-address')
    submit(el)
    await until(() => !!$(el, '#officer-email-error'))
    const input = $<HTMLInputElement>(el, '#officer-email')
    expect($(el, '#officer-email-error').textContent).toBe('The email field must be a valid email address')
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(input.getAttribute('aria-describedby')).toBe('officer-email-error')
    expect(el.shadowRoot!.activeElement).toBe(input)
    expect($(el, '[role="alert"]').textContent).toContain('Please correct the fields')
    expect(api.tenant.officer.email).toBe('privacy@clinic.example')
    expect(await violations(el)).toEqual([])

    type(input, 'dpo@clinic.example')
    submit(el)
    await until(() => $(el, '[role="status"]').textContent === 'Settings saved.')
    expect($(el, '#officer-email-error')).toBeNull()
    expect($(el, '[role="alert"]').textContent).toBe('')
  })

  it('an empty required field is refused before any request', async () => {
    const { el, api } = await mountSettings()
    type($(el, '#name'), '   ')
    submit(el)
    await until(() => !!$(el, '#name-error'))
    expect(api.requests.some((r) => r.method === 'PATCH')).toBe(false)
  })

  it('is read-only for a role without tenant.update', async () => {
    const { el, api } = await mountSettings({ role: 'analyst', canEdit: false })
    for (const input of el.shadowRoot!.querySelectorAll('input')) expect(input.disabled).toBe(true)
    expect($(el, 'button[type="submit"]')).toBeNull()
    expect($(el, '.notice').textContent).toContain('(analyst) may view these settings but not change them')
    expect(api.requests.every((r) => r.method === 'GET')).toBe(true)
    expect(await violations(el)).toEqual([])
  })

  it('fires console-session-ended when the session is no longer accepted', async () => {
    const { el, api } = await mountSettings()
    api.tokens.clear()
    const ended = vi.fn()
    el.addEventListener('console-session-ended', ended)
    type($(el, '#officer-name'), 'Lee Jiwoo')
    submit(el)
    await until(() => ended.mock.calls.length === 1)
  })

  it('has no axe violations in Korean', async () => {
    const { el } = await mountSettings()
    el.locale = 'ko'
    await el.updateComplete
    expect($(el, 'legend').textContent).toBe('회사')
    expect(await violations(el)).toEqual([])
  })
})

async function mountModels(options: ConsoleFixtureOptions & { canManage?: boolean } = {}) {
  const api = consoleFixture(options)
  const token = api.signIn()
  const el = document.createElement('tessera-console-models')
  el.api = new ConsoleApi(FIXTURE_API_BASE, token, api.fetch)
  el.canManage = options.canManage ?? true
  el.roleLabel = options.role ?? 'owner'
  document.body.append(el)
  await until(() => !!$(el, '.in-use'), 'the registry')
  return { el, api }
}

function chooseFile(el: Element, bytes: Uint8Array, name = 'model.onnx') {
  const input = $<HTMLInputElement>(el, '#model')
  const transfer = new DataTransfer()
  transfer.items.add(new File([bytes as Uint8Array<ArrayBuffer>], name))
  input.files = transfer.files
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }))
}

function typeManifest(el: Element, text: string) {
  const area = $<HTMLTextAreaElement>(el, '#manifest')
  area.value = text
  area.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
}

const rows = (el: Element) =>
  [...el.shadowRoot!.querySelectorAll('tbody tr')].map((tr) =>
    [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.trim())
  )

describe('<tessera-console-models>', () => {
  it('is registered and lists the models and which one new analyses use', async () => {
    expect(customElements.get('tessera-console-models')).toBe(TesseraConsoleModels)
    const { el } = await mountModels()
    expect($(el, 'h1').textContent).toBe('Models')
    expect($(el, '.in-use').textContent!.trim()).toBe('New analyses use clinic-seg 2.0.0.')
    expect(rows(el)).toEqual([
      ['clinic-seg', '2.0.0', '2b7e151628ae…', '1.5 MB', 'Yes', 'Deactivate'],
      ['clinic-seg', '1.0.0', '9f86d081884c…', '812 B', 'No', 'Activate'],
    ])
    expect($(el, 'tbody code').getAttribute('title')).toHaveLength(64)
    expect(await violations(el)).toEqual([])
  })

  it('names the platform default when no model is active', async () => {
    const { el } = await mountModels({ models: [] })
    expect($(el, '.in-use').textContent!.trim()).toBe(
      'New analyses use the platform default model, tessera-lesion-seg 1.0.0.'
    )
  })

  it('uploads a model as multipart, announces it and lists it', async () => {
    const { el, api } = await mountModels()
    chooseFile(el, new Uint8Array([8, 1, 18, 4]), 'clinic-seg-3.onnx')
    typeManifest(el, JSON.stringify(fixtureManifest('clinic-seg', '3.0.0')))
    submit(el)
    await until(() => $(el, '[role="status"]').textContent === 'clinic-seg 3.0.0 uploaded.')
    await until(() => rows(el).length === 3)
    expect(rows(el)[0]!.slice(0, 2)).toEqual(['clinic-seg', '3.0.0'])
    expect(rows(el)[0]![3]).toBe('4 B')
    const post = api.requests.find((r) => r.method === 'POST' && r.path === '/v1/admin/models')!
    expect(post.body).toMatchObject({ model: { name: 'clinic-seg-3.onnx', size: 4 } })
    expect(JSON.parse((post.body as { manifest: string }).manifest)).toMatchObject({ version: '3.0.0' })
    expect($<HTMLTextAreaElement>(el, '#manifest').value).toBe('')
    expect($<HTMLInputElement>(el, '#model').files).toHaveLength(0)
  })

  it('without a file or manifest, marks both fields before any request', async () => {
    const { el, api } = await mountModels()
    submit(el)
    await until(() => !!$(el, '#model-error'))
    expect($(el, '#model-error').textContent).toBe('Choose the .onnx file.')
    expect($(el, '#manifest-error').textContent).toBe('Please fill in this field.')
    expect(el.shadowRoot!.activeElement?.id).toBe('model')
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false)
  })

  it('shows an empty model refused next to the file input', async () => {
    const { el } = await mountModels()
    chooseFile(el, new Uint8Array(0))
    typeManifest(el, JSON.stringify(fixtureManifest()))
    submit(el)
    await until(() => !!$(el, '#model-error'))
    const input = $(el, '#model')
    expect($(el, '#model-error').textContent).toBe('The model file is empty')
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(input.getAttribute('aria-describedby')).toContain('model-error')
    expect(el.shadowRoot!.activeElement).toBe(input)
    expect($(el, '#manifest-error')).toBeNull()
    expect($(el, '[role="alert"]').textContent).toContain('Please correct the fields')
    expect(await violations(el)).toEqual([])
  })

  it('shows a manifest that is not JSON refused next to the manifest', async () => {
    const { el } = await mountModels()
    chooseFile(el, new Uint8Array([1, 2, 3]))
    typeManifest(el, '{ not json')
    submit(el)
    await until(() => !!$(el, '#manifest-error'))
    const area = $(el, '#manifest')
    expect($(el, '#manifest-error').textContent).toBe('The manifest is not valid JSON')
    expect(area.getAttribute('aria-invalid')).toBe('true')
    expect(area.getAttribute('aria-describedby')).toContain('manifest-error')
    expect(el.shadowRoot!.activeElement).toBe(area)
    expect($(el, '#model-error')).toBeNull()
  })

  it('shows a manifest.* error next to the manifest with its path', async () => {
    const { el } = await mountModels()
    chooseFile(el, new Uint8Array([1, 2, 3]))
    const manifest = fixtureManifest()
    manifest.input.name = 'image'
    typeManifest(el, JSON.stringify(manifest))
    submit(el)
    await until(() => !!$(el, '#manifest-error'))
    expect($(el, '#manifest-error').textContent).toBe(
      'input.name: The model has no input named this (it has: x)'
    )
    expect($(el, '#model-error')).toBeNull()
    expect(await violations(el)).toEqual([])
  })

  it('shows a duplicate (409) as a message', async () => {
    const { el, api } = await mountModels()
    chooseFile(el, new Uint8Array([1, 2, 3]))
    typeManifest(el, JSON.stringify(fixtureManifest('clinic-seg', '1.0.0')))
    submit(el)
    await until(() => $(el, '[role="alert"]').textContent!.includes('already registered'))
    expect($(el, '#model-error')).toBeNull()
    expect($(el, '#manifest-error')).toBeNull()
    expect(api.models).toHaveLength(2)
  })

  it('activates and deactivates a model', async () => {
    const { el, api } = await mountModels()
    const activate = $<HTMLButtonElement>(el, 'tr[data-model="mdl_fixture0001"] button')
    expect(activate.getAttribute('aria-label')).toBe('Activate clinic-seg 1.0.0')
    activate.click()
    await until(() => $(el, '[role="status"]').textContent === 'clinic-seg 1.0.0 is now active.')
    await until(() => $(el, '.in-use').textContent!.includes('1.0.0'))
    expect(rows(el).map((r) => r[4])).toEqual(['No', 'Yes'])
    expect(api.requests.at(-2)).toMatchObject({
      method: 'POST',
      path: '/v1/admin/models/mdl_fixture0001/activate',
    })

    $<HTMLButtonElement>(el, 'tr[data-model="mdl_fixture0001"] button').click()
    await until(() => $(el, '[role="status"]').textContent === 'clinic-seg 1.0.0 is no longer active.')
    await until(() => $(el, '.in-use').textContent!.includes('platform default'))
    expect(api.models.every((m) => !m.active)).toBe(true)
  })

  it('is read-only for an analyst: no form, no buttons', async () => {
    const { el, api } = await mountModels({ role: 'analyst', canManage: false })
    expect(rows(el)).toHaveLength(2)
    expect($(el, 'form')).toBeNull()
    expect(el.shadowRoot!.querySelectorAll('button')).toHaveLength(0)
    expect($(el, '.notice').textContent).toContain('(analyst) may view the models but not change them')
    expect(api.requests.every((r) => r.method === 'GET')).toBe(true)
    expect(await violations(el)).toEqual([])
  })

  it('has no axe violations in Korean', async () => {
    const { el } = await mountModels()
    el.locale = 'ko'
    await el.updateComplete
    expect($(el, 'h1').textContent).toBe('모델')
    expect($(el, 'legend').textContent).toBe('모델 업로드')
    expect(await violations(el)).toEqual([])
  })
})

describe('<tessera-console> shell', () => {
  async function mountShell(options: ConsoleFixtureOptions & { signedIn?: boolean } = {}) {
    const api = consoleFixture(options)
    const store = memoryStore(options.signedIn ? { [TOKEN_KEY]: api.signIn() } : {})
    const el = document.createElement('tessera-console')
    el.apiBase = FIXTURE_API_BASE
    el.fetcher = api.fetch
    el.store = store
    el.locale = 'en'
    document.body.append(el)
    return { el, api, store }
  }

  it('signs in, keeps the token, shows the settings page with navigation, and signs out', async () => {
    expect(customElements.get('tessera-console')).toBe(TesseraConsole)
    const { el, api, store } = await mountShell()
    await until(() => !!$(el, 'tessera-console-sign-in'))
    expect(await violations(el)).toEqual([])
    const signIn = $(el, 'tessera-console-sign-in')
    type($(signIn, '#tenant'), FIXTURE_TENANT_ID)
    type($(signIn, '#email'), FIXTURE_EMAIL)
    type($(signIn, '#password'), FIXTURE_PASSWORD)
    submit(signIn)
    await until(() => !!$(el, 'tessera-console-settings'))
    expect(store.map.get(TOKEN_KEY)).toBe(FIXTURE_TOKEN)
    expect($(el, 'nav a[aria-current="page"]').textContent).toBe('Settings')
    expect($(el, '.who').textContent).toBe(`Signed in as ${FIXTURE_EMAIL} (owner)`)
    const settings = $(el, 'tessera-console-settings') as TesseraConsoleSettings
    expect(settings.canEdit).toBe(true)
    await until(() => !!$(settings, '#officer-name'))
    expect(await violations(el)).toEqual([])

    $<HTMLButtonElement>(el, 'button.sign-out').click()
    await until(() => !!$(el, 'tessera-console-sign-in'))
    expect(store.map.has(TOKEN_KEY)).toBe(false)
    expect(api.requests.at(-1)).toMatchObject({ method: 'DELETE', path: '/v1/admin/sessions/current' })
  })

  it('an analyst sees the settings read-only', async () => {
    const { el } = await mountShell({ role: 'analyst', signedIn: true })
    await until(() => !!$(el, 'tessera-console-settings'))
    expect(($(el, 'tessera-console-settings') as TesseraConsoleSettings).canEdit).toBe(false)
    expect($(el, '.who').textContent).toContain('(analyst)')
  })

  it('shows Models in the navigation for roles with models.read and opens the page', async () => {
    const { el } = await mountShell({ role: 'analyst', signedIn: true })
    await until(() => !!$(el, 'nav'))
    // Other pages come and go in the navigation; these tests are about Models.
    const links = [...el.shadowRoot!.querySelectorAll('nav a')]
    expect(links.map((a) => a.textContent)).toContain('Models')
    ;(links.find((a) => a.textContent === 'Models') as HTMLAnchorElement).click()
    await until(() => !!$(el, 'tessera-console-models'))
    expect($(el, 'nav a[aria-current="page"]').textContent).toBe('Models')
    const models = $(el, 'tessera-console-models') as TesseraConsoleModels
    expect(models.canManage).toBe(false)
    await until(() => !!$(models, 'table'))
    expect(await violations(el)).toEqual([])
  })

  it('an owner may manage models; a privacy officer has no Models page', async () => {
    const owner = await mountShell({ signedIn: true })
    await until(() => !!$(owner.el, 'nav'))
    ;(
      [...owner.el.shadowRoot!.querySelectorAll('nav a')].find(
        (a) => a.textContent === 'Models'
      ) as HTMLAnchorElement
    ).click()
    await until(() => !!$(owner.el, 'tessera-console-models'))
    expect(($(owner.el, 'tessera-console-models') as TesseraConsoleModels).canManage).toBe(true)
    document.body.replaceChildren()

    const officer = await mountShell({ role: 'privacy_officer', signedIn: true })
    await until(() => !!$(officer.el, 'nav'))
    const officerPages = [...officer.el.shadowRoot!.querySelectorAll('nav a')].map((a) => a.textContent)
    expect(officerPages[0]).toBe('Settings')
    expect(officerPages).not.toContain('Models')
    expect(officerPages).toContain('Privacy requests')
  })

  it('lists exactly the pages each role may open, in the console order', async () => {
    const expected: Record<string, string[]> = {
      owner: [
        'Settings',
        'Policy',
        'Purposes & cookies',
        'Consent',
        'Privacy requests',
        'Members',
        'Newsletters',
        'Models',
        'Statistics',
        'Audit log',
      ],
      admin: [
        'Settings',
        'Policy',
        'Purposes & cookies',
        'Consent',
        'Privacy requests',
        'Members',
        'Newsletters',
        'Models',
        'Statistics',
      ],
      privacy_officer: [
        'Settings',
        'Policy',
        'Purposes & cookies',
        'Consent',
        'Privacy requests',
        'Members',
        'Statistics',
        'Audit log',
      ],
      analyst: ['Settings', 'Policy', 'Purposes & cookies', 'Consent', 'Newsletters', 'Models', 'Statistics'],
    }
    for (const [role, pages] of Object.entries(expected)) {
      const { el } = await mountShell({ role: role as Role, signedIn: true })
      await until(() => !!$(el, 'nav'))
      expect(
        [...el.shadowRoot!.querySelectorAll('nav a')].map((a) => a.textContent),
        role
      ).toEqual(pages)
      document.body.replaceChildren()
    }
  })

  it('an expired stored token leads back to signing in with a notice', async () => {
    const api = consoleFixture()
    const store = memoryStore({ [TOKEN_KEY]: 'oat_expired' })
    const el = document.createElement('tessera-console')
    Object.assign(el, { apiBase: FIXTURE_API_BASE, fetcher: api.fetch, store, locale: 'en' })
    document.body.append(el)
    await until(() => !!$(el, 'tessera-console-sign-in'))
    expect(($(el, 'tessera-console-sign-in') as TesseraConsoleSignIn).notice).toContain('session has ended')
    expect(store.map.has(TOKEN_KEY)).toBe(false)
  })

  it('switches to Korean from the language picker and sets the document language', async () => {
    const { el } = await mountShell({ signedIn: true })
    await until(() => !!$(el, 'nav'))
    const select = $<HTMLSelectElement>(el, '#language')
    select.value = 'ko'
    select.dispatchEvent(new Event('change'))
    await until(() => $(el, 'nav a').textContent === '설정')
    expect(document.documentElement.lang).toBe('ko')
    expect(await violations(el)).toEqual([])
  })
})
