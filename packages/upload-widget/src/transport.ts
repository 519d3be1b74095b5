// The ONE module that moves image bytes to the API. Today: a single XMLHttpRequest POST per file (fetch
// has no upload progress). The API has no resumable (tus) endpoint yet; when it does, a tus transport with
// the same `Transport` signature replaces `xhrTransport` here, and the element does not change.
import { NETWORK_PROBLEM, TesseraApiError, toProblem } from '@tessera/widget-core'

/** The part of XMLHttpRequest the transport uses (so tests and stories can stand in for it). */
export interface XhrLike {
  withCredentials: boolean
  readonly status: number
  readonly statusText: string
  readonly responseText: string
  readonly upload: { onprogress: ((event: ProgressEventLike) => void) | null }
  onload: (() => void) | null
  onerror: (() => void) | null
  onabort: (() => void) | null
  open(method: string, url: string): void
  setRequestHeader(name: string, value: string): void
  send(body: Blob): void
  abort(): void
}

export interface ProgressEventLike {
  loaded: number
  total: number
  lengthComputable: boolean
}

export interface UploadRequest {
  url: string
  headers: Record<string, string>
  body: Blob
  /** Bytes sent so far, of `total`. */
  onProgress(loaded: number, total: number): void
}

export interface UploadHandle {
  /** The parsed JSON answer; rejects with a TesseraApiError, or a DOMException `AbortError` after abort(). */
  result: Promise<unknown>
  abort(): void
}

export type Transport = (request: UploadRequest) => UploadHandle

export type XhrFactory = () => XhrLike

const realXhr: XhrFactory = () => new XMLHttpRequest() as unknown as XhrLike

/** One POST with the whole body; no cookies, progress from `upload.onprogress`. */
export function xhrTransport(createXhr: XhrFactory = realXhr): Transport {
  return (request) => {
    const xhr = createXhr()
    const result = new Promise<unknown>((resolve, reject) => {
      xhr.open('POST', request.url)
      xhr.withCredentials = false
      for (const [name, value] of Object.entries(request.headers)) xhr.setRequestHeader(name, value)
      xhr.upload.onprogress = (event) => {
        request.onProgress(event.loaded, event.lengthComputable ? event.total : request.body.size)
      }
      xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'))
      xhr.onerror = () =>
        reject(
          new TesseraApiError({
            type: NETWORK_PROBLEM,
            title: 'Network error',
            status: 0,
            detail: 'The Tessera API could not be reached, or it did not allow this site (CORS).',
          })
        )
      xhr.onload = () => {
        let body: unknown
        try {
          body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined
        } catch {
          body = undefined
        }
        if (xhr.status >= 200 && xhr.status < 300) resolve(body)
        else reject(new TesseraApiError(toProblem(xhr.status, xhr.statusText, body)))
      }
      xhr.send(request.body)
    })
    result.catch(() => {})
    return { result, abort: () => xhr.abort() }
  }
}
