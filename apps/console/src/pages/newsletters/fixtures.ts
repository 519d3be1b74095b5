// A stand-in for the newsletter endpoints (apps/api/app/newsletters) for stories and tests: keeps
// campaigns in memory, validates like the API (the same Markdown refusals, by field), answers 409
// for a campaign already started, and lets a started campaign's deliveries progress one step per
// statistics read. Not part of the bundle.
import { forbiddenFor, invalidFields, json, problem } from '../../fixtures.js'
import type { FixtureRequest, FixtureRoute } from '../../fixtures.js'
import type {
  Campaign,
  CampaignContent,
  CampaignLocale,
  CampaignRecipient,
  CampaignStats,
  DeliveryStatus,
} from './api.js'

/** The API's refusals of a body (content.ts), first match wins. */
const REFUSED: Array<{ pattern: RegExp; rule: string; message: string }> = [
  {
    pattern: /!\[[^\]]*\]\s*\(/,
    rule: 'image',
    message: 'Images are not allowed: newsletters load no remote content',
  },
  {
    pattern: /<\s*\/?\s*[a-z!?][^>]*>?/i,
    rule: 'html',
    message: 'Raw HTML is not allowed (scripts, pixels, iframes): use Markdown only',
  },
  {
    pattern: /\]\(\s*(?!https:\/\/|mailto:)[^)]*\)/i,
    rule: 'link',
    message: 'Links must be https:// or mailto: addresses',
  },
  {
    pattern: /\b(?:javascript|data|vbscript):/i,
    rule: 'link',
    message: 'Script and data URLs are not allowed',
  },
]

export type FixtureDeliveries = Record<DeliveryStatus, number>

export interface NewsletterFixtureOptions {
  campaigns?: Campaign[]
  /** Deliveries of started campaigns, by campaign id. */
  deliveries?: Record<string, FixtureDeliveries>
  audience?: number
  /** The mail server refuses test mails (502). */
  smtpDown?: boolean
}

const empty = (): FixtureDeliveries => ({
  queued: 0,
  sending: 0,
  sent: 0,
  failed: 0,
  skipped: 0,
  uncertain: 0,
})

export function fixtureCampaigns(): Campaign[] {
  return [
    {
      id: 'nl_fixture0002',
      name: 'December update',
      status: 'draft',
      content: {
        en: {
          subject: 'What is new in December',
          body: '## New viewer\n\nThe viewer now shows **both** series.',
        },
        ko: { subject: '12월 소식', body: '## 새 뷰어\n\n뷰어가 이제 두 시리즈를 **함께** 보여 줍니다.' },
      },
      scheduledAt: null,
      startedAt: null,
      finishedAt: null,
      audienceCount: null,
      createdAt: '2026-11-20T09:00:00.000Z',
    },
    {
      id: 'nl_fixture0001',
      name: 'November update',
      status: 'sent',
      content: { en: { subject: 'November at Hanbit', body: 'Thank you for reading.' } },
      scheduledAt: '2026-11-03T00:00:00.000Z',
      startedAt: '2026-11-03T00:00:01.000Z',
      finishedAt: '2026-11-03T00:04:00.000Z',
      audienceCount: 120,
      createdAt: '2026-11-01T09:00:00.000Z',
    },
  ]
}

