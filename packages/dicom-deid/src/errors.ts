/** Base class of every error this package throws on purpose. */
export class DicomDeidError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.name = new.target.name
    this.code = code
  }
}

/** The input is not a DICOM Part 10 file this package can read: truncated, malformed, or unsupported. */
export class DicomParseError extends DicomDeidError {
  /** Byte offset in the input (or in the inflated data set for deflated files) where the problem was found. */
  readonly offset: number
  constructor(message: string, offset: number, code = 'DICOM_PARSE') {
    super(code, `${message} (at byte offset ${offset})`)
    this.offset = offset
  }
}

/** A declared size (pixel data, inflated data set) exceeds a configured limit: a decompression-bomb guard. */
export class DicomLimitError extends DicomParseError {
  readonly limit: number
  readonly actual: number
  constructor(message: string, offset: number, limit: number, actual: number) {
    super(`${message}: ${actual} bytes exceeds the limit of ${limit} bytes`, offset, 'DICOM_LIMIT')
    this.limit = limit
    this.actual = actual
  }
}

/** The image may carry identifying text burned into its pixels, which the Basic Profile cannot remove. */
export class BurnedInAnnotationError extends DicomDeidError {
  readonly reasons: readonly string[]
  constructor(reasons: readonly string[]) {
    super(
      'DICOM_BURNED_IN',
      `Image may contain burned-in identifying annotations (${reasons.join('; ')}); rejected`
    )
    this.reasons = reasons
  }
}

/** A PNG or JPEG that cannot be read: truncated, malformed, bad CRC, or over a size limit. */
export class ImageFormatError extends DicomDeidError {
  readonly offset: number
  constructor(message: string, offset: number, code = 'IMAGE_FORMAT') {
    super(code, `${message} (at byte offset ${offset})`)
    this.offset = offset
  }
}

export class ImageLimitError extends ImageFormatError {
  constructor(message: string, offset: number) {
    super(message, offset, 'IMAGE_LIMIT')
  }
}
