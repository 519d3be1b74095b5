import axe from 'axe-core'
import { memberSession, resetRuntimeForTests } from '@tessera/widget-core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ViewerReadyDetail } from '../src/index.js'
import {
  FIXTURE_MODEL,
  FIXTURE_NOW,
  FIXTURE_CLASSIFICATION,
  FIXTURE_SEGMENTATION,
  FIXTURE_SESSION,
  fixtureAnalysis,
} from '../src/fixtures.js'
import { syntheticDicom, syntheticJpeg, syntheticPng } from '../src/synthetic.js'
import type { El } from './helpers.js'
import { clientOf, dicomUpload, drawn, grey, mount, pixel, pointer, q, SIZE, text, view } from './helpers.js'

beforeEach(() => sessionStorage.clear())

afterEach(() => {
  document.body.replaceChildren()
  document.head.querySelectorAll('style[data-tessera-theme]').forEach((s) => s.remove())
  sessionStorage.clear()
  resetRuntimeForTests()
  vi.restoreAllMocks()
})

/** 64 × 64 CT: left half 100 HU, right half 300 HU (stored + intercept −1024); the file's window 200 / 400. */
const ct = (extra: Partial<Parameters<typeof syntheticDicom>[0]> = {}) =>
  syntheticDicom({
    width: 64,
    height: 64,
    modality: 'CT',
    rescaleIntercept: -1024,
    rescaleSlope: 1,
    windowCenter: 200,
    windowWidth: 400,
    pixelSpacing: [0.5, 0.5],
    pixel: (x) => (x < 32 ? 1124 : 1324),
    ...extra,
  })

const LEFT = { x: SIZE / 4, y: SIZE / 2 }
const RIGHT = { x: (3 * SIZE) / 4, y: SIZE / 2 }
const greyAt = (el: El, at: { x: number; y: number }) => pixel(el, at.x, at.y)[0]

