import { createReadStream } from 'node:fs'
import { join } from 'node:path'
import { Server, type Upload as TusUpload } from '@tus/server'
import { FileStore } from '@tus/file-store'
import type { HttpContext } from '@adonisjs/core/http'
import { HttpContext as Context } from '@adonisjs/core/http'
import app from '@adonisjs/core/services/app'
import env from '#start/env'
import { ProblemError } from '#shared/problem'
import { randomBase62 } from '#shared/crypto'
import clock from '#shared/clock'
import UploadService, { uploadLimits } from '#uploads/upload_service'

export const TUS_PATH = '/v1/widget/me/tus'

/** Partial uploads live here until complete; never longer than the longest retention (24 h). */
const directory = app.makePath(env.get('TUS_DIR') ?? 'tmp/tus-partials')
const PARTIAL_LIFETIME_MS = 24 * 3600 * 1000

/** A problem as tus expects errors to be thrown: status and body (problem+json text). */
function tusError(error: unknown): { status_code: number; body: string } {
  if (error instanceof ProblemError)
    return { status_code: error.problemStatus, body: JSON.stringify(error.toProblem()) }
  throw error
}

function ctx(): HttpContext {
  return Context.getOrFail()
}

/**
 * Resumable uploads with the tus protocol (@tus/server). The route runs behind the widget key
 * and member middleware; tus callbacks read the member from the request's HttpContext. Partial
 * data sits in a private folder until the upload completes, then goes through the same path as
 * a direct upload (de-identification, encryption, retention); unfinished partials are removed
 * after 24 hours by the retention sweeper.
 */
export const store = new FileStore({ directory })

export const tusServer = new Server({
  path: TUS_PATH,
  datastore: store,
  maxSize: () => uploadLimits(ctx().tenant).maxBytes,
  respectForwardedHeaders: false,
  relativeLocation: false,
  allowedHeaders: ['x-tessera-key', 'authorization'],
  exposedHeaders: ['tessera-upload-id'],
  allowedOrigins: () => true, // the widget key middleware has already checked the origin
  namingFunction: () => `tus_${randomBase62(24)}`,
  async onUploadCreate(_req, upload) {
    const { tenant, member } = ctx()
    const type = String(upload.metadata?.filetype ?? '')
    try {
      const uploads = await app.container.make(UploadService)
      await uploads.assertMayUpload(tenant, member, type, upload.size ?? null)
    } catch (error) {
      throw tusError(error)
    }
    // Only what the service needs: the owner, the type and when it began (by the injectable clock,
    // which the 24-hour sweep reads). A file name sent by a client is dropped.
    return {
      metadata: {
        filetype: type,
        member: member.publicId,
        tenant: tenant.publicId,
        started: clock.now().toISOString(),
      },
    }
  },
  async onIncomingRequest(req, uploadId) {
    if (req.method === 'POST') return
    const upload = await store.getUpload(uploadId).catch(() => null)
    const { member, tenant } = ctx()
    if (
      !upload ||
      upload.metadata?.member !== member.publicId ||
      upload.metadata?.tenant !== tenant.publicId
    ) {
      throw {
        status_code: 404,
        body: JSON.stringify({
          type: 'https://tessera.dev/problems/not-found',
          title: 'Not found',
          status: 404,
        }),
      }
    }
  },
  async onUploadFinish(_req, upload: TusUpload) {
    const { tenant, member } = ctx()
    try {
      const uploads = await app.container.make(UploadService)
      const stored = await uploads.store(
        tenant,
        member,
        createReadStream(join(directory, upload.id)),
        String(upload.metadata?.filetype),
        upload.size ?? null
      )
      return { headers: { 'Tessera-Upload-Id': stored.publicId } }
    } catch (error) {
      throw tusError(error)
    } finally {
      await store.remove(upload.id).catch(() => {})
    }
  },
})

/**
 * Removes every unfinished resumable upload that began 24 hours ago or more, by the injectable clock
 * (tus's own expiry reads the system clock). Called by the retention sweep every minute.
 */
export async function sweepPartials(now = clock.now()): Promise<number> {
  let removed = 0
  for (const id of (await store.configstore.list?.()) ?? []) {
    const info = await store.configstore.get(id).catch(() => undefined)
    const started = Date.parse(String(info?.metadata?.started ?? info?.creation_date ?? ''))
    if (!info || !Number.isFinite(started) || now.getTime() - started < PARTIAL_LIFETIME_MS) continue
    await store.remove(id).catch(() => {})
    removed++
  }
  return removed
}

/** Hands a request to tus. Headers set by earlier middleware (CORS, security) go out with its answer. */
export async function handleTus({ request, response }: HttpContext) {
  const raw = response.response
  for (const [name, value] of Object.entries(response.getHeaders())) {
    if (value !== undefined) raw.setHeader(name, value as string | string[])
  }
  await tusServer.handle(request.request, raw)
}
