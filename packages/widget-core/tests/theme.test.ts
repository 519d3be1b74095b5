import { afterEach, describe, expect, it } from 'vitest'
import { applyTheme, brandingToCss, sanitizeTokenValue } from '../src/index.js'

afterEach(() => {
  document.querySelectorAll('style[data-tessera-theme], style[data-partner]').forEach((s) => s.remove())
})

describe('brandingToCss', () => {
  it('declares every token from valid branding', () => {
    const css = brandingToCss({
      primaryColor: '#0b5fff',
      accentColor: '#0a7',
      textColor: '#1B1F24',
      backgroundColor: '#ffffff',
      fontFamily: '"Noto Sans KR", system-ui, sans-serif',
      radius: '0.5rem',
    })
    expect(css).toBe(
      [
        '--tessera-color-primary: #0b5fff;',
        '--tessera-color-accent: #0a7;',
        '--tessera-color-text: #1B1F24;',
        '--tessera-color-background: #ffffff;',
        '--tessera-font-family: "Noto Sans KR", system-ui, sans-serif;',
        '--tessera-radius: 0.5rem;',
      ].join('\n')
    )
  })

  it.each([
    ['--tessera-color-primary', 'red'],
    ['--tessera-color-primary', '#fff;} body { display:none'],
    ['--tessera-color-primary', 'url(https://evil.example/x.png)'],
    ['--tessera-color-primary', '#12345'],
    ['--tessera-font-family', 'Arial; } :root { --tessera-color-text: red'],
    ['--tessera-font-family', 'x</style><script>alert(1)</script>'],
    ['--tessera-font-family', '"unterminated'],
    ['--tessera-font-family', 'a\\62 c'],
    ['--tessera-radius', 'calc(1px + 1px)'],
    ['--tessera-radius', '8px;color:red'],
    ['--tessera-radius', 'expression(alert(1))'],
  ] as const)('drops unsafe %s value %j', (token, value) => {
    expect(sanitizeTokenValue(token, value)).toBeUndefined()
  })

  it('keeps only the valid declarations from a hostile branding object', () => {
    const css = brandingToCss({ primaryColor: 'red;}*{display:none', radius: '4px', fontFamily: null })
    expect(css).toBe('--tessera-radius: 4px;')
  })
})

describe('applyTheme', () => {
  it('inserts one zero-specificity style first in <head>, and replaces it on a second call', () => {
    document.head.insertAdjacentHTML('afterbegin', '<meta name="x-first">')
    const style = applyTheme(document, { primaryColor: '#112233' })
    expect(document.head.firstElementChild).toBe(style)
    expect(style.textContent).toContain(':where(:root)')
    applyTheme(document, { primaryColor: '#445566' })
    expect(document.querySelectorAll('style[data-tessera-theme]')).toHaveLength(1)
    expect(
      getComputedStyle(document.documentElement).getPropertyValue('--tessera-color-primary').trim()
    ).toBe('#445566')
    document.head.querySelector('meta[name="x-first"]')?.remove()
  })

  it('loses against any partner rule for the same token, even one placed earlier', () => {
    const partner = document.createElement('style')
    partner.setAttribute('data-partner', '')
    partner.textContent = 'html { --tessera-color-primary: #abcdef; }'
    document.head.prepend(partner)
    applyTheme(document, { primaryColor: '#112233', accentColor: '#00ff00' })
    const root = getComputedStyle(document.documentElement)
    expect(root.getPropertyValue('--tessera-color-primary').trim()).toBe('#abcdef')
    expect(root.getPropertyValue('--tessera-color-accent').trim()).toBe('#00ff00')
  })
})
