import { deflateSync } from 'node:zlib'
import { test } from '@japa/runner'
import { PNG } from 'pngjs'
import { encode as encodeJpeg } from 'jpeg-js'
import { ImageDecodeError, decodeImage, type DecodeOptions } from '#inference/pixels'
import { modalityValues } from '#inference/preprocess'
import { pngChunk } from '#tests/support/images'
import {
  TRANSFER_SYNTAX,
  encapsulatedPixelData,
  pixelDicom,
  rleEncodeFrame,
  words16,
  words32,
  type PixelDicomOptions,
} from '#tests/support/rle'

/** The ImageDecodeError decoding `bytes` throws; fails the test if it decodes or throws anything else. */
async function decodeError(bytes: Uint8Array, options?: DecodeOptions): Promise<ImageDecodeError> {
  try {
    await decodeImage(bytes, options)
  } catch (error) {
    if (error instanceof ImageDecodeError) return error
    throw error
  }
  throw new Error('The image decoded; an ImageDecodeError was expected')
}

const values = (data: Float32Array): number[] => Array.from(data)

/** Stored 12-bit signed values, written with garbage in the 4 unused high bits (overlay planes did that). */
const SIGNED_12 = [-2048, -1025, -5, -1, 0, 1, 1023, 2047]
const signed12File = (transferSyntax: string = TRANSFER_SYNTAX.explicitLittle) =>
  pixelDicom({
    transferSyntax,
    rows: 2,
    columns: 4,
    bitsAllocated: 16,
    bitsStored: 12,
    pixelRepresentation: 1,
    pixelData: words16(SIGNED_12.map((v) => (v & 0x0fff) | 0xa000)),
    attributes: {
      '00080060': { vr: 'CS', Value: ['CT'] },
      '00280030': { vr: 'DS', Value: ['0.625', '0.75'] },
      '00281050': { vr: 'DS', Value: ['40', '-600'] },
      '00281051': { vr: 'DS', Value: ['400', '1500'] },
      '00281052': { vr: 'DS', Value: ['-1024.25'] },
      '00281053': { vr: 'DS', Value: ['0.5'] },
    },
  })

