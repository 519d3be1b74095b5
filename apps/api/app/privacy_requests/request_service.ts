import { inject } from '@adonisjs/core'
import { DateTime } from 'luxon'
import { extendDeadline, requestDeadline, type RequestRegime } from '@tessera/policy-text'
import clock from '#shared/clock'
import { publicId } from '#shared/crypto'
import { EEA_COUNTRY_CODES } from '#shared/countries'
import { ProblemError, problems } from '#shared/problem'
import type Tenant from '#tenancy/tenant'
import type Member from '#members/member'
import TenantMailer from '#mail/tenant_mailer'
import { mailLocale } from '#mail/layout'
import ConsentService, { type RequestMeta } from '#consent/consent_service'
import AuditService, { type Actor } from '#audit/audit_service'
import PrivacyRequest, {
  OPEN_STATUSES,
  RESTRICTING_TYPES,
  type RequestChannel,
  type RequestType,
} from '#privacy_requests/privacy_request'
import { requestMail } from '#privacy_requests/request_mail'
import ErasureService from '#privacy_requests/erasure_service'
import { withStoredDetails } from '#lifecycle/dormant_store'

export type Corrections = Partial<
  Record<'firstName' | 'lastName' | 'company' | 'nationality' | 'email' | 'locale', string | null>
>

export type OpenRequest = {
  tenant: Tenant
  member: Member | null
  type: RequestType
  channel: RequestChannel
  details?: Record<string, unknown>
  /** Widget requests come from a signed-in member; e-mail and letter ones say how identity was checked. */
  identityMethod: string | null
  receivedAt?: Date
  actor: Actor
  meta?: RequestMeta
}

/**
 * The privacy request engine: deadlines by regime, statuses, the effects of each type, and the
 * e-mails the member gets at each step. While a rectify, erase or restrict request is open the
 * member is restricted (see RestrictionGuard).
 */
@inject()
export default class PrivacyRequestService {
  constructor(
    private mailer: TenantMailer,
    private consent: ConsentService,
    private audit: AuditService,
    private erasure: ErasureService
  ) {}

  /** Korean law when the controller is in Korea; the GDPR when it or the member is in the EU/EEA. */
  regimes(tenant: Tenant, member: Member | null): RequestRegime[] {
    const regimes: RequestRegime[] = []
    if (tenant.country === 'KR') regimes.push('kr')
    if (
      EEA_COUNTRY_CODES.has(tenant.country) ||
      (member?.nationality && EEA_COUNTRY_CODES.has(member.nationality))
    )
      regimes.push('eu')
    return regimes.length ? regimes : ['kr']
  }

  async open(input: OpenRequest): Promise<PrivacyRequest> {
    const { tenant, member, type } = input
    // A dormant member is still answered: their details come from the separate store, in memory only.
    if (member) await withStoredDetails(member)
    if (member && type === 'erase') {
      const open = await PrivacyRequest.query()
        .where({ member_id: member.id, type: 'erase' })
        .whereIn('status', OPEN_STATUSES as string[])
        .first()
      if (open) throw problems.conflict(`A deletion request (${open.publicId}) is already open.`)
    }
    const receivedAt = input.receivedAt ?? clock.now()
    const regimes = this.regimes(tenant, member)
    const { dueAt } = requestDeadline({
      receivedAt,
      regimes,
      timeZone: tenant.settings.timeZone,
      krDays: tenant.settings.privacyRequestDeadlineDays,
    })
    const request = await PrivacyRequest.create({
      publicId: publicId('pr'),
      memberId: member?.id ?? null,
      type,
      channel: input.channel,
      status: input.identityMethod ? 'received' : 'identity_unverified',
      regimes: regimes.join(','),
      details: input.details ? JSON.stringify(input.details) : null,
      identityMethod: input.identityMethod,
      identityVerifiedAt: input.identityMethod ? DateTime.fromJSDate(clock.now()) : null,
      receivedAt: DateTime.fromJSDate(receivedAt),
      dueAt: DateTime.fromJSDate(dueAt),
    })
    await this.audit.record({
      tenantId: tenant.id,
      actor: input.actor,
      action: `request.${type}.opened`,
      subject: { type: 'privacy_request', id: request.publicId },
    })

    // Requests the member's own action settles at once (the member is signed in: identity is known).
    if (member && request.status === 'received') {
      if (type === 'withdraw_consent') return this.withdraw(input, request, member)
      if (type === 'object' && request.detailsJson<{ purpose?: string }>().purpose === 'marketing')
        return this.withdraw(input, request, member)
      if (type === 'access' || type === 'export')
        return this.finish(tenant, request, member, input.actor, null)
    }
    if (type === 'inquiry') await this.forwardToOfficer(tenant, request, member)
    if (member) {
      await this.notify(tenant, member, request, {
        kind: 'received',
        dueAt,
        restricting: RESTRICTING_TYPES.includes(type),
      })
    }
    return request
  }

