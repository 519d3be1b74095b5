/**
 * Decoding of an upload's bytes (DICOM Part 10, PNG, JPEG) into stored pixel values for inference.
 *
 * DICOM: native (uncompressed) pixel data in implicit VR little endian, explicit VR little endian, explicit VR
 * big endian (retired) and deflated explicit VR little endian (inflated by the parser); encapsulated
 * uncompressed; RLE Lossless (PS3.5 Annex G, decoded here). Every other encapsulated transfer syntax (JPEG,
 * JPEG-LS, JPEG 2000, HTJ2K, MPEG, …) is refused with an error naming it. Bits Allocated 8, 16 and 32 with Bits
 * Stored / High Bit masking and sign extension; MONOCHROME1, MONOCHROME2, RGB and YBR_FULL (converted to RGB),
 * planar configuration 0 and 1. PALETTE COLOR and subsampled YBR are refused.
 *
 * Multi-frame DICOM: one frame is decoded (by default the middle one, which in a volume is the slice most
 * likely to show anatomy), and only that frame's bytes are touched, so an RLE frame elsewhere in the file is
 * never decompressed. `frame: 'all'` decodes every frame.
 *
 * PNG through pngjs, JPEG through jpeg-js. Before any decoder allocates, the declared dimensions (DICOM Rows ×
 * Columns × Samples × Frames × Bits, PNG IHDR, JPEG SOF) are checked against limits, so a decompression bomb
 * fails fast with `too_large`.
 *
 * `data` holds the *stored* values (before the modality rescale, which preprocessing applies) as float32,
 * frame-major, samples interleaved (R, G, B) for colour.
 */
import { inflateSync } from 'node:zlib'
import { PNG } from 'pngjs'
import { decode as decodeJpegBytes } from 'jpeg-js'
import {
  DicomLimitError,
  DicomParseError,
  TS,
  TRUNCATED,
  detectFormat,
  elementString,
  findElement,
  parseDicom,
  type DicomElement,
  type DicomFile,
} from '@tessera/dicom-deid'

export type ImageFormat = 'dicom' | 'png' | 'jpeg'
export type Photometric = 'MONOCHROME1' | 'MONOCHROME2' | 'RGB'
/** VOI LUT Function (0028,1056), PS3.3 C.11.2.1.3. */
export type VoiLutFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID'

export interface DecodedImage {
  format: ImageFormat
  width: number
  height: number
  /** Frames held in `data`: 1 unless every frame was asked for. */
  frames: number
  /** Frames in the file (DICOM Number of Frames; 1 for PNG and JPEG). */
  frameCount: number
  /** Index in the file of the first frame held in `data`. */
  firstFrame: number
  samplesPerPixel: 1 | 3
  /** Stored values as float32: frame-major, rows top to bottom, samples interleaved for colour. */
  data: Float32Array
  modality?: string
  /** Modality LUT (PS3.3 C.11.1): output = stored × slope + intercept. 1 and 0 when absent. */
  rescaleSlope: number
  rescaleIntercept: number
  /** The file's first VOI window, in modality (rescaled) units; absent for PNG/JPEG or when not given. */
  windowCenter?: number
  windowWidth?: number
  voiLutFunction: VoiLutFunction
  /** YBR_FULL is converted to RGB while decoding, so colour is always RGB. */
  photometric: Photometric
  /** Row spacing, column spacing in mm (the DICOM Pixel Spacing order). */
  pixelSpacing?: [number, number]
  /** Range the stored values can take (e.g. [-2048, 2047] for 12-bit signed, [0, 255] for 8-bit PNG). */
  storedRange: [number, number]
  transferSyntaxUid?: string
}

export type ImageDecodeErrorCode =
  | 'not_an_image'
  | 'corrupt_image'
  | 'unsupported_transfer_syntax'
  | 'unsupported_photometric'
  | 'unsupported_pixel_format'
  | 'truncated_pixel_data'
  | 'too_large'
  | 'frame_out_of_range'

