/**
 * Streaming de-identification: the Basic Profile applied to a file of any size in bounded memory.
 *
 * Everything identifying sits in the header (File Meta Information and the data set up to the top-level
 * Pixel Data element) and, rarely, in elements after the pixels. Only those parts are held in memory and
 * de-identified with the same code as `deidentify`; the pixel data streams through unchanged, with its
 * length (native) or its fragment structure (encapsulated) checked on the way. For the same input the
 * output is byte for byte the output of `deidentify`.
 *
 * Deflated data sets and files without top-level pixel data are read whole (up to `maxWholeBytes`).
 */
import { deidentify, deidentifyFile } from './deidentify.js'
import type { DeidentifyOptions, DeidentifyReport } from './deidentify.js'
import { DicomLimitError, DicomParseError } from './errors.js'
import {
  ITEM,
  PIXEL_DATA,
  PixelDataLocator,
  SEQUENCE_DELIMITER,
  TRUNCATED,
  UNDEFINED_LENGTH,
  hexTag,
  parseDicom,
  parseElements,
} from './parser.js'
import type { PixelDataHeader } from './parser.js'
import { elementHeader, writeDataSet, writeDicom } from './writer.js'

export interface DeidentifyStreamOptions extends DeidentifyOptions {
  /** Most bytes held for the header (everything before the pixel data). Default 64 MiB. */
  maxHeaderBytes?: number
  /** Most bytes held for elements after the pixel data. Default 16 MiB. */
  maxTrailerBytes?: number
  /** Most bytes of a file that has to be read whole (deflated, or no pixel data). Default 512 MiB. */
  maxWholeBytes?: number
}

export interface DeidentifyStreamResult {
  /** Filled in when the header has been processed; entries for trailing elements are added as `chunks` ends. */
  report: DeidentifyReport
  /** The de-identified file. Throws DicomParseError if the input turns out truncated or malformed. */
  chunks: AsyncIterable<Uint8Array>
}

const MiB = 1024 * 1024

/** Bytes arriving in chunks, consumed from the front without copying where possible. */
class ByteQueue {
  #chunks: Uint8Array[] = []
  size = 0
  ended = false

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  async pull(): Promise<boolean> {
    if (this.ended) return false
    const next = await this.source.next()
    if (next.done) {
      this.ended = true
      return false
    }
    if (next.value.length > 0) {
      this.#chunks.push(next.value)
      this.size += next.value.length
    }
    return true
  }

  /** Pulls until at least `n` bytes are held; false if the source ends first. */
  async fill(n: number): Promise<boolean> {
    while (this.size < n) if (!(await this.pull())) return false
    return true
  }

  /** Everything held, as one contiguous array (merged in place so the next call is free). */
  contiguous(): Uint8Array {
    if (this.#chunks.length !== 1) {
      const all = new Uint8Array(this.size)
      let at = 0
      for (const chunk of this.#chunks) {
        all.set(chunk, at)
        at += chunk.length
      }
      this.#chunks = this.size > 0 ? [all] : []
    }
    return this.#chunks[0] ?? new Uint8Array(0)
  }

  /** Up to `n` bytes from the front, a view of one chunk (no copy). */
  takeSome(n: number): Uint8Array {
    const first = this.#chunks[0] as Uint8Array
    if (first.length <= n) {
      this.#chunks.shift()
      this.size -= first.length
      return first
    }
    this.#chunks[0] = first.subarray(n)
    this.size -= n
    return first.subarray(0, n)
  }

  /** Exactly `n` bytes from the front, contiguous (only for small reads). */
  take(n: number): Uint8Array {
    const out = this.contiguous().subarray(0, n)
    this.takeSome(n)
    return out
  }
}

function truncated(message: string, offset: number): DicomParseError {
  return new DicomParseError(message, offset, TRUNCATED)
}

/**
 * De-identifies a DICOM Part 10 file arriving as chunks. Resolves once the header has been read and
 * de-identified (so a file the profile must refuse is refused before any output exists); the pixel data
 * then streams through `chunks`.
 */
