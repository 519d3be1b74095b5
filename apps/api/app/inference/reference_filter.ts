/**
 * Plain TypeScript version of the demonstration model's computation, written for readability and
 * used by the tests as the yardstick for what onnxruntime returns. It must stay independent of
 * onnxruntime and of the ONNX graph: it only shares the numbers (kernels, gain, bias).
 *
 *   curvature_k = image ⋆ kernel_k            (cross-correlation, edge-replicated border, same size)
 *   ridge       = relu(max_k curvature_k) − relu(min_k curvature_k)
 *   probability = sigmoid(gain · ridge + bias)
 */

export type FilterBank = {
  /** Odd kernel side, e.g. 7. */
  kernelSize: number
  /** `count` kernels of kernelSize² weights each, row-major, one after the other (ONNX OIHW, I = 1). */
  kernels: Float32Array
  gain: number
  bias: number
}

function kernelCount(bank: FilterBank): number {
  const area = bank.kernelSize * bank.kernelSize
  if (bank.kernelSize % 2 !== 1 || bank.kernels.length === 0 || bank.kernels.length % area !== 0) {
    throw new RangeError('A filter bank needs an odd kernel size and whole kernels')
  }
  return bank.kernels.length / area
}

function checkImage(image: Float32Array, height: number, width: number) {
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new RangeError('Image sides must be positive integers')
  }
  if (image.length !== height * width) {
    throw new RangeError(`Expected ${height}×${width} = ${height * width} pixels, got ${image.length}`)
  }
}

/**
 * One kernel's response at every pixel. Cross-correlation (no kernel flip) as ONNX Conv defines it.
 * Pixels outside the image repeat the nearest edge pixel, as the model's Pad(mode 'edge') does, so
 * the image border does not look like a bright plateau falling off to zero.
 */
export function correlate(
  image: Float32Array,
  height: number,
  width: number,
  bank: FilterBank,
  index: number
): Float64Array {
  checkImage(image, height, width)
  const size = bank.kernelSize
  const radius = (size - 1) / 2
  const offset = index * size * size
  const out = new Float64Array(height * width)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0
      for (let j = 0; j < size; j++) {
        const yy = Math.min(height - 1, Math.max(0, y + j - radius))
        for (let i = 0; i < size; i++) {
          const xx = Math.min(width - 1, Math.max(0, x + i - radius))
          sum += bank.kernels[offset + j * size + i]! * image[yy * width + xx]!
        }
      }
      out[y * width + x] = sum
    }
  }
  return out
}

/** relu(max_k) − relu(min_k): strong curvature across one direction only, ≥ 0 everywhere. */
export function ridgeResponse(
  image: Float32Array,
  height: number,
  width: number,
  bank: FilterBank
): Float32Array {
  const count = kernelCount(bank)
  const responses = Array.from({ length: count }, (_, k) => correlate(image, height, width, bank, k))
  const out = new Float32Array(height * width)
  for (let p = 0; p < out.length; p++) {
    let max = -Infinity
    let min = Infinity
    for (const r of responses) {
      const v = r[p]!
      if (v > max) max = v
      if (v < min) min = v
    }
    out[p] = Math.max(0, max) - Math.max(0, min)
  }
  return out
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x))
}

/** The model's output: per-pixel vessel probability in (0, 1). */
export function vesselProbability(
  image: Float32Array,
  height: number,
  width: number,
  bank: FilterBank
): Float32Array {
  const ridge = ridgeResponse(image, height, width, bank)
  const out = new Float32Array(ridge.length)
  for (let p = 0; p < ridge.length; p++) out[p] = sigmoid(bank.gain * ridge[p]! + bank.bias)
  return out
}
