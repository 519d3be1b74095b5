// Builds the format-neutral document for one locale: header, table of contents and sections, each
// section being its filled prose followed by the structured data that belongs to it. Tenant and model
// strings enter the tree only as text nodes; links only after the https:/mailto: check.

import { PolicyModelError, UnsupportedLocaleError } from './errors.js'
import { LABELS, type Labels } from './labels.js'
import { isEmailAddress, isSafeUrl, parseMarkdown, type Block, type Inline } from './markdown.js'
import {
  SUPPORTED_LOCALES,
  isSupportedLocale,
  type AuthorityRegion,
  type Locale,
  type PolicyVersion,
  type TenantPolicyContext,
  type ThirdPartyRecipient,
} from './model.js'
import { resolveSettings } from './settings.js'
import { fillTemplate, templateVariables } from './template.js'

export interface TocEntry {
  readonly id: string
  /** `section-<id>`: the HTML id of the section and the TOC link target. */
  readonly anchor: string
  readonly title: string
}

export interface DocumentSection extends TocEntry {
  readonly blocks: readonly Block[]
}

export interface PolicyDocument {
  readonly locale: Locale
  readonly title: string
  readonly meta: readonly string[]
  readonly contentsLabel: string
  readonly sections: readonly DocumentSection[]
}

const SECTION_ID = /^[a-z][a-z0-9-]{0,63}$/

export const sectionAnchor = (id: string): string => `section-${id}`

export function assertLocale(locale: string): Locale {
  if (!isSupportedLocale(locale)) throw new UnsupportedLocaleError(locale, SUPPORTED_LOCALES)
  return locale
}

const text = (value: string): Inline => ({ type: 'text', value })
const strong = (value: string): Inline => ({ type: 'strong', children: [text(value)] })
const para = (...children: Inline[]): Block => ({ type: 'paragraph', children })
const list = (items: Inline[][]): Block => ({ type: 'list', items })

function link(label: string, href: string): Inline[] {
  return isSafeUrl(href) ? [{ type: 'link', href, children: [text(label)] }] : [text(`${label} (${href})`)]
}

function isoDate(value: string | null, path: string): string | null {
  if (value === null) return null
  const date = new Date(value)
  if (Number.isNaN(date.getTime()))
    throw new PolicyModelError(path, `not a valid date: ${JSON.stringify(value)}`)
  return date.toISOString().slice(0, 10)
}

type StructuredBuilder = (v: PolicyVersion, l: Labels, locale: Locale) => Block[]

function recipients(
  heading: string,
  none: string,
  rows: readonly ThirdPartyRecipient[],
  locale: Locale
): Block[] {
  if (rows.length === 0) return [para(text(none))]
  return [para(strong(heading)), list(rows.map((r) => [strong(r.name), text(`: ${r.purpose[locale]}`)]))]
}

function authorities(v: PolicyVersion, l: Labels, locale: Locale, region: AuthorityRegion): Block[] {
  const rows = v.complaintAuthorities.filter((a) => a.region === region)
  if (rows.length === 0) return []
  return [para(strong(l.authorities)), list(rows.map((a) => link(a.name[locale], a.url)))]
}

