/**
 * From decoded pixels to a model's input tensor, and from a model's output mask back to the image.
 *
 * Per sample, in this order: modality rescale (stored × slope + intercept), VOI windowing to 0…1 (PS3.3
 * C.11.2.1.2), inversion of MONOCHROME1 so that bright means dense as in MONOCHROME2, colour conversion (RGB to
 * Rec. 601 luma for one-channel models, grey replicated for three-channel ones); then resampling to the model's
 * H × W and normalisation (x − mean) / std, written as NCHW float32.
 *
 * Windowing happens before resampling, as a viewer (or a training pipeline reading windowed images) would.
 * The steps are fused row by row: no full-size intermediate image is allocated, only one transformed source
 * row and, for bilinear, the horizontally resampled rows.
 *
 * Geometry: pixel centres are aligned (a pixel i covers [i, i+1), its centre is i + 0.5; "align_corners =
 * false"). 'nearest' picks the source pixel containing the output pixel's centre; `maskToSource` uses the same
 * rule in the other direction, so a mask drawn on the model grid lands where the model saw the pixels.
 */
import { PNG } from 'pngjs'
import { ImageDecodeError, readPngHeader, type DecodedImage } from '#inference/pixels'

export interface PreprocessingOptions {
  /** 'modality' applies Rescale Slope / Intercept (e.g. to Hounsfield units) before windowing. */
  rescale: 'modality' | 'none'
  /**
   * 'dicom': the file's first window (in modality units, so applied to rescaled values whatever `rescale`
   * says) with its VOI LUT Function; min–max when the file has none (PNG, JPEG, colour, DICOM without one).
   * 'fixed': `center` / `width` (DICOM LINEAR function, in the units `rescale` produces). 'minmax': the
   * frame's own range.
   */
  window: { mode: 'dicom' | 'fixed' | 'minmax'; center?: number; width?: number }
  /** Applied after windowing (values 0…1). One number, or one per output channel. */
  normalize: { mean: number | readonly number[]; std: number | readonly number[] }
  resize: 'bilinear' | 'nearest'
  /**
   * Bilinear only. When shrinking, widen the triangle filter to the scale factor so every source pixel
   * contributes (as PIL and torchvision with antialias=True do); false gives the plain 2×2 interpolation of
   * OpenCV INTER_LINEAR / PyTorch interpolate(align_corners=False). Default true.
   */
  antialias?: boolean
}

/** [batch = 1, channels (1 or 3), height, width]. */
export type ModelInputShape = readonly [number, number, number, number]

export interface ModelInput {
  /** NCHW float32, channels × height × width values. */
  tensor: Float32Array
  sourceWidth: number
  sourceHeight: number
}

/** Largest tensor accepted from a manifest: 64 Mi values (256 MiB), far above any 2D segmentation input. */
const MAX_TENSOR_VALUES = 64 * 1024 * 1024

/**
 * Builds the model input for one frame of `image` (index into the frames held in `image.data`, default 0).
 * Throws RangeError for options or a shape that make no sense (a manifest error, not an image error).
 */
