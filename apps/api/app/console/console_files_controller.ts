import type { HttpContext } from '@adonisjs/core/http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import consoleConfig from '#config/console'
import { problems } from '#shared/problem'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
}

/** Content-hashed asset names (`index-AbC123xy.js`) never change content, so they may be cached for good. */
const HASHED = /-[A-Za-z0-9_-]{8,}\.(js|css|woff2|svg|png)$/

/**
 * The console's pages: same-origin scripts and styles only, no inline script, nothing framed, and
 * API calls to this origin only.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * Serves the admin console (apps/console/dist) under /console. A path with a file extension is a
 * built file; any other path is a page of the single-page app and gets index.html (deep links).
 */
export default class ConsoleFilesController {
  async show({ params, response }: HttpContext) {
    const segments: string[] = params['*'] ?? []
    const relative = segments.length ? normalize(segments.join('/')) : 'index.html'
    if (relative.startsWith('..') || relative.includes(`${sep}..`) || relative.includes('\0')) {
      throw problems.notFound('console file')
    }
    const extension = extname(relative)
    const isPage = extension === '' || relative === 'index.html'
    const file = isPage ? 'index.html' : relative
    const type = TYPES[extname(file)]
    if (!type) throw problems.notFound('console file')
    const path = join(consoleConfig.directory, file)
    if (!path.startsWith(consoleConfig.directory + sep)) throw problems.notFound('console file')

    const info = await stat(path).catch(() => null)
    if (!info?.isFile()) {
      if (isPage) {
        throw problems.notFound('console build (run `npx turbo run build --filter=@tessera/console`)')
      }
      throw problems.notFound('console file')
    }

    response.header('content-type', type)
    response.header('x-content-type-options', 'nosniff')
    response.header('content-security-policy', CONSOLE_CSP)
    response.header('cross-origin-opener-policy', 'same-origin')
    response.header('cross-origin-resource-policy', 'same-origin')
    response.header('permissions-policy', 'camera=(), microphone=(), geolocation=()')
    response.header(
      'cache-control',
      isPage ? 'no-cache' : HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache'
    )
    response.header('last-modified', info.mtime.toUTCString())
    return response.send(await readFile(path))
  }
}
