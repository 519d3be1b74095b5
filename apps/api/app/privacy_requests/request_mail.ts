import { complaintAuthoritiesFor } from '@tessera/policy-text'
import type { MailContent, MailLocale } from '#mail/layout'
import { formatDate } from '#policies/notice_mail'
import type { RequestType } from '#privacy_requests/privacy_request'

const TYPE_NAMES: Record<MailLocale, Record<RequestType, string>> = {
  en: {
    access: 'see your data',
    export: 'a copy of your data',
    rectify: 'correct your data',
    erase: 'delete your account and data',
    restrict: 'restrict the use of your data',
    object: 'object to a use of your data',
    withdraw_consent: 'withdraw a consent',
    human_review: 'human review of an automated result',
    inquiry: 'your message to the privacy officer',
  },
  ko: {
    access: '개인정보 열람',
    export: '개인정보 사본 요청',
    rectify: '개인정보 정정',
    erase: '계정 및 개인정보 삭제',
    restrict: '개인정보 처리 정지',
    object: '개인정보 처리 반대',
    withdraw_consent: '동의 철회',
    human_review: '자동화된 결과에 대한 사람의 검토',
    inquiry: '개인정보 보호책임자에게 보낸 문의',
  },
}

const COPY = {
  en: {
    received: {
      subject: (t: string) => `We received your request: ${t}`,
      body: (t: string, due: string) =>
        `We received your request (${t}). We will answer by ${due} at the latest.`,
      pending:
        'Until a correction, deletion or restriction is done, we do not use your data for anything else.',
    },
    extended: {
      subject: (t: string) => `We need more time for your request: ${t}`,
      body: (due: string, reason: string) => `We will answer by ${due}. The reason: ${reason}`,
    },
    completed: {
      subject: (t: string) => `Your request is done: ${t}`,
      body: (t: string) => `We have completed your request (${t}).`,
    },
    rejected: {
      subject: (t: string) => `We could not carry out your request: ${t}`,
      body: (reason: string) => `We could not carry out your request. The reason: ${reason}`,
      complain: 'If you disagree, you can complain to a data protection authority:',
    },
  },
  ko: {
    received: {
      subject: (t: string) => `요청이 접수되었습니다: ${t}`,
      body: (t: string, due: string) => `요청(${t})이 접수되었습니다. 늦어도 ${due}까지 답변드리겠습니다.`,
      pending: '정정, 삭제 또는 처리 정지가 완료될 때까지 해당 개인정보를 다른 목적으로 이용하지 않습니다.',
    },
    extended: {
      subject: (t: string) => `요청 처리 기간이 연장되었습니다: ${t}`,
      body: (due: string, reason: string) => `${due}까지 답변드리겠습니다. 연장 사유: ${reason}`,
    },
    completed: {
      subject: (t: string) => `요청이 처리되었습니다: ${t}`,
      body: (t: string) => `요청(${t})을 처리했습니다.`,
    },
    rejected: {
      subject: (t: string) => `요청을 처리할 수 없습니다: ${t}`,
      body: (reason: string) => `요청을 처리할 수 없습니다. 사유: ${reason}`,
      complain: '이 결정에 동의하지 않으시면 아래 개인정보 보호 기관에 민원을 제기할 수 있습니다.',
    },
  },
} as const

type Event =
  | { kind: 'received'; dueAt: Date; restricting: boolean }
  | { kind: 'extended'; dueAt: Date; reason: string }
  | { kind: 'completed'; response?: string | null }
  | { kind: 'rejected'; reason: string; country: string }

/** Mails to the member about their request: receipt, extension, completion, rejection. Service notices. */
export function requestMail(locale: MailLocale, type: RequestType, event: Event): MailContent {
  const name = TYPE_NAMES[locale][type]
  const t = COPY[locale]
  switch (event.kind) {
    case 'received':
      return {
        kind: 'service',
        subject: t.received.subject(name),
        heading: t.received.subject(name),
        paragraphs: [
          t.received.body(name, formatDate(event.dueAt, locale)),
          ...(event.restricting ? [t.received.pending] : []),
        ],
      }
    case 'extended':
      return {
        kind: 'service',
        subject: t.extended.subject(name),
        heading: t.extended.subject(name),
        paragraphs: [t.extended.body(formatDate(event.dueAt, locale), event.reason)],
      }
    case 'completed':
      return {
        kind: 'service',
        subject: t.completed.subject(name),
        heading: t.completed.subject(name),
        paragraphs: [t.completed.body(name), ...(event.response ? [event.response] : [])],
      }
    case 'rejected':
      return {
        kind: 'service',
        subject: t.rejected.subject(name),
        heading: t.rejected.subject(name),
        paragraphs: [
          t.rejected.body(event.reason),
          t.rejected.complain,
          ...complaintAuthoritiesFor(event.country).map((a) => `${a.name[locale]}: ${a.url}`),
        ],
      }
  }
}
