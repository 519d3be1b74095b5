// The typing of cornerstone and its loader, also for packages that typecheck this file (the loader).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./vendor.d.ts" />
// The heavy half of <tessera-viewer>: cornerstone-core, the WADO image loader (its decoders run in a
// `blob:` worker, codecs inlined) and dicom-parser. The element imports this module dynamically, so it sits in
// its own chunk and is fetched only once a viewer is on the page (and never by the loader's banner path).
//
// Images arrive as bytes the element fetched with the member's token: DICOM goes through the loader's file
// manager (`dicomfile:` image ids, nothing addressable by URL), PNG/JPEG are decoded by the browser. Frames
// are decoded on demand and not put in cornerstone's image cache; what each viewer opens is removed again
// when it closes (`OpenedImage.close`), and the decoder workers end when the last viewer goes.
// First: lets the WADO loader find a script URL as it starts (see public-path.ts).
import { restoreCurrentScript } from './public-path.js'
import cornerstone from 'cornerstone-core'
import type { CornerstoneImage, EnabledElement, Viewport } from 'cornerstone-core'
import wado from 'cornerstone-wado-image-loader'
import dicomParser from 'dicom-parser'
import type { DataSet } from 'dicom-parser'

export { cornerstone }
export type { CornerstoneImage, EnabledElement, Viewport }

restoreCurrentScript()
wado.external.cornerstone = cornerstone
wado.external.dicomParser = dicomParser

/** Transfer syntaxes the decoders read (uncompressed, deflate, RLE, JPEG family, JPEG-LS, JPEG 2000, HTJ2K). */
const NATIVE_CODECS: Record<string, string> = {
  '1.2.840.10008.1.2': 'implicit-little',
  '1.2.840.10008.1.2.1': 'explicit-little',
  '1.2.840.10008.1.2.2': 'explicit-big',
  '1.2.840.10008.1.2.1.99': 'deflate',
  '1.2.840.10008.1.2.5': 'rle',
  '1.2.840.10008.1.2.4.57': 'jpeg-lossless',
  '1.2.840.10008.1.2.4.70': 'jpeg-lossless',
}

/**
 * Syntaxes decoded by WebAssembly codecs whose Emscripten glue builds functions at run time (`new Function`):
 * under a Content-Security-Policy without 'unsafe-eval' they cannot decode (see README, "CSP").
 */
const EVAL_CODECS: Record<string, string> = {
  '1.2.840.10008.1.2.4.50': 'jpeg-baseline',
  '1.2.840.10008.1.2.4.51': 'jpeg-extended',
  '1.2.840.10008.1.2.4.80': 'jpeg-ls',
  '1.2.840.10008.1.2.4.81': 'jpeg-ls',
  '1.2.840.10008.1.2.4.90': 'jpeg-2000',
  '1.2.840.10008.1.2.4.91': 'jpeg-2000',
}

/** What the viewer knows about an opened image, besides its pixels. */
export interface ImageInfo {
  kind: 'dicom' | 'raster'
  width: number
  height: number
  frames: number
  /** DICOM Modality (CT, MR, XA, …), upper case; undefined for PNG/JPEG. */
  modality: string | undefined
  /** Millimetres per pixel, when the file says (PixelSpacing, else ImagerPixelSpacing). */
  spacing: { row: number; column: number } | undefined
  /** Milliseconds between frames for cine, when the file says. */
  frameTime: number | undefined
  /** The transfer syntax UID (DICOM). */
  transferSyntax: string | undefined
  color: boolean
}

export interface OpenedImage extends ImageInfo {
  /** Decodes frame `index` (0-based). Rejects with an Error when the frame cannot be decoded. */
  frame(index: number): Promise<CornerstoneImage>
  /** Frames currently held decoded (bounded). */
  readonly cachedFrames: number
  /** Forgets the file and every decoded frame. */
  close(): void
}

