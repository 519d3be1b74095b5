import { createHash } from 'node:crypto'
import { test } from '@japa/runner'
import * as ort from 'onnxruntime-node'
import type { InferenceSession } from 'onnxruntime-node'
import { defaultModelBytes, defaultModelSha256 } from '#inference/default_model'
import { buildModel } from '#inference/onnx_builder'
import { SessionCache, SessionLoadError, type SessionFactory } from '#inference/session_cache'

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** y = x · factor on a [1, 4] tensor: distinct bytes (and sha) per factor, tiny to load. */
function scaleModel(factor: number): Uint8Array {
  return buildModel({
    graphName: `scale_${factor}`,
    inputs: [{ name: 'x', type: 'float32', shape: [1, 4] }],
    outputs: [{ name: 'y', type: 'float32', shape: [1, 4] }],
    initializers: [{ name: 'f', type: 'float32', dims: [], values: [factor] }],
    nodes: [{ op: 'Mul', inputs: ['x', 'f'], outputs: ['y'] }],
  })
}

const feeds = () => ({ x: new ort.Tensor('float32', new Float32Array([1, 2, 3, 4]), [1, 4]) })

/** A store of models by sha256 that counts reads, plus a session factory that counts opens/releases. */
function harness(models: Uint8Array[]) {
  const store = new Map(models.map((m) => [sha(m), m]))
  const reads = new Map<string, number>()
  const stats = { opened: 0, released: 0, options: [] as InferenceSession.SessionOptions[] }
  const loadBytes = async (key: string) => {
    reads.set(key, (reads.get(key) ?? 0) + 1)
    await new Promise((resolve) => setTimeout(resolve, 5))
    const bytes = store.get(key)
    if (!bytes) throw new Error(`no model ${key}`)
    return bytes
  }
  const createSession: SessionFactory = async (bytes, options) => {
    stats.options.push(options)
    const session = await ort.InferenceSession.create(bytes, options)
    stats.opened++
    return new Proxy(session, {
      get(target, property) {
        if (property === 'release') {
          return async () => {
            stats.released++
            await target.release()
          }
        }
        const value = Reflect.get(target, property, target)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
  }
  return { store, reads, stats, loadBytes, createSession }
}

test.group('Inference session cache', () => {
  test('concurrent runs of one model share a single load and session', async ({ assert }) => {
    const h = harness([defaultModelBytes()])
    const cache = new SessionCache({ loadBytes: h.loadBytes, createSession: h.createSession })
    const key = defaultModelSha256()
    const image = new ort.Tensor('float32', new Float32Array(256 * 256).fill(0.5), [1, 1, 256, 256])
    const results = await Promise.all(Array.from({ length: 5 }, () => cache.run(key, { image })))
    assert.equal(h.reads.get(key), 1)
    assert.equal(h.stats.opened, 1)
    assert.lengthOf(results, 5)
    for (const r of results) assert.deepEqual(r.vessel_probability!.dims, [1, 1, 256, 256])
    assert.deepEqual(h.stats.options[0]!.executionProviders, ['cpu'])

    const info = await cache.prepare(key)
    assert.deepEqual(info.inputNames, ['image'])
    assert.equal(info.provider, 'cpu')
    assert.equal(h.stats.opened, 1)
    await cache.clear()
    assert.equal(h.stats.released, 1)
  })

  test('beyond the bound the least recently used session is released', async ({ assert }) => {
    const [a, b, c] = [scaleModel(2), scaleModel(3), scaleModel(4)]
    const h = harness([a, b, c])
    const cache = new SessionCache({ loadBytes: h.loadBytes, createSession: h.createSession, maxSessions: 2 })
    await cache.run(sha(a), feeds())
    await cache.run(sha(b), feeds())
    await cache.run(sha(a), feeds()) // a is now more recent than b
    const out = await cache.run(sha(c), feeds())
    assert.deepEqual([...(out.y!.data as Float32Array)], [4, 8, 12, 16])

    assert.equal(cache.size, 2)
    assert.isTrue(cache.has(sha(a)))
    assert.isFalse(cache.has(sha(b)))
    assert.equal(h.stats.released, 1)

    await cache.run(sha(b), feeds())
    assert.equal(h.reads.get(sha(b)), 2, 'an evicted model is loaded again on demand')
    await cache.clear()
    assert.equal(h.stats.released, h.stats.opened)
  })

  test('a session in use is released only after its run ends', async ({ assert }) => {
    const a = scaleModel(5)
    const h = harness([a])
    const cache = new SessionCache({ loadBytes: h.loadBytes, createSession: h.createSession })
    await cache.withSession(sha(a), async (session) => {
      await cache.evict(sha(a))
      assert.isFalse(cache.has(sha(a)))
      assert.equal(h.stats.released, 0)
      const out = await session.run(feeds())
      assert.deepEqual([...(out.y!.data as Float32Array)], [5, 10, 15, 20])
    })
    assert.equal(h.stats.released, 1)
  })

  test('bytes that do not hash to their key are never loaded', async ({ assert }) => {
    const a = scaleModel(6)
    const wrongKey = sha(scaleModel(7))
    const h = harness([])
    h.store.set(wrongKey, a)
    const cache = new SessionCache({ loadBytes: h.loadBytes, createSession: h.createSession })
    await assert.rejects(() => cache.run(wrongKey, feeds()), /hash to/)
    assert.equal(h.stats.opened, 0)
    assert.isFalse(cache.has(wrongKey))
  })

  test('a failed load is not cached: the next call tries again', async ({ assert }) => {
    const a = scaleModel(8)
    const h = harness([])
    const cache = new SessionCache({ loadBytes: h.loadBytes, createSession: h.createSession })
    await assert.rejects(() => cache.run(sha(a), feeds()), /no model/)
    h.store.set(sha(a), a)
    const out = await cache.run(sha(a), feeds())
    assert.deepEqual([...(out.y!.data as Float32Array)], [8, 16, 24, 32])
    await cache.clear()
  })

  test('CUDA is used only when asked, and falls back to CPU only when allowed, with a warning', async ({
    assert,
  }) => {
    const a = scaleModel(9)
    const h = harness([a])
    // Stands in for a machine without the CUDA provider libraries, whatever this one has.
    const noCuda: SessionFactory = (bytes, options) =>
      options.executionProviders?.includes('cuda')
        ? Promise.reject(
            new Error('OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library')
          )
        : h.createSession(bytes, options)
    const warnings: Array<{ details: Record<string, unknown>; message: string }> = []
    const logger = {
      info: () => {},
      warn: (details: Record<string, unknown>, message: string) => warnings.push({ details, message }),
    }

    const strict = new SessionCache({
      loadBytes: h.loadBytes,
      createSession: noCuda,
      executionProvider: 'cuda',
      logger,
    })
    const error = await strict.run(sha(a), feeds()).catch((e: unknown) => e)
    assert.instanceOf(error, SessionLoadError)
    assert.match((error as Error).message, /Could not create a cuda session .*Failed to load shared library/)
    assert.lengthOf(warnings, 0)

    const lenient = new SessionCache({
      loadBytes: h.loadBytes,
      createSession: noCuda,
      executionProvider: 'cuda',
      cpuFallback: true,
      logger,
    })
    const out = await lenient.run(sha(a), feeds())
    assert.deepEqual([...(out.y!.data as Float32Array)], [9, 18, 27, 36])
    assert.equal(lenient.providerOf(sha(a)), 'cpu')
    assert.lengthOf(warnings, 1)
    assert.equal(warnings[0]!.message, 'execution provider unavailable; running the model on CPU')
    assert.equal(warnings[0]!.details.provider, 'cuda')
    await lenient.clear()
  })

  test('keys must be sha256 hex and the bound must be positive', async ({ assert }) => {
    const cache = new SessionCache({ loadBytes: async () => new Uint8Array() })
    await assert.rejects(() => cache.run('../../etc/passwd', {}), /sha256/)
    assert.throws(
      () => new SessionCache({ loadBytes: async () => new Uint8Array(), maxSessions: 0 }),
      /positive/
    )
  })
})