/** The bytes cannot be decoded into pixels; `message` is a reason fit to show to the uploader. */
export class ImageDecodeError extends Error {
  readonly code: ImageDecodeErrorCode
  /** For `unsupported_transfer_syntax`: the UID and its name. */
  readonly transferSyntax?: { uid: string; name: string }
  constructor(
    code: ImageDecodeErrorCode,
    reason: string,
    options: { cause?: unknown; transferSyntax?: { uid: string; name: string } } = {}
  ) {
    super(reason, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ImageDecodeError'
    this.code = code
    if (options.transferSyntax) this.transferSyntax = options.transferSyntax
  }

  get reason(): string {
    return this.message
  }
}

export interface DecodeOptions {
  /** Frame of a multi-frame DICOM: a 0-based index, 'first', 'middle' (default) or 'all'. */
  frame?: number | 'first' | 'middle' | 'all'
  /** Maximum width × height of one frame. */
  maxPixels?: number
  /** Maximum declared DICOM pixel data: Rows × Columns × Samples × Frames × Bits Allocated / 8. */
  maxPixelDataBytes?: number
  /** Maximum size of the decoded float32 output. */
  maxDecodedBytes?: number
}

export const DECODE_LIMITS = {
  maxPixels: 50_000_000,
  maxPixelDataBytes: 1024 * 1024 * 1024,
  maxDecodedBytes: 512 * 1024 * 1024,
} as const

type Limits = { maxPixels: number; maxPixelDataBytes: number; maxDecodedBytes: number }

/** Decodes a DICOM Part 10 file, a PNG or a JPEG, recognised by its signature. */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodedImage> {
  const limits: Limits = {
    maxPixels: options.maxPixels ?? DECODE_LIMITS.maxPixels,
    maxPixelDataBytes: options.maxPixelDataBytes ?? DECODE_LIMITS.maxPixelDataBytes,
    maxDecodedBytes: options.maxDecodedBytes ?? DECODE_LIMITS.maxDecodedBytes,
  }
  const format = detectFormat(bytes)
  if (format === 'dicom') return decodeDicom(bytes, options.frame ?? 'middle', limits)
  // PNG and JPEG have a single frame: an index other than 0 is as wrong as for a one-frame DICOM.
  if (format && typeof options.frame === 'number') selectFrames(options.frame, 1)
  if (format === 'png') return decodePng(bytes, limits)
  if (format === 'jpeg') return decodeJpeg(bytes, limits)
  throw new ImageDecodeError(
    'not_an_image',
    bytes.length === 0 ? 'The file is empty.' : 'The file is not a DICOM Part 10 file, a PNG or a JPEG.'
  )
}

// ---------------------------------------------------------------------------------------------------------
// DICOM

const TAG = {
  modality: 0x00080060,
  imagerPixelSpacing: 0x00181164,
  samplesPerPixel: 0x00280002,
  photometric: 0x00280004,
  planarConfiguration: 0x00280006,
  numberOfFrames: 0x00280008,
  rows: 0x00280010,
  columns: 0x00280011,
  pixelSpacing: 0x00280030,
  bitsAllocated: 0x00280100,
  bitsStored: 0x00280101,
  highBit: 0x00280102,
  pixelRepresentation: 0x00280103,
  windowCenter: 0x00281050,
  windowWidth: 0x00281051,
  rescaleIntercept: 0x00281052,
  rescaleSlope: 0x00281053,
  voiLutFunction: 0x00281056,
  pixelMeasures: 0x00289110,
  frameVoiLut: 0x00289132,
  pixelValueTransformation: 0x00289145,
  sharedFunctionalGroups: 0x52009229,
  perFrameFunctionalGroups: 0x52009230,
  floatPixelData: 0x7fe00008,
  doubleFloatPixelData: 0x7fe00009,
  pixelData: 0x7fe00010,
} as const

const RLE_LOSSLESS = '1.2.840.10008.1.2.5'
const ENCAPSULATED_UNCOMPRESSED = '1.2.840.10008.1.2.1.98'

/** PS3.6 Table A-1 names, for readable refusals. */
const TRANSFER_SYNTAX_NAMES: Readonly<Record<string, string>> = {
  [TS.implicitLittle]: 'Implicit VR Little Endian',
  [TS.explicitLittle]: 'Explicit VR Little Endian',
  [ENCAPSULATED_UNCOMPRESSED]: 'Encapsulated Uncompressed Explicit VR Little Endian',
  [TS.deflatedExplicitLittle]: 'Deflated Explicit VR Little Endian',
  [TS.explicitBig]: 'Explicit VR Big Endian',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline (Process 1)',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (Process 2 & 4)',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless, Non-Hierarchical (Process 14)',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 SV1)',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Lossy (Near-Lossless)',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Image Compression (Lossless Only)',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000 Image Compression',
  '1.2.840.10008.1.2.4.92': 'JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)',
  '1.2.840.10008.1.2.4.93': 'JPEG 2000 Part 2 Multi-component Image Compression',
  '1.2.840.10008.1.2.4.94': 'JPIP Referenced',
  '1.2.840.10008.1.2.4.95': 'JPIP Referenced Deflate',
  '1.2.840.10008.1.2.4.100': 'MPEG2 Main Profile / Main Level',
  '1.2.840.10008.1.2.4.101': 'MPEG2 Main Profile / High Level',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264 High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.103': 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.104': 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video',
  '1.2.840.10008.1.2.4.105': 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video',
  '1.2.840.10008.1.2.4.106': 'MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2',
  '1.2.840.10008.1.2.4.107': 'HEVC/H.265 Main Profile / Level 5.1',
  '1.2.840.10008.1.2.4.108': 'HEVC/H.265 Main 10 Profile / Level 5.1',
  '1.2.840.10008.1.2.4.110': 'JPEG XL Lossless',
  '1.2.840.10008.1.2.4.111': 'JPEG XL JPEG Recompression',
  '1.2.840.10008.1.2.4.112': 'JPEG XL',
  '1.2.840.10008.1.2.4.201': 'High-Throughput JPEG 2000 Image Compression (Lossless Only)',
  '1.2.840.10008.1.2.4.202': 'High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)',
  '1.2.840.10008.1.2.4.203': 'High-Throughput JPEG 2000 Image Compression',
  [RLE_LOSSLESS]: 'RLE Lossless',
  '1.2.840.10008.1.2.8.1': 'Deflated Image Frame Compression',
}

type Codec = 'native' | 'rle' | 'encapsulated-native'

function codecFor(uid: string): Codec {
  switch (uid) {
    case TS.implicitLittle:
    case TS.explicitLittle:
    case TS.explicitBig:
    case TS.deflatedExplicitLittle:
      return 'native'
    case RLE_LOSSLESS:
      return 'rle'
    case ENCAPSULATED_UNCOMPRESSED:
      return 'encapsulated-native'
  }
  const name = TRANSFER_SYNTAX_NAMES[uid] ?? 'an unknown transfer syntax'
  throw new ImageDecodeError(
    'unsupported_transfer_syntax',
    `The DICOM pixel data is compressed as ${name} (${uid}), which cannot be decoded here; ` +
      'supported are uncompressed (implicit/explicit VR, deflated) and RLE Lossless.',
    { transferSyntax: { uid, name } }
  )
}

/** The pixel module attributes that decide how stored bytes become values. */
interface PixelFormat {
  rows: number
  columns: number
  samples: 1 | 3
  bitsAllocated: 8 | 16 | 32
  bitsStored: number
  highBit: number
  signed: boolean
  /** 1: colour planes one after the other (RRR…GGG…BBB…); 0: interleaved. */
  planar: 0 | 1
  littleEndian: boolean
  /** Stored photometric interpretation. */
  photometric: 'MONOCHROME1' | 'MONOCHROME2' | 'RGB' | 'YBR_FULL'
}

async function decodeDicom(
  bytes: Uint8Array,
  frameChoice: NonNullable<DecodeOptions['frame']>,
  limits: Limits
): Promise<DecodedImage> {
  let file: DicomFile
  try {
    file = await parseDicom(bytes, {
      maxPixelBytes: limits.maxPixelDataBytes,
      maxInflatedBytes: limits.maxPixelDataBytes + 64 * 1024 * 1024,
    })
  } catch (error) {
    throw fromParseError(error)
  }
  const codec = codecFor(file.transferSyntaxUid)
  const ds = file.dataset
  const le = file.encoding.littleEndian

  const pixelElement = findElement(ds, TAG.pixelData)
  if (!pixelElement) {
    if (findElement(ds, TAG.floatPixelData) || findElement(ds, TAG.doubleFloatPixelData)) {
      throw new ImageDecodeError(
        'unsupported_pixel_format',
        'Float Pixel Data (7FE0,0008/0009) is not supported.'
      )
    }
    throw new ImageDecodeError(
      'not_an_image',
      'The DICOM file has no Pixel Data (7FE0,0010): it is not an image.'
    )
  }

  const format = pixelFormat(ds, le)
  const frameCount = integerString(findElement(ds, TAG.numberOfFrames)) ?? 1
  if (frameCount < 1) {
    throw new ImageDecodeError('corrupt_image', `Number of Frames (0028,0008) is ${frameCount}.`)
  }
  const pixels = format.rows * format.columns
  const bytesPerSample = format.bitsAllocated / 8
  const frameBytes = pixels * format.samples * bytesPerSample
  // Decompression-bomb guards, from the header alone and before any allocation.
  if (pixels > limits.maxPixels) {
    throw tooLarge(`${format.columns} × ${format.rows} pixels per frame`, `${limits.maxPixels} pixels`)
  }
  if (frameBytes * frameCount > limits.maxPixelDataBytes) {
    throw tooLarge(
      `${format.columns} × ${format.rows} pixels × ${format.samples} samples × ${frameCount} frames × ` +
        `${format.bitsAllocated} bits = ${frameBytes * frameCount} bytes of pixel data`,
      `${limits.maxPixelDataBytes} bytes`
    )
  }
  const [first, count] = selectFrames(frameChoice, frameCount)
  const outSamples = pixels * format.samples
  if (outSamples * count * 4 > limits.maxDecodedBytes) {
    throw tooLarge(`${outSamples * count * 4} bytes of decoded pixels`, `${limits.maxDecodedBytes} bytes`)
  }

  const data = new Float32Array(outSamples * count)
  if (codec === 'native') {
    if (pixelElement.encapsulated || !pixelElement.value) {
      throw new ImageDecodeError(
        'corrupt_image',
        'Pixel Data is encapsulated but the transfer syntax is native.'
      )
    }
    const value = pixelElement.value
    const needed = frameBytes * frameCount
    if (value.length < needed) {
      throw new ImageDecodeError(
        'truncated_pixel_data',
        `Pixel Data holds ${value.length} bytes but ${format.columns} columns × ${format.rows} rows × ` +
          `${format.samples} samples × ${format.bitsAllocated} bits × ${frameCount} frames need ${needed}.`
      )
    }
    // A retired big-endian file may carry 8-bit samples in OW words, whose byte pairs are then swapped.
    const swapPairs = !le && format.bitsAllocated === 8 && pixelElement.vr === 'OW'
    for (let f = 0; f < count; f++) {
      const start = (first + f) * frameBytes
      const frame = swapPairs
        ? swappedPairs(value, start, start + frameBytes)
        : value.subarray(start, start + frameBytes)
      storedToFloat(frame, format, data, f * outSamples)
    }
  } else {
    if (!pixelElement.encapsulated || !pixelElement.value) {
      throw new ImageDecodeError(
        'corrupt_image',
        'The transfer syntax is encapsulated but Pixel Data is not.'
      )
    }
    const fragments = readFragments(pixelElement.value, pixelElement.offset)
    for (let f = 0; f < count; f++) {
      const encoded = frameFragment(fragments, first + f, frameCount)
      if (codec === 'rle') {
        const native = decodeRleFrame(encoded, pixels, format.samples, bytesPerSample, first + f)
        // RLE segments are always colour-by-plane and most significant byte first; the decoder reassembles them
        // as little-endian interleaved samples whatever Planar Configuration says.
        storedToFloat(native, { ...format, planar: 0, littleEndian: true }, data, f * outSamples)
      } else {
        if (encoded.length < frameBytes) {
          throw new ImageDecodeError(
            'truncated_pixel_data',
            `Frame ${first + f} holds ${encoded.length} bytes; ${frameBytes} are needed.`
          )
        }
        storedToFloat(
          encoded.subarray(0, frameBytes),
          { ...format, littleEndian: true },
          data,
          f * outSamples
        )
      }
    }
  }
  if (format.photometric === 'YBR_FULL') ybrFullToRgb(data, format.bitsStored)

  const attributes = frameAttributes(ds, first)
  const hasWindow = attributes.windowWidth !== undefined && attributes.windowCenter !== undefined
  const image: DecodedImage = {
    format: 'dicom',
    width: format.columns,
    height: format.rows,
    frames: count,
    frameCount,
    firstFrame: first,
    samplesPerPixel: format.samples,
    data,
    rescaleSlope: attributes.rescaleSlope,
    rescaleIntercept: attributes.rescaleIntercept,
    voiLutFunction: attributes.voiLutFunction,
    photometric: format.photometric === 'YBR_FULL' ? 'RGB' : format.photometric,
    storedRange: storedRange(format.bitsStored, format.signed),
    transferSyntaxUid: file.transferSyntaxUid,
  }
  const modality = elementString(findElement(ds, TAG.modality))?.trim()
  if (modality) image.modality = modality
  if (hasWindow) {
    image.windowCenter = attributes.windowCenter
    image.windowWidth = attributes.windowWidth
  }
  if (attributes.pixelSpacing) image.pixelSpacing = attributes.pixelSpacing
  return image
}

function fromParseError(error: unknown): unknown {
  if (error instanceof DicomLimitError) {
    return new ImageDecodeError('too_large', `The DICOM image is too large: ${error.message}.`, {
      cause: error,
    })
  }
  if (error instanceof DicomParseError) {
    if (error.code === 'DICOM_NOT_DICOM') {
      return new ImageDecodeError('not_an_image', `Not a DICOM file: ${error.message}.`, { cause: error })
    }
    // Cut short (the parser's DICOM_TRUNCATED) inside the pixels: its message names the element or the fragments.
    if (error.code === TRUNCATED && /\(7FE0,0010\)|pixel data|fragment/i.test(error.message)) {
      return new ImageDecodeError(
        'truncated_pixel_data',
        `The DICOM pixel data is truncated: ${error.message}.`,
        {
          cause: error,
        }
      )
    }
    return new ImageDecodeError('corrupt_image', `The DICOM file is malformed: ${error.message}.`, {
      cause: error,
    })
  }
  return error
}

function tooLarge(what: string, limit: string): ImageDecodeError {
  return new ImageDecodeError('too_large', `The image is too large: ${what} exceeds the limit of ${limit}.`)
}

function selectFrames(choice: NonNullable<DecodeOptions['frame']>, frameCount: number): [number, number] {
  if (choice === 'all') return [0, frameCount]
  if (choice === 'first') return [0, 1]
  if (choice === 'middle') return [Math.floor(frameCount / 2), 1]
  if (!Number.isInteger(choice) || choice < 0 || choice >= frameCount) {
    throw new ImageDecodeError(
      'frame_out_of_range',
      `Frame ${choice} was asked for but the image has ${frameCount} frame${frameCount === 1 ? '' : 's'}.`
    )
  }
  return [choice, 1]
}

function pixelFormat(ds: readonly DicomElement[], le: boolean): PixelFormat {
  const rows = u16(findElement(ds, TAG.rows), le)
  const columns = u16(findElement(ds, TAG.columns), le)
  if (!rows || !columns) {
    throw new ImageDecodeError('corrupt_image', 'Rows (0028,0010) or Columns (0028,0011) is missing or zero.')
  }
  const samples = u16(findElement(ds, TAG.samplesPerPixel), le) ?? 1
  const bitsAllocated = u16(findElement(ds, TAG.bitsAllocated), le)
  if (bitsAllocated === undefined) {
    throw new ImageDecodeError('corrupt_image', 'Bits Allocated (0028,0100) is missing.')
  }
  if (bitsAllocated !== 8 && bitsAllocated !== 16 && bitsAllocated !== 32) {
    throw new ImageDecodeError(
      'unsupported_pixel_format',
      `Bits Allocated ${bitsAllocated} is not supported (8, 16 or 32 are).`
    )
  }
  const bitsStored = u16(findElement(ds, TAG.bitsStored), le) ?? bitsAllocated
  const highBit = u16(findElement(ds, TAG.highBit), le) ?? bitsStored - 1
  if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
    throw new ImageDecodeError(
      'corrupt_image',
      `Bits Stored ${bitsStored} and High Bit ${highBit} do not fit in Bits Allocated ${bitsAllocated}.`
    )
  }
  const representation = u16(findElement(ds, TAG.pixelRepresentation), le) ?? 0
  if (representation !== 0 && representation !== 1) {
    throw new ImageDecodeError('corrupt_image', `Pixel Representation ${representation} is neither 0 nor 1.`)
  }
  const photometricText = elementString(findElement(ds, TAG.photometric))?.trim().toUpperCase()
  const photometric = photometricText || (samples === 1 ? 'MONOCHROME2' : '')
  if (photometric === 'MONOCHROME1' || photometric === 'MONOCHROME2') {
    if (samples !== 1) {
      throw new ImageDecodeError('corrupt_image', `${photometric} with ${samples} samples per pixel.`)
    }
  } else if (photometric === 'RGB' || photometric === 'YBR_FULL') {
    if (samples !== 3) {
      throw new ImageDecodeError('corrupt_image', `${photometric} with ${samples} samples per pixel.`)
    }
  } else {
    throw new ImageDecodeError(
      'unsupported_photometric',
      `Photometric Interpretation ${photometric || '(missing)'} is not supported ` +
        '(MONOCHROME1, MONOCHROME2, RGB and YBR_FULL are).'
    )
  }
  const planar = samples === 3 ? (u16(findElement(ds, TAG.planarConfiguration), le) ?? 0) : 0
  if (planar !== 0 && planar !== 1) {
    throw new ImageDecodeError('corrupt_image', `Planar Configuration ${planar} is neither 0 nor 1.`)
  }
  return {
    rows,
    columns,
    samples,
    bitsAllocated,
    bitsStored,
    highBit,
    signed: representation === 1,
    planar,
    littleEndian: le,
    photometric,
  }
}

