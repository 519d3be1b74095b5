import type { MailContent, MailLocale } from '#mail/layout'
import { formatDate } from '#policies/notice_mail'
import type Tenant from '#tenancy/tenant'

/** Texts of the newsletter mails, written for each locale (not translated word for word). */
const COPY = {
  en: {
    confirm: {
      subject: (name: string) => `${name}: please confirm your newsletter subscription`,
      heading: 'One more step to subscribe',
      intro: (name: string) =>
        `You asked to receive newsletters and event invitations from ${name}. Please confirm that this was you.`,
      expiry: (date: string) => `The button works once, until ${date}.`,
      ignore:
        'If you did not ask for this, ignore this e-mail: without your confirmation we send you no newsletters.',
      action: 'Confirm my subscription',
    },
    optedIn: {
      subject: (name: string) => `${name}: you are subscribed to our newsletter`,
      heading: 'Your subscription is confirmed',
      body: (legal: string, date: string) =>
        `On ${date} you agreed to receive newsletters and event invitations from ${legal}.`,
      how: 'You can unsubscribe at any time, free of charge, with the link below or the link at the bottom of every newsletter.',
      action: 'Unsubscribe',
    },
    optedOut: {
      subject: (name: string) => `${name}: you are unsubscribed`,
      heading: 'You will receive no more newsletters',
      body: (legal: string, date: string) =>
        `On ${date} you withdrew your consent to newsletters and event invitations from ${legal}. We have stopped sending them.`,
      service:
        'We will still tell you about things that concern your account, such as changes to our privacy policy.',
    },
    reconfirm: {
      subject: (name: string) => `${name}: a reminder of your newsletter consent`,
      heading: 'You are subscribed to our newsletter',
      body: (legal: string, date: string) =>
        `On ${date} you agreed to receive newsletters and event invitations from ${legal}. We remind you of this every two years.`,
      keep: 'To keep receiving them, you need not do anything.',
      stop: 'To stop receiving them, use the link below. It is free and takes effect at once.',
      action: 'Unsubscribe',
    },
    footer: {
      reason: (date: string) => `You receive this newsletter because you subscribed on ${date}.`,
      sender: (legal: string, contact: string) => `Sender: ${legal}, ${contact}`,
      unsubscribe: (url: string) => `Unsubscribe (free, takes effect at once): ${url}`,
      unsubscribeLabel: 'Unsubscribe',
    },
    test: '[Test] ',
  },
  ko: {
    confirm: {
      subject: (name: string) => `${name} 뉴스레터 수신 동의 확인`,
      heading: '뉴스레터 수신 동의를 확인해 주세요',
      intro: (name: string) =>
        `${name}의 뉴스레터와 행사 안내를 받아 보시겠다고 신청하셨습니다. 본인이 신청하신 것이 맞다면 아래 버튼을 눌러 주세요.`,
      expiry: (date: string) => `이 버튼은 ${date}까지 한 번만 사용할 수 있습니다.`,
      ignore:
        '직접 신청하지 않으셨다면 이 메일을 무시하셔도 됩니다. 확인하지 않으시면 광고성 정보를 보내지 않습니다.',
      action: '수신 동의 확인',
    },
    optedIn: {
      subject: (name: string) => `${name} 광고성 정보 수신 동의 처리 결과 안내`,
      heading: '수신 동의가 완료되었습니다',
      body: (legal: string, date: string) =>
        `회원님은 ${date}에 ${legal}의 광고성 정보(뉴스레터, 행사 안내) 수신에 동의하셨습니다.`,
      how: '수신을 원하지 않으시면 아래 링크나 뉴스레터 하단의 수신거부 링크로 언제든지 무료로 거부하실 수 있습니다.',
      action: '수신거부',
    },
    optedOut: {
      subject: (name: string) => `${name} 광고성 정보 수신 거부 처리 결과 안내`,
      heading: '수신 거부가 처리되었습니다',
      body: (legal: string, date: string) =>
        `회원님은 ${date}에 ${legal}의 광고성 정보(뉴스레터, 행사 안내) 수신을 거부하셨습니다. 앞으로는 보내 드리지 않습니다.`,
      service: '다만 개인정보 처리방침 변경처럼 계정과 관련된 서비스 안내는 계속 보내 드립니다.',
    },
    reconfirm: {
      subject: (name: string) => `${name} 광고성 정보 수신 동의 여부 확인 안내`,
      heading: '광고성 정보 수신 동의 내역을 알려 드립니다',
      body: (legal: string, date: string) =>
        `회원님은 ${date}에 ${legal}의 광고성 정보(뉴스레터, 행사 안내) 수신에 동의하셨습니다. 관련 법령에 따라 2년마다 동의 여부를 알려 드리고 있습니다.`,
      keep: '계속 받아 보시려면 따로 하실 일은 없습니다.',
      stop: '더 이상 받지 않으시려면 아래 링크를 눌러 주세요. 수신거부는 무료이며 바로 적용됩니다.',
      action: '수신거부',
    },
    footer: {
      reason: (date: string) => `이 메일은 ${date}에 수신에 동의하신 분께 보내 드리는 광고성 정보입니다.`,
      sender: (legal: string, contact: string) => `보낸 사람: ${legal} · 연락처: ${contact}`,
      unsubscribe: (url: string) => `수신을 원하지 않으시면 수신거부를 눌러 주세요(무료, 즉시 적용): ${url}`,
      unsubscribeLabel: '수신거부',
    },
    test: '[테스트] ',
  },
} as const

