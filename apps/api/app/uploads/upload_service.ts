import logger from '@adonisjs/core/services/logger'
import { inject } from '@adonisjs/core'
import { DateTime } from 'luxon'
import { PassThrough, Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import clock from '#shared/clock'
import { publicId } from '#shared/crypto'
import { ProblemError, problems } from '#shared/problem'
import type Tenant from '#tenancy/tenant'
import type { UploadFormat } from '#tenancy/tenant'
import { asSystem, withTenant } from '#tenancy/tenant_context'
import type Member from '#members/member'
import ConsentService from '#consent/consent_service'
import RestrictionGuard from '#privacy_requests/restriction_guard'
import { queue } from '#queue/queues'
import Upload from '#uploads/upload'
import { deidentifyUpload } from '#uploads/deidentification'
import {
  DecryptStream,
  EncryptStream,
  EnvMasterKey,
  newDataKey,
  UploadTooLargeError,
  type MasterKeyProvider,
} from '#uploads/envelope'

/** Media types accepted, with the signature their first bytes must carry. */
export const UPLOAD_TYPES: Record<string, (head: Buffer) => boolean> = {
  'application/dicom': (b) => b.length >= 132 && b.subarray(128, 132).toString('latin1') === 'DICM',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
}

/** The tenant setting's names for the media types. */
export const UPLOAD_FORMATS: Record<UploadFormat, string> = {
  dicom: 'application/dicom',
  png: 'image/png',
  jpeg: 'image/jpeg',
}

const MiB = 1024 * 1024
/** The platform's ceiling per file; tenants choose a limit up to it. DICOM streams, so size costs no memory. */
export const MAX_UPLOAD_BYTES = 2048 * MiB
/** PNG and JPEG are cleaned in memory, so they have a lower ceiling whatever the tenant allows. */
export const MAX_RASTER_BYTES = 100 * MiB

/** The limits a tenant's members upload under (also sent to the widget). */
export function uploadLimits(tenant: Tenant) {
  const { uploadTypes, uploadMaxMegabytes, uploadMaxFiles, imageRetentionHours } = tenant.settings
  return {
    contentTypes: uploadTypes.map((f) => UPLOAD_FORMATS[f]),
    maxBytes: Math.min(uploadMaxMegabytes * MiB, MAX_UPLOAD_BYTES),
    maxRasterBytes: Math.min(uploadMaxMegabytes * MiB, MAX_RASTER_BYTES),
    maxFiles: uploadMaxFiles,
    retentionHours: imageRetentionHours,
  }
}

/**
 * Reads the first bytes of a body to check its signature before anything is stored; returns the
 * body again (those bytes first), counted against `limit`.
 */
async function checkedBody(
  body: AsyncIterable<Buffer>,
  check: (head: Buffer) => boolean,
  limit: number
): Promise<AsyncIterable<Buffer>> {
  const iterator = body[Symbol.asyncIterator]()
  let head = Buffer.alloc(0)
  let done = false
  while (head.length < 132) {
    const next = await iterator.next()
    if (next.done) {
      done = true
      break
    }
    head = Buffer.concat([head, next.value])
  }
  if (!head.length || !check(head)) throw new SignatureError()
  if (head.length > limit) throw new UploadTooLargeError(limit)
  return (async function* () {
    let size = head.length
    yield head
    if (done) return
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      size += next.value.length
      if (size > limit) throw new UploadTooLargeError(limit)
      yield next.value
    }
  })()
}

class SignatureError extends Error {}

/**
 * Uploads: consent-gated, encrypted with their own data key, and gone when they expire (the
 * tenant's retention hours, at most 24). A purge job is queued for `expires_at` before the first
 * byte is stored, so an interrupted upload is purged on the same clock; a sweeper catches anything
 * a job missed.
 */
@inject()
export default class UploadService {
  #keys: MasterKeyProvider = new EnvMasterKey()

  constructor(
    private consent: ConsentService,
    private guard: RestrictionGuard
  ) {}