async function violations(root: Element): Promise<string[]> {
  const result = await axe.run(root, { resultTypes: ['violations'] })
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

describe('<tessera-viewer> shows the image', () => {
  it('renders a DICOM image, fires tessera-viewer-ready and counts down to deletion', async () => {
    const ready: ViewerReadyDetail[] = []
    const { el, api } = await mount({ uploadId: 'up_ct', uploads: [dicomUpload('up_ct', ct())] }, (e) =>
      e.addEventListener('tessera-viewer-ready', (ev) =>
        ready.push((ev as CustomEvent<ViewerReadyDetail>).detail)
      )
    )
    await view(el, 'viewing')
    await drawn(() => {
      expect(greyAt(el, LEFT)).toBeCloseTo(grey(100, 200, 400), -0.5)
      expect(greyAt(el, RIGHT)).toBeCloseTo(grey(300, 200, 400), -0.5)
    })
    expect(ready).toEqual([{ uploadId: 'up_ct', width: 64, height: 64, frames: 1 }])
    expect(el.getAttribute('view')).toBe('viewing')
    // Uploaded two hours before "now", deleted 24 h after upload.
    expect(text(q(el, '[data-countdown] [aria-hidden]'))).toBe('Deleted in 22:00')
    expect(text(q(el, '[data-readout=window]'))).toBe('W 400 · L 200')
    expect(text(q(el, '[data-live]'))).toContain('DICOM image shown, 64 × 64 pixels.')
    expect(text(q(el, '[data-no-analysis]'))).toBe('This image has not been analysed.')

    const content = api.requests.find((r) => r.path === '/v1/widget/me/uploads/up_ct/content')!
    expect(content).toMatchObject({
      authorization: `Bearer ${FIXTURE_SESSION}`,
      key: expect.stringMatching(/^pk_test_viewer_/),
      cache: 'no-store',
      credentials: 'omit',
    })
    // Nothing of the image is kept anywhere persistent.
    expect(await caches.keys()).toEqual([])
    expect(await indexedDB.databases()).toEqual([])
    expect(localStorage.length).toBe(0)
    expect(Object.keys(sessionStorage).every((k) => k.startsWith('tessera.member-session.'))).toBe(true)
  })

  it('renders PNG (greyscale and colour) and JPEG images', async () => {
    const png = await syntheticPng(64, 64, (x) => (x < 32 ? 40 : 220))
    const colour = await syntheticPng(64, 64, (x) => (x < 32 ? [200, 30, 30] : [30, 30, 200]))
    const jpeg = await syntheticJpeg(64, 64)
    const { el } = await mount({
      uploadId: 'up_png',
      uploads: [
        { id: 'up_png', contentType: 'image/png', bytes: png },
        { id: 'up_rgb', contentType: 'image/png', bytes: colour },
        { id: 'up_jpg', contentType: 'image/jpeg', bytes: jpeg },
      ],
    })
    await view(el, 'viewing')
    await drawn(() => {
      expect(greyAt(el, LEFT)).toBeCloseTo(40, -0.5)
      expect(greyAt(el, RIGHT)).toBeCloseTo(220, -0.5)
    })
    el.uploadId = 'up_rgb'
    await el.updateComplete
    await view(el, 'viewing')
    await drawn(() => {
      expect(pixel(el, LEFT.x, LEFT.y).slice(0, 3)).toEqual([200, 30, 30])
      expect(pixel(el, RIGHT.x, RIGHT.y).slice(0, 3)).toEqual([30, 30, 200])
    })
    el.uploadId = 'up_jpg'
    await el.updateComplete
    await view(el, 'viewing')
    await drawn(() => {
      const [r, g, b] = pixel(el, SIZE / 2, SIZE / 2)
      // The pale disc in the middle of the synthetic photo.
      expect(r).toBeGreaterThan(200)
      expect(g).toBeGreaterThan(190)
      expect(b).toBeGreaterThan(160)
    })
  })

  it('reads the pixel value in HU and the coordinates under the pointer', async () => {
    const { el } = await mount({ uploadId: 'up_ct', uploads: [dicomUpload('up_ct', ct())] })
    await view(el, 'viewing')
    const viewport = q(el, '[part=viewport]')!
    pointer(viewport, 'pointermove', clientOf(el, 10, 20), { buttons: 0 })
    await el.updateComplete
    expect(text(q(el, '[data-readout=pointer]'))).toBe('x 10, y 20: 100 HU')
    pointer(viewport, 'pointermove', clientOf(el, 50, 3), { buttons: 0 })
    await el.updateComplete
    expect(text(q(el, '[data-readout=pointer]'))).toBe('x 50, y 3: 300 HU')
  })

  it('measures a length in mm when the pixel spacing is known, in pixels otherwise', async () => {
    const { el } = await mount({
      uploadId: 'up_ct',
      uploads: [
        dicomUpload('up_ct', ct()),
        dicomUpload('up_nospacing', ct({ pixelSpacing: undefined as unknown as [number, number] })),
      ],
    })
    await view(el, 'viewing')
    q<HTMLButtonElement>(el, '[data-mode=measure]')!.click()
    await el.updateComplete
    expect(q(el, '[data-mode=measure]')!.getAttribute('aria-pressed')).toBe('true')
    const viewport = q(el, '[part=viewport]')!
    pointer(viewport, 'pointerdown', clientOf(el, 10, 10))
    pointer(viewport, 'pointermove', clientOf(el, 40, 50))
    pointer(viewport, 'pointerup', clientOf(el, 40, 50))
    await el.updateComplete
    // 30 × 40 pixels of 0.5 mm: 25 mm.
    expect(text(q(el, '[data-readout=length]'))).toBe('Length 25 mm')
    expect(text(q(el, '[data-live]'))).toBe('Length 25 mm')

    el.uploadId = 'up_nospacing'
    await el.updateComplete
    await view(el, 'viewing')
    const again = q(el, '[part=viewport]')!
    again.focus()
    again.dispatchEvent(new KeyboardEvent('keydown', { key: 'm', bubbles: true, composed: true }))
    await el.updateComplete
    pointer(again, 'pointerdown', clientOf(el, 10, 10))
    pointer(again, 'pointermove', clientOf(el, 40, 50))
    pointer(again, 'pointerup', clientOf(el, 40, 50))
    await el.updateComplete
    expect(text(q(el, '[data-readout=length]'))).toBe('Length 50 px (pixel size unknown)')
  })
})

describe('window / level', () => {
  const key = (el: El, k: string, init: KeyboardEventInit = {}) =>
    q(el, '[part=viewport]')!.dispatchEvent(
      new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true, ...init })
    )

  it('changes the canvas pixels as the window/level formula says: keyboard, presets, drag, invert, reset', async () => {
    const { el } = await mount({ uploadId: 'up_ct', uploads: [dicomUpload('up_ct', ct())] })
    await view(el, 'viewing')
    const expectWindow = async (center: number, width: number) => {
      const n = (v: number) => new Intl.NumberFormat('en').format(v)
      expect(text(q(el, '[data-readout=window]'))).toBe(`W ${n(width)} · L ${n(center)}`)
      await drawn(() => {
        expect(greyAt(el, LEFT)).toBeCloseTo(grey(100, center, width), -0.5)
        expect(greyAt(el, RIGHT)).toBeCloseTo(grey(300, center, width), -0.5)
      })
    }
    await expectWindow(200, 400)

    // CT presets: bone, then lung.
    const select = q<HTMLSelectElement>(el, '[data-preset]')!
    expect([...select.options].map((o) => o.value)).toEqual(['auto', 'brain', 'lung', 'abdomen', 'bone'])
    select.value = 'bone'
    select.dispatchEvent(new Event('change'))
    await el.updateComplete
    await expectWindow(400, 1800)
    select.value = 'lung'
    select.dispatchEvent(new Event('change'))
    await el.updateComplete
    await expectWindow(-600, 1500)

    // Keyboard: ] widens by 4 steps (the file's width / 64 = 6 per step), Shift+↑ raises the level by 2 steps.
    select.value = 'auto'
    select.dispatchEvent(new Event('change'))
    await el.updateComplete
    key(el, ']')
    await el.updateComplete
    await expectWindow(200, 424)
    key(el, 'ArrowUp', { shiftKey: true })
    await el.updateComplete
    await expectWindow(212, 424)
    expect(select.value).toBe('custom')
    expect(text(q(el, '[data-live]'))).toBe('Window 424, level 212.')

    // Dragging: right widens, down raises the level (6 units per pixel here).
    const viewport = q(el, '[part=viewport]')!
    const start = clientOf(el, 30, 30)
    pointer(viewport, 'pointerdown', start)
    pointer(viewport, 'pointermove', { clientX: start.clientX + 10, clientY: start.clientY - 5 })
    pointer(viewport, 'pointerup', { clientX: start.clientX + 10, clientY: start.clientY - 5 })
    await el.updateComplete
    await expectWindow(182, 484)

    // Invert: 255 − grey.
    key(el, 'i')
    await el.updateComplete
    expect(q(el, '[data-action=invert]')!.getAttribute('aria-pressed')).toBe('true')
    await drawn(() => expect(greyAt(el, LEFT)).toBeCloseTo(255 - grey(100, 182, 484), -0.5))

    // Reset: the file's window, not inverted.
    key(el, 'r')
    await el.updateComplete
    expect(q(el, '[data-action=invert]')!.getAttribute('aria-pressed')).toBe('false')
    await expectWindow(200, 400)
  })

  it('keeps extreme window values finite and the image drawable', async () => {
    const { el } = await mount({ uploadId: 'up_ct', uploads: [dicomUpload('up_ct', ct())] })
    await view(el, 'viewing')
    el.setWindow(1e15, 0)
    await el.updateComplete
    expect(text(q(el, '[data-readout=window]'))).toBe('W 1 · L 10,000,000')
    await drawn(() => {
      expect(greyAt(el, LEFT)).toBe(0)
      expect(greyAt(el, RIGHT)).toBe(0)
    })
    el.setWindow(-1e15, 1e15)
    await el.updateComplete
    expect(text(q(el, '[data-readout=window]'))).toBe('W 10,000,000 · L -10,000,000')
    await drawn(() => expect(greyAt(el, LEFT)).toBe(255))
    el.setWindow(Number.NaN, Number.POSITIVE_INFINITY)
    el.setWindow(300, -50)
    await el.updateComplete
    expect(text(q(el, '[data-readout=window]'))).toBe('W 1 · L 300')
    // A 1-wide window at 300: below is black, 300 itself mid-grey.
    await drawn(() => {
      expect(greyAt(el, LEFT)).toBe(0)
      expect(greyAt(el, RIGHT)).toBeCloseTo(128, -0.5)
    })
    expect(el.view).toBe('viewing')
  })

  it('zooms, pans and fits by keyboard', async () => {
    const { el } = await mount({ uploadId: 'up_ct', uploads: [dicomUpload('up_ct', ct())] })
    await view(el, 'viewing')
    expect(text(q(el, '[data-readout=zoom]'))).toBe('Zoom 400%')
    key(el, '+')
    await el.updateComplete
    expect(text(q(el, '[data-readout=zoom]'))).toBe('Zoom 500%')
    // Pan right by 24 px: the boundary between the halves (canvas x 128) moves to x 152.
    key(el, 'ArrowRight')
    await el.updateComplete
    await drawn(() => {
      expect(greyAt(el, { x: 148, y: 128 })).toBeCloseTo(grey(100, 200, 400), -0.5)
      expect(greyAt(el, { x: 156, y: 128 })).toBeCloseTo(grey(300, 200, 400), -0.5)
    })
    key(el, 'f')
    await el.updateComplete
    expect(text(q(el, '[data-readout=zoom]'))).toBe('Zoom 400%')
    await drawn(() => expect(greyAt(el, { x: 124, y: 128 })).toBeCloseTo(grey(100, 200, 400), -0.5))
  })
})

