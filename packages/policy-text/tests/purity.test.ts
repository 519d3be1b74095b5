import { describe, expect, it } from 'vitest'

// Sources read through Vite (no Node API in the test either).
const sources = import.meta.glob<string>('../src/**/*.ts', { query: '?raw', import: 'default', eager: true })

describe('package purity', () => {
  it('finds the sources', () => {
    expect(Object.keys(sources).length).toBeGreaterThanOrEqual(14)
  })

  it('uses no DOM or Node API, no clock and no randomness', () => {
    const forbidden: [RegExp, string][] = [
      [/from ['"](node:|fs|path|crypto|os|url|buffer)/, 'Node import'],
      [
        /(?<![\w'"/.-])(document|window|navigator|localStorage|process|Buffer|require)\s*[.(]/,
        'DOM/Node global',
      ],
      [/\bDate\.now\s*\(/, 'clock'],
      [/new Date\(\s*\)/, 'clock'],
      [/Math\.random|crypto\.|randomUUID/, 'randomness'],
      [/innerHTML|dangerouslySetInnerHTML/, 'raw HTML'],
    ]
    for (const [file, code] of Object.entries(sources)) {
      for (const [pattern, what] of forbidden) expect(pattern.test(code), `${file}: ${what}`).toBe(false)
    }
  })
})