  async store(
    tenant: Tenant,
    member: Member,
    body: AsyncIterable<Buffer>,
    contentType: string,
    declaredLength: number | null
  ) {
    const { check, limit } = await this.assertMayUpload(tenant, member, contentType, declaredLength)

    const now = DateTime.fromJSDate(clock.now())
    const dataKey = newDataKey()
    const id = publicId('up')
    const upload = await Upload.create({
      publicId: id,
      memberId: member.id,
      contentType,
      storageKey: `uploads/${tenant.publicId}/${id}`,
      wrappedKey: await this.#keys.wrap(dataKey),
      status: 'receiving',
      uploadedAt: now,
      expiresAt: now.plus({ hours: tenant.settings.imageRetentionHours }),
    })
    await this.schedulePurge(upload)

    // De-identification can add a few attributes (PatientIdentityRemoved, the method code).
    const encrypt = new EncryptStream(dataKey, limit + MiB)
    try {
      const source = await checkedBody(body, check, limit)
      const clean = await deidentifyUpload(tenant, contentType, source, limit)
      await storeSealed(upload.storageKey, Readable.from(clean.chunks, { objectMode: false }), encrypt)
      upload.deidReport = JSON.stringify(clean.summary())
    } catch (error) {
      await this.purge(upload)
      if (error instanceof UploadTooLargeError) throw tooLarge(limit)
      if (error instanceof SignatureError) {
        throw problems.invalid([
          { field: 'body', message: `The file is not a valid ${contentType}`, rule: 'signature' },
        ])
      }
      throw error
    }
    upload.merge({ size: encrypt.size, sha256: encrypt.sha256.digest('hex'), status: 'stored' })
    await upload.save()
    const { requestAnalysisAfterUpload } = await import('#inference/analysis_service')
    await requestAnalysisAfterUpload(upload, member)
    return upload
  }

  /**
   * Everything decided before the first byte: the tenant accepts this type and size, the member is
   * not restricted, has the imaging consent and room for another image. Resumable uploads ask at
   * creation too.
   */
  async assertMayUpload(tenant: Tenant, member: Member, contentType: string, declaredLength: number | null) {
    const limits = uploadLimits(tenant)
    const check = UPLOAD_TYPES[contentType]
    if (!check || !limits.contentTypes.includes(contentType))
      throw problems.unsupportedMediaType(limits.contentTypes.join(', '))
    const limit = contentType === 'application/dicom' ? limits.maxBytes : limits.maxRasterBytes
    if (declaredLength !== null && declaredLength > limit) throw tooLarge(limit)
    if (declaredLength === 0)
      throw problems.invalid([{ field: 'body', message: 'The file is empty', rule: 'required' }])
    await this.guard.assertMayProcess(member, 'upload')
    await this.consent.assertAllowed(member, 'image_analysis')
    await this.assertRoomFor(member, limits.maxFiles)
    return { check, limit }
  }

  /** A member keeps at most the tenant's number of images at once (each is gone within a day). */
  private async assertRoomFor(member: Member, maxFiles: number) {
    const row = await Upload.query()
      .where('member_id', member.id)
      .whereNot('status', 'purged')
      .count('* as total')
      .first()
    const held = Number(row?.$extras.total ?? 0)
    if (held >= maxFiles) {
      const message = `You may keep at most ${maxFiles} images at once; delete one or wait until one is deleted.`
      throw new ProblemError(422, 'upload-limit', 'Too many images', message, [
        { field: 'body', message, rule: 'maxFiles' },
      ])
    }
  }

  /** The decrypted image (only while stored). */
  async open(upload: Upload): Promise<Readable> {
    return this.#decrypt(upload, upload.storageKey)
  }

  /**
   * Stores bytes derived from an upload (an analysis result) encrypted with the upload's own data
   * key: when the upload is purged its key goes, and with it every way to read them.
   */
  async storeDerived(upload: Upload, key: string, bytes: Uint8Array): Promise<void> {
    const dataKey = await this.#dataKey(upload)
    await storeSealed(key, Readable.from([Buffer.from(bytes)]), new EncryptStream(dataKey))
  }

  /** What storeDerived stored, decrypted (only while the upload is stored). */
  async openDerived(upload: Upload, key: string): Promise<Readable> {
    return this.#decrypt(upload, key)
  }

