import {
  blocksToHtml,
  blocksToText,
  buildDocument,
  defaultPolicy,
  escapeHtml,
  settingsDrift,
  type Block,
  type Locale,
  type PolicyVersion,
} from '@tessera/policy-text'
import clock from '#shared/clock'
import type Tenant from '#tenancy/tenant'
import PolicyService, { tenantPolicyContext } from '#policies/policy_service'

type TableBlock = Extract<Block, { type: 'table' }>

const COPY = {
  en: {
    title: (name: string) => `${name}: records of processing activities (GDPR Art. 30)`,
    basis: 'Generated from the privacy policy in effect',
    draft: 'No policy is in effect yet: generated from the default policy with the current settings.',
    controller: 'Controller',
    subjects: 'Data subjects: members (registered users) of the service',
    usage: (days: number) =>
      `Usage records (actions, IP addresses) are deleted ${days} days after they were made.`,
    transfers: 'Transfers to third countries: none.',
    drift: 'Settings changed since this policy was published (publish a new version):',
  },
  ko: {
    title: (name: string) => `${name} 개인정보 처리 활동 기록 (GDPR 제30조)`,
    basis: '시행 중인 개인정보 처리방침에서 생성했습니다',
    draft: '시행 중인 방침이 아직 없어 현재 설정의 기본 방침에서 생성했습니다.',
    controller: '개인정보처리자',
    subjects: '정보주체: 서비스 회원(가입한 이용자)',
    usage: (days: number) => `이용 기록(이용 내역, IP 주소)은 생성 후 ${days}일이 지나면 삭제합니다.`,
    transfers: '국외 이전: 없음.',
    drift: '방침 게시 이후 바뀐 설정(새 버전을 게시하세요):',
  },
} as const

/** The cell texts of a structured table, from the same document the published policy renders. */
function tableRows(blocks: readonly Block[]): string[][] {
  const table = blocks.find((b): b is TableBlock => b.type === 'table')
  return table
    ? table.rows.map((row) => row.map((cell) => blocksToText([{ type: 'paragraph', children: cell }]).trim()))
    : []
}

/**
 * Records of processing activities (GDPR Art. 30), generated from the same sources as the published
 * policy: the version in effect (purposes, data categories, retention rules, recipients, safety
 * measures) rendered by policy-text, plus the tenant's settings. Nothing here is written twice, so
 * the record cannot drift from what members were told; a setting changed since publication is named.
 */
export async function recordsOfProcessing(tenant: Tenant, policies: PolicyService, locale: Locale) {
  const context = tenantPolicyContext(tenant)
  const { current } = await policies.timeline()
  const version: PolicyVersion = current ? current.toPolicy() : defaultPolicy(context)
  const document = buildDocument(version, context, locale)
  const section = (id: string) => document.sections.find((s) => s.id === id)
  const retentionText = tableRows(section('retention')?.blocks ?? [])
  const itemLabel = new Map(version.items.map((i) => [i.key, i.label[locale]]))
  const retention = version.retention.map((r, i) => ({
    key: r.key,
    label: r.label[locale],
    items: r.items.map((k) => itemLabel.get(k) ?? k),
    period: retentionText[i]?.[1] ?? null,
  }))
  const drift = settingsDrift(version, context)
  const t = COPY[locale]

  const json = {
    format: 'tessera-records-of-processing/1',
    generatedAt: clock.now().toISOString(),
    locale,
    policy: current
      ? { version: version.id, effectiveAt: version.effectiveAt }
      : { version: null, effectiveAt: null, note: t.draft },
    controller: {
      name: tenant.name,
      legalName: tenant.legalName,
      country: tenant.country,
      website: tenant.website,
      officer: { ...version.officer },
    },
    dataSubjects: ['members'],
    dataCategories: version.items.map((i) => ({
      key: i.key,
      label: i.label[locale],
      category: i.category,
      required: i.required,
    })),
    activities: version.purposes.map((p) => ({
      purpose: p.key,
      title: p.title[locale],
      description: p.description[locale],
      lawfulBasis: p.lawfulBasis,
      consentBased: p.consentBased,
      specialCategory: p.specialCategory,
      dataCategories: p.items.map((k) => itemLabel.get(k) ?? k),
      retention: retention.filter((r) =>
        r.items.some((label) => p.items.some((k) => itemLabel.get(k) === label))
      ),
      recipients: version.thirdParty.recipients.map((r) => r.name),
    })),
    retention,
    usageRecordDays: tenant.settings.usageRecordDays,
    dormancy: {
      enabled: version.settings.dormancyEnabled,
      afterDays: version.settings.dormancyDays,
      destroyAfterYears: version.settings.dormantDestroyYears,
    },
    recipients: version.thirdParty.recipients.map((r) => ({
      name: r.name,
      purpose: r.purpose[locale],
      items: r.items,
    })),
    processors: version.thirdParty.processors.map((r) => ({
      name: r.name,
      purpose: r.purpose[locale],
      items: r.items,
    })),
    thirdCountryTransfers: [],
    safetyMeasures: {
      management: version.safety.management.map((m) => m[locale]),
      technical: version.safety.technical.map((m) => m[locale]),
      physical: version.safety.physical.map((m) => m[locale]),
    },
    settingsDrift: drift.settings,
  }

  const part = (id: string) => {
    const s = section(id)
    return s ? `<section><h2>${escapeHtml(s.title)}</h2>${blocksToHtml(s.blocks, 2)}</section>` : ''
  }
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(t.title(tenant.name))}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}</style>
</head><body>
<h1>${escapeHtml(t.title(tenant.name))}</h1>
<p>${escapeHtml(current ? `${t.basis}: ${document.meta.join(' · ')}` : t.draft)}</p>
<section><h2>${escapeHtml(t.controller)}</h2><p>${escapeHtml(`${tenant.legalName} (${tenant.name}), ${tenant.country}`)}</p>${blocksToHtml(section('officer')?.blocks ?? [], 2)}</section>
<p>${escapeHtml(t.subjects)}</p>
${part('collection')}
${part('use')}
${part('retention')}
<p>${escapeHtml(t.usage(tenant.settings.usageRecordDays))}</p>
${part('provision')}
<p>${escapeHtml(t.transfers)}</p>
${part('safety')}
${drift.settings.length ? `<p>${escapeHtml(t.drift)} ${escapeHtml(drift.settings.map((c) => c.name).join(', '))}</p>` : ''}
</body></html>`
  return { json, html }
}
