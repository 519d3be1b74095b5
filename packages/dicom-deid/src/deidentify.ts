/**
 * PS3.15 Annex E Basic Application Level Confidentiality Profile, applied to a DICOM Part 10 file.
 *
 * Choices where the standard leaves room (documented in the README):
 * - Combined actions keep the IOD conformant without knowing the IOD: X/Z → Z, X/D → D, Z/D → D, X/Z/D → D,
 *   X/Z/U* → U (the sequence is kept, the profile applied to its items, contained UIDs replaced). Except
 *   Referenced Study Sequence (X/Z): Type 3 with 1-n items in the General Study module, so an emptied one
 *   is invalid (dciodvfy reports it) and it is removed.
 * - C (clean) is treated as D.
 * - D dummy values by VR: text "ANONYMIZED", PN "ANONYMIZED", DA 19000101, TM 000000, DT 19000101000000,
 *   AS 000Y, DS/IS 0, binary VRs zeros; UI values are replaced like U. The standard only asks for "a
 *   non-zero length value that may be a dummy value and consistent with the VR".
 * - D on a sequence keeps the sequence and "cleans" its items: the profile applies to them, and every other
 *   attribute with a free-text, name or date VR is replaced by a dummy too; if its VR is unknown (implicit
 *   VR), it is removed.
 * - U: `2.25.<decimal of the first 128 bits of HMAC-SHA-256(uidKey, original UID)>` (PS3.5 B.2 UUID-derived
 *   root), so the same UID and key always map to the same new UID, across files.
 * - Attributes not in Table E.1-1 are kept, except that any other attribute with VR PN (a person's name) gets a
 *   dummy value (hardening beyond the table); group length attributes (gggg,0000) outside group 0002 are
 *   removed (retired, and wrong after editing); the preamble is zeroed; in the File Meta Information only
 *   (0002,0001), (0002,0002), (0002,0003), (0002,0010), (0002,0012), (0002,0013) are kept.
 * - A deflated input is written back as explicit VR little endian.
 */
import { BurnedInAnnotationError } from './errors.js'
import { elementString, findElement, parseDicom, TS, EXPLICIT_LITTLE } from './parser.js'
import type { DataSetEncoding, DicomElement, DicomFile, DicomItem, ParseOptions } from './parser.js'
import { formatTag, isPrivateTag, profileEntryFor } from './profile.js'
import type { ProfileAction } from './profile.js'
import { writeDicom } from './writer.js'

/** A WebCrypto key, typed the same under the DOM lib and Node's types. */
type CryptoKeyLike = Parameters<typeof crypto.subtle.sign>[1]

export type AppliedAction = 'X' | 'Z' | 'D' | 'U' | 'K'

export interface DeidentifyOptions extends ParseOptions {
  /** Secret key for UID replacement (raw bytes, at least 16 recommended, or an HMAC SHA-256 CryptoKey). */
  uidKey: Uint8Array | CryptoKeyLike
  /** Images likely to carry burned-in text: throw BurnedInAnnotationError, or add a warning. Default reject. */
  burnedIn?: 'reject' | 'warn'
}

export interface ReportEntry {
  /** "(gggg,eeee)" */
  tag: string
  keyword: string
  /** Where the attribute was: "" at the top level, else e.g. "(0008,1140)[0]" */
  path: string
  /** The Basic Profile action of the table, e.g. "X/Z/D", or a rule name for attributes outside the table. */
  profileAction: ProfileAction | 'private' | 'group-length' | 'file-meta' | 'clean' | 'person-name'
  /** What was done: X removed, Z emptied, D dummy value, U UIDs replaced, K kept (sequence cleaned). */
  action: AppliedAction
}

export interface DeidentifyReport {
  profile: 'DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile'
  inputTransferSyntaxUid: string
  outputTransferSyntaxUid: string
  counts: {
    removed: number
    emptied: number
    replaced: number
    uidsReplaced: number
    privateRemoved: number
    kept: number
  }
  entries: ReportEntry[]
  warnings: string[]
  /** The new SOP Instance UID of the output, when the input had one. */
  sopInstanceUid?: string
}

export interface DeidentifyResult {
  bytes: Uint8Array
  report: DeidentifyReport
}

/** X/Z attributes where X is the conformant choice (see the module comment). */
const REMOVED_NOT_EMPTIED = new Set([0x00081110])
const SOP_CLASS_UID = 0x00080016
const SOP_INSTANCE_UID = 0x00080018
const MODALITY = 0x00080060
const BURNED_IN_ANNOTATION = 0x00280301
const MEDIA_STORAGE_SOP_CLASS_UID = 0x00020002
const MEDIA_STORAGE_SOP_INSTANCE_UID = 0x00020003
const TRANSFER_SYNTAX_UID = 0x00020010
const KEPT_META = new Set([0x00020001, 0x00020002, 0x00020003, 0x00020010, 0x00020012, 0x00020013])
const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7'

