import type { HttpContext } from '@adonisjs/core/http'
import { inject } from '@adonisjs/core'
import clock from '#shared/clock'
import { problems } from '#shared/problem'
import AuditService from '#audit/audit_service'
import Member from '#members/member'
import ConsentEvent from '#consent/consent_event'
import LedgerService from '#consent/ledger_service'
import { CONSENT_PROOF_SCHEMA, exportEvent } from '#consent/proof'
import { exportReason } from '#audit/export_reason'

@inject()
export default class AdminConsentController {
  constructor(
    private ledger: LedgerService,
    private audit: AuditService
  ) {}

  /** Recomputes the tenant's hash chain and reports every altered, missing or reordered event. */
  async verify() {
    return this.ledger.verify()
  }

  /** A member's consent proof (JSON, valid against the published schema). Admin access is audited. */
  async memberProof({ tenant, params, request, caller }: HttpContext) {
    const reason = exportReason(request)
    const member = await Member.findBy('public_id', String(params.id))
    if (!member) throw problems.notFound('member')
    const [events, report] = await Promise.all([
      this.ledger.history('member', member.publicId),
      this.ledger.verify(),
    ])
    const details = await this.ledger.details(events.map((e) => e.seq))
    await this.audit.record({
      tenantId: tenant.id,
      actor: { type: caller.type === 'admin' ? 'admin' : 'api_key', id: caller.id },
      action: 'consent.proof_exported',
      subject: { type: 'member', id: member.publicId },
      ip: request.ip(),
      reason,
    })
    return {
      tenant: tenant.publicId,
      subject: { type: 'member', id: member.publicId },
      generatedAt: clock.now().toISOString(),
      chain: { verified: report.ok, head: report.head, events: report.events },
      events: events.map((e) => exportEvent(e, details.get(e.seq))),
    }
  }

  /** The whole ledger of the tenant as NDJSON, one event per line, oldest first. */
  async export({ tenant, request, response, caller }: HttpContext) {
    const reason = exportReason(request)
    await this.audit.record({
      tenantId: tenant.id,
      actor: { type: caller.type === 'admin' ? 'admin' : 'api_key', id: caller.id },
      action: 'consent.ledger_exported',
      ip: request.ip(),
      reason,
    })
    const lines: string[] = []
    let lastId = 0
    for (;;) {
      const batch = await ConsentEvent.query().where('id', '>', lastId).orderBy('id').limit(1000)
      if (!batch.length) break
      const details = await this.ledger.details(batch.map((e) => e.seq))
      for (const e of batch)
        lines.push(
          JSON.stringify({
            subject: { type: e.subjectType, id: e.subjectId },
            ...exportEvent(e, details.get(e.seq)),
          })
        )
      lastId = batch[batch.length - 1]!.id
    }
    response.header('content-type', 'application/x-ndjson; charset=utf-8')
    response.header('content-disposition', `attachment; filename="consent-ledger-${tenant.publicId}.ndjson"`)
    return response.send(lines.join('\n') + (lines.length ? '\n' : ''))
  }

  async schema({ response }: HttpContext) {
    response.header('cache-control', 'public, max-age=3600')
    response.header('access-control-allow-origin', '*')
    return CONSENT_PROOF_SCHEMA
  }
}
