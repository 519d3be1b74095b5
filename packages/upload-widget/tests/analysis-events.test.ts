import { TesseraApiError } from '@tessera/widget-core'
import { describe, expect, it, vi } from 'vitest'
import { followAnalysis, readServerSentEvents, SseParser } from '../src/analysis-events.js'
import type { ServerSentEvent } from '../src/analysis-events.js'
import { parseAnalysis, parseStoredImage } from '../src/api.js'
import type { Analysis, AnalysisStatus } from '../src/api.js'
import { FIXTURE_ANALYSED, fixtureAnalysis } from '../src/fixtures.js'

const encoder = new TextEncoder()

/** A body that sends `chunks` (text or bytes) one by one, then ends, or errors with `error`. */
function body(
  chunks: (string | Uint8Array)[],
  error?: Error
): ReadableStream<Uint8Array> & { cancelled: boolean } {
  let i = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks[i++]
      if (next !== undefined) controller.enqueue(typeof next === 'string' ? encoder.encode(next) : next)
      else if (error) controller.error(error)
      else controller.close()
    },
    cancel() {
      stream.cancelled = true
    },
  }) as ReadableStream<Uint8Array> & { cancelled: boolean }
  stream.cancelled = false
  return stream
}

async function all(stream: ReadableStream<Uint8Array>): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = []
  for await (const event of readServerSentEvents(stream)) events.push(event)
  return events
}

const block = (analysis: Analysis) => `event: analysis\ndata: ${JSON.stringify(analysis)}\n\n`
const at = (status: AnalysisStatus) => fixtureAnalysis('an_1', status)

describe('SseParser', () => {
  it('dispatches at blank lines, several events per chunk, skipping comments and unknown fields', () => {
    const parser = new SseParser()
    const events = parser.push(
      ': hello\n\nevent: analysis\ndata: {"a":1}\n\nretry: 3000\nfoo: bar\ndata: plain\n\n: keep-alive\n\n'
    )
    expect(events).toEqual([
      { type: 'analysis', data: '{"a":1}', id: '' },
      { type: 'message', data: 'plain', id: '' },
    ])
  })

  it('joins data lines, keeps the last id, and reads fields without a space or a colon', () => {
    const parser = new SseParser()
    expect(parser.push('id: 7\ndata:one\ndata\ndata:  two\n\ndata: x\n\n')).toEqual([
      { type: 'message', data: 'one\n\n two', id: '7' },
      { type: 'message', data: 'x', id: '7' },
    ])
  })

  it('accepts LF, CRLF and CR line endings, also when a CRLF is split across chunks', () => {
    const parser = new SseParser()
    expect(parser.push('event: a\r\ndata: 1\r')).toEqual([])
    expect(parser.push('\n\r')).toEqual([])
    expect(parser.push('\nevent: b\rdata: 2\r\r')).toEqual([{ type: 'a', data: '1', id: '' }])
    expect(parser.push('data: 3\n\n')).toEqual([
      { type: 'b', data: '2', id: '' },
      { type: 'message', data: '3', id: '' },
    ])
  })

  it('gives the same events whatever the chunk boundaries (fed one character at a time)', () => {
    const text = `: keep-alive\n\n${block(at('queued'))}${block(at('running'))}\r\n: x\r\n\r\n${block(at('done'))}`
    const whole = new SseParser().push(text)
    const parser = new SseParser()
    const pieces = [...text].flatMap((c) => parser.push(c))
    expect(whole.map((e) => JSON.parse(e.data).status)).toEqual(['queued', 'running', 'done'])
    expect(pieces).toEqual(whole)
  })

  it('discards an event the stream ended in the middle of', () => {
    const parser = new SseParser()
    expect(parser.push('data: complete\n\ndata: cut off')).toHaveLength(1)
    expect(parser.end()).toEqual([])
    // A trailing CR that is the blank line still ends its event.
    expect(parser.push('data: last\n\r')).toEqual([])
    expect(parser.end()).toEqual([{ type: 'message', data: 'last', id: '' }])
  })
})

