/**
 * A strictly bounds-checked DICOM Part 10 reader (PS3.10 file format, PS3.5 data encoding), sufficient to
 * de-identify a file without decoding its pixels.
 *
 * - Preamble (128 bytes) + "DICM", File Meta Information (group 0002, always explicit VR little endian).
 * - Data set in implicit VR little endian, explicit VR little endian, explicit VR big endian, or deflated
 *   explicit VR little endian (inflated with `DecompressionStream('deflate-raw')`, available in browsers and
 *   Node 18+, with a cap on the inflated size).
 * - Defined and undefined lengths, sequences and items recursively (bounded depth), encapsulated pixel data
 *   (fragments) kept as raw bytes after its structure has been checked.
 * - Every length is checked against the bytes that contain it; any inconsistency throws a DicomParseError with
 *   the byte offset. No read goes past the end of the buffer; every loop advances by at least 8 bytes.
 */
import { DicomLimitError, DicomParseError } from './errors.js'
import { profileEntryFor } from './profile.js'

export interface DataSetEncoding {
  readonly explicitVr: boolean
  readonly littleEndian: boolean
}

export interface DicomItem {
  offset: number
  elements: DicomElement[]
}

export interface DicomElement {
  /** (group << 16 | element), unsigned */
  tag: number
  /** The VR read from the file (explicit VR), or from the profile table (implicit VR); undefined if unknown. */
  vr: string | undefined
  /** Byte offset of the element's tag. */
  offset: number
  /** Raw value bytes (not for sequences). For encapsulated pixel data: the fragment items + delimiter. */
  value?: Uint8Array
  /** Items, for a sequence. */
  items?: DicomItem[]
  /** Pixel data in encapsulated (fragment) form. */
  encapsulated?: boolean
  /** A sequence stored as VR UN with undefined length: its items are implicit VR little endian (PS3.5 6.2.2). */
  unSequence?: boolean
}

export interface DicomFile {
  preamble: Uint8Array
  meta: DicomElement[]
  transferSyntaxUid: string
  /** Encoding of the data set as read (after inflation for the deflated transfer syntax). */
  encoding: DataSetEncoding
  deflated: boolean
  dataset: DicomElement[]
}

export interface ParseOptions {
  /** Maximum of Rows × Columns × SamplesPerPixel × NumberOfFrames × BitsAllocated / 8. Default 2 GiB. */
  maxPixelBytes?: number
  /** Maximum size of an inflated (deflated transfer syntax) data set. Default 2 GiB + 64 MiB. */
  maxInflatedBytes?: number
  /** Maximum nesting of sequences. Default 64. */
  maxDepth?: number
}

export const DEFAULT_MAX_PIXEL_BYTES = 2 * 1024 * 1024 * 1024
export const DEFAULT_MAX_INFLATED_BYTES = DEFAULT_MAX_PIXEL_BYTES + 64 * 1024 * 1024
const DEFAULT_MAX_DEPTH = 64

export const TS = {
  implicitLittle: '1.2.840.10008.1.2',
  explicitLittle: '1.2.840.10008.1.2.1',
  deflatedExplicitLittle: '1.2.840.10008.1.2.1.99',
  explicitBig: '1.2.840.10008.1.2.2',
} as const

export const ITEM = 0xfffee000
export const ITEM_DELIMITER = 0xfffee00d
export const SEQUENCE_DELIMITER = 0xfffee0dd
export const PIXEL_DATA = 0x7fe00010
export const UNDEFINED_LENGTH = 0xffffffff
const UNDEFINED = UNDEFINED_LENGTH
/** DicomParseError code of an error that more bytes at the end of the input could have avoided. */
export const TRUNCATED = 'DICOM_TRUNCATED'

/** VRs whose explicit-VR header has 2 reserved bytes and a 32-bit length (PS3.5 7.1.2). */
export const LONG_VRS = new Set([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'SV',
  'UC',
  'UN',
  'UR',
  'UT',
  'UV',
])
const KNOWN_VRS = new Set([
  'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FL', 'FD', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'PN',
  'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US', 'UT', 'UV',
]) // prettier-ignore