/** Rescale, window and spacing for one frame: per-frame functional group, shared group, then top level. */
function frameAttributes(
  ds: readonly DicomElement[],
  frame: number
): {
  rescaleSlope: number
  rescaleIntercept: number
  windowCenter?: number
  windowWidth?: number
  voiLutFunction: VoiLutFunction
  pixelSpacing?: [number, number]
} {
  const perFrame = findElement(ds, TAG.perFrameFunctionalGroups)?.items?.[frame]?.elements
  const shared = findElement(ds, TAG.sharedFunctionalGroups)?.items?.[0]?.elements
  const lookup = (macro: number, tag: number): DicomElement | undefined => {
    for (const group of [perFrame, shared]) {
      const item = group && findElement(group, macro)?.items?.[0]?.elements
      const element = item && findElement(item, tag)
      if (element) return element
    }
    return findElement(ds, tag)
  }
  const slope = firstNumber(lookup(TAG.pixelValueTransformation, TAG.rescaleSlope))
  const intercept = firstNumber(lookup(TAG.pixelValueTransformation, TAG.rescaleIntercept))
  const center = firstNumber(lookup(TAG.frameVoiLut, TAG.windowCenter))
  const width = firstNumber(lookup(TAG.frameVoiLut, TAG.windowWidth))
  const fn = elementString(lookup(TAG.frameVoiLut, TAG.voiLutFunction))?.trim().toUpperCase()
  const voiLutFunction: VoiLutFunction = fn === 'LINEAR_EXACT' || fn === 'SIGMOID' ? fn : 'LINEAR'
  const spacing =
    numbers(lookup(TAG.pixelMeasures, TAG.pixelSpacing)) ?? numbers(findElement(ds, TAG.imagerPixelSpacing))
  // A zero or unreadable slope would erase the image; such files exist, and the identity is the safer reading.
  const result: ReturnType<typeof frameAttributes> = {
    rescaleSlope: slope !== undefined && slope !== 0 ? slope : 1,
    rescaleIntercept: intercept ?? 0,
    voiLutFunction,
  }
  // LINEAR needs a width of at least 1 (PS3.3 C.11.2.1.2.1); the other functions any positive width.
  const minWidth = voiLutFunction === 'LINEAR' ? 1 : Number.MIN_VALUE
  if (center !== undefined && width !== undefined && width >= minWidth) {
    result.windowCenter = center
    result.windowWidth = width
  }
  if (spacing && spacing.length >= 2 && spacing[0]! > 0 && spacing[1]! > 0) {
    result.pixelSpacing = [spacing[0]!, spacing[1]!]
  }
  return result
}

