import type { MailContent, MailLocale } from '#mail/layout'
import { formatDate } from '#policies/notice_mail'

/** Dormancy mails: service notices about the account, never advertising (no opt-in needed, none sent). */
const COPY = {
  en: {
    notice: {
      subject: (name: string) => `${name}: your account will be put aside on ${'{date}'}`,
      heading: 'We have not seen you for a while',
      body: (days: number, date: string, years: number) => [
        `Your account has not been used for almost ${days} days. The law asks us not to keep the details of unused accounts next to those in use, so on ${date} we will move your name, company, nationality and e-mail address to a separate, encrypted store where nothing uses them.`,
        `If you sign in before then, nothing changes. After that date you can still sign in with a link sent to this address: your account comes back as it was. If you do not come back, the stored details are destroyed ${years} years later.`,
      ],
      action: 'Go to the service',
    },
    restoreLink: {
      subject: (name: string) => `${name}: restore your account`,
      heading: 'Restore your account',
      body: 'Your account was put aside because it had not been used for a long time. Open this link to bring it back and sign in. It works once and expires in 15 minutes.',
      ignore: 'If you did not ask for it, ignore this e-mail: your account stays put aside.',
      action: 'Restore and sign in',
    },
    restored: {
      subject: (name: string) => `${name}: your account is back`,
      heading: 'Your account is back',
      body: 'You signed in, so we brought your account back from the separate store: your details are in use again, as before.',
      ignore: 'If this was not you, tell us by replying to this e-mail.',
    },
  },
  ko: {
    notice: {
      subject: (name: string) => `${name} 장기 미이용 계정 분리 보관 예정 안내 ({date})`,
      heading: '오랫동안 서비스를 이용하지 않으셨습니다',
      body: (days: number, date: string, years: number) => [
        `회원님의 계정이 ${days}일 가까이 이용되지 않았습니다. 관련 법령에 따라 이용하지 않는 계정의 정보는 이용 중인 정보와 따로 보관해야 하므로, ${date}에 이름, 소속 회사, 국적, 이메일 주소를 암호화된 별도 저장소로 옮기며 그곳의 정보는 어떤 용도로도 쓰지 않습니다.`,
        `그 전에 로그인하시면 아무것도 바뀌지 않습니다. 이후에도 이 주소로 받은 링크로 로그인하시면 계정이 그대로 복원됩니다. 다시 이용하지 않으시면 보관된 정보는 ${years}년 뒤 파기됩니다.`,
      ],
      action: '서비스로 이동',
    },
    restoreLink: {
      subject: (name: string) => `${name} 계정 복원 링크`,
      heading: '계정 복원',
      body: '오랫동안 이용하지 않아 분리 보관된 계정입니다. 아래 링크를 누르면 계정이 복원되고 로그인됩니다. 링크는 한 번만 사용할 수 있으며 15분 후 만료됩니다.',
      ignore: '요청하지 않으셨다면 이 메일을 무시하세요. 계정은 계속 분리 보관됩니다.',
      action: '복원하고 로그인',
    },
    restored: {
      subject: (name: string) => `${name} 계정이 복원되었습니다`,
      heading: '계정이 복원되었습니다',
      body: '로그인하셔서 분리 보관 중이던 계정을 되살렸습니다. 회원 정보는 이전과 같이 다시 이용됩니다.',
      ignore: '본인이 로그인하지 않았다면 이 메일에 회신해 알려 주세요.',
    },
  },
} as const

export function dormancyNoticeMail(
  tenantName: string,
  locale: MailLocale,
  settings: { dormancyDays: number; dormantDestroyYears: number },
  separationAt: Date,
  timeZone: string,
  website: string | null
): MailContent {
  const t = COPY[locale].notice
  const date = formatDate(separationAt, locale, timeZone)
  return {
    kind: 'service',
    subject: t.subject(tenantName).replace('{date}', date),
    heading: t.heading,
    paragraphs: [...t.body(settings.dormancyDays, date, settings.dormantDestroyYears)],
    ...(website ? { action: { label: t.action, url: website } } : {}),
  }
}

export function restoreLinkMail(tenantName: string, locale: MailLocale, url: string): MailContent {
  const t = COPY[locale].restoreLink
  return {
    kind: 'service',
    subject: t.subject(tenantName),
    heading: t.heading,
    paragraphs: [t.body, t.ignore],
    action: { label: t.action, url },
  }
}

export function restoredMail(tenantName: string, locale: MailLocale): MailContent {
  const t = COPY[locale].restored
  return {
    kind: 'service',
    subject: t.subject(tenantName),
    heading: t.heading,
    paragraphs: [t.body, t.ignore],
  }
}
