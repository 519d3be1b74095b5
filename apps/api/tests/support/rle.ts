import { deflateRawSync } from 'node:zlib'
import dcmjs from 'dcmjs'

/**
 * Test-side encoders for pixel data: PackBits, DICOM RLE Lossless frames (PS3.5 Annex G), encapsulated Pixel
 * Data (PS3.5 A.4), and a Part 10 builder on top of dcmjs for any transfer syntax the decoder reads. Written
 * independently of the decoder so a round trip tests one against the other.
 */

const { DicomDict } = dcmjs.data

/**
 * PackBits: runs of 2–128 equal bytes as (257 − length, byte); everything else as literal blocks of up to
 * 128 bytes, (length − 1, bytes…).
 */
export function packBits(src: Uint8Array): number[] {
  const out: number[] = []
  let i = 0
  while (i < src.length) {
    let run = 1
    while (i + run < src.length && run < 128 && src[i + run] === src[i]) run++
    if (run >= 2) {
      out.push(257 - run, src[i]!)
      i += run
      continue
    }
    const start = i
    while (i < src.length && i - start < 128 && !(i + 1 < src.length && src[i] === src[i + 1])) i++
    out.push(i - start - 1, ...src.subarray(start, i))
  }
  return out
}

export interface RleFrameOptions {
  samples: 1 | 3
  bytesPerSample: 1 | 2 | 4
  /** When given, each row of each segment is packed separately (what PS3.5 G.3.1 recommends). */
  rowLength?: number
}

/**
 * One RLE frame from pixel-interleaved integer sample values (negative values are written in two's
 * complement): a 64-byte header, then one segment per sample byte, most significant byte first.
 */
export function rleEncodeFrame(values: ArrayLike<number>, options: RleFrameOptions): Uint8Array {
  const { samples, bytesPerSample } = options
  const pixels = values.length / samples
  const segments: number[][] = []
  for (let s = 0; s < samples; s++) {
    for (let b = 0; b < bytesPerSample; b++) {
      const shift = 8 * (bytesPerSample - 1 - b)
      const plane = new Uint8Array(pixels)
      for (let p = 0; p < pixels; p++) plane[p] = (values[p * samples + s]! >>> shift) & 0xff
      const row = options.rowLength ?? pixels
      const packed: number[] = []
      for (let start = 0; start < pixels; start += row) {
        for (const byte of packBits(plane.subarray(start, start + row))) packed.push(byte)
      }
      if (packed.length % 2 === 1) packed.push(0) // segments have even lengths
      segments.push(packed)
    }
  }
  const header = new DataView(new ArrayBuffer(64))
  header.setUint32(0, segments.length, true)
  let offset = 64
  segments.forEach((segment, i) => {
    header.setUint32(4 + 4 * i, offset, true)
    offset += segment.length
  })
  const out = new Uint8Array(offset)
  out.set(new Uint8Array(header.buffer), 0)
  let at = 64
  for (const segment of segments) {
    out.set(segment, at)
    at += segment.length
  }
  return out
}

/**
 * An encapsulated Pixel Data element (explicit VR little endian): OB, undefined length, a Basic Offset Table
 * item (empty unless `offsetTable`), one fragment item per frame (or `fragments` as given), a delimiter.
 */
export function encapsulatedPixelData(
  frames: readonly Uint8Array[],
  options: { offsetTable?: boolean; fragments?: readonly (readonly Uint8Array[])[] } = {}
): Uint8Array {
  const perFrame = options.fragments ?? frames.map((f) => [f])
  const items: Uint8Array[] = []
  const offsets: number[] = []
  let position = 0
  for (const fragments of perFrame) {
    offsets.push(position)
    for (const fragment of fragments) {
      const padded = fragment.length % 2 === 1 ? concat([fragment, new Uint8Array(1)]) : fragment
      items.push(itemHeader(0xe000, padded.length), padded)
      position += 8 + padded.length
    }
  }
  const table = new Uint8Array(options.offsetTable ? 4 * offsets.length : 0)
  if (options.offsetTable) offsets.forEach((o, i) => new DataView(table.buffer).setUint32(4 * i, o, true))
  const header = new Uint8Array(12)
  const view = new DataView(header.buffer)
  view.setUint16(0, 0x7fe0, true)
  view.setUint16(2, 0x0010, true)
  header.set([0x4f, 0x42], 4) // "OB"
  view.setUint32(8, 0xffffffff, true)
  return concat([header, itemHeader(0xe000, table.length), table, ...items, itemHeader(0xe0dd, 0)])
}

