// Synthetic images for the stories and tests: DICOM Part 10 files written from scratch (explicit VR little
// endian, 8/16-bit greyscale, any number of frames) and PNG files (1-channel masks, greyscale and colour
// pictures). Nothing here identifies anyone. Not part of any bundle.

export interface SyntheticDicomOptions {
  width: number
  height: number
  frames?: number
  modality?: string
  /** 16 (default) or 8. */
  bitsAllocated?: 8 | 16
  /** Signed 16-bit stored values. */
  signed?: boolean
  /** The stored value at (x, y) of frame `frame`. */
  pixel: (x: number, y: number, frame: number) => number
  rescaleSlope?: number
  rescaleIntercept?: number
  windowCenter?: number
  windowWidth?: number
  /** Row spacing \ column spacing, mm. */
  pixelSpacing?: [number, number]
  /** Milliseconds per frame (multi-frame). */
  frameTime?: number
  /** MONOCHROME2 (default) or MONOCHROME1. */
  photometric?: 'MONOCHROME2' | 'MONOCHROME1'
  /** Bytes cut off the end of the pixel data (its length says so: the file parses, but frames are missing). */
  truncatePixelData?: number
  /** Bytes cut off the end of the file (the pixel data's length claims more than there is). */
  truncateFile?: number
  /** The transfer syntax the meta header declares (default explicit VR little endian, which is what is written). */
  transferSyntax?: string
}

const EXPLICIT_LITTLE = '1.2.840.10008.1.2.1'
const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7'
const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2'
const MF_GREY_WORD = '1.2.840.10008.5.1.4.1.1.7.3'
const ROOT = '1.2.826.0.1.3680043.10.1024'

class Writer {
  readonly parts: Uint8Array[] = []
  #enc = new TextEncoder()

  element(group: number, element: number, vr: string, value: Uint8Array): void {
    const long = ['OB', 'OW', 'SQ', 'UN', 'UT', 'OF'].includes(vr)
    const header = new Uint8Array(long ? 12 : 8)
    const view = new DataView(header.buffer)
    view.setUint16(0, group, true)
    view.setUint16(2, element, true)
    header.set(this.#enc.encode(vr), 4)
    if (long) view.setUint32(8, value.length, true)
    else view.setUint16(6, value.length, true)
    this.parts.push(header, value)
  }

  text(group: number, element: number, vr: string, value: string): void {
    const bytes = [...this.#enc.encode(value)]
    if (bytes.length % 2) bytes.push(vr === 'UI' ? 0 : 0x20)
    this.element(group, element, vr, new Uint8Array(bytes))
  }

  us(group: number, element: number, value: number): void {
    const b = new Uint8Array(2)
    new DataView(b.buffer).setUint16(0, value, true)
    this.element(group, element, 'US', b)
  }

  get length(): number {
    return this.parts.reduce((n, p) => n + p.length, 0)
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length)
    let at = 0
    for (const p of this.parts) {
      out.set(p, at)
      at += p.length
    }
    return out
  }
}

/** A valid DICOM Part 10 file (explicit VR little endian) with the pixels `options.pixel` draws. */
export function syntheticDicom(options: SyntheticDicomOptions): Uint8Array<ArrayBuffer> {
  const { width, height } = options
  const frames = options.frames ?? 1
  const bits = options.bitsAllocated ?? 16
  const modality = options.modality ?? 'OT'
  const sopClass =
    frames > 1
      ? bits === 16
        ? MF_GREY_WORD
        : SECONDARY_CAPTURE
      : modality === 'CT'
        ? CT_IMAGE
        : SECONDARY_CAPTURE
  const instance = `${ROOT}.${width}.${height}.${frames}.1`

  const meta = new Writer()
  meta.element(0x0002, 0x0001, 'OB', new Uint8Array([0, 1]))
  meta.text(0x0002, 0x0002, 'UI', sopClass)
  meta.text(0x0002, 0x0003, 'UI', instance)
  meta.text(0x0002, 0x0010, 'UI', options.transferSyntax ?? EXPLICIT_LITTLE)
  meta.text(0x0002, 0x0012, 'UI', ROOT)
  const groupLength = new Uint8Array(4)
  new DataView(groupLength.buffer).setUint32(0, meta.length, true)

  const file = new Writer()
  file.parts.push(new Uint8Array(128), new TextEncoder().encode('DICM'))
  file.element(0x0002, 0x0000, 'UL', groupLength)
  file.parts.push(...meta.parts)
  file.text(0x0008, 0x0016, 'UI', sopClass)
  file.text(0x0008, 0x0018, 'UI', instance)
  file.text(0x0008, 0x0060, 'CS', modality)
  if (options.frameTime) file.text(0x0018, 0x1063, 'DS', String(options.frameTime))
  file.text(0x0020, 0x000d, 'UI', `${ROOT}.1`)
  file.text(0x0020, 0x000e, 'UI', `${ROOT}.1.2`)
  file.us(0x0028, 0x0002, 1)
  file.text(0x0028, 0x0004, 'CS', options.photometric ?? 'MONOCHROME2')
  if (frames > 1) {
    file.text(0x0028, 0x0008, 'IS', String(frames))
    // Frame Increment Pointer → Frame Time.
    file.element(0x0028, 0x0009, 'AT', new Uint8Array([0x18, 0x00, 0x63, 0x10]))
  }
  file.us(0x0028, 0x0010, height)
  file.us(0x0028, 0x0011, width)
  if (options.pixelSpacing) file.text(0x0028, 0x0030, 'DS', options.pixelSpacing.join('\\'))
  file.us(0x0028, 0x0100, bits)
  file.us(0x0028, 0x0101, bits)
  file.us(0x0028, 0x0102, bits - 1)
  file.us(0x0028, 0x0103, options.signed ? 1 : 0)
  if (options.windowCenter !== undefined && options.windowWidth !== undefined) {
    file.text(0x0028, 0x1050, 'DS', String(options.windowCenter))
    file.text(0x0028, 0x1051, 'DS', String(options.windowWidth))
  }
  if (options.rescaleIntercept !== undefined || options.rescaleSlope !== undefined) {
    file.text(0x0028, 0x1052, 'DS', String(options.rescaleIntercept ?? 0))
    file.text(0x0028, 0x1053, 'DS', String(options.rescaleSlope ?? 1))
  }
  const count = width * height * frames
  const pixels = new Uint8Array(count * (bits / 8) + ((count * (bits / 8)) % 2))
  const view = new DataView(pixels.buffer)
  for (let f = 0, i = 0; f < frames; f++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++, i++) {
        const v = Math.round(options.pixel(x, y, f))
        if (bits === 8) pixels[i] = Math.max(0, Math.min(255, v))
        else if (options.signed) view.setInt16(i * 2, Math.max(-32768, Math.min(32767, v)), true)
        else view.setUint16(i * 2, Math.max(0, Math.min(65535, v)), true)
      }
  const cut = options.truncatePixelData ?? 0
  file.element(
    0x7fe0,
    0x0010,
    bits === 8 ? 'OB' : 'OW',
    cut ? pixels.subarray(0, Math.max(0, pixels.length - cut)) : pixels
  )
  const bytes = file.bytes()
  const cutFile = options.truncateFile ?? 0
  return (cutFile ? bytes.slice(0, Math.max(0, bytes.length - cutFile)) : bytes) as Uint8Array<ArrayBuffer>
}

// ---------------------------------------------------------------- PNG

let crcTable: Uint32Array | undefined

function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      crcTable[n] = c >>> 0
    }
  }
  let crc = 0xffffffff
  for (const b of bytes) crc = crcTable[(crc ^ b) & 0xff]! ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, data.length)
  out.set(new TextEncoder().encode(type), 4)
  out.set(data, 8)
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)))
  return out
}

