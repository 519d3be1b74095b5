import axe from 'axe-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConsoleApi } from '../src/index.js'
import type { TesseraConsoleSettings } from '../src/index.js'
import { FIXTURE_API_BASE, consoleFixture, invalidFields } from '../src/fixtures.js'
import type { ConsoleFixtureOptions, FixtureRoute } from '../src/fixtures.js'
import { settingsFixture } from '../src/pages/settings/fixtures.js'
import type { SettingsFixtureOptions } from '../src/pages/settings/fixtures.js'
import { purposesFixture } from '../src/pages/purposes/fixtures.js'
import { PREVIEW_MARKER_NAMESPACE } from '../src/pages/settings/settings-preview.js'

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

function type(input: HTMLInputElement, value: string) {
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
}

function tick(input: HTMLInputElement, checked: boolean) {
  input.checked = checked
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }))
}

/** An element in a section's shadow root (`section` is the tag suffix: `origins`, `keys`, …). */
function inSection<T extends Element = HTMLInputElement>(
  el: TesseraConsoleSettings,
  section: string,
  selector: string
) {
  const host = el.shadowRoot!.querySelector(`tessera-console-settings-${section}`)
  return (host?.shadowRoot?.querySelector<T>(selector) ?? null) as T
}

const sectionText = (el: TesseraConsoleSettings, section: string, selector: string) =>
  inSection<HTMLElement>(el, section, selector)?.textContent?.trim() ?? ''

function saveSection(el: TesseraConsoleSettings, section: string) {
  inSection<HTMLButtonElement>(el, section, 'button.save').click()
}

async function mount(
  options: ConsoleFixtureOptions & {
    canEdit?: boolean
    canManageKeys?: boolean
    settings?: SettingsFixtureOptions
    extra?: FixtureRoute[]
  } = {}
) {
  const settings = settingsFixture(options.settings)
  const purposes = purposesFixture()
  const api = consoleFixture({
    ...options,
    routes: [...(options.extra ?? []), settings.route, purposes.route],
  })
  const token = api.signIn()
  const el = document.createElement('tessera-console-settings')
  el.api = new ConsoleApi(FIXTURE_API_BASE, token, api.fetch)
  el.canEdit = options.canEdit ?? true
  el.canManageKeys = options.canManageKeys ?? true
  el.roleLabel = options.role ?? 'owner'
  document.body.append(el)
  await until(
    () => !!inSection(el, 'origins', 'form') && !!inSection(el, 'retention', 'form'),
    'the sections'
  )
  return { el, api, settings }
}

const patches = (api: ReturnType<typeof consoleFixture>) => api.requests.filter((r) => r.method === 'PATCH')

