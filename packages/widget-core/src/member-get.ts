import { NETWORK_PROBLEM, TesseraApiError, toProblem } from './errors.js'
import { KEY_HEADER, type TesseraClient } from './client.js'

export interface MemberGetOptions {
  /** The member's session token (`mt_…`). */
  session: string
  /** What the caller reads: `text/event-stream`, an image type, … */
  accept: string
  signal?: AbortSignal
  /** Problem detail when there is no answer at all, e.g. "The image could not be fetched." */
  unavailable: string
}

/**
 * A GET as the signed-in member whose body is not JSON (an event stream, image bytes): the publishable
 * key and the session in headers (never in the URL), no cookies, and never into the HTTP cache (member
 * data). Resolves to the response when it is 2xx; rejects with a TesseraApiError (the API's problem, or
 * status 0 / `…/network`), or an `AbortError`.
 */
export async function memberGet(
  client: TesseraClient,
  fetchImpl: typeof fetch,
  path: string,
  options: MemberGetOptions
): Promise<Response> {
  let response: Response
  try {
    response = await fetchImpl(client.url(path), {
      method: 'GET',
      headers: {
        Accept: options.accept,
        [KEY_HEADER]: client.key,
        Authorization: `Bearer ${options.session}`,
      },
      credentials: 'omit',
      referrerPolicy: 'strict-origin',
      mode: 'cors',
      cache: 'no-store',
      ...(options.signal ? { signal: options.signal } : {}),
    })
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw new TesseraApiError(
      { type: NETWORK_PROBLEM, title: 'Network error', status: 0, detail: options.unavailable },
      { cause }
    )
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined)
    throw new TesseraApiError(toProblem(response.status, response.statusText, body))
  }
  return response
}
