// De-identification before an image leaves the browser: the one adapter the element talks to.
//
// `@tessera/dicom-deid` (the same code the server runs) is loaded on first use with a dynamic import, so the
// upload bundle stays small until someone adds a file: DICOM gets the PS3.15 Basic Profile, PNG and JPEG lose
// their metadata (EXIF, text chunks…). The member sees the report before pressing Send, and what is sent is
// the cleaned bytes. The server de-identifies again on arrival either way.
import type { ImageKind } from './detect.js'

/** What the member is shown before confirming, and what will be sent. */
export interface PreparedImage {
  /** The bytes to send. */
  body: Blob
  /** Where identifying data is removed: here (before sending), or by the server after upload. */
  where: 'browser' | 'server'
  /** What was removed (DICOM attribute keywords, image metadata blocks). */
  removed: string[]
  warnings: string[]
}

export interface Deidentifier {
  /** Rejects with a DeidRefusal when the file must not be sent. */
  prepare(file: Blob, kind: ImageKind): Promise<PreparedImage>
}

export type RefusalReason = 'burned-in' | 'unreadable' | 'too-large'

/** The file cannot be de-identified here, so it is not sent. */
export class DeidRefusal extends Error {
  override readonly name = 'DeidRefusal'
  readonly reason: RefusalReason
  constructor(reason: RefusalReason, options?: { cause?: unknown }) {
    super(`De-identification refused the file: ${reason}`, options)
    this.reason = reason
  }
}

function refusalFor(error: unknown): DeidRefusal {
  const code = (error as { code?: unknown } | null)?.code
  const reason: RefusalReason =
    code === 'DICOM_BURNED_IN'
      ? 'burned-in'
      : code === 'DICOM_LIMIT' || code === 'IMAGE_LIMIT'
        ? 'too-large'
        : 'unreadable'
  return new DeidRefusal(reason, { cause: error })
}

// One key per browser tab (kept in sessionStorage, gone with the tab): files of one study keep
// consistent (but new, unlinkable) UIDs, and a file picked again after a reload de-identifies to the
// same bytes, so its upload can resume.
const UID_KEY_STORAGE = 'tessera.deid-uid-key'
let uidKey: Uint8Array | undefined

function tabUidKey(): Uint8Array {
  if (uidKey) return uidKey
  const stored = globalThis.sessionStorage?.getItem(UID_KEY_STORAGE)
  if (stored && /^[0-9a-f]{64}$/.test(stored)) {
    uidKey = new Uint8Array(stored.match(/../g)!.map((h) => parseInt(h, 16)))
  } else {
    uidKey = crypto.getRandomValues(new Uint8Array(32))
    globalThis.sessionStorage?.setItem(
      UID_KEY_STORAGE,
      [...uidKey].map((b) => b.toString(16).padStart(2, '0')).join('')
    )
  }
  return uidKey
}

const blob = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>])

/** Runs `@tessera/dicom-deid` in the browser. */
export const browserDeidentifier: Deidentifier = {
  async prepare(file, kind) {
    const deid = await import('@tessera/dicom-deid')
    const bytes = new Uint8Array(await file.arrayBuffer())
    try {
      if (kind === 'dicom') {
        // Images that may carry identifying text in their pixels are refused: the profile cannot clean them.
        const out = await deid.deidentify(bytes, { uidKey: tabUidKey(), burnedIn: 'reject' })
        const removed = out.report.entries.filter((e) => e.action !== 'K').map((e) => e.keyword || e.tag)
        return { body: blob(out.bytes), where: 'browser', removed: [...new Set(removed)], warnings: [] }
      }
      const out = deid.stripImageMetadata(bytes)
      return { body: blob(out.bytes), where: 'browser', removed: out.removed, warnings: [] }
    } catch (error) {
      throw refusalFor(error)
    }
  },
}

/** Sends the original bytes and leaves de-identification to the server (for tests of the transport). */
export const serverSideDeidentifier: Deidentifier = {
  async prepare(file) {
    return { body: file, where: 'server', removed: [], warnings: [] }
  },
}

export const defaultDeidentifier: Deidentifier = browserDeidentifier
