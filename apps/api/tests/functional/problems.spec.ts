import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Tenant from '#tenancy/tenant'
import { asSystem } from '#tenancy/tenant_context'
import { makeTenant } from '#tests/support/tenants'

const PROBLEM = 'application/problem+json'
const base = () => process.env.APP_URL!

async function reload(id: number) {
  return asSystem('test', () => Tenant.findOrFail(id))
}

test.group('Problem details for bad input', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an unknown route answers 404 problem+json', async ({ client, assert }) => {
    const response = await client.get('/v1/no-such-thing')
    response.assertStatus(404)
    assert.include(response.header('content-type'), PROBLEM)
    assert.equal(response.body().type, 'https://tessera.dev/problems/not-found')
    assert.equal(response.body().status, 404)
    assert.equal(response.body().instance, '/v1/no-such-thing')
  })

  test("field errors speak the caller's language: Korean when Accept-Language prefers it", async ({
    client,
    assert,
  }) => {
    const { secretKey } = await makeTenant()
    const patch = (language?: string) => {
      const request = client
        .patch('/v1/admin/tenant')
        .header('authorization', `Bearer ${secretKey}`)
        .json({ officer: { email: 'not-an-address' }, name: 'x'.repeat(1000) })
      return language ? request.header('accept-language', language) : request
    }
    const messages = async (language?: string) => {
      const response = await patch(language)
      response.assertStatus(422)
      return Object.fromEntries(
        (response.body().errors as { field: string; message: string }[]).map((e) => [e.field, e.message])
      )
    }
    const korean = await messages('ko-KR,ko;q=0.9,en;q=0.8')
    assert.equal(korean['officer.email'], '올바른 이메일 주소를 입력하세요.')
    assert.match(korean.name ?? '', /^\d+자 이하로 입력하세요\.$/)
    const english = await messages('en-US,en;q=0.9,ko;q=0.5')
    assert.match(english['officer.email'] ?? '', /valid email/i)
    assert.match(english.name ?? '', /not be greater than \d+ characters/)
    for (const message of [...Object.values(english), ...Object.values(korean)])
      assert.notInclude(message, '{{', 'every placeholder is filled in')
    assert.deepEqual(Object.keys(english).sort(), Object.keys(korean).sort(), 'the same fields either way')
    assert.match((await messages())['officer.email'] ?? '', /valid email/i, 'English without the header')
  })

  test('malformed JSON answers 400 and changes nothing', async ({ assert }) => {
    const { tenant, secretKey } = await makeTenant()
    for (const body of ['{"name": "Broken', '"just a string"', '{"name":']) {
      const raw = await fetch(`${base()}/v1/admin/tenant`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
        body,
      })
      assert.equal(raw.status, 400, body)
      assert.include(raw.headers.get('content-type') ?? '', PROBLEM)
      const problem = (await raw.json()) as { type: string }
      assert.equal(problem.type, 'https://tessera.dev/problems/malformed-json')
      assert.notInclude(JSON.stringify(problem), 'Broken', 'the body is not echoed back')
    }
    assert.equal((await reload(tenant.id)).name, tenant.name)
  })

  test('a 50 MB JSON body answers 413 without being read', async ({ assert }) => {
    const { secretKey } = await makeTenant()
    const big = '{"name":"' + 'x'.repeat(50 * 1024 * 1024) + '"}'
    const raw = await fetch(`${base()}/v1/admin/tenant`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
      body: big,
    })
    assert.equal(raw.status, 413)
    assert.equal(
      ((await raw.json()) as { type: string }).type,
      'https://tessera.dev/problems/payload-too-large'
    )
  })

  test('wrong content types answer 415', async ({ assert }) => {
    const { tenant, secretKey } = await makeTenant()
    for (const [type, body] of [
      ['text/plain', 'name=x'],
      ['application/x-www-form-urlencoded', 'name=x'],
      ['application/xml', '<name>x</name>'],
      ['multipart/form-data; boundary=x', '--x--'],
    ] as const) {
      const raw = await fetch(`${base()}/v1/admin/tenant`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': type },
        body,
      })
      assert.equal(raw.status, 415, type)
      assert.include(raw.headers.get('content-type') ?? '', PROBLEM)
    }
    assert.equal((await reload(tenant.id)).name, tenant.name)
  })

  test('invalid fields answer 422 naming each field, and nothing is written', async ({ client, assert }) => {
    const { tenant, secretKey } = await makeTenant()
    const response = await client
      .patch('/v1/admin/tenant')
      .header('authorization', `Bearer ${secretKey}`)
      .json({
        name: '<script>alert(1)</script>',
        country: 'XX',
        allowedOrigins: ['https://ok.example', 'javascript:alert(1)', 'https://x.example/path'],
        branding: { primaryColor: 'red;} body{display:none', fontFamily: 'x;}{', radius: '1e9px' },
        officer: { email: "'; DROP TABLE tenants; --" },
        settings: {
          imageRetentionHours: 48,
          minorNoticeDays: 3,
          quietHours: { start: '25:00', end: '08:00', timezone: 'Mars/Base' },
        },
      })
    response.assertStatus(422)
    assert.include(response.header('content-type'), PROBLEM)
    const fields = response.body().errors.map((e: { field: string }) => e.field)
    for (const field of [
      'name',
      'country',
      'allowedOrigins.1',
      'allowedOrigins.2',
      'branding.primaryColor',
      'branding.fontFamily',
      'branding.radius',
      'officer.email',
      'settings.imageRetentionHours',
      'settings.minorNoticeDays',
      'settings.quietHours.start',
      'settings.quietHours.timezone',
    ]) {
      assert.include(fields, field)
    }
    const after = await reload(tenant.id)
    assert.equal(after.name, tenant.name)
    assert.deepEqual(after.allowedOrigins, tenant.allowedOrigins)
    assert.equal(after.settings.imageRetentionHours, 24)
  })

  test('a default locale outside the locales answers 422 on that field', async ({ client, assert }) => {
    const { secretKey } = await makeTenant()
    const response = await client
      .patch('/v1/admin/tenant')
      .header('authorization', `Bearer ${secretKey}`)
      .json({ locales: ['ko'] })
    response.assertStatus(422)
    assert.equal(response.body().errors[0].field, 'defaultLocale')
  })

  test('SQL meta-characters in text fields are stored verbatim (parameterised), never executed', async ({
    client,
    assert,
  }) => {
    const { tenant, secretKey } = await makeTenant()
    const name = `O'Brien & "Sons"; DROP TABLE tenants; --`
    const response = await client
      .patch('/v1/admin/tenant')
      .header('authorization', `Bearer ${secretKey}`)
      .json({ name, officer: { department: "R&D \\ 'Privacy'" } })
    response.assertStatus(200)
    const after = await reload(tenant.id)
    assert.equal(after.name, name)
    assert.equal(after.officerDepartment, "R&D \\ 'Privacy'")
  })

  test('a valid settings change merges and is audited with the field names only', async ({
    client,
    assert,
  }) => {
    const { secretKey } = await makeTenant()
    const response = await client
      .patch('/v1/admin/tenant')
      .header('authorization', `Bearer ${secretKey}`)
      .json({
        settings: {
          imageRetentionHours: 12,
          quietHours: { start: '21:00', end: '08:00', timezone: 'Asia/Seoul' },
        },
      })
    response.assertStatus(200)
    assert.equal(response.body().settings.imageRetentionHours, 12)
    assert.equal(response.body().settings.dormancyDays, 365, 'untouched settings keep their values')
    assert.deepEqual(response.body().settings.quietHours, {
      start: '21:00',
      end: '08:00',
      timezone: 'Asia/Seoul',
    })
  })

  test('every response carries security headers', async ({ client, assert }) => {
    const response = await client.get('/v1/openapi.json')
    assert.equal(response.header('x-content-type-options'), 'nosniff')
    assert.include(response.header('content-security-policy'), "default-src 'none'")
    assert.equal(response.header('referrer-policy'), 'no-referrer')
  })
})