describe('AI result overlay', () => {
  // A disc, a bar and single pixels at the corners: every pixel is checked.
  const inMask = (x: number, y: number) =>
    Math.hypot(x - 20, y - 20) < 9 ||
    (y >= 44 && y < 48 && x >= 8 && x < 56) ||
    (x === 0 && y === 0) ||
    (x === 63 && y === 63) ||
    (x === 40 && y === 10)

  async function withMask(maskSize = 64) {
    const mask = await syntheticPng(maskSize, maskSize, (x, y) => (inMask(x, y) ? 255 : 0))
    const analysis = fixtureAnalysis('an_1', 'done', FIXTURE_SEGMENTATION(64, 64, 0.08))
    return mount({ uploadId: 'up_ct', uploads: [dicomUpload('up_ct', ct(), { analysis, mask })] })
  }

  const scan = (el: El) => {
    const wrong: string[] = []
    for (let y = 0; y < 64; y++)
      for (let x = 0; x < 64; x++) {
        const [r, g, b] = pixel(el, x * 4 + 2, y * 4 + 2)
        const tinted = r === 0 && g === 255 && b === 0
        const plain = r === g && g === b
        if (inMask(x, y) ? !tinted : !plain) wrong.push(`${x},${y}: ${r},${g},${b}`)
      }
    return wrong
  }

  it('draws the mask exactly where it is 1, in the chosen colour and opacity, and hides it when toggled off', async () => {
    const { el } = await withMask()
    await view(el, 'viewing')
    await vi.waitFor(() => expect(q(el, '[data-overlay]')).not.toBeNull())
    expect(text(q(el, '[data-model]'))).toBe(`Model: ${FIXTURE_MODEL.name}, version ${FIXTURE_MODEL.version}`)
    expect(text(q(el, '[data-scores]'))).toContain('Lesion 8%')
    const colour = q<HTMLInputElement>(el, '[data-colour]')!
    colour.value = '#00ff00'
    colour.dispatchEvent(new Event('input'))
    const opacity = q<HTMLInputElement>(el, '[data-opacity]')!
    opacity.value = '100'
    opacity.dispatchEvent(new Event('input'))
    await el.updateComplete
    await drawn(() => expect(scan(el)).toEqual([]))

    const toggle = q<HTMLInputElement>(el, '[data-overlay]')!
    toggle.click()
    await el.updateComplete
    await drawn(() => {
      for (const [x, y] of [
        [20, 20],
        [30, 45],
        [0, 0],
        [63, 63],
      ] as const) {
        const [r, g, b] = pixel(el, x * 4 + 2, y * 4 + 2)
        expect([r, g, b]).toEqual([r, r, r])
      }
    })
    expect(text(q(el, '[data-live]'))).toBe('AI result hidden.')
    // O brings it back.
    q(el, '[part=viewport]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'o', bubbles: true }))
    await el.updateComplete
    expect(toggle.checked).toBe(true)
    await drawn(() => expect(scan(el)).toEqual([]))

    // Half opacity: the colour is blended with the image.
    opacity.value = '50'
    opacity.dispatchEvent(new Event('input'))
    await drawn(() => {
      const base = grey(100, 200, 400)
      const [r, g, b] = pixel(el, 20 * 4 + 2, 20 * 4 + 2)
      expect(r).toBeCloseTo(base / 2, -0.5)
      expect(g).toBeCloseTo((base + 255) / 2, -0.5)
      expect(b).toBeCloseTo(base / 2, -0.5)
    })
  })

  it('refuses a mask of the wrong size with a clear message and draws nothing', async () => {
    const { el } = await withMask(32)
    await view(el, 'viewing')
    await vi.waitFor(() => expect(q(el, '[data-mask-problem]')).not.toBeNull())
    expect(text(q(el, '[data-mask-problem]'))).toBe(
      'The result does not match this image (32 × 32 pixels instead of 64 × 64), so it is not shown on the image.'
    )
    expect(q(el, '[data-overlay]')).toBeNull()
    await drawn(() => {
      for (let y = 0; y < 64; y += 3)
        for (let x = 0; x < 64; x += 3) {
          const [r, g, b] = pixel(el, x * 4 + 2, y * 4 + 2)
          expect([r, g, b]).toEqual([r, r, r])
        }
    })
  })

  it('shows a classification: scores, model and version, no overlay', async () => {
    const analysis = fixtureAnalysis('an_c', 'done', FIXTURE_CLASSIFICATION)
    const { el, api } = await mount({
      uploadId: 'up_ct',
      uploads: [dicomUpload('up_ct', ct(), { analysis })],
    })
    await view(el, 'viewing')
    await vi.waitFor(() => expect(q(el, '[data-scores]')).not.toBeNull())
    const rows = [...el.shadowRoot!.querySelectorAll('[data-scores] tbody tr')].map(text)
    expect(rows).toEqual(['Normal 81%', 'Benign 15%', 'Malignant 4%'])
    expect(q(el, '[data-overlay]')).toBeNull()
    expect(api.requests.some((r) => r.path.endsWith('/mask'))).toBe(false)
  })

  it('shows an analysis still under way or failed, and the one named by analysis-id', async () => {
    const running = fixtureAnalysis('an_r', 'running')
    const { el } = await mount({
      uploadId: 'up_ct',
      uploads: [dicomUpload('up_ct', ct(), { analysis: running })],
    })
    await view(el, 'viewing')
    await vi.waitFor(() => expect(q(el, '[data-analysis-status]')).not.toBeNull())
    expect(text(q(el, '[data-analysis-status]'))).toBe('The analysis is under way.')
    el.setAttribute('analysis-id', 'an_missing')
    await vi.waitFor(() =>
      expect(text(q(el, '[data-analysis] .error'))).toBe('The AI result could not be loaded.')
    )
  })
})

describe('states', () => {
  it('an upload of another member: not found (404), tessera-error, no image', async () => {
    const errors: unknown[] = []
    const { el } = await mount({ uploadId: 'up_theirs', uploads: [dicomUpload('up_mine', ct())] }, (e) =>
      e.addEventListener('tessera-error', (ev) => errors.push((ev as CustomEvent).detail))
    )
    await view(el, 'not-found')
    expect(text(q(el, '[data-problem=not-found]'))).toBe('This image was not found in your account.')
    expect(q(el, 'canvas')).toBeNull()
    expect(errors).toEqual([
      { status: 404, type: 'https://tessera.dev/problems/not-found', title: 'Not found' },
    ])
  })

  it('an expired (purged) upload: 410 shows the expired state', async () => {
    const errors: { status: number; type: string }[] = []
    const { el } = await mount(
      { uploadId: 'up_old', uploads: [dicomUpload('up_old', ct())], gone: ['up_old'] },
      (e) => e.addEventListener('tessera-error', (ev) => errors.push((ev as CustomEvent).detail))
    )
    await view(el, 'expired')
    expect(text(q(el, '[data-problem=expired]'))).toBe(
      'This image has been deleted. Images are deleted automatically after 24 hours, or sooner when you delete them.'
    )
    expect(errors).toEqual([
      { status: 410, type: 'https://tessera.dev/problems/upload-gone', title: 'Image deleted' },
    ])
  })

  it('turns to the expired state when the deletion time passes while shown', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      let now = Date.parse(FIXTURE_NOW)
      const { el } = await mount({ uploadId: 'up_ct', uploads: [dicomUpload('up_ct', ct())] }, (e) => {
        e.now = () => now
      })
      await view(el, 'viewing')
      now += 22 * 60 * 60 * 1000 - 60_000
      vi.advanceTimersByTime(60_000)
      await el.updateComplete
      expect(text(q(el, '[data-countdown] [aria-hidden]'))).toBe('Deleted in 00:01')
      now += 60_000
      vi.advanceTimersByTime(60_000)
      await el.updateComplete
      expect(el.view).toBe('expired')
      expect(q(el, 'canvas')).toBeNull()
      expect(text(q(el, '[data-live]'))).toBe('The image has been deleted.')
    } finally {
      vi.useRealTimers()
    }
  })

  it('a corrupt file that passed upload: the error state, no crash, and the viewer still works afterwards', async () => {
    const errors: { type: string }[] = []
    const onError = (e: ErrorEvent) => errors.push({ type: `uncaught: ${e.message}` })
    window.addEventListener('error', onError)
    const garbage = new Uint8Array(4096)
    garbage.set(new TextEncoder().encode('DICM'), 128)
    for (let i = 132; i < garbage.length; i++) garbage[i] = (i * 7919) & 0xff
    const { el } = await mount(
      {
        uploadId: 'up_truncated',
        uploads: [
          dicomUpload('up_truncated', ct({ truncatePixelData: 4000 })),
          dicomUpload('up_cut', ct({ truncateFile: 3000 })),
          dicomUpload('up_garbage', garbage),
          {
            id: 'up_badpng',
            contentType: 'image/png',
            bytes: new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])]),
          },
          dicomUpload('up_ok', ct()),
        ],
      },
      (e) => e.addEventListener('tessera-error', (ev) => errors.push((ev as CustomEvent).detail))
    )
    await view(el, 'error')
    expect(text(q(el, '[data-problem=corrupt]'))).toBe(
      'This image could not be shown: the file appears to be damaged.'
    )
    for (const [i, id] of ['up_cut', 'up_garbage', 'up_badpng'].entries()) {
      el.uploadId = id
      await vi.waitFor(() => expect(errors).toHaveLength(i + 2))
      expect(el.view).toBe('error')
      expect(q(el, 'canvas')).toBeNull()
    }
    el.uploadId = 'up_ok'
    await el.updateComplete
    await view(el, 'viewing')
    await drawn(() => expect(greyAt(el, LEFT)).toBeCloseTo(grey(100, 200, 400), -0.5))
    window.removeEventListener('error', onError)
    expect(errors.map((e) => e.type)).toEqual(
      new Array(4).fill('https://tessera.dev/problems/image-unreadable')
    )
  })

  it('a server failure offers a retry', async () => {
    const { el } = await mount({
      uploadId: 'up_ct',
      uploads: [dicomUpload('up_ct', ct())],
      contentStatus: 500,
    })
    await view(el, 'failed')
    expect(text(q(el, '[data-problem=failed]'))).toBe(
      'The image could not be loaded. Please check your connection and try again.'
    )
    expect(q(el, '[data-retry]')).not.toBeNull()
  })

  it('signed out: asks to sign in, and shows the image as soon as the member signs in', async () => {
    const { el, api } = await mount({
      uploadId: 'up_ct',
      uploads: [dicomUpload('up_ct', ct())],
      signedIn: false,
    })
    await view(el, 'signed-out')
    expect(text(q(el, '[data-signed-out]'))).toContain('Please sign in to see your images.')
    memberSession(api.runtime.key).set(FIXTURE_SESSION)
    await view(el, 'viewing')
  })

  it('upload-id="latest": the newest image with a finished analysis, then each one finished on the page', async () => {
    const done = fixtureAnalysis('an_old', 'done', FIXTURE_SEGMENTATION(64, 64))
    const { el, api } = await mount({
      uploadId: 'latest',
      uploads: [
        dicomUpload('up_old', ct(), { uploadedAt: '2026-04-01T06:00:00.000Z', analysis: done }),
        // Newer, but its analysis is still running: the finished one is shown first.
        dicomUpload('up_new', ct({ pixel: () => 1124 }), {
          uploadedAt: '2026-04-01T07:00:00.000Z',
          analysis: fixtureAnalysis('an_new', 'running'),
        }),
      ],
    })
    await view(el, 'viewing')
    expect(api.requests.some((r) => r.path.endsWith('/uploads/up_old/content'))).toBe(true)
    expect(api.requests.some((r) => r.path.endsWith('/uploads/up_new/content'))).toBe(false)
    // <tessera-upload> reports the newer image's analysis done: the viewer switches to it.
    document.body.dispatchEvent(
      new CustomEvent('tessera-analysis-complete', {
        bubbles: true,
        composed: true,
        detail: { uploadId: 'up_new', analysisId: 'an_new', status: 'done' },
      })
    )
    await vi.waitFor(() =>
      expect(api.requests.some((r) => r.path.endsWith('/uploads/up_new/content'))).toBe(true)
    )
    await view(el, 'viewing')
    // A failed analysis elsewhere on the page changes nothing.
    const before = api.requests.length
    document.body.dispatchEvent(
      new CustomEvent('tessera-analysis-complete', {
        bubbles: true,
        detail: { uploadId: 'up_old', analysisId: 'an_x', status: 'failed' },
      })
    )
    await el.updateComplete
    expect(api.requests.length).toBe(before)
  })

  it('upload-id="latest" with no images yet says so', async () => {
    const { el } = await mount({ uploadId: 'latest', uploads: [] })
    await view(el, 'no-upload')
    expect(text(q(el, '.view'))).toContain('You have no images yet.')
  })

  it('without upload-id says so; in Korean with lang="ko"', async () => {
    const { el } = await mount({ lang: 'ko', uploads: [] })
    await view(el, 'no-upload')
    expect(text(q(el, '.view'))).toContain('표시할 영상이 선택되지 않았습니다.')
    expect(text(q(el, '[role=heading]'))).toBe('내 영상')
  })
})

