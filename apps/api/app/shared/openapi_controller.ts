import type { HttpContext } from '@adonisjs/core/http'
import { appUrl } from '#config/app'
import { buildOpenApiDocument } from '#shared/openapi'

export default class OpenApiController {
  async show({ response }: HttpContext) {
    response.header('cache-control', 'public, max-age=300')
    response.header('access-control-allow-origin', '*')
    return buildOpenApiDocument(appUrl)
  }
}