/** VRs of the attributes the parser itself reads (pixel-size guard), for implicit VR data sets. */
const IMPLICIT_VRS = new Map<number, string>([
  [0x00280002, 'US'],
  [0x00280008, 'IS'],
  [0x00280010, 'US'],
  [0x00280011, 'US'],
  [0x00280100, 'US'],
  [0x00080016, 'UI'],
  [0x00080060, 'CS'],
  [0x00280301, 'CS'],
  [PIXEL_DATA, 'OW'],
])

export const EXPLICIT_LITTLE: DataSetEncoding = { explicitVr: true, littleEndian: true }
const IMPLICIT_LITTLE: DataSetEncoding = { explicitVr: false, littleEndian: true }

class Reader {
  readonly view: DataView
  constructor(
    readonly bytes: Uint8Array,
    readonly enc: DataSetEncoding,
    readonly maxDepth: number,
    readonly where: string
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  fail(message: string, offset: number, code?: string): never {
    throw new DicomParseError(`${message}${this.where}`, offset, code)
  }

  /** Fails because `end` was reached: when that is the end of the bytes, more bytes could complete them. */
  short(message: string, offset: number, end: number): never {
    this.fail(message, offset, end === this.bytes.length ? TRUNCATED : undefined)
  }

  need(pos: number, count: number, end: number, what: string): void {
    if (pos + count > end) {
      this.short(`Truncated ${what}: need ${count} bytes, ${Math.max(0, end - pos)} available`, pos, end)
    }
  }

  u16(pos: number): number {
    return this.view.getUint16(pos, this.enc.littleEndian)
  }

  u32(pos: number): number {
    return this.view.getUint32(pos, this.enc.littleEndian)
  }

  tag(pos: number): number {
    return ((this.u16(pos) << 16) | this.u16(pos + 2)) >>> 0
  }

  /** Reads elements in [pos, end). With `itemDelimited`, stops after an Item Delimitation Item. */
  elements(
    pos: number,
    end: number,
    depth: number,
    itemDelimited: boolean
  ): { elements: DicomElement[]; next: number } {
    const elements: DicomElement[] = []
    let previous = -1
    while (pos < end) {
      this.need(pos, 8, end, 'element header')
      const tag = this.tag(pos)
      if (tag === ITEM_DELIMITER) {
        if (!itemDelimited) this.fail('Unexpected item delimiter in a defined-length item or data set', pos)
        return { elements, next: pos + 8 }
      }
      if (tag >>> 16 === 0xfffe) this.fail(`Unexpected item tag ${hexTag(tag)} among data elements`, pos)
      if (tag <= previous)
        this.fail(`Data element ${hexTag(tag)} out of order (after ${hexTag(previous)})`, pos)
      previous = tag
      const { element, next } = this.element(pos, end, depth)
      elements.push(element)
      pos = next
    }
    if (itemDelimited)
      this.short('Missing item delimiter: undefined-length item runs past its container', pos, end)
    return { elements, next: pos }
  }

  element(pos: number, end: number, depth: number): { element: DicomElement; next: number } {
    const offset = pos
    const tag = this.tag(pos)
    let vr: string | undefined
    let length: number
    let valueStart: number
    if (this.enc.explicitVr) {
      this.need(pos, 8, end, 'element header')
      const a = this.bytes[pos + 4] as number
      const b = this.bytes[pos + 5] as number
      vr = String.fromCharCode(a, b)
      if (!KNOWN_VRS.has(vr))
        this.fail(`Invalid VR bytes 0x${hex2(a)}${hex2(b)} for element ${hexTag(tag)}`, pos + 4)
      if (LONG_VRS.has(vr)) {
        this.need(pos, 12, end, 'element header')
        length = this.u32(pos + 8)
        valueStart = pos + 12
      } else {
        length = this.u16(pos + 6)
        valueStart = pos + 8
      }
    } else {
      this.need(pos, 8, end, 'element header')
      vr = IMPLICIT_VRS.get(tag) ?? profileVr(tag)
      length = this.u32(pos + 4)
      valueStart = pos + 8
    }

    if (length === UNDEFINED) {
      if (tag === PIXEL_DATA && vr !== 'SQ') {
        const next = this.fragments(valueStart, end)
        return {
          element: { tag, vr, offset, value: this.bytes.subarray(valueStart, next), encapsulated: true },
          next,
        }
      }
      if (this.enc.explicitVr && vr === 'UN') {
        // PS3.5 6.2.2: a UN with undefined length is a sequence encoded in implicit VR little endian.
        const sub = new Reader(this.bytes, IMPLICIT_LITTLE, this.maxDepth, this.where)
        const { items, next } = sub.items(valueStart, end, undefined, depth + 1)
        return { element: { tag, vr, offset, items, unSequence: true }, next }
      }
      if (!this.enc.explicitVr || vr === 'SQ') {
        const { items, next } = this.items(valueStart, end, undefined, depth + 1)
        return { element: { tag, vr: 'SQ', offset, items }, next }
      }
      this.fail(`Undefined length is not allowed for VR ${vr} (element ${hexTag(tag)})`, offset)
    }

    if (length > end - valueStart) {
      this.short(
        `Element ${hexTag(tag)} declares ${length} bytes but only ${Math.max(0, end - valueStart)} remain`,
        offset,
        end
      )
    }
    const valueEnd = valueStart + length
    const implicitSequence =
      !this.enc.explicitVr &&
      (vr === undefined || vr === 'SQ') &&
      length >= 8 &&
      this.tag(valueStart) === ITEM
    if (vr === 'SQ' || implicitSequence) {
      const { items, next } = this.items(valueStart, valueEnd, valueEnd, depth + 1)
      if (next !== valueEnd) this.fail(`Sequence ${hexTag(tag)} does not end at its declared length`, next)
      return { element: { tag, vr: 'SQ', offset, items }, next: valueEnd }
    }
    return { element: { tag, vr, offset, value: this.bytes.subarray(valueStart, valueEnd) }, next: valueEnd }
  }

  /** Items of a sequence. `definedEnd` undefined means undefined length: stop at the Sequence Delimiter. */
  items(
    pos: number,
    end: number,
    definedEnd: number | undefined,
    depth: number
  ): { items: DicomItem[]; next: number } {
    if (depth > this.maxDepth) this.fail(`Sequences nested deeper than ${this.maxDepth} levels`, pos)
    const items: DicomItem[] = []
    const limit = definedEnd ?? end
    while (definedEnd === undefined || pos < definedEnd) {
      this.need(
        pos,
        8,
        limit,
        definedEnd === undefined ? 'sequence (missing sequence delimiter)' : 'item header'
      )
      const tag = this.tag(pos)
      const length = this.u32(pos + 4)
      if (tag === SEQUENCE_DELIMITER) {
        if (definedEnd !== undefined) this.fail('Sequence delimiter in a defined-length sequence', pos)
        return { items, next: pos + 8 }
      }
      if (tag !== ITEM) this.fail(`Expected an item tag (FFFE,E000) in a sequence, found ${hexTag(tag)}`, pos)
      const start = pos + 8
      if (length === UNDEFINED) {
        const { elements, next } = this.elements(start, limit, depth, true)
        items.push({ offset: pos, elements })
        pos = next
      } else {
        if (length > limit - start) {
          this.short(
            `Item declares ${length} bytes but only ${Math.max(0, limit - start)} remain`,
            pos,
            limit
          )
        }
        const { elements } = this.elements(start, start + length, depth, false)
        items.push({ offset: pos, elements })
        pos = start + length
      }
    }
    return { items, next: pos }
  }

  /** Checks the structure of encapsulated pixel data; returns the offset after its Sequence Delimiter. */
  fragments(pos: number, end: number): number {
    for (;;) {
      this.need(pos, 8, end, 'encapsulated pixel data (missing sequence delimiter)')
      const tag = this.tag(pos)
      const length = this.u32(pos + 4)
      if (tag === SEQUENCE_DELIMITER) return pos + 8
      if (tag !== ITEM)
        this.fail(`Expected a fragment item in encapsulated pixel data, found ${hexTag(tag)}`, pos)
      if (length === UNDEFINED) this.fail('Pixel data fragment with undefined length', pos)
      if (length > end - pos - 8) {
        this.short(`Pixel data fragment declares ${length} bytes but only ${end - pos - 8} remain`, pos, end)
      }
      pos += 8 + length
    }
  }
}

function profileVr(tag: number): string | undefined {
  const entry = profileEntryFor(tag)
  return entry && entry.vr !== 'UN' ? entry.vr : undefined
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0').toUpperCase()
}

export function hexTag(tag: number): string {
  const h = (tag >>> 0).toString(16).toUpperCase().padStart(8, '0')
  return `(${h.slice(0, 4)},${h.slice(4)})`
}

const latin1 = new TextDecoder('latin1')

/** A string value with trailing NUL and space padding removed. */
export function elementString(el: DicomElement | undefined): string | undefined {
  if (!el?.value) return undefined
  return latin1.decode(el.value).replace(/[\0 ]+$/, '')
}

function elementU16(el: DicomElement | undefined, littleEndian: boolean): number | undefined {
  if (!el?.value || el.value.length < 2) return undefined
  return new DataView(el.value.buffer, el.value.byteOffset, 2).getUint16(0, littleEndian)
}

export function findElement(elements: readonly DicomElement[], tag: number): DicomElement | undefined {
  return elements.find((e) => e.tag === tag)
}

export function isDicom(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 &&
    bytes[128] === 0x44 &&
    bytes[129] === 0x49 &&
    bytes[130] === 0x43 &&
    bytes[131] === 0x4d
  )
}

