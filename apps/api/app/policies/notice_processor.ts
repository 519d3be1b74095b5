import type { Job } from 'bullmq'
import NoticeService, { type FanOutJob, type NoticeJob } from '#policies/notice_service'

/** Worker side of the `policy-notices` queue: fan-out jobs and per-member notice jobs. */
export default async function processNotice(job: Job<FanOutJob | NoticeJob>) {
  const service = new NoticeService()
  if (job.name === 'fan-out') return { queued: await service.fanOut(job.data as FanOutJob) }
  return { sent: await service.notify(job.data as NoticeJob) }
}
