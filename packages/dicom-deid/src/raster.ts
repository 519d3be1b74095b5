/**
 * Metadata stripping for PNG and JPEG uploads, and format detection.
 *
 * PNG: chunk CRCs are verified; kept chunks are IHDR, PLTE, IDAT, IEND and the rendering-only ancillary
 * chunks tRNS, gAMA, cHRM, sRGB, sBIT, pHYs. Everything else is removed: text (tEXt, zTXt, iTXt), eXIf, tIME,
 * iCCP (its profile name is free text), bKGD, hIST, sPLT, animation and private chunks, and bytes after IEND.
 * An unknown critical chunk is an error (no decoder could render the image anyway).
 *
 * JPEG: APP0 is kept only if it is JFIF, APP14 only if it is Adobe (colour transform); every other APPn
 * (EXIF/XMP in APP1, ICC in APP2, IPTC in APP13, …) and COM segments are removed, as are bytes after EOI.
 * Frame and scan data are copied unchanged.
 *
 * Both formats: the declared width × height is checked against a limit (default 100 megapixels).
 */
import { ImageFormatError, ImageLimitError } from './errors.js'
import { isDicom } from './parser.js'

export type DetectedFormat = 'dicom' | 'png' | 'jpeg'

export interface StripOptions {
  /** Maximum width × height. Default 100 000 000. */
  maxPixels?: number
}

export interface StripResult {
  bytes: Uint8Array
  format: 'png' | 'jpeg'
  /** What was removed, e.g. "PNG tEXt chunk (19 bytes)", "JPEG APP1 segment (Exif, 120 bytes)". */
  removed: string[]
}

export const DEFAULT_MAX_PIXELS = 100_000_000
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

export function detectFormat(bytes: Uint8Array): DetectedFormat | null {
  if (isDicom(bytes)) return 'dicom'
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png'
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg'
  return null
}

/** Removes metadata from a PNG or JPEG. Throws ImageFormatError (ImageLimitError for oversized images). */
export function stripImageMetadata(bytes: Uint8Array, options: StripOptions = {}): StripResult {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS
  const format = detectFormat(bytes)
  if (format === 'png') return stripPng(bytes, maxPixels)
  if (format === 'jpeg') return stripJpeg(bytes, maxPixels)
  throw new ImageFormatError(
    bytes.length === 0 ? 'Empty input' : 'Not a PNG or JPEG image',
    0,
    'IMAGE_UNKNOWN_FORMAT'
  )
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (let i = 0; i < bytes.length; i++)
    c = (CRC_TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

const PNG_KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'sBIT', 'pHYs'])

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

function stripPng(bytes: Uint8Array, maxPixels: number): StripResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const kept: Uint8Array[] = [bytes.subarray(0, 8)]
  const removed: string[] = []
  let pos = 8
  let first = true
  let sawIdat = false
  for (;;) {
    if (pos + 12 > bytes.length) throw new ImageFormatError('Truncated PNG: missing IEND chunk', pos)
    const length = view.getUint32(pos)
    if (length > 0x7fffffff || length > bytes.length - pos - 12) {
      throw new ImageFormatError(`PNG chunk length ${length} runs past the end of the file`, pos)
    }
    const typeBytes = bytes.subarray(pos + 4, pos + 8)
    if (!typeBytes.every((b) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a))) {
      throw new ImageFormatError('Invalid PNG chunk type', pos + 4)
    }
    const type = String.fromCharCode(...typeBytes)
    const end = pos + 12 + length
    const crc = view.getUint32(pos + 8 + length)
    if (crc32(bytes.subarray(pos + 4, pos + 8 + length)) !== crc) {
      throw new ImageFormatError(`PNG ${type} chunk has a bad CRC`, pos + 8 + length)
    }
    if (first) {
      if (type !== 'IHDR' || length !== 13)
        throw new ImageFormatError('PNG does not start with a valid IHDR chunk', pos)
      const width = view.getUint32(pos + 8)
      const height = view.getUint32(pos + 12)
      if (width === 0 || height === 0)
        throw new ImageFormatError('PNG IHDR declares a zero width or height', pos + 8)
      if (width * height > maxPixels) {
        throw new ImageLimitError(
          `PNG declares ${width} × ${height} pixels, over the limit of ${maxPixels}`,
          pos + 8
        )
      }
      first = false
    }
    if (type === 'IDAT') sawIdat = true
    if (PNG_KEEP.has(type)) {
      kept.push(bytes.subarray(pos, end))
    } else if ((typeBytes[0] as number) < 0x61) {
      throw new ImageFormatError(`Unknown critical PNG chunk ${type}`, pos + 4)
    } else {
      removed.push(`PNG ${type} chunk (${length} bytes)`)
    }
    pos = end
    if (type === 'IEND') break
  }
  if (!sawIdat) throw new ImageFormatError('PNG has no IDAT chunk', pos)
  if (pos < bytes.length) removed.push(`${bytes.length - pos} bytes after IEND`)
  return { bytes: concat(kept), format: 'png', removed }
}

