import { blocksToHtml, blocksToText, parseMarkdown } from '@tessera/policy-text'
import type { MailContent, MailLocale } from '#mail/layout'
import type { ProblemField } from '#shared/problem'
import type Tenant from '#tenancy/tenant'
import { formatDate } from '#policies/notice_mail'
import type { CampaignContent } from '#newsletters/campaign'
import { copyFor } from '#newsletters/copy'

/**
 * What a campaign body may hold: the strict Markdown subset of policy-text (paragraphs, lists,
 * headings, emphasis, https and mailto links). We send no third-party content, so raw HTML
 * (scripts, tracking pixels, iframes), images of any kind and other link schemes are refused with
 * the field at fault rather than silently dropped.
 */
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

export function contentErrors(content: CampaignContent, tenant: Tenant, prefix = 'content'): ProblemField[] {
  const errors: ProblemField[] = []
  const locales = Object.keys(content) as MailLocale[]
  if (!locales.length)
    errors.push({
      field: prefix,
      message: 'Give the subject and body in at least one locale',
      rule: 'required',
    })
  for (const locale of locales) {
    if (!tenant.locales.includes(locale))
      errors.push({
        field: `${prefix}.${locale}`,
        message: `The tenant does not use the locale "${locale}"`,
        rule: 'locale',
      })
    const entry = content[locale]!
    if (/[\r\n]/.test(entry.subject))
      errors.push({
        field: `${prefix}.${locale}.subject`,
        message: 'The subject is one line',
        rule: 'singleLine',
      })
    for (const check of REFUSED) {
      if (check.pattern.test(entry.body)) {
        errors.push({ field: `${prefix}.${locale}.body`, message: check.message, rule: check.rule })
        break
      }
    }
    if (check(entry.subject))
      errors.push({ field: `${prefix}.${locale}.subject`, message: 'Raw HTML is not allowed', rule: 'html' })
  }
  return errors
}

function check(subject: string) {
  return /<\s*\/?\s*[a-z!?][^>]*>/i.test(subject)
}

/** The locale a member gets: theirs when the campaign has it, else the tenant's default, else any. */
export function campaignLocale(content: CampaignContent, wanted: MailLocale, tenant: Tenant): MailLocale {
  if (content[wanted]) return wanted
  const fallback = tenant.defaultLocale.slice(0, 2) as MailLocale
  if (content[fallback]) return fallback
  return Object.keys(content)[0] as MailLocale
}

export type NewsletterInput = {
  tenant: Tenant
  content: CampaignContent
  locale: MailLocale
  /** Korean recipients: "(광고)" subject prefix and the Network Act's sender and opt-out lines. */
  korean: boolean
  consentedAt: Date | null
  unsubscribeUrl: string
  test?: boolean
}

/** A newsletter as a mail: Markdown body, sender identity, visible free unsubscribe link. */
export function newsletterMail(input: NewsletterInput): MailContent {
  const { tenant, locale } = input
  const entry = input.content[locale]!
  const t = copyFor(locale)
  const blocks = parseMarkdown(entry.body)
  const contact = tenant.officerEmail
  const footerLines = [
    ...(input.consentedAt
      ? [t.footer.reason(formatDate(input.consentedAt, locale, tenant.settings.timeZone))]
      : []),
    t.footer.sender(tenant.legalName, contact),
    t.footer.unsubscribe(input.unsubscribeUrl),
  ]
  const subject = `${input.test ? t.test : ''}${input.korean ? '(광고) ' : ''}${entry.subject}`
  return {
    kind: 'marketing',
    subject,
    heading: entry.subject,
    paragraphs: [],
    body: { html: blocksToHtml(blocks, 0), text: blocksToText(blocks) },
    footerLines,
    footerLink: { label: t.footer.unsubscribeLabel, url: input.unsubscribeUrl },
  }
}

/** RFC 8058 one-click unsubscribe headers (and RFC 2369 mailto fallback). */
export function unsubscribeHeaders(httpsUrl: string, mailto: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${httpsUrl}>, <${mailto}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  }
}