function encodingFor(ts: string): { encoding: DataSetEncoding; deflated: boolean } {
  if (ts === TS.implicitLittle) return { encoding: IMPLICIT_LITTLE, deflated: false }
  if (ts === TS.explicitBig) return { encoding: { explicitVr: true, littleEndian: false }, deflated: false }
  if (ts === TS.deflatedExplicitLittle) return { encoding: EXPLICIT_LITTLE, deflated: true }
  // Explicit VR little endian and every encapsulated (compressed) transfer syntax.
  return { encoding: EXPLICIT_LITTLE, deflated: false }
}

/** Inflates raw deflate data with a hard cap on the output size. */
async function inflate(data: Uint8Array, maxBytes: number, offset: number): Promise<Uint8Array> {
  if (typeof DecompressionStream !== 'function') {
    throw new DicomParseError(
      'Deflated transfer syntax needs DecompressionStream, unavailable here',
      offset,
      'DICOM_UNSUPPORTED'
    )
  }
  const stream = new Blob([new Uint8Array(data)]).stream().pipeThrough(new DecompressionStream('deflate-raw'))
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined)
        throw new DicomLimitError('Inflated data set too large', offset, maxBytes, total)
      }
      chunks.push(value)
    }
  } catch (e) {
    if (e instanceof DicomParseError) throw e
    // Some writers pad the deflate stream; decoders report the padding as an error after delivering the whole
    // stream. Keep what was inflated: if it was cut short, parsing it fails with a DicomParseError.
    if (total === 0) {
      throw new DicomParseError(
        `Deflated data set is corrupt: ${e instanceof Error ? e.message : String(e)}`,
        offset
      )
    }
  }
  const out = new Uint8Array(total)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.byteLength
  }
  return out
}

