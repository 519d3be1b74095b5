import { createHash } from 'node:crypto'
import { attr, buildModel } from '#inference/onnx_builder'
import type { ModelManifest } from '#inference/manifest'
import type { FilterBank } from '#inference/reference_filter'

/**
 * The platform's default model: a demonstration vessel (ridge) detector whose weights are computed
 * here rather than learned or downloaded, so anyone can read exactly what it does. It is NOT a
 * diagnostic device. See DEFAULT_MODEL.md next to this file for the maths and the limits.
 *
 * Graph (opset 17):
 *   image [1,1,256,256] ─ Pad(3, edge) ─ Conv(4 oriented 7×7 ridge kernels) → [1,4,256,256]
 *     ├ ReduceMax(axis 1) ─ Relu ┐
 *     └ ReduceMin(axis 1) ─ Relu ┴ Sub → ridge ─ Mul(gain) ─ Add(bias) ─ Sigmoid → vessel_probability
 */

export const DEFAULT_MODEL_SIDE = 256
/** Gaussian scale of the ridge kernels, in pixels: tuned to vessels roughly 2–5 pixels wide. */
export const RIDGE_SIGMA = 1.5
export const RIDGE_KERNEL_SIZE = 7
export const RIDGE_ORIENTATIONS_DEG = [0, 45, 90, 135] as const
/**
 * A ridge response of 0.1 (on a 0..1 windowed image) maps to probability 0.5: gain × 0.1 + bias = 0.
 * The gain sets how fast the probability saturates around that point.
 */
export const RIDGE_THRESHOLD = 0.1
export const PROBABILITY_GAIN = 40
export const PROBABILITY_BIAS = Math.fround(-PROBABILITY_GAIN * RIDGE_THRESHOLD)

/**
 * One oriented ridge kernel: the negative second derivative of a Gaussian across the line direction
 * θ, (1 − u²/σ²)·exp(−(u² + v²)/2σ²) with u across and v along the line (image rows grow downwards).
 * It is shifted to zero mean, so a flat or linearly shaded region gives exactly 0, and scaled so its
 * positive weights sum to 1, so a 0..1 image gives responses in [−1, 1].
 */
function ridgeKernel(degrees: number): Float64Array {
  const size = RIDGE_KERNEL_SIZE
  const radius = (size - 1) / 2
  const theta = (degrees * Math.PI) / 180
  const s2 = RIDGE_SIGMA * RIDGE_SIGMA
  const k = new Float64Array(size * size)
  for (let y = -radius; y <= radius; y++) {
    for (let x = -radius; x <= radius; x++) {
      const u = -x * Math.sin(theta) + y * Math.cos(theta)
      const v = x * Math.cos(theta) + y * Math.sin(theta)
      k[(y + radius) * size + (x + radius)] = (1 - (u * u) / s2) * Math.exp(-(u * u + v * v) / (2 * s2))
    }
  }
  const mean = k.reduce((a, b) => a + b, 0) / k.length
  let positive = 0
  for (let i = 0; i < k.length; i++) {
    k[i] = k[i]! - mean
    if (k[i]! > 0) positive += k[i]!
  }
  for (let i = 0; i < k.length; i++) k[i] = k[i]! / positive
  return k
}

let kernelCache: Float32Array | undefined

function ridgeKernels(): Float32Array {
  if (!kernelCache) {
    const area = RIDGE_KERNEL_SIZE * RIDGE_KERNEL_SIZE
    kernelCache = new Float32Array(RIDGE_ORIENTATIONS_DEG.length * area)
    RIDGE_ORIENTATIONS_DEG.forEach((deg, i) => kernelCache!.set(ridgeKernel(deg), i * area))
  }
  return kernelCache
}

/**
 * The exact float32 numbers stored in the model, for the TypeScript reference. A fresh copy each
 * call so a caller cannot alter what the model is built from.
 */
export function vesselFilterBank(): FilterBank {
  return {
    kernelSize: RIDGE_KERNEL_SIZE,
    kernels: ridgeKernels().slice(),
    gain: PROBABILITY_GAIN,
    bias: PROBABILITY_BIAS,
  }
}

export const DEFAULT_MODEL_DESCRIPTION =
  'Demonstration model, not a medical device and not for diagnosis. Highlights thin bright ' +
  'tubular structures such as contrast-filled vessels: four oriented ridge filters (negative ' +
  'second derivative of a Gaussian, sigma 1.5 px), minus the isotropic part so round blobs are ' +
  'suppressed, then a sigmoid centred on a ridge strength of 0.1 of the windowed range.'

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}