/** Structured data rendered into the section with the same id (or a generated one if the prose lacks it). */
const STRUCTURED: Readonly<Record<string, StructuredBuilder>> = {
  collection: (v, l, locale) => {
    const blocks: Block[] = [para(strong(l.itemsHeading))]
    for (const category of ['account', 'imaging', 'automatic'] as const) {
      const items = v.items.filter((i) => i.category === category)
      if (items.length === 0) continue
      blocks.push(
        para(text(`${l.category[category]}:`)),
        list(items.map((i) => [text(i.required ? i.label[locale] : `${i.label[locale]} (${l.optional})`)]))
      )
    }
    return blocks
  },
  use: (v, l, locale) => {
    const labelOf = (key: string): string => v.items.find((i) => i.key === key)?.label[locale] ?? key
    return [
      {
        type: 'table',
        head: l.purposeHead,
        rows: v.purposes.map((p) => [
          [strong(p.title[locale]), text(` — ${p.description[locale]}`)],
          [text(l.lawfulBasis[p.lawfulBasis])],
          [text(p.consentBased ? l.yes : l.no)],
          [
            text(
              `${p.required ? l.required : l.optional}${p.specialCategory ? ` (${l.specialCategory})` : ''}`
            ),
          ],
          [text(p.items.map(labelOf).join(', '))],
        ]),
      },
    ]
  },
  retention: (v, l, locale) => {
    const settings = resolveSettings(v.settings)
    return [
      {
        type: 'table',
        head: l.retentionHead,
        rows: v.retention.map((r) => [
          [text(r.label[locale])],
          [text(l.retentionPeriod(r.period, settings))],
        ]),
      },
    ]
  },
  provision: (v, l, locale) => [
    ...recipients(l.recipients, l.noRecipients, v.thirdParty.recipients, locale),
    ...recipients(l.processors, l.noProcessors, v.thirdParty.processors, locale),
    ...(v.thirdParty.legalObligationException ? [para(text(l.legalException))] : []),
  ],
  safety: (v, l, locale) =>
    (['management', 'technical', 'physical'] as const).flatMap((kind) =>
      v.safety[kind].length === 0
        ? []
        : [para(strong(l.safety[kind])), list(v.safety[kind].map((m) => [text(m[locale])]))]
    ),
  rights: (v, l, locale) => [
    para(strong(l.rightsHeading)),
    list(v.rights.rights.map((r) => [text(l.right[r])])),
    para(strong(l.channelsHeading)),
    list(v.rights.channels.map((c) => [text(l.channel[c])])),
    ...(v.rights.noUseWhilePending ? [para(text(l.noUseWhilePending))] : []),
    ...authorities(v, l, locale, 'KR'),
  ],
  officer: (v, l) => [
    list([
      [strong(`${l.officerName}:`), text(` ${v.officer.name}`)],
      [strong(`${l.officerDepartment}:`), text(` ${v.officer.department}`)],
      [
        strong(`${l.officerEmail}:`),
        text(' '),
        ...(isEmailAddress(v.officer.email)
          ? link(v.officer.email, `mailto:${v.officer.email}`)
          : [text(v.officer.email)]),
      ],
    ]),
  ],
  cookies: (v, l, locale) => [
    {
      type: 'table',
      head: l.cookieHead,
      rows: v.cookies.map((c) => [
        [strong(c.title[locale])],
        [text(c.required ? l.yes : l.no)],
        [text(c.description[locale])],
      ]),
    },
  ],
  eu: (v, l, locale) => authorities(v, l, locale, 'EU'),
}

function checkSections(version: PolicyVersion, locale: Locale): void {
  const seen = new Set<string>()
  version.prose[locale].forEach((section, i) => {
    const path = `prose.${locale}[${i}].id`
    if (!SECTION_ID.test(section.id)) {
      throw new PolicyModelError(
        path,
        `section id must match ${SECTION_ID.source}: ${JSON.stringify(section.id)}`
      )
    }
    if (seen.has(section.id)) throw new PolicyModelError(path, `duplicate section id "${section.id}"`)
    seen.add(section.id)
  })
}

export function buildDocument(
  version: PolicyVersion,
  tenant: TenantPolicyContext,
  localeName: string
): PolicyDocument {
  const locale = assertLocale(localeName)
  if (!Array.isArray(version.prose[locale])) {
    const present = SUPPORTED_LOCALES.filter((l) => Array.isArray(version.prose[l]))
    throw new UnsupportedLocaleError(locale, present)
  }
  const labels = LABELS[locale]
  checkSections(version, locale)
  const vars = templateVariables(version, tenant)
  const sections: DocumentSection[] = version.prose[locale].map((section) => ({
    id: section.id,
    anchor: sectionAnchor(section.id),
    title: section.title,
    blocks: [
      ...parseMarkdown(fillTemplate(section.body, vars)),
      ...(STRUCTURED[section.id]?.(version, labels, locale) ?? []),
    ],
  }))
  for (const [id, build] of Object.entries(STRUCTURED)) {
    if (sections.some((s) => s.id === id)) continue
    const blocks = build(version, labels, locale)
    if (blocks.length === 0) continue
    sections.push({ id, anchor: sectionAnchor(id), title: labels.fallbackSectionTitle[id] ?? id, blocks })
  }
  const posted = isoDate(version.postedAt, 'postedAt')
  const effective = isoDate(version.effectiveAt, 'effectiveAt')
  return {
    locale,
    title: labels.documentTitle(tenant.name),
    meta: [
      `${labels.version} ${version.id}`,
      ...(posted ? [`${labels.postedOn} ${posted}`] : []),
      ...(effective ? [`${labels.effectiveFrom} ${effective}`] : []),
    ],
    contentsLabel: labels.contents,
    sections,
  }
}

/** Table of contents for a version in one locale (same ids and anchors the rendered output uses). */
export function tableOfContents(
  version: PolicyVersion,
  tenant: TenantPolicyContext,
  locale: string
): TocEntry[] {
  return buildDocument(version, tenant, locale).sections.map(({ id, anchor, title }) => ({
    id,
    anchor,
    title,
  }))
}