describe('Settings page sections', () => {
  it('shows every part of the tenant and is axe clean', async () => {
    const { el } = await mount()
    expect((inSection(el, 'locales', '#locales-en') as HTMLInputElement).checked).toBe(true)
    expect(inSection<HTMLSelectElement>(el, 'locales', '#defaultLocale').value).toBe('ko')
    expect(sectionText(el, 'origins', 'li code')).toBe('https://clinic.example')
    expect(inSection(el, 'retention', '#settings-imageRetentionHours').value).toBe('24')
    expect(sectionText(el, 'retention', '#settings-imageRetentionHours-hint')).toContain(
      'The platform allows at most 24'
    )
    expect(inSection(el, 'dormancy', '#settings-dormancyDays').value).toBe('365')
    expect(inSection(el, 'mail', '#settings-newsletterRatePerSecond').value).toBe('20')
    expect(inSection(el, 'uploads', '#settings-uploadMaxFiles').value).toBe('20')
    expect(inSection(el, 'branding', '#branding-primaryColor').value).toBe('#0b5fff')
    await until(() => !!inSection(el, 'keys', 'tbody tr'), 'the keys')
    expect(await violations(el)).toEqual([])
  })

  it('refuses a bad origin beside the field before any request, HTML included, then adds and saves one with If-Match', async () => {
    const { el, api, settings } = await mount()
    const input = inSection(el, 'origins', '#new-origin')
    for (const bad of ['clinic.example', 'https://clinic.example/path', '<img src=x onerror=alert(1)>']) {
      type(input, bad)
      inSection<HTMLButtonElement>(el, 'origins', 'button.add').click()
      await until(() => !!inSection(el, 'origins', '#newOrigin-error'), 'the origin error')
      expect(sectionText(el, 'origins', '#newOrigin-error')).toContain(
        'Enter an origin such as https://clinic.example'
      )
      expect(input.getAttribute('aria-invalid')).toBe('true')
      expect(input.getAttribute('aria-describedby')).toBe('newOrigin-error')
      expect(
        el.shadowRoot!.querySelector('tessera-console-settings-origins')!.shadowRoot!.activeElement
      ).toBe(input)
    }
    expect(inSection(el, 'origins', 'img')).toBeNull()
    expect(await violations(el)).toEqual([])

    type(input, 'https://clinic.example')
    inSection<HTMLButtonElement>(el, 'origins', 'button.add').click()
    await until(() => sectionText(el, 'origins', '#newOrigin-error').includes('already on the list'))

    const tag = settings.etag()
    type(input, 'https://partner.example:8443')
    inSection<HTMLButtonElement>(el, 'origins', 'button.add').click()
    await until(
      () =>
        el.shadowRoot!.querySelector('tessera-console-settings-origins')!.shadowRoot!.querySelectorAll('li')
          .length === 2
    )
    expect(patches(api)).toEqual([])
    saveSection(el, 'origins')
    await until(() => sectionText(el, 'origins', '[role="status"]') === 'Allowed origins saved.')
    const patch = patches(api)[0]!
    expect(patch.body).toEqual({ allowedOrigins: ['https://clinic.example', 'https://partner.example:8443'] })
    expect(settings.state.tenant.allowedOrigins).toEqual([
      'https://clinic.example',
      'https://partner.example:8443',
    ])
    expect(settings.etag()).not.toBe(tag)
  })

  it('country and website: checked here, an unknown country refused by the API, saved upper-case', async () => {
    const { el, api, settings } = await mount()
    const country = inSection(el, 'organisation', '#country')
    expect(country.value).toBe('KR')
    type(country, 'Korea')
    type(inSection(el, 'organisation', '#website'), 'clinic.example')
    saveSection(el, 'organisation')
    await until(() => !!inSection(el, 'organisation', '#country-error'))
    expect(sectionText(el, 'organisation', '#country-error')).toBe(
      'Enter a two-letter country code such as KR.'
    )
    expect(sectionText(el, 'organisation', '#website-error')).toContain('https://')
    expect(patches(api)).toEqual([])

    type(country, 'XX')
    type(inSection(el, 'organisation', '#website'), '')
    saveSection(el, 'organisation')
    await until(() => sectionText(el, 'organisation', '#country-error') === 'The selected country is invalid')
    expect(patches(api)[0]!.body).toEqual({ country: 'XX', website: null })

    type(country, 'de')
    saveSection(el, 'organisation')
    await until(() => sectionText(el, 'organisation', '[role="status"]') === 'Country and website saved.')
    expect(patches(api)[1]!.body).toEqual({ country: 'DE', website: null })
    expect(settings.state.tenant).toMatchObject({ country: 'DE', website: null })
    expect(country.value).toBe('DE')
  })

  it('sends the ETag as If-Match with every save', async () => {
    let ifMatch: string | null = null
    const spy: FixtureRoute = (r) => {
      if (r.method === 'PATCH') ifMatch = r.headers.get('if-match')
      return null
    }
    const { el, settings } = await mount({ extra: [spy] })
    const tag = settings.etag()
    type(inSection(el, 'retention', '#settings-imageRetentionHours'), '12')
    saveSection(el, 'retention')
    await until(
      () => sectionText(el, 'retention', '[role="status"]') === 'Retention and notice settings saved.'
    )
    expect(ifMatch).toBe(tag)
    expect(settings.state.tenant.settings.imageRetentionHours).toBe(12)
  })

  it('shows an API error about one origin beside that row', async () => {
    const { el, api } = await mount({
      settings: { tenant: { allowedOrigins: ['https://ok.example', 'https://old.example/path'] } },
    })
    type(inSection(el, 'origins', '#new-origin'), 'https://new.example')
    inSection<HTMLButtonElement>(el, 'origins', 'button.add').click()
    await until(
      () =>
        el.shadowRoot!.querySelector('tessera-console-settings-origins')!.shadowRoot!.querySelectorAll('li')
          .length === 3
    )
    saveSection(el, 'origins')
    await until(() => !!inSection(el, 'origins', '#allowedOrigins-1-error'), 'the row error')
    expect(sectionText(el, 'origins', '#allowedOrigins-1-error')).toContain('must be an origin')
    expect(inSection(el, 'origins', '#allowedOrigins-1').getAttribute('aria-describedby')).toBe(
      'allowedOrigins-1-error'
    )
    expect(inSection(el, 'origins', '#allowedOrigins-0-error')).toBeNull()
    expect(sectionText(el, 'origins', '[role="alert"]')).toContain('Please correct the fields')
    expect(patches(api)).toHaveLength(1)
    expect(await violations(el)).toEqual([])
  })

  it('checks languages, and shows an unknown locale refused by the API beside the languages', async () => {
    const refuse: FixtureRoute = (r) =>
      r.method === 'PATCH' && r.body?.locales
        ? invalidFields([{ field: 'locales.1', message: 'The selected locales.1 is invalid', rule: 'in' }])
        : null
    const { el, api } = await mount({ extra: [refuse] })
    tick(inSection(el, 'locales', '#locales-en'), false)
    tick(inSection(el, 'locales', '#locales-ko'), false)
    saveSection(el, 'locales')
    await until(() => !!inSection(el, 'locales', '#locales-error'))
    expect(sectionText(el, 'locales', '#locales-error')).toBe('Choose at least one language.')
    expect(patches(api)).toEqual([])

    tick(inSection(el, 'locales', '#locales-en'), true)
    const select = inSection<HTMLSelectElement>(el, 'locales', '#defaultLocale')
    select.value = 'en'
    select.dispatchEvent(new Event('change'))
    saveSection(el, 'locales')
    await until(() => sectionText(el, 'locales', '#locales-error') === 'The selected locales.1 is invalid')
    expect(inSection(el, 'locales', '#locales-en').getAttribute('aria-invalid')).toBe('true')
    expect(await violations(el)).toEqual([])
  })

  it('refuses retention beyond the platform cap beside the field, and sends numbers', async () => {
    const { el, api, settings } = await mount()
    const hours = inSection(el, 'retention', '#settings-imageRetentionHours')
    type(hours, '25')
    type(inSection(el, 'retention', '#settings-timeZone'), '<b>Mars/Olympus</b>')
    saveSection(el, 'retention')
    await until(() => !!inSection(el, 'retention', '#settings-imageRetentionHours-error'))
    expect(sectionText(el, 'retention', '#settings-imageRetentionHours-error')).toBe(
      'Enter a whole number from 1 to 24.'
    )
    expect(hours.getAttribute('aria-describedby')).toBe(
      'settings-imageRetentionHours-hint settings-imageRetentionHours-error'
    )
    expect(sectionText(el, 'retention', '#settings-timeZone-error')).toContain('IANA time zone')
    expect(
      el.shadowRoot!.querySelector('tessera-console-settings-retention')!.shadowRoot!.activeElement
    ).toBe(hours)
    expect(patches(api)).toEqual([])

    type(hours, '6')
    type(inSection(el, 'retention', '#settings-timeZone'), 'Europe/Berlin')
    tick(inSection(el, 'retention', '#settings-notifyMinorChangesByEmail'), true)
    saveSection(el, 'retention')
    await until(
      () => sectionText(el, 'retention', '[role="status"]') === 'Retention and notice settings saved.'
    )
    expect(patches(api)[0]!.body).toEqual({
      settings: { imageRetentionHours: 6, timeZone: 'Europe/Berlin', notifyMinorChangesByEmail: true },
    })
    expect(settings.state.tenant.settings.imageRetentionHours).toBe(6)
  })

  it('turns quiet hours on with times and a zone, as one object', async () => {
    const { el, api } = await mount()
    tick(inSection(el, 'mail', '#settings-quietHours'), true)
    await until(() => !!inSection(el, 'mail', '#settings-quietHours-start'))
    type(inSection(el, 'mail', '#settings-quietHours-start'), '22:00')
    type(inSection(el, 'mail', '#settings-newsletterRatePerSecond'), '5000')
    saveSection(el, 'mail')
    await until(() => !!inSection(el, 'mail', '#settings-newsletterRatePerSecond-error'))
    expect(sectionText(el, 'mail', '#settings-newsletterRatePerSecond-hint')).toContain('at most 1000')
    type(inSection(el, 'mail', '#settings-newsletterRatePerSecond'), '50')
    saveSection(el, 'mail')
    await until(() => sectionText(el, 'mail', '[role="status"]') === 'Newsletter settings saved.')
    expect(patches(api)[0]!.body).toEqual({
      settings: {
        quietHours: { start: '22:00', end: '08:00', timezone: 'Asia/Seoul' },
        newsletterRatePerSecond: 50,
      },
    })
  })

  it('two admins: a save after someone else saved is a 412 conflict with a reload; nothing is overwritten', async () => {
    const { el, api, settings } = await mount()
    type(inSection(el, 'origins', '#new-origin'), 'https://draft.example')
    inSection<HTMLButtonElement>(el, 'origins', 'button.add').click()
    settings.saveElsewhere({ officer: { name: 'Park Seoyeon' } })

    const officer = el.shadowRoot!.querySelector<HTMLInputElement>('#officer-name')!
    type(officer, 'Lee Jiwoo')
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await until(() => !!el.shadowRoot!.querySelector('.conflict button'), 'the conflict')
    expect(el.shadowRoot!.querySelector('.conflict')!.getAttribute('role')).toBe('alert')
    expect(el.shadowRoot!.querySelector('.conflict')!.textContent).toContain(
      'Someone else changed these settings'
    )
    expect(el.shadowRoot!.activeElement).toBe(el.shadowRoot!.querySelector('.conflict button'))
    expect(settings.state.tenant.officer.name).toBe('Park Seoyeon')
    expect(patches(api)).toHaveLength(1)
    expect(await violations(el)).toEqual([])

    // Saving another section with the same stale tag is refused too.
    saveSection(el, 'origins')
    await until(() => patches(api).length === 2)
    await until(
      () => !inSection<HTMLButtonElement>(el, 'origins', 'button.save').disabled,
      'the refused save done'
    )
    expect(settings.state.tenant.allowedOrigins).toEqual(['https://clinic.example'])

    el.shadowRoot!.querySelector<HTMLButtonElement>('.conflict button')!.click()
    await until(() => officer.value === 'Park Seoyeon', 'the reloaded officer')
    await until(
      () =>
        el.shadowRoot!.querySelector('tessera-console-settings-origins')!.shadowRoot!.querySelectorAll('li')
          .length === 1
    )
    expect(el.shadowRoot!.querySelector('.conflict button')).toBeNull()
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).toBe('Settings reloaded.')

    type(officer, 'Lee Jiwoo')
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await until(() => settings.state.tenant.officer.name === 'Lee Jiwoo')
  })

  it('keeps unsaved edits of one section while another is saved', async () => {
    const { el } = await mount()
    type(inSection(el, 'dormancy', '#settings-dormancyDays'), '400')
    type(inSection(el, 'retention', '#settings-usageRecordDays'), '100')
    saveSection(el, 'retention')
    await until(
      () => sectionText(el, 'retention', '[role="status"]') === 'Retention and notice settings saved.'
    )
    await el.updateComplete
    expect(inSection(el, 'dormancy', '#settings-dormancyDays').value).toBe('400')
    saveSection(el, 'dormancy')
    await until(() => sectionText(el, 'dormancy', '[role="status"]') === 'Dormancy settings saved.')
  })

  it('HTML pasted into every field is refused beside it and stays text', async () => {
    const { el, api } = await mount()
    const html = '<img src=x onerror="window.__pwned=1">'
    const texts: Array<[string, string]> = [
      ['organisation', '#country'],
      ['organisation', '#website'],
      ['retention', '#settings-timeZone'],
      ['retention', '#settings-imageRetentionHours'],
      ['dormancy', '#settings-dormancyDays'],
      ['mail', '#settings-newsletterRatePerSecond'],
      ['uploads', '#settings-uploadMaxFiles'],
      ['branding', '#branding-primaryColor'],
      ['branding', '#branding-fontFamily'],
      ['branding', '#branding-radius'],
    ]
    for (const [section, selector] of texts) type(inSection(el, section, selector), html)
    for (const section of new Set(texts.map(([s]) => s))) saveSection(el, section)
    for (const [section, selector] of texts) {
      await until(() => !!inSection(el, section, `${selector}-error`), `${section} ${selector} error`)
      expect(inSection(el, section, selector).value).toBe(html)
      expect(inSection(el, section, selector).getAttribute('aria-invalid')).toBe('true')
    }
    // The company fields go to the API, which refuses markup beside them.
    el.shadowRoot!.querySelectorAll<HTMLInputElement>('#name, #legalName, #officer-name').forEach((i) =>
      type(i, html)
    )
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await until(() => !!el.shadowRoot!.querySelector('#name-error'), 'the company errors')
    expect(el.shadowRoot!.querySelector('#legalName-error')).not.toBeNull()
    expect(patches(api)).toHaveLength(1)
    for (const name of [
      'organisation',
      'locales',
      'origins',
      'retention',
      'dormancy',
      'mail',
      'uploads',
      'branding',
      'keys',
    ])
      expect(
        el.shadowRoot!.querySelector(`tessera-console-settings-${name}`)!.shadowRoot!.querySelector('img')
      ).toBeNull()
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined()
    expect(await violations(el)).toEqual([])
  })

  it('a session that ended during a save fires console-session-ended', async () => {
    const { el, api } = await mount()
    const ended = vi.fn()
    el.addEventListener('console-session-ended', ended)
    api.tokens.clear()
    type(inSection(el, 'dormancy', '#settings-dormancyDays'), '400')
    saveSection(el, 'dormancy')
    await until(() => ended.mock.calls.length === 1)
  })

  it('is read-only without tenant.update, and without keys.manage shows no keys', async () => {
    const { el, api } = await mount({ role: 'analyst', canEdit: false, canManageKeys: false })
    for (const section of [
      'organisation',
      'locales',
      'origins',
      'retention',
      'dormancy',
      'mail',
      'uploads',
      'branding',
    ]) {
      const root = el.shadowRoot!.querySelector(`tessera-console-settings-${section}`)!.shadowRoot!
      for (const control of root.querySelectorAll<HTMLInputElement>('form input, form select'))
        expect(control.disabled).toBe(true)
      expect(root.querySelector('button.save')).toBeNull()
    }
    expect(inSection(el, 'origins', '#new-origin')).toBeNull()
    expect(el.shadowRoot!.querySelector('tessera-console-settings-keys')).toBeNull()
    expect(api.requests.every((r) => r.method === 'GET')).toBe(true)
    expect(await violations(el)).toEqual([])
  })

  it('speaks Korean in every section', async () => {
    const { el } = await mount()
    el.locale = 'ko'
    await el.updateComplete
    await until(() => sectionText(el, 'origins', 'h2') === '허용 출처')
    expect(sectionText(el, 'retention', 'label[for="settings-imageRetentionHours"]')).toBe(
      '이미지 삭제 시점(시간)'
    )
    expect(sectionText(el, 'keys', 'h2')).toBe('API 키')
    expect(await violations(el)).toEqual([])
  })
})