/** A failure to read or decode the image (the element shows its error state). */
export class ImageDecodeError extends Error {
  override readonly name = 'ImageDecodeError'
  /** `eval-blocked`: the page's CSP forbids what the codec needs; `unsupported`, `corrupt`. */
  readonly reason: 'corrupt' | 'unsupported' | 'eval-blocked'
  constructor(reason: ImageDecodeError['reason'], message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.reason = reason
  }
}

// ---------------------------------------------------------------- decoder workers

let viewers = 0
let workersReady = false

/** A viewer is on the page: decoder workers may start (on demand, at most two). */
export function acquire(): void {
  viewers++
  if (workersReady) return
  wado.webWorkerManager.initialize({
    maxWebWorkers: Math.max(1, Math.min(2, navigator.hardwareConcurrency || 1)),
    startWebWorkersOnDemand: true,
    taskConfiguration: { decodeTask: { initializeCodecsOnStartup: false, strict: false } },
  })
  workersReady = true
}

/** A viewer left: when it was the last, the decoder workers end and every cached file is dropped. */
export function release(): void {
  viewers = Math.max(0, viewers - 1)
  if (viewers > 0 || !workersReady) return
  wado.webWorkerManager.terminate()
  workersReady = false
  wado.wadouri.dataSetCacheManager.purge()
  wado.wadouri.fileManager.purge()
  cornerstone.imageCache.purgeCache()
}

/** Viewers holding the engine now (tests). */
export const activeViewers = (): number => viewers

// ---------------------------------------------------------------- opening

/** Decoded frames kept per image (for cine and stepping back and forth), bounded by count and bytes. */
const FRAME_CACHE_COUNT = 12
const FRAME_CACHE_BYTES = 48 * 1024 * 1024

export async function openImage(bytes: Blob, contentType: string): Promise<OpenedImage> {
  const type = contentType.split(';')[0]!.trim().toLowerCase()
  if (type === 'image/png' || type === 'image/jpeg') return openRaster(bytes)
  return openDicom(bytes)
}

function message(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'string') return error
  if (typeof error === 'object' && error !== null) {
    const inner = (error as { error?: unknown }).error
    if (inner !== undefined && inner !== error) return message(inner)
  }
  return String(error)
}

const EVAL_BLOCKED = /unsafe-eval|Content Security Policy|EvalError|code generation from strings/i

