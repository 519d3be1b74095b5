// The cookie-consent core: runs in tessera.js on every page, with or without a banner element. It issues the
// Consent Mode defaults first, then loads the tenant's cookie config, decides which categories are in force
// (stored choice, else the regime's defaults, with GPC), activates held-back scripts and iframes, records
// choices as receipts and tells the elements (`subscribe`) and the page (`tessera-consent-change`).
import {
  allChoices,
  COOKIE_CHOICE_KEYS,
  INVALID_RESPONSE_PROBLEM,
  isRefusal,
  NETWORK_PROBLEM,
  TesseraApiError,
  TesseraClient,
  toProblem,
} from '@tessera/widget-core/lite'
import type {
  ProblemDetails,
  CookieChoiceKey,
  CookieChoices,
  CookieChoiceSource,
  CookieConfig,
  CookieConsentState,
  OpenCookieSettingsOptions,
  TesseraConsentChangeDetail,
  TesseraCookieConsent,
} from '@tessera/widget-core/lite'
import { createBlocker, OPEN_ATTRIBUTE } from './blocker.js'
import { deleteCookies } from './cookies.js'
import { gcmConsent, gtag } from './gcm.js'
import { isValid, readStored, storageKey, uuid, writeStored } from './store.js'
import type { StoredConsent } from './store.js'

export const SETTINGS_TAG = 'tessera-cookie-settings'

export interface ConsentOptions {
  apiBase: string
  /** Publishable key; without it nothing but necessary is ever granted. */
  key: string | undefined
  fetch?: typeof fetch
  doc?: Document
  now?: () => number
}

// Config and request failures are TesseraApiErrors (the client and the parser throw nothing else).
const problemOf = ({ status, type, title }: ProblemDetails) => ({ status, type, title })

/**
 * Checks what the elements and the core rely on: a policy hash, and categories with known keys (others are
 * dropped); the rest is rendered as text and may be missing. Throws `invalid-response` without a hash.
 */
export function parseCookieConfig(json: unknown): CookieConfig {
  const c = (json ?? {}) as CookieConfig
  if (typeof c.policyHash != 'string' || !c.policyHash)
    throw new TesseraApiError({ type: INVALID_RESPONSE_PROBLEM, title: 'Invalid response', status: 200 })
  return {
    ...c,
    regime: c.regime === 'opt_out' ? 'opt_out' : 'opt_in',
    expiresDays: c.expiresDays > 0 ? c.expiresDays : 365,
    categories: (Array.isArray(c.categories) ? c.categories : [])
      .filter((k) => k?.key === 'necessary' || COOKIE_CHOICE_KEYS.includes(k?.key as CookieChoiceKey))
      .map((k) => ({
        ...k,
        required: k.key === 'necessary',
        cookies: Array.isArray(k.cookies) ? k.cookies : [],
      })),
  }
}

export interface ConsentCore {
  api: TesseraCookieConsent
  /** To call for every element added to the page after start-up. */
  added(element: Element): void
}

