import type { MailContent, MailLocale } from '#mail/layout'

const COPY = {
  en: {
    verify: {
      subject: (name: string) => `${name}: confirm your e-mail address`,
      heading: 'Confirm your e-mail address',
      body: 'Someone, hopefully you, signed up with this address. Confirm it to activate the account. The link works once and expires in 24 hours.',
      ignore: 'If it was not you, ignore this e-mail: no account is activated without this step.',
      action: 'Confirm my address',
    },
    signIn: {
      subject: (name: string) => `${name}: your sign-in link`,
      heading: 'Your sign-in link',
      body: 'Use this link to sign in. It works once and expires in 15 minutes.',
      ignore: 'If you did not ask for it, ignore this e-mail.',
      action: 'Sign in',
    },
    existing: {
      subject: (name: string) => `${name}: you already have an account`,
      heading: 'You already have an account',
      body: 'Someone tried to sign up with this address, which already has an account. If it was you, sign in with the link below instead.',
      ignore: 'If it was not you, ignore this e-mail; nothing has changed.',
      action: 'Sign in',
    },
  },
  ko: {
    verify: {
      subject: (name: string) => `${name} 이메일 주소 확인`,
      heading: '이메일 주소를 확인해 주세요',
      body: '이 주소로 회원 가입이 요청되었습니다. 계정을 활성화하려면 주소를 확인해 주세요. 링크는 한 번만 사용할 수 있으며 24시간 후 만료됩니다.',
      ignore: '본인이 요청하지 않았다면 이 메일을 무시하세요. 확인 전에는 계정이 활성화되지 않습니다.',
      action: '주소 확인',
    },
    signIn: {
      subject: (name: string) => `${name} 로그인 링크`,
      heading: '로그인 링크',
      body: '아래 링크로 로그인하세요. 링크는 한 번만 사용할 수 있으며 15분 후 만료됩니다.',
      ignore: '요청하지 않았다면 이 메일을 무시하세요.',
      action: '로그인',
    },
    existing: {
      subject: (name: string) => `${name} 이미 가입된 계정이 있습니다`,
      heading: '이미 가입된 계정이 있습니다',
      body: '이미 계정이 있는 이 주소로 가입이 요청되었습니다. 본인이라면 아래 링크로 로그인하세요.',
      ignore: '본인이 아니라면 이 메일을 무시하세요. 아무것도 변경되지 않았습니다.',
      action: '로그인',
    },
  },
} as const

export function memberLinkMail(
  kind: 'verify' | 'signIn' | 'existing',
  tenantName: string,
  locale: MailLocale,
  url: string
): MailContent {
  const t = COPY[locale][kind]
  return {
    kind: 'service',
    subject: t.subject(tenantName),
    heading: t.heading,
    paragraphs: [t.body, t.ignore],
    action: { label: t.action, url },
  }
}
