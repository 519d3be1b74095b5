import axe from 'axe-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ConsoleApi } from '../src/api.js'
import type { Role } from '../src/api.js'
import { FIXTURE_API_BASE, consoleFixture, memoryStore } from '../src/fixtures.js'
import { TOKEN_KEY } from '../src/api.js'
import '../src/index.js'
import { TesseraConsoleNewsletters } from '../src/pages/newsletters/console-newsletters.js'
import type { TesseraConsoleNewsletterCampaign } from '../src/pages/newsletters/console-newsletter-campaign.js'
import type { TesseraConsoleNewsletterEditor } from '../src/pages/newsletters/console-newsletter-editor.js'
import type { TesseraConsoleNewsletterPreview } from '../src/pages/newsletters/console-newsletter-preview.js'
import { previewDocument } from '../src/pages/newsletters/console-newsletter-preview.js'
import type { TesseraConsoleNewsletterStats } from '../src/pages/newsletters/console-newsletter-stats.js'
import { fixtureCampaigns, newsletterFixture } from '../src/pages/newsletters/fixtures.js'
import type { NewsletterFixtureOptions } from '../src/pages/newsletters/fixtures.js'

afterEach(() => {
  document.body.replaceChildren()
})

async function violations(root: Element) {
  const result = await axe.run(root, { resultTypes: ['violations'], iframes: false })
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

/** Finds an element through nested shadow roots: `q(el, 'tessera-x', '#field')`. */
function q<T extends Element = HTMLElement>(root: Element, ...selectors: string[]): T | null {
  let current: Element | null = root
  for (const selector of selectors) {
    current = current?.shadowRoot?.querySelector(selector) ?? null
    if (!current) return null
  }
  return current as T | null
}

const page = (el: Element) => el
const campaign = (el: Element) =>
  q<TesseraConsoleNewsletterCampaign>(el, 'tessera-console-newsletter-campaign')!
const editorIn = (host: Element) =>
  q<TesseraConsoleNewsletterEditor>(host, 'tessera-console-newsletter-editor')!
const field = <T extends HTMLElement = HTMLInputElement>(host: Element, selector: string) =>
  host.shadowRoot!.querySelector<T>(selector)!
const text = (host: Element, selector: string) =>
  host.shadowRoot!.querySelector(selector)?.textContent?.trim() ?? ''

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
}

async function mount(
  options: {
    role?: Role
    offline?: boolean
    subpath?: string
    locale?: 'en' | 'ko'
  } & NewsletterFixtureOptions = {}
) {
  const role = options.role ?? 'owner'
  const newsletters = newsletterFixture(options)
  const api = consoleFixture({ role, offline: options.offline, routes: [newsletters.route] })
  const el = document.createElement('tessera-console-newsletters')
  el.api = new ConsoleApi(FIXTURE_API_BASE, api.signIn(), api.fetch)
  el.locale = options.locale ?? 'en'
  el.roleLabel = role
  el.canManage = role === 'owner' || role === 'admin'
  el.canSeeRecipients = role !== 'analyst'
  el.pollMs = 20
  el.subpath = options.subpath ?? ''
  document.body.append(el)
  return { el, api, newsletters }
}

async function openCampaign(el: Element, id: string) {
  await until(() => !!q(el, `tr[data-campaign="${id}"] button`), 'the list')
  q<HTMLButtonElement>(el, `tr[data-campaign="${id}"] button`)!.click()
  await until(() => !!campaign(el)?.campaign, 'the campaign')
  await campaign(el).updateComplete
  return campaign(el)
}

