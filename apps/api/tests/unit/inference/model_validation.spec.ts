import { test } from '@japa/runner'
import * as ort from 'onnxruntime-node'
import { create } from '@bufbuild/protobuf'
import { StringStringEntryProtoSchema, TensorProto_DataLocation } from 'onnx-buf'
import { toProblem } from '#exceptions/handler'
import { DEFAULT_MODEL_MANIFEST, defaultModelBytes, defaultModelSha256 } from '#inference/default_model'
import type { ModelManifest } from '#inference/manifest'
import { attr, buildModel, buildModelProto, encodeModel, type ModelSpec } from '#inference/onnx_builder'
import {
  ModelValidationError,
  parseManifest,
  validateModel,
  type SessionFactory,
} from '#inference/model_validation'

/** A mutable copy of the default manifest to break one field at a time. */
function defaultManifest(): ModelManifest {
  return structuredClone(DEFAULT_MODEL_MANIFEST)
}

/** Manifest for the small 16×16 test models below. */
function smallManifest(overrides: { output?: Partial<ModelManifest['output']> } = {}): ModelManifest {
  const manifest = defaultManifest()
  manifest.name = 'test-model'
  manifest.input = { name: 'x', dtype: 'float32', shape: [1, 1, 16, 16] }
  manifest.output = {
    name: 'y',
    kind: 'segmentation',
    labels: ['background', 'lesion'],
    threshold: 0.5,
    ...overrides.output,
  }
  return manifest
}

const X = { name: 'x', type: 'float32', shape: [1, 1, 16, 16] } as const
const Y = { name: 'y', type: 'float32', shape: [1, 1, 16, 16] } as const

/** x → Sigmoid → y: a valid single-channel segmentation model. */
const sigmoidSpec: ModelSpec = {
  graphName: 'sigmoid',
  inputs: [X],
  outputs: [Y],
  nodes: [{ op: 'Sigmoid', inputs: ['x'], outputs: ['y'] }],
}

/** Flatten the 16×16 image and score two classes with a fixed matrix, then Softmax: [1, 2]. */
function classifierModel(): Uint8Array {
  const weights = Array.from({ length: 256 * 2 }, (_, i) => ((i % 7) - 3) / 100)
  return buildModel({
    graphName: 'classifier',
    inputs: [X],
    outputs: [{ name: 'scores', type: 'float32', shape: [1, 2] }],
    initializers: [{ name: 'w', type: 'float32', dims: [256, 2], values: weights }],
    nodes: [
      { op: 'Flatten', inputs: ['x'], outputs: ['flat'], attributes: { axis: attr.int(1) } },
      { op: 'MatMul', inputs: ['flat', 'w'], outputs: ['logits'] },
      { op: 'Softmax', inputs: ['logits'], outputs: ['scores'], attributes: { axis: attr.int(1) } },
    ],
  })
}

/** Deterministic pseudo-random bytes (xorshift32). */
function noise(length: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(length)
  let s = seed >>> 0
  for (let i = 0; i < length; i++) {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    out[i] = s & 0xff
  }
  return out
}

async function refusal(promise: Promise<unknown>): Promise<ModelValidationError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ModelValidationError) return error
    throw error
  }
  throw new Error('expected the model to be refused')
}

test.group('Model validation: accepted models', () => {
  test('the default model passes with its own manifest', async ({ assert }) => {
    const result = await validateModel(defaultModelBytes(), DEFAULT_MODEL_MANIFEST)
    assert.equal(result.sha256, defaultModelSha256())
    assert.deepEqual(result.manifest, DEFAULT_MODEL_MANIFEST)
    assert.deepEqual(result.outputShape, [1, 1, 256, 256])
    assert.deepEqual(result.opsets, { 'ai.onnx': 17 })
    assert.equal(result.irVersion, 8)
    assert.equal(result.sizeBytes, defaultModelBytes().length)
    assert.isAtLeast(result.loadMs, 0)
    assert.isAtLeast(result.dryRunMs, 0)
  })

  test('a classifier passes with a classification manifest, defaults filled in', async ({ assert }) => {
    const manifest = {
      name: 'tiny-classifier',
      version: '0.1.0-beta',
      description: 'Two-class test classifier.',
      input: { name: 'x', dtype: 'float32', shape: [1, 1, 16, 16] },
      preprocessing: { rescale: 'none', window: { mode: 'minmax' }, resize: 'nearest' },
      output: { name: 'scores', kind: 'classification', labels: ['normal', 'abnormal'] },
    }
    const result = await validateModel(classifierModel(), manifest)
    assert.deepEqual(result.outputShape, [1, 2])
    assert.deepEqual(result.manifest.preprocessing.normalize, { mean: 0, std: 1 })
    assert.notProperty(result.manifest.output, 'threshold')
  })

  test('symbolic dimensions are accepted and pinned by the manifest', async ({ assert }) => {
    const bytes = buildModel({
      ...sigmoidSpec,
      inputs: [{ ...X, shape: ['N', 1, 'H', 'W'] }],
      outputs: [{ ...Y, shape: ['N', 1, 'H', 'W'] }],
    })
    const manifest = smallManifest()
    manifest.input.shape = [1, 1, 32, 48]
    const result = await validateModel(bytes, manifest)
    assert.deepEqual(result.outputShape, [1, 1, 32, 48])
  })
})