function u16(element: DicomElement | undefined, le: boolean): number | undefined {
  const v = element?.value
  if (!v || v.length < 2) return undefined
  return le ? v[0]! | (v[1]! << 8) : (v[0]! << 8) | v[1]!
}

/** All values of a DS element; undefined if absent or any value is not a finite number. */
function numbers(element: DicomElement | undefined): number[] | undefined {
  const text = elementString(element)
  if (!text) return undefined
  const values = text.split('\\').map((part) => (part.trim() === '' ? Number.NaN : Number(part.trim())))
  return values.every(Number.isFinite) ? values : undefined
}

/** The first value of a multi-valued DS (e.g. the first of several Window Centers). */
function firstNumber(element: DicomElement | undefined): number | undefined {
  const text = elementString(element)?.split('\\')[0]?.trim()
  if (!text) return undefined
  const n = Number(text)
  return Number.isFinite(n) ? n : undefined
}

function integerString(element: DicomElement | undefined): number | undefined {
  const text = elementString(element)?.trim()
  if (!text) return undefined
  if (!/^[+-]?\d+$/.test(text)) {
    throw new ImageDecodeError('corrupt_image', `Number of Frames (0028,0008) "${text}" is not an integer.`)
  }
  return Number(text)
}

function storedRange(bitsStored: number, signed: boolean): [number, number] {
  return signed ? [-(2 ** (bitsStored - 1)), 2 ** (bitsStored - 1) - 1] : [0, 2 ** bitsStored - 1]
}

