import type { HttpContext } from '@adonisjs/core/http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import widgetsConfig from '#config/widgets'
import { problems } from '#shared/problem'

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
}

/** Content-hashed chunk names (`name-AbC123xy.js`) never change content, so they may be cached for good. */
const HASHED = /-[A-Za-z0-9_-]{8,}\.(m?js|css|wasm)$/

/**
 * Serves the built widget files (packages/loader/dist) under /widgets/v1/. Scripts are public and
 * loaded cross-origin as modules, so they carry CORS `*` and CORP cross-origin.
 */
export default class WidgetFilesController {
  async show({ params, response }: HttpContext) {
    const segments: string[] = params['*'] ?? []
    const relative = normalize(segments.join('/'))
    if (
      !segments.length ||
      relative.startsWith('..') ||
      relative.includes(`${sep}..`) ||
      relative.includes('\0')
    ) {
      throw problems.notFound('widget file')
    }
    const type = TYPES[extname(relative)]
    if (!type) throw problems.notFound('widget file')
    const path = join(widgetsConfig.directory, relative)
    if (!path.startsWith(widgetsConfig.directory + sep)) throw problems.notFound('widget file')

    const info = await stat(path).catch(() => null)
    if (!info?.isFile()) throw problems.notFound('widget file')

    response.header('content-type', type)
    response.header('access-control-allow-origin', '*')
    response.header('cross-origin-resource-policy', 'cross-origin')
    response.header('x-content-type-options', 'nosniff')
    response.header(
      'cache-control',
      HASHED.test(relative) ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate'
    )
    response.header('last-modified', info.mtime.toUTCString())
    return response.send(await readFile(path))
  }
}
