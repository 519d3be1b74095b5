import axe from 'axe-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConsoleApi } from '../src/index.js'
import { PAGES } from '../src/pages.js'
import { FIXTURE_API_BASE, consoleFixture } from '../src/fixtures.js'
import type { ConsoleFixtureOptions } from '../src/fixtures.js'
import { policyFixture } from '../src/pages/policy/fixtures.js'
import type { PolicyFixtureOptions } from '../src/pages/policy/fixtures.js'
import { TesseraConsolePolicy } from '../src/pages/policy/console-policy.js'
import { suggestedEffective } from '../src/pages/policy/console-policy-publish.js'
import { toLocalInput } from '../src/pages/policy/shared.js'

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
    { timeout: 3000 }
  )
}

/** The page and its parts (each a shadow root of its own). */
function parts(el: TesseraConsolePolicy) {
  const page = el.shadowRoot!
  const child = (tag: string) => page.querySelector(tag)?.shadowRoot ?? null
  return {
    page,
    editor: () => child('tessera-console-policy-editor'),
    publish: () => child('tessera-console-policy-publish'),
    review: () => child('tessera-console-policy-review'),
  }
}

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
}

type Mount = ConsoleFixtureOptions &
  PolicyFixtureOptions & { canEdit?: boolean; canPublish?: boolean; versionId?: string; locale?: 'en' | 'ko' }

async function mount(options: Mount = {}) {
  const policy = policyFixture(options)
  const api = consoleFixture({ ...options, routes: [policy.route] })
  const token = api.signIn()
  const el = document.createElement('tessera-console-policy')
  el.api = new ConsoleApi(FIXTURE_API_BASE, token, api.fetch)
  el.canEdit = options.canEdit ?? true
  el.canPublish = options.canPublish ?? true
  el.roleLabel = options.role ?? 'owner'
  el.locale = options.locale ?? 'en'
  if (options.versionId) el.versionId = options.versionId
  document.body.append(el)
  const p = parts(el)
  if (!options.offline)
    await until(
      () => !!p.page.querySelector(options.versionId ? '#version-title' : '#group-effective'),
      'the version list or the version'
    )
  return { el, api, policy, ...p }
}

async function openDraft(m: Awaited<ReturnType<typeof mount>>) {
  m.page.querySelector<HTMLButtonElement>('#new-draft')!.click()
  await until(() => !!m.editor()?.querySelector('#label'), 'the editor')
  await until(() => !!m.publish()?.querySelector('#effective-at'), 'the publish form')
  await until(() => !!m.review()?.querySelector('iframe'), 'the preview')
}

const requestsTo = (m: Awaited<ReturnType<typeof mount>>, method: string, suffix: RegExp) =>
  m.api.requests.filter((r) => r.method === method && suffix.test(r.path))

