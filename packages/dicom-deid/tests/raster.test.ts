import { deflateSync, inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { ImageFormatError, ImageLimitError, crc32, detectFormat, stripImageMetadata } from '../src/index.js'
import { CT_IMAGE, concat, contains, syntheticImage, writeWithDcmjs } from './helpers.js'

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, data.length)
  out.set(new TextEncoder().encode(type), 4)
  out.set(data, 8)
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)))
  return out
}

function png(width: number, height: number, extra: Uint8Array[] = []): Uint8Array {
  const ihdr = new Uint8Array(13)
  const v = new DataView(ihdr.buffer)
  v.setUint32(0, width)
  v.setUint32(4, height)
  ihdr.set([8, 0, 0, 0, 0], 8) // 8-bit greyscale
  const raw = new Uint8Array(Math.min(height, 4) * (width + 1))
  const idat = new Uint8Array(deflateSync(raw))
  const sig = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return concat(sig, chunk('IHDR', ihdr), ...extra, chunk('IDAT', idat), chunk('IEND', new Uint8Array(0)))
}

const enc = (s: string) => new TextEncoder().encode(s)

function segment(marker: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + payload.length)
  out[0] = 0xff
  out[1] = marker
  new DataView(out.buffer).setUint16(2, payload.length + 2)
  out.set(payload, 4)
  return out
}

function jpeg(width = 8, height = 8): Uint8Array {
  const sof = new Uint8Array([8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0])
  return concat(
    new Uint8Array([0xff, 0xd8]),
    segment(0xe0, concat(enc('JFIF\0'), new Uint8Array([1, 1, 0, 0, 1, 0, 1, 0, 0]))),
    segment(0xe1, concat(enc('Exif\0\0'), enc('Artist: Kim Jiyeon, Patient Kim'))),
    segment(0xe1, concat(enc('http://ns.adobe.com/xap/1.0/\0'), enc('<x:creator>Kim</x:creator>'))),
    segment(0xed, concat(enc('Photoshop 3.0\0'), enc('IPTC byline Kim'))),
    segment(0xfe, enc('Patient Kim, DOB 1961')),
    segment(0xee, concat(enc('Adobe'), new Uint8Array([0, 100, 0, 0, 0, 0, 1]))),
    segment(0xdb, new Uint8Array(65)),
    segment(0xc0, sof),
    segment(0xc4, new Uint8Array([0, ...new Array<number>(16).fill(0)])),
    segment(0xda, new Uint8Array([1, 1, 0, 0, 63, 0])),
    new Uint8Array([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]),
    new Uint8Array([0xff, 0xd9])
  )
}

describe('detectFormat', () => {
  it('recognises DICOM, PNG, JPEG and nothing else', () => {
    expect(
      detectFormat(
        writeWithDcmjs(syntheticImage({ modality: 'CT', sopClassUid: CT_IMAGE, sopInstanceUid: '1.2' }))
      )
    ).toBe('dicom')
    expect(detectFormat(png(2, 2))).toBe('png')
    expect(detectFormat(jpeg())).toBe('jpeg')
    expect(detectFormat(new Uint8Array(0))).toBeNull()
    expect(detectFormat(enc('DICM not at 128'))).toBeNull()
  })
})

describe('PNG', () => {
  it('removes text, eXIf, tIME and iCCP chunks and keeps the image', () => {
    const input = png(3, 2, [
      chunk('tEXt', enc('Patient\0Kim')),
      chunk('iTXt', enc('Author\0\0\0\0\0Kim Jiyeon')),
      chunk('eXIf', enc('MM\0*Kim')),
      chunk('tIME', new Uint8Array([7, 232, 1, 2, 3, 4, 5])),
      chunk('iCCP', concat(enc('Kim profile\0\0'), new Uint8Array(deflateSync(enc('icc'))))),
      chunk('gAMA', new Uint8Array([0, 0, 0xb1, 0x8f])),
    ])
    expect(contains(input, 'Kim')).toBe(true)
    const { bytes, removed, format } = stripImageMetadata(input)
    expect(format).toBe('png')
    expect(contains(bytes, 'Kim')).toBe(false)
    expect(removed).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/tEXt/),
        expect.stringMatching(/eXIf/),
        expect.stringMatching(/tIME/),
      ])
    )
    expect(contains(bytes, 'gAMA')).toBe(true)
    const again = stripImageMetadata(bytes)
    expect(again.removed).toEqual([])
    expect(again.bytes).toEqual(bytes)
    const idatAt = bytes.findIndex((_, i) => contains(bytes.subarray(i, i + 4), 'IDAT'))
    const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(idatAt - 4)
    expect(inflateSync(bytes.subarray(idatAt + 4, idatAt + 4 + len)).length).toBe(2 * 4)
  })

  it('rejects a bad CRC, truncation at any offset, and a huge IHDR', () => {
    const input = png(3, 2, [chunk('tEXt', enc('Patient\0Kim'))])
    const bad = new Uint8Array(input)
    bad[40] = (bad[40] as number) ^ 0xff
    expect(() => stripImageMetadata(bad)).toThrow(ImageFormatError)
    for (let cut = 1; cut < input.length; cut++) {
      expect(() => stripImageMetadata(input.subarray(0, cut))).toThrow(ImageFormatError)
    }
    expect(() => stripImageMetadata(png(20000, 20000))).toThrow(ImageLimitError)
    expect(() => stripImageMetadata(png(100, 100), { maxPixels: 5000 })).toThrow(ImageLimitError)
  })

  it('drops bytes after IEND', () => {
    const { bytes, removed } = stripImageMetadata(concat(png(1, 1), enc('Kim was here')))
    expect(contains(bytes, 'Kim')).toBe(false)
    expect(removed).toContain('12 bytes after IEND')
  })
})

describe('JPEG', () => {
  it('removes APP1 (EXIF, XMP), APP13 (IPTC) and COM, keeps JFIF, Adobe and image data', () => {
    const input = jpeg()
    const { bytes, removed } = stripImageMetadata(input)
    expect(contains(bytes, 'Kim')).toBe(false)
    expect(contains(bytes, 'JFIF')).toBe(true)
    expect(contains(bytes, 'Adobe')).toBe(true)
    expect(removed).toHaveLength(4)
    expect(removed.join('\n')).toMatch(/APP1 segment \(Exif/)
    expect(removed.join('\n')).toMatch(/APP13/)
    expect(removed.join('\n')).toMatch(/COM/)
    expect(removed.join('\n')).not.toMatch(/Kim/)
    expect(Array.from(bytes.subarray(-9))).toEqual([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xd9])
    expect(stripImageMetadata(bytes).removed).toEqual([])
  })

  it('rejects truncation at any offset, a bad segment length and huge dimensions', () => {
    const input = jpeg()
    for (let cut = 3; cut < input.length - 1; cut++) {
      expect(() => stripImageMetadata(input.subarray(0, cut))).toThrow(ImageFormatError)
    }
    const bad = new Uint8Array(input)
    bad[5] = 1 // APP0 length 0x0001 (< 2)
    expect(() => stripImageMetadata(bad)).toThrow(ImageFormatError)
    expect(() => stripImageMetadata(jpeg(65535, 65535))).toThrow(ImageLimitError)
  })

  it('rejects unknown formats', () => {
    expect(() => stripImageMetadata(enc('GIF89a'))).toThrow(ImageFormatError)
    expect(() => stripImageMetadata(new Uint8Array(0))).toThrow(ImageFormatError)
  })
})