  async #dataKey(upload: Upload): Promise<Buffer> {
    if (upload.status !== 'stored' || !upload.wrappedKey)
      throw new ProblemError(
        410,
        'upload-gone',
        'Image deleted',
        'Images are deleted after their retention period.'
      )
    return this.#keys.unwrap(upload.wrappedKey)
  }

  async #decrypt(upload: Upload, key: string): Promise<Readable> {
    const decrypt = new DecryptStream(await this.#dataKey(upload))
    void pipeline(await drive.use().getStream(key), decrypt).catch((error) => decrypt.destroy(error))
    return decrypt
  }

  /**
   * The upload's own purge job, on time to the second. Best effort: while Redis is away the upload
   * still goes through, and the retention sweep (every minute, from the database) purges it.
   */
  async schedulePurge(upload: Upload) {
    const delay = Math.max(0, upload.expiresAt.toMillis() - clock.now().getTime())
    try {
      await queue('purge').add(
        'purge-upload',
        { tenantId: upload.tenantId, uploadId: upload.id },
        {
          delay,
          jobId: `purge-${upload.publicId}`,
          removeOnComplete: true,
        }
      )
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error
      logger.warn({ upload: upload.publicId }, 'purge job not queued; the retention sweep will purge it')
    }
  }

  /**
   * Deletes the ciphertext and the wrapped data key (any copy of the ciphertext is unreadable
   * from then on) and counts the purge in the anonymous statistics. Idempotent.
   */
  async purge(upload: Upload): Promise<boolean> {
    if (upload.status === 'purged') return false
    await drive
      .use()
      .delete(upload.storageKey)
      .catch(() => {})
    const now = DateTime.fromJSDate(clock.now())
    const lateness = Math.max(0, Math.round(now.diff(upload.expiresAt, 'seconds').seconds))
    upload.merge({ status: 'purged', wrappedKey: null, sha256: null, deidReport: null, purgedAt: now })
    await upload.save()
    // Analyses go with their image: results deleted (already unreadable without the key), jobs removed.
    const { purgeAnalysesOf } = await import('#inference/analysis_service')
    await purgeAnalysesOf(upload)
    await this.count(upload, lateness)
    await (await queue('purge').getJob(`purge-${upload.publicId}`))?.remove().catch(() => {})
    return true
  }

  /** Purges every upload whose time has come, in every tenant (the sweeper and `retention:run`). */
  async sweep(): Promise<number> {
    const now = clock.now()
    const due = await asSystem('retention sweep over every tenant', () =>
      Upload.query()
        .whereNot('status', 'purged')
        .where('expires_at', '<=', now)
        .orderBy('expires_at')
        .limit(1000)
    )
    let purged = 0
    for (const upload of due) if (await withTenant(upload.tenantId, () => this.purge(upload))) purged++
    return purged
  }

  async purgeById(tenantId: number, uploadId: number): Promise<boolean> {
    return withTenant(tenantId, async () => {
      const upload = await Upload.find(uploadId)
      if (!upload || upload.expiresAt.toMillis() > clock.now().getTime()) return false
      return this.purge(upload)
    })
  }

  private async count(upload: Upload, lateness: number) {
    const day = upload.expiresAt.toUTC().toISODate()!
    const row = { tenant_id: upload.tenantId, day, content_type: upload.contentType }
    const existing = await db.from('upload_stats').where(row).first()
    if (existing) {
      await db
        .from('upload_stats')
        .where('id', existing.id)
        .update({
          purged: Number(existing.purged) + 1,
          bytes: Number(existing.bytes) + (upload.size ?? 0),
          max_lateness_seconds: Math.max(Number(existing.max_lateness_seconds), lateness),
        })
    } else {
      await db
        .table('upload_stats')
        .insert({ ...row, purged: 1, bytes: upload.size ?? 0, max_lateness_seconds: lateness })
    }
  }
}

/**
 * Encrypts `plain` into storage. On a failure the storage stream is ended, not destroyed, and the
 * write is awaited: a drive that answers early on a destroyed stream could otherwise create the
 * file after the purge that follows has deleted it.
 */
async function storeSealed(key: string, plain: Readable, encrypt: EncryptStream) {
  const sealed = new PassThrough()
  const stored = drive.use().putStream(key, sealed)
  encrypt.pipe(sealed)
  try {
    await pipeline(plain, encrypt)
  } catch (error) {
    encrypt.unpipe(sealed)
    sealed.end()
    await stored.catch(() => {})
    throw error
  }
  await stored
}

function tooLarge(limit: number) {
  return new ProblemError(
    413,
    'payload-too-large',
    'Payload too large',
    `An image may be at most ${Math.floor(limit / MiB)} MB.`
  )
}
