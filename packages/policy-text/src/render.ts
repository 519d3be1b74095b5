// Serialises a policy document to HTML, plain text or Markdown. Deterministic: the output depends only
// on the arguments (no clock, no random ids), so the same input gives byte-identical output.

import { buildDocument, type PolicyDocument } from './document.js'
import { PolicyModelError } from './errors.js'
import { blocksToHtml, blocksToMarkdown, blocksToText, escapeHtml, escapeMarkdown } from './markdown.js'
import type { PolicyVersion, TenantPolicyContext } from './model.js'

export const RENDER_FORMATS = ['html', 'text', 'markdown'] as const
export type RenderFormat = (typeof RENDER_FORMATS)[number]

function toHtml(doc: PolicyDocument): string {
  const toc = doc.sections
    .map((s) => `<li><a href="#${escapeHtml(s.anchor)}">${escapeHtml(s.title)}</a></li>`)
    .join('\n')
  const sections = doc.sections
    .map(
      (s) =>
        `<section id="${escapeHtml(s.anchor)}">\n<h2>${escapeHtml(s.title)}</h2>\n${blocksToHtml(s.blocks, 1)}\n</section>`
    )
    .join('\n')
  return [
    `<article class="tessera-policy" lang="${doc.locale}">`,
    `<h1>${escapeHtml(doc.title)}</h1>`,
    `<p class="tessera-policy-meta">${doc.meta.map(escapeHtml).join(' · ')}</p>`,
    `<nav class="tessera-policy-toc" aria-label="${escapeHtml(doc.contentsLabel)}">`,
    `<h2>${escapeHtml(doc.contentsLabel)}</h2>`,
    `<ol>\n${toc}\n</ol>`,
    `</nav>`,
    sections,
    `</article>`,
    '',
  ].join('\n')
}

function toText(doc: PolicyDocument): string {
  const toc = doc.sections.map((s, i) => `${i + 1}. ${s.title}`).join('\n')
  const sections = doc.sections
    .map((s, i) => `${i + 1}. ${s.title}\n\n${blocksToText(s.blocks)}`)
    .join('\n\n\n')
  return `${doc.title}\n${doc.meta.join(' · ')}\n\n${doc.contentsLabel}\n${toc}\n\n\n${sections}\n`
}

function toMarkdown(doc: PolicyDocument): string {
  const toc = doc.sections.map((s) => `- [${escapeMarkdown(s.title)}](#${s.anchor})`).join('\n')
  const sections = doc.sections
    .map((s) => `## ${escapeMarkdown(s.title)} {#${s.anchor}}\n\n${blocksToMarkdown(s.blocks, 1)}`)
    .join('\n\n')
  return `# ${escapeMarkdown(doc.title)}\n\n${doc.meta.map(escapeMarkdown).join(' · ')}\n\n## ${escapeMarkdown(doc.contentsLabel)}\n\n${toc}\n\n${sections}\n`
}

/**
 * Renders a policy version for a tenant in one locale. Throws UnsupportedLocaleError for an unknown
 * locale, PolicyTemplateError for a prose template naming an unknown variable, PolicyModelError for
 * unusable data or an unknown format.
 */
export function render(
  version: PolicyVersion,
  tenant: TenantPolicyContext,
  locale: string,
  format: RenderFormat
): string {
  if (!(RENDER_FORMATS as readonly string[]).includes(format)) {
    throw new PolicyModelError(
      'format',
      `unknown format "${String(format)}"; use ${RENDER_FORMATS.join(', ')}`,
      'invalid_format'
    )
  }
  const doc = buildDocument(version, tenant, locale)
  return format === 'html' ? toHtml(doc) : format === 'text' ? toText(doc) : toMarkdown(doc)
}