describe('multi-frame', () => {
  it('1000 frames: decoded on demand with a bounded cache; slider, keys and cine move through them', async () => {
    // Frame f is uniformly f; window 500 / 1000, so frame f shows grey ≈ f × 0.255.
    const bytes = syntheticDicom({
      width: 16,
      height: 16,
      frames: 1000,
      modality: 'XA',
      windowCenter: 500,
      windowWidth: 1000,
      frameTime: 20,
      pixel: (_x, _y, f) => f,
    })
    const { el } = await mount({ uploadId: 'up_cine', uploads: [dicomUpload('up_cine', bytes)] })
    await view(el, 'viewing')
    const { cornerstone } = await import('../src/engine.js')
    const shows = async (frame: number) => {
      await el.updateComplete
      expect(text(q(el, '[part=frames] [aria-hidden]'))).toBe(`${frame + 1} / 1000`)
      await drawn(() => expect(greyAt(el, { x: 128, y: 128 })).toBeCloseTo(grey(frame, 500, 1000), -0.5))
    }
    await shows(0)
    const slider = q<HTMLInputElement>(el, '[data-frame]')!
    expect(slider.getAttribute('aria-valuetext')).toBe('Frame 1 of 1000')
    slider.value = '1000'
    slider.dispatchEvent(new Event('input'))
    await vi.waitFor(() =>
      expect(el.shadowRoot!.querySelector('[part=frames] [aria-hidden]')!.textContent).toBe('1000 / 1000')
    )
    await shows(999)
    const viewport = q(el, '[part=viewport]')!
    const press = (key: string) =>
      viewport.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }))
    press('Home')
    await vi.waitFor(() => expect(slider.value).toBe('1'))
    for (let i = 1; i <= 40; i++) {
      press('PageDown')
      await vi.waitFor(() => expect(slider.value).toBe(String(i + 1)))
    }
    await shows(40)
    await el.goToFrame(500)
    await shows(499)
    expect(el.cachedFrames).toBeLessThanOrEqual(12)
    expect(cornerstone.imageCache.getCacheInfo().numberOfImagesCached).toBe(0)

    // Space plays (each frame decoded as it comes), space again pauses.
    press(' ')
    await el.updateComplete
    expect(q(el, '[data-action=play]')!.getAttribute('aria-pressed')).toBe('true')
    await vi.waitFor(() => expect(Number(slider.value)).toBeGreaterThan(520), { timeout: 10_000 })
    press(' ')
    await el.updateComplete
    expect(q(el, '[data-action=play]')!.getAttribute('aria-pressed')).toBe('false')
    expect(text(q(el, '[data-live]'))).toMatch(/^Paused at frame \d+ of 1000\.$/)
    expect(el.cachedFrames).toBeLessThanOrEqual(12)
  })

  it('the result of a multi-frame image belongs to its middle frame, where the viewer opens', async () => {
    const bytes = syntheticDicom({ width: 16, height: 16, frames: 5, pixel: (x, _y, f) => x * 10 + f })
    const mask = await syntheticPng(16, 16, (x) => (x < 8 ? 255 : 0))
    const analysis = fixtureAnalysis('an_mf', 'done', FIXTURE_SEGMENTATION(16, 16, 0.5))
    const { el } = await mount({
      uploadId: 'up_mf',
      uploads: [dicomUpload('up_mf', bytes, { analysis, mask })],
    })
    await view(el, 'viewing')
    await vi.waitFor(() => expect(q(el, '[data-overlay]')).not.toBeNull())
    expect(text(q(el, '[part=frames] [aria-hidden]'))).toBe('3 / 5')
    expect(q(el, '[data-overlay-frame]')).toBeNull()
    await el.goToFrame(1)
    await el.updateComplete
    expect(text(q(el, '[data-overlay-frame]'))).toBe(
      'The result belongs to frame 3; go to that frame to see it on the image.'
    )
  })
})