  async verifyIdentity(tenant: Tenant, request: PrivacyRequest, method: string, actor: Actor) {
    if (request.status !== 'identity_unverified')
      throw problems.conflict('Identity is already verified for this request.')
    request.merge({
      status: 'received',
      identityMethod: method,
      identityVerifiedAt: DateTime.fromJSDate(clock.now()),
    })
    await request.save()
    await this.audit.record({
      tenantId: tenant.id,
      actor,
      action: 'request.identity_verified',
      subject: { type: 'privacy_request', id: request.publicId },
      metadata: { method },
    })
    return request
  }

  /** Someone is working on it: no mail (the member was told on receipt), but it is in the history. */
  async acknowledge(tenant: Tenant, request: PrivacyRequest, actor: Actor) {
    this.assertOpen(request)
    if (request.status === 'identity_unverified')
      throw problems.conflict("Verify the requester's identity first.")
    if (request.status !== 'received') throw problems.conflict('This request is already being handled.')
    request.merge({ status: 'in_progress', handledBy: actor.id })
    await request.save()
    await this.audit.record({
      tenantId: tenant.id,
      actor,
      action: 'request.acknowledged',
      subject: { type: 'privacy_request', id: request.publicId },
    })
    return request
  }

  async extend(tenant: Tenant, request: PrivacyRequest, reason: string, actor: Actor) {
    this.assertOpen(request)
    // The GDPR allows one extension (Art. 12(3)); a second would only resend the same date.
    if (request.status === 'extended') throw problems.conflict('This request has already been extended.')
    const result = extendDeadline({
      receivedAt: request.receivedAt.toJSDate(),
      regimes: request.regimes.split(',') as RequestRegime[],
      timeZone: tenant.settings.timeZone,
      krDays: tenant.settings.privacyRequestDeadlineDays,
      requestedAt: clock.now(),
      reason,
    })
    if (!result.ok)
      throw problems.invalid([
        {
          field: result.code === 'reason_required' ? 'reason' : 'request',
          message: result.message,
          rule: result.code,
        },
      ])
    request.merge({
      status: 'extended',
      dueAt: DateTime.fromJSDate(result.dueAt),
      extensionReason: reason,
      handledBy: actor.id,
    })
    await request.save()
    await this.audit.record({
      tenantId: tenant.id,
      actor,
      action: 'request.extended',
      subject: { type: 'privacy_request', id: request.publicId },
    })
    const member = await this.memberOf(request)
    if (member) await this.notify(tenant, member, request, { kind: 'extended', dueAt: result.dueAt, reason })
    return request
  }

  /** Completes a request and carries out what it asked (corrections, erasure, restriction). */
  async complete(tenant: Tenant, request: PrivacyRequest, response: string | null, actor: Actor) {
    this.assertOpen(request)
    if (request.status === 'identity_unverified')
      throw problems.conflict("Verify the requester's identity first.")
    return this.claimed(request, 'completed', () => this.carryOut(tenant, request, response, actor))
  }

  private async carryOut(tenant: Tenant, request: PrivacyRequest, response: string | null, actor: Actor) {
    const member = await this.memberOf(request)
    if (member?.status === 'dormant' && (request.type === 'rectify' || request.type === 'restrict')) {
      // The member stays dormant: the change is made in the separate store.
      const { default: DormancyService } = await import('#lifecycle/dormancy_service')
      const { default: app } = await import('@adonisjs/core/services/app')
      const corrections = request.detailsJson<{ corrections?: Corrections }>().corrections ?? {}
      await (await app.container.make(DormancyService)).applyRequest(member, request.type, corrections)
      return this.finish(tenant, request, member, actor, response)
    }
    if (member && request.type === 'rectify') {
      const corrections = request.detailsJson<{ corrections?: Corrections }>().corrections ?? {}
      const { emailLookupHash } = await import('#members/personal_data')
      member.merge(corrections as Partial<Member>)
      if (corrections.email) member.emailHash = emailLookupHash(corrections.email)
      await member.save()
    }
    if (member && request.type === 'restrict') {
      member.status = 'restricted'
      await member.save()
    }
    if (member && request.type === 'erase') {
      // The confirmation goes out first: after erasure the address is gone.
      await this.settle(request, 'completed', response, actor)
      await this.notify(tenant, member, request, { kind: 'completed', response })
      await this.erasure.erase(member)
      await this.audit.record({
        tenantId: tenant.id,
        actor,
        action: 'request.erase.completed',
        subject: { type: 'privacy_request', id: request.publicId },
      })
      return request
    }
    return this.finish(tenant, request, member, actor, response)
  }

