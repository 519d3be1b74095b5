import type { Job } from 'bullmq'
import ReminderService from '#privacy_requests/reminder_service'

/** Scheduled upkeep jobs (the `maintenance` queue). Later capabilities add theirs (purges, dormancy). */
export default async function processMaintenance(job: Job) {
  if (job.name === 'request-reminders') return { sent: await new ReminderService().sendAll() }
  if (job.name === 'retention-sweep') {
    const { default: app } = await import('@adonisjs/core/services/app')
    const { default: UploadService } = await import('#uploads/upload_service')
    const { sweepPartials } = await import('#uploads/resumable')
    // Unfinished resumable uploads older than 24 hours go too.
    const partials = await sweepPartials()
    return { purged: await (await app.container.make(UploadService)).sweep(), partials }
  }
  if (job.name === 'lifecycle') {
    const { default: app } = await import('@adonisjs/core/services/app')
    const { default: DormancyService } = await import('#lifecycle/dormancy_service')
    return { tenants: await (await app.container.make(DormancyService)).runAll() }
  }
  if (job.name === 'statistics') {
    const { default: StatisticsService } = await import('#lifecycle/statistics_service')
    return { rows: await new StatisticsService().runAll() }
  }
  throw new Error(`unknown maintenance job ${job.name}`)
}
