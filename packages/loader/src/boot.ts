import { applyTheme, installRuntime, isRefusal, isTesseraApiError } from '@tessera/widget-core/lite'
import type { TesseraCookieConsent, TesseraRuntime, WidgetConfig } from '@tessera/widget-core/lite'
import { bundleUrl } from './bundles.js'
import type { BundleName } from './bundles.js'
import { pendingBundles, watchForElements } from './scan.js'
import type { LoaderOptions } from './script-options.js'

export const LOADER_VERSION = '0.1.0'

/** What partners get as `window.Tessera`. */
export interface TesseraGlobal {
  version: string
  apiBase: string
  /** Resolves with the widget config; rejects (with status/type/title) if this site was refused. */
  ready: Promise<WidgetConfig>
  /** Loads the bundles for any Tessera elements now in `root` (the observer does this on its own). */
  scan(root?: ParentNode): void
  /** The cookie-consent core (choices, receipts, Consent Mode, held-back scripts); set by tessera.js. */
  consent?: TesseraCookieConsent
}

declare global {
  interface Window {
    Tessera?: TesseraGlobal
  }
}

export interface BootDeps {
  doc?: Document
  /** Loads one ES module; defaults to native dynamic import. */
  importModule?: (url: string) => Promise<unknown>
  fetch?: typeof fetch
  warn?: (message: string) => void
  /** Called for every element added to the page later (the consent core holds back scripts in them). */
  onElement?: (element: Element) => void
}

const nativeImport = (url: string) => import(/* @vite-ignore */ url)

/** Sets everything up for the page; returns the `window.Tessera` object. */
export function boot(options: LoaderOptions, deps: BootDeps = {}): TesseraGlobal {
  const doc = deps.doc ?? document
  const importModule = deps.importModule ?? nativeImport
  const warn = deps.warn ?? ((m: string) => console.warn(m))

  if (options.warnings.length) warn(`[Tessera] ${options.warnings.join(' ')}`)

  let ready: Promise<WidgetConfig>
  if (options.key) {
    const runtime: TesseraRuntime = installRuntime({
      apiBase: options.apiBase,
      key: options.key,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    })
    ready = runtime.config
    ready.then(
      (config) => applyTheme(doc, config.branding),
      (error: unknown) => warn(refusalMessage(error, runtime.apiBase, doc))
    )
  } else {
    ready = Promise.reject(
      Object.assign(new Error('Missing data-key'), { status: 0, title: 'Missing data-key' })
    )
    ready.catch(() => {})
  }

  const requested = new Map<BundleName, Promise<unknown>>()
  const load = (bundles: Set<BundleName>) => {
    for (const bundle of bundles) {
      if (requested.has(bundle)) continue
      const url = bundleUrl(bundle, options.scriptSrc)
      const loading = importModule(url).catch((error: unknown) => {
        requested.delete(bundle) // allow a later retry
        warn(`[Tessera] Could not load ${url}: ${error instanceof Error ? error.message : String(error)}`)
      })
      requested.set(bundle, loading)
    }
  }

  const scan = (root: ParentNode = doc) => load(pendingBundles(root))
  scan()
  watchForElements(doc.documentElement, load, deps.onElement)

  return { version: LOADER_VERSION, apiBase: options.apiBase, ready, scan }
}

function refusalMessage(error: unknown, apiBase: string, doc: Document): string {
  const origin = doc.location?.origin ?? 'this page'
  if (isRefusal(error) && isTesseraApiError(error) && error.status !== 0) {
    return (
      `[Tessera] The API at ${apiBase} refused this site (HTTP ${error.status}: ${error.title}). ` +
      `Check that the publishable key is valid and that ${origin} is one of the tenant's allowed origins.`
    )
  }
  if (isRefusal(error)) {
    return (
      `[Tessera] Could not get the widget config from ${apiBase}: the API is unreachable, or it does not ` +
      `allow ${origin} (CORS). Check that ${origin} is one of the tenant's allowed origins.`
    )
  }
  const what = isTesseraApiError(error) ? `HTTP ${error.status}: ${error.title}` : String(error)
  return `[Tessera] Could not get the widget config from ${apiBase} (${what}).`
}