export const DEIDENTIFICATION_METHOD = 'DICOM PS3.15 Basic Profile (Tessera)'
const TEXT_VRS = new Set(['AE', 'LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT', 'UR', 'CS'])
const CLEAN_VRS = new Set(['AE', 'AS', 'DA', 'DT', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UT', 'UR'])
const encoder = new TextEncoder()

/** Resolves a Basic Profile action to the one applied (see the module comment). */
export function resolveAction(action: ProfileAction): AppliedAction {
  switch (action) {
    case 'X':
    case 'Z':
    case 'D':
    case 'U':
    case 'K':
      return action
    case 'C':
    case 'Z/D':
    case 'X/D':
    case 'X/Z/D':
      return 'D'
    case 'X/Z':
      return 'Z'
    case 'X/Z/U*':
      return 'U'
  }
}

function padded(text: string, pad: number): Uint8Array {
  const raw = encoder.encode(text)
  if (raw.length % 2 === 0) return raw
  const out = new Uint8Array(raw.length + 1)
  out.set(raw)
  out[raw.length] = pad
  return out
}

/** A dummy value consistent with the VR, or undefined when the VR is unknown. */
export function dummyValue(vr: string | undefined): Uint8Array | undefined {
  if (vr === undefined) return undefined
  if (TEXT_VRS.has(vr)) return padded('ANONYMIZED', 0x20)
  switch (vr) {
    case 'DA':
      return padded('19000101', 0x20)
    case 'TM':
      return padded('000000', 0x20)
    case 'DT':
      return padded('19000101000000', 0x20)
    case 'AS':
      return padded('000Y', 0x20)
    case 'DS':
    case 'IS':
      return padded('0', 0x20)
    case 'US':
    case 'SS':
    case 'OB':
    case 'OW':
    case 'UN':
      return new Uint8Array(2)
    case 'AT':
    case 'UL':
    case 'SL':
    case 'FL':
    case 'OF':
    case 'OL':
      return new Uint8Array(4)
    case 'FD':
    case 'OD':
    case 'SV':
    case 'UV':
    case 'OV':
      return new Uint8Array(8)
    default:
      return undefined
  }
}

async function hmacKey(key: Uint8Array | CryptoKeyLike): Promise<CryptoKeyLike> {
  if (key instanceof Uint8Array) {
    if (key.length === 0) throw new TypeError('uidKey must not be empty')
    return crypto.subtle.importKey('raw', new Uint8Array(key), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ])
  }
  return key
}

/** `2.25.` + the decimal value of the first 128 bits of HMAC-SHA-256(key, uid). */
export async function replacementUid(key: CryptoKeyLike, uid: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(uid)))
  let n = 0n
  for (let i = 0; i < 16; i++) n = (n << 8n) | BigInt(mac[i] as number)
  return `2.25.${n.toString(10)}`
}

class UidMapper {
  private cache = new Map<string, Promise<string>>()
  constructor(private readonly key: CryptoKeyLike) {}

  map(uid: string): Promise<string> {
    let p = this.cache.get(uid)
    if (!p) {
      p = replacementUid(this.key, uid)
      this.cache.set(uid, p)
    }
    return p
  }

  async mapValue(value: string): Promise<string> {
    const parts = await Promise.all(value.split('\\').map((u) => (u.trim() === '' ? u : this.map(u.trim()))))
    return parts.join('\\')
  }
}

function uidBytes(text: string): Uint8Array {
  return padded(text, 0x00)
}

interface Context {
  uids: UidMapper
  report: DeidentifyReport
}

function record(
  ctx: Context,
  el: DicomElement,
  path: string,
  keyword: string,
  profileAction: ReportEntry['profileAction'],
  action: AppliedAction
): void {
  ctx.report.entries.push({ tag: formatTag(el.tag), keyword, path, profileAction, action })
  const c = ctx.report.counts
  if (action === 'X') c.removed++
  else if (action === 'Z') c.emptied++
  else if (action === 'D') c.replaced++
  else if (action === 'U') c.uidsReplaced++
  else c.kept++
  if (profileAction === 'private') c.privateRemoved++
}

