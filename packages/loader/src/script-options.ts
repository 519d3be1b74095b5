export interface LoaderOptions {
  /** Absolute URL tessera.js was loaded from: element bundles are resolved against it. */
  scriptSrc: string
  /** API base: `data-api`, else the origin tessera.js came from. No trailing slash. */
  apiBase: string
  /** `data-key`; undefined when missing. */
  key: string | undefined
  /** Problems worth one console warning (never containing the key). */
  warnings: string[]
}

/** The loader's own <script>: `document.currentScript` (set for async classic scripts too), else a search. */
export function findLoaderScript(doc: Document): HTMLScriptElement | null {
  const current = doc.currentScript
  if (current instanceof HTMLScriptElement && current.src) return current
  return doc.querySelector<HTMLScriptElement>('script[src*="tessera.js"][data-key]')
}

/** Reads `src`, `data-key` and `data-api` from the loader's script element. */
export function parseScriptOptions(script: HTMLScriptElement, pageUrl: string): LoaderOptions {
  const warnings: string[] = []
  const scriptSrc = new URL(script.getAttribute('src') ?? '', pageUrl).href
  let apiBase = new URL(scriptSrc).origin
  const api = script.dataset.api?.trim()
  if (api) {
    const parsed = URL.canParse(api, pageUrl) ? new URL(api, pageUrl) : undefined
    if (parsed && (parsed.protocol === 'https:' || parsed.protocol === 'http:')) {
      apiBase = `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '')
    } else {
      warnings.push(`data-api is not an http(s) URL; using ${apiBase}.`)
    }
  }
  const key = script.dataset.key?.trim() || undefined
  if (!key) warnings.push('the script tag has no data-key attribute (your publishable key, pk_…).')
  return { scriptSrc, apiBase, key, warnings }
}
