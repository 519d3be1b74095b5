// Google Consent Mode v2: the `gtag()` stub and how Tessera's categories map onto Google's seven types.
import type { CookieChoices } from '@tessera/widget-core/lite'

declare global {
  interface Window {
    dataLayer?: unknown[]
  }
}

type Gcm = 'granted' | 'denied'

/**
 * `gtag('consent', …)` without gtag.js: pushes an `arguments` object onto `window.dataLayer`, exactly as
 * Google's snippet `function gtag(){dataLayer.push(arguments)}` does (gtag.js ignores plain arrays).
 */
export function gtag(..._args: unknown[]): void {
  // eslint-disable-next-line prefer-rest-params
  ;(window.dataLayer ||= []).push(arguments)
}

/**
 * The seven Consent Mode types for a choice: analytics → analytics_storage; marketing → ad_storage,
 * ad_user_data, ad_personalization; preferences → functionality_storage, personalization_storage;
 * necessary → security_storage, always granted.
 */
export function gcmConsent(choices: CookieChoices): Record<string, Gcm> {
  const v = (granted: boolean): Gcm => (granted ? 'granted' : 'denied')
  const ads = v(choices.marketing)
  const prefs = v(choices.preferences)
  return {
    ad_storage: ads,
    ad_user_data: ads,
    ad_personalization: ads,
    analytics_storage: v(choices.analytics),
    functionality_storage: prefs,
    personalization_storage: prefs,
    security_storage: 'granted',
  }
}
