// The ONE module that moves image bytes to the API: `tusTransport` (resumable, the default) or
// `xhrTransport` (one POST per file; tests and stories drive it with a stand-in XMLHttpRequest).
import { Upload as TusUpload, type DetailedError } from 'tus-js-client'
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

/**
 * Resumable uploads with the tus protocol (the API's `/v1/widget/me/tus`): the file goes in 5 MB
 * chunks; a dropped connection is retried from the server's offset, and after a page reload the
 * same file (picked again) continues where it stopped. Resume URLs are kept by tus-js-client in
 * localStorage (upload URLs only, never image bytes) and removed on success.
 */
export function tusTransport(): Transport {
  return (request) => {
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]))
    const contentType = headers['content-type'] ?? 'application/octet-stream'
    delete headers['content-type']
    delete headers.accept
    let upload: TusUpload | null = null
    let rejectAbort: ((error: unknown) => void) | null = null
    const result = new Promise<unknown>((resolve, reject) => {
      rejectAbort = reject
      upload = new TusUpload(request.body, {
        endpoint: request.url.replace(/\/uploads$/, '/tus'),
        headers,
        metadata: { filetype: contentType },
        chunkSize: 5 * 1024 * 1024,
        retryDelays: [0, 1000, 3000, 5000, 10000],
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        // Resume only with identical bytes: the fingerprint is the content's SHA-256 (a Blob has no
        // name or date, and the default fingerprint would match any file of the same size).
        fingerprint: async (file) => contentFingerprint(file as Blob, request.url),
        onProgress: (sent, total) => request.onProgress(sent, total),
        onError: (error) => reject(tusProblem(error)),
        onSuccess: async ({ lastResponse }) => {
          // The stored image's record, as a direct upload answers it.
          const id = lastResponse.getHeader('Tessera-Upload-Id')
          const list = await fetch(request.url, { headers, credentials: 'omit' }).then((r) => r.json())
          const found = (list?.data ?? []).find((u: { id: string }) => u.id === id)
          if (found) resolve(found)
          else reject(new TesseraApiError({ type: NETWORK_PROBLEM, title: 'Upload not found', status: 0 }))
        },
      })
      void upload.findPreviousUploads().then((previous) => {
        if (previous[0]) upload!.resumeFromPreviousUpload(previous[0])
        upload!.start()
      })
    })
    return {
      result,
      abort() {
        void upload?.abort(true)
        rejectAbort?.(new DOMException('The upload was cancelled.', 'AbortError'))
      },
    }
  }
}

async function contentFingerprint(file: Blob, endpoint: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer())
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `tessera-${hex}-${endpoint}`
}

function tusProblem(error: Error | DetailedError): TesseraApiError {
  const response = 'originalResponse' in error ? error.originalResponse : null
  if (!response) {
    return new TesseraApiError({
      type: NETWORK_PROBLEM,
      title: 'Network error',
      status: 0,
      detail: 'The Tessera API could not be reached.',
    })
  }
  let body: unknown
  try {
    body = JSON.parse(response.getBody())
  } catch {
    body = undefined
  }
  return new TesseraApiError(toProblem(response.getStatus(), '', body))
}
