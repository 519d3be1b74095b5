import assert from 'node:assert/strict'
import { readdir } from 'node:fs/promises'
import { request } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { DEFAULTS, PUBLIC_DIR, resolvePublicPath, startDemoServer, substitute } from '../server.mjs'

/** A raw HTTP request: the path goes on the wire exactly as given (fetch would normalise `..`). */
function get(base, path, method = 'GET') {
  const { hostname, port } = new URL(base)
  return new Promise((ok, fail) => {
    const req = request({ hostname, port, path, method }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () =>
        ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })
      )
    })
    req.on('error', fail)
    req.end()
  })
}

describe('demo server (custom API URL and key)', () => {
  let demo
  before(async () => {
    demo = await startDemoServer({ port: 0, apiUrl: 'https://api.tessera.test/', key: 'pk_test_demo_1234' })
  })
  after(() => demo.close())

  it('serves index.html for / with the placeholders filled in', async () => {
    const res = await get(demo.url, '/')
    assert.equal(res.status, 200)
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8')
    assert.ok(!res.body.includes('%TESSERA_'), 'no placeholder left')
    assert.match(
      res.body,
      /<script src="https:\/\/api\.tessera\.test\/widgets\/v1\/tessera\.js" data-key="pk_test_demo_1234" async><\/script>/
    )
    assert.match(res.body, /<tessera-privacy-contact\b/)
  })

  it('every page has exactly one loader script tag, and no other script', async () => {
    // map-embed.html is not a page but what cookies.html frames (once marketing cookies are allowed).
    const pages = (await readdir(PUBLIC_DIR)).filter((f) => f.endsWith('.html') && f !== 'map-embed.html')
    assert.ok(pages.length >= 3)
    for (const page of pages) {
      const { body, status } = await get(demo.url, `/${page}`)
      assert.equal(status, 200, page)
      // Scripts held back for consent (type="text/plain") do not run until tessera.js activates them.
      assert.equal((body.match(/<script\b(?![^>]*type="text\/plain")/g) ?? []).length, 1, page)
      assert.equal(
        (body.match(/\/widgets\/v1\/tessera\.js" data-key="pk_test_demo_1234" async>/g) ?? []).length,
        1,
        page
      )
    }
  })

  it('has a cookies page with a held-back script and iframe, and only the map may be framed (same origin)', async () => {
    const { body } = await get(demo.url, '/cookies.html')
    assert.match(
      body,
      /<script type="text\/plain" data-tessera-category="analytics" src="\/analytics-demo\.js"><\/script>/
    )
    assert.match(body, /data-src="\/map-embed\.html"\s+data-tessera-category="marketing"/)
    assert.match(body, /data-tessera-open-cookie-settings/)
    assert.match(body, /<tessera-cookie-banner>/)
    const map = await get(demo.url, '/map-embed.html')
    assert.equal(map.headers['x-frame-options'], 'SAMEORIGIN')
    assert.match(map.headers['content-security-policy'], /frame-ancestors 'self'/)
    const page = await get(demo.url, '/cookies.html')
    assert.equal(page.headers['x-frame-options'], 'DENY')
    for (const other of ['/', '/ko.html', '/policy.html', '/privacy-contact.html']) {
      const { body } = await get(demo.url, other)
      assert.match(body, /<a href="\/cookies\.html"/, other)
      assert.match(body, /<tessera-cookie-banner><\/tessera-cookie-banner>/, other)
    }
  })

  it('has a Korean page', async () => {
    const { body } = await get(demo.url, '/ko.html')
    assert.match(body, /<html lang="ko">/)
  })

  it('sends the right content type for CSS, and security headers with the API origin in the CSP', async () => {
    const res = await get(demo.url, '/site.css')
    assert.equal(res.status, 200)
    assert.equal(res.headers['content-type'], 'text/css; charset=utf-8')
    assert.equal(res.headers['x-content-type-options'], 'nosniff')
    assert.equal(res.headers['x-frame-options'], 'DENY')
    assert.match(
      res.headers['content-security-policy'],
      /script-src 'self' https:\/\/api\.tessera\.test(;|$)/
    )
    assert.match(
      res.headers['content-security-policy'],
      /connect-src 'self' https:\/\/api\.tessera\.test(;|$)/
    )
    // The viewer's DICOM decoder runs in a blob: worker; no 'unsafe-eval' anywhere.
    assert.match(res.headers['content-security-policy'], /worker-src 'self' blob:(;|$)/)
    assert.doesNotMatch(res.headers['content-security-policy'], /unsafe-eval/)
    assert.match(res.headers['referrer-policy'], /strict-origin/)
  })

  it('answers 404 for missing files, directories and unknown file types', async () => {
    for (const path of ['/nope.html', '/missing/', '/index', '/index.html.bak']) {
      const res = await get(demo.url, path)
      assert.equal(res.status, 404, path)
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8')
    }
  })

  it('refuses directory traversal however it is spelled', async () => {
    const attempts = [
      '/../server.mjs',
      '/../package.json',
      '/..%2fserver.mjs',
      '/%2e%2e%2fserver.mjs',
      '/%2e%2e/%2e%2e/package.json',
      '/..%5cserver.mjs',
      '/public/..%2f..%2fpackage.json',
      '/%2fetc%2fpasswd',
      '/index.html%00.css',
      '/%E0%A4%A',
    ]
    for (const path of attempts) {
      const res = await get(demo.url, path)
      assert.ok([400, 404].includes(res.status), `${path} → ${res.status}`)
      assert.ok(
        !res.body.includes('startDemoServer') && !res.body.includes('"name"') && !res.body.includes('root:'),
        path
      )
    }
  })

  it('only allows GET and HEAD', async () => {
    const post = await get(demo.url, '/', 'POST')
    assert.equal(post.status, 405)
    assert.equal(post.headers.allow, 'GET, HEAD')
    const head = await get(demo.url, '/privacy-contact.html', 'HEAD')
    assert.equal(head.status, 200)
    assert.equal(head.body, '')
    assert.ok(Number(head.headers['content-length']) > 0)
  })
})

describe('demo server defaults', () => {
  it('fills in the local API URL and demo key when none are given', async () => {
    const demo = await startDemoServer({ port: 0 })
    try {
      assert.match(demo.url, /^http:\/\/127\.0\.0\.1:\d+$/)
      const { body } = await get(demo.url, '/privacy-contact.html')
      assert.ok(body.includes(`src="${DEFAULTS.apiUrl}/widgets/v1/tessera.js" data-key="${DEFAULTS.key}"`))
    } finally {
      await demo.close()
    }
  })
})

describe('helpers', () => {
  it('substitute escapes values for attributes', () => {
    const out = substitute('<script src="%TESSERA_API_URL%/x.js" data-key="%TESSERA_PUBLISHABLE_KEY%">', {
      apiUrl: 'https://a.test/"><script>',
      key: "pk_'x",
    })
    assert.equal(out, '<script src="https://a.test/&#34;&#62;&#60;script&#62;/x.js" data-key="pk_&#39;x">')
  })

  it('resolvePublicPath keeps paths inside the root', () => {
    assert.equal(resolvePublicPath('/srv/site', '/a/b.html'), '/srv/site/a/b.html')
    assert.equal(resolvePublicPath('/srv/site', '/'), '/srv/site/index.html')
    assert.equal(resolvePublicPath('/srv/site', '/../etc/passwd'), null)
    assert.equal(resolvePublicPath('/srv/site', '/..%2f..%2fetc/passwd'), null)
    assert.equal(resolvePublicPath('/srv/site-other', '/../site-other2/x'), null)
    assert.equal(resolvePublicPath('/srv/site', '/%zz'), null)
  })
})

describe('privacy policy page', () => {
  it('shows <tessera-policy> with the footer contact, and the other pages link to it', async () => {
    const demo = await startDemoServer({
      port: 0,
      apiUrl: 'https://api.tessera.test',
      key: 'pk_test_demo_1234',
    })
    try {
      const page = await get(demo.url, '/policy.html')
      assert.equal(page.status, 200)
      assert.match(page.body, /<tessera-policy heading-level="2"><\/tessera-policy>/)
      assert.match(page.body, /<footer>[\s\S]*<tessera-privacy-contact\b[\s\S]*<\/footer>/)
      assert.match(page.body, /<a href="\/policy\.html" aria-current="page">/)
      for (const other of ['/', '/ko.html', '/privacy-contact.html']) {
        const { body } = await get(demo.url, other)
        assert.match(body, /<a href="\/policy\.html"/, other)
      }
    } finally {
      await demo.close()
    }
  })
})
