// What kind of image a file is, from its first bytes only: never from the name or the browser's guess.
// DICOM Part 10 files carry `DICM` at byte 128 (after a 128-byte preamble), with or without `.dcm`.

export type ImageKind = 'dicom' | 'png' | 'jpeg'

/** The Content-Type the upload endpoint expects for each kind. */
export const CONTENT_TYPES: Record<ImageKind, string> = {
  dicom: 'application/dicom',
  png: 'image/png',
  jpeg: 'image/jpeg',
}

/** Bytes needed to tell the kinds apart (DICOM's magic ends at byte 132). */
export const SNIFF_BYTES = 132

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const JPEG = [0xff, 0xd8, 0xff]
const DICM = [0x44, 0x49, 0x43, 0x4d]

const startsWith = (bytes: Uint8Array, magic: number[], at = 0) =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b)

/** The kind of image these leading bytes belong to, or undefined. */
export function kindOfBytes(bytes: Uint8Array): ImageKind | undefined {
  if (startsWith(bytes, DICM, 128)) return 'dicom'
  if (startsWith(bytes, PNG)) return 'png'
  if (startsWith(bytes, JPEG)) return 'jpeg'
  return undefined
}

/** Reads only the first 132 bytes of `file` (Blob.slice) and tells its kind. */
export async function detectKind(file: Blob): Promise<ImageKind | undefined> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer())
  return kindOfBytes(head)
}
