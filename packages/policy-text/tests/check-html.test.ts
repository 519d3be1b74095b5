import { describe, expect, it } from 'vitest'
import { checkHtml } from './helpers.js'

// The injection property tests are only as good as this checker: prove it rejects what it must.
describe('strict HTML checker used by the tests', () => {
  it('rejects injected markup', () => {
    const bad = [
      '<p><script>alert(1)</script></p>',
      '<p onclick="x">a</p>',
      '<p><img src="x"></p>',
      '<a href="javascript:alert(1)">x</a>',
      '<a href="data:text/html,x">x</a>',
      '<a href="//evil.example">x</a>',
      '<a href="#section-missing">x</a>',
      '<p style="color:red">x</p>',
      '<p>a > b</p>',
      '<p>a & b</p>',
      '<p>"><img src=x onerror=alert(1)></p>',
    ]
    for (const html of bad) expect(() => checkHtml(html), html).toThrow(/unsafe HTML/)
  })

  it('accepts escaped text and allowed links, and decodes the text', () => {
    const html =
      '<section id="section-a"><p>&#60;script&#62; <a href="https://x.example">x</a> <a href="#section-a">a</a></p></section>'
    expect(checkHtml(html)).toBe('<script> x a')
  })
})