test.group('Pixel decoding: uncompressed DICOM', () => {
  test('8-bit unsigned MONOCHROME2: values, geometry and metadata', async ({ assert }) => {
    const pixels = [0, 1, 2, 127, 128, 200, 254, 255, 9, 8, 7, 6]
    const image = await decodeImage(
      pixelDicom({ rows: 3, columns: 4, bitsAllocated: 8, pixelData: Uint8Array.from(pixels) })
    )
    assert.equal(image.format, 'dicom')
    assert.equal(image.width, 4)
    assert.equal(image.height, 3)
    assert.equal(image.samplesPerPixel, 1)
    assert.equal(image.photometric, 'MONOCHROME2')
    assert.deepEqual(values(image.data), pixels)
    assert.deepEqual(image.storedRange, [0, 255])
    assert.equal(image.rescaleSlope, 1)
    assert.equal(image.rescaleIntercept, 0)
    assert.isUndefined(image.windowCenter)
    assert.equal(image.transferSyntaxUid, TRANSFER_SYNTAX.explicitLittle)
  })

  test('16-bit unsigned and signed with all 16 bits stored', async ({ assert }) => {
    const unsigned = [0, 1, 255, 256, 40000, 65535]
    const u = await decodeImage(
      pixelDicom({ rows: 2, columns: 3, bitsAllocated: 16, pixelData: words16(unsigned) })
    )
    assert.deepEqual(values(u.data), unsigned)
    const signed = [-32768, -1, 0, 1, 32767, -12345]
    const s = await decodeImage(
      pixelDicom({
        rows: 2,
        columns: 3,
        bitsAllocated: 16,
        pixelRepresentation: 1,
        pixelData: words16(signed),
      })
    )
    assert.deepEqual(values(s.data), signed)
    assert.deepEqual(s.storedRange, [-32768, 32767])
  })

  test('12-bit signed in 16: masked, sign-extended, and rescaled to exact Hounsfield units', async ({
    assert,
  }) => {
    const image = await decodeImage(signed12File())
    assert.deepEqual(values(image.data), SIGNED_12)
    assert.deepEqual(image.storedRange, [-2048, 2047])
    assert.equal(image.rescaleSlope, 0.5)
    assert.equal(image.rescaleIntercept, -1024.25)
    assert.deepEqual(
      values(modalityValues(image)),
      [-2048.25, -1536.75, -1026.75, -1024.75, -1024.25, -1023.75, -512.75, -0.75]
    )
    // The first of several windows, the modality and the spacing (row, column).
    assert.equal(image.windowCenter, 40)
    assert.equal(image.windowWidth, 400)
    assert.equal(image.modality, 'CT')
    assert.deepEqual(image.pixelSpacing, [0.625, 0.75])
  })

  test('the same file in implicit VR, deflated and big endian decodes to the same values', async ({
    assert,
  }) => {
    for (const ts of [TRANSFER_SYNTAX.implicitLittle, TRANSFER_SYNTAX.deflated]) {
      const image = await decodeImage(signed12File(ts))
      assert.equal(image.transferSyntaxUid, ts)
      assert.deepEqual(values(image.data), SIGNED_12, ts)
      assert.equal(image.rescaleIntercept, -1024.25, ts)
    }
    const bigEndian = new Uint8Array(SIGNED_12.length * 2)
    SIGNED_12.forEach((v, i) => new DataView(bigEndian.buffer).setUint16(2 * i, (v & 0x0fff) | 0xa000, false))
    const image = await decodeImage(
      pixelDicom({
        transferSyntax: TRANSFER_SYNTAX.explicitBig,
        rows: 2,
        columns: 4,
        bitsAllocated: 16,
        bitsStored: 12,
        pixelRepresentation: 1,
        pixelData: bigEndian,
      })
    )
    assert.deepEqual(values(image.data), SIGNED_12)
  })

  test('bits stored below a high bit that is not Bits Stored − 1', async ({ assert }) => {
    // 12 bits stored in bits 4–15; the low 4 bits hold garbage.
    const stored = [0, 1, 2048, 4095]
    const image = await decodeImage(
      pixelDicom({
        rows: 2,
        columns: 2,
        bitsAllocated: 16,
        bitsStored: 12,
        highBit: 15,
        pixelData: words16(stored.map((v) => (v << 4) | 0x5)),
      })
    )
    assert.deepEqual(values(image.data), stored)
  })

  test('32-bit signed and unsigned samples', async ({ assert }) => {
    const signed = [-2147483648, -1, 0, 123456789]
    const s = await decodeImage(
      pixelDicom({
        rows: 2,
        columns: 2,
        bitsAllocated: 32,
        pixelRepresentation: 1,
        pixelData: words32(signed),
      })
    )
    assert.deepEqual(values(s.data), signed.map(Math.fround))
    const unsigned = [0, 4294967295, 70000, 65536]
    const u = await decodeImage(
      pixelDicom({ rows: 2, columns: 2, bitsAllocated: 32, pixelData: words32(unsigned) })
    )
    assert.deepEqual(values(u.data), unsigned.map(Math.fround))
  })

  test('MONOCHROME1 is reported as such (inverted by preprocessing, not here)', async ({ assert }) => {
    const image = await decodeImage(
      pixelDicom({
        rows: 1,
        columns: 3,
        bitsAllocated: 8,
        photometric: 'MONOCHROME1',
        pixelData: Uint8Array.from([0, 100, 255]),
      })
    )
    assert.equal(image.photometric, 'MONOCHROME1')
    assert.deepEqual(values(image.data), [0, 100, 255])
  })

  test('RGB with planar configuration 0 and 1 decodes to the same interleaved pixels', async ({ assert }) => {
    const rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]
    const interleaved = await decodeImage(
      pixelDicom({
        rows: 2,
        columns: 2,
        bitsAllocated: 8,
        samplesPerPixel: 3,
        photometric: 'RGB',
        planarConfiguration: 0,
        pixelData: Uint8Array.from(rgb),
      })
    )
    const planes = [0, 1, 2].flatMap((c) => [0, 1, 2, 3].map((p) => rgb[p * 3 + c]!))
    const planar = await decodeImage(
      pixelDicom({
        rows: 2,
        columns: 2,
        bitsAllocated: 8,
        samplesPerPixel: 3,
        photometric: 'RGB',
        planarConfiguration: 1,
        pixelData: Uint8Array.from(planes),
      })
    )
    for (const image of [interleaved, planar]) {
      assert.equal(image.samplesPerPixel, 3)
      assert.equal(image.photometric, 'RGB')
      assert.deepEqual(values(image.data), rgb)
    }
  })

  test('YBR_FULL is converted to RGB', async ({ assert }) => {
    const image = await decodeImage(
      pixelDicom({
        rows: 1,
        columns: 2,
        bitsAllocated: 8,
        samplesPerPixel: 3,
        photometric: 'YBR_FULL',
        pixelData: Uint8Array.from([128, 128, 128, 76, 85, 255]),
      })
    )
    assert.equal(image.photometric, 'RGB')
    const [r, g, b] = [76 + 1.402 * 127, 76 - 0.344136 * -43 - 0.714136 * 127, 0]
    assert.deepEqual(values(image.data), [128, 128, 128, r, g, b].map(Math.fround))
  })

  test('multi-frame: the middle frame by default, or the one asked for, or all', async ({ assert }) => {
    const frame = (f: number) => [0, 1, 2, 3].map((i) => 10 * (f + 1) + i)
    const file = pixelDicom({
      rows: 2,
      columns: 2,
      bitsAllocated: 8,
      frames: 3,
      pixelData: Uint8Array.from([...frame(0), ...frame(1), ...frame(2)]),
    })
    const middle = await decodeImage(file)
    assert.equal(middle.frameCount, 3)
    assert.equal(middle.frames, 1)
    assert.equal(middle.firstFrame, 1)
    assert.deepEqual(values(middle.data), frame(1))
    assert.deepEqual(values((await decodeImage(file, { frame: 'first' })).data), frame(0))
    assert.deepEqual(values((await decodeImage(file, { frame: 2 })).data), frame(2))
    const all = await decodeImage(file, { frame: 'all' })
    assert.equal(all.frames, 3)
    assert.deepEqual(values(all.data), [...frame(0), ...frame(1), ...frame(2)])
    assert.equal((await decodeError(file, { frame: 3 })).code, 'frame_out_of_range')
    assert.equal((await decodeError(file, { frame: -1 })).code, 'frame_out_of_range')
  })

  test('enhanced multi-frame: rescale per frame and window/spacing from the shared functional groups', async ({
    assert,
  }) => {
    const transform = (intercept: string) => ({
      '00289145': {
        vr: 'SQ',
        Value: [{ '00281052': { vr: 'DS', Value: [intercept] }, '00281053': { vr: 'DS', Value: ['2'] } }],
      },
    })
    const file = pixelDicom({
      rows: 1,
      columns: 2,
      bitsAllocated: 16,
      frames: 2,
      pixelData: words16([1, 2, 3, 4]),
      attributes: {
        '52009229': {
          vr: 'SQ',
          Value: [
            {
              '00289110': { vr: 'SQ', Value: [{ '00280030': { vr: 'DS', Value: ['0.5', '0.25'] } }] },
              '00289132': {
                vr: 'SQ',
                Value: [
                  {
                    '00281050': { vr: 'DS', Value: ['300'] },
                    '00281051': { vr: 'DS', Value: ['1000'] },
                    '00281056': { vr: 'CS', Value: ['SIGMOID'] },
                  },
                ],
              },
            },
          ],
        },
        '52009230': { vr: 'SQ', Value: [transform('-1000'), transform('-2000')] },
      },
    })
    const second = await decodeImage(file)
    assert.equal(second.firstFrame, 1)
    assert.deepEqual(values(modalityValues(second)), [3 * 2 - 2000, 4 * 2 - 2000])
    assert.equal(second.windowCenter, 300)
    assert.equal(second.windowWidth, 1000)
    assert.equal(second.voiLutFunction, 'SIGMOID')
    assert.deepEqual(second.pixelSpacing, [0.5, 0.25])
    const first = await decodeImage(file, { frame: 0 })
    assert.deepEqual(values(modalityValues(first)), [1 * 2 - 1000, 2 * 2 - 1000])
  })
})

