import { describe, expect, it } from 'vitest'
import { DicomLimitError, DicomParseError, deidentify, parseDicom } from '../src/index.js'
import { CT_IMAGE, KEY, PHI, contains, prng, syntheticImage, writeWithDcmjs } from './helpers.js'

const small = writeWithDcmjs(
  syntheticImage({ modality: 'CT', sopClassUid: CT_IMAGE, sopInstanceUid: '1.2.3.4.1' })
)

/** Either a clean output that re-parses, or a DicomParseError with an offset. */
async function outcome(bytes: Uint8Array, checkPhi: boolean): Promise<'ok' | 'error'> {
  try {
    const { bytes: out } = await deidentify(bytes, { uidKey: KEY, burnedIn: 'warn' })
    await parseDicom(out)
    // Mutations can move a value under a tag the profile keeps, so only unmutated tags are checked for PHI.
    if (checkPhi) expect(contains(out, PHI.name)).toBe(false)
    return 'ok'
  } catch (e) {
    if (!(e instanceof DicomParseError)) throw e
    expect(e.message).toMatch(/offset \d+/)
    return 'error'
  }
}

describe('bad input', () => {
  it('rejects empty input', async () => {
    await expect(deidentify(new Uint8Array(0), { uidKey: KEY })).rejects.toThrow(DicomParseError)
  })

  it('rejects a non-DICOM file named .dcm', async () => {
    const text = new TextEncoder().encode('Patient: Kim\n'.repeat(40))
    await expect(deidentify(text, { uidKey: KEY })).rejects.toMatchObject({ code: 'DICOM_NOT_DICOM' })
    await expect(deidentify(small.subarray(0, 100), { uidKey: KEY })).rejects.toThrow(DicomParseError)
  })

  it('rejects a file truncated at every 97th offset with a DicomParseError, or outputs a clean file', async () => {
    let errors = 0
    for (let cut = 0; cut < small.length; cut += 97) {
      if ((await outcome(small.subarray(0, cut), true)) === 'error') errors++
    }
    expect(errors).toBeGreaterThan(0)
  })

  it('survives 3000 randomly mutated copies (seeded)', async () => {
    const random = prng(20240607)
    const counts = { ok: 0, error: 0 }
    for (let n = 0; n < 3000; n++) {
      const copy = new Uint8Array(small)
      const flips = 1 + Math.floor(random() * 4)
      for (let f = 0; f < flips; f++) {
        // Bias towards the headers (first 1 KiB) where structure lives.
        const at = random() < 0.7 ? 128 + Math.floor(random() * 900) : Math.floor(random() * copy.length)
        copy[at] =
          random() < 0.5 ? Math.floor(random() * 256) : (copy[at] as number) ^ (1 << Math.floor(random() * 8))
      }
      counts[await outcome(copy, false)]++
    }
    expect(counts.ok).toBeGreaterThan(0)
    expect(counts.error).toBeGreaterThan(0)
  }, 60_000)

  it('rejects element lengths past the end, and wrong element lengths', async () => {
    const copy = new Uint8Array(small)
    const view = new DataView(copy.buffer)
    // The first data set element after the File Meta Information: make its 16-bit length huge.
    const file = await parseDicom(small)
    const first = file.dataset[0]?.offset as number
    view.setUint16(first + 6, 0xfff0, true)
    await expect(deidentify(copy, { uidKey: KEY })).rejects.toThrow(DicomParseError)
    const huge = new Uint8Array(small)
    const pixel = file.dataset.find((e) => e.tag === 0x7fe00010)?.offset as number
    new DataView(huge.buffer).setUint32(pixel + 8, 0x7ffffff0, true)
    await expect(deidentify(huge, { uidKey: KEY })).rejects.toThrow(/declares \d+ bytes/)
  })

  it('rejects huge declared dimensions (decompression-bomb guard)', async () => {
    const big = syntheticImage({ modality: 'CT', sopClassUid: CT_IMAGE, sopInstanceUid: '1.2.3.4.2' })
    big['00280010'] = { vr: 'US', Value: [65535] }
    big['00280011'] = { vr: 'US', Value: [65535] }
    big['00280008'] = { vr: 'IS', Value: [1000] }
    const input = writeWithDcmjs(big)
    const error = await deidentify(input, { uidKey: KEY }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DicomLimitError)
    expect(error).toBeInstanceOf(DicomParseError)
    // A configurable limit.
    await expect(deidentify(small, { uidKey: KEY, maxPixelBytes: 64 })).rejects.toBeInstanceOf(
      DicomLimitError
    )
  })

  it('rejects sequences nested beyond the depth limit', async () => {
    let inner: Record<string, unknown> = { '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Deep' }] } }
    for (let i = 0; i < 80; i++) inner = { '00081115': { vr: 'SQ', Value: [inner] } }
    const input = writeWithDcmjs({ '00080016': { vr: 'UI', Value: [CT_IMAGE] }, ...inner } as never)
    await expect(deidentify(input, { uidKey: KEY })).rejects.toThrow(/nested deeper/)
    await expect(deidentify(input, { uidKey: KEY, maxDepth: 100 })).resolves.toBeDefined()
  })

  it('rejects an empty uidKey', async () => {
    await expect(deidentify(small, { uidKey: new Uint8Array(0) })).rejects.toThrow(/uidKey/)
  })
})