function itemHeader(element: number, length: number): Uint8Array {
  const out = new Uint8Array(8)
  const view = new DataView(out.buffer)
  view.setUint16(0, 0xfffe, true)
  view.setUint16(2, element, true)
  view.setUint32(4, length, true)
  return out
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

export const TRANSFER_SYNTAX = {
  implicitLittle: '1.2.840.10008.1.2',
  explicitLittle: '1.2.840.10008.1.2.1',
  deflated: '1.2.840.10008.1.2.1.99',
  explicitBig: '1.2.840.10008.1.2.2',
  encapsulatedUncompressed: '1.2.840.10008.1.2.1.98',
  rle: '1.2.840.10008.1.2.5',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  jpeg2000: '1.2.840.10008.1.2.4.91',
} as const

export interface PixelDicomOptions {
  transferSyntax?: string
  rows: number
  columns: number
  bitsAllocated: number
  bitsStored?: number
  highBit?: number
  pixelRepresentation?: 0 | 1
  samplesPerPixel?: number
  photometric?: string
  planarConfiguration?: 0 | 1
  frames?: number
  /** Native pixel bytes, or a complete encapsulated Pixel Data element (from `encapsulatedPixelData`). */
  pixelData: Uint8Array | { element: Uint8Array }
  /** Further attributes in dcmjs's dictionary form, e.g. { '00281053': { vr: 'DS', Value: ['0.5'] } }. */
  attributes?: Record<string, { vr: string; Value: unknown[] }>
}

/** A Part 10 file with an image pixel module, written with dcmjs in the requested transfer syntax. */
export function pixelDicom(o: PixelDicomOptions): Uint8Array {
  const ts = o.transferSyntax ?? TRANSFER_SYNTAX.explicitLittle
  const sopClass = '1.2.840.10008.5.1.4.1.1.7' // Secondary Capture
  const sopInstance = '1.2.826.0.1.3680043.8.498.4242'
  const dict = new DicomDict({
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: [sopClass] },
    '00020003': { vr: 'UI', Value: [sopInstance] },
    '00020010': { vr: 'UI', Value: [ts] },
    '00020012': { vr: 'UI', Value: ['1.2.826.0.1.3680043.10.999'] },
  })
  const samples = o.samplesPerPixel ?? 1
  const bitsStored = o.bitsStored ?? o.bitsAllocated
  dict.dict = {
    '00080016': { vr: 'UI', Value: [sopClass] },
    '00080018': { vr: 'UI', Value: [sopInstance] },
    '00280002': { vr: 'US', Value: [samples] },
    '00280004': { vr: 'CS', Value: [o.photometric ?? 'MONOCHROME2'] },
    ...(samples > 1 ? { '00280006': { vr: 'US', Value: [o.planarConfiguration ?? 0] } } : {}),
    ...(o.frames !== undefined ? { '00280008': { vr: 'IS', Value: [String(o.frames)] } } : {}),
    '00280010': { vr: 'US', Value: [o.rows] },
    '00280011': { vr: 'US', Value: [o.columns] },
    '00280100': { vr: 'US', Value: [o.bitsAllocated] },
    '00280101': { vr: 'US', Value: [bitsStored] },
    '00280102': { vr: 'US', Value: [o.highBit ?? bitsStored - 1] },
    '00280103': { vr: 'US', Value: [o.pixelRepresentation ?? 0] },
    ...o.attributes,
  }
  if (!('element' in o.pixelData)) {
    const copy = o.pixelData.slice()
    dict.dict['7FE00010'] = { vr: o.bitsAllocated > 8 ? 'OW' : 'OB', Value: [copy.buffer] }
  }
  let bytes: Uint8Array = new Uint8Array(dict.write())
  if ('element' in o.pixelData) bytes = concat([bytes, o.pixelData.element])
  if (ts === TRANSFER_SYNTAX.deflated) {
    // dcmjs writes this syntax uncompressed: deflate the data set after the File Meta Information.
    const metaEnd = 144 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(140, true)
    bytes = concat([bytes.subarray(0, metaEnd), deflateRawSync(bytes.subarray(metaEnd))])
  }
  return bytes
}

/** Little-endian bytes of 16-bit values (signed values in two's complement). */
export function words16(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 2)
  const view = new DataView(out.buffer)
  values.forEach((v, i) => view.setUint16(2 * i, v & 0xffff, true))
  return out
}

/** Little-endian bytes of 32-bit values. */
export function words32(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4)
  const view = new DataView(out.buffer)
  values.forEach((v, i) => view.setUint32(4 * i, v >>> 0, true))
  return out
}