/** Manifest of the default model, in resolved form (all defaults filled in). */
export const DEFAULT_MODEL_MANIFEST: ModelManifest = deepFreeze({
  name: 'tessera-vessel-demo',
  version: '1.0.0',
  description: DEFAULT_MODEL_DESCRIPTION,
  input: { name: 'image', dtype: 'float32', shape: [1, 1, DEFAULT_MODEL_SIDE, DEFAULT_MODEL_SIDE] },
  preprocessing: {
    rescale: 'modality',
    window: { mode: 'dicom' },
    normalize: { mean: 0, std: 1 },
    resize: 'bilinear',
  },
  output: {
    name: 'vessel_probability',
    kind: 'segmentation',
    labels: ['background', 'vessel'],
    threshold: 0.5,
  },
})

/** Builds the ONNX bytes from scratch (no cache). Same input, same bytes: nothing random or dated. */
export function buildDefaultModel(): Uint8Array {
  const side = DEFAULT_MODEL_SIDE
  const m = DEFAULT_MODEL_MANIFEST
  const k = RIDGE_KERNEL_SIZE
  const pad = (k - 1) / 2
  return buildModel({
    graphName: 'tessera_vessel_demo',
    docString: DEFAULT_MODEL_DESCRIPTION,
    producerVersion: m.version,
    modelVersion: 1,
    metadata: {
      'tessera.name': m.name,
      'tessera.version': m.version,
      'tessera.intended_use': 'demonstration only; not a medical device',
    },
    inputs: [{ name: m.input.name, type: 'float32', shape: [1, 1, side, side] }],
    outputs: [{ name: m.output.name, type: 'float32', shape: [1, 1, side, side] }],
    initializers: [
      {
        name: 'ridge_kernels',
        type: 'float32',
        dims: [RIDGE_ORIENTATIONS_DEG.length, 1, k, k],
        values: ridgeKernels(),
      },
      // Pad's int64 pads: begin of each axis (N, C, H, W), then end of each axis.
      { name: 'border', type: 'int64', dims: [8], values: [0, 0, pad, pad, 0, 0, pad, pad] },
      { name: 'gain', type: 'float32', dims: [], values: [PROBABILITY_GAIN] },
      { name: 'bias', type: 'float32', dims: [], values: [PROBABILITY_BIAS] },
    ],
    nodes: [
      {
        // Repeat edge pixels rather than padding with zeros, which would read as a bright plateau
        // ending at the image border and light up every border as a ridge.
        op: 'Pad',
        name: 'replicate_border',
        inputs: [m.input.name, 'border'],
        outputs: ['padded'],
        attributes: { mode: attr.string('edge') },
      },
      {
        op: 'Conv',
        name: 'oriented_ridge_filters',
        inputs: ['padded', 'ridge_kernels'],
        outputs: ['curvature'],
        attributes: {
          kernel_shape: attr.ints([k, k]),
          strides: attr.ints([1, 1]),
          dilations: attr.ints([1, 1]),
          group: attr.int(1),
        },
      },
      {
        op: 'ReduceMax',
        name: 'strongest_direction',
        inputs: ['curvature'],
        outputs: ['curvature_max'],
        attributes: { axes: attr.ints([1]), keepdims: attr.int(1) },
      },
      {
        op: 'ReduceMin',
        name: 'weakest_direction',
        inputs: ['curvature'],
        outputs: ['curvature_min'],
        attributes: { axes: attr.ints([1]), keepdims: attr.int(1) },
      },
      { op: 'Relu', name: 'bright_ridges_only', inputs: ['curvature_max'], outputs: ['ridge_max'] },
      { op: 'Relu', name: 'isotropic_part', inputs: ['curvature_min'], outputs: ['ridge_min'] },
      { op: 'Sub', name: 'remove_blobs', inputs: ['ridge_max', 'ridge_min'], outputs: ['ridge'] },
      { op: 'Mul', name: 'scale', inputs: ['ridge', 'gain'], outputs: ['scaled'] },
      { op: 'Add', name: 'shift', inputs: ['scaled', 'bias'], outputs: ['logit'] },
      { op: 'Sigmoid', name: 'probability', inputs: ['logit'], outputs: [m.output.name] },
    ],
  })
}

let bytesCache: Uint8Array | undefined
let shaCache: string | undefined

/** The default model's ONNX bytes, built once per process. Returns a copy the caller may keep. */
export function defaultModelBytes(): Uint8Array {
  bytesCache ??= buildDefaultModel()
  return bytesCache.slice()
}

/** Hex sha256 of defaultModelBytes(): the key the default model is registered and cached under. */
export function defaultModelSha256(): string {
  shaCache ??= createHash('sha256').update(defaultModelBytes()).digest('hex')
  return shaCache
}