export function toModelInput(
  image: DecodedImage,
  options: PreprocessingOptions,
  shape: ModelInputShape,
  frame = 0
): ModelInput {
  const [batch, channels, outH, outW] = shape
  if (batch !== 1 || (channels !== 1 && channels !== 3)) {
    throw new RangeError(`Model input shape [${shape.join(', ')}] is not [1, 1 or 3, H, W].`)
  }
  if (!positiveInteger(outH) || !positiveInteger(outW) || channels * outH * outW > MAX_TENSOR_VALUES) {
    throw new RangeError(`Model input size ${outW} × ${outH} is not a usable size.`)
  }
  const means = perChannel(options.normalize.mean, channels, 'mean')
  const stds = perChannel(options.normalize.std, channels, 'std')
  if (stds.some((s) => s === 0)) throw new RangeError('normalize.std must not be zero.')

  const { width, height } = image
  const spp = image.samplesPerPixel
  const frameSize = width * height * spp
  if (!Number.isInteger(frame) || frame < 0 || frame >= image.frames) {
    throw new RangeError(`Frame ${frame} is not among the ${image.frames} decoded frames.`)
  }
  if (image.data.length < (frame + 1) * frameSize) {
    throw new RangeError('The decoded image holds fewer values than its dimensions say.')
  }
  const src = image.data.subarray(frame * frameSize, (frame + 1) * frameSize)
  const transfer = transferFor(image, src, options)
  // Working channels: three only when colour stays colour.
  const work: 1 | 3 = spp === 3 && channels === 3 ? 3 : 1
  const tensor = new Float32Array(channels * outH * outW)
  const geometry = { srcW: width, srcH: height, spp, work, outW, outH }
  // Same size: every filter is the identity there, and nearest is the plain copy.
  if (options.resize === 'nearest' || (width === outW && height === outH))
    resampleNearest(src, geometry, transfer, tensor)
  else resampleBilinear(src, geometry, transfer, tensor, options.antialias ?? true)

  // Normalise, replicating plane 0 for grey into three channels; plane 0 last, as the others read it.
  const plane = outH * outW
  for (let c = channels - 1; c >= 0; c--) {
    const from = work === 1 ? 0 : c * plane
    const to = c * plane
    const mean = means[c]!
    const std = stds[c]!
    for (let k = 0; k < plane; k++) tensor[to + k] = (tensor[from + k]! - mean) / std
  }
  return { tensor, sourceWidth: width, sourceHeight: height }
}

/**
 * Modality values of one frame (stored × slope + intercept), e.g. Hounsfield units for CT; for tests, viewers
 * and measurements. Colour and PNG/JPEG images have slope 1 and intercept 0.
 */
export function modalityValues(image: DecodedImage, frame = 0): Float32Array {
  const size = image.width * image.height * image.samplesPerPixel
  const out = image.data.slice(frame * size, (frame + 1) * size)
  const { rescaleSlope: s, rescaleIntercept: i } = image
  if (s !== 1 || i !== 0) for (let k = 0; k < out.length; k++) out[k] = out[k]! * s + i
  return out
}

function positiveInteger(n: number): boolean {
  return Number.isInteger(n) && n > 0
}

function perChannel(value: number | readonly number[], channels: number, name: string): number[] {
  const values = typeof value === 'number' ? new Array<number>(channels).fill(value) : [...value]
  if (values.length !== channels || !values.every(Number.isFinite)) {
    throw new RangeError(`normalize.${name} must be a finite number or ${channels} of them.`)
  }
  return values
}

// ---------------------------------------------------------------------------------------------------------
// Windowing

/**
 * Stored value → 0…1. t = stored × slope + intercept; linear windows are y = (t − origin) / scale with
 * explicit edges (t ≤ lo → 0, t > hi → 1) so values at the window's edges come out exactly 0 and 1, as in the
 * PS3.3 pseudo-code; the sigmoid has no edges.
 */
interface Transfer {
  slope: number
  intercept: number
  sigmoid: boolean
  lo: number
  hi: number
  origin: number
  scale: number
  /** For the sigmoid: centre and width. */
  center: number
  width: number
  invert: boolean
}

