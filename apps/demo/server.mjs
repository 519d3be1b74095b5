// A stand-in partner site: static files from public/, with the Tessera API URL and publishable key filled
// into the HTML. No framework, no bundler: exactly what a partner would have.
//
//   DEMO_PORT (default 3400), TESSERA_API_URL (default http://localhost:3333),
//   TESSERA_DEMO_PUBLISHABLE_KEY (default pk_demo_local_only_0000000000000000)
import { readFile, stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

export const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url))
export const DEFAULTS = {
  port: 3400,
  host: '127.0.0.1',
  apiUrl: 'http://localhost:3333',
  key: 'pk_demo_local_only_0000000000000000',
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
}

/** Headers on every answer. The CSP allows scripts and API calls to the Tessera API origin only. */
function securityHeaders(apiOrigin) {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    'Content-Security-Policy': [
      "default-src 'self'",
      `script-src 'self' ${apiOrigin}`,
      `connect-src 'self' ${apiOrigin}`,
      // The viewer decodes DICOM in a blob: worker (see packages/viewer/README.md).
      "worker-src 'self' blob:",
      `img-src 'self' data: ${apiOrigin}`,
      "style-src 'self' 'unsafe-inline'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
    ].join('; '),
  }
}

/** The file under `root` for a URL path, or null if it would leave `root` or is malformed. */
export function resolvePublicPath(root, urlPath) {
  let decoded
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const base = resolve(root)
  const file = resolve(base, `.${decoded.endsWith('/') ? `${decoded}index.html` : decoded}`)
  return file === base || file.startsWith(base + sep) ? file : null
}

/** Replaces the placeholders in an HTML page. Values are attribute-escaped: they end up in src/data-key. */
export function substitute(html, { apiUrl, key }) {
  const esc = (v) => String(v).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  return html.replaceAll('%TESSERA_API_URL%', esc(apiUrl)).replaceAll('%TESSERA_PUBLISHABLE_KEY%', esc(key))
}

/** Pages other pages of this site embed in an iframe. */
const EMBEDDABLE = new Set(['/map-embed.html'])

export function createDemoHandler({ apiUrl = DEFAULTS.apiUrl, key = DEFAULTS.key, root = PUBLIC_DIR } = {}) {
  const cleanApiUrl = apiUrl.replace(/\/+$/, '')
  const headers = securityHeaders(new URL(cleanApiUrl).origin)
  // Pages this site frames itself (cookies.html's map) may be framed by the same origin, nothing else.
  const framable = {
    'X-Frame-Options': 'SAMEORIGIN',
    'Content-Security-Policy': headers['Content-Security-Policy'].replace(
      "frame-ancestors 'none'",
      "frame-ancestors 'self'"
    ),
  }

  const send = (res, status, type, body, extra = {}) => {
    res.writeHead(status, { ...headers, 'Content-Type': type, 'Cache-Control': 'no-cache', ...extra })
    res.end(body)
  }

  return async function handle(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', { Allow: 'GET, HEAD' })
    }
    const { pathname } = new URL(req.url ?? '/', 'http://demo.invalid')
    const file = resolvePublicPath(root, pathname)
    if (!file) return send(res, 400, 'text/plain; charset=utf-8', 'Bad request\n')
    const type = CONTENT_TYPES[extname(file).toLowerCase()]
    let body
    try {
      if (!type || !(await stat(file)).isFile()) throw new Error('not a servable file')
      body = await readFile(file)
    } catch {
      return send(res, 404, 'text/plain; charset=utf-8', 'Not found\n')
    }
    if (extname(file).toLowerCase() === '.html') {
      body = substitute(body.toString('utf8'), { apiUrl: cleanApiUrl, key })
    }
    if (req.method === 'HEAD')
      return send(res, 200, type, undefined, { 'Content-Length': Buffer.byteLength(body) })
    send(res, 200, type, body, EMBEDDABLE.has(pathname) ? framable : {})
  }
}

/**
 * Starts the demo site. Resolves with the server, its URL and a close() function.
 * `port: 0` picks a free port (tests).
 */
export async function startDemoServer({
  port = DEFAULTS.port,
  host = DEFAULTS.host,
  apiUrl = DEFAULTS.apiUrl,
  key = DEFAULTS.key,
} = {}) {
  const server = createServer(createDemoHandler({ apiUrl, key }))
  await new Promise((ok, fail) => {
    server.once('error', fail)
    server.listen(port, host, ok)
  })
  const address = server.address()
  const url = `http://${host}:${address.port}`
  return { server, url, port: address.port, close: () => new Promise((ok) => server.close(() => ok())) }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await startDemoServer({
    port: Number(process.env.DEMO_PORT) || DEFAULTS.port,
    apiUrl: process.env.TESSERA_API_URL || DEFAULTS.apiUrl,
    key: process.env.TESSERA_DEMO_PUBLISHABLE_KEY || DEFAULTS.key,
  })
  console.log(`Tessera demo partner site on ${url} (API ${process.env.TESSERA_API_URL || DEFAULTS.apiUrl})`)
}