export async function deidentifyStream(
  source: AsyncIterable<Uint8Array>,
  options: DeidentifyStreamOptions
): Promise<DeidentifyStreamResult> {
  const maxHeader = options.maxHeaderBytes ?? 64 * MiB
  const queue = new ByteQueue(source[Symbol.asyncIterator]())
  const locator = new PixelDataLocator(options.maxDepth)
  let scanned = 0
  for (;;) {
    // Scan again only after the prefix has doubled: bounded work however the input is chunked.
    const wanted = Math.max(2 * scanned, scanned + 64 * 1024, 132)
    while (queue.size < wanted && (await queue.pull()));
    const prefix = queue.contiguous()
    scanned = prefix.length
    const found = locator.scan(prefix)
    if (found === 'whole') return readWhole(queue, options)
    if (found !== 'more') return streamPixels(queue, found, options)
    if (queue.ended) return readWhole(queue, options) // parses the complete file: the exact error
    if (prefix.length > maxHeader) {
      throw new DicomLimitError('Data before the pixel data too large', 0, maxHeader, prefix.length)
    }
  }
}

async function readWhole(
  queue: ByteQueue,
  options: DeidentifyStreamOptions
): Promise<DeidentifyStreamResult> {
  const max = options.maxWholeBytes ?? 512 * MiB
  while (await queue.pull()) {
    if (queue.size > max) throw new DicomLimitError('File to be read whole too large', 0, max, queue.size)
  }
  const { bytes, report } = await deidentify(queue.contiguous(), options)
  return {
    report,
    chunks: (async function* () {
      yield bytes
    })(),
  }
}

async function streamPixels(
  queue: ByteQueue,
  pixels: PixelDataHeader,
  options: DeidentifyStreamOptions
): Promise<DeidentifyStreamResult> {
  const maxHeader = options.maxHeaderBytes ?? 64 * MiB
  if (pixels.offset > maxHeader) {
    throw new DicomLimitError('Data before the pixel data too large', 0, maxHeader, pixels.offset)
  }
  const header = queue.take(pixels.offset)
  queue.take(pixels.valueOffset - pixels.offset)
  const file = await parseDicom(header, options)
  const clean = await deidentifyFile(file, options)
  const head = writeDicom({
    preamble: new Uint8Array(128),
    meta: clean.meta,
    dataset: clean.dataset,
    encoding: clean.encoding,
  })
  const { encoding } = pixels
  const maxTrailer = options.maxTrailerBytes ?? 16 * MiB

  async function* passThrough(count: number, at: number): AsyncGenerator<Uint8Array> {
    let left = count
    while (left > 0) {
      if (queue.size === 0 && !(await queue.pull())) {
        throw truncated(`Pixel data ends ${left} bytes early`, at + count - left)
      }
      const part = queue.takeSome(left)
      left -= part.length
      yield part
    }
  }

  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield head
    yield elementHeader(encoding, PIXEL_DATA, pixels.vr, pixels.length ?? UNDEFINED_LENGTH)
    let at = pixels.valueOffset
    if (pixels.length !== undefined) {
      yield* passThrough(pixels.length, at)
      at += pixels.length
    } else {
      // Encapsulated: items (basic offset table, fragments) up to the sequence delimiter.
      for (;;) {
        if (!(await queue.fill(8)))
          throw truncated('Encapsulated pixel data without a sequence delimiter', at)
        const itemHeader = queue.take(8)
        const view = new DataView(itemHeader.buffer, itemHeader.byteOffset, 8)
        const tag =
          ((view.getUint16(0, encoding.littleEndian) << 16) | view.getUint16(2, encoding.littleEndian)) >>> 0
        const length = view.getUint32(4, encoding.littleEndian)
        yield itemHeader
        at += 8
        if (tag === SEQUENCE_DELIMITER) break
        if (tag !== ITEM) {
          throw new DicomParseError(
            `Expected a fragment item in encapsulated pixel data, found ${hexTag(tag)}`,
            at - 8
          )
        }
        if (length === UNDEFINED_LENGTH)
          throw new DicomParseError('Pixel data fragment with undefined length', at - 8)
        yield* passThrough(length, at)
        at += length
      }
    }
    // Whatever follows the pixels (signatures, padding, private groups) goes through the profile too.
    while (await queue.pull()) {
      if (queue.size > maxTrailer) {
        throw new DicomLimitError('Data after the pixel data too large', at, maxTrailer, queue.size)
      }
    }
    if (queue.size === 0) return
    const trailer = parseElements(queue.contiguous(), encoding, options)
    const first = trailer[0]
    if (first && first.tag <= PIXEL_DATA) {
      throw new DicomParseError(`Data element ${hexTag(first.tag)} out of order (after the pixel data)`, at)
    }
    const kept = await clean.processMore(trailer)
    if (kept.length > 0) yield writeDataSet(kept, encoding)
  }

  return { report: clean.report, chunks: chunks() }
}