/** Bytes [start, end) of `value` with each 16-bit word's bytes swapped (words count from the value's start). */
function swappedPairs(value: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start)
  for (let k = start; k < end; k++) out[k - start] = value[k ^ 1] ?? 0
  return out
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/**
 * Converts one frame's stored samples into float32 at `out[offset…]`, masking to Bits Stored below High Bit
 * and sign-extending signed values. Shifting the field to the top of a 32-bit integer and back does both in
 * two operations (`>>` extends the sign, `>>>` does not).
 */
function storedToFloat(src: Uint8Array, f: PixelFormat, out: Float32Array, offset: number): void {
  const n = f.rows * f.columns * f.samples
  const up = 31 - f.highBit
  const down = 32 - f.bitsStored
  const identity = f.highBit === f.bitsAllocated - 1 && f.bitsStored === f.bitsAllocated
  // Planar colour is first converted in sample order, then interleaved.
  const target = f.planar === 1 ? new Float32Array(n) : out
  const at = f.planar === 1 ? 0 : offset

  if (f.bitsAllocated === 8) {
    if (identity) {
      target.set(f.signed ? new Int8Array(src.buffer, src.byteOffset, n) : src.subarray(0, n), at)
    } else if (f.signed) {
      for (let i = 0; i < n; i++) target[at + i] = (src[i]! << up) >> down
    } else {
      for (let i = 0; i < n; i++) target[at + i] = (src[i]! << up) >>> down
    }
  } else {
    const words = wordView(src, n, f.bitsAllocated, f.signed && identity, f.littleEndian)
    if (identity) {
      target.set(words, at)
    } else if (f.signed) {
      for (let i = 0; i < n; i++) target[at + i] = (words[i]! << up) >> down
    } else {
      for (let i = 0; i < n; i++) target[at + i] = (words[i]! << up) >>> down
    }
  }

  if (f.planar === 1) {
    const pixels = f.rows * f.columns
    for (let p = 0; p < pixels; p++) {
      out[offset + 3 * p] = target[p]!
      out[offset + 3 * p + 1] = target[pixels + p]!
      out[offset + 3 * p + 2] = target[2 * pixels + p]!
    }
  }
}

/** 16- or 32-bit samples as a typed array: a view when aligned and in host order, else a converted copy. */
function wordView(
  src: Uint8Array,
  n: number,
  bits: 16 | 32,
  signed: boolean,
  littleEndian: boolean
): Uint16Array | Int16Array | Uint32Array | Int32Array {
  const size = bits / 8
  const Type = bits === 16 ? (signed ? Int16Array : Uint16Array) : signed ? Int32Array : Uint32Array
  if (littleEndian === HOST_LITTLE_ENDIAN) {
    if (src.byteOffset % size === 0) return new Type(src.buffer as ArrayBuffer, src.byteOffset, n)
    return new Type(src.slice(0, n * size).buffer, 0, n)
  }
  const view = new DataView(src.buffer, src.byteOffset, n * size)
  const out = new Type(n)
  if (bits === 16) {
    for (let i = 0; i < n; i++) out[i] = view.getUint16(i * 2, littleEndian)
  } else {
    for (let i = 0; i < n; i++) out[i] = view.getUint32(i * 4, littleEndian)
  }
  return out
}