const latin1 = new TextDecoder('latin1')

function stripJpeg(bytes: Uint8Array, maxPixels: number): StripResult {
  const kept: Uint8Array[] = [bytes.subarray(0, 2)]
  const removed: string[] = []
  let pos = 2
  const u16 = (at: number): number => ((bytes[at] as number) << 8) | (bytes[at + 1] as number)
  for (;;) {
    if (pos + 2 > bytes.length) throw new ImageFormatError('Truncated JPEG: missing EOI marker', pos)
    if (bytes[pos] !== 0xff) throw new ImageFormatError('Expected a JPEG marker', pos)
    const marker = bytes[pos + 1] as number
    if (marker === 0xff) {
      pos++ // fill byte
      continue
    }
    if (marker === 0xd9) {
      kept.push(bytes.subarray(pos, pos + 2))
      pos += 2
      break
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      kept.push(bytes.subarray(pos, pos + 2))
      pos += 2
      continue
    }
    if (marker === 0xd8 || marker === 0x00)
      throw new ImageFormatError(`Unexpected JPEG marker 0xFF${hex(marker)}`, pos)
    if (pos + 4 > bytes.length) throw new ImageFormatError('Truncated JPEG segment header', pos)
    const length = u16(pos + 2)
    if (length < 2 || pos + 2 + length > bytes.length) {
      throw new ImageFormatError(
        `JPEG segment 0xFF${hex(marker)} length ${length} runs past the end of the file`,
        pos
      )
    }
    const end = pos + 2 + length
    const payload = bytes.subarray(pos + 4, end)
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
    if (isSof) {
      if (payload.length < 5) throw new ImageFormatError('Truncated JPEG frame header', pos)
      const height = u16(pos + 5)
      const width = u16(pos + 7)
      if (width * height > maxPixels) {
        throw new ImageLimitError(
          `JPEG declares ${width} × ${height} pixels, over the limit of ${maxPixels}`,
          pos
        )
      }
    }
    const ident = latin1.decode(payload.subarray(0, 5))
    if (marker >= 0xe0 && marker <= 0xef) {
      const keep = (marker === 0xe0 && ident === 'JFIF\0') || (marker === 0xee && ident === 'Adobe')
      if (keep) kept.push(bytes.subarray(pos, end))
      else removed.push(`JPEG APP${marker - 0xe0} segment (${describeApp(payload)}, ${length - 2} bytes)`)
    } else if (marker === 0xfe) {
      removed.push(`JPEG COM segment (${length - 2} bytes)`)
    } else {
      kept.push(bytes.subarray(pos, end))
    }
    pos = end
    if (marker === 0xda) {
      // Entropy-coded data: runs until a marker other than a stuffed 0xFF00 or a restart marker.
      const start = pos
      while (pos < bytes.length) {
        if (bytes[pos] === 0xff && pos + 1 < bytes.length) {
          const next = bytes[pos + 1] as number
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break
        }
        pos++
      }
      if (pos >= bytes.length)
        throw new ImageFormatError('Truncated JPEG scan data: missing EOI marker', start)
      kept.push(bytes.subarray(start, pos))
    }
  }
  if (pos < bytes.length) removed.push(`${bytes.length - pos} bytes after EOI`)
  return { bytes: concat(kept), format: 'jpeg', removed }
}

function describeApp(payload: Uint8Array): string {
  // Only a short NUL-terminated identifier ("Exif", "http://ns.adobe.com/xap/1.0/"), never free text.
  const nul = payload.indexOf(0)
  if (nul < 1 || nul > 32) return 'unnamed'
  const id = latin1.decode(payload.subarray(0, nul))
  return /^[\x21-\x7e]+$/.test(id) ? id : 'unnamed'
}

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0')
}