export function copyFor(locale: MailLocale) {
  return COPY[locale]
}

const stamp = (date: Date, locale: MailLocale, zone: string) => formatDate(date, locale, zone)

/** Asks the member to confirm the opt-in (a service notice: it is not advertising). */
export function confirmMail(tenant: Tenant, locale: MailLocale, url: string, expiresAt: Date): MailContent {
  const t = COPY[locale].confirm
  return {
    kind: 'service',
    subject: t.subject(tenant.name),
    heading: t.heading,
    paragraphs: [
      t.intro(tenant.name),
      t.expiry(stamp(expiresAt, locale, tenant.settings.timeZone)),
      t.ignore,
    ],
    action: { label: t.action, url },
  }
}

/** Tells the member an opt-in took effect (Korea: the result of every opt-in is confirmed). */
export function optedInMail(
  tenant: Tenant,
  locale: MailLocale,
  at: Date,
  unsubscribeUrl: string
): MailContent {
  const t = COPY[locale].optedIn
  return {
    kind: 'service',
    subject: t.subject(tenant.name),
    heading: t.heading,
    paragraphs: [t.body(tenant.legalName, stamp(at, locale, tenant.settings.timeZone)), t.how],
    action: { label: t.action, url: unsubscribeUrl },
  }
}

/** Tells the member an opt-out took effect. */
export function optedOutMail(tenant: Tenant, locale: MailLocale, at: Date): MailContent {
  const t = COPY[locale].optedOut
  return {
    kind: 'service',
    subject: t.subject(tenant.name),
    heading: t.heading,
    paragraphs: [t.body(tenant.legalName, stamp(at, locale, tenant.settings.timeZone)), t.service],
  }
}

/** The two-yearly reminder of the consent: when it was given, how to keep it, how to withdraw it. */
export function reconfirmMail(
  tenant: Tenant,
  locale: MailLocale,
  confirmedAt: Date,
  unsubscribeUrl: string
): MailContent {
  const t = COPY[locale].reconfirm
  return {
    kind: 'service',
    subject: t.subject(tenant.name),
    heading: t.heading,
    paragraphs: [
      t.body(tenant.legalName, stamp(confirmedAt, locale, tenant.settings.timeZone)),
      t.keep,
      t.stop,
    ],
    action: { label: t.action, url: unsubscribeUrl },
  }
}
