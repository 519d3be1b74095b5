/*
 * Every operation of the API with the objects it takes, for the tests that sweep all of them: the
 * tenant isolation matrix and the fuzzing of request bodies. `objectsOf` makes one of everything
 * for a tenant through the API; `ROUTES[operation](objects, own)` says how an operation is called
 * against those objects. An operation of the OpenAPI document missing here fails both tests.
 */
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { createHash } from 'node:crypto'
import { buildOpenApiDocument } from '#shared/openapi'
import { buildModel } from '#inference/onnx_builder'
import { withTenant } from '#tenancy/tenant_context'
import MemberTokensService from '#members/member_tokens_service'
import { signIdentityToken } from '#members/identity_tokens'
import NewsletterTokens from '#newsletters/tokens'
import { sendImage, memberFetch, type Signed } from '#tests/support/members'
import { policyAdmin } from '#tests/support/policies'
import { png } from '#tests/support/images'

export const T0 = new Date('2026-09-01T08:00:00.000Z')
const base = () => process.env.APP_URL!
const PNG_METADATA = `filetype ${Buffer.from('image/png').toString('base64')}`

/** A tenant's objects, by what they are; every value is a string a request might carry. */
export type TenantObjects = {
  tenant: string
  tenantName: string
  member: string
  memberEmail: string
  upload: string
  analysis: string
  request: string
  draft: string
  published: string
  model: string
  campaign: string
  key: string
  tus: string
  signInToken: string
  verifyToken: string
  confirmToken: string
  unsubscribeToken: string
  identityToken: string
}

/** How A tries an operation against B: path parameters, query, body (JSON unless `raw`). */
export type Attempt = {
  params?: Record<string, string>
  query?: Record<string, string>
  body?: unknown
  raw?: { type: string; data: Uint8Array | string }
  headers?: Record<string, string>
  /** The route serves B's public pages by B's tenant id: B's public name and versions may show. */
  publicOfB?: true
  /**
   * B's own link or identity token redeemed on B's own site is B's member signing in, whoever
   * holds A's session: not tried with the credential that carries B's publishable key.
   */
  ownTokenOfB?: true
}

export type Own = { tenant: string }

export const ON_B_KEY = "A's member session on B's key"

