import { createHmac } from 'node:crypto'
import dcmjs from 'dcmjs'

const { DicomDict, DicomMessage, DicomMetaDictionary } = dcmjs.data

export const KEY = new TextEncoder().encode('test-secret-key-0123456789abcdef')
export const OTHER_KEY = new TextEncoder().encode('another-secret-key-fedcba987654')

/** A denaturalised dcmjs element: `{ vr, Value }`. */
export type DcmElement = { vr: string; Value?: unknown[]; InlineBinary?: string }
export type DcmDataset = Record<string, DcmElement>

export const TS_EXPLICIT_LE = '1.2.840.10008.1.2.1'
export const TS_IMPLICIT_LE = '1.2.840.10008.1.2'
export const TS_EXPLICIT_BE = '1.2.840.10008.1.2.2'
export const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2'

/** The expected U replacement, computed independently with node:crypto. */
export function expectedUid(uid: string, key: Uint8Array = KEY): string {
  const mac = createHmac('sha256', key).update(uid).digest()
  return `2.25.${BigInt('0x' + mac.subarray(0, 16).toString('hex')).toString(10)}`
}

/** Writes a Part 10 file with dcmjs from a denaturalised data set. */
export function writeWithDcmjs(
  dataset: DcmDataset,
  opts: { ts?: string; sopInstanceUid?: string; sopClassUid?: string } = {}
): Uint8Array {
  const sopInstanceUid =
    opts.sopInstanceUid ?? (dataset['00080018']?.Value?.[0] as string | undefined) ?? '1.2.3.4.5'
  const sopClassUid = opts.sopClassUid ?? (dataset['00080016']?.Value?.[0] as string | undefined) ?? CT_IMAGE
  const meta: DcmDataset = {
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: [sopClassUid] },
    '00020003': { vr: 'UI', Value: [sopInstanceUid] },
    '00020010': { vr: 'UI', Value: [opts.ts ?? TS_EXPLICIT_LE] },
    '00020012': { vr: 'UI', Value: ['1.2.826.0.1.3680043.10.999'] },
    '00020016': { vr: 'AE', Value: ['SECRETSTATION'] },
  }
  const dict = new DicomDict(meta)
  dict.dict = dataset
  const ab: ArrayBuffer = dict.write({ allowInvalidVRLength: true })
  return new Uint8Array(ab)
}

export interface ReadBack {
  meta: DcmDataset
  dict: DcmDataset
}

/** Reads a Part 10 file with dcmjs (denaturalised). */
export function readWithDcmjs(bytes: Uint8Array): ReadBack {
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  const parsed = DicomMessage.readFile(ab, { ignoreErrors: false })
  return { meta: parsed.meta as DcmDataset, dict: parsed.dict as DcmDataset }
}

export function naturalize(dict: DcmDataset): Record<string, unknown> {
  return DicomMetaDictionary.naturalizeDataset(dict) as Record<string, unknown>
}

export function contains(haystack: Uint8Array, needle: string): boolean {
  const n = new TextEncoder().encode(needle)
  outer: for (let i = 0; i + n.length <= haystack.length; i++) {
    for (let j = 0; j < n.length; j++) if (haystack[i + j] !== n[j]) continue outer
    return true
  }
  return false
}

/** mulberry32: a small seeded PRNG for reproducible fuzzing. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Pixel data of `rows × columns` 16-bit samples with a recognisable pattern. */
export function pixels(rows: number, columns: number, frames = 1): ArrayBuffer {
  const data = new Uint16Array(rows * columns * frames)
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919) & 0xffff
  return data.buffer
}

/** Patient-identifying values used by the synthetic studies. */
export const PHI = {
  name: 'Kimura^Haruki',
  id: 'MRN-7733-2211',
  birthDate: '19610412',
  studyDate: '20230517',
  institution: 'St Elsewhere Hospital',
  operator: 'Oper^Otto',
  physician: 'Doctor^Dolittle',
  reading: 'Reader^Rita',
  studyUid: '1.2.826.0.1.3680043.8.498.1111',
  seriesUid: '1.2.826.0.1.3680043.8.498.2222',
  privateText: 'PRIVATE-SECRET-TAG',
}