function readMeta(
  bytes: Uint8Array,
  maxDepth: number,
  prefix = false
): { meta: DicomElement[]; end: number; transferSyntaxUid: string } {
  if (bytes.length === 0) throw new DicomParseError('Empty input', 0, 'DICOM_NOT_DICOM')
  if (!isDicom(bytes)) {
    if (prefix && bytes.length < 132) throw new DicomParseError('Truncated preamble', bytes.length, TRUNCATED)
    throw new DicomParseError(
      'Not a DICOM Part 10 file: no "DICM" magic at offset 128',
      Math.min(128, bytes.length),
      'DICOM_NOT_DICOM'
    )
  }
  const metaReader = new Reader(bytes, EXPLICIT_LITTLE, maxDepth, ' in the File Meta Information')
  const meta: DicomElement[] = []
  let pos = 132
  let previous = -1
  while (pos + 2 <= bytes.length && metaReader.u16(pos) === 0x0002) {
    metaReader.need(pos, 8, bytes.length, 'element header')
    const tag = metaReader.tag(pos)
    if (tag <= previous) metaReader.fail(`Data element ${hexTag(tag)} out of order`, pos)
    previous = tag
    const { element, next } = metaReader.element(pos, bytes.length, 0)
    if (element.items) metaReader.fail('Unexpected sequence in the File Meta Information', pos)
    meta.push(element)
    pos = next
  }
  const transferSyntaxUid = elementString(findElement(meta, 0x00020010))
  if (!transferSyntaxUid) {
    // Only a complete file proves the attribute missing; a prefix may end before it.
    const code = prefix && pos + 2 > bytes.length ? TRUNCATED : undefined
    throw new DicomParseError(
      'Missing Transfer Syntax UID (0002,0010) in the File Meta Information',
      132,
      code
    )
  }
  return { meta, end: pos, transferSyntaxUid }
}