/** Every operation of the OpenAPI document, as `METHOD /path/{param}`, and how to call it on a tenant's objects. */
export const ROUTES: Record<string, (b: TenantObjects, a: Own) => Attempt> = {
  'GET /health': () => ({}),
  'GET /v1/openapi.json': () => ({}),
  'POST /v1/admin/sessions': (b) => ({
    body: { tenant: b.tenant, email: 'owner@b.example', password: 'not the password' },
  }),
  'GET /v1/admin/session': () => ({}),
  'DELETE /v1/admin/sessions/current': () => ({}),
  'GET /v1/admin/tenant': () => ({}),
  'PATCH /v1/admin/tenant': (b) => ({ body: { name: 'Changed by A', id: b.tenant } }),
  'PUT /v1/admin/tenant/logo': () => ({ raw: { type: 'image/png', data: png() } }),
  'GET /v1/branding/{tenant}/logo': (b) => ({ params: { tenant: b.tenant }, publicOfB: true }),
  'GET /v1/admin/keys': () => ({}),
  'POST /v1/admin/keys': (b) => ({ body: { kind: 'secret', name: 'from A', tenant: b.tenant } }),
  'DELETE /v1/admin/keys/{id}': (b) => ({ params: { id: b.key } }),
  'GET /v1/admin/admins': () => ({}),
  'POST /v1/admin/admins': (b) => ({
    body: {
      email: 'second.owner@a.example',
      fullName: 'Taken Over',
      role: 'owner',
      password: 'long enough password',
      tenant: b.tenant,
    },
  }),
  'GET /v1/widget/config': () => ({}),
  'GET /widgets/v1/{path}': () => ({ params: { path: 'tessera.js' } }),
  'GET /v1/admin/audit-events': (b) => ({ query: { tenant: b.tenant } }),
  'GET /v1/admin/audit-events/verify': () => ({}),
  'GET /v1/admin/audit-events/monthly': () => ({}),
  'GET /v1/admin/audit-events/summary': () => ({ query: { month: '2026-09' } }),
  'POST /v1/admin/mail/test': (b) => ({ body: { to: b.memberEmail } }),
  'GET /v1/admin/policy/versions': () => ({}),
  'POST /v1/admin/policy/versions': (b) => ({ body: { basedOn: b.draft } }),
  'GET /v1/admin/policy/versions/{id}': (b) => ({ params: { id: b.draft } }),
  'PATCH /v1/admin/policy/versions/{id}': (b) => ({
    params: { id: b.draft },
    body: { refreshFromTenant: true },
  }),
  'GET /v1/admin/policy/versions/{id}/preview': (b) => ({ params: { id: b.draft } }),
  'GET /v1/admin/policy/versions/{id}/diff': (b) => ({ params: { id: b.draft } }),
  'GET /v1/admin/policy/versions/{id}/publication': (b) => ({ params: { id: b.draft } }),
  'POST /v1/admin/policy/versions/{id}/publish': (b) => ({
    params: { id: b.draft },
    body: { effectiveAt: new Date(T0.getTime() + 40 * 86_400_000).toISOString() },
  }),
  'GET /v1/widget/policy': () => ({}),
  'GET /v1/widget/policy/versions': () => ({}),
  'GET /v1/widget/policy/versions/{id}': (b) => ({ params: { id: b.published } }),
  'GET /v1/widget/policy/diff': (b) => ({ query: { from: b.published, to: b.draft } }),
  'GET /policy/{tenant}': (b) => ({ params: { tenant: b.tenant }, publicOfB: true }),
  'GET /policy/{tenant}/upcoming': (b) => ({ params: { tenant: b.tenant }, publicOfB: true }),
  // B's draft is not public, even on B's own hosted pages.
  'GET /policy/{tenant}/versions/{id}': (b) => ({ params: { tenant: b.tenant, id: b.draft } }),
  'POST /v1/widget/members': (b) => ({
    body: {
      firstName: 'Mallory',
      lastName: 'Cross',
      nationality: 'KR',
      email: b.memberEmail,
      locale: 'en',
      policyVersion: b.published,
      consents: [{ purpose: 'image_analysis', granted: true }],
      returnUrl: 'https://evil.example/',
    },
  }),
  'POST /v1/widget/members/verify': (b) => ({ body: { token: b.verifyToken }, ownTokenOfB: true }),
  'POST /v1/widget/sessions/link': (b) => ({
    body: { email: b.memberEmail, locale: 'en', returnUrl: 'https://evil.example/' },
  }),
  'POST /v1/widget/sessions': (b) => ({ body: { token: b.signInToken }, ownTokenOfB: true }),
  'POST /v1/widget/sessions/identity': (b) => ({ body: { token: b.identityToken }, ownTokenOfB: true }),
  'DELETE /v1/widget/sessions/current': () => ({}),
  'GET /v1/widget/me': () => ({}),
  'POST /v1/admin/identity-secret': () => ({}),
  'GET /v1/widget/purposes': () => ({}),
  'GET /v1/widget/cookies/config': () => ({}),
  'POST /v1/widget/cookies/receipts': (b) => ({
    body: { visitorId: b.member, choices: {}, policyHash: 'x', gpc: false, source: 'banner' },
  }),
  'GET /v1/admin/cookies/inventory': () => ({}),
  'PUT /v1/admin/cookies/inventory': (b) => ({ body: { tenant: b.tenant, entries: [] } }),
  'GET /v1/admin/consent/stats': () => ({}),
  'GET /v1/widget/me/consents': () => ({}),
  'POST /v1/widget/me/consents': (b) => ({
    body: { member: b.member, decisions: [{ purpose: 'marketing', action: 'withdraw' }] },
  }),
  'GET /v1/admin/consent/verify': () => ({}),
  'GET /v1/admin/consent/export': (b) => ({ query: { member: b.member, reason: 'isolation test' } }),
  'GET /v1/admin/members/{id}/consent-proof': (b) => ({
    params: { id: b.member },
    query: { reason: 'isolation test' },
  }),
  'GET /v1/schemas/consent-proof.json': () => ({}),
  'GET /v1/widget/me/requests': () => ({}),
  'POST /v1/widget/me/requests': (b) => ({ body: { type: 'erase', member: b.member } }),
  'GET /v1/widget/me/data': () => ({}),
  'GET /v1/widget/me/export': () => ({}),
  'GET /v1/schemas/member-export.json': () => ({}),
  'GET /v1/admin/requests': () => ({}),
  'POST /v1/admin/requests': (b) => ({
    body: { memberEmail: b.memberEmail, type: 'erase', channel: 'letter' },
  }),
  'GET /v1/admin/requests/{id}': (b) => ({ params: { id: b.request } }),
  'POST /v1/admin/requests/{id}/verify-identity': (b) => ({
    params: { id: b.request },
    body: { method: 'passport seen' },
  }),
  'POST /v1/admin/requests/{id}/acknowledge': (b) => ({ params: { id: b.request }, body: {} }),
  'POST /v1/admin/requests/{id}/extend': (b) => ({
    params: { id: b.request },
    body: { reason: 'complex request' },
  }),
  'POST /v1/admin/requests/{id}/complete': (b) => ({ params: { id: b.request }, body: {} }),
  'POST /v1/admin/requests/{id}/reject': (b) => ({
    params: { id: b.request },
    body: { reason: 'not from the member' },
  }),
  'GET /v1/admin/uploads/{id}/content': (b) => ({ params: { id: b.upload }, query: { reason: 'check' } }),
  'POST /v1/widget/me/tus': () => ({
    headers: { 'tus-resumable': '1.0.0', 'upload-length': '67', 'upload-metadata': PNG_METADATA },
  }),
  'PATCH /v1/widget/me/tus/{id}': (b) => ({
    params: { id: b.tus },
    headers: { 'tus-resumable': '1.0.0', 'upload-offset': '0' },
    raw: { type: 'application/offset+octet-stream', data: new Uint8Array(8) },
  }),
  'DELETE /v1/widget/me/tus/{id}': (b) => ({
    params: { id: b.tus },
    headers: { 'tus-resumable': '1.0.0' },
  }),
  'POST /v1/widget/me/uploads': () => ({ raw: { type: 'image/png', data: png() } }),
  'GET /v1/widget/me/uploads': () => ({}),
  'GET /v1/widget/me/uploads/{id}/content': (b) => ({ params: { id: b.upload } }),
  'DELETE /v1/widget/me/uploads/{id}': (b) => ({ params: { id: b.upload } }),
  'POST /v1/widget/me/uploads/{id}/analyses': (b) => ({ params: { id: b.upload } }),
  'GET /v1/widget/me/analyses/{id}': (b) => ({ params: { id: b.analysis } }),
  'GET /v1/widget/me/analyses/{id}/events': (b) => ({ params: { id: b.analysis } }),
  'GET /v1/widget/me/analyses/{id}/mask': (b) => ({ params: { id: b.analysis } }),
  'GET /v1/admin/models': () => ({}),
  'POST /v1/admin/models': () => ({ body: {} }),
  'POST /v1/admin/models/{id}/activate': (b) => ({ params: { id: b.model } }),
  'POST /v1/admin/models/{id}/deactivate': (b) => ({ params: { id: b.model } }),
  'GET /v1/admin/newsletters/audience': () => ({}),
  'GET /v1/admin/newsletters/campaigns': () => ({}),
  'POST /v1/admin/newsletters/campaigns': (b) => ({ body: { name: 'A', id: b.campaign } }),
  'GET /v1/admin/newsletters/campaigns/{id}': (b) => ({ params: { id: b.campaign } }),
  'PATCH /v1/admin/newsletters/campaigns/{id}': (b) => ({
    params: { id: b.campaign },
    body: { name: 'Changed by A' },
  }),
  'GET /v1/admin/newsletters/campaigns/{id}/preview': (b) => ({
    params: { id: b.campaign },
    query: { locale: 'en' },
  }),
  'POST /v1/admin/newsletters/campaigns/{id}/test': (b) => ({
    params: { id: b.campaign },
    body: { to: 'qa@a.example', locale: 'en' },
  }),
  'POST /v1/admin/newsletters/campaigns/{id}/schedule': (b) => ({
    params: { id: b.campaign },
    body: { at: new Date(T0.getTime() + 86_400_000).toISOString() },
  }),
  'POST /v1/admin/newsletters/campaigns/{id}/send': (b) => ({ params: { id: b.campaign } }),
  'POST /v1/admin/newsletters/campaigns/{id}/cancel': (b) => ({ params: { id: b.campaign } }),
  'GET /v1/admin/newsletters/campaigns/{id}/stats': (b) => ({ params: { id: b.campaign } }),
  'GET /v1/admin/newsletters/campaigns/{id}/recipients': (b) => ({
    params: { id: b.campaign },
    query: { reason: 'check' },
  }),
  'GET /v1/widget/me/newsletter': () => ({}),
  'PATCH /v1/widget/me/newsletter': () => ({ body: { subscribed: false } }),
  // B's member's links presented under A's tenant id.
  'GET /newsletter/{tenant}/confirm/{token}': (b, a) => ({
    params: { tenant: a.tenant, token: b.confirmToken },
  }),
  'POST /newsletter/{tenant}/confirm/{token}': (b, a) => ({
    params: { tenant: a.tenant, token: b.confirmToken },
  }),
  'GET /newsletter/{tenant}/unsubscribe/{token}': (b, a) => ({
    params: { tenant: a.tenant, token: b.unsubscribeToken },
  }),
  'POST /newsletter/{tenant}/unsubscribe/{token}': (b, a) => ({
    params: { tenant: a.tenant, token: b.unsubscribeToken },
    raw: { type: 'application/x-www-form-urlencoded', data: 'List-Unsubscribe=One-Click' },
  }),
  'GET /v1/admin/members': (b) => ({ query: { q: b.memberEmail } }),
  'GET /v1/admin/members/{id}': (b) => ({ params: { id: b.member }, query: { locale: 'en' } }),
  'GET /v1/admin/members/{id}/usage-records': (b) => ({
    params: { id: b.member },
    query: { reason: 'check' },
  }),
  'GET /v1/admin/statistics': () => ({}),
  'GET /v1/admin/records-of-processing': () => ({}),
  'GET /console': () => ({}),
  'GET /console/{path}': () => ({ params: { path: 'settings' } }),
}