/** YBR_FULL to RGB in place (PS3.3 C.7.6.3.1.2, ITU-R BT.601 full range), clamped to the stored range. */
function ybrFullToRgb(data: Float32Array, bitsStored: number): void {
  const half = 2 ** (bitsStored - 1)
  const max = 2 ** bitsStored - 1
  for (let i = 0; i + 2 < data.length; i += 3) {
    const y = data[i]!
    const cb = data[i + 1]! - half
    const cr = data[i + 2]! - half
    data[i] = clamp(y + 1.402 * cr, 0, max)
    data[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr, 0, max)
    data[i + 2] = clamp(y + 1.772 * cb, 0, max)
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v
}

// Encapsulated pixel data (PS3.5 A.4): a Basic Offset Table item, then fragment items, then a delimiter.

interface Fragments {
  /** Basic Offset Table: byte offset of each frame's first fragment item, from the first fragment item. */
  offsetTable: number[]
  /** Each fragment's bytes and its item's offset from the first fragment item. */
  items: { at: number; bytes: Uint8Array }[]
}

function readFragments(value: Uint8Array, elementOffset: number): Fragments {
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength)
  const offsetTable: number[] = []
  const items: { at: number; bytes: Uint8Array }[] = []
  let pos = 0
  let first = -1
  // The parser has already checked this structure; the bounds checks stay so this never reads past it.
  while (pos + 8 <= value.length) {
    const group = view.getUint16(pos, true)
    const element = view.getUint16(pos + 2, true)
    const length = view.getUint32(pos + 4, true)
    if (group === 0xfffe && element === 0xe0dd) break
    if (group !== 0xfffe || element !== 0xe000 || length > value.length - pos - 8) {
      throw new ImageDecodeError(
        'corrupt_image',
        `Encapsulated Pixel Data at byte ${elementOffset} has a malformed item at ${pos}.`
      )
    }
    const bytes = value.subarray(pos + 8, pos + 8 + length)
    if (first < 0) {
      first = pos + 8 + length
      for (let i = 0; i + 4 <= length; i += 4) offsetTable.push(view.getUint32(pos + 8 + i, true))
    } else {
      items.push({ at: pos - first, bytes })
    }
    pos += 8 + length
  }
  return { offsetTable, items }
}

