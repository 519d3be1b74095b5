import { createHash } from 'node:crypto'
import * as ort from 'onnxruntime-node'
import type { InferenceSession } from 'onnxruntime-node'

/**
 * Per-process cache of onnxruntime sessions, keyed by the sha256 of the model bytes. Creating a
 * session parses and optimises the whole graph, so workers keep a few warm ones; the bound keeps
 * memory predictable when tenants bring many models.
 *
 * Execution providers: 'cpu' is the default and the only one this repository ships. 'cuda' is used
 * only when asked for. The CUDA provider libraries (libonnxruntime_providers_cuda.so and friends) are
 * normally fetched by onnxruntime-node's install script, which this repository does not allow to run,
 * so they exist only if an operator installs them. Without them a 'cuda' session fails to load; it
 * falls back to CPU only when `cpuFallback` is set, and that fallback is logged as a warning.
 */

export type ExecutionProvider = 'cpu' | 'cuda'

/** Returns the ONNX bytes stored for a sha256 (from the drive, a database row, a fixture...). */
export type ModelLoader = (sha256: string) => Promise<Uint8Array>

export type SessionFactory = (
  bytes: Uint8Array,
  options: InferenceSession.SessionOptions
) => Promise<InferenceSession>

/** The subset of the AdonisJS/pino logger the cache uses. */
export type CacheLogger = {
  info(details: Record<string, unknown>, message: string): void
  warn(details: Record<string, unknown>, message: string): void
}

export type SessionCacheOptions = {
  loadBytes: ModelLoader
  /** Sessions kept at most (in use ones may briefly exceed it). Default 4. */
  maxSessions?: number
  executionProvider?: ExecutionProvider
  /** With 'cuda': when CUDA cannot be initialised, load on CPU and log a warning instead of failing. */
  cpuFallback?: boolean
  intraOpNumThreads?: number
  logger?: CacheLogger
  /** Replaces onnxruntime's session creation (tests). */
  createSession?: SessionFactory
}

/** A cached model could not be turned into a session. */
export class SessionLoadError extends Error {
  constructor(
    message: string,
    readonly sha256: string,
    options?: ErrorOptions
  ) {
    super(message, options)
    this.name = 'SessionLoadError'
  }
}

type Loaded = { session: InferenceSession; provider: ExecutionProvider }

/** What a loaded model declares, copied out so it stays valid after the session is released. */
export type SessionInfo = {
  provider: ExecutionProvider
  inputNames: string[]
  outputNames: string[]
  inputMetadata: InferenceSession.ValueMetadata[]
  outputMetadata: InferenceSession.ValueMetadata[]
}

type Entry = {
  ready: Promise<Loaded>
  loaded?: Loaded
  /** Runs in progress; a pinned session is never released. */
  pins: number
  /** Dropped from the cache; released as soon as the last pin goes. */
  evicted: boolean
}

const SHA256 = /^[0-9a-f]{64}$/

export class SessionCache {
  readonly #entries = new Map<string, Entry>()
  readonly #options: Required<
    Pick<SessionCacheOptions, 'maxSessions' | 'executionProvider' | 'cpuFallback'>
  > &
    SessionCacheOptions

