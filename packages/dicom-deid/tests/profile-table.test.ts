import { describe, expect, it } from 'vitest'
import { BASIC_PROFILE, deidentify, resolveAction } from '../src/index.js'
import type { ProfileEntry } from '../src/index.js'
import {
  CT_IMAGE,
  KEY,
  TS_EXPLICIT_LE,
  TS_IMPLICIT_LE,
  contains,
  expectedUid,
  readWithDcmjs,
  writeWithDcmjs,
} from './helpers.js'
import type { DcmDataset, DcmElement } from './helpers.js'

const CARRIER = '00081115' // Referenced Series Sequence: not in Table E.1-1, kept, its items de-identified

function hexKey(tag: number): string {
  return tag.toString(16).toUpperCase().padStart(8, '0')
}

/** A value of the entry's VR that is unique to the tag, and the text that must not survive (if any). */
function sample(entry: ProfileEntry): { element: DcmElement; needle?: string } {
  const key = hexKey(entry.tag)
  const text = `V${key}`
  switch (entry.vr) {
    case 'PN':
      return { element: { vr: 'PN', Value: [{ Alphabetic: `Name^${key}` }] }, needle: `Name^${key}` }
    case 'UI': {
      const uid = `1.2.999.${entry.tag}`
      return { element: { vr: 'UI', Value: [uid] }, needle: uid }
    }
    case 'DA':
      return { element: { vr: 'DA', Value: ['20200315'] }, needle: '20200315' }
    case 'TM':
      return { element: { vr: 'TM', Value: ['101010'] }, needle: '101010' }
    case 'DT':
      return { element: { vr: 'DT', Value: ['20200315101010'] }, needle: '20200315101010' }
    case 'AS':
      return { element: { vr: 'AS', Value: ['042Y'] }, needle: '042Y' }
    case 'DS':
      return { element: { vr: 'DS', Value: [4242.5] }, needle: '4242.5' }
    case 'IS':
      return { element: { vr: 'IS', Value: [424242] }, needle: '424242' }
    case 'US':
      return { element: { vr: 'US', Value: [4242] } }
    case 'OB':
      return { element: { vr: 'OB', Value: [new TextEncoder().encode(`${text}!`).buffer] }, needle: text }
    case 'SQ':
      return {
        element: {
          vr: 'SQ',
          Value: [{ '00100010': { vr: 'PN', Value: [{ Alphabetic: `Nested^${key}` }] } }],
        },
        needle: `Nested^${key}`,
      }
    default:
      return { element: { vr: entry.vr, Value: [text] }, needle: text }
  }
}

function isEmpty(el: DcmElement): boolean {
  const v = el.Value ?? []
  return (
    v.length === 0 ||
    v.every((x) =>
      x instanceof ArrayBuffer
        ? x.byteLength === 0
        : x === '' || x === null || (typeof x === 'object' && Object.keys(x).length === 0)
    )
  )
}

function firstText(el: DcmElement): string {
  const v = el.Value?.[0]
  if (typeof v === 'object' && v !== null && 'Alphabetic' in v)
    return String((v as { Alphabetic: string }).Alphabetic)
  return String(v)
}

const DUMMY_BY_VR: Record<string, string> = {
  DA: '19000101',
  TM: '000000',
  DT: '19000101000000',
  AS: '000Y',
  PN: 'ANONYMIZED',
  LO: 'ANONYMIZED',
  SH: 'ANONYMIZED',
}

const entries = BASIC_PROFILE.filter((e) => e.tag >>> 16 !== 0x0002)

describe.each([
  ['explicit VR little endian', TS_EXPLICIT_LE],
  ['implicit VR little endian', TS_IMPLICIT_LE],
])('every Table E.1-1 attribute (%s)', (_name, ts) => {
  it.each(entries.map((e) => [`${e.keyword} ${hexKey(e.tag)} ${e.action}`, e] as const))(
    '%s',
    async (_label, entry) => {
      const { element, needle } = sample(entry)
      const key = hexKey(entry.tag)
      const dataset: DcmDataset = {
        '00080016': { vr: 'UI', Value: [CT_IMAGE] },
        '00080018': { vr: 'UI', Value: ['1.2.3.4.5'] },
        [CARRIER]: { vr: 'SQ', Value: [{ [key]: structuredClone(element) }] },
        [key]: structuredClone(element),
      }
      const input = writeWithDcmjs(dataset, { ts })
      const { bytes, report } = await deidentify(input, { uidKey: KEY })
      const { dict } = readWithDcmjs(bytes)
      const nested = (dict[CARRIER]?.Value?.[0] ?? {}) as DcmDataset
      // Referenced Study Sequence is removed, not emptied: Type 3 with 1-n items in General Study.
      const action = entry.tag === 0x00081110 ? 'X' : resolveAction(entry.action)

      expect(report.entries.some((r) => r.tag === `(${key.slice(0, 4)},${key.slice(4)})`)).toBe(true)
      for (const out of [dict[key], nested[key]]) {
        switch (action) {
          case 'X':
            expect(out).toBeUndefined()
            break
          case 'Z':
            expect(out).toBeDefined()
            expect(isEmpty(out as DcmElement)).toBe(true)
            break
          case 'D':
            expect(out).toBeDefined()
            expect(isEmpty(out as DcmElement)).toBe(false)
            if (DUMMY_BY_VR[entry.vr]) expect(firstText(out as DcmElement)).toBe(DUMMY_BY_VR[entry.vr])
            break
          case 'U':
            expect(out).toBeDefined()
            if (entry.vr === 'UI') expect(out?.Value?.[0]).toBe(expectedUid(`1.2.999.${entry.tag}`))
            else expect(entry.vr).toBe('SQ')
            break
          case 'K':
            expect(out).toBeDefined()
            break
        }
      }
      if (needle && action !== 'K' && !(entry.vr === 'SQ' && action !== 'X' && action !== 'Z')) {
        expect(contains(bytes, needle)).toBe(false)
      }
      if (entry.vr === 'SQ' && (action === 'D' || action === 'U')) {
        // Kept sequences are cleaned: the patient name inside is emptied (Z) by the profile.
        expect(contains(bytes, `Nested^${key}`)).toBe(false)
      }
    }
  )
})

describe('profile table', () => {
  it('holds every fixed-tag row of Table E.1-1, sorted, with no duplicates', () => {
    expect(BASIC_PROFILE.length).toBe(456)
    const tags = BASIC_PROFILE.map((e) => e.tag)
    expect(new Set(tags).size).toBe(tags.length)
    expect([...tags].sort((a, b) => a - b)).toEqual(tags)
  })

  it('has the well-known actions of the Basic Profile', () => {
    const by = (tag: number) => BASIC_PROFILE.find((e) => e.tag === tag)?.action
    expect(by(0x00100010)).toBe('Z') // Patient's Name
    expect(by(0x00100020)).toBe('Z') // Patient ID
    expect(by(0x00100030)).toBe('Z') // Patient's Birth Date
    expect(by(0x00080018)).toBe('U') // SOP Instance UID
    expect(by(0x00080080)).toBe('X/Z/D') // Institution Name
    expect(by(0x00081140)).toBe('X/Z/U*') // Referenced Image Sequence
    expect(by(0x00081070)).toBe('X/Z/D') // Operators' Name
  })
})
