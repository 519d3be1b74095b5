import type { Job } from 'bullmq'
import CampaignService, { type DeliverJob, type StartJob } from '#newsletters/campaign_service'
import ReconfirmService from '#newsletters/reconfirm_service'

/** Worker side of the `newsletters` queue: campaign fan-out, single deliveries, the daily re-confirmation. */
export default async function processNewsletter(job: Job, token?: string) {
  if (job.name === 'start') return { queued: await new CampaignService().start(job.data as StartJob) }
  if (job.name === 'deliver')
    return { result: await new CampaignService().deliver(job as Job<DeliverJob>, token) }
  if (job.name === 'reconfirmations') return { sent: await new ReconfirmService().sweep() }
  throw new Error(`Unknown newsletter job "${job.name}"`)
}
