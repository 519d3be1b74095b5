import type { HttpContext } from '@adonisjs/core/http'
import { problems } from '#shared/problem'

/** Exports of personal data by staff state why (query `reason`); the reason goes into the audit log. */
export function exportReason(request: HttpContext['request']): string {
  const reason = String(request.qs().reason ?? '').trim()
  if (reason.length < 5 || reason.length > 500) {
    throw problems.invalid([
      {
        field: 'reason',
        message: 'Say why you export this personal data (5 to 500 characters)',
        rule: 'reason',
      },
    ])
  }
  return reason
}
