// Render and diff time of a large policy (50 sections × 2 locales) against raw baselines measured
// in the same run: escaping and joining the same text (the least any renderer must do), and a
// JSON.stringify comparison of the two versions (the least any diff must do).
import { defaultPolicy, diff, render, type PolicyVersion, type ProseSection } from '@tessera/policy-text'
import { medianMs, report } from './lib.mjs'

const tenant = {
  name: 'Hanbit Imaging',
  legalName: 'Hanbit Imaging Co., Ltd.',
  country: 'KR',
  officer: { name: 'Seo-yeon Park', department: 'Privacy Office', email: 'privacy@hanbit.example' },
  contactEmail: 'privacy@hanbit.example',
  website: 'https://hanbit.example',
}

function large(base: PolicyVersion, variant: number): PolicyVersion {
  const grow = (sections: readonly ProseSection[]) =>
    Array.from({ length: 50 }, (_, i) => {
      const source = sections[i % sections.length]!
      return {
        id: `${source.id}-${i}`,
        title: `${source.title} ${i}`,
        body: `${source.body}\n\n- item ${i}\n- **variant ${variant}**`,
      }
    })
  return { ...base, prose: { en: grow(base.prose.en), ko: grow(base.prose.ko) } }
}

const base = defaultPolicy(tenant)
const a = large(base, 1)
const b = large(base, 2)

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const rawRender = (v: PolicyVersion) =>
  (['en', 'ko'] as const)
    .map((l) => v.prose[l].map((s) => `<h2>${escape(s.title)}</h2><p>${escape(s.body)}</p>`).join(''))
    .join('')

const renderMs = await medianMs(() => {
  render(a, tenant, 'en', 'html')
  render(a, tenant, 'ko', 'html')
})
const rawRenderMs = await medianMs(() => rawRender(a))
const diffMs = await medianMs(() => diff(a, b))
const rawDiffMs = await medianMs(() => JSON.stringify(a) === JSON.stringify(b))

report('policy-text', [
  {
    figure: 'render 50 sections × en+ko to HTML',
    tessera: renderMs,
    baseline: rawRenderMs,
    unit: 'ms',
    target: '< 50 ms absolute',
  },
  {
    figure: 'diff two 50-section versions',
    tessera: diffMs,
    baseline: rawDiffMs,
    unit: 'ms',
    target: '< 20 ms absolute',
  },
])