describe('<tessera-console-newsletters>', () => {
  it('lists the campaigns with status, dates and recipients, and the audience count', async () => {
    expect(customElements.get('tessera-console-newsletters')).toBe(TesseraConsoleNewsletters)
    const { el } = await mount({ audience: 42 })
    await until(() => !!q(el, 'table'), 'the table')
    expect(text(page(el), '.audience')).toContain('42 members would receive')
    const rows = [...el.shadowRoot!.querySelectorAll('tbody tr')]
    expect(rows.map((r) => r.getAttribute('data-campaign'))).toEqual(['nl_fixture0002', 'nl_fixture0001'])
    expect(rows[0]!.querySelector('[data-status]')!.textContent!.trim()).toBe('Draft')
    expect(rows[1]!.querySelector('[data-status]')!.textContent!.trim()).toBe('Sent')
    expect(rows[1]!.querySelector('td.number')!.textContent!.trim()).toBe('120')
    expect(rows[1]!.querySelector('td.delivery')!.textContent!.trim()).toBe(
      '112 sent, 2 failed, 1 uncertain, 5 skipped'
    )
    expect(rows[0]!.querySelector('td.delivery')!.textContent!.trim()).toBe('—')
    expect(rows[1]!.textContent).toMatch(/2026/)
    expect(q(el, '#new-campaign')).not.toBeNull()
    expect(await violations(el)).toEqual([])
  })

  it('says so when there are no campaigns', async () => {
    const { el } = await mount({ campaigns: [] })
    await until(() => text(el, 'h2') === 'Campaigns')
    expect(el.shadowRoot!.textContent).toContain('No campaigns yet.')
    expect(await violations(el)).toEqual([])
  })

  it('composes a campaign: hostile Markdown is refused beside its field, then the draft is created and opened', async () => {
    const { el, newsletters } = await mount()
    await until(() => !!q(el, '#new-campaign'))
    q<HTMLButtonElement>(el, '#new-campaign')!.click()
    await until(() => !!q(el, 'tessera-console-newsletter-editor', '#name'))
    const editor = q<TesseraConsoleNewsletterEditor>(el, 'tessera-console-newsletter-editor')!
    type(field(editor, '#name'), 'Winter letter')
    type(field(editor, '#en-subject'), 'Winter news')
    type(
      field<HTMLTextAreaElement>(editor, '#en-body'),
      'Hello <script>alert(1)</script> and [x](javascript:alert(1))'
    )
    type(field(editor, '#ko-subject'), '겨울 소식')
    type(field<HTMLTextAreaElement>(editor, '#ko-body'), 'Click [here](http://tracker.example/)')
    field<HTMLButtonElement>(editor, 'button[type="submit"]').click()
    await until(() => !!q(editor, '#en-body-error'), 'the body error')
    expect(text(editor, '#en-body-error')).toBe(
      'Raw HTML is not allowed (scripts, pixels, iframes): use Markdown only'
    )
    expect(text(editor, '#ko-body-error')).toBe('Links must be https:// or mailto: addresses')
    expect(field(editor, '#en-body').getAttribute('aria-invalid')).toBe('true')
    expect(field(editor, '#en-body').getAttribute('aria-describedby')).toContain('en-body-error')
    expect(field(editor, '#en-subject').getAttribute('aria-invalid')).toBe('false')
    expect(editor.shadowRoot!.activeElement?.id).toBe('en-body')
    expect(text(editor, '[role="alert"]')).toContain('Please correct the fields')
    expect(newsletters.campaigns).toHaveLength(2)
    expect(await violations(editor)).toEqual([])

    type(
      field<HTMLTextAreaElement>(editor, '#en-body'),
      '## Winter\n\nRead [the notes](https://hanbit.example/notes).'
    )
    type(field(editor, '#ko-subject'), '')
    type(field<HTMLTextAreaElement>(editor, '#ko-body'), '')
    field<HTMLButtonElement>(editor, 'button[type="submit"]').click()
    await until(() => !!campaign(el)?.campaign, 'the new campaign opened')
    expect(newsletters.campaigns[0]).toMatchObject({
      name: 'Winter letter',
      content: {
        en: { subject: 'Winter news', body: '## Winter\n\nRead [the notes](https://hanbit.example/notes).' },
      },
    })
    // A locale left empty is not sent in at all.
    expect(newsletters.campaigns[0]!.content.ko).toBeUndefined()
    expect(campaign(el).campaign!.id).toBe(newsletters.campaigns[0]!.id)
  })

  it('marks an empty subject and a huge body beside their fields without calling the API', async () => {
    const { el, api } = await mount()
    await until(() => !!q(el, '#new-campaign'))
    q<HTMLButtonElement>(el, '#new-campaign')!.click()
    await until(() => !!q(el, 'tessera-console-newsletter-editor', '#name'))
    const editor = q<TesseraConsoleNewsletterEditor>(el, 'tessera-console-newsletter-editor')!
    const before = api.requests.length
    type(field<HTMLTextAreaElement>(editor, '#en-body'), 'x'.repeat(50_001))
    type(field(editor, '#ko-subject'), '제목만')
    field<HTMLButtonElement>(editor, 'button[type="submit"]').click()
    await until(() => !!q(editor, '#name-error'))
    expect(text(editor, '#name-error')).toBe('Please fill in this field.')
    expect(text(editor, '#en-subject-error')).toBe('Please fill in this field.')
    expect(text(editor, '#en-body-error')).toBe('The body is longer than 50,000 characters.')
    expect(text(editor, '#ko-body-error')).toBe('Please fill in this field.')
    expect(text(editor, '#en-body-count')).toBe('50,001 of 50,000 characters')
    expect(editor.shadowRoot!.activeElement?.id).toBe('name')
    expect(api.requests.length).toBe(before)
    expect(await violations(editor)).toEqual([])
  })

  it('shows the preview in a sandboxed frame, its styles put back through the CSSOM, and the text version', async () => {
    const { el } = await mount()
    const detail = await openCampaign(el, 'nl_fixture0002')
    const preview = q<TesseraConsoleNewsletterPreview>(detail, 'tessera-console-newsletter-preview')!
    await until(
      () => !!q<HTMLIFrameElement>(preview, 'iframe')?.contentDocument?.querySelector('h1'),
      'the frame'
    )
    const frame = q<HTMLIFrameElement>(preview, 'iframe')!
    expect(frame.getAttribute('sandbox')).toBe('allow-same-origin')
    expect(frame.getAttribute('title')).toBe('The newsletter as members see it')
    const doc = frame.contentDocument!
    expect(doc.querySelector('h1')!.textContent).toBe('What is new in December')
    expect(doc.querySelectorAll('[style]').length).toBeGreaterThan(0)
    await until(() => doc.querySelector<HTMLElement>('h1')!.style.fontSize === '22px', 'styles applied')
    expect(frame.srcdoc).not.toMatch(/\sstyle="/)
    expect(text(preview, '.subject')).toBe('Subject line: What is new in December')
    expect(text(preview, 'pre.text')).toContain('The viewer now shows **both** series.')

    // The Korean version on demand.
    const select = field<HTMLSelectElement>(preview, '#preview-locale')
    select.value = 'ko'
    select.dispatchEvent(new Event('change'))
    await until(
      () => frame.contentDocument?.querySelector('h1')?.textContent === '12월 소식',
      'the Korean preview'
    )
    expect(await violations(preview)).toEqual([])
  })

  it('takes the style attributes out for the CSSOM and replaces remote images by their alt text', () => {
    const { srcdoc, styles } = previewDocument(
      `<p style="color:red;font-family:&quot;Noto Sans&quot;">Hi</p><img src="https://tracker.example/p.gif" alt="Logo &amp; name"><img src="/logo.png" alt="ours">`,
      'https://console.example'
    )
    expect(srcdoc).toBe('<p data-preview-style="0">Hi</p>Logo &amp; name<img src="/logo.png" alt="ours">')
    expect(styles).toEqual(['color:red;font-family:"Noto Sans"'])
  })

  it('keeps hostile mail HTML inert in the sandboxed frame: no script or handler runs', async () => {
    const hostile = `<!doctype html><html><body><h1>Hello</h1><script>parent.__pwned = 'script'</script>
      <img src="/missing.png" onerror="parent.__pwned = 'handler'" alt="x"></body></html>`
    const campaigns = fixtureCampaigns()
    const { el } = await mount({ campaigns })
    const detail = await openCampaign(el, 'nl_fixture0002')
    const preview = q<TesseraConsoleNewsletterPreview>(detail, 'tessera-console-newsletter-preview')!
    await until(
      () => !!q<HTMLIFrameElement>(preview, 'iframe')?.contentDocument?.querySelector('h1'),
      'the frame'
    )
    const frame = q<HTMLIFrameElement>(preview, 'iframe')!
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }))
    frame.srcdoc = previewDocument(hostile, location.origin).srcdoc
    await loaded
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(frame.contentDocument!.querySelector('h1')!.textContent).toBe('Hello')
    expect((window as unknown as { __pwned?: string }).__pwned).toBeUndefined()
  })

  it('sends a test to an address, refuses a bad address beside its field, and reports a refusing mail server', async () => {
    const { el, newsletters } = await mount()
    const detail = await openCampaign(el, 'nl_fixture0002')
    type(field(detail, '#test-to'), 'not-an-address')
    field<HTMLFormElement>(detail, 'form[aria-labelledby="test-title"] button[type="submit"]').click()
    await until(() => !!q(detail, '#to-error'))
    expect(text(detail, '#to-error')).toBe('The to field must be a valid email address')
    expect(field(detail, '#test-to').getAttribute('aria-invalid')).toBe('true')
    expect(detail.shadowRoot!.activeElement?.id).toBe('test-to')

    type(field(detail, '#test-to'), 'editor@clinic.example')
    const locale = field<HTMLSelectElement>(detail, '#test-locale')
    locale.value = 'ko'
    locale.dispatchEvent(new Event('change'))
    field<HTMLFormElement>(detail, 'form[aria-labelledby="test-title"] button[type="submit"]').click()
    await until(() => text(detail, '[role="status"]') === 'The test was sent to editor@clinic.example.')
    expect(newsletters.tests).toEqual([
      { to: 'editor@clinic.example', locale: 'ko', subject: '[Test] 12월 소식' },
    ])
    expect(q(detail, '#to-error')).toBeNull()
    expect(await violations(detail)).toEqual([])
  })

  it('shows a mail server refusing the test in the alert', async () => {
    const { el } = await mount({ smtpDown: true })
    const detail = await openCampaign(el, 'nl_fixture0002')
    field<HTMLFormElement>(detail, 'form[aria-labelledby="test-title"] button[type="submit"]').click()
    await until(() => text(detail, '[role="alert"]') === 'Connection refused by the mail server.')
  })

  it('schedules at a local time (zone stated); a time in the past is refused beside the field', async () => {
    const { el, api } = await mount()
    const detail = await openCampaign(el, 'nl_fixture0002')
    expect(text(detail, '#sendAt-hint')).toContain(Intl.DateTimeFormat().resolvedOptions().timeZone)
    field<HTMLButtonElement>(detail, 'form[aria-labelledby="send-title"] button[type="submit"]').click()
    await until(() => text(detail, '#sendAt-error') === 'Please fill in this field.')

    type(field(detail, '#sendAt'), '2020-01-01T09:00')
    field<HTMLButtonElement>(detail, 'form[aria-labelledby="send-title"] button[type="submit"]').click()
    await until(() => text(detail, '#sendAt-error') === 'Schedule at least a minute ahead')
    expect(field(detail, '#sendAt').getAttribute('aria-invalid')).toBe('true')
    expect(detail.shadowRoot!.activeElement?.id).toBe('sendAt')
    expect(await violations(detail)).toEqual([])

    const later = new Date(Date.now() + 3 * 86_400_000)
    const local = `${later.getFullYear()}-${String(later.getMonth() + 1).padStart(2, '0')}-${String(later.getDate()).padStart(2, '0')}T10:30`
    type(field(detail, '#sendAt'), local)
    field<HTMLButtonElement>(detail, 'form[aria-labelledby="send-title"] button[type="submit"]').click()
    await until(() => detail.campaign?.status === 'scheduled')
    const sent = api.requests.filter((r) => r.path.endsWith('/schedule')).at(-1)!
    expect(sent.body).toEqual({ sendAt: new Date(local).toISOString() })
    expect(text(detail, '[data-status]')).toBe('Scheduled')
    expect(text(detail, '[role="status"]')).toMatch(/^The campaign will be sent on .*10:30/)

    // A scheduled campaign can be cancelled.
    field<HTMLButtonElement>(detail, '#cancel').click()
    await until(() => detail.campaign?.status === 'cancelled')
    expect(text(detail, '[data-status]')).toBe('Cancelled')
  })

  it('a scheduled campaign is shown as sending once the worker starts it', async () => {
    const campaigns = fixtureCampaigns()
    Object.assign(campaigns[0]!, { status: 'scheduled', scheduledAt: '2030-01-01T00:00:00.000Z' })
    const { el, newsletters } = await mount({ campaigns })
    const detail = await openCampaign(el, 'nl_fixture0002')
    expect(text(detail, '[data-status]')).toBe('Scheduled')
    expect(q(detail, 'tessera-console-newsletter-editor')).not.toBeNull()
    Object.assign(newsletters.campaigns[0]!, { status: 'sending', startedAt: new Date().toISOString() })
    await until(() => detail.campaign?.status === 'sending', 'the status read again')
    expect(text(detail, '[data-status]')).toBe('Sending')
    expect(q(detail, 'tessera-console-newsletter-editor')).toBeNull()
  })

  it('a campaign with no language filled in is refused, the message tied to the first subject', async () => {
    const { el } = await mount()
    await until(() => !!q(el, '#new-campaign'))
    q<HTMLButtonElement>(el, '#new-campaign')!.click()
    await until(() => !!q(el, 'tessera-console-newsletter-editor', '#name'))
    const editor = q<TesseraConsoleNewsletterEditor>(el, 'tessera-console-newsletter-editor')!
    type(field(editor, '#name'), 'Nothing in it')
    field<HTMLButtonElement>(editor, 'button[type="submit"]').click()
    await until(() => !!q(editor, '#content-error'))
    expect(text(editor, '#content-error')).toBe('Give the subject and body in at least one locale')
    expect(field(editor, '#en-subject').getAttribute('aria-describedby')).toContain('content-error')
    expect(editor.shadowRoot!.activeElement?.id).toBe('en-subject')
    expect(await violations(editor)).toEqual([])
  })

  it('sends now after a confirmation, then the delivery statistics count up until the campaign is sent', async () => {
    const { el } = await mount({ audience: 3 })
    const detail = await openCampaign(el, 'nl_fixture0002')
    field<HTMLButtonElement>(detail, '#send-now').click()
    await until(() => !!q(detail, '#send-confirm'))
    expect(text(detail, '#confirm-text')).toContain('(3)')
    expect(detail.shadowRoot!.activeElement?.id).toBe('send-confirm')
    expect(await violations(detail)).toEqual([])
    field<HTMLButtonElement>(detail, '#send-confirm').click()
    await until(() => !!q(detail, 'tessera-console-newsletter-stats'), 'the statistics')
    const stats = q<TesseraConsoleNewsletterStats>(detail, 'tessera-console-newsletter-stats')!
    await until(() => text(stats, '[data-stat="sent"]') === '3', 'three sent')
    await until(() => detail.campaign?.status === 'sent', 'the campaign sent')
    expect(text(stats, '[data-stat="audience"]')).toBe('3')
    expect(text(stats, '[data-stat="pending"]')).toBe('0')
    // Sent: nothing to edit, send or schedule any more.
    expect(q(detail, 'tessera-console-newsletter-editor')).toBeNull()
    expect(q(detail, '#send-now')).toBeNull()
    expect(text(detail, '.notice')).toBe('The campaign has started; its content can no longer be changed.')
    expect(await violations(detail)).toEqual([])
  })

  it('shows 409 when the campaign was started meanwhile (sending twice), and shows it as started', async () => {
    const { el, newsletters } = await mount()
    const detail = await openCampaign(el, 'nl_fixture0002')
    // Another admin sends it first.
    newsletters.campaigns.find((c) => c.id === 'nl_fixture0002')!.status = 'sending'
    field<HTMLButtonElement>(detail, '#send-now').click()
    await until(() => !!q(detail, '#send-confirm'))
    field<HTMLButtonElement>(detail, '#send-confirm').click()
    await until(() => text(detail, '[role="alert"]').startsWith('Not done:'))
    expect(text(detail, '[role="alert"]')).toBe('Not done: The campaign is sending and cannot be started.')
    await until(() => detail.campaign?.status === 'sending')
    expect(q(detail, '#send-now')).toBeNull()
  })

  it('shows 409 beside nothing but the alert when saving a campaign started meanwhile', async () => {
    const { el, newsletters } = await mount()
    const detail = await openCampaign(el, 'nl_fixture0002')
    newsletters.campaigns.find((c) => c.id === 'nl_fixture0002')!.status = 'sent'
    const editor = editorIn(detail)
    type(field(editor, '#en-subject'), 'Changed')
    field<HTMLButtonElement>(editor, 'button[type="submit"]').click()
    await until(() => detail.campaign?.status === 'sent', 'reloaded')
    expect(q(detail, 'tessera-console-newsletter-editor')).toBeNull()
  })

  it('saves an edit with the version loaded (If-Match) and then with the new one', async () => {
    const { el, api, newsletters } = await mount()
    const detail = await openCampaign(el, 'nl_fixture0002')
    const editor = editorIn(detail)
    type(field(editor, '#en-subject'), 'First change')
    field<HTMLButtonElement>(editor, 'button[type="submit"]').click()
    await until(() => text(editor, '[role="status"]') === 'The campaign was saved.')
    type(field(editor, '#en-subject'), 'Second change')
    field<HTMLButtonElement>(editor, 'button[type="submit"]').click()
    await until(() => newsletters.campaigns[0]!.content.en!.subject === 'Second change')
    const patches = api.requests.filter((r) => r.method === 'PATCH')
    expect(patches).toHaveLength(2)
    expect(text(editor, '[role="alert"]')).toBe('')
  })

  it('two admins editing one draft: the later save is refused (412), the draft kept, the current version on request', async () => {
    const { el, newsletters } = await mount()
    const detail = await openCampaign(el, 'nl_fixture0002')
    const editor = editorIn(detail)
    newsletters.editElsewhere('nl_fixture0002', { name: 'Renamed by a colleague' })
    type(field(editor, '#en-subject'), 'My subject')
    field<HTMLButtonElement>(editor, 'button[type="submit"]').click()
    await until(() => !!q(editor, '#reload'), 'the reload offer')
    expect(text(editor, '[role="alert"]')).toBe(
      'Someone else changed this campaign since you opened it. Your changes are not saved; they are still in the form.'
    )
    // No lost update: neither their name nor my subject was overwritten on the server.
    expect(newsletters.campaigns[0]!.name).toBe('Renamed by a colleague')
    expect(newsletters.campaigns[0]!.content.en!.subject).toBe('What is new in December')
    expect(field(editor, '#en-subject').value).toBe('My subject')
    expect(editor.shadowRoot!.activeElement?.id).toBe('reload')
    expect(await violations(editor)).toEqual([])

    field<HTMLButtonElement>(editor, '#reload').click()
    await until(() => field(editor, '#name').value === 'Renamed by a colleague', 'the current version')
    expect(field(editor, '#en-subject').value).toBe('What is new in December')
    expect(q(editor, '#reload')).toBeNull()
    // Saving now goes through, with the current version.
    type(field(editor, '#en-subject'), 'My subject')
    field<HTMLButtonElement>(editor, 'button[type="submit"]').click()
    await until(() => newsletters.campaigns[0]!.content.en!.subject === 'My subject')
    expect(newsletters.campaigns[0]!.name).toBe('Renamed by a colleague')
  })

  it('shows the delivery statistics and, on request, the recipients of a sent campaign', async () => {
    const { el, api } = await mount()
    const detail = await openCampaign(el, 'nl_fixture0001')
    const stats = q<TesseraConsoleNewsletterStats>(detail, 'tessera-console-newsletter-stats')!
    await until(() => text(stats, '[data-stat="sent"]') === '112')
    expect(text(stats, '[data-stat="failed"]')).toBe('2')
    expect(text(stats, '[data-stat="uncertain"]')).toBe('1')
    expect(text(stats, '[data-stat="skipped"]')).toBe('5')
    expect(q<HTMLProgressElement>(stats, 'progress[aria-labelledby="stat-sent"]')!.value).toBe(112)
    // The recipients are personal data (their reads are audited): fetched only when asked for.
    expect(api.requests.some((r) => r.path.endsWith('/recipients'))).toBe(false)
    const recipients = q(detail, 'tessera-console-newsletter-recipients')!
    field<HTMLButtonElement>(recipients, 'button').click()
    await until(() => !!q(recipients, 'tbody tr'))
    expect(recipients.shadowRoot!.querySelectorAll('tbody tr').length).toBe(3 + 2 + 1 + 3)
    expect(recipients.shadowRoot!.textContent).toContain('no confirmed marketing consent')
    expect(await violations(detail)).toEqual([])
  })

  it('is read-only for an analyst: no compose, test, schedule or send; content as text; no recipients', async () => {
    const { el, newsletters } = await mount({ role: 'analyst' })
    newsletters.campaigns[0]!.content.en!.body = '<img src=x onerror="document.title=1">'
    await until(() => !!q(el, 'table'))
    expect(q(el, '#new-campaign')).toBeNull()
    expect(text(el, '.notice')).toBe(
      'Your role (analyst) may view the newsletters but not compose or send them.'
    )
    const detail = await openCampaign(el, 'nl_fixture0002')
    expect(q(detail, 'tessera-console-newsletter-editor')).toBeNull()
    expect(q(detail, '#test-to')).toBeNull()
    expect(q(detail, '#sendAt')).toBeNull()
    expect(q(detail, '#send-now')).toBeNull()
    expect(detail.shadowRoot!.querySelector('dd pre')!.textContent).toBe(
      '<img src=x onerror="document.title=1">'
    )
    expect(detail.shadowRoot!.querySelector('img')).toBeNull()
    expect(await violations(el)).toEqual([])
    el.remove()
    const sent = await mount({ role: 'analyst', subpath: 'nl_fixture0001' })
    await until(() => !!campaign(sent.el)?.campaign)
    await campaign(sent.el).updateComplete
    expect(q(campaign(sent.el), 'tessera-console-newsletter-stats')).not.toBeNull()
    expect(q(campaign(sent.el), 'tessera-console-newsletter-recipients')).toBeNull()
  })

  it('shows HTML pasted into a name as text', async () => {
    const campaigns = fixtureCampaigns()
    campaigns[0]!.name = '<b onmouseover="x()">bold</b>'
    const { el } = await mount({ campaigns })
    await until(() => !!q(el, 'tbody th'))
    expect(text(el, 'tbody th')).toBe('<b onmouseover="x()">bold</b>')
    expect(el.shadowRoot!.querySelector('tbody b')).toBeNull()
  })

  it('fires console-session-ended when the session has expired', async () => {
    const { el, api } = await mount()
    const detail = await openCampaign(el, 'nl_fixture0002')
    api.tokens.clear()
    const ended = vi.fn()
    el.addEventListener('console-session-ended', ended)
    type(field(detail, '#test-to'), 'editor@clinic.example')
    field<HTMLFormElement>(detail, 'form[aria-labelledby="test-title"] button[type="submit"]').click()
    await until(() => ended.mock.calls.length > 0)
  })

  it('says the server cannot be reached when offline', async () => {
    const { el } = await mount({ offline: true })
    await until(() => text(el, '[role="alert"]') === 'The server could not be reached. Please try again.')
    expect(await violations(el)).toEqual([])
  })

  it('opens a campaign from the address and speaks Korean', async () => {
    const { el } = await mount({ locale: 'ko', subpath: 'nl_fixture0001' })
    await until(() => !!campaign(el)?.campaign)
    await campaign(el).updateComplete
    expect(text(el, 'h1')).toBe('뉴스레터')
    expect(text(campaign(el), '[data-status]')).toBe('발송 완료')
    const stats = q<TesseraConsoleNewsletterStats>(campaign(el), 'tessera-console-newsletter-stats')!
    await until(() => text(stats, 'caption') === '전송 현황')
    expect(await violations(el)).toEqual([])
  })
})