describe('API keys', () => {
  it('creates a secret key shown once with a copy button; afterwards only its first characters', async () => {
    const { el, api } = await mount()
    await until(() => !!inSection(el, 'keys', 'tbody tr'))
    inSection<HTMLSelectElement>(el, 'keys', '#key-kind').value = 'secret'
    type(inSection(el, 'keys', '#key-label'), 'CI server')
    inSection<HTMLButtonElement>(el, 'keys', 'button.create-key').click()
    await until(() => !!inSection(el, 'keys', '#issued-key'), 'the issued key')
    const issued = inSection(el, 'keys', '#issued-key')
    expect(issued.value).toMatch(/^sk_live_Issued0001/)
    expect(issued.readOnly).toBe(true)
    expect(sectionText(el, 'keys', '#issued-note')).toContain('shown this once')
    expect(inSection(el, 'keys', 'button.copy')).not.toBeNull()
    expect(sectionText(el, 'keys', '[role="status"]')).toBe('“CI server” created.')
    expect(api.requests.find((r) => r.method === 'POST')!.body).toEqual({
      kind: 'secret',
      label: 'CI server',
    })
    expect(await violations(el)).toEqual([])

    inSection<HTMLButtonElement>(el, 'keys', 'button.done').click()
    await until(() => !inSection(el, 'keys', '#issued-key'))
    const root = el.shadowRoot!.querySelector('tessera-console-settings-keys')!.shadowRoot!
    expect(root.innerHTML).not.toContain('Issued0001FixtureKeyMaterial')
    expect(root.textContent).toContain('sk_live_Issu…')
  })

  it('revokes a key only after confirming; Cancel leaves it', async () => {
    const { el, api } = await mount()
    await until(() => !!inSection(el, 'keys', 'button[data-revoke="key_fixture_sk1"]'))
    inSection<HTMLButtonElement>(el, 'keys', 'button[data-revoke="key_fixture_sk1"]').click()
    await until(() => !!inSection(el, 'keys', '.confirm'))
    expect(sectionText(el, 'keys', '.confirm')).toContain('Revoke “Default secret key” (sk_live_Qm2b…)?')
    expect(await violations(el)).toEqual([])
    inSection<HTMLButtonElement>(el, 'keys', '.confirm button.secondary').click()
    await until(() => !inSection(el, 'keys', '.confirm'))
    expect(api.requests.some((r) => r.method === 'DELETE')).toBe(false)

    inSection<HTMLButtonElement>(el, 'keys', 'button[data-revoke="key_fixture_sk1"]').click()
    await until(() => !!inSection(el, 'keys', '.confirm button.danger'))
    inSection<HTMLButtonElement>(el, 'keys', '.confirm button.danger').click()
    await until(() => sectionText(el, 'keys', '[role="status"]') === '“Default secret key” is revoked.')
    expect(api.requests.find((r) => r.method === 'DELETE')!.path).toBe('/v1/admin/keys/key_fixture_sk1')
    expect(sectionText(el, 'keys', 'tr[data-key="key_fixture_sk1"]')).toContain('Revoked')
    expect(inSection(el, 'keys', 'button[data-revoke="key_fixture_sk1"]')).toBeNull()
  })

  it('shows HTML pasted as a key name refused beside the name, as text', async () => {
    const { el } = await mount()
    await until(() => !!inSection(el, 'keys', 'tbody tr'))
    type(inSection(el, 'keys', '#key-label'), '<img src=x onerror=alert(1)>')
    inSection<HTMLButtonElement>(el, 'keys', 'button.create-key').click()
    await until(() => !!inSection(el, 'keys', '#key-label-error'))
    expect(inSection(el, 'keys', '#key-label').getAttribute('aria-invalid')).toBe('true')
    expect(inSection(el, 'keys', 'img')).toBeNull()
  })
})

