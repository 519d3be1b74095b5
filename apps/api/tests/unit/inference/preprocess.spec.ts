import { test } from '@japa/runner'
import { PNG } from 'pngjs'
import { decodeImage, type DecodedImage } from '#inference/pixels'
import {
  decodeMaskPng,
  encodeMaskPng,
  maskToSource,
  toModelInput,
  type PreprocessingOptions,
} from '#inference/preprocess'
import { TRANSFER_SYNTAX, pixelDicom, words16 } from '#tests/support/rle'

function image(
  width: number,
  height: number,
  data: ArrayLike<number>,
  extra: Partial<DecodedImage> = {}
): DecodedImage {
  const samples = extra.samplesPerPixel ?? 1
  return {
    format: 'dicom',
    width,
    height,
    frames: 1,
    frameCount: 1,
    firstFrame: 0,
    samplesPerPixel: samples,
    data: Float32Array.from(data),
    rescaleSlope: 1,
    rescaleIntercept: 0,
    voiLutFunction: 'LINEAR',
    photometric: samples === 3 ? 'RGB' : 'MONOCHROME2',
    storedRange: [0, 65535],
    ...extra,
  }
}

/** Options that leave values as windowed: no normalisation. */
function options(
  window: PreprocessingOptions['window'],
  extra: Partial<PreprocessingOptions> = {}
): PreprocessingOptions {
  return { rescale: 'modality', window, normalize: { mean: 0, std: 1 }, resize: 'bilinear', ...extra }
}

/** Same-size preprocessing of a 1-row image: only the per-value steps act. */
function perValue(img: DecodedImage, opts: PreprocessingOptions, channels = 1): number[] {
  return Array.from(toModelInput(img, opts, [1, channels, img.height, img.width]).tensor)
}

