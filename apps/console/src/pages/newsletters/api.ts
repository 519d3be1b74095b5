// The newsletter endpoints of the admin API (apps/api/app/newsletters), as the console calls them.
import type { ConsoleApi } from '../../api.js'

export type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'sent' | 'cancelled'
export type CampaignLocale = 'en' | 'ko'
export const CAMPAIGN_LOCALES: readonly CampaignLocale[] = ['en', 'ko']
/** The API's limit of one body (validators.ts), checked here too so a huge paste is caught before sending. */
export const BODY_MAX = 50_000
export const SUBJECT_MAX = 200

/** Subject and Markdown body per locale; a locale left out is not sent in. */
export type CampaignContent = Partial<Record<CampaignLocale, { subject: string; body: string }>>

/** One campaign as the API presents it (campaign_service.ts `present`). */
export interface Campaign {
  id: string
  name: string
  status: CampaignStatus
  content: CampaignContent
  scheduledAt: string | null
  startedAt: string | null
  finishedAt: string | null
  /** Members written as deliveries when the campaign started (null before). */
  audienceCount: number | null
  createdAt: string
  /** Deliveries by status (in the list only). */
  deliveries?: Record<DeliveryStatus, number>
}

export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped' | 'uncertain'

/** GET …/campaigns/:id/stats */
export interface CampaignStats {
  campaign: string
  status: CampaignStatus
  audience: number | null
  deliveries: Record<DeliveryStatus, number>
  smtpAttempts: number
  startedAt: string | null
  finishedAt: string | null
}

/** GET …/campaigns/:id/preview: the mail as a member would get it (a placeholder unsubscribe link). */
export interface CampaignPreview {
  locale: CampaignLocale
  headers: Record<string, string>
  subject: string
  html: string
  text: string
}

/** One row of GET …/campaigns/:id/recipients (audited read). */
export interface CampaignRecipient {
  member: string | null
  status: DeliveryStatus
  attempts: number
  skipReason: string | null
  error: string | null
  sentAt: string | null
}

export interface CampaignDraft {
  name: string
  content: CampaignContent
}

const BASE = '/v1/admin/newsletters'
const one = (id: string) => `${BASE}/campaigns/${encodeURIComponent(id)}`

export const newslettersApi = (api: ConsoleApi) => ({
  audience: () => api.request<{ eligible: number }>('GET', `${BASE}/audience`),
  list: () => api.request<{ data: Campaign[] }>('GET', `${BASE}/campaigns`),
  /** The campaign with its ETag (sent back as If-Match when it is edited). */
  get: async (id: string) => {
    let etag: string | null = null
    const { stats: _stats, ...campaign } = await api.request<Campaign & { stats: CampaignStats }>(
      'GET',
      one(id),
      undefined,
      { answered: (headers) => (etag = headers.get('etag')) }
    )
    return { campaign: campaign as Campaign, etag }
  },
  create: (draft: CampaignDraft) => api.request<Campaign>('POST', `${BASE}/campaigns`, draft),
  /** With the ETag of the version edited: 412 when someone else changed it since. */
  update: async (id: string, draft: Partial<CampaignDraft>, ifMatch: string | null) => {
    let etag: string | null = null
    const campaign = await api.request<Campaign>('PATCH', one(id), draft, {
      headers: ifMatch ? { 'if-match': ifMatch } : {},
      answered: (headers) => (etag = headers.get('etag')),
    })
    return { campaign, etag }
  },
  preview: (id: string, locale: CampaignLocale) =>
    api.request<CampaignPreview>('GET', `${one(id)}/preview?locale=${locale}`),
  /** Without `to` the API sends to the signed-in admin's own address. */
  sendTest: (id: string, locale: CampaignLocale, to?: string) =>
    api.request<{ sent: true; messageId: string }>(
      'POST',
      `${one(id)}/test`,
      to ? { to, locale } : { locale }
    ),
  schedule: (id: string, sendAt: string) => api.request<Campaign>('POST', `${one(id)}/schedule`, { sendAt }),
  sendNow: (id: string) => api.request<Campaign>('POST', `${one(id)}/send`),
  cancel: (id: string) => api.request<Campaign>('POST', `${one(id)}/cancel`),
  stats: (id: string) => api.request<CampaignStats>('GET', `${one(id)}/stats`),
  recipients: (id: string, page = 1, perPage = 50) =>
    api.request<{ page: number; perPage: number; data: CampaignRecipient[] }>(
      'GET',
      `${one(id)}/recipients?page=${page}&perPage=${perPage}`
    ),
})

export type NewslettersApi = ReturnType<typeof newslettersApi>
