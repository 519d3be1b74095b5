import type { ApiClient } from '@japa/api-client'
import { makeTenant } from '#tests/support/tenants'

export type TestTenant = Awaited<ReturnType<typeof makeTenant>>

/** Admin calls on the policy API with the tenant's secret key. */
export function policyAdmin(client: ApiClient, t: TestTenant) {
  const auth = { authorization: `Bearer ${t.secretKey}` }
  return {
    draft: (body: object = {}) => client.post('/v1/admin/policy/versions').headers(auth).json(body),
    patch: (id: string, body: object) =>
      client.patch(`/v1/admin/policy/versions/${id}`).headers(auth).json(body),
    publish: (id: string, effectiveAt: string) =>
      client.post(`/v1/admin/policy/versions/${id}/publish`).headers(auth).json({ effectiveAt }),
    preview: (id: string, qs = '') =>
      client.get(`/v1/admin/policy/versions/${id}/preview${qs}`).headers(auth),
    show: (id: string) => client.get(`/v1/admin/policy/versions/${id}`).headers(auth),
  }
}

/** A tenant whose default policy is in effect from `at` (its first version may start at once). */
export async function tenantWithPolicy(
  client: ApiClient,
  at: Date,
  overrides: Parameters<typeof makeTenant>[0] = {}
) {
  const t = await makeTenant(overrides)
  const api = policyAdmin(client, t)
  const first = await api.draft({ basedOn: 'default' })
  first.assertStatus(201)
  ;(await api.publish(first.body().id, at.toISOString())).assertStatus(200)
  return { t, api, firstId: first.body().id as string }
}

/** A consent-based purpose to add in tests of significant changes. */
export const RESEARCH_PURPOSE = {
  key: 'research',
  lawfulBasis: 'consent',
  consentBased: true,
  required: false,
  specialCategory: true,
  items: ['medical_images'],
  title: { en: 'Research on de-identified images', ko: '비식별 영상을 이용한 연구' },
  description: {
    en: 'Improving the models with images you allow us to keep.',
    ko: '허락하신 영상으로 모델을 개선합니다.',
  },
}