describe('<tessera-console-policy>', () => {
  it('is the Policy page of the console, shown with tenant.read', () => {
    const page = PAGES.find((p) => p.path === 'policy')
    expect(page).toMatchObject({ label: 'navPolicy', permission: 'tenant.read' })
    expect(customElements.get('tessera-console-policy')).toBe(TesseraConsolePolicy)
  })

  it('lists the versions by state: in effect, scheduled, drafts and past', async () => {
    const m = await mount({ withDraft: true })
    expect(m.page.querySelector('#versions-effective')!.textContent).toContain('v2')
    expect(m.page.querySelector('#versions-superseded')!.textContent).toContain('v1')
    expect(m.page.querySelector('#versions-draft')!.textContent).toContain('v3')
    expect(m.page.querySelector('#group-scheduled + p')!.textContent).toBe('No version is scheduled.')
    expect(await violations(m.el)).toEqual([])
  })

  it('follows the address the shell hands it: a version id opens it, none shows the list', async () => {
    const m = await mount({ withDraft: true })
    m.el.versionId = 'pv_fixture0001'
    await until(() => m.page.querySelector('#version-title')?.textContent?.includes('v1 (Past)') ?? false)
    expect(m.editor()).toBeNull()
    m.el.versionId = ''
    await until(() => !!m.page.querySelector('#group-effective'), 'the list again')
  })

  it('says so when there are no versions yet', async () => {
    const m = await mount({ empty: true })
    expect(m.page.textContent).toContain('No version is in effect yet.')
    expect(m.page.textContent).toContain('No drafts.')
    expect(await violations(m.el)).toEqual([])
  })

  it('a new draft opens in the editor with its preview, changes and publication facts', async () => {
    const m = await mount({ members: 41 })
    await openDraft(m)
    expect(requestsTo(m, 'POST', /\/versions$/)[0]!.body).toEqual({ basedOn: 'latest' })
    expect(m.page.querySelector('#version-title')!.textContent).toContain('v3 (Draft)')
    expect(m.page.querySelector('[role="status"]')!.textContent).toBe('Draft v3 created.')
    expect(m.editor()!.querySelector<HTMLInputElement>('#items-1-label-en')!.value).toBe(
      'Medical images you upload'
    )
    const frame = m.review()!.querySelector('iframe')!
    expect(frame.getAttribute('sandbox')).toBe('')
    expect(frame.srcdoc).toContain('<h2>Who we are</h2>')
    // Nothing changed yet: a minor change, 7 days, no mail; the API says the draft is unchanged.
    await until(() => !!m.publish()!.querySelector('#publication-facts'))
    expect(m.publish()!.querySelector('#publication-facts')!.textContent).toContain('Minor change')
    expect(m.publish()!.textContent).toContain('identical to the latest published version')
    expect(await violations(m.el)).toEqual([])
  })

  it('adding an item saves with If-Match and makes the change significant: 30 days, members mailed', async () => {
    const m = await mount({ members: 41 })
    await openDraft(m)
    const editor = m.editor()!
    editor.querySelector<HTMLButtonElement>('#add-item')!.click()
    await until(() => !!editor.querySelector('#items-2-key'))
    expect(editor.activeElement?.id).toBe('items-2-key')
    type(editor.querySelector('#items-2-key')!, 'phone')
    type(editor.querySelector('#items-2-label-en')!, 'Phone number')
    type(editor.querySelector('#items-2-label-ko')!, '전화번호')
    editor.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await until(() => editor.querySelector('[role="status"]')!.textContent === 'Draft saved.')

    const patch = requestsTo(m, 'PATCH', /\/versions\/pv_new0001$/)[0]!
    expect(Object.keys(patch.body as object)).toEqual(['items'])
    await until(() => m.publish()!.querySelector('#publication-facts')!.textContent!.includes('Significant'))
    const facts = m.publish()!.querySelector('#publication-facts')!.textContent!
    expect(facts).toContain('30 days after posting')
    expect(m.publish()!.querySelector('#recipients')!.textContent).toContain('41 members will get an e-mail')
    await until(() => m.review()!.querySelector('#diff')!.textContent!.includes('Item added: Phone number'))
    expect(m.review()!.querySelector('#diff p')!.textContent).toContain('Compared with version v2:')
    expect(await violations(m.el)).toEqual([])
  })

  it('a new purpose: refused beside its key and title first, then saved as a significant change', async () => {
    const m = await mount({ withDraft: true, versionId: 'pv_draft0001' })
    await until(() => !!m.editor()?.querySelector('#add-purpose'), 'the editor')
    const editor = m.editor()!
    editor.querySelector<HTMLButtonElement>('#add-purpose')!.click()
    await until(() => !!editor.querySelector('#purposes-1-key'))
    expect(editor.activeElement?.id).toBe('purposes-1-key')
    type(editor.querySelector('#purposes-1-key')!, 'Research!')
    type(editor.querySelector('#purposes-1-title-en')!, 'Research')
    editor.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await until(() => !!editor.querySelector('#purposes-1-key-error'), 'the key error')
    expect(editor.querySelector('#purposes-1-title-ko-error')!.textContent).toContain('at least 1')
    expect(editor.activeElement?.id).toBe('purposes-1-key')
    expect(await violations(m.el)).toEqual([])

    type(editor.querySelector('#purposes-1-key')!, 'research')
    type(editor.querySelector('#purposes-1-title-ko')!, '연구')
    editor.querySelector<HTMLInputElement>('#purposes-1-items-medical_images')!.click()
    editor.querySelector<HTMLInputElement>('#purposes-1-specialCategory')!.click()
    const basis = editor.querySelector<HTMLSelectElement>('#purposes-1-lawfulBasis')!
    basis.value = 'legitimate_interests'
    basis.dispatchEvent(new Event('change'))
    editor.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await until(() => editor.querySelector('[role="status"]')!.textContent === 'Draft saved.')
    const saved = m.policy.versions.find((v) => v.id === 'pv_draft0001')!.content.purposes[1]!
    expect(saved).toMatchObject({
      key: 'research',
      lawfulBasis: 'legitimate_interests',
      specialCategory: true,
      consentBased: true,
      items: ['medical_images'],
      title: { en: 'Research', ko: '연구' },
    })
    await until(() => m.publish()!.querySelector('#publication-facts')!.textContent!.includes('Significant'))
  })

  it('says when the tenant settings moved on, and takes them into the draft on request', async () => {
    const m = await mount({ withDraft: true, versionId: 'pv_draft0001', drift: true })
    await until(() => !!m.review()?.querySelector('#drift'), 'the drift notice')
    expect(m.review()!.querySelector('#drift')!.textContent).toContain(
      'Image retention (hours): 24 in the text, 48 now'
    )
    expect(await violations(m.el)).toEqual([])
    m.editor()!.querySelector<HTMLButtonElement>('#refresh-from-tenant')!.click()
    await until(() => m.editor()!.querySelector('[role="status"]')!.textContent === 'Draft saved.')
    const patch = m.api.requests.find((r) => r.method === 'PATCH')!
    expect(patch.body).toEqual({ refreshFromTenant: true })
    await until(() => !m.review()!.querySelector('#drift'), 'the notice gone')
  })

  it('sends the ETag it read as If-Match; another admin’s save answers 412, shown with a reload', async () => {
    const m = await mount({ withDraft: true, versionId: 'pv_draft0001' })
    await until(() => !!m.editor()?.querySelector('#label'), 'the editor')
    const editor = m.editor()!
    type(editor.querySelector('#prose-en-0-title')!, 'About us')
    m.policy.editElsewhere('pv_draft0001', (c) => {
      c.prose.en[1]!.title = 'Contact (edited elsewhere)'
    })
    editor.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await until(() => !!editor.querySelector('#reload'), 'the conflict')
    expect(editor.querySelector('[role="alert"]')!.textContent).toContain('Someone else changed this draft')
    // The typed text is kept until the admin chooses to reload.
    expect(editor.querySelector<HTMLInputElement>('#prose-en-0-title')!.value).toBe('About us')
    expect(await violations(m.el)).toEqual([])

    editor.querySelector<HTMLButtonElement>('#reload')!.click()
    await until(() => !editor.querySelector('#reload'))
    expect(editor.querySelector<HTMLInputElement>('#prose-en-1-title')!.value).toBe(
      'Contact (edited elsewhere)'
    )
    type(editor.querySelector('#prose-en-0-title')!, 'About us')
    editor.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await until(() => editor.querySelector('[role="status"]')!.textContent === 'Draft saved.')
    const patches = m.api.requests.filter((r) => r.method === 'PATCH')
    expect(patches).toHaveLength(2)
    const stored = m.policy.versions.find((v) => v.id === 'pv_draft0001')!
    expect(stored.content.prose.en.map((s) => s.title)).toEqual(['About us', 'Contact (edited elsewhere)'])
  })

  it('a section over the size limit is refused beside its field, in the language it is in', async () => {
    const m = await mount({ withDraft: true, versionId: 'pv_draft0001' })
    await until(() => !!m.editor()?.querySelector('#label'), 'the editor')
    const editor = m.editor()!
    editor.querySelector<HTMLInputElement>('input[name="prose-locale"][value="ko"]')!.click()
    await until(() => !!editor.querySelector('#prose-ko-1-body'))
    type(editor.querySelector('#prose-ko-1-body')!, '가'.repeat(20_001))
    editor.querySelector<HTMLInputElement>('input[name="prose-locale"][value="en"]')!.click()
    await until(() => !editor.querySelector('#prose-ko-1-body'))
    editor.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await until(() => !!editor.querySelector('#prose-ko-1-body-error'), 'the error beside the field')
    const field = editor.querySelector('#prose-ko-1-body')!
    expect(field.getAttribute('aria-invalid')).toBe('true')
    expect(field.getAttribute('aria-describedby')).toContain('prose-ko-1-body-error')
    expect(editor.querySelector('#prose-ko-1-body-error')!.textContent).toContain('20000')
    expect(editor.activeElement?.id).toBe('prose-ko-1-body')
    expect(await violations(m.el)).toEqual([])
  })

  it('a policy over the request size limit is refused with a plain explanation, nothing saved', async () => {
    const m = await mount({ withDraft: true, versionId: 'pv_draft0001' })
    await until(() => !!m.editor()?.querySelector('#label'), 'the editor')
    const editor = m.editor()!
    type(editor.querySelector('#prose-en-0-body')!, 'x'.repeat(1_100_000))
    editor.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await until(() => editor.querySelector('[role="alert"]')!.textContent!.includes('too large'))
    expect(m.policy.versions.find((v) => v.id === 'pv_draft0001')!.content.prose.en[0]!.body).toBe(
      '{{ tenant.name }} runs this service.'
    )
    expect(await violations(m.el)).toEqual([])
  })

  it('a label the API refuses is marked beside the label field; HTML typed anywhere stays text', async () => {
    const m = await mount({ withDraft: true, versionId: 'pv_draft0001' })
    await until(() => !!m.editor()?.querySelector('#label'), 'the editor')
    const editor = m.editor()!
    const markup = '<img src=x onerror="window.__pwned=1"><b>bold</b>'
    type(editor.querySelector('#label')!, markup)
    type(editor.querySelector('#prose-en-0-title')!, markup)
    type(editor.querySelector('#items-0-label-en')!, markup)
    editor.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await until(() => !!editor.querySelector('#label-error'))
    expect(editor.querySelector('#label-error')!.textContent).toBe('The label field format is invalid')
    expect(editor.activeElement?.id).toBe('label')

    type(editor.querySelector('#label')!, 'v3')
    editor.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await until(() => editor.querySelector('[role="status"]')!.textContent === 'Draft saved.')
    await until(() => m.review()!.querySelector('iframe')!.srcdoc.includes('&lt;img'))
    for (const root of [m.page, editor, m.review()!, m.publish()!]) {
      expect(root.querySelector('img, b')).toBeNull()
    }
    expect(editor.querySelector('legend')!.textContent).toContain('<img src=x')
    expect(m.review()!.querySelector('iframe')!.srcdoc).not.toContain('<img')
    expect((window as { __pwned?: number }).__pwned).toBeUndefined()
  })

  it('refuses a too-early date with the API’s reason beside the field, then publishes at the earliest', async () => {
    const m = await mount({ withDraft: true, versionId: 'pv_draft0001', members: 7 })
    await until(() => !!m.editor()?.querySelector('#label'), 'the editor')
    const editor = m.editor()!
    editor.querySelector<HTMLButtonElement>('#add-item')!.click()
    await until(() => !!editor.querySelector('#items-2-key'))
    type(editor.querySelector('#items-2-key')!, 'phone')
    type(editor.querySelector('#items-2-label-en')!, 'Phone number')
    type(editor.querySelector('#items-2-label-ko')!, '전화번호')
    editor.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await until(() => !!m.publish()?.querySelector('#recipients'), 'the facts')
    await until(() => m.publish()!.querySelector('#recipients')!.textContent!.includes('7 members'))
    const publish = m.publish()!
    type(publish.querySelector('#effective-at')!, toLocalInput(new Date('2026-12-04T09:00:00Z')))
    publish.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await until(() => !!publish.querySelector('#effective-at-error'), 'the date error')
    expect(publish.querySelector('#effective-at-error')!.textContent).toContain(
      'no earlier than 30 days after posting: the earliest effective date is 2026-12-27 09:00 UTC'
    )
    const date = publish.querySelector('#effective-at')!
    expect(date.getAttribute('aria-invalid')).toBe('true')
    expect(date.getAttribute('aria-describedby')).toContain('effective-at-error')
    expect(publish.activeElement?.id).toBe('effective-at')
    expect(await violations(m.el)).toEqual([])

    // The earliest allowed date, as the API gives it, in whole minutes.
    publish.querySelector<HTMLButtonElement>('#use-earliest')!.click()
    const earliest = suggestedEffective('2026-12-27T09:00:00.000Z')
    await until(() => (date as HTMLInputElement).value === toLocalInput(earliest), 'the earliest date')
    expect(publish.querySelector('#effective-at-error')).toBeNull()
    expect(publish.activeElement?.id).toBe('effective-at')
    publish.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await until(() => m.page.querySelector('#version-title')!.textContent!.includes('Scheduled'))
    const sent = m.api.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/publish'))
    expect(sent.at(-1)!.body).toEqual({ effectiveAt: earliest.toISOString(), locale: 'en' })
    expect(m.page.querySelector('[role="status"]')!.textContent).toContain('Version v3 is published')
    expect(m.editor()).toBeNull()
    expect(m.publish()).toBeNull()
    expect(await violations(m.el)).toEqual([])
  })

  it('will not publish while the editor holds unsaved changes', async () => {
    const m = await mount({ withDraft: true, versionId: 'pv_draft0001' })
    await until(() => !!m.publish()?.querySelector('#effective-at'), 'the publish form')
    type(m.editor()!.querySelector('#prose-en-0-body')!, 'Changed but not saved.')
    await until(() => !!m.publish()!.querySelector('#unsaved-notice'), 'the unsaved notice')
    m.publish()!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await until(() => m.publish()!.querySelector('[role="alert"]')!.textContent!.includes('not saved'))
    expect(m.api.requests.filter((r) => r.path.endsWith('/publish'))).toEqual([])
    expect(await violations(m.el)).toEqual([])

    m.editor()!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await until(() => !m.publish()!.querySelector('#unsaved-notice'), 'the notice gone after saving')
  })

  it('publishing a draft someone changed meanwhile answers 412 and offers a reload', async () => {
    const m = await mount({ withDraft: true, versionId: 'pv_draft0001' })
    await until(() => !!m.publish()?.querySelector('#effective-at'), 'the publish form')
    m.policy.editElsewhere('pv_draft0001', (c) => void (c.prose.en[0]!.body += ' More.'))
    m.publish()!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await until(() => !!m.publish()!.querySelector('#publish-reload'), 'the conflict')
    expect(m.policy.versions.find((v) => v.id === 'pv_draft0001')!.status).toBe('draft')
    m.publish()!.querySelector<HTMLButtonElement>('#publish-reload')!.click()
    await until(() => !m.publish()!.querySelector('#publish-reload'))
    expect(m.editor()!.querySelector<HTMLTextAreaElement>('#prose-en-0-body')!.value).toContain('More.')
  })

  it('the analyst reads versions and drafts but has no editor, no publishing and no new draft', async () => {
    const m = await mount({ role: 'analyst', canEdit: false, canPublish: false, withDraft: true })
    expect(m.page.querySelector('#new-draft')).toBeNull()
    expect(m.page.querySelector('.notice')!.textContent).toContain('Your role (analyst) may read')
    m.page.querySelector<HTMLButtonElement>('#versions-draft button')!.click()
    await until(() => !!m.review()?.querySelector('iframe'), 'the preview')
    expect(m.editor()).toBeNull()
    expect(m.publish()).toBeNull()
    expect(m.page.textContent).toContain('may read this draft but not edit it')
    expect(await violations(m.el)).toEqual([])
  })

  it('the privacy officer may edit and publish', async () => {
    const m = await mount({ role: 'privacy_officer', withDraft: true, versionId: 'pv_draft0001' })
    await until(() => !!m.editor()?.querySelector('#label') && !!m.publish()?.querySelector('#effective-at'))
  })

  it('an ended session fires console-session-ended', async () => {
    const m = await mount({ withDraft: true, versionId: 'pv_draft0001' })
    await until(() => !!m.editor()?.querySelector('#label'), 'the editor')
    const ended = vi.fn()
    m.el.addEventListener('console-session-ended', ended)
    m.api.tokens.clear()
    type(m.editor()!.querySelector('#label')!, 'v4')
    m.editor()!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click()
    await until(() => ended.mock.calls.length === 1)
  })

  it('offline: says the server could not be reached', async () => {
    const m = await mount({ offline: true })
    await until(() => m.page.querySelector('[role="alert"]')!.textContent!.includes('could not be reached'))
    expect(await violations(m.el)).toEqual([])
  })

  it('speaks Korean', async () => {
    const m = await mount({ locale: 'ko', withDraft: true, versionId: 'pv_draft0001' })
    await until(() => !!m.publish()?.querySelector('#publication-facts'), 'the facts')
    expect(m.page.querySelector('h1')!.textContent).toBe('개인정보 처리방침')
    expect(m.publish()!.querySelector('h2')!.textContent).toBe('게시')
    expect(m.editor()!.querySelector('#editor-title')!.textContent).toBe('초안 편집')
    expect(await violations(m.el)).toEqual([])
  })
})