/** The credentials tenant A can hold, as request headers. */
export function credentialsOf(
  a: Signed,
  adminToken: string,
  b: Signed
): Record<string, Record<string, string>> {
  const widget = { 'x-tessera-key': a.t.publishableKey, origin: a.t.origin }
  return {
    'no credentials': {},
    "A's publishable key": widget,
    "A's secret key": { authorization: `Bearer ${a.t.secretKey}` },
    "A's admin session": { authorization: `Bearer ${adminToken}` },
    "A's member session": { ...widget, authorization: `Bearer ${a.session}` },
    // A member of A presenting their session on B's site, with B's publishable key (B's public
    // widget data is public to anyone holding that key).
    [ON_B_KEY]: {
      'x-tessera-key': b.t.publishableKey,
      origin: b.t.origin,
      authorization: `Bearer ${a.session}`,
    },
  }
}

export function operationsOf(): { method: string; path: string }[] {
  const doc = buildOpenApiDocument(base()) as { paths: Record<string, Record<string, unknown>> }
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path }))
  )
}

/** Every row of B in every table that has a tenant_id, hashed table by table. */
export async function snapshotOf(tenantId: number) {
  const tables = await db
    .from('information_schema.columns')
    .where('table_schema', db.raw('DATABASE()'))
    .where('column_name', 'tenant_id')
    .select('table_name as name')
  const hashes: Record<string, string> = {}
  for (const { name } of tables as { name: string }[]) {
    const rows = await db.from(name).where('tenant_id', tenantId).orderByRaw('1')
    // A key's last use is bookkeeping of B's own key (the "on B's key" credential uses it).
    for (const row of rows) delete row.last_used_at
    hashes[name] = createHash('sha256').update(JSON.stringify(rows)).digest('hex') + ` (${rows.length})`
  }
  return hashes
}

