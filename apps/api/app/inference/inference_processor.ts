import type { Job } from 'bullmq'
import { withTenant } from '#tenancy/tenant_context'
import AnalysisService from '#inference/analysis_service'

const analyses = new AnalysisService()

/** The `inference` queue's processor: one analysis, inside its tenant's scope. */
export default async function inferenceProcessor(job: Job<{ tenantId: number; analysisId: number }>) {
  await withTenant(job.data.tenantId, () => analyses.process(job.data.analysisId, job))
}
