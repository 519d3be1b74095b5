// The member calls <tessera-upload> makes besides the upload itself (see transport.ts): the imaging consent
// (a tiny copy of the two consent calls, so this bundle does not pull in the consent widget) and the list
// of stored images. Lenient parsers: a malformed answer becomes an `invalid-response` error, not a crash.
// Keep in step with apps/api (app/consent, app/uploads).
import { INVALID_RESPONSE_PROBLEM, KEY_HEADER, TesseraApiError } from '@tessera/widget-core'
import type { Locale, TesseraClient } from '@tessera/widget-core'

/** The purpose whose explicit consent uploading needs (special-category data: health). */
export const IMAGING_PURPOSE = 'image_analysis'

export const UPLOADS_PATH = '/v1/widget/me/uploads'

export interface ImagingConsent {
  policyVersion: string
  /** Whether the tenant's policy has the purpose at all. */
  offered: boolean
  granted: boolean
  title: string
  description: string
}

export interface StoredImage {
  id: string
  contentType: string
  size: number
  status: string
  uploadedAt: string
  expiresAt: string
}

export interface UploadCompleteDetail {
  id: string
  contentType: string
  expiresAt: string
}

function invalid(detail: string): TesseraApiError {
  return new TesseraApiError({
    type: INVALID_RESPONSE_PROBLEM,
    title: 'Invalid response',
    status: 200,
    detail,
  })
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`${what} is not an object.`)
  return value as Record<string, unknown>
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

function required(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw invalid(`${what} is missing.`)
  return value
}

export function parseImagingConsent(json: unknown): ImagingConsent {
  const c = record(json, 'The consent choices')
  if (!Array.isArray(c.purposes)) throw invalid('The consent choices have no purposes array.')
  const purpose = c.purposes
    .filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null)
    .find((p) => p.key === IMAGING_PURPOSE)
  return {
    policyVersion: required(c.policyVersion, 'The policy version'),
    offered: purpose !== undefined,
    // A purpose the member must answer again (changed in the policy now in effect) is not granted yet.
    granted: purpose?.state === 'granted' && purpose.needsAnswer !== true,
    title: text(purpose?.title),
    description: text(purpose?.description),
  }
}

export function parseStoredImage(json: unknown): StoredImage {
  const u = record(json, 'An upload')
  return {
    id: required(u.id, 'The upload id'),
    contentType: text(u.contentType),
    size: typeof u.size === 'number' ? u.size : 0,
    status: text(u.status),
    uploadedAt: text(u.uploadedAt),
    expiresAt: required(u.expiresAt, 'The deletion time'),
  }
}

export function parseStoredList(json: unknown): StoredImage[] {
  const l = record(json, 'The uploads')
  if (!Array.isArray(l.data)) throw invalid('The uploads answer has no data array.')
  return l.data.map(parseStoredImage)
}

export class UploadsApi {
  readonly #client: TesseraClient
  readonly #locale: Locale

  constructor(client: TesseraClient, locale: Locale) {
    this.#client = client
    this.#locale = locale
  }

  #auth(session: string): Record<string, string> {
    return { Authorization: `Bearer ${session}` }
  }

  #query(): string {
    return new URLSearchParams({ locale: this.#locale }).toString()
  }

  /** GET /v1/widget/me/consents: is image analysis granted? */
  async imagingConsent(session: string): Promise<ImagingConsent> {
    return parseImagingConsent(
      await this.#client.request<unknown>(`/v1/widget/me/consents?${this.#query()}`, {
        headers: this.#auth(session),
      })
    )
  }

  /** POST /v1/widget/me/consents: grants image analysis under the policy version the member saw. */
  async grantImaging(session: string, policyVersion: string): Promise<void> {
    await this.#client.request<unknown>(`/v1/widget/me/consents?${this.#query()}`, {
      method: 'POST',
      body: { purpose: IMAGING_PURPOSE, action: 'grant', policyVersion },
      headers: this.#auth(session),
    })
  }

  /** GET /v1/widget/me/uploads: the member's stored images (purged ones are not listed). */
  async list(session: string): Promise<StoredImage[]> {
    return parseStoredList(
      await this.#client.request<unknown>(UPLOADS_PATH, { headers: this.#auth(session) })
    )
  }

  /** DELETE /v1/widget/me/uploads/:id: deletes now (204). */
  async remove(session: string, id: string): Promise<void> {
    await this.#client.request<unknown>(`${UPLOADS_PATH}/${encodeURIComponent(id)}`, {
      method: 'DELETE',
      headers: this.#auth(session),
    })
  }

  /** Where and how the transport sends one image: the body is the bytes, nothing else (no file name). */
  uploadTarget(session: string, contentType: string): { url: string; headers: Record<string, string> } {
    return {
      url: this.#client.url(UPLOADS_PATH),
      headers: {
        Accept: 'application/json',
        [KEY_HEADER]: this.#client.key,
        ...this.#auth(session),
        'Content-Type': contentType,
      },
    }
  }
}

export function parseUploadComplete(json: unknown): UploadCompleteDetail {
  const u = record(json, 'The upload')
  return {
    id: required(u.id, 'The upload id'),
    contentType: text(u.contentType),
    expiresAt: required(u.expiresAt, 'The deletion time'),
  }
}
