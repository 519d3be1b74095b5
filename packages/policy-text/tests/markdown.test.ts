import { describe, expect, it } from 'vitest'
import { blocksToHtml, blocksToMarkdown, blocksToText, isSafeUrl, parseMarkdown } from '../src/index.js'
import { checkHtml } from './helpers.js'

const html = (md: string): string => blocksToHtml(parseMarkdown(md), 1)

describe('Markdown subset', () => {
  it('renders paragraphs, lists, headings, strong, em and links', () => {
    const out = html(
      '## Title\n\nOne **bold** and *soft* line\ncontinued.\n\n- first [site](https://example.com/a?b=1)\n- write to [us](mailto:dpo@example.com)\n\n### Sub'
    )
    expect(out).toBe(
      [
        '<h3>Title</h3>',
        '<p>One <strong>bold</strong> and <em>soft</em> line continued.</p>',
        '<ul>',
        '<li>first <a href="https://example.com/a?b=1">site</a></li>',
        '<li>write to <a href="mailto:dpo@example.com">us</a></li>',
        '</ul>',
        '<h4>Sub</h4>',
      ].join('\n')
    )
  })

  it('passes no raw HTML through', () => {
    const out = html('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> <b onclick="x">b</b>')
    expect(out).toBe(
      '<p>&#60;script&#62;alert(1)&#60;/script&#62;</p>\n<p>&#60;img src=x onerror=alert(1)&#62; &#60;b onclick=&#34;x&#34;&#62;b&#60;/b&#62;</p>'
    )
    checkHtml(out)
  })

  it('renders links with any scheme other than https: and mailto: as plain text', () => {
    const targets = [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:msgbox(1)',
      '//evil.example/x',
      '/relative/path',
      'relative',
      'http://plain.example',
      'https://',
      'https:evil',
      ' https://x.example',
      'mailto:',
      'https://x.example/"onmouseover="alert(1)',
    ]
    for (const target of targets) {
      const out = html(`[click](${target})`)
      expect(out, target).not.toContain('<a')
      expect(out, target).toContain('click')
      checkHtml(out)
    }
  })

  it('isSafeUrl accepts only absolute https: URLs with a host and mailto: addresses', () => {
    expect(isSafeUrl('https://pipc.go.kr/np/')).toBe(true)
    expect(isSafeUrl('mailto:a.b+c@example.co.kr')).toBe(true)
    expect(isSafeUrl('https://a.example/\u0000x')).toBe(false)
    expect(isSafeUrl('mailto:javascript:alert(1)@x.y')).toBe(false)
    expect(isSafeUrl('https://a.example/<script>')).toBe(false)
  })

  it('supports backslash escapes and leaves unknown syntax as text', () => {
    expect(
      html('\\*not em\\* \\[x\\](https://a.example) # h1 > quote `code` ![i](https://a.example/i.png)')
    ).toBe(
      '<p>*not em* [x](https://a.example) # h1 &#62; quote `code` !<a href="https://a.example/i.png">i</a></p>'
    )
    expect(html('# one hash\n#### four')).toBe('<p># one hash #### four</p>')
    expect(html('1. ordered')).toBe('<p>1. ordered</p>')
  })

  it('continues an indented list line and ends the list at a plain line', () => {
    expect(html('- a\n  b\nc')).toBe('<ul>\n<li>a b</li>\n</ul>\n<p>c</p>')
  })

  it('text and Markdown serialisations keep the words and drop unsafe links', () => {
    const blocks = parseMarkdown('See [site](https://a.example) or [bad](javascript:x) **now**')
    expect(blocksToText(blocks)).toBe('See site (https://a.example) or [bad](javascript:x) now')
    const md = blocksToMarkdown(blocks)
    expect(md).toBe('See [site](https://a.example) or \\[bad\\](javascript:x) **now**')
    // Serialised Markdown reads back to the same tree.
    expect(parseMarkdown(md)).toEqual(blocks)
  })

  it('stays fast on pathological input (no quadratic scans)', () => {
    const evil = '*['.repeat(60_000) + '**('.repeat(30_000) + ']'.repeat(10)
    const started = Date.now()
    const out = html(evil)
    expect(Date.now() - started).toBeLessThan(2000)
    checkHtml(out)
  })
})