  constructor(options: SessionCacheOptions) {
    const maxSessions = options.maxSessions ?? 4
    if (!Number.isInteger(maxSessions) || maxSessions < 1) {
      throw new RangeError('maxSessions must be a positive integer')
    }
    this.#options = {
      ...options,
      maxSessions,
      executionProvider: options.executionProvider ?? 'cpu',
      cpuFallback: options.cpuFallback ?? false,
    }
  }

  /** Sessions held, including those still loading. */
  get size(): number {
    return this.#entries.size
  }

  has(sha256: string): boolean {
    return this.#entries.has(sha256)
  }

  /** The provider a cached session actually runs on (differs from the option after a CPU fallback). */
  providerOf(sha256: string): ExecutionProvider | undefined {
    return this.#entries.get(sha256)?.loaded?.provider
  }

  /**
   * Loads a model (or joins the load already under way) and describes it. Sessions themselves are
   * only handed out pinned, through withSession()/run(), so an eviction can never release a session
   * someone is about to use.
   */
  prepare(sha256: string): Promise<SessionInfo> {
    return this.#pinned(sha256, async ({ session, provider }) => ({
      provider,
      inputNames: [...session.inputNames],
      outputNames: [...session.outputNames],
      inputMetadata: session.inputMetadata.map((m) => ({ ...m })),
      outputMetadata: session.outputMetadata.map((m) => ({ ...m })),
    }))
  }

  /**
   * Runs `fn` with the model's session, loading it on first use; concurrent calls for one model share
   * a single load. The session is pinned until `fn` settles: do not keep it beyond that.
   */
  withSession<T>(sha256: string, fn: (session: InferenceSession) => Promise<T>): Promise<T> {
    return this.#pinned(sha256, ({ session }) => fn(session))
  }

  run(
    sha256: string,
    feeds: InferenceSession.FeedsType,
    fetches?: InferenceSession.FetchesType
  ): Promise<InferenceSession.ReturnType> {
    return this.withSession(sha256, (session) => (fetches ? session.run(feeds, fetches) : session.run(feeds)))
  }

  async #pinned<T>(sha256: string, fn: (loaded: Loaded) => Promise<T>): Promise<T> {
    const entry = this.#entry(sha256)
    entry.pins++
    try {
      return await fn(await entry.ready)
    } finally {
      entry.pins--
      if (entry.evicted) await this.#releaseIfIdle(entry)
      else this.#trim()
    }
  }

  /** Drops one model (e.g. after it was deleted); released once no run uses it. */
  async evict(sha256: string): Promise<void> {
    const entry = this.#entries.get(sha256)
    if (!entry) return
    this.#entries.delete(sha256)
    entry.evicted = true
    await this.#releaseIfIdle(entry)
  }

  /** Drops everything (worker shutdown). */
  async clear(): Promise<void> {
    await Promise.all([...this.#entries.keys()].map((sha) => this.evict(sha)))
  }

  #entry(sha256: string): Entry {
    if (!SHA256.test(sha256)) throw new TypeError('A model key must be a lowercase hex sha256')
    const existing = this.#entries.get(sha256)
    if (existing) {
      // Map order is the recency order: move to the back.
      this.#entries.delete(sha256)
      this.#entries.set(sha256, existing)
      return existing
    }
    const entry: Entry = { ready: this.#load(sha256), pins: 0, evicted: false }
    this.#entries.set(sha256, entry)
    entry.ready.then(
      async (loaded) => {
        entry.loaded = loaded
        if (entry.evicted) await this.#releaseIfIdle(entry)
        else this.#trim()
      },
      () => {
        // A failed load is not cached: the next call tries again.
        if (this.#entries.get(sha256) === entry) this.#entries.delete(sha256)
      }
    )
    return entry
  }

  async #load(sha256: string): Promise<Loaded> {
    const bytes = await this.#options.loadBytes(sha256)
    const actual = createHash('sha256').update(bytes).digest('hex')
    if (actual !== sha256) {
      // The store returned other bytes than the ones validated under this key: never run them.
      throw new SessionLoadError(`Model bytes for ${sha256} hash to ${actual}; refusing to load them`, sha256)
    }
    const { executionProvider, cpuFallback, logger } = this.#options
    try {
      return { session: await this.#create(bytes, executionProvider), provider: executionProvider }
    } catch (error) {
      if (executionProvider === 'cpu' || !cpuFallback) {
        throw new SessionLoadError(
          `Could not create a ${executionProvider} session for model ${sha256}: ${(error as Error).message}`,
          sha256,
          { cause: error }
        )
      }
      logger?.warn(
        { sha256, provider: executionProvider, err: (error as Error).message },
        'execution provider unavailable; running the model on CPU'
      )
      return { session: await this.#create(bytes, 'cpu'), provider: 'cpu' }
    }
  }

  #create(bytes: Uint8Array, provider: ExecutionProvider): Promise<InferenceSession> {
    const options: InferenceSession.SessionOptions = {
      // CUDA assigns the operators it supports; the CPU provider is named explicitly for the rest.
      executionProviders: provider === 'cuda' ? ['cuda', 'cpu'] : ['cpu'],
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
      ...(this.#options.intraOpNumThreads ? { intraOpNumThreads: this.#options.intraOpNumThreads } : {}),
    }
    const create = this.#options.createSession ?? ((b, o) => ort.InferenceSession.create(b, o))
    return create(bytes, options)
  }

  /** Evicts least recently used idle sessions until the bound holds. */
  #trim(): void {
    if (this.#entries.size <= this.#options.maxSessions) return
    for (const [sha, entry] of this.#entries) {
      if (this.#entries.size <= this.#options.maxSessions) break
      if (entry.pins > 0 || !entry.loaded) continue
      this.#entries.delete(sha)
      entry.evicted = true
      void this.#releaseIfIdle(entry)
    }
  }

  async #releaseIfIdle(entry: Entry): Promise<void> {
    if (entry.pins > 0 || !entry.loaded) return
    const { session } = entry.loaded
    // Clear first so a second caller cannot release the same session twice.
    entry.loaded = undefined
    try {
      await session.release()
    } catch (error) {
      this.#options.logger?.warn({ err: (error as Error).message }, 'releasing an inference session failed')
    }
  }
}