test.group('Model validation: files that are not usable ONNX models', () => {
  test('empty, random, truncated and text files are refused as not ONNX', async ({ assert }) => {
    const empty = await refusal(validateModel(new Uint8Array(0), DEFAULT_MODEL_MANIFEST))
    assert.equal(empty.field, 'model')
    assert.match(empty.reason, /empty/)

    const full = defaultModelBytes()
    const cases = {
      random: noise(4096),
      truncated: full.slice(0, Math.floor(full.length / 2)),
      text: new TextEncoder().encode('{"this": "is a manifest, not a model"}'),
    }
    for (const [label, bytes] of Object.entries(cases)) {
      const error = await refusal(validateModel(bytes, DEFAULT_MODEL_MANIFEST))
      assert.equal(error.field, 'model', label)
      assert.match(error.reason, /not an ONNX model/, label)
    }
  })

  test('a file over the size limit is refused before it is parsed', async ({ assert }) => {
    const error = await refusal(
      validateModel(defaultModelBytes(), DEFAULT_MODEL_MANIFEST, { maxBytes: 1024 })
    )
    assert.equal(error.field, 'model')
    assert.match(error.reason, /^The model file is \d+\.\d KiB; the limit is 1\.0 KiB\.$/)
    assert.equal(error.issues[0]!.rule, 'tooLarge')
  })

  test('weights in external files are refused (they would be read from the server disk)', async ({
    assert,
  }) => {
    const proto = buildModelProto({
      ...sigmoidSpec,
      initializers: [{ name: 'w', type: 'float32', dims: [1], values: [2] }],
      nodes: [
        { op: 'Mul', inputs: ['x', 'w'], outputs: ['xw'] },
        { op: 'Sigmoid', inputs: ['xw'], outputs: ['y'] },
      ],
    })
    const w = proto.graph!.initializer[0]!
    w.rawData = new Uint8Array(0)
    w.dataLocation = TensorProto_DataLocation.EXTERNAL
    w.externalData = [create(StringStringEntryProtoSchema, { key: 'location', value: '../../../etc/passwd' })]
    const error = await refusal(validateModel(encodeModel(proto), smallManifest()))
    assert.equal(error.field, 'model')
    assert.match(error.reason, /external data/)
  })

  test('a graph onnxruntime cannot load is refused with its reason', async ({ assert }) => {
    const bytes = buildModel({
      ...sigmoidSpec,
      nodes: [{ op: 'NoSuchOperator', inputs: ['x'], outputs: ['y'] }],
    })
    const error = await refusal(validateModel(bytes, smallManifest()))
    assert.equal(error.field, 'model')
    assert.match(error.reason, /^onnxruntime could not load the model: .*NoSuchOperator/)
  })
})