describe('readServerSentEvents', () => {
  it('decodes UTF-8 split inside a character, across chunks', async () => {
    const bytes = encoder.encode('event: analysis\ndata: {"error":"분석 실패"}\n\n')
    const cut = bytes.indexOf(0xeb) + 1 // inside the first Korean syllable
    const events = await all(body([bytes.slice(0, 3), bytes.slice(3, cut), bytes.slice(cut)]))
    expect(events).toEqual([{ type: 'analysis', data: '{"error":"분석 실패"}', id: '' }])
  })

  it('cancels the body when the reader stops early', async () => {
    const stream = body(['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n'])
    for await (const event of readServerSentEvents(stream)) if (event.data === '1') break
    expect(stream.cancelled).toBe(true)
  })

  it('ends when its signal is aborted, even if the body would go on', async () => {
    const controller = new AbortController()
    let cancelled = false
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(encoder.encode('data: 1\n\n'))
      },
      cancel() {
        cancelled = true
      },
    })
    const events: string[] = []
    for await (const event of readServerSentEvents(stream, controller.signal)) {
      events.push(event.data)
      controller.abort()
    }
    expect(events).toEqual(['1'])
    expect(cancelled).toBe(true)
  })

  it('passes a broken stream on as an error', async () => {
    await expect(all(body(['data: 1\n\n'], new TypeError('network error')))).rejects.toThrow('network error')
  })
})

describe('followAnalysis', () => {
  const setup = (events?: (signal: AbortSignal) => Promise<ReadableStream<Uint8Array>>) => {
    const seen: AnalysisStatus[] = []
    const poll = vi.fn<(signal: AbortSignal) => Promise<Analysis>>()
    const onPolling = vi.fn()
    const controller = new AbortController()
    const run = () =>
      followAnalysis({
        ...(events ? { events } : {}),
        poll,
        onUpdate: (a) => seen.push(a.status),
        onPolling,
        signal: controller.signal,
        interval: 1,
      })
    return { seen, poll, onPolling, controller, run }
  }

  it('follows the stream to the end, without polling', async () => {
    const stream = [block(at('queued')), `: keep-alive\n\n${block(at('running'))}`, block(at('done'))]
    const f = setup(async () => body(stream.join('').match(/[\s\S]{1,9}/g)!))
    const result = await f.run()
    expect(result?.status).toBe('done')
    expect(f.seen).toEqual(['queued', 'running', 'done'])
    expect(f.poll).not.toHaveBeenCalled()
    expect(f.onPolling).not.toHaveBeenCalled()
  })

  it('polls when the stream cannot be opened (404, 500, network) or is not offered', async () => {
    for (const failure of [
      new TesseraApiError({ type: 'about:blank', title: 'Not found', status: 404 }),
      new TesseraApiError({ type: 'about:blank', title: 'Internal', status: 500 }),
      new TesseraApiError({ type: 'network', title: 'Network error', status: 0 }),
    ]) {
      const f = setup(() => Promise.reject(failure))
      f.poll.mockResolvedValueOnce(at('running')).mockResolvedValueOnce(at('failed'))
      expect((await f.run())?.status).toBe('failed')
      expect(f.seen).toEqual(['running', 'failed'])
      expect(f.onPolling).toHaveBeenCalledOnce()
    }
    const f = setup()
    f.poll.mockResolvedValueOnce(at('done'))
    expect((await f.run())?.status).toBe('done')
    expect(f.onPolling).toHaveBeenCalledOnce()
  })

  it('polls when the stream breaks off, ends early or sends something malformed', async () => {
    for (const stream of [
      () => body([block(at('queued'))], new TypeError('network error')),
      () => body([block(at('preprocessing'))]),
      () => body([block(at('queued')), 'event: analysis\ndata: {"id":"an_1","status":"exploded"}\n\n']),
    ]) {
      const f = setup(async () => stream())
      f.poll.mockResolvedValueOnce(at('done'))
      expect((await f.run())?.status).toBe('done')
      expect(f.poll).toHaveBeenCalledOnce()
      expect(f.seen.at(-1)).toBe('done')
    }
  })

  it('stops at once when aborted: no further poll, no update', async () => {
    const f = setup()
    f.poll.mockImplementation(async () => {
      if (f.poll.mock.calls.length === 2) f.controller.abort()
      return at('running')
    })
    expect(await f.run()).toBeUndefined()
    await new Promise((r) => setTimeout(r, 20))
    expect(f.poll).toHaveBeenCalledTimes(2)
    expect(f.seen).toEqual(['running'])
  })

  it('aborting ends the stream it is reading', async () => {
    const controller = new AbortController()
    const poll = vi.fn<(signal: AbortSignal) => Promise<Analysis>>()
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(encoder.encode(block(at('queued'))))
        // What fetch does with the body of an aborted request.
        controller.signal.addEventListener('abort', () => c.error(controller.signal.reason))
      },
    })
    const result = followAnalysis({
      events: async () => stream,
      poll,
      onUpdate: () => controller.abort(),
      signal: controller.signal,
      interval: 1,
    })
    expect(await result).toBeUndefined()
    expect(poll).not.toHaveBeenCalled()
  })

  it('rides out transient poll failures, gives up on lasting or definite ones', async () => {
    const busy = new TesseraApiError({ type: 'about:blank', title: 'Busy', status: 503 })
    const f = setup()
    f.poll.mockRejectedValueOnce(busy).mockRejectedValueOnce(busy).mockResolvedValueOnce(at('done'))
    expect((await f.run())?.status).toBe('done')

    const g = setup()
    g.poll.mockRejectedValue(busy)
    await expect(g.run()).rejects.toBe(busy)
    expect(g.poll).toHaveBeenCalledTimes(5)

    const gone = new TesseraApiError({ type: 'about:blank', title: 'Not found', status: 404 })
    const h = setup()
    h.poll.mockRejectedValue(gone)
    await expect(h.run()).rejects.toBe(gone)
    expect(h.poll).toHaveBeenCalledOnce()
  })
})