/** The encoded bytes of one frame. */
function frameFragment(fragments: Fragments, frame: number, frameCount: number): Uint8Array {
  const { items, offsetTable } = fragments
  if (items.length === 0) {
    throw new ImageDecodeError('truncated_pixel_data', 'Encapsulated Pixel Data has no fragments.')
  }
  // The usual layout, and the one RLE requires (PS3.5 A.4.2): one fragment per frame.
  if (items.length === frameCount) return items[frame]!.bytes
  if (frameCount === 1) return concatBytes(items.map((item) => item.bytes))
  if (offsetTable.length === frameCount) {
    const start = offsetTable[frame]!
    const end = frame + 1 < frameCount ? offsetTable[frame + 1]! : Number.POSITIVE_INFINITY
    const parts = items.filter((item) => item.at >= start && item.at < end).map((item) => item.bytes)
    if (parts.length > 0) return concatBytes(parts)
  }
  if (items.length < frameCount) {
    throw new ImageDecodeError(
      'truncated_pixel_data',
      `Encapsulated Pixel Data has ${items.length} fragments for ${frameCount} frames.`
    )
  }
  throw new ImageDecodeError(
    'corrupt_image',
    `Encapsulated Pixel Data has ${items.length} fragments for ${frameCount} frames and no usable offset table.`
  )
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/**
 * Decodes one RLE Lossless frame (PS3.5 Annex G) into native little-endian, pixel-interleaved bytes.
 *
 * The frame starts with a 64-byte header: the segment count, then up to 15 segment offsets. There is one
 * segment per byte of each sample: for sample 0 its most significant byte first, then the next byte, …, then
 * sample 1. Each segment is a PackBits stream of `pixels` bytes. A segment's bytes are written straight to
 * their place in the output (stride = bytes per pixel), so no plane is copied twice.
 */
export function decodeRleFrame(
  fragment: Uint8Array,
  pixels: number,
  samples: number,
  bytesPerSample: number,
  frame = 0
): Uint8Array {
  const where = `RLE frame ${frame}`
  if (fragment.length < 64) {
    throw new ImageDecodeError(
      'truncated_pixel_data',
      `${where} is ${fragment.length} bytes, shorter than its header.`
    )
  }
  const view = new DataView(fragment.buffer, fragment.byteOffset, 64)
  const segmentCount = view.getUint32(0, true)
  const expected = samples * bytesPerSample
  if (segmentCount !== expected) {
    throw new ImageDecodeError(
      'corrupt_image',
      `${where} has ${segmentCount} segments; ${samples} samples of ${bytesPerSample} bytes need ${expected}.`
    )
  }
  const offsets: number[] = []
  for (let i = 0; i < segmentCount; i++) {
    const offset = view.getUint32(4 + 4 * i, true)
    if (offset < 64 || offset > fragment.length || (i > 0 && offset < offsets[i - 1]!)) {
      throw new ImageDecodeError('corrupt_image', `${where}: segment ${i} offset ${offset} is invalid.`)
    }
    offsets.push(offset)
  }
  const stride = expected
  const out = new Uint8Array(pixels * stride)
  for (let i = 0; i < segmentCount; i++) {
    const sample = Math.floor(i / bytesPerSample)
    const significance = i % bytesPerSample // 0: most significant byte
    const start = sample * bytesPerSample + (bytesPerSample - 1 - significance)
    const end = i + 1 < segmentCount ? offsets[i + 1]! : fragment.length
    const written = unpackBits(fragment, offsets[i]!, end, out, start, stride, pixels)
    if (written < pixels) {
      throw new ImageDecodeError(
        'truncated_pixel_data',
        `${where}: segment ${i} decodes to ${written} bytes; ${pixels} are needed.`
      )
    }
  }
  return out
}

/**
 * PackBits: a header byte n (as signed) followed by n+1 literal bytes (0 ≤ n ≤ 127), or by one byte repeated
 * 1−n times (−127 ≤ n ≤ −1); −128 is a no-op. Writes at most `count` bytes; returns how many it wrote. Output
 * beyond `count` (padding, or a last run that overshoots) is ignored; a run cut off by the segment end is not.
 */
function unpackBits(
  src: Uint8Array,
  pos: number,
  end: number,
  dst: Uint8Array,
  dstStart: number,
  stride: number,
  count: number
): number {
  let n = 0
  while (n < count && pos < end) {
    const header = src[pos++]!
    if (header < 128) {
      const length = header + 1
      if (pos + length > end) return n
      const take = Math.min(length, count - n)
      if (stride === 1) {
        dst.set(src.subarray(pos, pos + take), dstStart + n)
      } else {
        for (let k = 0, d = dstStart + n * stride; k < take; k++, d += stride) dst[d] = src[pos + k]!
      }
      n += take
      pos += length
    } else if (header > 128) {
      if (pos >= end) return n
      const byte = src[pos++]!
      const take = Math.min(257 - header, count - n)
      if (stride === 1) {
        dst.fill(byte, dstStart + n, dstStart + n + take)
      } else {
        for (let k = 0, d = dstStart + n * stride; k < take; k++, d += stride) dst[d] = byte
      }
      n += take
    }
  }
  return n
}

// ---------------------------------------------------------------------------------------------------------
// PNG and JPEG

interface RasterHeader {
  width: number
  height: number
}

function checkRasterSize(kind: string, header: RasterHeader, samples: number, limits: Limits): void {
  const pixels = header.width * header.height
  if (header.width === 0 || header.height === 0) {
    throw new ImageDecodeError(
      'corrupt_image',
      `The ${kind} declares ${header.width} × ${header.height} pixels.`
    )
  }
  if (pixels > limits.maxPixels) {
    throw tooLarge(`the ${kind}'s ${header.width} × ${header.height} pixels`, `${limits.maxPixels} pixels`)
  }
  if (pixels * samples * 4 > limits.maxDecodedBytes) {
    throw tooLarge(`${pixels * samples * 4} bytes of decoded pixels`, `${limits.maxDecodedBytes} bytes`)
  }
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

interface PngHeader extends RasterHeader {
  bitDepth: number
  colorType: number
  interlaced: boolean
}

/** Reads IHDR, which PNG requires to be the first chunk. */
export function readPngHeader(bytes: Uint8Array): PngHeader {
  if (bytes.length < 33 || !PNG_SIGNATURE.every((b, i) => bytes[i] === b)) {
    throw new ImageDecodeError('corrupt_image', 'The PNG is shorter than its signature and header.')
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const type = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!)
  if (view.getUint32(8) !== 13 || type !== 'IHDR') {
    throw new ImageDecodeError('corrupt_image', 'The PNG does not start with a valid IHDR chunk.')
  }
  const header: PngHeader = {
    width: view.getUint32(16),
    height: view.getUint32(20),
    bitDepth: bytes[24]!,
    colorType: bytes[25]!,
    interlaced: bytes[28] === 1,
  }
  const depths: Record<number, number[]> = {
    0: [1, 2, 4, 8, 16],
    2: [8, 16],
    3: [1, 2, 4, 8],
    4: [8, 16],
    6: [8, 16],
  }
  if (!depths[header.colorType]?.includes(header.bitDepth) || bytes[28]! > 1) {
    throw new ImageDecodeError(
      'corrupt_image',
      `The PNG's colour type ${header.colorType} with bit depth ${header.bitDepth} is invalid.`
    )
  }
  return header
}

const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }

/**
 * pngjs bounds the inflated size of a non-interlaced image, but inflates an interlaced one without a cap.
 * For those, inflate the IDAT stream once here with the exact expected size as the cap.
 */
function checkInterlacedInflate(bytes: Uint8Array, header: PngHeader): void {
  const bitsPerPixel = PNG_CHANNELS[header.colorType]! * header.bitDepth
  // Adam7 passes: x start, y start, x step, y step.
  const passes = [
    [0, 0, 8, 8],
    [4, 0, 8, 8],
    [0, 4, 4, 8],
    [2, 0, 4, 4],
    [0, 2, 2, 4],
    [1, 0, 2, 2],
    [0, 1, 1, 2],
  ] as const
  let expected = 0
  for (const [x0, y0, dx, dy] of passes) {
    const w = Math.ceil((header.width - x0) / dx)
    const h = Math.ceil((header.height - y0) / dy)
    if (w > 0 && h > 0) expected += h * (1 + Math.ceil((w * bitsPerPixel) / 8))
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const idat: Uint8Array[] = []
  for (let pos = 8; pos + 12 <= bytes.length;) {
    const length = view.getUint32(pos)
    const type = String.fromCharCode(bytes[pos + 4]!, bytes[pos + 5]!, bytes[pos + 6]!, bytes[pos + 7]!)
    if (length > bytes.length - pos - 12) break // pngjs reports the truncation
    if (type === 'IDAT') idat.push(bytes.subarray(pos + 8, pos + 8 + length))
    if (type === 'IEND') break
    pos += 12 + length
  }
  try {
    inflateSync(concatBytes(idat), { maxOutputLength: Math.max(1, expected) })
  } catch (error) {
    if (error instanceof RangeError) {
      throw tooLarge('the PNG image data inflated', `the ${expected} bytes its header declares`)
    }
    throw new ImageDecodeError(
      'corrupt_image',
      `The PNG image data is corrupt: ${(error as Error).message}.`,
      {
        cause: error,
      }
    )
  }
}

function decodePng(bytes: Uint8Array, limits: Limits): DecodedImage {
  const header = readPngHeader(bytes)
  const grey = header.colorType === 0 || header.colorType === 4
  const samples = grey ? 1 : 3
  checkRasterSize('PNG', header, samples, limits)
  if (header.interlaced) checkInterlacedInflate(bytes, header)
  const sixteen = header.bitDepth === 16
  let png: { width: number; height: number; data: Uint8Array | Uint16Array }
  try {
    // skipRescale keeps 16-bit samples as they are (pngjs would otherwise reduce them to 8 bits); lower depths
    // are still scaled to 0–255, like any viewer shows them.
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      skipRescale: sixteen,
    })
  } catch (error) {
    throw new ImageDecodeError('corrupt_image', `The PNG cannot be decoded: ${(error as Error).message}.`, {
      cause: error,
    })
  }
  if (png.width !== header.width || png.height !== header.height) {
    throw new ImageDecodeError('corrupt_image', 'The decoded PNG does not match its header.')
  }
  // pngjs always returns RGBA; alpha is dropped (a model sees the stored colour, not a composite).
  const data = fromRgba(png.data, header.width * header.height, samples, 4)
  return rasterImage('png', header, samples, data, [0, sixteen ? 65535 : 255])
}

