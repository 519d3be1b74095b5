// The admin API as the console uses it: a bearer token, JSON in and out, RFC 9457 problems as errors.

/** One field at fault in a 422 problem (`officer.email`, `name`, …). */
export interface FieldError {
  field: string
  message: string
  rule?: string
}

/** A problem+json answer (or a network failure, status 0). */
export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors: FieldError[] = []
  ) {
    super(detail ?? title)
  }
}

export type Role = 'owner' | 'admin' | 'privacy_officer' | 'analyst'

/** GET /v1/admin/session */
export interface WhoAmI {
  role: Role
  email: string | null
  fullName: string | null
  tenant: { id: string; name: string }
  permissions: string[]
}

/** POST /v1/admin/sessions */
export interface SignedIn {
  token: string
  expiresAt: string | null
}

/** The parts of GET /v1/admin/tenant the console edits so far. */
export interface TenantSettings {
  id: string
  name: string
  legalName: string
  officer: { name: string; department: string; email: string }
  [more: string]: unknown
}

export type TenantChanges = Partial<{
  name: string
  legalName: string
  officer: Partial<TenantSettings['officer']>
}>

/** One model of the tenant's registry (GET /v1/admin/models). */
export interface ConsoleModel {
  id: string
  name: string
  version: string
  sha256: string
  size: number
  active: boolean
  manifest: unknown
  createdAt: string
  activatedAt: string | null
}

/** GET /v1/admin/models: the registry and what new analyses use. */
export interface ModelRegistry {
  data: ConsoleModel[]
  platformDefault: { name: string; version: string; sha256: string; manifest: unknown }
  inUse: { id: string | null; name: string; version: string }
}

export type Fetch = typeof fetch

/**
 * Extra request headers (`If-Match`) and a look at a successful answer's headers (`ETag`), for
 * records two staff members may edit at once (app/shared/preconditions.ts in the API).
 */
export interface RequestOptions {
  headers?: Record<string, string>
  answered?: (headers: Headers) => void
}

/** The error for a refused answer, from its problem+json body when it has one. */
function problemOf(response: Response, json: Record<string, unknown> | null) {
  return new ConsoleApiError(
    response.status,
    String(json?.type ?? 'about:blank'),
    String(json?.title ?? response.statusText),
    typeof json?.detail === 'string' ? json.detail : undefined,
    Array.isArray(json?.errors) ? (json.errors as FieldError[]) : []
  )
}

export class ConsoleApi {
  constructor(
    readonly base: string,
    private token: string | null = null,
    private fetcher: Fetch = (...args) => fetch(...args),
    /** The console's language: the API writes its field errors in it (Accept-Language). */
    readonly language: string | null = null
  ) {}

  /**
   * One call of the admin API: JSON (or FormData) in, JSON out, a problem as a `ConsoleApiError`.
   * Pages with calls of their own build on this (each page folder has its `api.ts`).
   */
  async request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    const { data, headers } = await this.exchange<T>(method, path, body, options.headers)
    options.answered?.(headers)
    return data
  }

  /**
   * Like request(), with extra request headers (`If-Match`) and the answer's headers (`ETag`), for
   * records two staff members may edit at once. A Blob body (an image) is sent as it is, with its
   * own content type; FormData as multipart; anything else as JSON.
   */
  async exchange<T>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {}
  ): Promise<{ data: T; headers: Headers }> {
    const headers: Record<string, string> = {
      ...extraHeaders,
      accept: 'application/json, application/problem+json',
    }
    if (this.language) headers['accept-language'] = this.language
    const form = body instanceof FormData
    const raw = body instanceof Blob ? body : undefined
    if (raw) headers['content-type'] = raw.type || 'application/octet-stream'
    else if (body !== undefined && !form) headers['content-type'] = 'application/json'
    if (this.token) headers.authorization = `Bearer ${this.token}`
    let response: Response
    try {
      response = await this.fetcher(`${this.base}${path}`, {
        method,
        headers,
        body: raw ?? (body === undefined ? undefined : form ? (body as FormData) : JSON.stringify(body)),
      })
    } catch {
      throw new ConsoleApiError(0, 'network', 'Network error')
    }
    if (response.status === 204) return { data: undefined as T, headers: response.headers }
    const json = (await response.json().catch(() => null)) as Record<string, unknown> | null
    if (!response.ok) {
      throw problemOf(response, json)
    }
    return { data: json as T, headers: response.headers }
  }

  /**
   * A file the API renders (CSV, JSON or HTML exports), as a Blob with the name the API suggests in
   * `content-disposition`; problems as `ConsoleApiError`.
   */
  async download(path: string): Promise<{ blob: Blob; fileName: string | null }> {
    const headers: Record<string, string> = {}
    if (this.token) headers.authorization = `Bearer ${this.token}`
    let response: Response
    try {
      response = await this.fetcher(`${this.base}${path}`, { headers })
    } catch {
      throw new ConsoleApiError(0, 'network', 'Network error')
    }
    if (!response.ok) {
      const json = (await response.json().catch(() => null)) as Record<string, unknown> | null
      throw problemOf(response, json)
    }
    const disposition = response.headers.get('content-disposition') ?? ''
    const fileName = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null
    return { blob: await response.blob(), fileName }
  }

  signIn(tenant: string, email: string, password: string) {
    return this.request<SignedIn>('POST', '/v1/admin/sessions', { tenant, email, password })
  }
  signOut() {
    return this.request<void>('DELETE', '/v1/admin/sessions/current')
  }
  whoAmI() {
    return this.request<WhoAmI>('GET', '/v1/admin/session')
  }
  tenant() {
    return this.request<TenantSettings>('GET', '/v1/admin/tenant')
  }
  updateTenant(changes: TenantChanges) {
    return this.request<TenantSettings>('PATCH', '/v1/admin/tenant', changes)
  }
  models() {
    return this.request<ModelRegistry>('GET', '/v1/admin/models')
  }
  /** multipart/form-data: the `.onnx` file as `model`, the manifest JSON text as `manifest`. */
  uploadModel(model: Blob, fileName: string, manifest: string) {
    const form = new FormData()
    form.append('model', model, fileName)
    form.append('manifest', manifest)
    return this.request<ConsoleModel>('POST', '/v1/admin/models', form)
  }
  activateModel(id: string) {
    return this.request<ConsoleModel>('POST', `/v1/admin/models/${encodeURIComponent(id)}/activate`)
  }
  deactivateModel(id: string) {
    return this.request<ConsoleModel>('POST', `/v1/admin/models/${encodeURIComponent(id)}/deactivate`)
  }
}

/** Where the console keeps its session token: this tab only, gone when the tab closes. */
export const TOKEN_KEY = 'tessera.console.token'
