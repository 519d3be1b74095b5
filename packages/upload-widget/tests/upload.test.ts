import axe from 'axe-core'
import { memberSession, resetRuntimeForTests, sampleWidgetConfig } from '@tessera/widget-core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TesseraUpload } from '../src/index.js'
import type { AnalysisCompleteDetail, UploadCompleteDetail } from '../src/index.js'
import { browserDeidentifier, serverSideDeidentifier } from '../src/deid.js'
import { kindOfBytes } from '../src/detect.js'
import {
  FIXTURE_ANALYSED,
  FIXTURE_NOW,
  FIXTURE_POLICY_VERSION,
  FIXTURE_SEGMENTATION,
  FIXTURE_SESSION,
  FIXTURE_STORED,
  fixtureAnalysis,
  fixtureDeidentifier,
  fixtureDicom,
  fixtureImage,
  fixtureFile,
  uploadFixtureApi,
} from '../src/fixtures.js'
import type { UploadFixtureApi, UploadFixtureOptions } from '../src/fixtures.js'

beforeEach(() => sessionStorage.clear())

afterEach(() => {
  document.body.replaceChildren()
  document.head.querySelectorAll('style[data-tessera-theme]').forEach((s) => s.remove())
  sessionStorage.clear()
  resetRuntimeForTests()
  vi.restoreAllMocks()
})

type El = TesseraUpload

const text = (node: Element | null | undefined): string =>
  (node?.textContent ?? '').replace(/\s+/g, ' ').trim()
const q = <T extends Element = HTMLElement>(el: El, selector: string): T | null =>
  el.shadowRoot!.querySelector<T>(selector)
const qa = <T extends Element = HTMLElement>(el: El, selector: string): T[] => [
  ...el.shadowRoot!.querySelectorAll<T>(selector),
]

async function mount(
  options: UploadFixtureOptions = { signedIn: true },
  setup?: (el: El) => void
): Promise<{ el: El; api: UploadFixtureApi }> {
  const api = uploadFixtureApi(options)
  api.seed()
  const el = document.createElement('tessera-upload') as El
  el.runtime = api.runtime
  el.transport = api.transport
  // Transport and queue tests send the synthetic bytes as they are; the in-browser de-identification has
  // its own tests below with real DICOM and PNG files.
  el.deidentifier = serverSideDeidentifier
  setup?.(el)
  document.body.append(el)
  await el.updateComplete
  return { el, api }
}

async function view(el: El, name: string): Promise<void> {
  await vi.waitFor(() => expect(q(el, '.view')?.dataset.view).toBe(name))
  await el.updateComplete
}

async function fileStates(el: El, ...states: string[]): Promise<void> {
  await vi.waitFor(() => expect(qa(el, '[part~=file]').map((f) => f.dataset.state)).toEqual(states))
  await el.updateComplete
}

async function click(el: El, selector: string): Promise<void> {
  q<HTMLButtonElement>(el, selector)!.click()
  await el.updateComplete
}

const live = (el: El) => text(q(el, '[data-live]'))

