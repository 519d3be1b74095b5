/**
 * DICOM Part 10 writer for the structures of parser.ts.
 *
 * - File Meta Information in explicit VR little endian, (0002,0000) group length recomputed.
 * - Data set in the given encoding. Sequences and items are always written with undefined length and
 *   delimiters (valid in every transfer syntax, and no length needs recomputing after edits).
 * - Encapsulated pixel data is written back byte for byte.
 */
import { DicomParseError } from './errors.js'
import { EXPLICIT_LITTLE, ITEM, ITEM_DELIMITER, LONG_VRS, SEQUENCE_DELIMITER, hexTag } from './parser.js'
import type { DataSetEncoding, DicomElement } from './parser.js'

const UNDEFINED = 0xffffffff

class Sink {
  private chunks: Uint8Array[] = []
  size = 0

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    this.chunks.push(chunk)
    this.size += chunk.length
  }

  header(enc: DataSetEncoding, tag: number, vr: string | undefined, length: number): void {
    const long = vr !== undefined && LONG_VRS.has(vr)
    const size = enc.explicitVr && vr !== undefined ? (long ? 12 : 8) : 8
    const b = new Uint8Array(size)
    const v = new DataView(b.buffer)
    v.setUint16(0, tag >>> 16, enc.littleEndian)
    v.setUint16(2, tag & 0xffff, enc.littleEndian)
    if (enc.explicitVr && vr !== undefined) {
      b[4] = vr.charCodeAt(0)
      b[5] = vr.charCodeAt(1)
      if (long) {
        v.setUint32(8, length, enc.littleEndian)
      } else {
        if (length > 0xffff) throw new DicomParseError(`Value of ${hexTag(tag)} too long for VR ${vr}`, 0)
        v.setUint16(6, length, enc.littleEndian)
      }
    } else {
      v.setUint32(4, length, enc.littleEndian)
    }
    this.push(b)
  }

  /** A tag with a 32-bit length and no VR (items and delimiters). */
  marker(enc: DataSetEncoding, tag: number, length: number): void {
    this.header({ explicitVr: false, littleEndian: enc.littleEndian }, tag, undefined, length)
  }

  concat(): Uint8Array {
    const out = new Uint8Array(this.size)
    let at = 0
    for (const c of this.chunks) {
      out.set(c, at)
      at += c.length
    }
    return out
  }
}

function writeElements(sink: Sink, elements: readonly DicomElement[], enc: DataSetEncoding): void {
  for (const el of elements) writeElement(sink, el, enc)
}

function writeElement(sink: Sink, el: DicomElement, enc: DataSetEncoding): void {
  if (enc.explicitVr && el.vr === undefined) {
    throw new DicomParseError(`No VR known for ${hexTag(el.tag)} in an explicit VR data set`, el.offset)
  }
  if (el.items) {
    const vr = el.unSequence ? 'UN' : 'SQ'
    const inner = el.unSequence ? { explicitVr: false, littleEndian: true } : enc
    sink.header(enc, el.tag, vr, UNDEFINED)
    for (const item of el.items) {
      sink.marker(inner, ITEM, UNDEFINED)
      writeElements(sink, item.elements, inner)
      sink.marker(inner, ITEM_DELIMITER, 0)
    }
    sink.marker(inner, SEQUENCE_DELIMITER, 0)
    return
  }
  const value = el.value ?? new Uint8Array(0)
  if (el.encapsulated) {
    sink.header(enc, el.tag, el.vr, UNDEFINED)
    sink.push(value)
    return
  }
  sink.header(enc, el.tag, el.vr, value.length)
  sink.push(value)
}

export interface WritableDicom {
  preamble: Uint8Array
  meta: readonly DicomElement[]
  dataset: readonly DicomElement[]
  /** Encoding of the written data set (must match the Transfer Syntax UID in `meta`). */
  encoding: DataSetEncoding
}

/** Serialises a Part 10 file: preamble, "DICM", File Meta Information with a fresh group length, data set. */
export function writeDicom(file: WritableDicom): Uint8Array {
  const metaSink = new Sink()
  writeElements(
    metaSink,
    file.meta.filter((e) => e.tag !== 0x00020000),
    EXPLICIT_LITTLE
  )
  const out = new Sink()
  const head = new Uint8Array(132)
  head.set(file.preamble.subarray(0, 128))
  head.set([0x44, 0x49, 0x43, 0x4d], 128)
  out.push(head)
  const groupLength = new Uint8Array(4)
  new DataView(groupLength.buffer).setUint32(0, metaSink.size, true)
  out.header(EXPLICIT_LITTLE, 0x00020000, 'UL', 4)
  out.push(groupLength)
  out.push(metaSink.concat())
  writeElements(out, file.dataset, file.encoding)
  return out.concat()
}

/** Serialises data elements alone (no preamble or meta), e.g. those after streamed pixel data. */
export function writeDataSet(elements: readonly DicomElement[], encoding: DataSetEncoding): Uint8Array {
  const sink = new Sink()
  writeElements(sink, elements, encoding)
  return sink.concat()
}

/** The header of an element whose value follows separately (`length` 0xFFFFFFFF for undefined). */
export function elementHeader(
  encoding: DataSetEncoding,
  tag: number,
  vr: string | undefined,
  length: number
): Uint8Array {
  const sink = new Sink()
  sink.header(encoding, tag, vr, length)
  return sink.concat()
}