test.group('Model validation: manifest and model disagree', () => {
  test('a wrong input name names the input the model has', async ({ assert }) => {
    const manifest = defaultManifest()
    manifest.input.name = 'pixels'
    const error = await refusal(validateModel(defaultModelBytes(), manifest))
    assert.equal(error.field, 'manifest.input.name')
    assert.equal(error.reason, 'The model has no input named "pixels"; its inputs are "image".')
  })

  test('a wrong output name names the outputs the model has', async ({ assert }) => {
    const manifest = defaultManifest()
    manifest.output.name = 'mask'
    const error = await refusal(validateModel(defaultModelBytes(), manifest))
    assert.equal(error.field, 'manifest.output.name')
    assert.match(error.reason, /no output named "mask"; its outputs are "vessel_probability"/)
  })

  test('a manifest that lies about the input shape is refused', async ({ assert }) => {
    for (const shape of [
      [1, 1, 128, 128],
      [1, 3, 256, 256],
    ] as Array<ModelManifest['input']['shape']>) {
      const manifest = defaultManifest()
      manifest.input.shape = shape
      const error = await refusal(validateModel(defaultModelBytes(), manifest))
      assert.equal(error.field, 'manifest.input.shape')
      assert.include(error.reason, `[${shape.join(', ')}]`)
      assert.include(error.reason, 'has shape [1, 1, 256, 256]')
    }
  })

  test('a dtype mismatch is refused', async ({ assert }) => {
    const manifest = defaultManifest()
    manifest.input.dtype = 'uint8'
    const error = await refusal(validateModel(defaultModelBytes(), manifest))
    assert.equal(error.field, 'manifest.input.dtype')
    assert.match(error.reason, /declares a uint8 input, but the model's input "image" is float32/)
  })

  test('a classification manifest on a segmentation model is refused', async ({ assert }) => {
    const manifest = defaultManifest()
    manifest.output = { name: 'vessel_probability', kind: 'classification', labels: ['no', 'yes'] }
    const error = await refusal(validateModel(defaultModelBytes(), manifest))
    assert.equal(error.field, 'manifest.output.kind')
    assert.include(error.reason, 'classification output must be [1, 2]')
    assert.include(error.reason, '[1, 1, 256, 256]')
  })

  test('a segmentation manifest on a classifier, and mismatched label counts, are refused', async ({
    assert,
  }) => {
    const asMask = smallManifest({ output: { name: 'scores' } })
    const kind = await refusal(validateModel(classifierModel(), asMask))
    assert.equal(kind.field, 'manifest.output.kind')
    assert.include(kind.reason, 'segmentation output must be a map of shape [1, channels, height, width]')

    const threeLabels = smallManifest({
      output: { name: 'scores', kind: 'classification', labels: ['a', 'b', 'c'] },
    })
    delete threeLabels.output.threshold
    const labels = await refusal(validateModel(classifierModel(), threeLabels))
    assert.equal(labels.field, 'manifest.output.labels')
    assert.include(labels.reason, '2 scores, but the manifest lists 3 labels')

    const manyClasses = smallManifest({ output: { labels: ['background', 'artery', 'vein'] } })
    const channels = await refusal(validateModel(buildModel(sigmoidSpec), manyClasses))
    assert.equal(channels.field, 'manifest.output.labels')
    assert.include(channels.reason, "1 channel, but the manifest's 3 labels need 3 channels")
  })

  test('a model with two inputs or a non-float output is refused', async ({ assert }) => {
    const twoInputs = buildModel({
      graphName: 'two_inputs',
      inputs: [X, { ...X, name: 'mask' }],
      outputs: [Y],
      nodes: [{ op: 'Add', inputs: ['x', 'mask'], outputs: ['y'] }],
    })
    const inputs = await refusal(validateModel(twoInputs, smallManifest()))
    assert.equal(inputs.field, 'model')
    assert.include(inputs.reason, 'has 2 inputs ("x", "mask")')

    const argmax = buildModel({
      graphName: 'argmax',
      inputs: [X],
      outputs: [{ name: 'y', type: 'int64', shape: [1, 1, 16, 16] }],
      nodes: [{ op: 'ArgMax', inputs: ['x'], outputs: ['y'], attributes: { axis: attr.int(1) } }],
    })
    const dtype = await refusal(validateModel(argmax, smallManifest()))
    assert.equal(dtype.field, 'model')
    assert.include(dtype.reason, 'is int64; model outputs must be float32')
  })
})

test.group('Model validation: dry run', () => {
  test('a model that throws at run time is refused with the runtime error', async ({ assert }) => {
    // With symbolic H and W the loader cannot see that 16×16 = 256 values will not fit in 7×7.
    const bytes = buildModel({
      graphName: 'bad_reshape',
      inputs: [{ ...X, shape: [1, 1, 'H', 'W'] }],
      outputs: [{ ...Y, shape: [1, 1, 7, 7] }],
      initializers: [{ name: 'shape', type: 'int64', dims: [4], values: [1, 1, 7, 7] }],
      nodes: [{ op: 'Reshape', inputs: ['x', 'shape'], outputs: ['y'] }],
    })
    const error = await refusal(validateModel(bytes, smallManifest()))
    assert.equal(error.field, 'model')
    assert.equal(error.issues[0]!.rule, 'dryRun')
    assert.match(
      error.reason,
      /^The model failed on a dry run with a float32 input of shape \[1, 1, 16, 16\]: /
    )
    assert.include(error.reason, 'The input tensor cannot be reshaped to the requested shape')
    // onnxruntime's source paths and C++ signatures are stripped; the explanation stays.
    assert.notInclude(error.reason, 'onnxruntime_src')
    assert.notInclude(error.reason, '::')
  })

  test('a model that produces NaN is refused', async ({ assert }) => {
    const bytes = buildModel({
      ...sigmoidSpec,
      initializers: [{ name: 'two', type: 'float32', dims: [], values: [2] }],
      nodes: [
        { op: 'Sub', inputs: ['x', 'two'], outputs: ['negative'] },
        { op: 'Sqrt', inputs: ['negative'], outputs: ['y'] },
      ],
    })
    const error = await refusal(validateModel(bytes, smallManifest()))
    assert.equal(error.field, 'model')
    assert.equal(error.reason, 'On the dry run the model produced 256 NaN value(s) out of 256 in output "y".')
  })

  test('a single-channel segmentation that returns logits instead of probabilities is refused', async ({
    assert,
  }) => {
    const bytes = buildModel({
      ...sigmoidSpec,
      initializers: [{ name: 'ten', type: 'float32', dims: [], values: [10] }],
      nodes: [{ op: 'Mul', inputs: ['x', 'ten'], outputs: ['y'] }],
    })
    const error = await refusal(validateModel(bytes, smallManifest()))
    assert.equal(error.field, 'model')
    assert.include(error.reason, 'must hold probabilities in [0, 1]')

    // As a heatmap the same output is fine: heatmaps are not thresholded.
    const heatmap = smallManifest({ output: { kind: 'heatmap', labels: ['activity'] } })
    delete heatmap.output.threshold
    const ok = await validateModel(bytes, heatmap)
    assert.deepEqual(ok.outputShape, [1, 1, 16, 16])
  })

  test('every session opened for validation is released, pass or fail', async ({ assert }) => {
    let opened = 0
    let released = 0
    const counting: SessionFactory = async (bytes, options) => {
      const session = await ort.InferenceSession.create(bytes, options)
      opened++
      return new Proxy(session, {
        get(target, property) {
          if (property === 'release') {
            return async () => {
              released++
              await target.release()
            }
          }
          const value = Reflect.get(target, property, target)
          return typeof value === 'function' ? value.bind(target) : value
        },
      })
    }
    const wrongOutput = defaultManifest()
    wrongOutput.output.name = 'nope'
    const nan = buildModel({
      ...sigmoidSpec,
      nodes: [
        { op: 'Neg', inputs: ['x'], outputs: ['n'] },
        { op: 'Log', inputs: ['n'], outputs: ['y'] },
      ],
    })
    const attempts = [
      validateModel(defaultModelBytes(), DEFAULT_MODEL_MANIFEST, { createSession: counting }),
      validateModel(defaultModelBytes(), wrongOutput, { createSession: counting }),
      validateModel(nan, smallManifest(), { createSession: counting }),
      validateModel(buildModel(sigmoidSpec), smallManifest(), { createSession: counting }),
    ]
    const results = await Promise.allSettled(attempts)
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'rejected', 'fulfilled']
    )
    assert.equal(opened, 4)
    assert.equal(released, 4)
  })
})