export function fixtureDeliveries(): Record<string, FixtureDeliveries> {
  return { nl_fixture0001: { ...empty(), sent: 112, failed: 2, uncertain: 1, skipped: 5 } }
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** A mail like the API renders (inline styles, a table layout). */
function previewHtml(subject: string, body: string) {
  const paragraphs = body
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 12px">${escape(p.replace(/^#+\s*/, ''))}</p>`)
    .join('')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(subject)}</title></head>
<body style="margin:0;background:#f4f5f7;font-family:system-ui;color:#1b1f24">
<table role="presentation" width="100%" style="background:#f4f5f7;padding:24px 0"><tr><td align="center">
<table role="presentation" width="600" style="max-width:600px;background:#ffffff;border-top:4px solid #0b5fff">
<tr><td style="padding:16px 32px"><h1 style="margin:0;font-size:22px">${escape(subject)}</h1></td></tr>
<tr><td style="padding:8px 32px;font-size:15px" class="body">${paragraphs}</td></tr>
<tr><td style="padding:24px 32px;font-size:12px;color:#5b6470">Sent by Hanbit Imaging Co., Ltd.<br>
<a href="https://api.console.invalid/newsletter/tn_fixture0001/unsubscribe/nu_preview">Unsubscribe</a></td></tr>
</table></td></tr></table></body></html>`
}

function contentErrors(content: unknown): { field: string; message: string; rule: string }[] {
  const errors: { field: string; message: string; rule: string }[] = []
  if (typeof content !== 'object' || content === null)
    return [{ field: 'content', message: 'The content field must be an object', rule: 'object' }]
  const locales = Object.keys(content)
  if (!locales.length)
    errors.push({
      field: 'content',
      message: 'Give the subject and body in at least one locale',
      rule: 'required',
    })
  for (const locale of locales) {
    const entry = (content as Record<string, { subject?: unknown; body?: unknown }>)[locale]!
    const subject = typeof entry.subject === 'string' ? entry.subject.trim() : ''
    const body = typeof entry.body === 'string' ? entry.body : ''
    if (!subject)
      errors.push({
        field: `content.${locale}.subject`,
        message: 'The subject field must be defined',
        rule: 'required',
      })
    else if (subject.length > 200)
      errors.push({
        field: `content.${locale}.subject`,
        message: 'The subject field must not be greater than 200 characters',
        rule: 'maxLength',
      })
    else if (/<\s*\/?\s*[a-z!?][^>]*>/i.test(subject))
      errors.push({ field: `content.${locale}.subject`, message: 'Raw HTML is not allowed', rule: 'html' })
    if (!body)
      errors.push({
        field: `content.${locale}.body`,
        message: 'The body field must be defined',
        rule: 'required',
      })
    else if (body.length > 50_000)
      errors.push({
        field: `content.${locale}.body`,
        message: 'The body field must not be greater than 50000 characters',
        rule: 'maxLength',
      })
    else {
      const refused = REFUSED.find((r) => r.pattern.test(body))
      if (refused)
        errors.push({ field: `content.${locale}.body`, message: refused.message, rule: refused.rule })
    }
  }
  return errors
}

const notEditable = (c: Campaign, verb = 'changed') =>
  problem(
    409,
    'campaign-not-editable',
    'Campaign already started',
    `The campaign is ${c.status} and cannot be ${verb}.`,
    [{ field: 'status', message: `Campaign is ${c.status}`, rule: 'editable' }]
  )

export function newsletterFixture(options: NewsletterFixtureOptions = {}) {
  const campaigns = options.campaigns ?? fixtureCampaigns()
  const deliveries = options.deliveries ?? fixtureDeliveries()
  const audience = options.audience ?? 3
  /** Test mails "sent", as the SMTP server would have them. */
  const tests: { to: string; locale: CampaignLocale; subject: string }[] = []
  let made = 0
  /** Each campaign's version, named by its ETag; another admin's save bumps it. */
  const versions = new Map<string, number>()
  const tagOf = (c: Campaign) => `"${c.id}-v${versions.get(c.id) ?? 1}"`
  const withTag = (response: Response, c: Campaign) => {
    response.headers.set('etag', tagOf(c))
    return response
  }
  /** Another admin saves the campaign: the version the page loaded is stale now. */
  const editElsewhere = (id: string, changes: Partial<Pick<Campaign, 'name' | 'content'>>) => {
    const c = campaigns.find((x) => x.id === id)!
    Object.assign(c, changes)
    versions.set(id, (versions.get(id) ?? 1) + 1)
  }

  const stats = (c: Campaign): CampaignStats => {
    const d = deliveries[c.id] ?? empty()
    return {
      campaign: c.id,
      status: c.status,
      audience: c.audienceCount,
      deliveries: d,
      smtpAttempts: d.sent + d.failed * 6 + d.uncertain,
      startedAt: c.startedAt,
      finishedAt: c.finishedAt,
    }
  }

  /** One worker step: a queued delivery is sent; the campaign is sent when none wait. */
  const progress = (c: Campaign) => {
    const d = deliveries[c.id]
    if (c.status !== 'sending' || !d) return
    if (d.queued > 0) {
      d.queued -= 1
      d.sent += 1
    }
    if (d.queued === 0 && d.sending === 0) {
      c.status = 'sent'
      c.finishedAt = new Date().toISOString()
    }
  }

  const start = (c: Campaign) => {
    c.status = 'sending'
    c.startedAt = new Date().toISOString()
    c.audienceCount = audience
    deliveries[c.id] = { ...empty(), queued: audience }
  }

  const route: FixtureRoute = (request: FixtureRequest) => {
    const { route: r, body, role, permissions, url, headers } = request
    if (!r.includes(' /v1/admin/newsletters/')) return null
    const needs = (permission: string) =>
      permissions.includes(permission) ? null : forbiddenFor(role, permission)
    if (r === 'GET /v1/admin/newsletters/audience')
      return needs('newsletters.read') ?? json({ eligible: audience })
    if (r === 'GET /v1/admin/newsletters/campaigns')
      return (
        needs('newsletters.read') ??
        json({ data: campaigns.map((c) => ({ ...c, deliveries: { ...(deliveries[c.id] ?? empty()) } })) })
      )
    if (r === 'POST /v1/admin/newsletters/campaigns') {
      const refused = needs('newsletters.manage')
      if (refused) return refused
      const errors = []
      if (typeof body?.name !== 'string' || !body.name.trim())
        errors.push({ field: 'name', message: 'The name field must be defined', rule: 'required' })
      errors.push(...contentErrors(body?.content))
      if (errors.length) return invalidFields(errors)
      made += 1
      const campaign: Campaign = {
        id: `nl_made${String(made).padStart(4, '0')}`,
        name: body.name.trim(),
        status: 'draft',
        content: body.content as CampaignContent,
        scheduledAt: null,
        startedAt: null,
        finishedAt: null,
        audienceCount: null,
        createdAt: new Date().toISOString(),
      }
      campaigns.unshift(campaign)
      return json(campaign, 201)
    }
    const match = /^(GET|PATCH|POST) \/v1\/admin\/newsletters\/campaigns\/([^/]+)(?:\/([a-z]+))?$/.exec(r)
    if (!match) return null
    const [, method, id, action] = match
    const campaign = campaigns.find((c) => c.id === decodeURIComponent(id!))
    const read = needs(
      action === 'recipients'
        ? 'newsletters.recipients'
        : method === 'GET'
          ? 'newsletters.read'
          : 'newsletters.manage'
    )
    if (read) return read
    if (!campaign) return problem(404, 'not-found', 'Not found', 'No such campaign.')
    const editable = campaign.status === 'draft' || campaign.status === 'scheduled'
    switch (`${method} ${action ?? ''}`) {
      case 'GET ':
        return withTag(json({ ...campaign, stats: stats(campaign) }), campaign)
      case 'PATCH ': {
        const ifMatch = headers.get('if-match')
        if (ifMatch && ifMatch !== tagOf(campaign))
          return problem(
            412,
            'precondition-failed',
            'Changed by someone else',
            'The campaign was changed since you loaded it. Load it again, then repeat your change.'
          )
        if (!editable) return notEditable(campaign)
        const errors = body?.content !== undefined ? contentErrors(body.content) : []
        if (errors.length) return invalidFields(errors)
        if (typeof body?.name === 'string' && body.name.trim()) campaign.name = body.name.trim()
        if (body?.content) campaign.content = body.content
        versions.set(campaign.id, (versions.get(campaign.id) ?? 1) + 1)
        return withTag(json(campaign), campaign)
      }
      case 'GET preview': {
        const wanted = (url.searchParams.get('locale') ?? 'en') as CampaignLocale
        const locale = campaign.content[wanted]
          ? wanted
          : (Object.keys(campaign.content)[0] as CampaignLocale)
        const entry = campaign.content[locale]!
        return json({
          locale,
          headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
          subject: entry.subject,
          html: previewHtml(entry.subject, entry.body),
          text: `${entry.subject}\n\n${entry.body}\n\nUnsubscribe: https://api.console.invalid/newsletter/tn_fixture0001/unsubscribe/nu_preview`,
        })
      }
      case 'POST test': {
        const to = typeof body?.to === 'string' ? body.to.trim() : 'owner@clinic.example'
        if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(to))
          return invalidFields([
            { field: 'to', message: 'The to field must be a valid email address', rule: 'email' },
          ])
        if (options.smtpDown)
          return problem(
            502,
            'smtp-failed',
            'The mail server refused the test mail',
            'Connection refused by the mail server.'
          )
        const locale = (body?.locale ?? 'en') as CampaignLocale
        const entry = campaign.content[locale] ?? Object.values(campaign.content)[0]!
        tests.push({ to, locale, subject: `[Test] ${entry.subject}` })
        return json({ sent: true, messageId: `<test-${tests.length}@fixture>` })
      }
      case 'POST schedule': {
        const sendAt = typeof body?.sendAt === 'string' ? new Date(body.sendAt) : null
        if (!sendAt || Number.isNaN(sendAt.getTime()))
          return invalidFields([
            { field: 'sendAt', message: 'The sendAt field format is invalid', rule: 'regex' },
          ])
        if (sendAt.getTime() <= Date.now() + 60_000)
          return invalidFields([
            { field: 'sendAt', message: 'Schedule at least a minute ahead', rule: 'future' },
          ])
        if (!editable) return notEditable(campaign)
        campaign.status = 'scheduled'
        campaign.scheduledAt = sendAt.toISOString()
        return json(campaign)
      }
      case 'POST send':
        if (!editable) return notEditable(campaign, 'started')
        start(campaign)
        return json(campaign, 202)
      case 'POST cancel':
        if (!['draft', 'scheduled', 'sending'].includes(campaign.status))
          return problem(
            409,
            'conflict',
            'Conflict',
            `The campaign is ${campaign.status} and cannot be cancelled.`
          )
        campaign.status = 'cancelled'
        campaign.finishedAt = new Date().toISOString()
        return json(campaign)
      case 'GET stats': {
        const answer = stats(campaign)
        progress(campaign)
        return json(answer)
      }
      case 'GET recipients': {
        const d = deliveries[campaign.id] ?? empty()
        const data: CampaignRecipient[] = []
        for (const status of ['sent', 'failed', 'uncertain', 'skipped'] as const)
          for (let i = 0; i < Math.min(d[status], 3); i++)
            data.push({
              member: `mb_fixture${status}${i}`,
              status,
              attempts: status === 'failed' ? 6 : status === 'skipped' ? 0 : 1,
              skipReason: status === 'skipped' ? 'no confirmed marketing consent' : null,
              error: status === 'failed' ? '550 mailbox unavailable' : null,
              sentAt: status === 'sent' ? campaign.finishedAt : null,
            })
        return json({ page: Number(url.searchParams.get('page') ?? 1), perPage: 50, data })
      }
    }
    return null
  }

  return { route, campaigns, deliveries, tests, editElsewhere }
}