describe('accessibility', () => {
  it('has no axe violations, a labelled focusable image, listed shortcuts and a live region', async () => {
    const mask = await syntheticPng(64, 64, (x, y) => (Math.hypot(x - 32, y - 32) < 10 ? 255 : 0))
    const analysis = fixtureAnalysis('an_1', 'done', FIXTURE_SEGMENTATION(64, 64))
    const { el } = await mount({
      uploadId: 'up_ct',
      uploads: [dicomUpload('up_ct', ct(), { analysis, mask })],
    })
    await view(el, 'viewing')
    await vi.waitFor(() => expect(q(el, '[data-overlay]')).not.toBeNull())
    expect(await violations(el)).toEqual([])
    const viewport = q(el, '[part=viewport]')!
    expect(viewport.tabIndex).toBe(0)
    expect(viewport.getAttribute('aria-label')).toBe(
      'DICOM image, 64 × 64 pixels. Keyboard shortcuts are listed below the image.'
    )
    const shortcuts = q<HTMLDetailsElement>(el, '[data-shortcuts]')!
    expect(text(shortcuts.querySelector('summary'))).toBe('Keyboard shortcuts')
    expect(shortcuts.querySelectorAll('dt').length).toBe(11)
    expect(text(shortcuts)).toContain('Shift + arrow keys')
    expect(q(el, '[data-live]')!.getAttribute('role')).toBe('status')
    shortcuts.open = true
    expect(await violations(el)).toEqual([])
  })

  it('has no axe violations in the expired and error states, in Korean too', async () => {
    const { el } = await mount({ uploadId: 'up_old', uploads: [], gone: ['up_old'], lang: 'ko' })
    await view(el, 'expired')
    expect(text(q(el, '[data-problem=expired]'))).toContain('이 영상은 삭제되었습니다.')
    expect(await violations(el)).toEqual([])
  })
})

describe('theming', () => {
  it('reads the --tessera-* tokens and exposes parts', async () => {
    const style = document.createElement('style')
    style.textContent = `tessera-viewer { --tessera-color-primary: #aa0000; --tessera-viewer-background: #123456 }`
    document.head.append(style)
    const { el } = await mount({ uploadId: 'up_ct', uploads: [dicomUpload('up_ct', ct())] })
    await view(el, 'viewing')
    expect(getComputedStyle(q(el, '[role=heading]')!).color).toBe('rgb(170, 0, 0)')
    expect(getComputedStyle(q(el, '[part=viewport]')!).backgroundColor).toBe('rgb(18, 52, 86)')
    for (const part of ['base', 'toolbar', 'viewport', 'readout', 'countdown', 'analysis', 'shortcuts'])
      expect(q(el, `[part~=${part}]`), part).not.toBeNull()
    style.remove()
  })
})
