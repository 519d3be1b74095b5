import { createHash } from 'node:crypto'
import { test } from '@japa/runner'
import * as ort from 'onnxruntime-node'
import {
  buildDefaultModel,
  DEFAULT_MODEL_MANIFEST,
  DEFAULT_MODEL_SIDE,
  defaultModelBytes,
  defaultModelSha256,
  RIDGE_ORIENTATIONS_DEG,
  RIDGE_THRESHOLD,
  vesselFilterBank,
} from '#inference/default_model'
import { correlate, ridgeResponse, sigmoid, vesselProbability } from '#inference/reference_filter'

const SIDE = DEFAULT_MODEL_SIDE
const THRESHOLD = DEFAULT_MODEL_MANIFEST.output.threshold!

/** Small deterministic generator (mulberry32) so the synthetic image is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A round bright spot with a Gaussian profile (σ 2 px): a nodule-like blob, not a vessel. */
const BLOB = { x: 60, y: 200, sigma: 2, contrast: 0.35 }

function blobAt(x: number, y: number): number {
  const d2 = (x - BLOB.x) ** 2 + (y - BLOB.y) ** 2
  return BLOB.contrast * Math.exp(-d2 / (2 * BLOB.sigma * BLOB.sigma))
}

/**
 * A windowed (0..1) angiogram-like test image: shaded background, a curved and a straight vessel
 * with a Gaussian cross-section (σ 1.2 px, contrast 0.35), the blob above and Gaussian noise
 * (σ 0.03). `distance` is each pixel's distance to the nearest vessel centre line.
 */
function syntheticAngiogram() {
  const rand = random(20240611)
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
  const distance = new Float64Array(SIDE * SIDE).fill(Infinity)
  const centre: Array<[number, number]> = []
  for (let x = 0; x < SIDE; x += 0.05) {
    centre.push([x, 100 + 40 * Math.sin((2 * Math.PI * x) / 180)])
    if (x > 20 && x < 230) centre.push([x, 30 + 0.8 * x])
  }
  for (const [cx, cy] of centre) {
    for (let y = Math.max(0, Math.floor(cy - 8)); y <= Math.min(SIDE - 1, Math.ceil(cy + 8)); y++) {
      for (let x = Math.max(0, Math.floor(cx - 8)); x <= Math.min(SIDE - 1, Math.ceil(cx + 8)); x++) {
        const d = Math.hypot(x - cx, y - cy)
        if (d < distance[y * SIDE + x]!) distance[y * SIDE + x] = d
      }
    }
  }
  const image = new Float32Array(SIDE * SIDE)
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const d = distance[y * SIDE + x]!
      const vessel = 0.35 * Math.exp(-(d * d) / (2 * 1.2 * 1.2))
      image[y * SIDE + x] = 0.25 + (0.1 * x) / SIDE + vessel + blobAt(x, y) + 0.03 * gaussian()
    }
  }
  return { image, distance }
}

async function runModel(image: Float32Array): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(defaultModelBytes(), { executionProviders: ['cpu'] })
  try {
    const { input, output } = DEFAULT_MODEL_MANIFEST
    const result = await session.run({
      [input.name]: new ort.Tensor('float32', image, [1, 1, SIDE, SIDE]),
    })
    const tensor = result[output.name]!
    return tensor.data as Float32Array
  } finally {
    await session.release()
  }
}

