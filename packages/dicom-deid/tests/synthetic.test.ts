import { describe, expect, it } from 'vitest'
import { BurnedInAnnotationError, deidentify, findElement, parseDicom } from '../src/index.js'
import {
  CT_IMAGE,
  KEY,
  OTHER_KEY,
  PHI,
  TS_EXPLICIT_BE,
  TS_EXPLICIT_LE,
  TS_IMPLICIT_LE,
  contains,
  expectedUid,
  readWithDcmjs,
  syntheticImage,
  writeWithDcmjs,
} from './helpers.js'
import type { DcmDataset } from './helpers.js'

const MR_IMAGE = '1.2.840.10008.5.1.4.1.1.4'
const XA_IMAGE = '1.2.840.10008.5.1.4.1.1.12.1'
const ENHANCED_XA = '1.2.840.10008.5.1.4.1.1.12.1.1'

async function pixelBytes(bytes: Uint8Array): Promise<Uint8Array | undefined> {
  const file = await parseDicom(bytes)
  return findElement(file.dataset, 0x7fe00010)?.value
}

const cases = [
  { name: 'CT', modality: 'CT', sopClassUid: CT_IMAGE, frames: 1 },
  { name: 'MR', modality: 'MR', sopClassUid: MR_IMAGE, frames: 1 },
  { name: 'XA', modality: 'XA', sopClassUid: XA_IMAGE, frames: 1 },
  { name: 'multi-frame XA', modality: 'XA', sopClassUid: ENHANCED_XA, frames: 4 },
]
const syntaxes = [
  ['explicit VR LE', TS_EXPLICIT_LE],
  ['implicit VR LE', TS_IMPLICIT_LE],
  ['explicit VR BE', TS_EXPLICIT_BE],
] as const

describe('synthetic studies', () => {
  for (const c of cases) {
    for (const [tsName, ts] of syntaxes) {
      it(`${c.name}, ${tsName}: no identifying value survives, pixels identical, dcmjs re-parses`, async () => {
        const sopInstanceUid = `1.2.826.0.1.3680043.8.498.${c.name.length}.${ts.length}.9`
        const input = writeWithDcmjs(syntheticImage({ ...c, sopInstanceUid }), { ts })
        for (const v of [PHI.name, PHI.id, PHI.institution, PHI.studyUid, PHI.privateText, 'SECRETSTATION']) {
          expect(contains(input, v)).toBe(true)
        }
        const { bytes, report } = await deidentify(input, { uidKey: KEY })
        for (const v of Object.values(PHI)) expect(contains(bytes, v), v).toBe(false)
        for (const v of [
          'Kimura',
          'Dolittle',
          'Oper^',
          'Reader^',
          'SECRETSTATION',
          sopInstanceUid,
          'ACC-99812',
        ]) {
          expect(contains(bytes, v), v).toBe(false)
        }
        expect(await pixelBytes(bytes)).toEqual(await pixelBytes(input))

        const { meta, dict } = readWithDcmjs(bytes)
        const newSop = expectedUid(sopInstanceUid)
        expect(dict['00080018']?.Value).toEqual([newSop])
        expect(meta['00020003']?.Value).toEqual([newSop])
        expect(meta['00020016']).toBeUndefined()
        expect(dict['0020000D']?.Value).toEqual([expectedUid(PHI.studyUid)])
        expect(dict['00120062']?.Value).toEqual(['YES'])
        expect(dict['00120063']?.Value?.[0]).toMatch(/Basic Profile/)
        const code = dict['00120064']?.Value?.[0] as Record<string, { Value: unknown[] }>
        expect(code['00080100']?.Value).toEqual(['113100'])
        expect(code['00080102']?.Value).toEqual(['DCM'])
        expect(dict['00291011']).toBeUndefined()
        expect(dict['00080060']?.Value).toEqual([c.modality]) // not in the table: kept
        // Nested: the Referenced Image Sequence is kept (X/Z/U*), its UIDs replaced, names emptied.
        const ref = dict['00081140']?.Value?.[0] as Record<string, { Value?: unknown[] }>
        expect(ref['00081155']?.Value).toEqual([expectedUid(PHI.seriesUid + '.77')])
        expect(ref['00081150']?.Value).toEqual([c.sopClassUid])
        expect(report.counts.privateRemoved).toBe(2)
        expect(report.entries.some((e) => e.path.startsWith('(0008,1140)[0]'))).toBe(true)
        expect(JSON.parse(JSON.stringify(report))).toEqual(report)
        // The output is itself a valid input, and de-identifying it again changes no identifying value.
        const again = await deidentify(bytes, { uidKey: KEY })
        expect(readWithDcmjs(again.bytes).dict['0020000D']?.Value).toEqual([
          expectedUid(expectedUid(PHI.studyUid)),
        ])
      })
    }
  }

  it('handles deeply nested sequences holding names and dates', async () => {
    let inner: Record<string, unknown> = {
      '00100010': { vr: 'PN', Value: [{ Alphabetic: PHI.name }] },
      '00100030': { vr: 'DA', Value: [PHI.birthDate] },
      '00080020': { vr: 'DA', Value: [PHI.studyDate] },
      '00081155': { vr: 'UI', Value: [PHI.studyUid] },
      '00091001': { vr: 'LO', Value: [PHI.privateText] },
    }
    for (let i = 0; i < 10; i++) inner = { '00081115': { vr: 'SQ', Value: [inner] } }
    const ds = {
      ...syntheticImage({ modality: 'CT', sopClassUid: CT_IMAGE, sopInstanceUid: '1.2.3.9' }),
      ...inner,
    }
    const { bytes } = await deidentify(writeWithDcmjs(ds as never), { uidKey: KEY })
    for (const v of [PHI.name, PHI.birthDate, PHI.studyDate, PHI.studyUid, PHI.privateText])
      expect(contains(bytes, v)).toBe(false)
    expect(contains(bytes, expectedUid(PHI.studyUid))).toBe(true)
    readWithDcmjs(bytes)
  })
})

