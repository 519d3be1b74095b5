import { COUNTRY_CODES } from '@tessera/policy-text'

export interface CountryOption {
  code: string
  name: string
}

const cache = new Map<string, CountryOption[]>()

/** Every ISO 3166-1 alpha-2 code with its name in `locale`, sorted by name in that locale. */
export function countryOptions(locale: string): CountryOption[] {
  let list = cache.get(locale)
  if (list) return list
  let names: Intl.DisplayNames | undefined
  try {
    names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' })
  } catch {
    names = undefined
  }
  const collator = new Intl.Collator(locale)
  list = [...COUNTRY_CODES]
    .map((code) => ({ code, name: names?.of(code) ?? code }))
    .sort((a, b) => collator.compare(a.name, b.name) || a.code.localeCompare(b.code))
  cache.set(locale, list)
  return list
}
