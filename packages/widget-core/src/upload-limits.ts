import type { UploadLimits, WidgetConfig } from './types.js'

/** The API's defaults, for a config from an API that predates upload limits. */
export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  contentTypes: ['application/dicom', 'image/png', 'image/jpeg'],
  maxBytes: 1024 * 1024 * 1024,
  maxRasterBytes: 100 * 1024 * 1024,
  maxFiles: 20,
  retentionHours: 24,
}

/** The tenant's upload limits from a widget config, each value checked, defaults for the rest. */
export function uploadLimitsOf(config: Pick<WidgetConfig, 'uploads'> | undefined): UploadLimits {
  const given = config?.uploads ?? {}
  const count = (name: 'maxBytes' | 'maxRasterBytes' | 'maxFiles' | 'retentionHours') => {
    const n = given[name]
    return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : DEFAULT_UPLOAD_LIMITS[name]
  }
  return {
    contentTypes: Array.isArray(given.contentTypes)
      ? given.contentTypes.filter((t): t is string => typeof t === 'string')
      : DEFAULT_UPLOAD_LIMITS.contentTypes,
    maxBytes: count('maxBytes'),
    maxRasterBytes: count('maxRasterBytes'),
    maxFiles: count('maxFiles'),
    retentionHours: count('retentionHours'),
  }
}
