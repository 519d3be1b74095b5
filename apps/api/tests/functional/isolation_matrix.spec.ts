/*
 * The tenant isolation matrix, generated from the OpenAPI document: every operation × every kind of
 * credential tenant A holds × the ids, tokens and addresses of tenant B's objects. Whatever A sends,
 * the API never answers 5xx, never answers 2xx with B's private data, and B's rows are the same
 * afterwards. An operation without an entry in ROUTES fails the test: a new route must say which
 * of B's objects it is tried against.
 */
import { test } from '@japa/runner'
import { emptyQueuesAfter, isolateEachTest } from '#tests/support/groups'
import { signedMember, memberFetch } from '#tests/support/members'
import {
  ON_B_KEY,
  ROUTES,
  T0,
  adminSession,
  credentialsOf,
  objectsOf,
  operationsOf,
  snapshotOf,
  urlOf,
} from '#tests/support/routes'

const base = () => process.env.APP_URL!

test.group('Tenant isolation matrix (from the OpenAPI document)', (group) => {
  isolateEachTest(group, T0)
  emptyQueuesAfter(group)

  test('every operation of the OpenAPI document has an entry in the matrix', ({ assert }) => {
    const operations = operationsOf().map((o) => `${o.method} ${o.path}`)
    assert.deepEqual(
      operations.filter((o) => !(o in ROUTES)),
      [],
      'operations without coverage: add them to ROUTES with the objects of B they take'
    )
    assert.deepEqual(
      Object.keys(ROUTES).filter((o) => !operations.includes(o)),
      [],
      'entries of ROUTES that are no longer operations'
    )
  })

  test("A's credentials × B's objects: no 5xx, no 2xx with B's private data, B unchanged", async ({
    client,
    assert,
  }) => {
    const a = await signedMember(client, T0)
    const b = await signedMember(client, T0)
    const foreign = await objectsOf(client, b)
    const adminToken = await adminSession(client, a)
    const credentials = credentialsOf(a, adminToken, b)
    const before = await snapshotOf(b.t.tenant.id)

    // Signing out ends A's own sessions: those operations go last.
    const operations = operationsOf().sort(
      (x, y) => Number(x.path.endsWith('/current')) - Number(y.path.endsWith('/current'))
    )
    const privateMarkers = [
      foreign.member,
      foreign.memberEmail,
      foreign.upload,
      foreign.analysis,
      foreign.request,
      foreign.draft,
      foreign.model,
      foreign.campaign,
      foreign.key,
      foreign.tus,
    ]
    const publicMarkers = [foreign.tenant, foreign.tenantName, foreign.published]
    const problems: string[] = []
    let tried = 0
    const accepted: Record<string, number> = {}
    for (const { method, path } of operations) {
      const attempt = ROUTES[`${method} ${path}`]!(foreign, { tenant: a.t.tenant.publicId })
      const url = urlOf(method, path, attempt)
      for (const [who, headers] of Object.entries(credentials)) {
        if (who === ON_B_KEY && attempt.ownTokenOfB) continue
        const init: RequestInit = { method, headers: { ...headers, ...attempt.headers }, redirect: 'manual' }
        if (attempt.raw) {
          init.body = attempt.raw.data as RequestInit['body']
          ;(init.headers as Record<string, string>)['content-type'] = attempt.raw.type
        } else if (attempt.body !== undefined && method !== 'GET') {
          init.body = JSON.stringify(attempt.body)
          ;(init.headers as Record<string, string>)['content-type'] = 'application/json'
        }
        const response = await fetch(`${base()}${url}`, init)
        const text = await response.text()
        tried++
        const at = `${method} ${path} with ${who} → ${response.status}`
        // /health answers 503 when a dependency is slow, which is its job, not a failure.
        if (response.status >= 500 && path !== '/health')
          problems.push(`${at}: server error ${text.slice(0, 300)}`)
        if (response.status >= 200 && response.status < 300) {
          accepted[who] = (accepted[who] ?? 0) + 1
          const publicShown = attempt.publicOfB || who === ON_B_KEY
          const leaked = [...privateMarkers, ...(publicShown ? [] : publicMarkers)].filter((m) =>
            text.includes(m)
          )
          if (leaked.length) problems.push(`${at}: shows B's ${leaked.join(', ')}`)
        }
      }
    }

    assert.deepEqual(problems, [])
    assert.isAbove(tried, 500, 'the whole matrix ran')
    // Each credential worked where it should (on A's own data): a matrix of 401s would prove nothing.
    for (const who of Object.keys(credentials).filter((w) => w !== 'no credentials'))
      assert.isAtLeast(accepted[who] ?? 0, 5, `${who} was accepted on A's own routes`)
    assert.deepEqual(await snapshotOf(b.t.tenant.id), before, "B's rows are unchanged")
    // And B still has its image: A's DELETE did not reach the file either.
    assert.equal((await memberFetch(b, `/v1/widget/me/uploads/${foreign.upload}/content`)).status, 200)
  }).timeout(180_000)
})