function assertClose(
  assert: { closeTo: (a: number, b: number, d: number, m?: string) => void },
  actual: ArrayLike<number>,
  expected: readonly number[],
  delta = 1e-6
): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`)
  for (let i = 0; i < expected.length; i++) assert.closeTo(actual[i]!, expected[i]!, delta, `index ${i}`)
}

test.group('Preprocessing: rescale and windowing', () => {
  test('linear window (PS3.3 C.11.2.1.2): centre ± width/2 map to 0 and 1, beyond is clamped', ({
    assert,
  }) => {
    const [c, w] = [100, 50]
    const input = [c - w / 2 - 10, c - w / 2, c - w / 2 + 1, c, c + w / 2 - 1, c + w / 2, c + w / 2 + 100]
    const out = perValue(image(7, 1, input), options({ mode: 'fixed', center: c, width: w }))
    const formula = (x: number) => (x - (c - 0.5)) / (w - 1) + 0.5
    assert.equal(out[0], 0)
    assert.equal(out[1], 0)
    assertClose(assert, out.slice(2, 5), [formula(76), formula(100), formula(124)])
    assert.equal(out[5], 1)
    assert.equal(out[6], 1)
  })

  test('a window of width 1 is a threshold at centre − 0.5', ({ assert }) => {
    const out = perValue(image(4, 1, [9, 9.5, 9.6, 10]), options({ mode: 'fixed', center: 10, width: 1 }))
    assert.deepEqual(out, [0, 0, 1, 1])
  })

  test("'dicom' uses the file's window and VOI LUT function, in modality units", ({ assert }) => {
    // Stored 0…4 with slope 10, intercept −20: modality values −20, −10, 0, 10, 20.
    const stored = [0, 1, 2, 3, 4]
    const ct = (extra: Partial<DecodedImage>) =>
      image(5, 1, stored, {
        rescaleSlope: 10,
        rescaleIntercept: -20,
        windowCenter: 0,
        windowWidth: 20,
        ...extra,
      })
    const linear = perValue(ct({}), options({ mode: 'dicom' }))
    const f = (x: number) => Math.min(1, Math.max(0, (x + 0.5) / 19 + 0.5))
    assertClose(
      assert,
      linear,
      [-20, -10, 0, 10, 20].map((x) => (x <= -10 ? 0 : x > 9.5 ? 1 : f(x)))
    )
    assert.equal(linear[1], 0)
    assert.equal(linear[3], 1)
    // The window refers to modality values, so it still applies to rescaled values with rescale 'none'.
    assert.deepEqual(perValue(ct({}), options({ mode: 'dicom' }, { rescale: 'none' })), linear)

    const exact = perValue(ct({ voiLutFunction: 'LINEAR_EXACT' }), options({ mode: 'dicom' }))
    assertClose(assert, exact, [0, 0, 0.5, 1, 1])
    const sigmoid = perValue(ct({ voiLutFunction: 'SIGMOID' }), options({ mode: 'dicom' }))
    assertClose(
      assert,
      sigmoid,
      [-20, -10, 0, 10, 20].map((x) => 1 / (1 + Math.exp((-4 * x) / 20)))
    )
  })

  test("'dicom' without a window in the file falls back to the frame's min–max", ({ assert }) => {
    const out = perValue(image(4, 1, [10, 20, 30, 50]), options({ mode: 'dicom' }))
    assertClose(assert, out, [0, 0.25, 0.5, 1])
    assert.equal(out[0], 0)
    assert.equal(out[3], 1)
  })

  test('min–max follows the rescale, including a negative slope; a constant frame is all 0', ({ assert }) => {
    const out = perValue(image(3, 1, [0, 10, 20], { rescaleSlope: -1 }), options({ mode: 'minmax' }))
    assertClose(assert, out, [1, 0.5, 0])
    assert.deepEqual(perValue(image(3, 1, [7, 7, 7]), options({ mode: 'minmax' })), [0, 0, 0])
  })

  test('MONOCHROME1 is inverted so that bright means dense, as in MONOCHROME2', ({ assert }) => {
    const stored = [0, 25, 100]
    const mono2 = perValue(image(3, 1, stored), options({ mode: 'minmax' }))
    const mono1 = perValue(image(3, 1, stored, { photometric: 'MONOCHROME1' }), options({ mode: 'minmax' }))
    assertClose(assert, mono2, [0, 0.25, 1])
    assertClose(assert, mono1, [1, 0.75, 0])
    const fixed = perValue(
      image(3, 1, stored, { photometric: 'MONOCHROME1' }),
      options({ mode: 'fixed', center: 50, width: 51 })
    )
    assertClose(assert, fixed, [1, 1 - ((25 - 49.5) / 50 + 0.5), 0])
  })

  test('12-bit signed CT with slope 0.5 and intercept −1024.25: windowed in exact Hounsfield units', async ({
    assert,
  }) => {
    const stored = [-2048, -1025, -5, -1, 0, 1, 1023, 2047]
    const decoded = await decodeImage(
      pixelDicom({
        transferSyntax: TRANSFER_SYNTAX.implicitLittle,
        rows: 2,
        columns: 4,
        bitsAllocated: 16,
        bitsStored: 12,
        pixelRepresentation: 1,
        pixelData: words16(stored.map((v) => (v & 0x0fff) | 0xf000)),
        attributes: {
          '00281052': { vr: 'DS', Value: ['-1024.25'] },
          '00281053': { vr: 'DS', Value: ['0.5'] },
        },
      })
    )
    const hu = stored.map((v) => v * 0.5 - 1024.25)
    assert.deepEqual(hu, [-2048.25, -1536.75, -1026.75, -1024.75, -1024.25, -1023.75, -512.75, -0.75])
    // Window centre −1024, width 1024: 0 at or below −1536, 1 above −513.
    const window = (x: number) => (x <= -1536 ? 0 : x > -513 ? 1 : (x + 1024.5) / 1023 + 0.5)
    const opts = options({ mode: 'fixed', center: -1024, width: 1024 }, { resize: 'nearest' })
    const { tensor } = toModelInput(decoded, opts, [1, 1, 2, 4])
    assertClose(assert, tensor, hu.map(window))
    assert.deepEqual([tensor[0], tensor[1], tensor[6], tensor[7]], [0, 0, 1, 1])
    // Without the rescale the same window reads stored values: a different picture.
    const raw = toModelInput(decoded, { ...opts, rescale: 'none' }, [1, 1, 2, 4]).tensor
    assertClose(assert, raw, stored.map(window))
  })
})

test.group('Preprocessing: channels, normalisation, layout', () => {
  test('RGB becomes Rec. 601 luma for a one-channel model', ({ assert }) => {
    const rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]
    const out = perValue(image(4, 1, rgb, { samplesPerPixel: 3 }), options({ mode: 'minmax' }))
    assertClose(assert, out, [0.299, 0.587, 0.114, 1])
  })

  test('grey is replicated into three channels; colour stays in NCHW plane order', ({ assert }) => {
    const grey = toModelInput(image(2, 1, [0, 100]), options({ mode: 'minmax' }), [1, 3, 1, 2]).tensor
    assert.deepEqual(Array.from(grey), [0, 1, 0, 1, 0, 1])
    const rgb = [255, 0, 51, 0, 255, 102]
    const colour = toModelInput(
      image(2, 1, rgb, { samplesPerPixel: 3 }),
      options({ mode: 'minmax' }),
      [1, 3, 1, 2]
    )
    assertClose(assert, colour.tensor, [1, 0, 0, 1, 0.2, 0.4])
  })

  test('normalisation (x − mean) / std, with one value or one per channel', ({ assert }) => {
    const img = image(3, 1, [0, 50, 100])
    const single = perValue(img, options({ mode: 'minmax' }, { normalize: { mean: 0.5, std: 0.25 } }))
    assertClose(assert, single, [-2, 0, 2])
    const imagenet = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }
    const perChannel = toModelInput(
      img,
      options({ mode: 'minmax' }, { normalize: imagenet }),
      [1, 3, 1, 3]
    ).tensor
    const expected = [0, 1, 2].flatMap((c) =>
      [0, 0.5, 1].map((y) => (y - imagenet.mean[c]!) / imagenet.std[c]!)
    )
    assertClose(assert, perChannel, expected, 1e-5)
  })

  test('nonsensical shapes and options are refused', ({ assert }) => {
    const img = image(2, 2, [0, 1, 2, 3])
    assert.throws(() => toModelInput(img, options({ mode: 'minmax' }), [1, 2, 4, 4]), RangeError)
    assert.throws(() => toModelInput(img, options({ mode: 'minmax' }), [2, 1, 4, 4]), RangeError)
    assert.throws(() => toModelInput(img, options({ mode: 'minmax' }), [1, 1, 0, 4]), RangeError)
    assert.throws(
      () => toModelInput(img, options({ mode: 'minmax' }, { normalize: { mean: 0, std: 0 } }), [1, 1, 4, 4]),
      RangeError
    )
    assert.throws(() => toModelInput(img, options({ mode: 'fixed', center: 40 }), [1, 1, 4, 4]), RangeError)
    assert.throws(() => toModelInput(img, options({ mode: 'minmax' }), [1, 1, 4, 4], 1), RangeError)
  })
})

/** A 512 × 512 image from f(x, y). */
function pattern(size: number, f: (x: number, y: number) => number): DecodedImage {
  const data = new Float32Array(size * size)
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data[y * size + x] = f(x, y)
  return image(size, size, data)
}

test.group('Preprocessing: resampling', () => {
  test('512² gradient to 256²: centre-aligned bilinear, with and without antialiasing', ({ assert }) => {
    const gradient = pattern(512, (x) => x)
    const at = (t: Float32Array, x: number, y: number) => t[y * 256 + x]!
    const plain = toModelInput(
      gradient,
      options({ mode: 'minmax' }, { antialias: false }),
      [1, 1, 256, 256]
    ).tensor
    const smooth = toModelInput(gradient, options({ mode: 'minmax' }), [1, 1, 256, 256]).tensor
    for (const y of [0, 100, 255]) {
      for (const x of [1, 2, 77, 128, 254]) {
        // Output pixel x is centred on source coordinate 2x + 1, between pixels 2x and 2x + 1.
        assert.closeTo(at(plain, x, y), (2 * x + 0.5) / 511, 1e-6)
        assert.closeTo(at(smooth, x, y), (2 * x + 0.5) / 511, 1e-6)
      }
      assert.closeTo(at(plain, 0, y), 0.5 / 511, 1e-6)
      assert.closeTo(at(plain, 255, y), 510.5 / 511, 1e-6)
      // At the edges the widened triangle (weights ¼ ¾ ¾ ¼) loses its outer tap and is renormalised.
      assert.closeTo(at(smooth, 0, y), (0 * 0.75 + 1 * 0.75 + 2 * 0.25) / 1.75 / 511, 1e-6)
      assert.closeTo(at(smooth, 255, y), (509 * 0.25 + 510 * 0.75 + 511 * 0.75) / 1.75 / 511, 1e-6)
    }
  })

  test('512² checkerboard of 2-pixel squares to 256²: exact without antialiasing, filtered with', ({
    assert,
  }) => {
    const board = pattern(512, (x, y) => ((x >> 1) + (y >> 1)) & 1)
    const plain = toModelInput(
      board,
      options({ mode: 'minmax' }, { antialias: false }),
      [1, 1, 256, 256]
    ).tensor
    const smooth = toModelInput(board, options({ mode: 'minmax' }), [1, 1, 256, 256]).tensor
    // Filtered 1-D square wave: 0.75 at odd outputs, 0.25 at even ones; the board is a XOR b = a + b − 2ab.
    const wave = (i: number) => (i % 2 === 1 ? 0.75 : 0.25)
    for (const y of [1, 2, 3, 100, 201]) {
      for (const x of [1, 2, 3, 50, 199]) {
        assert.equal(plain[y * 256 + x], (x + y) & 1)
        const [a, b] = [wave(x), wave(y)]
        assert.closeTo(smooth[y * 256 + x]!, a + b - 2 * a * b, 1e-6)
      }
    }
  })

  test('upsampling 3 × 3 to 6 × 6 samples at (i + 0.5) / 2 − 0.5, clamped at the edges', ({ assert }) => {
    // A linear function: bilinear interpolation reproduces it at the sampled coordinates.
    const small = image(3, 3, [0, 1, 2, 10, 11, 12, 20, 21, 22])
    const coordinate = (i: number) => Math.min(2, Math.max(0, (i + 0.5) / 2 - 0.5))
    for (const antialias of [true, false]) {
      const out = toModelInput(small, options({ mode: 'minmax' }, { antialias }), [1, 1, 6, 6]).tensor
      const expected = Array.from(
        { length: 36 },
        (_, k) => (10 * coordinate(Math.floor(k / 6)) + coordinate(k % 6)) / 22
      )
      assertClose(assert, out, expected)
    }
  })

  test('nearest picks the source pixel under each output centre', ({ assert }) => {
    const src = pattern(4, (x, y) => y * 4 + x)
    const down = toModelInput(
      src,
      options({ mode: 'fixed', center: 7.5, width: 17 }, { resize: 'nearest' }),
      [1, 1, 2, 2]
    )
    // Centres at 1 and 3 in each direction: pixels 5, 7, 13, 15; the window maps v to (v − 7) / 16 + 0.5.
    assertClose(
      assert,
      down.tensor,
      [5, 7, 13, 15].map((v) => (v - 7) / 16 + 0.5)
    )
    const up = toModelInput(
      image(3, 1, [0, 1, 2]),
      options({ mode: 'minmax' }, { resize: 'nearest' }),
      [1, 1, 1, 6]
    )
    assertClose(assert, up.tensor, [0, 0, 0.5, 0.5, 1, 1])
    assert.equal(up.sourceWidth, 3)
    assert.equal(up.sourceHeight, 1)
  })

  test('a frame far larger than the model input is reduced without aliasing', ({ assert }) => {
    // One bright column in three at 2048 px, reduced 16×: every output should see the mean, 1/3. Plain 2-tap
    // interpolation reads two columns out of sixteen, whose phase drifts: 0, 0.5, 0.5, 0, …
    const stripes = pattern(2048, (x) => (x % 3 === 0 ? 1 : 0))
    const shape = [1, 1, 128, 128] as const
    const smooth = toModelInput(stripes, options({ mode: 'minmax' }), shape).tensor
    for (const x of [0, 1, 2, 3, 64, 126, 127]) assert.closeTo(smooth[50 * 128 + x]!, 1 / 3, 0.03, `x ${x}`)
    const plain = toModelInput(stripes, options({ mode: 'minmax' }, { antialias: false }), shape).tensor
    assert.deepEqual(Array.from(plain.subarray(0, 3)), [0, 0.5, 0.5])
  })
})

test.group('Preprocessing: masks', () => {
  test('maskToSource maps each source pixel to the model pixel under its centre, thresholding strictly', ({
    assert,
  }) => {
    const mask = Float32Array.from([0.2, 0.9, 0.6, 0.5])
    const out = maskToSource(mask, 2, 2, 5, 5, 0.5)
    // Source x → model floor((x + 0.5) × 2 / 5): 0, 0, 1, 1, 1.
    // prettier-ignore
    assert.deepEqual(Array.from(out), [
      0, 0, 1, 1, 1,
      0, 0, 1, 1, 1,
      1, 1, 0, 0, 0,
      1, 1, 0, 0, 0,
      1, 1, 0, 0, 0,
    ])
    const labels = maskToSource(Uint8Array.from([0, 1, 1, 0]), 2, 2, 2, 4, 0)
    assert.deepEqual(Array.from(labels), [0, 1, 0, 1, 1, 0, 1, 0])
    assert.throws(() => maskToSource(new Float32Array(3), 2, 2, 5, 5), RangeError)
  })

  test('a mask survives model-size preprocessing and maskToSource unchanged', ({ assert }) => {
    const [w, h] = [300, 200]
    const source = new Uint8Array(w * h)
    for (let y = 60; y < 120; y++) for (let x = 30; x < 150; x++) source[y * w + x] = 1
    const { tensor } = toModelInput(
      image(w, h, source),
      options({ mode: 'minmax' }, { resize: 'nearest' }),
      [1, 1, 100, 100]
    )
    assert.equal(
      tensor.reduce((n, v) => n + v, 0),
      40 * 30
    )
    const back = maskToSource(tensor, 100, 100, w, h, 0.5)
    assert.deepEqual(back, source)
  })

  test('encodeMaskPng writes a one-channel 8-bit PNG of 0 and 255 that decodes back', ({ assert }) => {
    const [w, h] = [512, 384]
    const mask = new Uint8Array(w * h)
    for (let y = 100; y < 300; y++) for (let x = 50; x < 400; x++) mask[y * w + x] = 1
    const png = encodeMaskPng(mask, w, h)
    assert.deepEqual(Array.from(png.subarray(24, 26)), [8, 0]) // IHDR bit depth 8, colour type 0 (grey)
    assert.isBelow(png.length, 4096)
    const read = PNG.sync.read(Buffer.from(png))
    assert.equal(read.data[(150 * w + 60) * 4], 255)
    assert.equal(read.data[(20 * w + 60) * 4], 0)
    const decoded = decodeMaskPng(png)
    assert.deepEqual([decoded.width, decoded.height], [w, h])
    assert.deepEqual(decoded.mask, mask)
    assert.throws(() => encodeMaskPng(mask, w, h + 1), RangeError)
  })
})
