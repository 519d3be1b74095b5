export {
  deidentify,
  resolveAction,
  dummyValue,
  replacementUid,
  burnedInReasons,
  DEIDENTIFICATION_METHOD,
} from './deidentify.js'
export type {
  DeidentifyOptions,
  DeidentifyReport,
  DeidentifyResult,
  ReportEntry,
  AppliedAction,
} from './deidentify.js'
export {
  parseDicom,
  isDicom,
  elementString,
  findElement,
  hexTag,
  TS,
  DEFAULT_MAX_PIXEL_BYTES,
  DEFAULT_MAX_INFLATED_BYTES,
  PixelDataLocator,
  parseElements,
  TRUNCATED,
} from './parser.js'
export type {
  DicomFile,
  DicomElement,
  DicomItem,
  DataSetEncoding,
  ParseOptions,
  PixelDataHeader,
} from './parser.js'
export { writeDicom, writeDataSet, elementHeader } from './writer.js'
export { deidentifyStream } from './stream.js'
export type { DeidentifyStreamOptions, DeidentifyStreamResult } from './stream.js'
export type { WritableDicom } from './writer.js'
export { BASIC_PROFILE, PATTERN_RULES, profileEntryFor, isPrivateTag, formatTag } from './profile.js'
export type { ProfileAction, ProfileEntry } from './profile.js'
export { stripImageMetadata, detectFormat, crc32, DEFAULT_MAX_PIXELS } from './raster.js'
export type { DetectedFormat, StripOptions, StripResult } from './raster.js'
export {
  DicomDeidError,
  DicomParseError,
  DicomLimitError,
  BurnedInAnnotationError,
  ImageFormatError,
  ImageLimitError,
} from './errors.js'