async function processItems(ctx: Context, el: DicomElement, path: string, clean: boolean): Promise<void> {
  const items = el.items as DicomItem[]
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as DicomItem
    item.elements = await processElements(ctx, item.elements, `${path}${formatTag(el.tag)}[${i}].`, clean)
  }
}

async function processElements(
  ctx: Context,
  elements: DicomElement[],
  path: string,
  clean: boolean
): Promise<DicomElement[]> {
  const out: DicomElement[] = []
  for (const el of elements) {
    const entry = profileEntryFor(el.tag)
    const trimmedPath = path.endsWith('.') ? path.slice(0, -1) : path
    if (isPrivateTag(el.tag)) {
      record(ctx, el, trimmedPath, 'PrivateAttribute', 'private', 'X')
      continue
    }
    if ((el.tag & 0xffff) === 0) {
      record(ctx, el, trimmedPath, 'GroupLength', 'group-length', 'X')
      continue
    }
    if (!entry) {
      if (el.vr === 'PN' && el.value && el.value.length > 0) {
        // Hardening beyond the table: a person name is identifying whatever attribute holds it.
        el.value = dummyValue('PN') as Uint8Array
        record(ctx, el, trimmedPath, 'PersonName', 'person-name', 'D')
        out.push(el)
        continue
      }
      if (el.items) {
        await processItems(ctx, el, path, clean)
      } else if (clean && !el.encapsulated) {
        if (el.vr === undefined) {
          record(ctx, el, trimmedPath, 'Unknown', 'clean', 'X')
          continue
        }
        if (el.vr === 'UI' && el.value) {
          el.value = uidBytes(await ctx.uids.mapValue(elementString(el) ?? ''))
          record(ctx, el, trimmedPath, 'UID', 'clean', 'U')
        } else if (CLEAN_VRS.has(el.vr) && el.value && el.value.length > 0) {
          el.value = dummyValue(el.vr) as Uint8Array
          record(ctx, el, trimmedPath, 'Text', 'clean', 'D')
        }
      }
      out.push(el)
      continue
    }
    const action = REMOVED_NOT_EMPTIED.has(el.tag) ? 'X' : resolveAction(entry.action)
    const vr = el.vr ?? entry.vr
    switch (action) {
      case 'X':
        record(ctx, el, trimmedPath, entry.keyword, entry.action, 'X')
        continue
      case 'Z':
        if (el.items) el.items = []
        else el.value = new Uint8Array(0)
        record(ctx, el, trimmedPath, entry.keyword, entry.action, 'Z')
        break
      case 'D':
        if (el.items) {
          await processItems(ctx, el, path, true)
        } else if (vr === 'UI') {
          el.value = uidBytes(await ctx.uids.mapValue(elementString(el) ?? ''))
        } else {
          const dummy = dummyValue(vr)
          if (!dummy) {
            record(ctx, el, trimmedPath, entry.keyword, entry.action, 'X')
            continue
          }
          el.value = dummy
        }
        record(ctx, el, trimmedPath, entry.keyword, entry.action, 'D')
        break
      case 'U':
        if (el.items) {
          await processItems(ctx, el, path, clean)
        } else if (el.value && el.value.length > 0) {
          el.value = uidBytes(await ctx.uids.mapValue(elementString(el) ?? ''))
        }
        record(ctx, el, trimmedPath, entry.keyword, entry.action, 'U')
        break
      case 'K':
        if (el.items) await processItems(ctx, el, path, clean)
        record(ctx, el, trimmedPath, entry.keyword, entry.action, 'K')
        break
    }
    out.push(el)
  }
  return out
}

function textElement(tag: number, vr: string, text: string): DicomElement {
  return { tag, vr, offset: 0, value: vr === 'UI' ? uidBytes(text) : padded(text, 0x20) }
}

function upsert(elements: DicomElement[], el: DicomElement): DicomElement[] {
  const rest = elements.filter((e) => e.tag !== el.tag)
  rest.push(el)
  return rest.sort((a, b) => a.tag - b.tag)
}

/** Reasons an image may carry burned-in identifying text. */
export function burnedInReasons(dataset: readonly DicomElement[], meta: readonly DicomElement[]): string[] {
  const reasons: string[] = []
  if (elementString(findElement(dataset, BURNED_IN_ANNOTATION))?.toUpperCase() === 'YES') {
    reasons.push('BurnedInAnnotation (0028,0301) is YES')
  }
  const modality = elementString(findElement(dataset, MODALITY))?.toUpperCase()
  if (modality === 'US')
    reasons.push('Modality (0008,0060) is US (ultrasound images usually carry burned-in text)')
  const sopClass =
    elementString(findElement(dataset, SOP_CLASS_UID)) ??
    elementString(findElement(meta, MEDIA_STORAGE_SOP_CLASS_UID))
  if (sopClass && (sopClass === SECONDARY_CAPTURE || sopClass.startsWith(`${SECONDARY_CAPTURE}.`))) {
    reasons.push(`SOP Class ${sopClass} is a Secondary Capture class`)
  }
  return reasons
}

