// Following an analysis as it runs: its server-sent events (`text/event-stream`, read with fetch because
// EventSource cannot send the key and session headers), and polling when the stream is unavailable or
// breaks off. No dependencies; the element decides what to show.
import { isTesseraApiError } from '@tessera/widget-core'
import { isFinished, parseAnalysis } from './api.js'
import type { Analysis } from './api.js'

/** One dispatched server-sent event. */
export interface ServerSentEvent {
  /** The `event:` field, `message` when there was none. */
  type: string
  /** The `data:` lines, joined with line feeds. */
  data: string
  /** The last `id:` seen on the stream ('' if none). */
  id: string
}

/**
 * Turns decoded text into events, whatever the chunk boundaries: lines may end in LF, CRLF or CR (a CR
 * ending a chunk waits for the next one), comments (`: keep-alive`) and unknown fields are skipped, and an
 * event is dispatched at the blank line that ends it (per the HTML standard's event-stream rules).
 */
export class SseParser {
  #buffer = ''
  #type = ''
  #data: string[] = []
  #id = ''

  /** Feeds the next piece of text; returns the events it completed, in order. */
  push(text: string): ServerSentEvent[] {
    const events: ServerSentEvent[] = []
    const buffer = this.#buffer + text
    let start = 0
    for (let i = 0; i < buffer.length; i++) {
      const c = buffer[i]
      if (c !== '\n' && c !== '\r') continue
      // A CR at the very end may be the first half of a CRLF: decide with the next chunk.
      if (c === '\r' && i === buffer.length - 1) break
      this.#line(buffer.slice(start, i), events)
      if (c === '\r' && buffer[i + 1] === '\n') i++
      start = i + 1
    }
    this.#buffer = buffer.slice(start)
    return events
  }

  /** The stream ended: an event without its closing blank line is discarded, as the standard says. */
  end(): ServerSentEvent[] {
    const events: ServerSentEvent[] = []
    if (this.#buffer.endsWith('\r')) this.#line(this.#buffer.slice(0, -1), events)
    this.#buffer = ''
    this.#type = ''
    this.#data = []
    return events
  }

  #line(line: string, events: ServerSentEvent[]): void {
    if (line === '') {
      if (this.#data.length > 0)
        events.push({ type: this.#type || 'message', data: this.#data.join('\n'), id: this.#id })
      this.#type = ''
      this.#data = []
      return
    }
    if (line.startsWith(':')) return
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') this.#type = value
    else if (field === 'data') this.#data.push(value)
    else if (field === 'id' && !value.includes('\0')) this.#id = value
  }
}

/**
 * The events of a `text/event-stream` body as they arrive (UTF-8 decoded across chunk boundaries).
 * Leaving the loop early, or aborting `signal`, cancels the body, which releases the connection.
 */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal
): AsyncGenerator<ServerSentEvent, void, undefined> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  const parser = new SseParser()
  let done = false
  // fetch errors the body of an aborted request; this also ends a body that would not.
  const stop = () => void reader.cancel(signal?.reason).catch(() => {})
  signal?.addEventListener('abort', stop, { once: true })
  try {
    for (;;) {
      const chunk = await reader.read()
      if (chunk.done) {
        done = true
        yield* parser.push(decoder.decode())
        yield* parser.end()
        return
      }
      yield* parser.push(decoder.decode(chunk.value, { stream: true }))
    }
  } finally {
    signal?.removeEventListener('abort', stop)
    if (!done) await reader.cancel().catch(() => {})
    reader.releaseLock()
  }
}

export interface FollowOptions {
  /** Opens the analysis's event stream; leave out to poll only. */
  events?: (signal: AbortSignal) => Promise<ReadableStream<Uint8Array>>
  /** Reads the analysis once (GET /analyses/:id). */
  poll: (signal: AbortSignal) => Promise<Analysis>
  /** Each state seen (the stream's first event is the current one, so it may repeat what is known). */
  onUpdate: (analysis: Analysis) => void
  /** Called once when following switches to polling (the stream failed, ended early, or was left out). */
  onPolling?: () => void
  /** Stops everything: no request is made, and no update reported, after it is aborted. */
  signal: AbortSignal
  /** Milliseconds between polls (default 1500). */
  interval?: number
  /** Failed polls in a row (network, 429, 5xx) tolerated before giving up (default 5). */
  attempts?: number
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError'

/** Worth asking again: no answer, too many requests, or a server error. */
function transient(error: unknown): boolean {
  if (!isTesseraApiError(error)) return !isAbort(error)
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}

/**
 * Follows one analysis until it is finished (done, failed or purged): from its event stream while that
 * works, else by polling. Resolves with the finished analysis, or undefined once `signal` is aborted;
 * rejects when polling fails for good (401, 404, a malformed answer, or too many transient failures).
 */
export async function followAnalysis(options: FollowOptions): Promise<Analysis | undefined> {
  const { signal } = options
  const interval = options.interval ?? 1500
  const attempts = options.attempts ?? 5
  let wait = interval
  if (options.events) {
    try {
      const body = await options.events(signal)
      for await (const event of readServerSentEvents(body, signal)) {
        if (signal.aborted) return undefined
        if (event.type !== 'analysis') continue
        const analysis = parseAnalysis(JSON.parse(event.data))
        options.onUpdate(analysis)
        if (isFinished(analysis)) return analysis
      }
    } catch {
      // Not available, refused, broken off or malformed: polling tells what is really going on.
    }
    if (signal.aborted) return undefined
    // The stream said nothing more: ask at once.
    wait = 0
  }
  options.onPolling?.()
  let failures = 0
  for (;;) {
    if (wait > 0) await sleep(wait, signal)
    if (signal.aborted) return undefined
    try {
      const analysis = await options.poll(signal)
      if (signal.aborted) return undefined
      failures = 0
      options.onUpdate(analysis)
      if (isFinished(analysis)) return analysis
      wait = interval
    } catch (error) {
      if (signal.aborted) return undefined
      if (!transient(error) || ++failures >= attempts) throw error
      wait = Math.min(interval * 2 ** failures, 30_000)
    }
  }
}
