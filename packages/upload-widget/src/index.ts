// Importing this module defines <tessera-upload>.
export { MAX_FILES, TesseraUpload, UPLOAD_TAG } from './tessera-upload.js'
export type { FileState } from './tessera-upload.js'
export type {
  Analysis,
  AnalysisCompleteDetail,
  AnalysisStatus,
  AnalysisSummary,
  StoredImage,
  UploadCompleteDetail,
} from './api.js'
export type { Deidentifier, PreparedImage } from './deid.js'
export type { ImageKind } from './detect.js'
export type { Transport, UploadHandle, UploadRequest, XhrLike } from './transport.js'