async function zlib(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

/**
 * A PNG with 8-bit samples: 1 channel (greyscale, colour type 0; what the API's masks are) or 3 (RGB).
 * `sample(x, y)` gives the value(s) at (x, y).
 */
export async function syntheticPng(
  width: number,
  height: number,
  sample: (x: number, y: number) => number | [number, number, number]
): Promise<Blob> {
  const first = sample(0, 0)
  const channels = Array.isArray(first) ? 3 : 1
  const raw = new Uint8Array((width * channels + 1) * height)
  for (let y = 0, i = 0; y < height; y++) {
    raw[i++] = 0 // filter: none
    for (let x = 0; x < width; x++) {
      const v = sample(x, y)
      if (Array.isArray(v)) for (const c of v) raw[i++] = c
      else raw[i++] = v
    }
  }
  const header = new Uint8Array(13)
  const view = new DataView(header.buffer)
  view.setUint32(0, width)
  view.setUint32(4, height)
  header.set([8, channels === 3 ? 2 : 0, 0, 0, 0], 8)
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', await zlib(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]
  return new Blob(parts as BlobPart[], { type: 'image/png' })
}

/** A JPEG of a colour picture (the browser's encoder). */
export async function syntheticJpeg(width: number, height: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height)
  const context = canvas.getContext('2d')!
  const gradient = context.createLinearGradient(0, 0, width, height)
  gradient.addColorStop(0, '#d9a066')
  gradient.addColorStop(1, '#6b2f1a')
  context.fillStyle = gradient
  context.fillRect(0, 0, width, height)
  context.fillStyle = '#f4e2c8'
  context.beginPath()
  context.arc(width / 2, height / 2, Math.min(width, height) / 4, 0, Math.PI * 2)
  context.fill()
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 })
}

/** A round "scan" (bright disc with a darker ring) in stored values 0–`max`. */
export function phantom(width: number, height: number, max = 1000): (x: number, y: number) => number {
  const cx = width / 2
  const cy = height / 2
  const r = Math.min(width, height) / 2
  return (x, y) => {
    const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) / r
    if (d > 0.95) return 0
    if (d > 0.8) return max * 0.85
    return max * (0.3 + 0.4 * (1 - d)) + (Math.hypot(x - cx * 1.3, y - cy * 0.8) < r * 0.15 ? max * 0.25 : 0)
  }
}
