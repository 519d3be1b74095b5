// Importing this module defines <tessera-viewer>. cornerstone and the DICOM decoders are not imported here:
// the element fetches them (./engine.js, its own chunk) when it first shows an image.
export { CT_PRESETS, TesseraViewer, VIEWER_TAG, WINDOW_LIMIT } from './tessera-viewer.js'
export type { DragMode, ViewerReadyDetail, ViewerView, WindowLevel } from './tessera-viewer.js'
export type { Analysis, AnalysisStatus, AnalysisSummary, StoredImage } from './api.js'