describe('Branding and the live preview', () => {
  const previewOf = (el: TesseraConsoleSettings) =>
    el
      .shadowRoot!.querySelector('tessera-console-settings-branding')!
      .shadowRoot!.querySelector('tessera-console-widget-preview')!

  it('applies a valid colour to the real widgets at once (computed style), ignores an invalid one, saves', async () => {
    const { el, api } = await mount()
    const preview = previewOf(el)
    await until(
      () =>
        !!preview.shadowRoot?.querySelector('tessera-privacy-contact')?.shadowRoot?.querySelector('.heading'),
      'the contact card'
    )
    const heading = () =>
      preview.shadowRoot!.querySelector('tessera-privacy-contact')!.shadowRoot!.querySelector('.heading')!
    expect(getComputedStyle(heading()).color).toBe('rgb(11, 95, 255)')

    type(inSection(el, 'branding', '#branding-primaryColor'), '#c2185b')
    await until(() => getComputedStyle(heading()).color === 'rgb(194, 24, 91)', 'the new colour')
    type(inSection(el, 'branding', '#branding-primaryColor'), 'red;}</style><script>')
    await until(() => getComputedStyle(heading()).color === 'rgb(11, 95, 255)', 'the saved colour back')
    // The widgets found the console's marker and put no theme style sheet on the page (the console's
    // CSP would refuse one; e2e/console-settings.test.mjs runs under it).
    expect(document.head.querySelector('style[data-tessera-theme]')!.namespaceURI).toBe(
      PREVIEW_MARKER_NAMESPACE
    )
    expect(document.head.querySelectorAll('style[data-tessera-theme]')).toHaveLength(1)

    // The consent form is the real one, listing the purposes of the policy in effect (shown on request).
    expect(preview.shadowRoot!.querySelector('tessera-consent')).toBeNull()
    const toggle = preview.shadowRoot!.querySelector<HTMLButtonElement>('button.toggle')!
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    toggle.click()
    await until(() => !!preview.shadowRoot!.querySelector('tessera-consent'), 'the consent form')
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    await until(
      () =>
        !!preview
          .shadowRoot!.querySelector('tessera-consent')!
          .shadowRoot!.textContent!.includes('Analysing your images'),
      'the consent form'
    )

    saveSection(el, 'branding')
    await until(() => !!inSection(el, 'branding', '#branding-primaryColor-error'))
    expect(patches(api)).toEqual([])
    type(inSection(el, 'branding', '#branding-primaryColor'), '#c2185b')
    type(inSection(el, 'branding', '#branding-radius'), '12px')
    saveSection(el, 'branding')
    await until(() => sectionText(el, 'branding', '[role="status"]') === 'Branding saved.')
    expect(patches(api)[0]!.body).toEqual({ branding: { primaryColor: '#c2185b', radius: '12px' } })
    expect(await violations(el)).toEqual([])
  })

  it('uploads a logo with If-Match; a wrong type is refused beside the file field', async () => {
    const sent: (string | null)[] = []
    const spy: FixtureRoute = (r) => {
      if (r.method === 'PUT') sent.push(r.headers.get('if-match'))
      return null
    }
    const { el, api, settings } = await mount({ extra: [spy] })
    const file = inSection(el, 'branding', '#logo')
    const choose = (f: File) => {
      const list = new DataTransfer()
      list.items.add(f)
      file.files = list.files
      file.dispatchEvent(new Event('change'))
    }
    choose(new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' }))
    inSection<HTMLButtonElement>(el, 'branding', 'button.upload-logo').click()
    await until(() => !!inSection(el, 'branding', '#logo-error'))
    expect(sectionText(el, 'branding', '#logo-error')).toBe('Choose a PNG, JPEG or WebP image.')
    choose(new File([new Uint8Array(600 * 1024)], 'big.png', { type: 'image/png' }))
    inSection<HTMLButtonElement>(el, 'branding', 'button.upload-logo').click()
    await until(() => sectionText(el, 'branding', '#logo-error') === 'The image is larger than 512 KB.')
    expect(api.requests.some((r) => r.method === 'PUT')).toBe(false)

    const tag = settings.etag()
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])
    choose(new File([png], 'logo.png', { type: 'image/png' }))
    api.requests.length = 0
    inSection<HTMLButtonElement>(el, 'branding', 'button.upload-logo').click()
    await until(() => sectionText(el, 'branding', '[role="status"]') === 'Logo uploaded.')
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'PUT /v1/admin/tenant/logo',
      'GET /v1/admin/tenant',
    ])
    expect(sent).toEqual([tag])
    expect(settings.etag()).not.toBe(tag)
    await until(() => !!inSection(el, 'branding', '.logo img'))
  })
})
