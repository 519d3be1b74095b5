import { TesseraClient } from './client.js'
import type { WidgetConfig } from './types.js'

/**
 * State shared between the loader (tessera.js) and the element bundles, which are separate builds.
 * Plain data and a promise only: no class instances cross the boundary.
 */
export interface TesseraRuntime {
  /** API origin (plus optional path prefix), without trailing slash. */
  apiBase: string
  /** The publishable key (`pk_…`). */
  key: string
  /** The widget config, fetched once for the whole page. Rejects with a TesseraApiError-shaped error. */
  config: Promise<WidgetConfig>
  /** Who set the runtime up: the loader script, or an element's own attributes. */
  source: 'loader' | 'attributes'
  /**
   * The fetch function the runtime was made with (tests, Storybook stand-ins); absent means the global
   * fetch. Elements that call the API beyond the config pass it on: `clientForRuntime(runtime)`.
   */
  fetch?: typeof fetch
}

declare global {
  var __tesseraRuntime: TesseraRuntime | undefined
}

/** The page-wide runtime the loader installed, if any. */
export function getGlobalRuntime(): TesseraRuntime | undefined {
  return globalThis.__tesseraRuntime
}

/** Installs the page-wide runtime (the loader does this once). An existing one is kept and returned. */
export function installRuntime(options: {
  apiBase: string
  key: string
  fetch?: typeof fetch
}): TesseraRuntime {
  const existing = globalThis.__tesseraRuntime
  if (existing) return existing
  const runtime = createRuntime(options, 'loader')
  globalThis.__tesseraRuntime = runtime
  return runtime
}

function createRuntime(
  options: { apiBase: string; key: string; fetch?: typeof fetch },
  source: TesseraRuntime['source']
): TesseraRuntime {
  const client = new TesseraClient(options)
  const config = client.getWidgetConfig()
  // Marked as handled here; whoever awaits it still sees the rejection.
  config.catch(() => {})
  return {
    apiBase: client.apiBase,
    key: client.key,
    config,
    source,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  }
}

/**
 * A client for the widget endpoints with the runtime's API base, key and fetch; undefined when the runtime
 * has no API base or key (e.g. a stand-in that only carries a config).
 */
export function clientForRuntime(runtime: Partial<TesseraRuntime> | undefined): TesseraClient | undefined {
  if (!runtime?.apiBase || !runtime.key) return undefined
  return new TesseraClient({
    apiBase: runtime.apiBase,
    key: runtime.key,
    ...(runtime.fetch ? { fetch: runtime.fetch } : {}),
  })
}

const attributeRuntimes = new Map<string, TesseraRuntime>()

/**
 * The runtime an element should use. Explicit `api-base` + `publishable-key` attributes on the element win
 * (use without the loader: npm users, Storybook, tests); otherwise the loader's page-wide runtime.
 * Runtimes made from attributes are shared per base + key, so the config is fetched once per pair.
 */
export function getRuntime(element: Element): TesseraRuntime | undefined {
  const apiBase = element.getAttribute('api-base')
  const key = element.getAttribute('publishable-key')
  if (apiBase && key) {
    const id = `${apiBase}\n${key}`
    let runtime = attributeRuntimes.get(id)
    if (!runtime) {
      runtime = createRuntime({ apiBase, key }, 'attributes')
      attributeRuntimes.set(id, runtime)
      runtime.config.catch(() => attributeRuntimes.delete(id))
    }
    return runtime
  }
  return globalThis.__tesseraRuntime
}

/** Test helper: forget the page-wide and attribute runtimes. */
export function resetRuntimeForTests(): void {
  globalThis.__tesseraRuntime = undefined
  attributeRuntimes.clear()
}