export async function adminSession(client: ApiClient, s: Signed) {
  const response = await client
    .post('/v1/admin/sessions')
    .json({ tenant: s.t.tenant.publicId, email: s.t.owner.email, password: s.t.owner.password })
  response.assertStatus(201)
  return response.body().token as string
}

/** One of everything for the tenant of `b`, made through the API as its own member and admin would. */
export async function objectsOf(client: ApiClient, b: Signed): Promise<TenantObjects> {
  const secret = { authorization: `Bearer ${b.t.secretKey}` }
  const json = async (response: Response) => {
    if (response.status >= 300)
      throw new Error(`${response.url}: ${response.status} ${await response.text()}`)
    return (await response.json()) as { id: string }
  }
  const upload = await json(await sendImage(b, png()))
  const analysis = await json(
    await memberFetch(b, `/v1/widget/me/uploads/${upload.id}/analyses`, { method: 'POST' })
  )
  const request = await json(
    await memberFetch(b, '/v1/widget/me/requests', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'access' }),
    })
  )
  const versions = (await client.get('/v1/admin/policy/versions').headers(secret)).body().data as {
    id: string
    status: string
  }[]
  const published = versions.find((v) => v.status !== 'draft')!.id
  const draft = (await policyAdmin(client, b.t).draft({ basedOn: 'latest' })).body().id as string

  const form = new FormData()
  form.append(
    'model',
    new Blob([
      buildModel({
        graphName: 'sigmoid',
        inputs: [{ name: 'x', type: 'float32', shape: [1, 1, 16, 16] }],
        outputs: [{ name: 'y', type: 'float32', shape: [1, 1, 16, 16] }],
        nodes: [{ op: 'Sigmoid', inputs: ['x'], outputs: ['y'] }],
      }),
    ]),
    'b.onnx'
  )
  form.append(
    'manifest',
    JSON.stringify({
      name: 'b-model',
      version: '1.0.0',
      description: 'A sigmoid (tenant B of the isolation matrix).',
      preprocessing: {
        rescale: 'modality',
        window: { mode: 'dicom' },
        normalize: { mean: 0, std: 1 },
        resize: 'bilinear',
      },
      input: { name: 'x', dtype: 'float32', shape: [1, 1, 16, 16] },
      output: { name: 'y', kind: 'segmentation', labels: ['background', 'x'], threshold: 0.5 },
    })
  )
  const model = await json(
    await fetch(`${base()}/v1/admin/models`, { method: 'POST', headers: secret, body: form })
  )
  const campaign = await client
    .post('/v1/admin/newsletters/campaigns')
    .headers(secret)
    .json({ name: 'B news', content: { en: { subject: 'B news', body: 'Hello from B.' } } })
  campaign.assertStatus(201)
  const keys = (await client.get('/v1/admin/keys').headers(secret)).body().data as { id: string }[]
  const tus = await memberFetch(b, '/v1/widget/me/tus', {
    method: 'POST',
    headers: { 'tus-resumable': '1.0.0', 'upload-length': '1000', 'upload-metadata': PNG_METADATA },
  })
  if (tus.status !== 201) throw new Error(`tus creation answered ${tus.status}`)
  const tusId = tus.headers.get('location')!.split('/').pop()!

  const tokens = await withTenant(b.t.tenant.id, async () => ({
    signInToken: await new MemberTokensService().issue(b.member, 'sign_in'),
    verifyToken: await new MemberTokensService().issue(b.member, 'verify'),
    confirmToken: (await new NewsletterTokens().issue(b.member, 'confirm')).token,
    unsubscribeToken: (await new NewsletterTokens().issue(b.member, 'unsubscribe')).token,
  }))
  const identity = await client.post('/v1/admin/identity-secret').headers(secret)
  identity.assertStatus(201)
  const identityToken = signIdentityToken(identity.body().secret as string, {
    email: b.member.email,
    exp: Math.floor(T0.getTime() / 1000) + 300,
  })

  return {
    tenant: b.t.tenant.publicId,
    tenantName: b.t.tenant.name,
    member: b.member.publicId,
    memberEmail: b.member.email,
    upload: upload.id,
    analysis: analysis.id,
    request: request.id,
    draft,
    published,
    model: model.id,
    campaign: campaign.body().id,
    key: keys[0]!.id,
    tus: tusId,
    identityToken,
    ...tokens,
  }
}

/** An operation's URL with its path parameters filled in and its query appended. */
export function urlOf(method: string, path: string, attempt: Attempt) {
  let url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = attempt.params?.[name]
    if (value === undefined) throw new Error(`${method} ${path}: no value for {${name}}`)
    return encodeURIComponent(value)
  })
  if (attempt.query) url += `?${new URLSearchParams(attempt.query)}`
  return url
}
