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
export async function memberExport(tenant: Tenant, member: Member) {
  const data: Record<string, unknown> = {}
  for (const source of MEMBER_DATA_SOURCES) {
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

/** The same export flattened to CSV rows: section, field, value. */
export function exportToCsv(doc: Awaited<ReturnType<typeof memberExport>>): string {
  const rows: string[][] = [['section', 'field', 'value']]
  const walk = (section: string, prefix: string, value: unknown) => {
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(section, prefix ? `${prefix}.${k}` : k, v)
    } else {
      rows.push([section, prefix, value === null || value === undefined ? '' : String(value)])
    }
  }
  for (const [section, value] of Object.entries(doc.data)) walk(section, '', value)
  const cell = (v: string) => {
    // A leading = + - @ would run as a formula in spreadsheets: prefix it.
    const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
  }
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}

export function authoritiesFor(member: Member, tenant: Tenant, locale: 'en' | 'ko') {
  return complaintAuthoritiesFor(member.nationality ?? tenant.country).map((a) => ({
    region: a.region,
    name: a.name[locale],
    url: a.url,
  }))
}