/** Parses a DICOM Part 10 file. Throws DicomParseError (or its subclass DicomLimitError) on any problem. */
export async function parseDicom(bytes: Uint8Array, options: ParseOptions = {}): Promise<DicomFile> {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH
  const { meta, end: pos, transferSyntaxUid } = readMeta(bytes, maxDepth)
  const { encoding, deflated } = encodingFor(transferSyntaxUid)

  let data = bytes.subarray(pos)
  let base = pos
  let where = ''
  if (deflated) {
    data = await inflate(data, options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES, pos)
    base = 0
    where = ' in the inflated data set'
  }
  const reader = new Reader(data, encoding, maxDepth, where)
  const { elements: dataset } = reader.elements(0, data.length, 0, false)
  if (base !== 0) shiftOffsets(dataset, base)

  checkPixelLimit(dataset, encoding.littleEndian, options.maxPixelBytes ?? DEFAULT_MAX_PIXEL_BYTES)
  return { preamble: bytes.subarray(0, 128), meta, transferSyntaxUid, encoding, deflated, dataset }
}

/** Parses a run of data elements (e.g. those after the pixel data) in the given encoding. */
export function parseElements(
  bytes: Uint8Array,
  encoding: DataSetEncoding,
  options: Pick<ParseOptions, 'maxDepth'> = {}
): DicomElement[] {
  const reader = new Reader(bytes, encoding, options.maxDepth ?? DEFAULT_MAX_DEPTH, ' after the pixel data')
  return reader.elements(0, bytes.length, 0, false).elements
}

/** Where the top-level Pixel Data element of a file starts, found in a prefix of the file. */
export interface PixelDataHeader {
  /** Offset of the element's tag: the bytes before it are the whole header (meta and data set). */
  offset: number
  /** Offset of its value. */
  valueOffset: number
  vr: string
  /** Byte length of a native value; undefined for encapsulated (fragment) pixel data. */
  length: number | undefined
  encoding: DataSetEncoding
  transferSyntaxUid: string
}

/**
 * Finds the top-level Pixel Data element in a growing prefix of a file, so the header can be
 * de-identified while the pixels stream past. `scan` answers:
 * - 'more': the prefix ends before the pixel data (or cannot yet be judged);
 * - 'whole': this file must be read as a whole (deflated data set, or no top-level pixel data);
 * - the pixel data header.
 * Any error other than running out of bytes is thrown at once. Scanning resumes where it stopped.
 */
export class PixelDataLocator {
  #pos = 0
  #previous = -1
  #encoding: DataSetEncoding | undefined
  #transferSyntaxUid = ''

  constructor(private readonly maxDepth = DEFAULT_MAX_DEPTH) {}

