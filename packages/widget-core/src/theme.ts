import type { Branding } from './types.js'

/** The custom properties every Tessera element reads, and the branding field each comes from. */
export const THEME_TOKENS = {
  '--tessera-color-primary': 'primaryColor',
  '--tessera-color-accent': 'accentColor',
  '--tessera-color-text': 'textColor',
  '--tessera-color-background': 'backgroundColor',
  '--tessera-font-family': 'fontFamily',
  '--tessera-radius': 'radius',
} as const satisfies Record<string, keyof Branding>

export type ThemeToken = keyof typeof THEME_TOKENS

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i
// Family names: letters (any script), digits, spaces, `-`, `_`; quoted names must close; commas between.
const FONT_FAMILY =
  /^(?:[\p{L}\p{N} _-]+|"[\p{L}\p{N} _-]+"|'[\p{L}\p{N} _-]+')(?:\s*,\s*(?:[\p{L}\p{N} _-]+|"[\p{L}\p{N} _-]+"|'[\p{L}\p{N} _-]+'))*$/u
const LENGTH = /^(?:0|\d{1,4}(?:\.\d{1,3})?(?:px|rem|em|%))$/

/** The value if it is safe for that token, else undefined. Tenant data never reaches CSS unchecked. */
export function sanitizeTokenValue(token: ThemeToken, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const v = value.trim()
  switch (token) {
    case '--tessera-font-family':
      return v.length <= 200 && FONT_FAMILY.test(v) ? v : undefined
    case '--tessera-radius':
      return LENGTH.test(v) ? v : undefined
    default:
      return HEX_COLOR.test(v) ? v : undefined
  }
}

/** CSS declarations (no selector) for the valid branding values; invalid ones are dropped. */
export function brandingToCss(branding: Branding | null | undefined): string {
  if (!branding) return ''
  const lines: string[] = []
  for (const [token, field] of Object.entries(THEME_TOKENS) as [ThemeToken, keyof Branding][]) {
    const value = sanitizeTokenValue(token, branding[field])
    if (value !== undefined) lines.push(`${token}: ${value};`)
  }
  return lines.join('\n')
}

export const THEME_STYLE_ATTRIBUTE = 'data-tessera-theme'

/**
 * Puts the tenant's tokens on the page as ONE `<style data-tessera-theme>` at the start of <head>, under
 * `:where(:root)`: zero specificity and first in order, so any partner rule setting the same property wins.
 * Calling it again replaces the content of the same element.
 */
export function applyTheme(doc: Document, branding: Branding | null | undefined): HTMLStyleElement {
  let style = doc.head.querySelector<HTMLStyleElement>(`style[${THEME_STYLE_ATTRIBUTE}]`)
  if (!style) {
    style = doc.createElement('style')
    style.setAttribute(THEME_STYLE_ATTRIBUTE, '')
    doc.head.prepend(style)
  }
  style.textContent = `:where(:root) {\n${brandingToCss(branding)}\n}`
  return style
}

/** Whether a theme style is already on the page (the loader's, or an earlier element's). */
export function hasTheme(doc: Document): boolean {
  return doc.head.querySelector(`style[${THEME_STYLE_ATTRIBUTE}]`) !== null
}
