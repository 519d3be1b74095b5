import { escapeHtml } from '#shared/html'
import type Tenant from '#tenancy/tenant'

export type MailLocale = 'en' | 'ko'

/** What a mail says; the layout adds branding, sender identity and the officer's contact. */
export type MailContent = {
  subject: string
  /** Short preview line shown by mail clients after the subject. */
  preheader?: string
  heading: string
  paragraphs: string[]
  action?: { label: string; url: string }
  /** Service notices (policy changes, security) or marketing (newsletters). */
  kind: 'service' | 'marketing'
  /** Extra footer lines, e.g. the unsubscribe text of a newsletter. */
  footerLines?: string[]
  /** Body rendered from the strict Markdown subset of policy-text (markup from its AST only, text escaped). */
  body?: { html: string; text: string }
  /** A link shown in the footer of both parts (the unsubscribe link of a newsletter). */
  footerLink?: { label: string; url: string }
}

export type RenderedMail = { subject: string; html: string; text: string }

const FOOTER = {
  en: {
    sentBy: (name: string) => `Sent by ${name}.`,
    officer: 'Privacy officer',
    serviceNotice: 'This is a service notice about your account. It is not advertising.',
  },
  ko: {
    sentBy: (name: string) => `${name}에서 보낸 메일입니다.`,
    officer: '개인정보 보호책임자',
    serviceNotice: '이 메일은 계정과 관련된 서비스 안내이며 광고가 아닙니다.',
  },
} as const

export function mailLocale(tenant: Tenant, requested?: string | null): MailLocale {
  const candidate = (requested ?? tenant.defaultLocale).slice(0, 2).toLowerCase()
  return candidate === 'ko' ? 'ko' : 'en'
}

/**
 * Renders a mail in the tenant's branding, HTML and plain text. Every value is escaped; only
 * https action links are allowed. Table layout and inline styles because that is what mail clients
 * render reliably.
 */
export function renderMail(
  tenant: Tenant,
  locale: MailLocale,
  content: MailContent,
  logoUrl: string | null
): RenderedMail {
  const t = FOOTER[locale]
  const brand = tenant.branding
  const action = content.action && /^https?:\/\//.test(content.action.url) ? content.action : undefined
  const footerLink =
    content.footerLink && /^https?:\/\//.test(content.footerLink.url) ? content.footerLink : undefined
  const officer = `${t.officer}: ${tenant.officerName} (${tenant.officerDepartment}), ${tenant.officerEmail}`
  const footer = [
    t.sentBy(tenant.legalName),
    officer,
    ...(content.kind === 'service' ? [t.serviceNotice] : []),
    ...(content.footerLines ?? []),
  ]

  const html = `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(content.subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:${escapeHtml(brand.fontFamily)};color:${brand.textColor}">
<span style="display:none;max-height:0;overflow:hidden">${escapeHtml(content.preheader ?? '')}</span>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;padding:24px 0">
<tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:${brand.backgroundColor};border-radius:${brand.radius};border-top:4px solid ${brand.primaryColor}">
<tr><td style="padding:24px 32px 0">${
    logoUrl
      ? `<img src="${escapeHtml(logoUrl)}" alt="${escapeHtml(tenant.name)}" height="40" style="height:40px;border:0">`
      : `<strong style="font-size:18px;color:${brand.primaryColor}">${escapeHtml(tenant.name)}</strong>`
  }</td></tr>
<tr><td style="padding:16px 32px 8px"><h1 style="margin:0;font-size:22px;line-height:1.3">${escapeHtml(content.heading)}</h1></td></tr>
${content.paragraphs.map((p) => `<tr><td style="padding:8px 32px;font-size:15px;line-height:1.6">${escapeHtml(p)}</td></tr>`).join('\n')}
${content.body ? `<tr><td style="padding:8px 32px;font-size:15px;line-height:1.6">${content.body.html}</td></tr>` : ''}
${
  action
    ? `<tr><td style="padding:16px 32px"><a href="${escapeHtml(action.url)}" style="display:inline-block;background:${brand.primaryColor};color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:${brand.radius};font-weight:600">${escapeHtml(action.label)}</a></td></tr>`
    : ''
}
<tr><td style="padding:24px 32px;border-top:1px solid #e3e6ea;font-size:12px;line-height:1.6;color:#5b6470">${footer.map(escapeHtml).join('<br>')}${
    footerLink
      ? `<br><a href="${escapeHtml(footerLink.url)}" style="color:${brand.primaryColor}">${escapeHtml(footerLink.label)}</a>`
      : ''
  }</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`

  const text = [
    content.heading,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.body ? [content.body.text, ''] : []),
    ...(action ? [`${action.label}: ${action.url}`, ''] : []),
    '--',
    ...footer,
    ...(footerLink ? [`${footerLink.label}: ${footerLink.url}`] : []),
    '',
  ].join('\n')

  return { subject: content.subject, html, text }
}