/** Starts the consent core for the page; issues `gtag('consent','default',…)` before returning. */
export function startConsent(options: ConsentOptions): ConsentCore {
  const doc = options.doc ?? document
  const now = options.now ?? Date.now
  const fetchFn = options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a))
  const { key, apiBase } = options
  const gpc = (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true
  const name = storageKey(key ?? '')
  const receipts = `${apiBase}/v1/widget/cookies/receipts?key=${encodeURIComponent(key ?? '')}`
  let stored = readStored(name)
  const listeners = new Set<(s: CookieConsentState) => void>()
  let state = {
    status: 'loading',
    choices: allChoices(false),
    decided: false,
    gpc,
    reloadNeeded: false,
  } as CookieConsentState
  let unsent: string | undefined

  // 1. Consent Mode defaults, before anything else: the stored choice if it is still valid, else all denied.
  const early = isValid(stored, stored?.policyHash ?? '', stored?.expiresDays ?? 365, now())
  gtag('consent', 'default', { ...gcmConsent(early ? stored!.choices : state.choices), wait_for_update: 500 })

  const granted = (category: string) =>
    category === 'necessary' ||
    (state.status === 'ready' && state.choices[category as keyof CookieChoices] === true)
  const category = (k: string) => state.config?.categories.find((c) => c.key === k)
  const blocker = createBlocker(doc, granted, (k) => category(k)?.title ?? k)

  const set = (patch: Partial<CookieConsentState>) => {
    state = { ...state, ...patch }
    listeners.forEach((l) => l(state))
  }

  /** Puts `choices` in force: Consent Mode update, cookies of withdrawn categories, scripts and iframes. */
  const enforce = (choices: CookieChoices, patch: Partial<CookieConsentState>) => {
    const before = state.status === 'ready' ? state.choices : allChoices(false)
    let reloadNeeded = state.reloadNeeded
    for (const k of COOKIE_CHOICE_KEYS) {
      if (before[k] && !choices[k]) {
        deleteCookies(
          doc,
          state.config?.categories.find((c) => c.key === k)?.cookies.map((c) => c.name) ?? []
        )
        reloadNeeded ||= blocker.ran.has(k)
      }
    }
    gtag('consent', 'update', gcmConsent(choices))
    set({ ...patch, choices, reloadNeeded })
    blocker.apply()
  }

  const load = () => {
    if (!key)
      return enforce(allChoices(false), {
        status: 'error',
        problem: { status: 0, type: 'about:blank', title: 'Missing data-key' },
      })
    const locale = /^ko\b/i.test(doc.documentElement.lang) ? 'ko' : 'en'
    return new TesseraClient({ apiBase, key, fetch: fetchFn })
      .request(`/v1/widget/cookies/config?locale=${locale}`)
      .then(parseCookieConfig)
      .then(
        (config) => {
          const decided = isValid(stored, config.policyHash, config.expiresDays, now())
          const open = config.regime === 'opt_out'
          const choices = decided
            ? stored!.choices
            : { preferences: open, analytics: open && !gpc, marketing: open && !gpc }
          enforce(choices, { status: 'ready', config, decided, problem: undefined })
        },
        (error: unknown) =>
          enforce(allChoices(false), {
            status: isRefusal(error) ? 'refused' : 'error',
            decided: false,
            problem: problemOf(error as ProblemDetails),
          })
      )
  }

  const send = async (source: CookieChoiceSource, retry = true): Promise<void> => {
    const record = stored!
    const body = JSON.stringify({
      visitorId: record.visitorId,
      visitorToken: record.visitorToken,
      choices: record.choices,
      policyHash: record.policyHash,
      gpc,
      source,
    })
    let res: Response
    try {
      res = await fetchFn(receipts, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
        keepalive: true,
        credentials: 'omit',
      })
      unsent = undefined
    } catch {
      unsent = body // sent as a beacon on pagehide (a keepalive fetch in flight finishes on its own)
      return set({
        problem: { status: 0, type: NETWORK_PROBLEM, title: 'Network error' },
      })
    }
    const json = (await res.json().catch(() => ({}))) as { visitorToken?: string }
    if (res.ok) {
      record.visitorToken = json.visitorToken ?? record.visitorToken
      writeStored(name, record)
    } else if (res.status === 409) {
      // The cookie policy changed since the config was loaded: reload it; the banner asks again.
      stored = { ...record, policyHash: '' }
      writeStored(name, stored)
      await load()
    } else if (res.status === 403 && retry && record.visitorToken === null) {
      // This visitorId is known but its token was lost (e.g. a beacon's answer): start a new visitor.
      record.visitorId = uuid()
      writeStored(name, record)
      return send(source, false)
    } else {
      set({ problem: problemOf(toProblem(res.status, res.statusText, json)) })
    }
  }

  const api: TesseraCookieConsent = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async decide(input, source) {
      const config = state.config
      if (state.status !== 'ready' || !config) return
      const choices = Object.fromEntries(
        COOKIE_CHOICE_KEYS.map((k) => [k, input[k] === true])
      ) as CookieChoices
      stored = {
        choices,
        policyHash: config.policyHash,
        decidedAt: new Date(now()).toISOString(),
        visitorId: stored?.visitorId ?? uuid(),
        visitorToken: stored?.visitorToken ?? null,
        expiresDays: config.expiresDays,
      } satisfies StoredConsent
      writeStored(name, stored)
      enforce(choices, { decided: true, problem: undefined })
      const detail: TesseraConsentChangeDetail = { choices, source, gpc }
      doc.dispatchEvent(new CustomEvent('tessera-consent-change', { detail }))
      await send(source)
    },
    openSettings({ category, opener }: OpenCookieSettingsOptions = {}) {
      let el = doc.querySelector(SETTINGS_TAG)
      if (!el) doc.body.append((el = doc.createElement(SETTINGS_TAG))) // the loader's scan loads its bundle
      void customElements
        .whenDefined(SETTINGS_TAG)
        .then(() => (el as Element & { show(o: OpenCookieSettingsOptions): void }).show({ category, opener }))
    },
  }

  doc.addEventListener('click', (event) => {
    const opener = (event.target as Element).closest?.(`[${OPEN_ATTRIBUTE}]`)
    if (!opener) return
    event.preventDefault()
    api.openSettings({ category: opener.getAttribute(OPEN_ATTRIBUTE) || undefined, opener })
  })

  doc.defaultView?.addEventListener('pagehide', () => {
    if (unsent && key)
      navigator.sendBeacon(receipts, new Blob([unsent], { type: 'text/plain;charset=UTF-8' }))
    unsent = undefined
  })

  globalThis.__tesseraConsent = api
  void load()
  // Elements added later (the loader's observer reports them): held-back nodes in them are handled at once.
  return { api, added: (el) => state.status !== 'loading' && blocker.apply(el) }
}