describe('Newsletters in the console shell', () => {
  async function shell(role: Role) {
    const newsletters = newsletterFixture()
    const api = consoleFixture({ role, routes: [newsletters.route] })
    const el = document.createElement('tessera-console')
    el.apiBase = FIXTURE_API_BASE
    el.fetcher = api.fetch
    el.store = memoryStore({ [TOKEN_KEY]: api.signIn() })
    el.locale = 'en'
    document.body.append(el)
    await until(() => !!el.shadowRoot?.querySelector('nav'), 'the navigation')
    return el
  }
  const navLabels = (el: Element) => [...el.shadowRoot!.querySelectorAll('nav a')].map((a) => a.textContent)

  it('is listed for roles with newsletters.read and passes the manage and recipients permissions down', async () => {
    const owner = await shell('owner')
    expect(navLabels(owner)).toContain('Newsletters')
    ;[...owner.shadowRoot!.querySelectorAll<HTMLAnchorElement>('nav a')]
      .find((a) => a.textContent === 'Newsletters')!
      .click()
    await until(() => !!q(owner, 'tessera-console-newsletters'))
    const page = q<TesseraConsoleNewsletters>(owner, 'tessera-console-newsletters')!
    expect(page.canManage).toBe(true)
    expect(page.canSeeRecipients).toBe(true)
    document.body.replaceChildren()

    const analyst = await shell('analyst')
    ;[...analyst.shadowRoot!.querySelectorAll<HTMLAnchorElement>('nav a')]
      .find((a) => a.textContent === 'Newsletters')!
      .click()
    await until(() => !!q(analyst, 'tessera-console-newsletters'))
    const readOnly = q<TesseraConsoleNewsletters>(analyst, 'tessera-console-newsletters')!
    expect(readOnly.canManage).toBe(false)
    expect(readOnly.canSeeRecipients).toBe(false)
    document.body.replaceChildren()

    // A privacy officer may read recipients but not newsletters: no page.
    expect(navLabels(await shell('privacy_officer'))).not.toContain('Newsletters')
  })
})
