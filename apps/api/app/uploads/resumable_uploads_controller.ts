import type { HttpContext } from '@adonisjs/core/http'
import { handleTus } from '#uploads/resumable'

export default class ResumableUploadsController {
  /** Every tus request (create, resume, abandon) is answered by the tus server. */
  async handle(ctx: HttpContext) {
    await handleTus(ctx)
  }
}