test.group('Default demonstration model', () => {
  test('is built from code into the same bytes every time', ({ assert }) => {
    const first = defaultModelBytes()
    const rebuilt = buildDefaultModel()
    assert.isAbove(first.length, 1000)
    assert.deepEqual(rebuilt, first)
    assert.equal(defaultModelSha256(), createHash('sha256').update(rebuilt).digest('hex'))

    // Callers get copies: scribbling on one does not change the next.
    first.fill(0)
    assert.deepEqual(defaultModelBytes(), rebuilt)
  })

  test('its kernels are zero-mean oriented ridge detectors with unit positive mass', ({ assert }) => {
    const bank = vesselFilterBank()
    const area = bank.kernelSize * bank.kernelSize
    assert.equal(bank.kernels.length, RIDGE_ORIENTATIONS_DEG.length * area)
    for (let k = 0; k < RIDGE_ORIENTATIONS_DEG.length; k++) {
      const w = [...bank.kernels.subarray(k * area, (k + 1) * area)]
      assert.closeTo(
        w.reduce((a, b) => a + b, 0),
        0,
        1e-6
      )
      assert.closeTo(
        w.filter((v) => v > 0).reduce((a, b) => a + b, 0),
        1,
        1e-6
      )
    }

    // A one-pixel horizontal line of height 1: the 0° kernel answers strongly, the diagonal ones
    // about half as much, the 90° kernel (made for vertical lines) barely at all.
    const n = 15
    const line = new Float32Array(n * n)
    for (let x = 0; x < n; x++) line[7 * n + x] = 1
    const at = (k: number) => correlate(line, n, n, bank, k)[7 * n + 7]!
    assert.isAbove(at(0), 0.5)
    assert.isBelow(Math.abs(at(2)), 0.1 * at(0))
    assert.closeTo(at(1), at(3), 1e-9)
    assert.isBelow(at(1), 0.7 * at(0))
    assert.isAbove(at(1), 2 * Math.abs(at(2)))
  })

  test('onnxruntime gives the TypeScript reference output within float tolerance', async ({ assert }) => {
    const { image } = syntheticAngiogram()
    const bank = vesselFilterBank()
    const reference = vesselProbability(image, SIDE, SIDE, bank)
    const model = await runModel(image)

    assert.equal(model.length, reference.length)
    let maxDiff = 0
    let mismatched = 0
    let nearThreshold = 0
    for (let p = 0; p < model.length; p++) {
      maxDiff = Math.max(maxDiff, Math.abs(model[p]! - reference[p]!))
      const ambiguous = Math.abs(reference[p]! - THRESHOLD) < 1e-4
      if (ambiguous) nearThreshold++
      else if (model[p]! >= THRESHOLD !== reference[p]! >= THRESHOLD) mismatched++
    }
    assert.isBelow(maxDiff, 1e-5)
    assert.equal(mismatched, 0, 'the thresholded masks differ away from the threshold')
    assert.isBelow(nearThreshold, 20)
  })

  test('the mask marks the vessels and not the background, the borders or the blob', async ({ assert }) => {
    const { image, distance } = syntheticAngiogram()
    const model = await runModel(image)

    let centre = 0
    let centreHit = 0
    let background = 0
    let backgroundHit = 0
    let border = 0
    let borderHit = 0
    let blobHit = 0
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        const p = y * SIDE + x
        const marked = model[p]! >= THRESHOLD
        const toBlob = Math.hypot(x - BLOB.x, y - BLOB.y)
        if (distance[p]! < 0.5) {
          centre++
          if (marked) centreHit++
        } else if (distance[p]! > 6 && toBlob > 4 * BLOB.sigma) {
          background++
          if (marked) backgroundHit++
          if (x < 3 || y < 3 || x >= SIDE - 3 || y >= SIDE - 3) {
            border++
            if (marked) borderHit++
          }
        }
        if (toBlob <= BLOB.sigma && marked) blobHit++
      }
    }
    assert.isAbove(centre, 500)
    assert.isAtLeast(centreHit / centre, 0.97, 'vessel centre lines found')
    assert.isAbove(background, 50_000)
    assert.isAtMost(backgroundHit / background, 0.001, 'background left unmarked')
    assert.isAbove(border, 2000)
    assert.equal(borderHit, 0, 'image borders are not ridges')
    assert.equal(blobHit, 0, 'the blob core is not a vessel')
  })

  test('a round blob is suppressed where a plain strongest-direction filter would mark it', async ({
    assert,
  }) => {
    const image = new Float32Array(SIDE * SIDE)
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) image[y * SIDE + x] = 0.25 + blobAt(x, y)
    }
    const bank = vesselFilterBank()
    const centre = BLOB.y * SIDE + BLOB.x
    const strongest = Math.max(
      ...RIDGE_ORIENTATIONS_DEG.map((_, k) => correlate(image, SIDE, SIDE, bank, k)[centre]!)
    )
    // Without the isotropic part removed the blob centre would pass the threshold...
    assert.isAbove(strongest, RIDGE_THRESHOLD)
    assert.isBelow(ridgeResponse(image, SIDE, SIDE, bank)[centre]!, RIDGE_THRESHOLD / 4)
    // ...and the model marks no pixel of it at all.
    const model = await runModel(image)
    assert.isTrue(
      model.every((v) => v < THRESHOLD),
      'no pixel of the blob is marked'
    )
  })

  test('flat and evenly shaded images give no vessel anywhere', async ({ assert }) => {
    const bank = vesselFilterBank()
    const flat = new Float32Array(SIDE * SIDE).fill(0.6)
    const flatOut = await runModel(flat)
    const background = sigmoid(bank.bias)
    assert.isBelow(background, 0.05)
    assert.isTrue(
      flatOut.every((v) => Math.abs(v - background) < 1e-5),
      'a flat image is background everywhere'
    )

    const shaded = new Float32Array(SIDE * SIDE)
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) shaded[y * SIDE + x] = 0.1 + (0.4 * x) / SIDE + (0.3 * y) / SIDE
    }
    const shadedOut = await runModel(shaded)
    assert.isTrue(
      shadedOut.every((v) => v < THRESHOLD),
      'a smooth gradient is not a vessel'
    )
  })
})