test.group('Model validation: manifest', () => {
  test('unknown keys are refused at their own path, including misspellings', async ({ assert }) => {
    const manifest = { ...defaultManifest(), extra: true } as Record<string, unknown>
    const top = await refusal(parseManifest(manifest))
    assert.equal(top.field, 'manifest.extra')
    assert.match(top.reason, /manifest\.extra is not a known property/)

    const misspelt = defaultManifest() as unknown as { output: Record<string, unknown> }
    misspelt.output.treshold = 0.7
    const nested = await refusal(validateModel(defaultModelBytes(), misspelt))
    assert.equal(nested.field, 'manifest.output.treshold')
    assert.include(nested.reason, 'allowed here: name, kind, labels, threshold')
  })

  test('bad values are refused with the field and what is expected', async ({ assert }) => {
    // `as never` marks values the ModelManifest type rightly forbids but an uploaded JSON can hold.
    const cases: Array<[(m: ModelManifest) => void, string, RegExp]> = [
      [(m) => (m.name = 'Vessel Demo'), 'manifest.name', /lowercase slug/],
      [
        (m) => (m.input.shape = [1, 1, 8, 256]),
        'manifest.input.shape.2',
        /\(height\) must be between 16 and 2048/,
      ],
      [
        (m) => (m.input.shape = [1, 2, 256, 256] as never),
        'manifest.input.shape.1',
        /must be 1 \(greyscale\) or 3/,
      ],
      [(m) => (m.input.shape = [1, 1, 256] as never), 'manifest.input.shape', /four dimensions/],
      [(m) => (m.input.shape = [1, 1, 256, '256'] as never), 'manifest.input.shape.3', /must be a number/],
      [(m) => (m.input.dtype = 'float64' as never), 'manifest.input.dtype', /one of "float32", "uint8"/],
      [(m) => (m.output.kind = 'detection' as never), 'manifest.output.kind', /one of "segmentation"/],
      [(m) => (m.output.threshold = 1.5), 'manifest.output.threshold', /between 0 and 1/],
      [(m) => (m.output.labels = ['vessel', 'vessel']), 'manifest.output.labels', /duplicates/],
      [(m) => (m.output.labels = ['vessel']), 'manifest.output.labels', /at least 2 labels/],
      [(m) => (m.preprocessing.normalize.std = 0), 'manifest.preprocessing.normalize.std', /greater than 0/],
      [
        (m) => (m.preprocessing.window = { mode: 'fixed', center: 40 }),
        'manifest.preprocessing.window',
        /both center and width/,
      ],
      [
        (m) => (m.preprocessing.window = { mode: 'minmax', width: 400 }),
        'manifest.preprocessing.window',
        /must not set center or width/,
      ],
      [
        (m) => (m.preprocessing.resize = 'bicubic' as never),
        'manifest.preprocessing.resize',
        /one of "bilinear", "nearest"/,
      ],
      [(m) => delete (m as Partial<ModelManifest>).description, 'manifest.description', /is required/],
    ]
    for (const [breakIt, field, reason] of cases) {
      const manifest = defaultManifest()
      breakIt(manifest)
      const error = await refusal(parseManifest(manifest))
      assert.equal(error.field, field, `${field}: ${error.reason}`)
      assert.match(error.reason, reason)
    }
  })

  test('cross-field rules: threshold only for segmentation, uint8 inputs cannot be normalised', async ({
    assert,
  }) => {
    const classification = defaultManifest()
    classification.output = { name: 'p', kind: 'classification', labels: ['a', 'b'], threshold: 0.3 }
    const threshold = await refusal(parseManifest(classification))
    assert.equal(threshold.field, 'manifest.output.threshold')

    const bytes = defaultManifest()
    bytes.input.dtype = 'uint8'
    bytes.preprocessing.normalize = { mean: 0.5, std: 0.25 }
    const normalise = await refusal(parseManifest(bytes))
    assert.equal(normalise.field, 'manifest.preprocessing.normalize')
  })

  test('a manifest that is not an object is refused as a whole', async ({ assert }) => {
    for (const value of [null, 'manifest.json', 42, []]) {
      const error = await refusal(parseManifest(value))
      assert.match(error.field, /^manifest/)
    }
  })

  test('refusals render as RFC 9457 problems with every field listed', async ({ assert }) => {
    const manifest = defaultManifest()
    manifest.name = 'Bad Name'
    manifest.output.kind = 'detection' as never
    const error = await refusal(parseManifest(manifest))
    const problem = toProblem(error)
    assert.equal(problem.status, 422)
    assert.equal(problem.type, 'https://tessera.dev/problems/model-rejected')
    assert.equal(problem.title, 'Model refused')
    assert.include(problem.detail!, '(1 more problem listed in errors)')
    assert.deepEqual(
      problem.errors!.map((e) => e.field),
      ['manifest.name', 'manifest.output.kind']
    )
  })
})