describe('analysis parsing', () => {
  it('reads analyses leniently and refuses malformed ones', () => {
    const parsed = parseAnalysis({
      ...fixtureAnalysis('an_x', 'done'),
      summary: { kind: 'segmentation', labels: ['background', 2], scores: [0.9, 'x'], timings: null },
      extra: true,
    })
    expect(parsed.summary).toEqual({
      kind: 'segmentation',
      labels: ['background', '2'],
      scores: [0.9, 0],
      width: 0,
      height: 0,
      timings: { preprocess: 0, run: 0, postprocess: 0 },
    })
    expect(parseAnalysis({ id: 'an_y', status: 'queued' })).toMatchObject({
      model: { name: '', version: '' },
      error: null,
      summary: null,
      finishedAt: null,
    })
    for (const bad of [null, [], { id: 'an_z' }, { id: 'an_z', status: 'exploded' }, { status: 'queued' }]) {
      expect(() => parseAnalysis(bad)).toThrow(
        expect.objectContaining({ status: 200, type: expect.stringContaining('invalid-response') })
      )
    }
    expect(() => parseAnalysis({ id: 'a', status: 'done', summary: { kind: 'poetry' } })).toThrow(
      /unknown kind/
    )
  })

  it('stored images carry their latest analysis, or null', () => {
    const { analysis: _, ...plain } = FIXTURE_ANALYSED.done
    expect(parseStoredImage(plain).analysis).toBeNull()
    expect(parseStoredImage(FIXTURE_ANALYSED.done).analysis).toEqual(FIXTURE_ANALYSED.done.analysis)
  })
})
