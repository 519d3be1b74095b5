// The cookie-consent contract between the loader (tessera.js runs the consent core on every page) and the
// cookie elements (<tessera-cookie-banner>, <tessera-cookie-settings>), which are separate builds: types
// only, plus the name of the page-wide handle. Keep the config and receipt shapes in step with apps/api
// (GET /v1/widget/cookies/config, POST /v1/widget/cookies/receipts).

/** The categories a visitor can choose; `necessary` is always on and never part of a choice. */
export const COOKIE_CHOICE_KEYS = ['preferences', 'analytics', 'marketing'] as const
export type CookieChoiceKey = (typeof COOKIE_CHOICE_KEYS)[number]
export type CookieCategoryKey = 'necessary' | CookieChoiceKey

/** One choice per optional category: true = granted. */
export type CookieChoices = Record<CookieChoiceKey, boolean>

export interface CookieInfo {
  name: string
  provider: string
  duration: string
  purpose: string
}

export interface CookieCategory {
  key: CookieCategoryKey
  required: boolean
  title: string
  description: string
  cookies: CookieInfo[]
}

/** `opt_in`: only necessary cookies before a choice; `opt_out`: the rest defaults to granted (unless GPC). */
export type CookieRegime = 'opt_in' | 'opt_out'

export interface CookieConfig {
  regime: CookieRegime
  /** 16 hex chars; a change invalidates every stored choice. */
  policyHash: string
  policyVersion: string | null
  expiresDays: number
  categories: CookieCategory[]
}

/** Where a choice was made. */
export type CookieChoiceSource = 'banner' | 'settings'

/** `detail` of `tessera-consent-change` (fired on `document` by the consent core after every choice). */
export interface TesseraConsentChangeDetail {
  choices: CookieChoices
  source: CookieChoiceSource
  /** Whether the browser sent Global Privacy Control. */
  gpc: boolean
}

/** What the consent core knows; elements render from it. */
export interface CookieConsentState {
  /** `loading` until the cookie config is in; `refused` (401/403/CORS) and `error` leave everything denied. */
  status: 'loading' | 'ready' | 'refused' | 'error'
  config: CookieConfig | undefined
  /** The choices in force (the stored choice, else the regime's defaults). */
  choices: CookieChoices
  /** A valid stored choice exists (not expired, same policy): the banner stays collapsed. */
  decided: boolean
  gpc: boolean
  /** A category was withdrawn after its scripts ran: only a reload stops them. */
  reloadNeeded: boolean
  /** The last failure (config or receipt), for error messages. */
  problem: { status: number; type: string; title: string } | undefined
}

export interface OpenCookieSettingsOptions {
  /** Category to focus in the dialog. */
  category?: string | undefined
  /** Element that gets focus back when the dialog closes. */
  opener?: Element | null | undefined
}

/** The page-wide consent core (`globalThis.__tesseraConsent`, also `window.Tessera.consent`). */
export interface TesseraCookieConsent {
  getState(): CookieConsentState
  /** Calls `listener` on every state change; returns the unsubscribe function. */
  subscribe(listener: (state: CookieConsentState) => void): () => void
  /** Records a choice: applies it at once, then sends the receipt (rejects if the API refused it). */
  decide(choices: CookieChoices, source: CookieChoiceSource): Promise<void>
  /** Opens <tessera-cookie-settings> (adding it to the page, which loads its bundle, if needed). */
  openSettings(options?: OpenCookieSettingsOptions): void
}

declare global {
  var __tesseraConsent: TesseraCookieConsent | undefined
}

/** Choices with every optional category set to `value`. */
export function allChoices(value: boolean): CookieChoices {
  return { preferences: value, analytics: value, marketing: value }
}