/** A grey 8-bit test image with long runs (left) and incompressible noise (right). */
function grey8(width: number, height: number): number[] {
  return Array.from({ length: width * height }, (_, i) => {
    const x = i % width
    const y = Math.floor(i / width)
    return x < width / 3 ? 7 : x < width / 2 ? y * 5 : (x * 37 + y * 11 + ((x * y) % 13)) & 0xff
  })
}

function rleFile(
  frames: Uint8Array[],
  o: Omit<PixelDicomOptions, 'pixelData' | 'transferSyntax'>,
  encapsulation: Parameters<typeof encapsulatedPixelData>[1] = {}
): Uint8Array {
  return pixelDicom({
    ...o,
    transferSyntax: TRANSFER_SYNTAX.rle,
    pixelData: { element: encapsulatedPixelData(frames, encapsulation) },
  })
}

test.group('Pixel decoding: RLE Lossless', () => {
  test('8-bit grey round trip, with segments packed whole or row by row', async ({ assert }) => {
    const pixels = grey8(40, 9)
    for (const rowLength of [undefined, 40]) {
      const frame = rleEncodeFrame(pixels, { samples: 1, bytesPerSample: 1, rowLength })
      const image = await decodeImage(rleFile([frame], { rows: 9, columns: 40, bitsAllocated: 8 }))
      assert.equal(image.transferSyntaxUid, TRANSFER_SYNTAX.rle)
      assert.deepEqual(values(image.data), pixels)
    }
  })

  test('16-bit signed round trip keeps negative values (two segments, high byte first)', async ({
    assert,
  }) => {
    const int16 = (v: number) => ((v & 0xffff) << 16) >> 16
    const pixels = grey8(30, 6).map((v, i) =>
      int16((i % 3 === 0 ? -v * 97 : v * 101) - (i % 7 === 0 ? 32768 : 0))
    )
    assert.isTrue(pixels.some((v) => v < -20000) && pixels.some((v) => v > 20000))
    const frame = rleEncodeFrame(pixels, { samples: 1, bytesPerSample: 2 })
    const image = await decodeImage(
      rleFile([frame], { rows: 6, columns: 30, bitsAllocated: 16, pixelRepresentation: 1 })
    )
    assert.deepEqual(values(image.data), pixels)
  })

  test('RGB round trip, 8-bit (3 segments) and 16-bit (6 segments)', async ({ assert }) => {
    const grey = grey8(12, 5)
    const rgb8 = grey.flatMap((v, i) => [v, 255 - v, (i * 3) & 0xff])
    const image8 = await decodeImage(
      rleFile([rleEncodeFrame(rgb8, { samples: 3, bytesPerSample: 1 })], {
        rows: 5,
        columns: 12,
        bitsAllocated: 8,
        samplesPerPixel: 3,
        photometric: 'RGB',
      })
    )
    assert.deepEqual(values(image8.data), rgb8)
    // RLE segments are colour-by-plane whatever Planar Configuration says; a file saying 1 decodes the same.
    const planarOne = await decodeImage(
      rleFile([rleEncodeFrame(rgb8, { samples: 3, bytesPerSample: 1 })], {
        rows: 5,
        columns: 12,
        bitsAllocated: 8,
        samplesPerPixel: 3,
        photometric: 'RGB',
        planarConfiguration: 1,
      })
    )
    assert.deepEqual(values(planarOne.data), rgb8)
    const rgb16 = grey.flatMap((v, i) => [v * 257, 65535 - v * 3, i * 1000])
    const image16 = await decodeImage(
      rleFile([rleEncodeFrame(rgb16, { samples: 3, bytesPerSample: 2 })], {
        rows: 5,
        columns: 12,
        bitsAllocated: 16,
        samplesPerPixel: 3,
        photometric: 'RGB',
      })
    )
    assert.deepEqual(values(image16.data), rgb16)
  })

  test('multi-frame: only the chosen frame is decompressed', async ({ assert }) => {
    const pixels = grey8(8, 8)
    const good = rleEncodeFrame(pixels, { samples: 1, bytesPerSample: 1 })
    const garbage = Uint8Array.from([1, 2, 3, 4, 5, 6])
    const file = rleFile([garbage, good, garbage], { rows: 8, columns: 8, bitsAllocated: 8, frames: 3 })
    const image = await decodeImage(file)
    assert.equal(image.firstFrame, 1)
    assert.deepEqual(values(image.data), pixels)
    assert.equal((await decodeError(file, { frame: 0 })).code, 'truncated_pixel_data')
  })

  test('frames split over several fragments are found through the Basic Offset Table', async ({ assert }) => {
    const a = grey8(10, 10)
    const b = a.map((v) => 255 - v)
    const frames = [a, b].map((p) => rleEncodeFrame(p, { samples: 1, bytesPerSample: 1 }))
    const split = frames.map((f) => [f.subarray(0, 40), f.subarray(40)])
    const file = rleFile(
      frames,
      { rows: 10, columns: 10, bitsAllocated: 8, frames: 2 },
      {
        offsetTable: true,
        fragments: split,
      }
    )
    assert.deepEqual(values((await decodeImage(file, { frame: 0 })).data), a)
    assert.deepEqual(values((await decodeImage(file, { frame: 1 })).data), b)
  })

  test('a segment cut short is truncated pixel data; a wrong segment count is corrupt', async ({
    assert,
  }) => {
    const pixels = grey8(30, 10)
    const frame = rleEncodeFrame(pixels, { samples: 1, bytesPerSample: 1 })
    const cut = await decodeError(
      rleFile([frame.subarray(0, frame.length - 30)], { rows: 10, columns: 30, bitsAllocated: 8 })
    )
    assert.equal(cut.code, 'truncated_pixel_data')
    assert.match(cut.message, /segment 0 decodes to \d+ bytes; 300 are needed/)

    const wrongCount = frame.slice()
    new DataView(wrongCount.buffer).setUint32(0, 2, true)
    const corrupt = await decodeError(rleFile([wrongCount], { rows: 10, columns: 30, bitsAllocated: 8 }))
    assert.equal(corrupt.code, 'corrupt_image')
    assert.include(corrupt.message, '2 segments')
  })

  test('fewer fragments than frames is truncated pixel data', async ({ assert }) => {
    const frame = rleEncodeFrame(grey8(4, 4), { samples: 1, bytesPerSample: 1 })
    const error = await decodeError(
      rleFile([frame, frame], { rows: 4, columns: 4, bitsAllocated: 8, frames: 3 })
    )
    assert.equal(error.code, 'truncated_pixel_data')
  })

  test('encapsulated uncompressed frames are read as they are', async ({ assert }) => {
    const f0 = [-3, 500, -700, 9]
    const f1 = [1, 2, 3, -4]
    const file = pixelDicom({
      transferSyntax: TRANSFER_SYNTAX.encapsulatedUncompressed,
      rows: 2,
      columns: 2,
      bitsAllocated: 16,
      pixelRepresentation: 1,
      frames: 2,
      pixelData: { element: encapsulatedPixelData([words16(f0), words16(f1)]) },
    })
    assert.deepEqual(values((await decodeImage(file, { frame: 1 })).data), f1)
    assert.deepEqual(values((await decodeImage(file, { frame: 0 })).data), f0)
  })
})

