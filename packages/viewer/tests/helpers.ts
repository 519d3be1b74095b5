// Shared by the viewer tests: mounting the element on the stand-in API, reading the canvas it renders.
import { expect, vi } from 'vitest'
import '../src/index.js'
import type { TesseraViewer } from '../src/index.js'
import { FIXTURE_NOW, viewerFixtureApi } from '../src/fixtures.js'
import type { FixtureUpload, ViewerFixtureApi, ViewerFixtureOptions } from '../src/fixtures.js'

export type El = TesseraViewer

let keys = 0

/** The canvas size the tests use: 256 × 256 CSS pixels, no padding, so a 64 × 64 image fits at scale 4. */
export const SIZE = 256

/** Makes the element's image area exactly SIZE × SIZE (its own padding and border removed through ::part). */
export function frameStyles(): void {
  if (document.getElementById('viewer-test-style')) return
  const style = document.createElement('style')
  style.id = 'viewer-test-style'
  style.textContent = `
    tessera-viewer { width: ${SIZE}px; --tessera-viewer-height: ${SIZE}px; }
    tessera-viewer::part(base) { padding: 0; border: 0; border-radius: 0; }
    tessera-viewer::part(viewport) { border-radius: 0; }
  `
  document.head.append(style)
}

export async function mount(
  options: ViewerFixtureOptions & { uploadId?: string; analysisId?: string; lang?: string } = {},
  setup?: (el: El) => void
): Promise<{ el: El; api: ViewerFixtureApi }> {
  frameStyles()
  const api = viewerFixtureApi({ key: `pk_test_viewer_${++keys}`, ...options })
  api.seed()
  const el = document.createElement('tessera-viewer')
  el.runtime = api.runtime
  el.now = () => Date.parse(FIXTURE_NOW)
  if (options.uploadId) el.setAttribute('upload-id', options.uploadId)
  if (options.analysisId) el.setAttribute('analysis-id', options.analysisId)
  if (options.lang) el.setAttribute('lang', options.lang)
  setup?.(el)
  document.body.append(el)
  await el.updateComplete
  return { el, api }
}

export const q = <T extends Element = HTMLElement>(el: El, selector: string): T | null =>
  el.shadowRoot!.querySelector<T>(selector)

export const text = (node: Element | null | undefined): string =>
  (node?.textContent ?? '').replace(/\s+/g, ' ').trim()

export async function view(el: El, name: string, timeout = 15_000): Promise<void> {
  await vi.waitFor(() => expect(el.view).toBe(name), { timeout, interval: 20 })
  await el.updateComplete
}

export function canvasOf(el: El): HTMLCanvasElement {
  const canvas = q<HTMLCanvasElement>(el, '.stage canvas')
  if (!canvas) throw new Error('no canvas')
  return canvas
}

/** RGBA at canvas pixel (x, y). */
export function pixel(el: El, x: number, y: number): [number, number, number, number] {
  const data = canvasOf(el).getContext('2d')!.getImageData(x, y, 1, 1).data
  return [data[0]!, data[1]!, data[2]!, data[3]!]
}

/** Waits until `check` holds for what the canvas shows (cornerstone draws on the next animation frame). */
export async function drawn(check: () => void, timeout = 5_000): Promise<void> {
  await vi.waitFor(check, { timeout, interval: 16 })
}

/** Display grey for a modality value under cornerstone's linear VOI LUT. */
export function grey(value: number, center: number, width: number): number {
  return Math.round(Math.min(255, Math.max(0, ((value - center) / width + 0.5) * 255)))
}

export function dicomUpload(
  id: string,
  bytes: Uint8Array<ArrayBuffer>,
  extra: Partial<FixtureUpload> = {}
): FixtureUpload {
  return {
    id,
    contentType: 'application/dicom',
    bytes: new Blob([bytes], { type: 'application/dicom' }),
    ...extra,
  }
}

/** Resolves with the next `type` event the element fires. */
export function next<T>(el: El, type: string): Promise<CustomEvent<T>> {
  return new Promise((resolve) =>
    el.addEventListener(type, (e) => resolve(e as CustomEvent<T>), { once: true })
  )
}

/** Client coordinates of the centre of image pixel (x, y) at the fit scale `scale` (no pan). */
export function clientOf(el: El, x: number, y: number, scale = 4): { clientX: number; clientY: number } {
  const rect = canvasOf(el).getBoundingClientRect()
  return { clientX: rect.left + (x + 0.5) * scale, clientY: rect.top + (y + 0.5) * scale }
}

export function pointer(
  target: Element,
  type: string,
  at: { clientX: number; clientY: number },
  init: PointerEventInit = {}
): void {
  target.dispatchEvent(
    new PointerEvent(type, {
      bubbles: true,
      composed: true,
      cancelable: true,
      pointerId: 7,
      pointerType: 'mouse',
      button: 0,
      buttons: type === 'pointerup' ? 0 : 1,
      ...at,
      ...init,
    })
  )
}
