import { complaintAuthoritiesFor } from '@tessera/policy-text'
import clock from '#shared/clock'
import type Tenant from '#tenancy/tenant'
import type Member from '#members/member'
import { MEMBER_DATA_SOURCES } from '#privacy_requests/member_data'
import { CONSENT_PROOF_SCHEMA } from '#consent/proof'

/** JSON Schema of a member's data export (portability), published at /v1/schemas/member-export.json. */
export const MEMBER_EXPORT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://tessera.dev/schemas/member-export.json',
  title: 'Tessera member data export',
  type: 'object',
  required: ['format', 'generatedAt', 'controller', 'data'],
  additionalProperties: false,
  properties: {
    format: { const: 'tessera-member-export/1' },
    generatedAt: { type: 'string', format: 'date-time' },
    controller: {
      type: 'object',
      required: ['name', 'legalName', 'officer'],
      properties: { name: { type: 'string' }, legalName: { type: 'string' }, officer: { type: 'object' } },
    },
    data: {
      type: 'object',
      required: ['profile', 'consents', 'policyNotices', 'requests'],
      properties: {
        profile: {
          type: 'object',
          required: [
            'id',
            'email',
            'firstName',
            'lastName',
            'company',
            'nationality',
            'locale',
            'status',
            'createdAt',
            'lastActiveAt',
          ],
          additionalProperties: false,
          properties: {
            id: { type: 'string' },
            email: { type: 'string' },
            firstName: { type: ['string', 'null'] },
            lastName: { type: ['string', 'null'] },
            company: { type: ['string', 'null'] },
            nationality: { type: ['string', 'null'] },
            locale: { type: 'string' },
            status: { type: 'string' },
            createdAt: { type: 'string', format: 'date-time' },
            lastActiveAt: { type: ['string', 'null'] },
          },
        },
        consents: { type: 'array', items: CONSENT_PROOF_SCHEMA.$defs.event },
        policyNotices: { type: 'array', items: { type: 'object' } },
        requests: { type: 'array', items: { type: 'object' } },
      },
    },
  },
} as const

/** Everything the member's data consists of, from every registered source. */
export async function memberExport(tenant: Tenant, member: Member, options: { skipBatched?: boolean } = {}) {
  const data: Record<string, unknown> = {}
  for (const source of MEMBER_DATA_SOURCES) {
    if (options.skipBatched && source.batches) continue
    const part = await source.export(member)
    if (part !== undefined) data[source.key] = part
  }
  return {
    format: 'tessera-member-export/1' as const,
    generatedAt: clock.now().toISOString(),
    controller: {
      name: tenant.name,
      legalName: tenant.legalName,
      officer: { name: tenant.officerName, department: tenant.officerDepartment, email: tenant.officerEmail },
    },
    data,
  }
}

function csvCell(v: string): string {
  // A leading = + - @ would run as a formula in spreadsheets: prefix it.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** One value flattened to CSV rows: section, field, value (field paths joined with dots). */
function csvRows(section: string, prefix: string, value: unknown, out: string[] = []): string[] {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) csvRows(section, prefix ? `${prefix}.${k}` : k, v, out)
  } else {
    out.push(
      [section, prefix, value === null || value === undefined ? '' : String(value)].map(csvCell).join(',')
    )
  }
  return out
}

/**
 * The export as a stream of text chunks (JSON or CSV), so a member with thousands of events is
 * written batch by batch in bounded memory. Same content as `memberExport`.
 */
export async function* memberExportStream(
  tenant: Tenant,
  member: Member,
  format: 'json' | 'csv'
): AsyncGenerator<string> {
  const head = await memberExport(tenant, member, { skipBatched: true })
  if (format === 'csv') yield 'section,field,value\r\n'
  else
    yield `{"format":${JSON.stringify(head.format)},"generatedAt":${JSON.stringify(head.generatedAt)},"controller":${JSON.stringify(head.controller)},"data":{`
  let first = true
  for (const source of MEMBER_DATA_SOURCES) {
    if (source.batches) {
      if (format === 'json') yield `${first ? '' : ','}${JSON.stringify(source.key)}:[`
      let firstItem = true
      let index = 0
      for await (const batch of source.batches(member)) {
        if (format === 'json') {
          yield (firstItem ? '' : ',') + batch.map((item) => JSON.stringify(item)).join(',')
        } else {
          yield (
            batch.map((item) => csvRows(source.key, String(index++), item).join('\r\n')).join('\r\n') + '\r\n'
          )
        }
        firstItem = false
      }
      if (format === 'json') yield ']'
    } else {
      const value = head.data[source.key]
      if (value === undefined) continue
      if (format === 'json') yield `${first ? '' : ','}${JSON.stringify(source.key)}:${JSON.stringify(value)}`
      else yield csvRows(source.key, '', value).join('\r\n') + '\r\n'
    }
    first = false
  }
  if (format === 'json') yield '}}'
}

export function authoritiesFor(member: Member, tenant: Tenant, locale: 'en' | 'ko') {
  return complaintAuthoritiesFor(member.nationality ?? tenant.country).map((a) => ({
    region: a.region,
    name: a.name[locale],
    url: a.url,
  }))
}