  scan(prefix: Uint8Array): PixelDataHeader | 'more' | 'whole' {
    try {
      return this.#scan(prefix)
    } catch (error) {
      if (error instanceof DicomParseError && error.code === TRUNCATED) return 'more'
      throw error
    }
  }

  #scan(prefix: Uint8Array): PixelDataHeader | 'more' | 'whole' {
    if (!this.#encoding) {
      const { end, transferSyntaxUid } = readMeta(prefix, this.maxDepth, true)
      // The meta group ends only where a non-0002 tag is seen.
      if (end + 2 > prefix.length) return 'more'
      const { encoding, deflated } = encodingFor(transferSyntaxUid)
      if (deflated) return 'whole'
      this.#encoding = encoding
      this.#transferSyntaxUid = transferSyntaxUid
      this.#pos = end
    }
    const encoding = this.#encoding
    const reader = new Reader(prefix, encoding, this.maxDepth, '')
    for (;;) {
      const pos = this.#pos
      reader.need(pos, 8, prefix.length, 'element header')
      const tag = reader.tag(pos)
      if (tag >>> 16 === 0xfffe) reader.fail(`Unexpected item tag ${hexTag(tag)} among data elements`, pos)
      if (tag <= this.#previous)
        reader.fail(`Data element ${hexTag(tag)} out of order (after ${hexTag(this.#previous)})`, pos)
      if (tag > PIXEL_DATA) return 'whole'
      if (tag === PIXEL_DATA) return this.#pixelHeader(reader, pos, encoding)
      const { next } = reader.element(pos, prefix.length, 0)
      this.#previous = tag
      this.#pos = next
    }
  }

  #pixelHeader(reader: Reader, pos: number, encoding: DataSetEncoding): PixelDataHeader | 'whole' {
    let vr = 'OW'
    let length: number
    let valueOffset: number
    if (encoding.explicitVr) {
      vr = String.fromCharCode(reader.bytes[pos + 4] as number, reader.bytes[pos + 5] as number)
      // Pixel data in any other VR is odd enough to go through the whole-file reader.
      if (vr !== 'OB' && vr !== 'OW') return 'whole'
      reader.need(pos, 12, reader.bytes.length, 'element header')
      length = reader.u32(pos + 8)
      valueOffset = pos + 12
    } else {
      length = reader.u32(pos + 4)
      valueOffset = pos + 8
    }
    return {
      offset: pos,
      valueOffset,
      vr,
      length: length === UNDEFINED ? undefined : length,
      encoding,
      transferSyntaxUid: this.#transferSyntaxUid,
    }
  }
}

function shiftOffsets(elements: DicomElement[], by: number): void {
  for (const e of elements) {
    e.offset += by
    for (const item of e.items ?? []) {
      item.offset += by
      shiftOffsets(item.elements, by)
    }
  }
}

/** Decompression-bomb guard: the declared pixel matrix must stay under the limit. */
function checkPixelLimit(dataset: readonly DicomElement[], littleEndian: boolean, maxBytes: number): void {
  const rowsEl = findElement(dataset, 0x00280010)
  const rows = elementU16(rowsEl, littleEndian)
  const columns = elementU16(findElement(dataset, 0x00280011), littleEndian)
  if (rows === undefined || columns === undefined) return
  const samples = elementU16(findElement(dataset, 0x00280002), littleEndian) ?? 1
  const bitsAllocated = elementU16(findElement(dataset, 0x00280100), littleEndian) ?? 8
  const framesText = elementString(findElement(dataset, 0x00280008))
  const frames = framesText && /^\s*\+?\d+\s*$/.test(framesText) ? Number(framesText) : 1
  const declared = rows * columns * samples * frames * (bitsAllocated / 8)
  if (declared > maxBytes) {
    throw new DicomLimitError(
      `Declared pixel data (${rows} rows × ${columns} columns × ${samples} samples × ${frames} frames × ${bitsAllocated} bits) too large`,
      rowsEl?.offset ?? 0,
      maxBytes,
      declared
    )
  }
}
