import type { Job } from 'bullmq'
import app from '@adonisjs/core/services/app'
import UploadService from '#uploads/upload_service'

/** The delayed job queued at upload time, due at `expires_at`. */
export default async function processPurge(job: Job<{ tenantId: number; uploadId: number }>) {
  const uploads = await app.container.make(UploadService)
  return { purged: await uploads.purgeById(job.data.tenantId, job.data.uploadId) }
}