function transferFor(image: DecodedImage, src: Float32Array, options: PreprocessingOptions): Transfer {
  const { mode } = options.window
  let slope = options.rescale === 'modality' ? image.rescaleSlope : 1
  let intercept = options.rescale === 'modality' ? image.rescaleIntercept : 0
  const base = {
    slope,
    intercept,
    sigmoid: false,
    center: 0,
    width: 1,
    invert: image.photometric === 'MONOCHROME1',
  }

  let center: number | undefined
  let width: number | undefined
  let fn = 'LINEAR'
  if (mode === 'fixed') {
    center = options.window.center
    width = options.window.width
    if (!Number.isFinite(center) || !Number.isFinite(width) || width! < 1) {
      throw new RangeError('A fixed window needs a finite center and a width of at least 1.')
    }
  } else if (mode === 'dicom') {
    // The VOI LUT applies to monochrome images only (PS3.3 C.11.2), and its window is in modality units.
    if (image.samplesPerPixel === 1 && image.windowCenter !== undefined && image.windowWidth !== undefined) {
      center = image.windowCenter
      width = image.windowWidth
      fn = image.voiLutFunction
      slope = image.rescaleSlope
      intercept = image.rescaleIntercept
    }
  } else if (mode !== 'minmax') {
    throw new RangeError(`Unknown window mode ${String(mode)}.`)
  }

  if (center !== undefined && width !== undefined) {
    const c = center
    const w = width
    if (fn === 'SIGMOID')
      return {
        ...base,
        slope,
        intercept,
        sigmoid: true,
        center: c,
        width: w,
        lo: 0,
        hi: 0,
        origin: 0,
        scale: 1,
      }
    if (fn === 'LINEAR_EXACT') {
      return { ...base, slope, intercept, lo: c - w / 2, hi: c + w / 2, origin: c - w / 2, scale: w }
    }
    // LINEAR: y = ((t − (c − 0.5)) / (w − 1) + 0.5); a width of 1 is a threshold at c − 0.5.
    const lo = c - 0.5 - (w - 1) / 2
    return { ...base, slope, intercept, lo, hi: c - 0.5 + (w - 1) / 2, origin: lo, scale: w - 1 }
  }

  // Min–max of the frame, mapped through the rescale (a negative slope swaps the ends).
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (let k = 0; k < src.length; k++) {
    const v = src[k]!
    if (v < min) min = v
    if (v > max) max = v
  }
  const a = min * slope + intercept
  const b = max * slope + intercept
  const lo = Math.min(a, b)
  const hi = Math.max(a, b)
  // A constant frame maps to 0 everywhere (t ≤ lo).
  return { ...base, slope, intercept, lo, hi, origin: lo, scale: hi - lo }
}

function applyTransfer(t: Transfer, stored: number): number {
  const v = stored * t.slope + t.intercept
  let y: number
  if (t.sigmoid) y = 1 / (1 + Math.exp((-4 * (v - t.center)) / t.width))
  else y = v <= t.lo ? 0 : v > t.hi ? 1 : (v - t.origin) / t.scale
  return t.invert ? 1 - y : y
}

/**
 * Transforms `count` pixels of `src` from `offset` (interleaved `spp` samples) into `work` planes of `out`
 * (plane c at c × count).
 */