interface JpegHeader extends RasterHeader {
  precision: number
  components: number
  marker: number
}

const SOF_NAMES: Record<number, string> = {
  0xc0: 'baseline',
  0xc1: 'extended sequential',
  0xc2: 'progressive',
  0xc3: 'lossless',
  0xc5: 'differential sequential',
  0xc6: 'differential progressive',
  0xc7: 'differential lossless',
  0xc9: 'arithmetic extended sequential',
  0xca: 'arithmetic progressive',
  0xcb: 'arithmetic lossless',
  0xcd: 'arithmetic differential sequential',
  0xce: 'arithmetic differential progressive',
  0xcf: 'arithmetic differential lossless',
}

/** Walks the marker segments up to the first Start Of Frame and reads it. */
export function readJpegHeader(bytes: Uint8Array): JpegHeader {
  let pos = 2
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff) {
      throw new ImageDecodeError(
        'corrupt_image',
        `The JPEG has no marker where one is expected (byte ${pos}).`
      )
    }
    const marker = bytes[pos + 1]!
    if (marker === 0xff) {
      pos++ // fill byte
      continue
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2 // markers without a length
      continue
    }
    if (marker === 0xd9 || marker === 0xda) break // end of image or start of scan before any frame header
    const length = (bytes[pos + 2]! << 8) | bytes[pos + 3]!
    if (length < 2 || pos + 2 + length > bytes.length) break
    if (SOF_NAMES[marker] !== undefined) {
      if (length < 8) break
      return {
        marker,
        precision: bytes[pos + 4]!,
        height: (bytes[pos + 5]! << 8) | bytes[pos + 6]!,
        width: (bytes[pos + 7]! << 8) | bytes[pos + 8]!,
        components: bytes[pos + 9]!,
      }
    }
    pos += 2 + length
  }
  throw new ImageDecodeError('corrupt_image', 'The JPEG has no readable frame header (SOF).')
}

function decodeJpeg(bytes: Uint8Array, limits: Limits): DecodedImage {
  const header = readJpegHeader(bytes)
  if (header.marker !== 0xc0 && header.marker !== 0xc1 && header.marker !== 0xc2) {
    throw new ImageDecodeError(
      'unsupported_pixel_format',
      `${SOF_NAMES[header.marker]} JPEG is not supported (baseline, extended and progressive are).`
    )
  }
  if (header.precision !== 8) {
    throw new ImageDecodeError(
      'unsupported_pixel_format',
      `${header.precision}-bit JPEG is not supported (8-bit is).`
    )
  }
  if (header.components !== 1 && header.components !== 3) {
    throw new ImageDecodeError(
      'unsupported_photometric',
      `A JPEG with ${header.components} colour components is not supported (greyscale and colour are).`
    )
  }
  if (header.height === 0) {
    throw new ImageDecodeError(
      'unsupported_pixel_format',
      'A JPEG whose height is given after the scan (DNL).'
    )
  }
  const samples = header.components === 1 ? 1 : 3
  checkRasterSize('JPEG', header, samples, limits)
  const pixels = header.width * header.height
  let jpeg: { width: number; height: number; data: Uint8Array }
  try {
    jpeg = decodeJpegBytes(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      // A truncated or corrupt scan is an error, not a partly grey image.
      tolerantDecoding: false,
      maxResolutionInMP: limits.maxPixels / 1e6,
      // jpeg-js needs about 5 bytes per pixel per component plus the output; the cap keeps it to that.
      maxMemoryUsageInMB: Math.ceil((pixels * 32) / (1024 * 1024)) + 16,
    })
  } catch (error) {
    throw new ImageDecodeError('corrupt_image', `The JPEG cannot be decoded: ${(error as Error).message}.`, {
      cause: error,
    })
  }
  if (jpeg.width !== header.width || jpeg.height !== header.height) {
    throw new ImageDecodeError('corrupt_image', 'The decoded JPEG does not match its frame header.')
  }
  // Without RGBA, jpeg-js returns 3 bytes per pixel even for greyscale (the grey value three times).
  return rasterImage('jpeg', header, samples, fromRgba(jpeg.data, pixels, samples, 3), [0, 255])
}

/** Keeps the first sample (grey) or the first three (RGB) of each `stride`-sample pixel, as float32. */
function fromRgba(src: ArrayLike<number>, pixels: number, samples: 1 | 3, stride: number): Float32Array {
  const out = new Float32Array(pixels * samples)
  if (samples === 1) {
    for (let p = 0, s = 0; p < pixels; p++, s += stride) out[p] = src[s]!
  } else {
    for (let p = 0, s = 0, o = 0; p < pixels; p++, s += stride, o += 3) {
      out[o] = src[s]!
      out[o + 1] = src[s + 1]!
      out[o + 2] = src[s + 2]!
    }
  }
  return out
}

function rasterImage(
  format: 'png' | 'jpeg',
  header: RasterHeader,
  samples: 1 | 3,
  data: Float32Array,
  range: [number, number]
): DecodedImage {
  return {
    format,
    width: header.width,
    height: header.height,
    frames: 1,
    frameCount: 1,
    firstFrame: 0,
    samplesPerPixel: samples,
    data,
    rescaleSlope: 1,
    rescaleIntercept: 0,
    voiLutFunction: 'LINEAR',
    photometric: samples === 1 ? 'MONOCHROME2' : 'RGB',
    storedRange: range,
  }
}