test.group('Pixel decoding: refusals and limits', () => {
  test('JPEG and JPEG 2000 transfer syntaxes are refused by name', async ({ assert }) => {
    for (const [uid, name] of [
      [TRANSFER_SYNTAX.jpegBaseline, 'JPEG Baseline (Process 1)'],
      [TRANSFER_SYNTAX.jpeg2000, 'JPEG 2000 Image Compression'],
    ] as const) {
      const file = pixelDicom({
        transferSyntax: uid,
        rows: 8,
        columns: 8,
        bitsAllocated: 8,
        pixelData: { element: encapsulatedPixelData([Uint8Array.from([0xff, 0xd8, 0xff, 0xd9])]) },
      })
      const error = await decodeError(file)
      assert.equal(error.code, 'unsupported_transfer_syntax')
      assert.include(error.message, name)
      assert.include(error.message, uid)
      assert.deepEqual(error.transferSyntax, { uid, name })
    }
  })

  test('pixel data shorter than the header declares is refused as truncated', async ({ assert }) => {
    const short = await decodeError(
      pixelDicom({ rows: 8, columns: 8, bitsAllocated: 16, pixelData: new Uint8Array(100) })
    )
    assert.equal(short.code, 'truncated_pixel_data')
    assert.include(short.message, 'holds 100 bytes')
    assert.include(short.message, 'need 128')

    const missingFrame = await decodeError(
      pixelDicom({ rows: 2, columns: 2, bitsAllocated: 8, frames: 3, pixelData: new Uint8Array(8) }),
      { frame: 0 }
    )
    assert.equal(missingFrame.code, 'truncated_pixel_data')

    const full = pixelDicom({ rows: 8, columns: 8, bitsAllocated: 16, pixelData: new Uint8Array(128) })
    assert.equal((await decodeError(full.subarray(0, full.length - 7))).code, 'truncated_pixel_data')
  })

  test('dimensions × frames beyond the limits are refused before any allocation', async ({ assert }) => {
    const bomb = pixelDicom({
      rows: 65535,
      columns: 65535,
      bitsAllocated: 16,
      frames: 1000,
      pixelData: new Uint8Array(16),
    })
    // 65535² × 1000 × 2 bytes is 8.6 TB: any allocation would throw a RangeError, not an ImageDecodeError.
    assert.equal((await decodeError(bomb)).code, 'too_large')
    // With the data-size limit out of the way, the per-frame pixel limit, then the decoded-size limit, hold.
    const perFrame = await decodeError(bomb, { maxPixelDataBytes: 2 ** 52 })
    assert.equal(perFrame.code, 'too_large')
    assert.include(perFrame.message, '65535 × 65535 pixels per frame')
    const decoded = await decodeError(bomb, { maxPixelDataBytes: 2 ** 52, maxPixels: 2 ** 40 })
    assert.equal(decoded.code, 'too_large')
    assert.include(decoded.message, 'bytes of decoded pixels')

    const rle = rleFile([rleEncodeFrame([1, 2, 3, 4], { samples: 1, bytesPerSample: 1 })], {
      rows: 30000,
      columns: 30000,
      bitsAllocated: 8,
    })
    assert.equal((await decodeError(rle)).code, 'too_large')

    const small = pixelDicom({ rows: 16, columns: 16, bitsAllocated: 8, pixelData: new Uint8Array(256) })
    assert.equal((await decodeError(small, { maxPixels: 255 })).code, 'too_large')
    assert.equal((await decodeImage(small, { maxPixels: 256 })).width, 16)
  })

  test('unsupported photometric interpretations and bit depths are refused clearly', async ({ assert }) => {
    const palette = await decodeError(
      pixelDicom({
        rows: 2,
        columns: 2,
        bitsAllocated: 8,
        photometric: 'PALETTE COLOR',
        pixelData: new Uint8Array(4),
      })
    )
    assert.equal(palette.code, 'unsupported_photometric')
    assert.include(palette.message, 'PALETTE COLOR')
    const bits = await decodeError(
      pixelDicom({ rows: 8, columns: 8, bitsAllocated: 1, pixelData: new Uint8Array(8) })
    )
    assert.equal(bits.code, 'unsupported_pixel_format')
    assert.include(bits.message, 'Bits Allocated 1')
  })

  test('a DICOM without pixel data, arbitrary bytes and an empty file are not images', async ({ assert }) => {
    const { syntheticDicom } = await import('#tests/support/dicom')
    const withPixels = syntheticDicom()
    // Cut the file just before its Pixel Data element (the last one, 64 × 2 bytes plus a 12-byte header).
    const withoutPixels = withPixels.subarray(0, withPixels.length - 128 - 12)
    const noPixels = await decodeError(withoutPixels)
    assert.equal(noPixels.code, 'not_an_image')
    assert.include(noPixels.message, 'no Pixel Data')
    assert.equal((await decodeError(new TextEncoder().encode('%PDF-1.7 hello'))).code, 'not_an_image')
    assert.equal((await decodeError(new Uint8Array(0))).code, 'not_an_image')
  })
})

