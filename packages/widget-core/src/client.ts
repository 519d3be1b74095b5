import { INVALID_RESPONSE_PROBLEM, NETWORK_PROBLEM, TesseraApiError, toProblem } from './errors.js'
import type { UploadLimits, WidgetConfig } from './types.js'

export const KEY_HEADER = 'X-Tessera-Key'

export interface TesseraClientOptions {
  /** Origin (optionally with a path prefix) of the Tessera API, e.g. `https://api.tessera.example`. */
  apiBase: string
  /** Publishable key (`pk_…`). Public by design, but still never logged. */
  key: string
  /** Injected in tests; defaults to the global `fetch`. */
  fetch?: typeof fetch
}

export interface RequestOptions {
  method?: string
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
}

/** Access to the widget endpoints of the Tessera API for one tenant (one publishable key). */
export class TesseraClient {
  readonly apiBase: string
  readonly key: string
  readonly #fetch: typeof fetch
  #config: Promise<WidgetConfig> | undefined

  constructor(options: TesseraClientOptions) {
    this.apiBase = options.apiBase.replace(/\/+$/, '')
    this.key = options.key
    this.#fetch = options.fetch ?? ((...args) => globalThis.fetch(...args))
  }

  /** Absolute URL for an API path such as `/v1/widget/config`. Keeps any path prefix of the base. */
  url(path: string): string {
    return `${this.apiBase}${path.startsWith('/') ? path : `/${path}`}`
  }

  /**
   * Calls the API with the publishable key. Resolves to the parsed JSON body (or undefined for 204);
   * rejects with a TesseraApiError: the API's problem+json, or status 0 / type `…/network` when there was
   * no readable answer (offline, or CORS refused the origin).
   */
  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      [KEY_HEADER]: this.key,
      ...options.headers,
    }
    const init: RequestInit = {
      method: options.method ?? 'GET',
      headers,
      credentials: 'omit',
      referrerPolicy: 'strict-origin',
      mode: 'cors',
    }
    if (options.signal) init.signal = options.signal
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json'
      init.body = JSON.stringify(options.body)
    }

    let response: Response
    try {
      response = await this.#fetch(this.url(path), init)
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
      throw new TesseraApiError(
        {
          type: NETWORK_PROBLEM,
          title: 'Network error',
          status: 0,
          detail: 'The Tessera API could not be reached, or it did not allow this site (CORS).',
        },
        { cause }
      )
    }

    if (response.status === 204) return undefined as T
    const body: unknown = await response.json().catch(() => undefined)
    if (!response.ok) throw new TesseraApiError(toProblem(response.status, response.statusText, body))
    if (body === undefined) {
      throw new TesseraApiError({
        type: INVALID_RESPONSE_PROBLEM,
        title: 'Invalid response',
        status: response.status,
        detail: 'Expected a JSON body.',
      })
    }
    return body as T
  }

  /** The tenant's widget config; fetched once per client (a failed fetch is forgotten so it can be retried). */
  getWidgetConfig(): Promise<WidgetConfig> {
    this.#config ??= this.request<unknown>('/v1/widget/config').then(parseWidgetConfig)
    this.#config.catch(() => {
      this.#config = undefined
    })
    return this.#config
  }
}

function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback
}

function obj(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

/**
 * Checks the config shape and fills gaps with safe defaults, so a partial answer cannot crash the
 * elements. Values are still tenant data: rendering escapes them and brandingToCss validates them.
 */
export function parseWidgetConfig(json: unknown): WidgetConfig {
  const root = obj(json)
  const tenant = obj(root.tenant)
  if (typeof tenant.id !== 'string' || tenant.id === '') {
    throw new TesseraApiError({
      type: INVALID_RESPONSE_PROBLEM,
      title: 'Invalid response',
      status: 200,
      detail: 'The widget config has no tenant id.',
    })
  }
  const locales = obj(root.locales)
  const branding = obj(root.branding)
  const officer = obj(root.officer)
  const features = obj(root.features)
  const flag = (name: string) => features[name] === true
  const brand = (name: string) => (typeof branding[name] === 'string' ? (branding[name] as string) : null)
  return {
    tenant: {
      id: tenant.id,
      name: str(tenant.name),
      legalName: str(tenant.legalName, str(tenant.name)),
      country: str(tenant.country),
      website: str(tenant.website),
    },
    locales: {
      default: str(locales.default, 'en'),
      supported: Array.isArray(locales.supported)
        ? locales.supported.filter((l): l is string => typeof l === 'string')
        : ['en'],
    },
    branding: {
      primaryColor: brand('primaryColor'),
      accentColor: brand('accentColor'),
      textColor: brand('textColor'),
      backgroundColor: brand('backgroundColor'),
      fontFamily: brand('fontFamily'),
      radius: brand('radius'),
      logoUrl: brand('logoUrl'),
    },
    officer: { name: str(officer.name), department: str(officer.department), email: str(officer.email) },
    features: {
      consent: flag('consent'),
      cookieBanner: flag('cookieBanner'),
      policy: flag('policy'),
      privacyCenter: flag('privacyCenter'),
      upload: flag('upload'),
      viewer: flag('viewer'),
    },
    // Checked where used (uploadLimitsOf): keeps the loader, which parses this, small.
    uploads: obj(root.uploads) as Partial<UploadLimits>,
    apiVersion: str(root.apiVersion, 'v1'),
  }
}
