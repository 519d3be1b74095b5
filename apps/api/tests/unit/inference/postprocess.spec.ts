import { test } from '@japa/runner'
import { postprocess } from '#inference/analysis_service'
import { DEFAULT_MODEL_MANIFEST } from '#inference/default_model'
import type { ModelManifest } from '#inference/manifest'
import { decodeMaskPng } from '#inference/preprocess'

function manifest(output: ModelManifest['output']): ModelManifest {
  return { ...structuredClone(DEFAULT_MODEL_MANIFEST), output }
}

test.group('Inference postprocessing: from model output to mask and scores', () => {
  test('one-channel segmentation: thresholded, scaled to the image, shares per label', ({ assert }) => {
    // 2×2 model output: one pixel above the threshold.
    const out = postprocess(
      manifest({ name: 'y', kind: 'segmentation', labels: ['background', 'vessel'], threshold: 0.6 }),
      new Float32Array([0.1, 0.9, 0.59, 0.2]),
      [1, 1, 2, 2],
      4,
      4
    )
    const mask = decodeMaskPng(out.mask)
    assert.deepEqual([mask.width, mask.height], [4, 4])
    // The top-right model pixel covers the top-right 2×2 block of the image.
    assert.deepEqual([...mask.mask], [0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    assert.deepEqual(out.summary.scores, [0.75, 0.25])
    assert.deepEqual(out.summary.labels, ['background', 'vessel'])
  })

  test('several channels: the most likely class per pixel, each class counted', ({ assert }) => {
    // Three classes over 1×4 pixels (planes: background, a, b).
    const data = new Float32Array([
      0.8, 0.1, 0.1, 0.2, /* a */ 0.1, 0.7, 0.2, 0.3, /* b */ 0.1, 0.2, 0.7, 0.5,
    ])
    const out = postprocess(
      manifest({ name: 'y', kind: 'segmentation', labels: ['background', 'a', 'b'] }),
      data,
      [1, 3, 1, 4],
      4,
      1
    )
    assert.deepEqual([...decodeMaskPng(out.mask).mask], [0, 1, 1, 1])
    assert.deepEqual(out.summary.scores, [0.25, 0.25, 0.5])
  })

  test('classification keeps the scores; a count that does not match the labels fails clearly', ({
    assert,
  }) => {
    const out = postprocess(
      manifest({ name: 'y', kind: 'classification', labels: ['normal', 'abnormal'] }),
      new Float32Array([0.3, 0.7]),
      [1, 2],
      8,
      8
    )
    assert.deepEqual(out.summary.scores, [0.3, 0.7])
    assert.equal(out.summary.kind, 'classification')
    assert.throws(
      () =>
        postprocess(
          manifest({ name: 'y', kind: 'classification', labels: ['a', 'b', 'c'] }),
          new Float32Array([0.3, 0.7]),
          [1, 2],
          8,
          8
        ),
      /2 scores for 3 labels/
    )
  })

  test('heatmap: maximum per channel as scores, the first channel above one half as the mask', ({
    assert,
  }) => {
    const out = postprocess(
      manifest({ name: 'y', kind: 'heatmap', labels: ['attention'] }),
      new Float32Array([0.2, 0.95, 0.4, 0.6]),
      [1, 1, 2, 2],
      2,
      2
    )
    assert.deepEqual(out.summary.scores, [0.95])
    assert.deepEqual([...decodeMaskPng(out.mask).mask], [0, 1, 0, 1])
  })
})