  async reject(tenant: Tenant, request: PrivacyRequest, reason: string, actor: Actor) {
    this.assertOpen(request)
    return this.claimed(request, 'rejected', () => this.refuse(tenant, request, reason, actor))
  }

  private async refuse(tenant: Tenant, request: PrivacyRequest, reason: string, actor: Actor) {
    await this.settle(request, 'rejected', reason, actor)
    await this.audit.record({
      tenantId: tenant.id,
      actor,
      action: 'request.rejected',
      subject: { type: 'privacy_request', id: request.publicId },
    })
    const member = await this.memberOf(request)
    if (member)
      await this.notify(tenant, member, request, {
        kind: 'rejected',
        reason,
        country: member.nationality ?? tenant.country,
      })
    return request
  }

  private async finish(
    tenant: Tenant,
    request: PrivacyRequest,
    member: Member | null,
    actor: Actor,
    response: string | null
  ) {
    await this.settle(request, 'completed', response, actor)
    await this.audit.record({
      tenantId: tenant.id,
      actor,
      action: `request.${request.type}.completed`,
      subject: { type: 'privacy_request', id: request.publicId },
    })
    if (member) await this.notify(tenant, member, request, { kind: 'completed', response })
    return request
  }

  private async withdraw(input: OpenRequest, request: PrivacyRequest, member: Member) {
    const purpose = request.detailsJson<{ purpose?: string }>().purpose ?? ''
    const meta = input.meta ?? { ip: null, userAgent: null, gpc: false, locale: 'en' as const }
    await this.consent.decide(
      member,
      [{ purpose, action: 'withdraw' }],
      input.channel === 'widget' ? 'widget' : 'admin',
      meta,
      undefined,
      ''
    )
    return this.finish(input.tenant, request, member, input.actor, null)
  }

  private async settle(
    request: PrivacyRequest,
    status: 'completed' | 'rejected',
    response: string | null,
    actor: Actor
  ) {
    request.merge({ status, response, handledBy: actor.id, resolvedAt: DateTime.fromJSDate(clock.now()) })
    await request.save()
  }

  /**
   * Closes the request in one conditional UPDATE before anything is carried out, so two staff
   * members acting at once cannot both complete (or reject) it: the second gets the 409. When the
   * work fails, the request is opened again as it was.
   */
  private async claimed(
    request: PrivacyRequest,
    status: 'completed' | 'rejected',
    work: () => Promise<PrivacyRequest>
  ): Promise<PrivacyRequest> {
    const previous = request.status
    const [claimed] = await PrivacyRequest.query()
      .where('id', request.id)
      .where('status', previous)
      .update({ status, updated_at: clock.now() })
    if (!Number(claimed)) {
      await request.refresh()
      this.assertOpen(request)
      throw problems.conflict('Someone else changed this request at the same time. Reload it.')
    }
    try {
      return await work()
    } catch (error) {
      await PrivacyRequest.query()
        .where('id', request.id)
        .where('status', status)
        .whereNull('resolved_at')
        .update({ status: previous })
      throw error
    }
  }

  private assertOpen(request: PrivacyRequest) {
    if (!request.isOpen)
      throw new ProblemError(
        409,
        'request-closed',
        'Request already closed',
        `This request is ${request.status}.`
      )
  }

  private async memberOf(request: PrivacyRequest): Promise<Member | null> {
    if (!request.memberId) return null
    const { default: Member } = await import('#members/member')
    const member = await Member.find(request.memberId)
    return member ? withStoredDetails(member) : null
  }

  private async notify(
    tenant: Tenant,
    member: Member,
    request: PrivacyRequest,
    event: Parameters<typeof requestMail>[2]
  ) {
    const locale = mailLocale(tenant, member.locale)
    await this.mailer.send(tenant, {
      to: member.email,
      locale,
      content: requestMail(locale, request.type, event),
    })
  }

  /** Inquiries and complaints go to the privacy officer's mailbox, tracked like any request. */
  private async forwardToOfficer(tenant: Tenant, request: PrivacyRequest, member: Member | null) {
    const {
      subject = '',
      message = '',
      kind = 'inquiry',
    } = request.detailsJson<{ subject?: string; message?: string; kind?: string }>()
    await this.mailer.send(tenant, {
      to: tenant.officerEmail,
      locale: mailLocale(tenant, null),
      content: {
        kind: 'service',
        subject: `[${kind === 'complaint' ? 'Complaint' : 'Inquiry'} ${request.publicId}] ${subject}`.slice(
          0,
          200
        ),
        heading: subject || request.publicId,
        paragraphs: [
          message,
          `From: ${member ? `${member.firstName ?? ''} ${member.lastName ?? ''} <${member.email}> (${member.publicId})` : 'unknown'}`,
          `Answer by ${request.dueAt.toUTC().toISO()}.`,
        ],
      },
    })
  }
}