async function violations(root: Element): Promise<string[]> {
  const result = await axe.run(root, { resultTypes: ['violations'] })
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`)
}

describe('<tessera-upload> sign-in and consent', () => {
  it('is registered; signed out it points to signing in and follows the shared session', async () => {
    expect(customElements.get('tessera-upload')).toBe(TesseraUpload)
    const { el, api } = await mount({})
    await view(el, 'signed-out')
    expect(text(q(el, '[data-signed-out]'))).toContain('Please sign in')
    expect(api.requests.filter((r) => r.path.startsWith('/v1/widget/me'))).toEqual([])
    // <tessera-consent> signs in elsewhere on the page: the element reloads.
    memberSession('pk_fixture_upload').set(FIXTURE_SESSION)
    await view(el, 'upload')
    expect(q(el, '[part~=dropzone]')).not.toBeNull()
  })

  it('signing out drops the queue and cancels what is being sent', async () => {
    const { el, api } = await mount({ signedIn: true, uploads: 'manual' })
    await view(el, 'upload')
    await el.addFiles([fixtureFile('png', 'a.png'), fixtureFile('png', 'b.png')])
    await fileStates(el, 'waiting', 'waiting')
    await click(el, '[data-send]')
    await vi.waitFor(() => expect(api.xhrs.length).toBe(1))
    memberSession('pk_fixture_upload').clear()
    await view(el, 'signed-out')
    expect(api.xhrs[0]!.aborted).toBe(true)
    expect(qa(el, '[part~=file]')).toEqual([])
    expect(api.xhrs.length).toBe(1)
  })

  it('treats a 401 as signed out and clears the session', async () => {
    const { el } = await mount({}, () => memberSession('pk_fixture_upload').set('mt_expired'))
    await view(el, 'signed-out')
    expect(text(q(el, '.notice'))).toContain('expired')
    expect(memberSession('pk_fixture_upload').get()).toBeUndefined()
  })

  it('without imaging consent: explains it, sends nothing until granted, then exactly the POST grant', async () => {
    const { el, api } = await mount({ signedIn: true, imaging: 'denied' })
    await view(el, 'consent')
    expect(q(el, '[part~=dropzone]')).toBeNull()
    expect(text(q(el, '[data-consent]'))).toContain('separate, explicit consent')
    const box = q<HTMLInputElement>(el, '#imaging-consent')!
    expect(box.checked).toBe(false)
    const before = api.requests.length
    // Files added now are ignored; pressing without ticking sends nothing.
    await el.addFiles([fixtureFile('png', 'scan.png')])
    await click(el, '[data-consent] button[type=submit]')
    expect(text(q(el, '#consent-error'))).toContain('tick the box')
    expect(api.requests.length).toBe(before)
    expect(api.xhrs).toEqual([])

    box.click()
    await click(el, '[data-consent] button[type=submit]')
    await view(el, 'upload')
    const writes = api.requests.slice(before).filter((r) => r.method !== 'GET')
    expect(writes.map((r) => [r.method, r.path, r.body])).toEqual([
      [
        'POST',
        '/v1/widget/me/consents',
        { purpose: 'image_analysis', action: 'grant', policyVersion: FIXTURE_POLICY_VERSION },
      ],
    ])
    expect(writes[0]!.authorization).toBe(`Bearer ${FIXTURE_SESSION}`)
    expect(api.xhrs).toEqual([])
    expect(text(q(el, '[data-notice]'))).toContain('you can now send images')
    expect(el.shadowRoot!.activeElement).toBe(q(el, '[part~=dropzone]'))
  })

  it('has no axe violations when consent is needed', async () => {
    const { el } = await mount({ signedIn: true, imaging: null })
    await view(el, 'consent')
    expect(await violations(el)).toEqual([])
  })
})

describe('<tessera-upload> checking files on the device', () => {
  it('detects the kind by magic bytes only', () => {
    const dicom = new Uint8Array(132)
    dicom.set([0x44, 0x49, 0x43, 0x4d], 128)
    expect(kindOfBytes(dicom)).toBe('dicom')
    expect(kindOfBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png')
    expect(kindOfBytes(new Uint8Array([0xff, 0xd8, 0xff, 0xdb]))).toBe('jpeg')
    expect(kindOfBytes(new Uint8Array(132))).toBeUndefined()
  })

  it('refuses a .dcm that is not DICOM and accepts a DICOM without extension, reading only 132 bytes', async () => {
    const { el, api } = await mount()
    await view(el, 'upload')
    const slice = vi.spyOn(Blob.prototype, 'slice')
    await el.addFiles([
      fixtureFile('text', 'fake.dcm'),
      fixtureFile('dicom', 'IM000001'),
      fixtureFile('jpeg', 'photo.png'),
      fixtureFile('text', 'notes.txt'),
    ])
    await fileStates(el, 'rejected', 'waiting', 'waiting', 'rejected')
    expect(slice.mock.calls.filter((c) => c[0] === 0 && c[1] === 132).length).toBe(4)
    const [fake, dicom, photo, notes] = qa(el, '[part~=file]')
    expect(text(fake)).toContain('named like a DICOM file')
    expect(text(dicom)).toContain('DICOM image')
    expect(text(photo)).toContain('JPEG image')
    expect(text(notes)).toContain('not a DICOM, PNG or JPEG image')
    expect(api.xhrs).toEqual([])
  })

  it('adds at most 10 files at a time and refuses files over the limit for their kind', async () => {
    const { el } = await mount()
    await view(el, 'upload')
    const big = fixtureFile('png', 'huge.png')
    Object.defineProperty(big, 'size', { value: 100 * 1024 * 1024 + 1 })
    const files = [big, ...Array.from({ length: 11 }, (_, i) => fixtureFile('png', `p${i}.png`))]
    await el.addFiles(files)
    await vi.waitFor(() => expect(qa(el, '[part~=file]').length).toBe(10))
    expect(text(q(el, '[data-zone-notice]'))).toContain('2 of the files you chose were not added')
    await vi.waitFor(() => expect(text(q(el, '[data-file="1"]'))).toContain('larger than 100 MB'))
    expect(q(el, '[data-file="1"]')!.dataset.state).toBe('rejected')
  })

  it("follows the tenant's limits: accepted formats, size, images held at once, hours kept", async () => {
    const config = sampleWidgetConfig({
      features: { upload: true },
      uploads: {
        contentTypes: ['application/dicom', 'image/png'],
        maxBytes: 3 * 1024 * 1024,
        maxRasterBytes: 2 * 1024 * 1024,
        maxFiles: 3,
        retentionHours: 12,
      },
    })
    const { el } = await mount({ signedIn: true }, (element) => (element.config = config))
    await view(el, 'upload')
    expect(text(q(el, '#dropzone-hint'))).toBe('DICOM, PNG · up to 3 files at a time · up to 3 MB each')
    expect(text(q(el, '.hint'))).toContain('12 hours after upload')
    const large = fixtureFile('png', 'large.png')
    Object.defineProperty(large, 'size', { value: 2 * 1024 * 1024 + 1 })
    await el.addFiles([
      fixtureFile('jpeg', 'photo.jpg'),
      large,
      fixtureFile('png', 'a.png'),
      fixtureFile('png', 'b.png'),
    ])
    await vi.waitFor(() => expect(qa(el, '[part~=file]').length).toBe(3))
    expect(text(q(el, '[data-zone-notice]'))).toContain('Up to 3 files can be added now. 1 of the files')
    await vi.waitFor(() => expect(text(q(el, '[data-file="1"]'))).toContain('does not accept JPEG images'))
    await vi.waitFor(() => expect(text(q(el, '[data-file="2"]'))).toContain('larger than 2 MB'))
  })

  it('the drop zone is a button that opens the file picker; picked files are queued', async () => {
    const { el } = await mount()
    await view(el, 'upload')
    const zone = q<HTMLButtonElement>(el, '[part~=dropzone]')!
    expect(zone.tagName).toBe('BUTTON')
    const input = q<HTMLInputElement>(el, 'input[type=file]')!
    expect(input.multiple).toBe(true)
    const opened = vi.fn((e: Event) => e.preventDefault())
    input.addEventListener('click', opened)
    zone.click()
    expect(opened).toHaveBeenCalledOnce()
    const transfer = new DataTransfer()
    transfer.items.add(fixtureFile('png', 'a.png'))
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
    await fileStates(el, 'waiting')
  })

  it('shows what de-identification removed before sending; nothing leaves until Send', async () => {
    const { el, api } = await mount({ signedIn: true }, (e) => (e.deidentifier = fixtureDeidentifier))
    await view(el, 'upload')
    await el.addFiles([fixtureFile('dicom', 'head-ct.dcm')])
    await fileStates(el, 'waiting')
    expect(text(q(el, '[data-summary]'))).toContain(
      'Removed or replaced on your device before sending: PatientName'
    )
    expect(text(q(el, '[data-send]'))).toContain('Send 1 image')
    expect(api.xhrs).toEqual([])
  })

  it('without in-browser de-identification says the server does it', async () => {
    const { el } = await mount()
    await view(el, 'upload')
    await el.addFiles([fixtureFile('png', 'a.png')])
    await fileStates(el, 'waiting')
    expect(text(q(el, '[data-summary]'))).toContain('removed by our server')
  })

  it('has no axe violations with files queued', async () => {
    const { el } = await mount({ signedIn: true, stored: FIXTURE_STORED })
    await view(el, 'upload')
    await el.addFiles([fixtureFile('dicom', 'IM1'), fixtureFile('text', 'x.dcm')])
    await fileStates(el, 'waiting', 'rejected')
    expect(await violations(el)).toEqual([])
  })
})

describe('<tessera-upload> de-identification in the browser', () => {
  const contains = async (blob: Blob, needle: string) =>
    new TextDecoder('latin1').decode(await blob.arrayBuffer()).includes(needle)

  it('is the default; cleans DICOM, PNG and JPEG before sending and shows what was removed', async () => {
    const { el, api } = await mount({ signedIn: true }, (e) => (e.deidentifier = browserDeidentifier))
    expect(new TesseraUpload().deidentifier).toBe(browserDeidentifier)
    await view(el, 'upload')
    const dicom = fixtureDicom('IM000001', 'Kim^Mina')
    const png = await fixtureImage('png', 'holiday.png')
    const jpeg = await fixtureImage('jpeg', 'phone.jpg')
    expect(await contains(dicom, 'Kim^Mina')).toBe(true)
    expect(await contains(png, 'Kim Mina')).toBe(true)
    expect(await contains(jpeg, 'Kim Mina')).toBe(true)
    await el.addFiles([dicom, png, jpeg])
    await fileStates(el, 'waiting', 'waiting', 'waiting')
    const [d, p, j] = qa(el, '[part~=file] [data-summary]').map((n) => text(n))
    expect(d).toContain('Removed or replaced on your device before sending:')
    expect(d).toContain('PatientName')
    expect(d).toContain('PatientID')
    expect(p).toContain('tEXt')
    expect(j).toContain('APP1')
    expect(api.xhrs).toEqual([])
    await click(el, '[data-send]')
    await fileStates(el, 'stored', 'stored', 'stored')
    expect(await contains(api.xhrs[0]!.body!, 'Kim^Mina')).toBe(false)
    expect(await contains(api.xhrs[0]!.body!, 'MRN-0042')).toBe(false)
    expect(await contains(api.xhrs[1]!.body!, 'Kim Mina')).toBe(false)
    expect(await contains(api.xhrs[2]!.body!, 'Kim Mina')).toBe(false)
    // Still images after cleaning: the browser decodes what is sent.
    for (const xhr of api.xhrs.slice(1)) expect((await createImageBitmap(xhr.body!)).width).toBe(96)
    expect(api.xhrs.map((x) => x.headers['Content-Type'])).toEqual([
      'application/dicom',
      'image/png',
      'image/jpeg',
    ])
  })

  it('refuses images that may carry burned-in text, and unreadable ones, without sending', async () => {
    const { el, api } = await mount({ signedIn: true }, (e) => (e.deidentifier = browserDeidentifier))
    await view(el, 'upload')
    await el.addFiles([fixtureDicom('echo.dcm', 'Kim^Mina', 'US'), fixtureFile('png', 'broken.png')])
    await fileStates(el, 'rejected', 'rejected')
    const [us, broken] = qa(el, '[part~=file] [data-error]').map((n) => text(n))
    expect(us).toContain('identifying text in the picture itself')
    expect(broken).toContain('could not be read as an image')
    expect(q(el, '[data-send]')).toBeNull()
    expect(api.xhrs).toEqual([])
  })
})

describe('<tessera-upload> sending', () => {
  it('sends the bytes with the right Content-Type, the session and key, and never the file name', async () => {
    const { el, api } = await mount()
    await view(el, 'upload')
    const complete: UploadCompleteDetail[] = []
    el.addEventListener('tessera-upload-complete', (e) => complete.push((e as CustomEvent).detail))
    await el.addFiles([fixtureFile('dicom', 'Kim-Mina-secret.dcm'), fixtureFile('jpeg', 'Kim-Mina-2.jpg')])
    await fileStates(el, 'waiting', 'waiting')
    await click(el, '[data-send]')
    await fileStates(el, 'stored', 'stored')
    expect(api.xhrs.map((x) => [x.method, new URL(x.url).pathname, x.headers['Content-Type']])).toEqual([
      ['POST', '/v1/widget/me/uploads', 'application/dicom'],
      ['POST', '/v1/widget/me/uploads', 'image/jpeg'],
    ])
    for (const xhr of api.xhrs) {
      expect(xhr.sentWithCredentials).toBe(false)
      expect(xhr.headers['Authorization']).toBe(`Bearer ${FIXTURE_SESSION}`)
      expect(xhr.headers['X-Tessera-Key']).toBe('pk_fixture_upload')
      expect(xhr.body).toBeInstanceOf(Blob)
      expect(xhr.body).not.toBeInstanceOf(File)
      expect(xhr.body!.size).toBe(2048)
      expect(`${xhr.url} ${JSON.stringify(xhr.headers)}`).not.toContain('Kim-Mina')
    }
    expect(complete.map((c) => c.contentType)).toEqual(['application/dicom', 'image/jpeg'])
    expect(complete[0]).toEqual({
      id: 'up_new_1',
      contentType: 'application/dicom',
      expiresAt: expect.any(String),
    })
    // The list of stored images was reloaded.
    await vi.waitFor(() => expect(qa(el, '[data-stored]').length).toBe(2))
    expect(live(el)).toBe('All images have been stored.')
  })

  it('shows progress per file and overall, and announces it every 25 %', async () => {
    const { el, api } = await mount({ signedIn: true, uploads: 'manual' })
    await view(el, 'upload')
    await el.addFiles([fixtureFile('png', 'a.png', 1000), fixtureFile('png', 'b.png', 1000)])
    await fileStates(el, 'waiting', 'waiting')
    await click(el, '[data-send]')
    await vi.waitFor(() => expect(api.xhrs.length).toBe(1))
    await fileStates(el, 'uploading', 'queued')
    const announced: string[] = []
    const record = async () => {
      await el.updateComplete
      if (announced.at(-1) !== live(el)) announced.push(live(el))
    }
    const first = api.xhrs[0]!
    first.progress(100)
    await record()
    first.progress(300)
    await record()
    expect(q<HTMLProgressElement>(el, '[data-file="1"] progress')!.value).toBe(30)
    expect(text(q(el, '[data-file="1"] .badge'))).toBe('Sending: 30%')
    expect(text(q(el, '[data-overall]'))).toContain('15%')
    first.progress(600)
    await record()
    first.progress(1000)
    await record()
    await api.answer(first)
    await vi.waitFor(() => expect(api.xhrs.length).toBe(2))
    await record()
    const second = api.xhrs[1]!
    second.progress(600)
    await record()
    await api.answer(second)
    await fileStates(el, 'stored', 'stored')
    await record()
    expect(announced.filter((a) => a.startsWith('Sending images'))).toEqual([
      'Sending images: 25% done.',
      'Sending images: 50% done.',
      'Sending images: 75% done.',
    ])
    expect(announced.at(-1)).toBe('All images have been stored.')
  })

  it('cancel aborts the request; retry sends again', async () => {
    const { el, api } = await mount({ signedIn: true, uploads: 'manual' })
    await view(el, 'upload')
    await el.addFiles([fixtureFile('png', 'a.png')])
    await fileStates(el, 'waiting')
    await click(el, '[data-send]')
    await fileStates(el, 'uploading')
    api.xhrs[0]!.progress(500)
    await click(el, '[data-cancel]')
    expect(api.xhrs[0]!.aborted).toBe(true)
    await fileStates(el, 'cancelled')
    expect(live(el)).toContain('cancelled')
    await click(el, '[data-retry]')
    await vi.waitFor(() => expect(api.xhrs.length).toBe(2))
    await api.answer(api.xhrs[1]!)
    await fileStates(el, 'stored')
  })

  it('shows 413, 415 and 422 problems on each file, with retry', async () => {
    const { el } = await mount({ signedIn: true, uploadStatuses: [413, 415, 422] })
    await view(el, 'upload')
    const errors: { status: number }[] = []
    el.addEventListener('tessera-error', (e) => errors.push((e as CustomEvent).detail))
    await el.addFiles([
      fixtureFile('dicom', 'one.dcm'),
      fixtureFile('png', 'two.png'),
      fixtureFile('jpeg', 'three.jpg'),
    ])
    await fileStates(el, 'waiting', 'waiting', 'waiting')
    await click(el, '[data-send]')
    await fileStates(el, 'failed', 'failed', 'failed')
    const [one, two, three] = qa(el, '[part~=file]')
    expect(text(one!.querySelector('[data-error]'))).toContain('too large for the server')
    expect(text(one!.querySelector('[data-detail]'))).toBe('Images may be at most 512 MB.')
    expect(text(two!.querySelector('[data-error]'))).toContain('does not accept this kind of file')
    expect(text(two!.querySelector('[data-detail]'))).toContain('image/png')
    expect(text(three!.querySelector('[data-error]'))).toContain('do not match its type')
    expect(text(three!.querySelector('[data-detail]'))).toContain('do not match the declared content type')
    expect(qa(el, '[data-retry]').length).toBe(3)
    expect(live(el)).toBe('Finished: 0 stored, 3 not sent.')
    expect(errors.map((e) => e.status)).toEqual([413, 415, 422])
  })
})

describe('<tessera-upload> stored images', () => {
  it('counts down to deletion in hh:mm from expiresAt, every minute', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      let now = Date.parse(FIXTURE_NOW)
      const { el } = await mount({ signedIn: true, stored: FIXTURE_STORED }, (e) => (e.now = () => now))
      await view(el, 'upload')
      await vi.waitFor(() => expect(qa(el, '[data-stored]').length).toBe(2))
      const countdowns = () => qa(el, '[part~=countdown] time').map((t) => text(t))
      expect(countdowns()).toEqual(['23:35', '02:10'])
      expect(text(q(el, '[data-stored=up_fixture_2] [part~=countdown]'))).toContain(
        'Deleted automatically in 2 h 10 min'
      )
      expect(q(el, '[part~=countdown] time')!.getAttribute('datetime')).toBe('PT23H35M')
      now += 61_000
      vi.advanceTimersByTime(60_000)
      await el.updateComplete
      expect(countdowns()).toEqual(['23:33', '02:08'])
    } finally {
      vi.useRealTimers()
    }
  })

  it('Delete now sends DELETE and removes the image', async () => {
    const { el, api } = await mount({ signedIn: true, stored: FIXTURE_STORED })
    await view(el, 'upload')
    await vi.waitFor(() => expect(qa(el, '[data-stored]').length).toBe(2))
    await click(el, '[data-stored=up_fixture_1] [data-delete]')
    await vi.waitFor(() => expect(qa(el, '[data-stored]').length).toBe(1))
    const deletes = api.requests.filter((r) => r.method === 'DELETE')
    expect(deletes.map((r) => [r.path, r.authorization])).toEqual([
      ['/v1/widget/me/uploads/up_fixture_1', `Bearer ${FIXTURE_SESSION}`],
    ])
    expect(api.stored.map((s) => s.id)).toEqual(['up_fixture_2'])
    expect(live(el)).toBe('The image was deleted.')
    expect(el.shadowRoot!.activeElement?.id).toBe('stored-title')
  })

  it('has no axe violations with stored images, and renders Korean', async () => {
    const { el } = await mount({ signedIn: true, stored: FIXTURE_STORED }, (e) => {
      e.setAttribute('lang', 'ko')
      e.now = () => Date.parse(FIXTURE_NOW)
    })
    await view(el, 'upload')
    await vi.waitFor(() => expect(qa(el, '[data-stored]').length).toBe(2))
    expect(text(q(el, '[role=heading]'))).toBe('이미지 보내기')
    expect(text(q(el, '[data-stored=up_fixture_1] [part~=countdown]'))).toContain('23:35 후 삭제')
    expect(await violations(el)).toEqual([])
  })
})

describe('<tessera-upload> analyses', () => {
  const card = (el: El, uploadId: string) => q(el, `[data-stored="${uploadId}"]`)
  const analysisOf = (el: El, uploadId: string) => q(el, `[data-stored="${uploadId}"] [part~=analysis]`)
  const bar = (el: El, uploadId: string) => q(el, `[data-stored="${uploadId}"] [role=progressbar]`)

  async function status(el: El, uploadId: string, expected: string): Promise<void> {
    await vi.waitFor(() => expect(analysisOf(el, uploadId)?.dataset.status).toBe(expected))
    await el.updateComplete
  }

  function completions(el: El): AnalysisCompleteDetail[] {
    const seen: AnalysisCompleteDetail[] = []
    el.addEventListener('tessera-analysis-complete', (e) => {
      const event = e as CustomEvent<AnalysisCompleteDetail>
      expect(event.bubbles && event.composed).toBe(true)
      seen.push(event.detail)
    })
    return seen
  }

  const polls = (api: UploadFixtureApi, id: string) =>
    api.requests.filter((r) => r.method === 'GET' && r.path === `/v1/widget/me/analyses/${id}`)
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

  it('steps the progress bar through the stages from the event stream, then shows the result', async () => {
    const { el, api } = await mount({ signedIn: true, stored: [FIXTURE_ANALYSED.queued] })
    const done = completions(el)
    await view(el, 'upload')
    await vi.waitFor(() => expect(api.streams.length).toBe(1))
    const request = api.requests.find((r) => r.path === '/v1/widget/me/analyses/an_queued/events')!
    expect([request.accept, request.authorization, request.key]).toEqual([
      'text/event-stream',
      `Bearer ${FIXTURE_SESSION}`,
      'pk_fixture_upload',
    ])
    await status(el, 'up_an_queued', 'queued')
    expect(bar(el, 'up_an_queued')!.getAttribute('aria-label')).toMatch(/^Analysis of the PNG image sent at /)
    const announced: string[] = []
    const steps: [string | null, string | null, string][] = []
    const record = () => {
      const b = bar(el, 'up_an_queued')!
      steps.push([
        b.getAttribute('aria-valuenow'),
        b.getAttribute('aria-valuetext'),
        text(q(el, '[data-stage]')),
      ])
      if (live(el) && announced.at(-1) !== live(el)) announced.push(live(el))
    }
    record()
    for (const next of ['preprocessing', 'running', 'postprocessing', 'done']) {
      api.advance('an_queued')
      await status(el, 'up_an_queued', next)
      record()
    }
    expect(steps).toEqual([
      ['0', 'Waiting to start (step 1 of 5)', 'Waiting to start'],
      ['1', 'Preparing the image (step 2 of 5)', 'Preparing the image'],
      ['2', 'Analysing (step 3 of 5)', 'Analysing'],
      ['3', 'Preparing the result (step 4 of 5)', 'Preparing the result'],
      ['4', 'Complete (step 5 of 5)', 'Complete'],
    ])
    expect(bar(el, 'up_an_queued')!.getAttribute('aria-valuemax')).toBe('4')
    // Announced when it starts and when it ends, not at every stage.
    expect(announced).toEqual([
      expect.stringMatching(/^Analysis of the PNG image sent at .+ has started\.$/),
      expect.stringMatching(/^Analysis of the PNG image sent at .+ is complete\.$/),
    ])
    const summary = q(el, '[part~=analysis-summary]')!
    expect(text(summary.querySelector('.findings'))).toBe('Vessel: 6.8% of the image')
    expect(text(summary.querySelector('[data-model]'))).toBe('Model: retina-vessels, version 1.2.0')
    expect(text(summary)).toContain('not a diagnosis')
    // Each block came split across chunks, some after a keep-alive comment; the stream is over.
    expect(api.streams[0]!.chunks.length).toBeGreaterThanOrEqual(15)
    expect(api.streams[0]!.chunks.join('')).toContain(': keep-alive\n\n')
    expect(api.streams[0]!.closed).toBe(true)
    expect(polls(api, 'an_queued')).toEqual([])
    expect(done).toEqual([
      {
        uploadId: 'up_an_queued',
        analysisId: 'an_queued',
        status: 'done',
        model: { name: 'retina-vessels', version: '1.2.0' },
        summary: FIXTURE_SEGMENTATION,
      },
    ])
  })

  it('shows the result of a segmentation and of a classification, without following finished ones', async () => {
    const { el, api } = await mount({
      signedIn: true,
      stored: [FIXTURE_ANALYSED.done, FIXTURE_ANALYSED.classified],
    })
    const done = completions(el)
    await view(el, 'upload')
    await status(el, 'up_an_classified', 'done')
    expect(text(card(el, 'up_an_done')!.querySelector('[part~=analysis-summary] .findings'))).toBe(
      'Vessel: 6.8% of the image'
    )
    const classified = card(el, 'up_an_classified')!.querySelector('[part~=analysis-summary]')
    expect(text(classified!.querySelector('.findings'))).toBe('Most likely: Diabetic retinopathy (81%)')
    expect(text(classified!.querySelector('[data-model]'))).toBe('Model: fundus-grading, version 3.0.1')
    expect(bar(el, 'up_an_done')!.getAttribute('aria-valuenow')).toBe('4')
    await pause(50)
    expect(api.streams).toEqual([])
    expect(api.requests.filter((r) => r.path.startsWith('/v1/widget/me/analyses'))).toEqual([])
    expect(done).toEqual([])
  })

  it('a failure shows the reason, is reported once, and is announced', async () => {
    const error = 'The model could not run on this image.'
    const { el, api } = await mount({
      signedIn: true,
      stored: [FIXTURE_ANALYSED.queued],
      analysisScript: ['preprocessing', { status: 'failed', error }],
    })
    const done = completions(el)
    await view(el, 'upload')
    await vi.waitFor(() => expect(api.streams.length).toBe(1))
    api.advance('an_queued')
    api.advance('an_queued')
    await status(el, 'up_an_queued', 'failed')
    const analysis = analysisOf(el, 'up_an_queued')!
    expect(analysis.querySelector('[role=progressbar]')).toBeNull()
    expect(text(analysis.querySelector('[data-analysis-error]'))).toBe('The image could not be analysed.')
    expect(text(analysis.querySelector('[data-analysis-reason]'))).toBe(error)
    expect(text(analysis.querySelector('[data-reanalyse]'))).toMatch(
      /^Analyse again \(PNG image sent at .+\)$/
    )
    expect(live(el)).toMatch(/^The PNG image sent at .+ could not be analysed\.$/)
    expect(done).toEqual([
      {
        uploadId: 'up_an_queued',
        analysisId: 'an_queued',
        status: 'failed',
        model: { name: 'retina-vessels', version: '1.2.0' },
        summary: null,
      },
    ])
  })

  it('Analyse again asks the API (POST) and follows the new run to its end', async () => {
    const { el, api } = await mount({ signedIn: true, stored: [FIXTURE_ANALYSED.failed] })
    const done = completions(el)
    await view(el, 'upload')
    await status(el, 'up_an_failed', 'failed')
    expect(text(card(el, 'up_an_failed')!.querySelector('[data-analysis-reason]'))).toContain(
      'could not be read'
    )
    expect(api.streams).toEqual([])
    await click(el, '[data-reanalyse]')
    await status(el, 'up_an_failed', 'queued')
    const posts = api.requests.filter((r) => r.method === 'POST')
    expect(posts.map((r) => [r.path, r.authorization])).toEqual([
      ['/v1/widget/me/uploads/up_an_failed/analyses', `Bearer ${FIXTURE_SESSION}`],
    ])
    expect(el.shadowRoot!.activeElement).toBe(analysisOf(el, 'up_an_failed'))
    await vi.waitFor(() => expect(api.streams.length).toBe(1))
    for (const next of ['preprocessing', 'running', 'postprocessing', 'done']) {
      api.advance('an_failed')
      await status(el, 'up_an_failed', next)
    }
    expect(q(el, '[data-reanalyse]')).toBeNull()
    expect(text(q(el, '[part~=analysis-summary] .findings'))).toBe('Vessel: 6.8% of the image')
    expect(done.map((d) => [d.analysisId, d.status])).toEqual([['an_failed', 'done']])
  })

  it('says why an analysis cannot be asked for: image gone, processing restricted', async () => {
    const gone = await mount({
      signedIn: true,
      stored: [FIXTURE_ANALYSED.failed],
      analysisRequestStatus: 410,
    })
    await view(gone.el, 'upload')
    await status(gone.el, 'up_an_failed', 'failed')
    await click(gone.el, '[data-reanalyse]')
    await vi.waitFor(() =>
      expect(text(q(gone.el, '[data-analysis-problem]'))).toBe(
        'This image has already been deleted, so it cannot be analysed.'
      )
    )
    expect(live(gone.el)).toContain('already been deleted')
    // The list was reloaded to show what is really stored.
    expect(gone.api.requests.filter((r) => r.path === '/v1/widget/me/uploads').length).toBe(2)
    document.body.replaceChildren()

    const restricted = await mount({ signedIn: true, stored: [FIXTURE_ANALYSED.failed], restricted: true })
    await view(restricted.el, 'upload')
    await status(restricted.el, 'up_an_failed', 'failed')
    await click(restricted.el, '[data-reanalyse]')
    await vi.waitFor(() =>
      expect(text(q(restricted.el, '[data-analysis-problem]'))).toContain('Processing of your data is paused')
    )
    expect(q(restricted.el, '[data-reanalyse]')).not.toBeNull()
  })

  it.each([
    ['answers 404', 404],
    ['answers 500', 500],
    ['cannot be reached', 'network'],
    ['is not an event stream', 'not-a-stream'],
    ['breaks off', 'drop'],
  ] as const)('polls when the event stream %s', async (_, mode) => {
    const { el, api } = await mount(
      { signedIn: true, stored: [FIXTURE_ANALYSED.queued], analysisEvents: mode },
      (e) => {
        e.pollInterval = 20
      }
    )
    const done = completions(el)
    await view(el, 'upload')
    if (mode === 'drop') {
      // The stream works at first (the current state), then breaks off at the first change.
      await vi.waitFor(() => expect(api.streams.length).toBe(1))
      await status(el, 'up_an_queued', 'queued')
    } else await vi.waitFor(() => expect(polls(api, 'an_queued').length).toBeGreaterThan(0))
    for (const [next, step] of [
      ['preprocessing', '1'],
      ['running', '2'],
      ['postprocessing', '3'],
      ['done', '4'],
    ]) {
      api.advance('an_queued')
      await status(el, 'up_an_queued', next!)
      expect(bar(el, 'up_an_queued')!.getAttribute('aria-valuenow')).toBe(step)
    }
    expect(done.length).toBe(1)
    expect(polls(api, 'an_queued')[0]!.authorization).toBe(`Bearer ${FIXTURE_SESSION}`)
    expect(api.streams.length).toBe(mode === 'drop' ? 1 : 0)
    // Finished: polling stopped.
    const count = polls(api, 'an_queued').length
    await pause(100)
    expect(polls(api, 'an_queued').length).toBe(count)
  })

  it('follows at most two event streams at once; others are polled', async () => {
    const extra = {
      ...FIXTURE_ANALYSED.queued,
      id: 'up_extra',
      analysis: fixtureAnalysis('an_extra', 'preprocessing'),
    }
    const { el, api } = await mount(
      { signedIn: true, stored: [FIXTURE_ANALYSED.queued, FIXTURE_ANALYSED.running, extra] },
      (e) => (e.pollInterval = 20)
    )
    await view(el, 'upload')
    await vi.waitFor(() => expect(polls(api, 'an_extra').length).toBeGreaterThan(1))
    expect(api.streams.map((s) => s.analysisId)).toEqual(['an_queued', 'an_running'])
    api.advance('an_extra')
    await status(el, 'up_extra', 'running')
  })

  it('after an upload, follows the analysis of the new image', async () => {
    const { el, api } = await mount()
    const done = completions(el)
    await view(el, 'upload')
    await el.addFiles([fixtureFile('png', 'a.png')])
    await fileStates(el, 'waiting')
    await click(el, '[data-send]')
    await fileStates(el, 'stored')
    await vi.waitFor(() => expect(api.streams.length).toBe(1))
    const { analysisId } = api.streams[0]!
    await status(el, 'up_new_1', 'queued')
    for (let i = 0; i < 4; i++) api.advance(analysisId)
    await status(el, 'up_new_1', 'done')
    expect(done).toEqual([expect.objectContaining({ uploadId: 'up_new_1', analysisId, status: 'done' })])
    // Reloading the list (another upload) reports nothing again.
    await el.addFiles([fixtureFile('png', 'b.png')])
    await fileStates(el, 'stored', 'waiting')
    await click(el, '[data-send]')
    await fileStates(el, 'stored', 'stored')
    await vi.waitFor(() => expect(api.streams.length).toBe(2))
    await pause(50)
    expect(done.length).toBe(1)
  })

  it('stops following when disconnected: streams aborted, no more requests', async () => {
    const { el, api } = await mount({
      signedIn: true,
      stored: [FIXTURE_ANALYSED.queued, FIXTURE_ANALYSED.running],
    })
    await view(el, 'upload')
    await vi.waitFor(() => expect(api.streams.length).toBe(2))
    el.remove()
    for (const stream of api.streams) {
      expect(stream.signal?.aborted).toBe(true)
      expect(stream.closed).toBe(true)
    }
    const count = api.requests.length
    api.advance('an_queued')
    api.advance('an_running')
    await pause(100)
    expect(api.requests.length).toBe(count)
    expect(analysisOf(el, 'up_an_queued')!.dataset.status).toBe('queued')
    // Connected again: follows again, from where the analyses are now.
    document.body.append(el)
    await vi.waitFor(() => expect(api.streams.length).toBe(4))
    await status(el, 'up_an_running', 'postprocessing')
  })

  it('stops polling when disconnected or signed out', async () => {
    const { el, api } = await mount(
      { signedIn: true, stored: [FIXTURE_ANALYSED.queued], analysisEvents: 500 },
      (e) => (e.pollInterval = 20)
    )
    await view(el, 'upload')
    await vi.waitFor(() => expect(polls(api, 'an_queued').length).toBeGreaterThan(1))
    el.remove()
    let count = api.requests.length
    await pause(120)
    expect(api.requests.length).toBe(count)

    document.body.append(el)
    await vi.waitFor(() => expect(polls(api, 'an_queued').length).toBeGreaterThan(count))
    memberSession('pk_fixture_upload').clear()
    await view(el, 'signed-out')
    count = api.requests.length
    await pause(120)
    expect(api.requests.length).toBe(count)
  })

  it('when the analysis cannot be followed, says so and offers to check again', async () => {
    let gone = true
    const { el, api } = await mount(
      { signedIn: true, stored: [FIXTURE_ANALYSED.queued], analysisEvents: 404 },
      (e) => {
        e.pollInterval = 20
        // The analysis cannot be found for a while (404 is not worth asking again).
        const runtime = e.runtime as UploadFixtureApi['runtime']
        const fetch: typeof globalThis.fetch = (input, init) =>
          gone && String(input).endsWith('/analyses/an_queued')
            ? Promise.resolve(new Response('{}', { status: 404 }))
            : runtime.fetch!(input, init)
        e.runtime = { ...runtime, fetch } as UploadFixtureApi['runtime']
      }
    )
    await view(el, 'upload')
    await vi.waitFor(() => expect(q(el, '[data-analysis-lost]')).not.toBeNull())
    expect(text(q(el, '[data-analysis-lost]'))).toBe('The progress of the analysis could not be loaded.')
    expect(text(q(el, '[data-analysis-check]'))).toMatch(/^Check again \(PNG image sent at .+\)$/)
    gone = false
    api.advance('an_queued')
    await click(el, '[data-analysis-check]')
    await status(el, 'up_an_queued', 'preprocessing')
    expect(q(el, '[data-analysis-lost]')).toBeNull()
  })

  it('has no axe violations with analyses in every state', async () => {
    const { el } = await mount(
      { signedIn: true, stored: Object.values(FIXTURE_ANALYSED) },
      (e) => (e.now = () => Date.parse(FIXTURE_NOW))
    )
    await view(el, 'upload')
    await status(el, 'up_an_failed', 'failed')
    expect(qa(el, '[part~=analysis]').map((a) => a.dataset.status)).toEqual([
      'queued',
      'running',
      'done',
      'done',
      'failed',
    ])
    expect(await violations(el)).toEqual([])
  })

  it('renders analyses in Korean, without axe violations', async () => {
    const { el, api } = await mount({ signedIn: true, stored: Object.values(FIXTURE_ANALYSED) }, (e) => {
      e.setAttribute('lang', 'ko')
      e.now = () => Date.parse(FIXTURE_NOW)
    })
    await view(el, 'upload')
    await status(el, 'up_an_failed', 'failed')
    const running = card(el, 'up_an_running')!
    expect(text(running.querySelector('.analysis-title'))).toBe('AI 분석')
    expect(running.querySelector('[role=progressbar]')!.getAttribute('aria-valuetext')).toBe(
      '분석 중 (5단계 중 3단계)'
    )
    expect(running.querySelector('[role=progressbar]')!.getAttribute('aria-label')).toMatch(
      /에 보낸 DICOM 이미지 분석$/
    )
    expect(text(card(el, 'up_an_done')!.querySelector('.findings'))).toBe('Vessel: 이미지 면적의 6.8%')
    expect(text(card(el, 'up_an_classified')!.querySelector('.findings'))).toBe(
      '가장 가능성이 높은 결과: Diabetic retinopathy (81%)'
    )
    expect(text(card(el, 'up_an_classified')!.querySelector('[data-model]'))).toBe(
      '모델: fundus-grading, 버전 3.0.1'
    )
    expect(text(card(el, 'up_an_failed')!.querySelector('[data-analysis-error]'))).toBe(
      '이미지를 분석하지 못했습니다.'
    )
    expect(text(card(el, 'up_an_failed')!.querySelector('[data-reanalyse]'))).toMatch(
      /^다시 분석하기 \(.+에 보낸 PNG 이미지\)$/
    )
    expect(await violations(el)).toEqual([])
    api.advance('an_running')
    await status(el, 'up_an_running', 'postprocessing')
    api.advance('an_running')
    await status(el, 'up_an_running', 'done')
    expect(live(el)).toMatch(/에 보낸 DICOM 이미지의 분석이 끝났습니다\.$/)
  })
})
