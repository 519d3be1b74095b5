// Typing for the parts of cornerstone-core 2 and cornerstone-wado-image-loader 4 the viewer uses (neither
// ships type declarations). dicom-parser ships its own.

declare module 'cornerstone-core' {
  export interface CornerstoneImage {
    imageId: string
    minPixelValue: number
    maxPixelValue: number
    slope: number
    intercept: number
    windowCenter: number | number[] | undefined
    windowWidth: number | number[] | undefined
    getPixelData(): ArrayLike<number>
    rows: number
    columns: number
    height: number
    width: number
    color: boolean
    invert?: boolean
    columnPixelSpacing?: number | undefined
    rowPixelSpacing?: number | undefined
    sizeInBytes: number
    rgba?: boolean
    photometricInterpretation?: string
    [key: string]: unknown
  }

  export interface Voi {
    windowWidth: number
    windowCenter: number
  }

  export interface Viewport {
    scale: number
    translation: { x: number; y: number }
    voi: Voi
    invert: boolean
    pixelReplication: boolean
    rotation: number
    hflip: boolean
    vflip: boolean
    [key: string]: unknown
  }

  export interface EnabledElement {
    element: HTMLElement
    canvas: HTMLCanvasElement
    image: CornerstoneImage | undefined
    viewport: Viewport | undefined
    [key: string]: unknown
  }

  export interface ImageRenderedDetail {
    element: HTMLElement
    enabledElement: EnabledElement
    canvasContext: CanvasRenderingContext2D
    image: CornerstoneImage
    viewport: Viewport
  }

  export interface Point {
    x: number
    y: number
  }

  type ImageLoader = (imageId: string) => { promise: Promise<CornerstoneImage>; cancelFn?: () => void }

  interface Cornerstone {
    enable(element: HTMLElement, options?: Record<string, unknown>): void
    disable(element: HTMLElement): void
    getEnabledElement(element: HTMLElement): EnabledElement
    getEnabledElements(): EnabledElement[]
    displayImage(element: HTMLElement, image: CornerstoneImage, viewport?: Partial<Viewport>): void
    getViewport(element: HTMLElement): Viewport | undefined
    setViewport(element: HTMLElement, viewport: Partial<Viewport>): void
    getDefaultViewportForImage(element: HTMLElement, image: CornerstoneImage): Viewport
    reset(element: HTMLElement): void
    fitToWindow(element: HTMLElement): void
    resize(element: HTMLElement, forceFitToWindow?: boolean): void
    updateImage(element: HTMLElement, invalidated?: boolean): void
    loadImage(imageId: string, options?: Record<string, unknown>): Promise<CornerstoneImage>
    registerImageLoader(scheme: string, loader: ImageLoader): void
    pageToPixel(element: HTMLElement, pageX: number, pageY: number): Point
    pixelToCanvas(element: HTMLElement, point: Point): Point
    canvasToPixel(element: HTMLElement, point: Point): Point
    setToPixelCoordinateSystem(enabledElement: EnabledElement, context: CanvasRenderingContext2D): void
    imageCache: {
      purgeCache(): void
      getCacheInfo(): { maximumSizeInBytes: number; cacheSizeInBytes: number; numberOfImagesCached: number }
    }
    metaData: { get(type: string, imageId: string): Record<string, unknown> | undefined }
    EVENTS: { IMAGE_RENDERED: string; [name: string]: string }
  }

  const cornerstone: Cornerstone
  export default cornerstone
}

declare module 'cornerstone-wado-image-loader' {
  import type { DataSet } from 'dicom-parser'

  interface WadoImageLoader {
    external: { cornerstone: unknown; dicomParser: unknown }
    configure(options: Record<string, unknown>): void
    wadouri: {
      fileManager: { add(file: Blob): string; remove(index: number): void; purge(): void }
      loadFileRequest(uri: string, imageId?: string): Promise<Uint8Array>
      dataSetCacheManager: {
        load(
          uri: string,
          loadRequest: (uri: string, imageId?: string) => Promise<Uint8Array>,
          imageId: string
        ): Promise<DataSet>
        unload(uri: string): void
        purge(): void
        isLoaded(uri: string): boolean
        getInfo(): { cacheSizeInBytes: number; numberOfDataSetsCached: number }
      }
    }
    webWorkerManager: {
      initialize(config: Record<string, unknown>): void
      terminate(): void
      getStatistics(): { numWebWorkers: number; numTasksQueued: number; numTasksExecuting: number }
    }
  }

  const loader: WadoImageLoader
  export default loader
}