/** A parsed file after the profile: what the writer needs, and how to treat elements read later. */
export interface DeidentifiedFile {
  meta: DicomElement[]
  dataset: DicomElement[]
  encoding: DataSetEncoding
  report: DeidentifyReport
  /** Applies the profile to more top-level elements (those after streamed pixel data), same UID map. */
  processMore(elements: DicomElement[]): Promise<DicomElement[]>
}

/**
 * Applies the Basic Profile to a parsed file (or to its header: the data set up to the pixel data).
 * Throws BurnedInAnnotationError when `burnedIn` is 'reject' (the default) and the image may carry
 * burned-in text.
 */
export async function deidentifyFile(file: DicomFile, options: DeidentifyOptions): Promise<DeidentifiedFile> {
  const warnings: string[] = []
  const reasons = burnedInReasons(file.dataset, file.meta)
  if (reasons.length > 0) {
    if ((options.burnedIn ?? 'reject') === 'reject') throw new BurnedInAnnotationError(reasons)
    warnings.push(
      ...reasons.map((r) => `Possible burned-in identifying text: ${r}. Pixel data was not altered.`)
    )
  }

  const encoding: DataSetEncoding = file.deflated ? EXPLICIT_LITTLE : file.encoding
  const outputTs = file.deflated ? TS.explicitLittle : file.transferSyntaxUid
  const report: DeidentifyReport = {
    profile: 'DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile',
    inputTransferSyntaxUid: file.transferSyntaxUid,
    outputTransferSyntaxUid: outputTs,
    counts: { removed: 0, emptied: 0, replaced: 0, uidsReplaced: 0, privateRemoved: 0, kept: 0 },
    entries: [],
    warnings,
  }
  const ctx: Context = { uids: new UidMapper(await hmacKey(options.uidKey)), report }

  let dataset = await processElements(ctx, file.dataset, '', false)
  dataset = upsert(dataset, textElement(0x00120062, 'CS', 'YES'))
  dataset = upsert(dataset, textElement(0x00120063, 'LO', DEIDENTIFICATION_METHOD))
  dataset = upsert(dataset, {
    tag: 0x00120064,
    vr: 'SQ',
    offset: 0,
    items: [
      {
        offset: 0,
        elements: [
          textElement(0x00080100, 'SH', '113100'),
          textElement(0x00080102, 'SH', 'DCM'),
          textElement(0x00080104, 'LO', 'Basic Application Confidentiality Profile'),
        ],
      },
    ],
  })

  const meta: DicomElement[] = []
  for (const el of file.meta) {
    if (!KEPT_META.has(el.tag)) {
      if (el.tag !== 0x00020000) record(ctx, el, '', 'FileMetaInformation', 'file-meta', 'X')
      continue
    }
    meta.push(el)
  }
  const sopInstance = elementString(findElement(dataset, SOP_INSTANCE_UID))
  if (sopInstance) report.sopInstanceUid = sopInstance
  const mediaEl = findElement(meta, MEDIA_STORAGE_SOP_INSTANCE_UID)
  if (mediaEl) {
    mediaEl.value = uidBytes(sopInstance ?? (await ctx.uids.mapValue(elementString(mediaEl) ?? '')))
    record(ctx, mediaEl, '', 'MediaStorageSOPInstanceUID', 'U', 'U')
  }
  const tsEl = findElement(meta, TRANSFER_SYNTAX_UID)
  if (tsEl) tsEl.value = uidBytes(outputTs)

  return {
    meta,
    dataset,
    encoding,
    report,
    processMore: (elements) => processElements(ctx, elements, '', false),
  }
}

/**
 * De-identifies a DICOM Part 10 file with the Basic Profile. Throws DicomParseError / DicomLimitError for
 * unreadable input, BurnedInAnnotationError when `burnedIn` is 'reject' (the default) and the image may
 * carry burned-in text.
 */
export async function deidentify(bytes: Uint8Array, options: DeidentifyOptions): Promise<DeidentifyResult> {
  const { meta, dataset, encoding, report } = await deidentifyFile(await parseDicom(bytes, options), options)
  const out = writeDicom({ preamble: new Uint8Array(128), meta, dataset, encoding })
  return { bytes: out, report }
}