function pngOf(data: number[] | Buffer, width: number, height: number, options: object): Uint8Array {
  const image = { width, height, data: Buffer.isBuffer(data) ? data : Buffer.from(data) } as unknown as PNG
  return PNG.sync.write(image, options)
}

test.group('Pixel decoding: PNG and JPEG', () => {
  test('8-bit grey, RGB and RGBA PNGs', async ({ assert }) => {
    const grey = [0, 50, 100, 150, 200, 255]
    const g = await decodeImage(pngOf(grey, 3, 2, { colorType: 0, inputColorType: 0, inputHasAlpha: false }))
    assert.equal(g.format, 'png')
    assert.equal(g.samplesPerPixel, 1)
    assert.equal(g.photometric, 'MONOCHROME2')
    assert.deepEqual([g.width, g.height], [3, 2])
    assert.deepEqual(values(g.data), grey)
    assert.deepEqual(g.storedRange, [0, 255])
    const png = pngOf(grey, 3, 2, { colorType: 0, inputColorType: 0, inputHasAlpha: false })
    assert.equal((await decodeError(png, { frame: 1 })).code, 'frame_out_of_range')

    const rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 1, 2, 3]
    const c = await decodeImage(pngOf(rgb, 2, 2, { colorType: 2, inputColorType: 2, inputHasAlpha: false }))
    assert.equal(c.samplesPerPixel, 3)
    assert.equal(c.photometric, 'RGB')
    assert.deepEqual(values(c.data), rgb)

    const rgba = [10, 20, 30, 255, 40, 50, 60, 128, 70, 80, 90, 0, 100, 110, 120, 1]
    const a = await decodeImage(pngOf(rgba, 2, 2, { colorType: 6 }))
    assert.deepEqual(values(a.data), [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120])
  })

  test('16-bit grey PNG keeps its 16-bit values', async ({ assert }) => {
    const grey = [0, 1, 1000, 40000, 65535, 256]
    const words = Buffer.from(new Uint16Array(grey).buffer)
    const image = await decodeImage(
      pngOf(words, 3, 2, { colorType: 0, inputColorType: 0, bitDepth: 16, inputHasAlpha: false })
    )
    assert.deepEqual(values(image.data), grey)
    assert.deepEqual(image.storedRange, [0, 65535])
  })

  test('a PNG declaring huge dimensions is refused from its header', async ({ assert }) => {
    const ihdr = Buffer.alloc(13)
    ihdr.writeUInt32BE(100_000, 0)
    ihdr.writeUInt32BE(100_000, 4)
    ihdr.set([8, 0, 0, 0, 0], 8)
    const bomb = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', ihdr),
      pngChunk('IDAT', deflateSync(Buffer.alloc(1000))),
      pngChunk('IEND', Buffer.alloc(0)),
    ])
    const error = await decodeError(bomb)
    assert.equal(error.code, 'too_large')
    assert.include(error.message, '100000 × 100000')
  })

  test('an interlaced PNG whose image data inflates far beyond its size is refused', async ({ assert }) => {
    const ihdr = Buffer.alloc(13)
    ihdr.writeUInt32BE(4, 0)
    ihdr.writeUInt32BE(4, 4)
    ihdr.set([8, 0, 0, 0, 1], 8)
    const bomb = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', ihdr),
      pngChunk('IDAT', deflateSync(Buffer.alloc(64 * 1024 * 1024))),
      pngChunk('IEND', Buffer.alloc(0)),
    ])
    assert.equal((await decodeError(bomb)).code, 'too_large')
  })

  test('a PNG with a damaged chunk is corrupt', async ({ assert }) => {
    const bytes = Uint8Array.from(
      pngOf([1, 2, 3, 4], 2, 2, { colorType: 0, inputColorType: 0, inputHasAlpha: false })
    )
    bytes[bytes.length - 20]! ^= 0xff // inside IDAT: its CRC no longer matches
    assert.equal((await decodeError(bytes)).code, 'corrupt_image')
  })

  test('a JPEG decodes to RGB close to what was encoded', async ({ assert }) => {
    const colours = [
      [200, 30, 30],
      [30, 200, 30],
      [30, 30, 200],
      [128, 128, 128],
    ]
    const size = 32
    const rgba = Buffer.alloc(size * size * 4)
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const colour = colours[(y < size / 2 ? 0 : 2) + (x < size / 2 ? 0 : 1)]!
        rgba.set([...colour, 255], (y * size + x) * 4)
      }
    }
    const image = await decodeImage(encodeJpeg({ width: size, height: size, data: rgba }, 95).data)
    assert.equal(image.format, 'jpeg')
    assert.equal(image.samplesPerPixel, 3)
    assert.deepEqual([image.width, image.height], [size, size])
    for (const [qx, qy, colour] of [
      [8, 8, colours[0]],
      [24, 8, colours[1]],
      [8, 24, colours[2]],
      [24, 24, colours[3]],
    ] as const) {
      const at = (qy * size + qx) * 3
      for (let c = 0; c < 3; c++) assert.closeTo(image.data[at + c]!, colour![c]!, 4)
    }
  })

  test('JPEG: huge declared size, 12-bit, lossless and truncated files are refused', async ({ assert }) => {
    const encoded = Uint8Array.from(
      encodeJpeg({ width: 16, height: 16, data: Buffer.alloc(16 * 16 * 4, 90) }, 90).data
    )
    const sof = encoded.findIndex((b, i) => b === 0xff && encoded[i + 1] === 0xc0)
    assert.isAbove(sof, 0)

    const huge = encoded.slice()
    huge.set([0xea, 0x60, 0xea, 0x60], sof + 5) // 60000 × 60000
    const tooLarge = await decodeError(huge)
    assert.equal(tooLarge.code, 'too_large')
    assert.include(tooLarge.message, '60000 × 60000')

    const twelveBit = encoded.slice()
    twelveBit[sof + 4] = 12
    assert.equal((await decodeError(twelveBit)).code, 'unsupported_pixel_format')

    const lossless = encoded.slice()
    lossless[sof + 1] = 0xc3
    const losslessError = await decodeError(lossless)
    assert.equal(losslessError.code, 'unsupported_pixel_format')
    assert.include(losslessError.message, 'lossless')

    assert.equal((await decodeError(encoded.subarray(0, encoded.length / 2))).code, 'corrupt_image')
  })
})
