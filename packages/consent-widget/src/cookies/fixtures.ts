// A stand-in for the loader's consent core and a sample cookie config, for Storybook and the tests: no API,
// no loader. Not part of any bundle.
import { allChoices } from '@tessera/widget-core'
import type {
  CookieChoices,
  CookieChoiceSource,
  CookieConfig,
  CookieConsentState,
  OpenCookieSettingsOptions,
  TesseraCookieConsent,
} from '@tessera/widget-core'
import '../tessera-cookie-settings.js'

export function sampleCookieConfig(
  patch: Partial<CookieConfig> = {},
  locale: 'en' | 'ko' = 'en'
): CookieConfig {
  const ko = locale === 'ko'
  return {
    regime: 'opt_in',
    policyHash: '0123456789abcdef',
    policyVersion: 'pv_2026',
    expiresDays: 365,
    categories: [
      {
        key: 'necessary',
        required: true,
        title: ko ? '필수' : 'Necessary',
        description: ko
          ? '로그인과 보안 등 사이트 운영에 꼭 필요합니다.'
          : 'Sign-in, security and this choice itself.',
        cookies: [
          {
            name: 'tessera_session',
            provider: 'Brightwater Imaging',
            duration: ko ? '세션' : 'Session',
            purpose: ko ? '로그인 유지' : 'Keeps you signed in',
          },
        ],
      },
      {
        key: 'preferences',
        required: false,
        title: ko ? '환경설정' : 'Preferences',
        description: ko ? '언어 등 선택하신 설정을 기억합니다.' : 'Remembers settings such as your language.',
        cookies: [],
      },
      {
        key: 'analytics',
        required: false,
        title: ko ? '분석' : 'Analytics',
        description: ko ? '방문 통계를 집계합니다.' : 'Counts visits to improve the site.',
        cookies: [
          {
            name: '_ga',
            provider: 'Google Analytics',
            duration: ko ? '2년' : '2 years',
            purpose: ko ? '방문자 구별' : 'Tells visitors apart',
          },
          {
            name: '_ga_*',
            provider: 'Google Analytics',
            duration: ko ? '2년' : '2 years',
            purpose: ko ? '세션 상태' : 'Keeps session state',
          },
        ],
      },
      {
        key: 'marketing',
        required: false,
        title: ko ? '마케팅' : 'Marketing',
        description: ko ? '광고 효과를 측정합니다.' : 'Measures advertising.',
        cookies: [
          {
            name: '_gcl_au',
            provider: 'Google Ads',
            duration: ko ? '90일' : '90 days',
            purpose: ko ? '전환 측정' : 'Conversion tracking',
          },
        ],
      },
    ],
    ...patch,
  }
}

export interface FakeConsentOptions {
  status?: CookieConsentState['status']
  config?: CookieConfig
  decided?: boolean
  choices?: CookieChoices
  gpc?: boolean
  reloadNeeded?: boolean
  problem?: CookieConsentState['problem']
}

/** An in-memory consent core: records decisions in `decisions`, opens a real <tessera-cookie-settings>. */
export class FakeConsent implements TesseraCookieConsent {
  state: CookieConsentState
  readonly decisions: { choices: CookieChoices; source: CookieChoiceSource }[] = []
  readonly #listeners = new Set<(s: CookieConsentState) => void>()

  constructor(options: FakeConsentOptions = {}) {
    const config = options.config ?? sampleCookieConfig()
    const gpc = options.gpc ?? false
    const open = config.regime === 'opt_out'
    this.state = {
      status: options.status ?? 'ready',
      config: (options.status ?? 'ready') === 'ready' ? config : undefined,
      decided: options.decided ?? false,
      choices: options.choices ?? { preferences: open, analytics: open && !gpc, marketing: open && !gpc },
      gpc,
      reloadNeeded: options.reloadNeeded ?? false,
      problem: options.problem,
    }
  }

  getState(): CookieConsentState {
    return this.state
  }

  subscribe(listener: (s: CookieConsentState) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  update(patch: Partial<CookieConsentState>): void {
    this.state = { ...this.state, ...patch }
    this.#listeners.forEach((l) => l(this.state))
  }

  async decide(choices: CookieChoices, source: CookieChoiceSource): Promise<void> {
    this.decisions.push({ choices, source })
    this.update({ choices: { ...allChoices(false), ...choices }, decided: true })
  }

  openSettings(options: OpenCookieSettingsOptions = {}): void {
    let el = document.querySelector('tessera-cookie-settings')
    if (!el) {
      el = document.createElement('tessera-cookie-settings')
      document.body.append(el)
    }
    el.controller = this
    void el.show(options)
  }
}
