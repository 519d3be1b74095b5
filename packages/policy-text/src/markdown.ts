// A small, strict Markdown subset: paragraphs, `-` lists, `##`/`###` headings, **strong**, *em*,
// [text](https://…) and [text](mailto:…) links, backslash escapes. Nothing else is markup: raw HTML,
// other link schemes, images, code and quotes all come out as escaped text.

export type Inline =
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'strong'; readonly children: readonly Inline[] }
  | { readonly type: 'em'; readonly children: readonly Inline[] }
  | { readonly type: 'link'; readonly href: string; readonly children: readonly Inline[] }

export type Block =
  | { readonly type: 'heading'; readonly level: 2 | 3; readonly children: readonly Inline[] }
  | { readonly type: 'paragraph'; readonly children: readonly Inline[] }
  | { readonly type: 'list'; readonly items: readonly (readonly Inline[])[] }
  /** Only built from structured data by the renderer; the parser never produces a table. */
  | {
      readonly type: 'table'
      readonly head: readonly string[]
      readonly rows: readonly (readonly Inline[])[][]
    }

const HTTPS_URL =
  /^https:\/\/[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?(?:[/?#][^\s\p{Cc}"'<>\\`]*)?$/u
const MAILTO_URL =
  /^mailto:[^\s\p{Cc}"'<>\\`:/?]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?:\?[^\s\p{Cc}"'<>\\`]*)?$/u

/** The only link targets ever emitted: absolute https: URLs with a host, and mailto: addresses. */
export function isSafeUrl(url: string): boolean {
  return HTTPS_URL.test(url) || MAILTO_URL.test(url)
}

/** A plain e-mail address, as accepted after `mailto:`. */
export function isEmailAddress(value: string): boolean {
  return MAILTO_URL.test(`mailto:${value}`) && !value.includes('?')
}

interface Tok {
  readonly ch: string
  readonly esc: boolean
}

const PUNCTUATION = /[!-/:-@[-`{-~]/

function tokenize(s: string): Tok[] {
  const toks: Tok[] = []
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string
    const next = s[i + 1]
    if (ch === '\\' && next !== undefined && PUNCTUATION.test(next)) {
      toks.push({ ch: next, esc: true })
      i++
    } else toks.push({ ch, esc: false })
  }
  return toks
}

/** next[i] = smallest j >= i where pred(j), or -1. One backward pass: the parser stays linear. */
function nextIndex(toks: readonly Tok[], pred: (i: number) => boolean): Int32Array {
  const next = new Int32Array(toks.length + 2).fill(-1)
  for (let i = toks.length - 1; i >= 0; i--) next[i] = pred(i) ? i : (next[i + 1] as number)
  return next
}

class InlineParser {
  private readonly toks: Tok[]
  private readonly star: Int32Array
  private readonly double: Int32Array
  private readonly bracket: Int32Array
  private readonly paren: Int32Array

  constructor(source: string) {
    const toks = tokenize(source)
    const is = (i: number, ch: string): boolean => toks[i]?.ch === ch && toks[i]?.esc === false
    this.toks = toks
    this.star = nextIndex(toks, (i) => is(i, '*'))
    this.double = nextIndex(toks, (i) => is(i, '*') && is(i + 1, '*'))
    this.bracket = nextIndex(toks, (i) => is(i, ']'))
    this.paren = nextIndex(toks, (i) => is(i, ')'))
  }

  private is(i: number, ch: string): boolean {
    const t = this.toks[i]
    return t !== undefined && t.ch === ch && !t.esc
  }

  private raw(from: number, to: number): string {
    let s = ''
    for (let i = from; i < to; i++) s += (this.toks[i] as Tok).ch
    return s
  }

  parse(from = 0, to = this.toks.length, inStrong = false, inEm = false, inLink = false): Inline[] {
    const out: Inline[] = []
    let text = ''
    const flush = (): void => {
      if (text) out.push({ type: 'text', value: text })
      text = ''
    }
    let i = from
    while (i < to) {
      if (this.is(i, '*') && this.is(i + 1, '*') && i + 1 < to) {
        const close = i + 2 < to ? (this.double[i + 2] as number) : -1
        if (!inStrong && close !== -1 && close + 1 < to && close > i + 2) {
          flush()
          out.push({ type: 'strong', children: this.parse(i + 2, close, true, inEm, inLink) })
          i = close + 2
        } else {
          text += '**'
          i += 2
        }
        continue
      }
      if (this.is(i, '*')) {
        const close = this.star[i + 1] as number
        if (!inEm && close !== -1 && close < to && close > i + 1) {
          flush()
          out.push({ type: 'em', children: this.parse(i + 1, close, inStrong, true, inLink) })
          i = close + 1
        } else {
          text += '*'
          i += 1
        }
        continue
      }
      if (this.is(i, '[') && !inLink) {
        const close = this.bracket[i + 1] as number
        if (close !== -1 && close + 1 < to && this.is(close + 1, '(')) {
          const end = this.paren[close + 2] as number
          if (end !== -1 && end < to) {
            const href = this.raw(close + 2, end)
            if (close > i + 1 && isSafeUrl(href)) {
              flush()
              out.push({ type: 'link', href, children: this.parse(i + 1, close, inStrong, inEm, true) })
            } else {
              text += this.raw(i, end + 1)
            }
            i = end + 1
            continue
          }
        }
      }
      text += (this.toks[i] as Tok).ch
      i++
    }
    flush()
    return out
  }
}

export function parseInline(source: string): Inline[] {
  return new InlineParser(source).parse()
}

/** Parses the Markdown subset into blocks. Never throws; anything unrecognised is text. */
export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = []
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  let paragraph: string[] = []
  let list: string[] | null = null
  const endParagraph = (): void => {
    if (paragraph.length) blocks.push({ type: 'paragraph', children: parseInline(paragraph.join(' ')) })
    paragraph = []
  }
  const endList = (): void => {
    if (list) blocks.push({ type: 'list', items: list.map(parseInline) })
    list = null
  }
  for (const line of lines) {
    const heading = /^(#{2,3})[ \t]+(.*?)[ \t]*$/.exec(line)
    const item = /^-[ \t]+(.*?)[ \t]*$/.exec(line)
    if (line.trim() === '') {
      endParagraph()
      endList()
    } else if (heading) {
      endParagraph()
      endList()
      blocks.push({
        type: 'heading',
        level: heading[1] === '##' ? 2 : 3,
        children: parseInline(heading[2] as string),
      })
    } else if (item) {
      endParagraph()
      list ??= []
      list.push(item[1] as string)
    } else if (list && /^[ \t]{2,}\S/.test(line)) {
      list[list.length - 1] += ` ${line.trim()}`
    } else {
      endList()
      paragraph.push(line.trim())
    }
  }
  endParagraph()
  endList()
  return blocks
}

// ---------------------------------------------------------------------------------------------------
// Serialisers. Every character of text passes through an escaper; markup comes only from the AST.

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export function inlineToHtml(nodes: readonly Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.type) {
        case 'text':
          return escapeHtml(n.value)
        case 'strong':
          return `<strong>${inlineToHtml(n.children)}</strong>`
        case 'em':
          return `<em>${inlineToHtml(n.children)}</em>`
        case 'link':
          // Checked again here: the AST may be built by hand, not only by the parser.
          return isSafeUrl(n.href)
            ? `<a href="${escapeHtml(n.href)}">${inlineToHtml(n.children)}</a>`
            : inlineToHtml(n.children)
      }
    })
    .join('')
}

/**
 * Blocks to HTML. `headingOffset` shifts heading levels so prose `##` sits below the section's own
 * heading (with offset 1, `##` → h3, `###` → h4).
 */
export function blocksToHtml(blocks: readonly Block[], headingOffset = 1): string {
  return blocks
    .map((b) => {
      switch (b.type) {
        case 'heading': {
          const level = b.level + headingOffset
          return `<h${level}>${inlineToHtml(b.children)}</h${level}>`
        }
        case 'paragraph':
          return `<p>${inlineToHtml(b.children)}</p>`
        case 'list':
          return `<ul>\n${b.items.map((item) => `<li>${inlineToHtml(item)}</li>`).join('\n')}\n</ul>`
        case 'table': {
          const head = b.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')
          const rows = b.rows
            .map((row) => `<tr>${row.map((cell) => `<td>${inlineToHtml(cell)}</td>`).join('')}</tr>`)
            .join('\n')
          return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`
        }
      }
    })
    .join('\n')
}

export function inlineToText(nodes: readonly Inline[]): string {
  return nodes
    .map((n) => {
      if (n.type === 'text') return n.value
      if (n.type !== 'link') return inlineToText(n.children)
      const label = inlineToText(n.children)
      const target = n.href.startsWith('mailto:') ? n.href.slice('mailto:'.length) : n.href
      return label === target || !isSafeUrl(n.href) ? label : `${label} (${target})`
    })
    .join('')
}

export function blocksToText(blocks: readonly Block[]): string {
  return blocks
    .map((b) => {
      switch (b.type) {
        case 'heading':
          return inlineToText(b.children)
        case 'paragraph':
          return inlineToText(b.children)
        case 'list':
          return b.items.map((item) => `- ${inlineToText(item)}`).join('\n')
        case 'table':
          return b.rows
            .map((row) => `- ${row.map((cell, i) => `${b.head[i] ?? ''}: ${inlineToText(cell)}`).join('; ')}`)
            .join('\n')
      }
    })
    .join('\n\n')
}

/**
 * Escapes text for the Markdown subset (and GFM table cells): inline markup characters always get a
 * backslash, block markers (`-`, `#`, `+`) when they lead the value, and line breaks become spaces, so a
 * value can never start a heading, list item or new paragraph, nor open emphasis or a link.
 */
export function escapeMarkdown(value: string): string {
  return value
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/[\\`*_[\]<>|{}~]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-#+])/, '$1\\$2')
}

export function inlineToMarkdown(nodes: readonly Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.type) {
        case 'text':
          return escapeMarkdown(n.value)
        case 'strong':
          return `**${inlineToMarkdown(n.children)}**`
        case 'em':
          return `*${inlineToMarkdown(n.children)}*`
        case 'link':
          return isSafeUrl(n.href)
            ? `[${inlineToMarkdown(n.children)}](${n.href})`
            : inlineToMarkdown(n.children)
      }
    })
    .join('')
}

export function blocksToMarkdown(blocks: readonly Block[], headingOffset = 1): string {
  return blocks
    .map((b) => {
      switch (b.type) {
        case 'heading':
          return `${'#'.repeat(Math.min(6, b.level + headingOffset))} ${inlineToMarkdown(b.children)}`
        case 'paragraph':
          return inlineToMarkdown(b.children)
        case 'list':
          return b.items.map((item) => `- ${inlineToMarkdown(item)}`).join('\n')
        case 'table':
          return [
            `| ${b.head.map(escapeMarkdown).join(' | ')} |`,
            `|${b.head.map(() => ' --- |').join('')}`,
            ...b.rows.map((row) => `| ${row.map(inlineToMarkdown).join(' | ')} |`),
          ].join('\n')
      }
    })
    .join('\n\n')
}
