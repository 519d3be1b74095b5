// The element added and removed 100 times (half of them after the image is on screen, half while it is still
// loading): nothing may be left behind. Counted: live decoder workers, cornerstone enabled elements, cached
// DICOM data sets, window- and document-level listeners and intervals.
import { resetRuntimeForTests } from '@tessera/widget-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { syntheticDicom, syntheticPng } from '../src/synthetic.js'
import { FIXTURE_SEGMENTATION, fixtureAnalysis, viewerFixtureApi } from '../src/fixtures.js'
import { frameStyles, view } from './helpers.js'
import type { El } from './helpers.js'

// Installed before anything loads the engine: the decoder's inline workers are made with `new window.Worker`.
const live = new Set<Worker>()
let workersMade = 0
const NativeWorker = window.Worker
class CountingWorker extends NativeWorker {
  constructor(url: string | URL, options?: WorkerOptions) {
    super(url, options)
    workersMade++
    live.add(this)
  }
  override terminate(): void {
    live.delete(this)
    super.terminate()
  }
}

const listeners = new Map<EventTarget, Set<string>>()
const ids = new WeakMap<object, number>()
let nextId = 0
const keyOf = (type: string, listener: unknown, options?: boolean | EventListenerOptions) => {
  const fn = listener as object
  if (!ids.has(fn)) ids.set(fn, ++nextId)
  const capture = typeof options === 'boolean' ? options : options?.capture === true
  return `${type}|${ids.get(fn)}|${capture}`
}
const intervals = new Set<unknown>()
const native = {
  add: EventTarget.prototype.addEventListener,
  remove: EventTarget.prototype.removeEventListener,
  setInterval: window.setInterval,
  clearInterval: window.clearInterval,
}

beforeAll(() => {
  window.Worker = CountingWorker
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if ((this === window || this === document) && listener) {
      if (!listeners.has(this)) listeners.set(this, new Set())
      listeners.get(this)!.add(keyOf(type, listener, options))
    }
    return native.add.call(this, type, listener, options)
  }
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    if ((this === window || this === document) && listener)
      listeners.get(this)?.delete(keyOf(type, listener, options))
    return native.remove.call(this, type, listener, options)
  }
  window.setInterval = ((...args: unknown[]) => {
    const id = (native.setInterval as (...a: unknown[]) => number).apply(window, args)
    intervals.add(id)
    return id
  }) as unknown as typeof window.setInterval
  window.clearInterval = ((id?: number) => {
    intervals.delete(id)
    native.clearInterval.call(window, id)
  }) as typeof window.clearInterval
})

afterAll(() => {
  window.Worker = NativeWorker
  EventTarget.prototype.addEventListener = native.add
  EventTarget.prototype.removeEventListener = native.remove
  window.setInterval = native.setInterval
  window.clearInterval = native.clearInterval
  resetRuntimeForTests()
})

const count = (target: EventTarget) => listeners.get(target)?.size ?? 0

describe('added and removed 100 times', () => {
  it('leaves no workers, enabled elements, data sets, document/window listeners or intervals behind', async () => {
    frameStyles()
    const bytes = syntheticDicom({ width: 32, height: 32, frames: 3, pixel: (x, y, f) => x * y + f * 100 })
    const mask = await syntheticPng(32, 32, (x) => (x < 16 ? 255 : 0))
    const analysis = fixtureAnalysis('an_1', 'done', FIXTURE_SEGMENTATION(32, 32))
    const api = viewerFixtureApi({
      key: 'pk_lifecycle',
      uploads: [
        { id: 'up_1', contentType: 'application/dicom', bytes: new Blob([bytes]), analysis, mask },
        { id: 'up_png', contentType: 'image/png', bytes: mask },
      ],
    })
    api.seed()
    const engine = await import('../src/engine.js')

    const baseline = { window: count(window), document: count(document), intervals: intervals.size }
    let shown = 0
    for (let i = 0; i < 100; i++) {
      const el = document.createElement('tessera-viewer') as El
      el.runtime = api.runtime
      el.setAttribute('upload-id', i % 10 === 9 ? 'up_png' : 'up_1')
      document.body.append(el)
      if (i % 2 === 0) {
        await view(el, 'viewing')
        shown++
        expect(engine.cornerstone.getEnabledElements()).toHaveLength(1)
        if (i % 4 === 0) await el.goToFrame(3)
      } else if (i % 3 === 0) {
        await el.updateComplete
      }
      el.remove()
    }
    // Loads cut short finish (and are dropped) asynchronously.
    await new Promise((r) => setTimeout(r, 200))

    expect(shown).toBe(50)
    expect(workersMade).toBeGreaterThan(0)
    expect(live.size).toBe(0)
    expect(engine.activeViewers()).toBe(0)
    expect(engine.cornerstone.getEnabledElements()).toEqual([])
    expect(engine.cornerstone.imageCache.getCacheInfo().numberOfImagesCached).toBe(0)
    const wado = (await import('cornerstone-wado-image-loader')).default
    expect(wado.wadouri.dataSetCacheManager.getInfo().numberOfDataSetsCached).toBe(0)
    expect({ window: count(window), document: count(document), intervals: intervals.size }).toEqual(baseline)

    // And it still works afterwards.
    const el = document.createElement('tessera-viewer') as El
    el.runtime = api.runtime
    el.setAttribute('upload-id', 'up_1')
    document.body.append(el)
    await view(el, 'viewing')
    expect(live.size).toBeGreaterThan(0)
    el.remove()
    expect(live.size).toBe(0)
    expect(engine.cornerstone.getEnabledElements()).toEqual([])
  })
})
