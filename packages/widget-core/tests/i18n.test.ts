import { afterEach, describe, expect, it } from 'vitest'
import { CATALOGUES, matchLocale, msg, resolveLocale } from '../src/index.js'

afterEach(() => {
  document.body.replaceChildren()
  document.documentElement.removeAttribute('lang')
})

function mount(markup: string): Element {
  document.body.innerHTML = markup
  return document.querySelector('#target')!
}

describe('resolveLocale', () => {
  it("uses the element's own lang, by primary subtag", () => {
    document.documentElement.lang = 'en'
    expect(resolveLocale(mount('<div id="target" lang="ko-KR"></div>'), ['en', 'ko'], 'en')).toBe('ko')
  })

  it('uses the closest ancestor lang, then <html lang>', () => {
    document.documentElement.lang = 'en-GB'
    expect(
      resolveLocale(mount('<section lang="ko"><p><span id="target"></span></p></section>'), ['en', 'ko'])
    ).toBe('ko')
    expect(resolveLocale(mount('<p><span id="target"></span></p>'), ['en', 'ko'], 'ko')).toBe('en')
  })

  it('looks through shadow roots to the host', () => {
    const host = mount('<div id="target" lang="ko"></div>')
    const inner = document.createElement('span')
    host.attachShadow({ mode: 'open' }).append(inner)
    expect(resolveLocale(inner, ['en', 'ko'], 'en')).toBe('ko')
  })

  it('falls back to the tenant default when no lang is declared or it is not supported', () => {
    expect(resolveLocale(mount('<div id="target"></div>'), ['en', 'ko'], 'ko')).toBe('ko')
    expect(resolveLocale(mount('<div id="target" lang="fr"></div>'), ['en', 'ko'], 'ko')).toBe('ko')
    // ko is declared but this tenant does not offer it.
    expect(resolveLocale(mount('<div id="target" lang="ko"></div>'), ['en'], 'en')).toBe('en')
  })

  it("falls back to 'en' when the tenant default has no catalogue", () => {
    expect(resolveLocale(mount('<div id="target"></div>'), ['ja'], 'ja')).toBe('en')
  })
})

describe('matchLocale', () => {
  it('is case-insensitive and matches a region-tagged supported list', () => {
    expect(matchLocale('KO', ['ko-KR'])).toBe('ko')
    expect(matchLocale('', ['en'])).toBeUndefined()
    expect(matchLocale('english', ['en'])).toBeUndefined()
  })
})

describe('msg', () => {
  it('interpolates {name} params and leaves unknown placeholders', () => {
    expect(msg('en', 'privacyContact.intro', { controller: 'Acme' })).toBe(
      'Acme is responsible for how your personal information is handled.'
    )
    expect(msg('en', 'privacyContact.intro')).toContain('{controller}')
  })

  it('has a Korean text for every English key', () => {
    const en = Object.keys(CATALOGUES.en).sort()
    expect(Object.keys(CATALOGUES.ko).sort()).toEqual(en)
    for (const key of en) expect(CATALOGUES.ko[key as keyof typeof CATALOGUES.ko]).not.toBe('')
    expect(msg('ko', 'privacyContact.officer')).toBe('개인정보 보호책임자')
  })
})
