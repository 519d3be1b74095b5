import type { HttpContext } from '@adonisjs/core/http'
import OptInService from '#newsletters/opt_in_service'
import { memberNewsletterValidator } from '#newsletters/validators'

/** The signed-in member's newsletter state (pending, confirmed, withdrawn) and time zone for quiet hours. */
export default class MemberNewsletterController {
  async show({ member }: HttpContext) {
    return new OptInService().status(member)
  }

  async update(ctx: HttpContext) {
    const { timeZone } = await ctx.request.validateUsing(memberNewsletterValidator)
    ctx.member.timeZone = timeZone
    await ctx.member.save()
    return new OptInService().status(ctx.member)
  }
}