function transformRow(
  src: Float32Array,
  offset: number,
  count: number,
  spp: number,
  work: number,
  t: Transfer,
  out: Float32Array
): void {
  if (spp === 1) {
    for (let k = 0; k < count; k++) out[k] = applyTransfer(t, src[offset + k]!)
  } else if (work === 1) {
    // Rec. 601 luma, as PIL's convert('L') and OpenCV's RGB2GRAY.
    for (let k = 0, o = offset; k < count; k++, o += 3) {
      out[k] =
        0.299 * applyTransfer(t, src[o]!) +
        0.587 * applyTransfer(t, src[o + 1]!) +
        0.114 * applyTransfer(t, src[o + 2]!)
    }
  } else {
    for (let k = 0, o = offset; k < count; k++, o += 3) {
      out[k] = applyTransfer(t, src[o]!)
      out[count + k] = applyTransfer(t, src[o + 1]!)
      out[2 * count + k] = applyTransfer(t, src[o + 2]!)
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Resampling

interface Geometry {
  srcW: number
  srcH: number
  spp: number
  work: 1 | 3
  outW: number
  outH: number
}

/** For each of `dst` positions, the index of the `src` pixel containing its centre. */
function nearestIndices(src: number, dst: number): Int32Array {
  const out = new Int32Array(dst)
  // floor((i + 0.5) × src / dst) in integers, exact for any realistic size.
  for (let i = 0; i < dst; i++) out[i] = Math.min(src - 1, Math.floor(((2 * i + 1) * src) / (2 * dst)))
  return out
}

function resampleNearest(src: Float32Array, g: Geometry, t: Transfer, tensor: Float32Array): void {
  const xs = nearestIndices(g.srcW, g.outW)
  const ys = nearestIndices(g.srcH, g.outH)
  const gathered = new Float32Array(g.outW * g.spp)
  const row = new Float32Array(g.outW * g.work)
  const plane = g.outW * g.outH
  let previous = -1
  for (let oy = 0; oy < g.outH; oy++) {
    const sy = ys[oy]!
    if (sy !== previous) {
      const base = sy * g.srcW * g.spp
      for (let ox = 0; ox < g.outW; ox++) {
        const s = base + xs[ox]! * g.spp
        for (let c = 0; c < g.spp; c++) gathered[ox * g.spp + c] = src[s + c]!
      }
      transformRow(gathered, 0, g.outW, g.spp, g.work, t, row)
      previous = sy
    }
    for (let c = 0; c < g.work; c++)
      tensor.set(row.subarray(c * g.outW, (c + 1) * g.outW), c * plane + oy * g.outW)
  }
}

/** A separable filter: output i reads `count[i]` source pixels from `start[i]` with `weights[i × taps …]`. */
interface Kernel {
  taps: number
  start: Int32Array
  count: Int32Array
  weights: Float64Array
}

/**
 * Triangle (bilinear) filter weights with pixel-centre alignment. Output pixel i is centred at
 * (i + 0.5) × scale in source coordinates; source pixel j at j + 0.5. The triangle has radius 1, or `scale`
 * when shrinking with antialiasing. Taps falling outside the image are dropped and the rest renormalised,
 * which for radius 1 is the same as clamping the sample position to the edge pixels.
 */
export function bilinearKernel(src: number, dst: number, antialias: boolean): Kernel {
  const scale = src / dst
  const radius = antialias ? Math.max(scale, 1) : 1
  const taps = Math.ceil(2 * radius) + 2
  const start = new Int32Array(dst)
  const count = new Int32Array(dst)
  const weights = new Float64Array(dst * taps)
  for (let i = 0; i < dst; i++) {
    const center = (i + 0.5) * scale
    const lo = Math.max(0, Math.floor(center - radius))
    const hi = Math.min(src, Math.ceil(center + radius))
    let sum = 0
    for (let j = lo; j < hi; j++) {
      const w = Math.max(0, 1 - Math.abs((j + 0.5 - center) / radius))
      weights[i * taps + j - lo] = w
      sum += w
    }
    // Some source pixel centre is always within the radius (≥ 1) of the output centre, so sum > 0.
    for (let j = lo; j < hi; j++) weights[i * taps + j - lo]! /= sum
    start[i] = lo
    count[i] = hi - lo
  }
  return { taps, start, count, weights }
}

function resampleBilinear(
  src: Float32Array,
  g: Geometry,
  t: Transfer,
  tensor: Float32Array,
  antialias: boolean
): void {
  const kx = bilinearKernel(g.srcW, g.outW, antialias)
  const ky = bilinearKernel(g.srcH, g.outH, antialias)
  // Source rows some output row reads with a non-zero weight (without antialiasing, a large reduction
  // skips most rows: they are neither transformed nor resampled).
  const needed = new Uint8Array(g.srcH)
  for (let oy = 0; oy < g.outH; oy++) {
    for (let j = 0; j < ky.count[oy]!; j++)
      if (ky.weights[oy * ky.taps + j]! > 0) needed[ky.start[oy]! + j] = 1
  }

  // Horizontal pass: transformed source row → outW values per working channel, kept per source row.
  const row = new Float32Array(g.srcW * g.work)
  const rows = new Float32Array(g.work * g.srcH * g.outW)
  for (let sy = 0; sy < g.srcH; sy++) {
    if (!needed[sy]) continue
    transformRow(src, sy * g.srcW * g.spp, g.srcW, g.spp, g.work, t, row)
    for (let c = 0; c < g.work; c++) {
      const from = c * g.srcW
      const to = (c * g.srcH + sy) * g.outW
      for (let ox = 0; ox < g.outW; ox++) {
        const s = from + kx.start[ox]!
        const w = ox * kx.taps
        let acc = 0
        for (let j = 0, n = kx.count[ox]!; j < n; j++) acc += kx.weights[w + j]! * row[s + j]!
        rows[to + ox] = acc
      }
    }
  }

  // Vertical pass, accumulating whole rows in float64.
  const acc = new Float64Array(g.outW)
  const plane = g.outW * g.outH
  for (let c = 0; c < g.work; c++) {
    for (let oy = 0; oy < g.outH; oy++) {
      acc.fill(0)
      for (let j = 0, n = ky.count[oy]!; j < n; j++) {
        const w = ky.weights[oy * ky.taps + j]!
        if (w === 0) continue
        const from = (c * g.srcH + ky.start[oy]! + j) * g.outW
        for (let ox = 0; ox < g.outW; ox++) acc[ox]! += w * rows[from + ox]!
      }
      tensor.set(acc, c * plane + oy * g.outW)
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Masks

/**
 * Maps a model-resolution mask (probabilities, logits or labels; one channel, row-major) to the source
 * image's size: each source pixel takes the model pixel containing its centre, and is 1 where that value is
 * strictly greater than `threshold`.
 */
export function maskToSource(
  mask: Uint8Array | Float32Array,
  modelW: number,
  modelH: number,
  srcW: number,
  srcH: number,
  threshold = 0.5
): Uint8Array {
  if (![modelW, modelH, srcW, srcH].every(positiveInteger)) {
    throw new RangeError('Mask and source sizes must be positive integers.')
  }
  if (mask.length < modelW * modelH) {
    throw new RangeError(`The mask has ${mask.length} values; ${modelW} × ${modelH} are needed.`)
  }
  // Threshold once per model pixel, not once per source pixel.
  const binary = new Uint8Array(modelW * modelH)
  for (let k = 0; k < binary.length; k++) binary[k] = mask[k]! > threshold ? 1 : 0
  const xs = nearestIndices(modelW, srcW)
  const ys = nearestIndices(modelH, srcH)
  const out = new Uint8Array(srcW * srcH)
  for (let y = 0; y < srcH; y++) {
    const from = ys[y]! * modelW
    const to = y * srcW
    if (y > 0 && ys[y] === ys[y - 1]) {
      out.copyWithin(to, to - srcW, to)
      continue
    }
    for (let x = 0; x < srcW; x++) out[to + x] = binary[from + xs[x]!]!
  }
  return out
}

/** A 0/1 mask as a one-channel 8-bit PNG (0 and 255), small and viewable anywhere. */
export function encodeMaskPng(mask: Uint8Array, width: number, height: number): Uint8Array {
  if (!positiveInteger(width) || !positiveInteger(height) || mask.length !== width * height) {
    throw new RangeError(`A ${width} × ${height} mask needs ${width * height} values; it has ${mask.length}.`)
  }
  const grey = Buffer.alloc(width * height)
  for (let k = 0; k < grey.length; k++) grey[k] = mask[k] ? 255 : 0
  // pngjs reads only width, height and data from the image it packs.
  const image = { width, height, data: grey } as unknown as PNG
  const png = PNG.sync.write(image, {
    colorType: 0,
    inputColorType: 0,
    bitDepth: 8,
    inputHasAlpha: false,
    // Binary masks: "Up" turns repeated rows into zeros, which deflate compresses to almost nothing.
    filterType: 2,
    deflateLevel: 6,
  })
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength)
}

/** Reads a mask PNG back as 0/1 (any non-zero grey or red value is 1). */
export function decodeMaskPng(
  bytes: Uint8Array,
  maxPixels = 100_000_000
): { width: number; height: number; mask: Uint8Array } {
  const header = readPngHeader(bytes)
  if (header.width * header.height > maxPixels) {
    throw new ImageDecodeError(
      'too_large',
      `The mask's ${header.width} × ${header.height} pixels exceed the limit.`
    )
  }
  let png: { width: number; height: number; data: Uint8Array }
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  } catch (error) {
    throw new ImageDecodeError(
      'corrupt_image',
      `The mask PNG cannot be decoded: ${(error as Error).message}.`,
      {
        cause: error,
      }
    )
  }
  const mask = new Uint8Array(png.width * png.height)
  for (let k = 0; k < mask.length; k++) mask[k] = png.data[4 * k]! > 0 ? 1 : 0
  return { width: png.width, height: png.height, mask }
}