/** A synthetic image with names, dates, UIDs, nested sequences and private attributes. */
export function syntheticImage(opts: {
  modality: string
  sopClassUid: string
  sopInstanceUid: string
  rows?: number
  columns?: number
  frames?: number
  extra?: DcmDataset
}): DcmDataset {
  const rows = opts.rows ?? 8
  const columns = opts.columns ?? 8
  const frames = opts.frames ?? 1
  const ds: DcmDataset = {
    '00080005': { vr: 'CS', Value: ['ISO_IR 100'] },
    '00080016': { vr: 'UI', Value: [opts.sopClassUid] },
    '00080018': { vr: 'UI', Value: [opts.sopInstanceUid] },
    '00080020': { vr: 'DA', Value: [PHI.studyDate] },
    '00080021': { vr: 'DA', Value: [PHI.studyDate] },
    '00080023': { vr: 'DA', Value: [PHI.studyDate] },
    '00080030': { vr: 'TM', Value: ['101112'] },
    '00080050': { vr: 'SH', Value: ['ACC-99812'] },
    '00080060': { vr: 'CS', Value: [opts.modality] },
    '00080080': { vr: 'LO', Value: [PHI.institution] },
    '00080090': { vr: 'PN', Value: [{ Alphabetic: PHI.physician }] },
    '00081060': { vr: 'PN', Value: [{ Alphabetic: PHI.reading }] },
    '00081070': { vr: 'PN', Value: [{ Alphabetic: PHI.operator }] },
    '00081110': {
      vr: 'SQ',
      Value: [
        {
          '00081150': { vr: 'UI', Value: ['1.2.840.10008.3.1.2.3.1'] },
          '00081155': { vr: 'UI', Value: [PHI.studyUid] },
        },
      ],
    },
    '00081140': {
      vr: 'SQ',
      Value: [
        {
          '00081150': { vr: 'UI', Value: [opts.sopClassUid] },
          '00081155': { vr: 'UI', Value: [PHI.seriesUid + '.77'] },
          '00080080': { vr: 'LO', Value: [PHI.institution] },
          '00100010': { vr: 'PN', Value: [{ Alphabetic: PHI.name }] },
        },
      ],
    },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: PHI.name }] },
    '00100020': { vr: 'LO', Value: [PHI.id] },
    '00100030': { vr: 'DA', Value: [PHI.birthDate] },
    '00100040': { vr: 'CS', Value: ['F'] },
    '00101001': { vr: 'PN', Value: [{ Alphabetic: PHI.name }] },
    '00181030': { vr: 'LO', Value: ['Protocol of ' + PHI.name] },
    '0020000D': { vr: 'UI', Value: [PHI.studyUid] },
    '0020000E': { vr: 'UI', Value: [PHI.seriesUid] },
    '00200013': { vr: 'IS', Value: [1] },
    '00280002': { vr: 'US', Value: [1] },
    '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
    '00280010': { vr: 'US', Value: [rows] },
    '00280011': { vr: 'US', Value: [columns] },
    '00280100': { vr: 'US', Value: [16] },
    '00280101': { vr: 'US', Value: [16] },
    '00280102': { vr: 'US', Value: [15] },
    '00280103': { vr: 'US', Value: [0] },
    '00291010': { vr: 'LO', Value: ['SIEMENS CSA'] },
    '00291011': { vr: 'LO', Value: [PHI.privateText] },
    '00400275': {
      vr: 'SQ',
      Value: [
        {
          '00400007': { vr: 'LO', Value: ['Scheduled for ' + PHI.name] },
          '00400009': { vr: 'SH', Value: ['SPS-1'] },
          '00321032': { vr: 'PN', Value: [{ Alphabetic: PHI.physician }] },
        },
      ],
    },
    '7FE00010': { vr: 'OW', Value: [pixels(rows, columns, frames)] },
    ...opts.extra,
  }
  if (frames > 1) ds['00280008'] = { vr: 'IS', Value: [frames] }
  return ds
}

/** The parts one after the other, in one array. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