async function openDicom(bytes: Blob): Promise<OpenedImage> {
  const imageId = wado.wadouri.fileManager.add(bytes)
  const url = imageId.slice(imageId.indexOf(':') + 1)
  const index = Number(url)
  let closed = false
  const forget = () => {
    if (closed) return
    closed = true
    if (wado.wadouri.dataSetCacheManager.isLoaded(url)) wado.wadouri.dataSetCacheManager.unload(url)
    wado.wadouri.fileManager.remove(index)
  }
  let dataSet: DataSet
  try {
    dataSet = await wado.wadouri.dataSetCacheManager.load(url, wado.wadouri.loadFileRequest, imageId)
  } catch (error) {
    forget()
    throw new ImageDecodeError('corrupt', `Not a readable DICOM file: ${message(error)}`, { cause: error })
  }
  try {
    const width = dataSet.uint16('x00280011') ?? 0
    const height = dataSet.uint16('x00280010') ?? 0
    if (!width || !height || !dataSet.elements.x7fe00010)
      throw new ImageDecodeError(
        'corrupt',
        'The DICOM file has no image (rows, columns or pixel data missing).'
      )
    const transferSyntax = dataSet.string('x00020010')?.trim() || '1.2.840.10008.1.2'
    if (!NATIVE_CODECS[transferSyntax] && !EVAL_CODECS[transferSyntax])
      throw new ImageDecodeError('unsupported', `Unsupported transfer syntax ${transferSyntax}.`)
    const frames = Math.max(1, dataSet.intString('x00280008') || 1)
    const samplesPerPixel = dataSet.uint16('x00280002') ?? 1
    const bitsAllocated = dataSet.uint16('x00280100') ?? 16
    const pixelData = dataSet.elements.x7fe00010
    if (NATIVE_CODECS[transferSyntax] && !pixelData.encapsulatedPixelData) {
      // Uncompressed: the pixel data must hold every frame (the decoder would silently show garbage).
      const needed = Math.ceil((width * height * samplesPerPixel * frames * bitsAllocated) / 8)
      if (pixelData.length < needed)
        throw new ImageDecodeError(
          'corrupt',
          `The pixel data is ${pixelData.length} bytes; ${frames} frame(s) of ${width} × ${height} need ${needed}.`
        )
    }
    const spacing = pair(dataSet.string('x00280030')) ?? pair(dataSet.string('x00181164'))
    const frameTime =
      positive(dataSet.floatString('x00181063')) ??
      inverse(dataSet.intString('x00082144')) ??
      inverse(dataSet.intString('x00180040'))
    const info: ImageInfo = {
      kind: 'dicom',
      width,
      height,
      frames,
      modality: dataSet.string('x00080060')?.trim().toUpperCase() || undefined,
      spacing,
      frameTime,
      transferSyntax,
      color: samplesPerPixel > 1,
    }
    const cache = new FrameCache()
    return {
      ...info,
      get cachedFrames() {
        return cache.size
      },
      async frame(i: number) {
        if (closed) throw new ImageDecodeError('corrupt', 'The image was closed.')
        const n = Math.min(frames - 1, Math.max(0, Math.trunc(i)))
        const held = cache.get(n)
        if (held) return held
        try {
          // loadImage, not loadAndCacheImage: the frame stays out of cornerstone's page-wide cache.
          const image = await cornerstone.loadImage(frames > 1 ? `${imageId}?frame=${n}` : imageId)
          if (closed) throw new ImageDecodeError('corrupt', 'The image was closed.')
          cache.put(n, image)
          return image
        } catch (error) {
          if (error instanceof ImageDecodeError) throw error
          const text = message(error)
          if (EVAL_CODECS[transferSyntax] && EVAL_BLOCKED.test(text))
            throw new ImageDecodeError('eval-blocked', text, { cause: error })
          throw new ImageDecodeError('corrupt', `Frame ${n + 1} could not be decoded: ${text}`, {
            cause: error,
          })
        }
      },
      close() {
        cache.clear()
        forget()
      },
    }
  } catch (error) {
    forget()
    throw error
  }
}

function pair(value: string | undefined): { row: number; column: number } | undefined {
  if (!value) return undefined
  const [row, column] = value.split('\\').map(Number)
  return row && column && row > 0 && column > 0 && Number.isFinite(row) && Number.isFinite(column)
    ? { row, column }
    : undefined
}

const positive = (n: number | undefined) => (n !== undefined && Number.isFinite(n) && n > 0 ? n : undefined)
const inverse = (rate: number | undefined) => (positive(rate) ? 1000 / (rate as number) : undefined)