describe('UID consistency', () => {
  const slice = (n: number) =>
    writeWithDcmjs(
      syntheticImage({ modality: 'CT', sopClassUid: CT_IMAGE, sopInstanceUid: `1.2.3.100.${n}` })
    )

  it('maps the same UID to the same replacement in two files with the same key', async () => {
    const [a, b] = await Promise.all([
      deidentify(slice(1), { uidKey: KEY }),
      deidentify(slice(2), { uidKey: KEY }),
    ])
    const da = readWithDcmjs(a.bytes).dict
    const db = readWithDcmjs(b.bytes).dict
    expect(da['0020000D']?.Value).toEqual(db['0020000D']?.Value)
    expect(da['0020000E']?.Value).toEqual(db['0020000E']?.Value)
    expect(da['00080018']?.Value).not.toEqual(db['00080018']?.Value)
    expect(String(da['0020000D']?.Value?.[0])).toMatch(/^2\.25\.\d{1,39}$/)
  })

  it('gives different replacements with a different key, and accepts a CryptoKey', async () => {
    const cryptoKey = await crypto.subtle.importKey('raw', KEY, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ])
    const [a, b, c] = await Promise.all([
      deidentify(slice(1), { uidKey: KEY }),
      deidentify(slice(1), { uidKey: OTHER_KEY }),
      deidentify(slice(1), { uidKey: cryptoKey }),
    ])
    const uid = (x: Uint8Array) => readWithDcmjs(x).dict['0020000D']?.Value?.[0]
    expect(uid(a.bytes)).not.toEqual(uid(b.bytes))
    expect(uid(b.bytes)).toBe(expectedUid(PHI.studyUid, OTHER_KEY))
    expect(uid(c.bytes)).toEqual(uid(a.bytes))
  })
})

describe('burned-in annotations', () => {
  const variants: [string, { modality: string; sopClassUid: string; extra?: DcmDataset }][] = [
    ['ultrasound', { modality: 'US', sopClassUid: '1.2.840.10008.5.1.4.1.1.6.1' }],
    ['secondary capture', { modality: 'OT', sopClassUid: '1.2.840.10008.5.1.4.1.1.7' }],
    ['multi-frame secondary capture', { modality: 'OT', sopClassUid: '1.2.840.10008.5.1.4.1.1.7.4' }],
    [
      'BurnedInAnnotation YES',
      { modality: 'CT', sopClassUid: CT_IMAGE, extra: { '00280301': { vr: 'CS', Value: ['YES'] } } },
    ],
  ]
  for (const [name, v] of variants) {
    it(`${name}: rejected with 'reject' (the default), warned with 'warn'`, async () => {
      const input = writeWithDcmjs(syntheticImage({ ...v, sopInstanceUid: '1.2.3.77' }))
      await expect(deidentify(input, { uidKey: KEY })).rejects.toBeInstanceOf(BurnedInAnnotationError)
      await expect(deidentify(input, { uidKey: KEY, burnedIn: 'reject' })).rejects.toThrow(/burned-in/)
      const { bytes, report } = await deidentify(input, { uidKey: KEY, burnedIn: 'warn' })
      expect(report.warnings.length).toBeGreaterThan(0)
      expect(contains(bytes, PHI.name)).toBe(false)
    })
  }

  it('does not flag VL classes that only share the 1.1.7 prefix, nor ordinary CT', async () => {
    for (const sopClassUid of ['1.2.840.10008.5.1.4.1.1.77.1.4', CT_IMAGE]) {
      const input = writeWithDcmjs(
        syntheticImage({ modality: 'OT', sopClassUid, sopInstanceUid: '1.2.3.78' })
      )
      const { report } = await deidentify(input, { uidKey: KEY })
      expect(report.warnings).toEqual([])
    }
  })
})
