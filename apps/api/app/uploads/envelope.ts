import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'
import env from '#start/env'

/**
 * Envelope encryption of uploads. Each upload gets its own random AES-256-GCM data key; the data
 * key is stored only wrapped (encrypted) by the master key. Deleting the wrapped key makes every
 * copy of the ciphertext unreadable (crypto-shredding).
 *
 * Ciphertext is a sequence of segments so large files stream in bounded memory:
 *   header  "TSR1" | 12-byte base nonce
 *   segment u32 length | ciphertext (≤ 64 KiB) | 16-byte tag   (nonce = base nonce XOR segment index)
 * The last segment is marked in its additional data, so a truncated file fails to decrypt.
 */
const MAGIC = Buffer.from('TSR1')
const SEGMENT = 64 * 1024

/** Where master keys come from. The environment by default; a KMS can implement the same contract. */
export interface MasterKeyProvider {
  wrap(dataKey: Buffer): Promise<string>
  unwrap(wrapped: string): Promise<Buffer>
}

/** Master key from UPLOAD_MASTER_KEY (base64, 32 bytes), else derived from APP_KEY. */
export class EnvMasterKey implements MasterKeyProvider {
  #key: Buffer

  constructor(secret = env.get('UPLOAD_MASTER_KEY')?.release()) {
    this.#key = secret
      ? Buffer.from(secret, 'base64')
      : createHmac('sha256', 'tessera:upload-master-key').update(env.get('APP_KEY').release()).digest()
    if (this.#key.length !== 32) throw new Error('UPLOAD_MASTER_KEY must be 32 bytes, base64-encoded')
  }

  async wrap(dataKey: Buffer): Promise<string> {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv)
    const body = Buffer.concat([cipher.update(dataKey), cipher.final()])
    return `v1.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`
  }

  async unwrap(wrapped: string): Promise<Buffer> {
    const raw = Buffer.from(wrapped.replace(/^v1\./, ''), 'base64url')
    const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12))
    decipher.setAuthTag(raw.subarray(raw.length - 16))
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()])
  }
}

function nonceFor(base: Buffer, index: number): Buffer {
  const nonce = Buffer.from(base)
  nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ index) >>> 0, 8)
  return nonce
}

function aad(index: number, last: boolean): Buffer {
  const b = Buffer.alloc(5)
  b.writeUInt32BE(index, 0)
  b[4] = last ? 1 : 0
  return b
}

/** Encrypts a plaintext stream; also measures its size and SHA-256 (of the plaintext). */
export class EncryptStream extends Transform {
  readonly sha256 = createHash('sha256')
  size = 0
  #base = randomBytes(12)
  #pending = Buffer.alloc(0)
  #index = 0

  constructor(
    private dataKey: Buffer,
    private maxBytes = Number.POSITIVE_INFINITY
  ) {
    super()
    this.push(Buffer.concat([MAGIC, this.#base]))
  }

  #seal(chunk: Buffer, last: boolean) {
    const cipher = createCipheriv('aes-256-gcm', this.dataKey, nonceFor(this.#base, this.#index))
    cipher.setAAD(aad(this.#index, last))
    const body = Buffer.concat([cipher.update(chunk), cipher.final()])
    const length = Buffer.alloc(4)
    length.writeUInt32BE(body.length)
    this.push(Buffer.concat([length, body, cipher.getAuthTag()]))
    this.#index++
  }

  override _transform(chunk: Buffer, _: BufferEncoding, done: TransformCallback) {
    this.size += chunk.length
    if (this.size > this.maxBytes) return done(new UploadTooLargeError(this.maxBytes))
    this.sha256.update(chunk)
    this.#pending = Buffer.concat([this.#pending, chunk])
    while (this.#pending.length > SEGMENT) {
      this.#seal(this.#pending.subarray(0, SEGMENT), false)
      this.#pending = this.#pending.subarray(SEGMENT)
    }
    done()
  }

  override _flush(done: TransformCallback) {
    this.#seal(this.#pending, true)
    done()
  }
}

export class UploadTooLargeError extends Error {
  constructor(public readonly limit: number) {
    super(`upload larger than ${limit} bytes`)
  }
}

/** Decrypts what EncryptStream wrote; fails on any change, truncation or a wrong key. */
export class DecryptStream extends Transform {
  #buffer = Buffer.alloc(0)
  #base: Buffer | null = null
  #index = 0
  #ended = false

  constructor(private dataKey: Buffer) {
    super()
  }

  override _transform(chunk: Buffer, _: BufferEncoding, done: TransformCallback) {
    this.#buffer = Buffer.concat([this.#buffer, chunk])
    try {
      this.#drain(false)
      done()
    } catch (error) {
      done(error as Error)
    }
  }

  override _flush(done: TransformCallback) {
    try {
      this.#drain(true)
      if (!this.#ended) throw new Error('ciphertext truncated')
      done()
    } catch (error) {
      done(error as Error)
    }
  }

  #drain(final: boolean) {
    if (!this.#base) {
      if (this.#buffer.length < 16) return
      if (!this.#buffer.subarray(0, 4).equals(MAGIC)) throw new Error('not a Tessera ciphertext')
      this.#base = this.#buffer.subarray(4, 16)
      this.#buffer = this.#buffer.subarray(16)
    }
    while (this.#buffer.length >= 4) {
      const length = this.#buffer.readUInt32BE(0)
      if (length > SEGMENT) throw new Error('corrupt segment length')
      if (this.#buffer.length < 4 + length + 16) return
      if (this.#ended) throw new Error('data after the last segment')
      const body = this.#buffer.subarray(4, 4 + length)
      const tag = this.#buffer.subarray(4 + length, 4 + length + 16)
      const rest = this.#buffer.subarray(4 + length + 16)
      // Only at the end do we know a segment is the last one: keep it until then.
      if (!final && rest.length === 0) return
      const last = final && rest.length === 0
      const decipher = createDecipheriv('aes-256-gcm', this.dataKey, nonceFor(this.#base, this.#index))
      decipher.setAAD(aad(this.#index, last))
      decipher.setAuthTag(tag)
      this.push(Buffer.concat([decipher.update(body), decipher.final()]))
      this.#ended = last
      this.#index++
      this.#buffer = rest
    }
  }
}

export function newDataKey(): Buffer {
  return randomBytes(32)
}