/** A small LRU of decoded frames. */
class FrameCache {
  #frames = new Map<number, CornerstoneImage>()
  #bytes = 0
  get size(): number {
    return this.#frames.size
  }
  get(n: number): CornerstoneImage | undefined {
    const image = this.#frames.get(n)
    if (image) {
      this.#frames.delete(n)
      this.#frames.set(n, image)
    }
    return image
  }
  put(n: number, image: CornerstoneImage): void {
    if (this.#frames.has(n)) return
    this.#frames.set(n, image)
    this.#bytes += image.sizeInBytes || 0
    while (
      this.#frames.size > FRAME_CACHE_COUNT ||
      (this.#bytes > FRAME_CACHE_BYTES && this.#frames.size > 1)
    ) {
      const [oldest, old] = this.#frames.entries().next().value as [number, CornerstoneImage]
      this.#frames.delete(oldest)
      this.#bytes -= old.sizeInBytes || 0
    }
  }
  clear(): void {
    this.#frames.clear()
    this.#bytes = 0
  }
}

// ---------------------------------------------------------------- PNG / JPEG

let rasters = 0

async function openRaster(bytes: Blob): Promise<OpenedImage> {
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(bytes, {
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
      imageOrientation: 'from-image',
    })
  } catch (error) {
    throw new ImageDecodeError('corrupt', `Not a readable PNG or JPEG image: ${message(error)}`, {
      cause: error,
    })
  }
  const { width, height } = bitmap
  const canvas = new OffscreenCanvas(width, height)
  const context = canvas.getContext('2d', { willReadFrequently: true })
  if (!context) throw new ImageDecodeError('corrupt', 'No 2D canvas available to read the image.')
  context.drawImage(bitmap, 0, 0)
  bitmap.close()
  const rgba = context.getImageData(0, 0, width, height).data
  let grey = true
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2]) {
      grey = false
      break
    }
  }
  let pixels: Uint8Array | Uint8ClampedArray = rgba
  let min = 255
  let max = 0
  if (grey) {
    pixels = new Uint8Array(width * height)
    for (let p = 0, i = 0; p < pixels.length; p++, i += 4) {
      const v = rgba[i]!
      pixels[p] = v
      if (v < min) min = v
      if (v > max) max = v
    }
  } else {
    min = 0
    max = 255
  }
  const image: CornerstoneImage = {
    imageId: `tessera-raster:${++rasters}`,
    minPixelValue: min,
    maxPixelValue: max,
    slope: 1,
    intercept: 0,
    windowCenter: 127.5,
    windowWidth: 256,
    getPixelData: () => pixels,
    rows: height,
    columns: width,
    height,
    width,
    color: !grey,
    rgba: false,
    columnPixelSpacing: undefined,
    rowPixelSpacing: undefined,
    invert: false,
    sizeInBytes: pixels.byteLength,
  }
  let held: CornerstoneImage | undefined = image
  return {
    kind: 'raster',
    width,
    height,
    frames: 1,
    modality: undefined,
    spacing: undefined,
    frameTime: undefined,
    transferSyntax: undefined,
    color: !grey,
    get cachedFrames() {
      return held ? 1 : 0
    },
    async frame() {
      if (!held) throw new ImageDecodeError('corrupt', 'The image was closed.')
      return held
    },
    close() {
      held = undefined
    },
  }
}

// ---------------------------------------------------------------- pixels

/** The stored value at image pixel (x, y) in modality units (HU for CT), or the RGB triple of a colour image. */
export function pixelValue(image: CornerstoneImage, x: number, y: number): number | [number, number, number] {
  const data = image.getPixelData()
  const i = y * image.columns + x
  if (image.color) {
    const step = data.length >= image.columns * image.rows * 4 ? 4 : 3
    return [data[i * step] ?? 0, data[i * step + 1] ?? 0, data[i * step + 2] ?? 0]
  }
  const raw = data[i] ?? 0
  const scaled = (image as { preScale?: { scaled?: boolean } }).preScale?.scaled === true
  return scaled ? raw : raw * (image.slope ?? 1) + (image.intercept ?? 0)
}

/** The window the file asks for (its first one), else the full range of the pixels. */
export function autoWindow(image: CornerstoneImage): { center: number; width: number } {
  const first = (v: number | number[] | undefined) => (Array.isArray(v) ? v[0] : v)
  const center = first(image.windowCenter)
  const width = first(image.windowWidth)
  if (center !== undefined && width !== undefined && Number.isFinite(center) && width >= 1)
    return { center, width }
  const slope = image.slope ?? 1
  const intercept = image.intercept ?? 0
  const min = image.minPixelValue * slope + intercept
  const max = image.maxPixelValue * slope + intercept
  return { center: (max + min) / 2, width: Math.max(1, max - min) }
}
