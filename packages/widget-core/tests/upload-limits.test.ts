import { describe, expect, it } from 'vitest'
import { DEFAULT_UPLOAD_LIMITS, uploadLimitsOf } from '../src/index.js'

describe('uploadLimitsOf', () => {
  it("takes the tenant's limits as the API sent them", () => {
    const uploads = {
      contentTypes: ['image/png'],
      maxBytes: 5,
      maxRasterBytes: 4,
      maxFiles: 3,
      retentionHours: 12,
    }
    expect(uploadLimitsOf({ uploads })).toEqual(uploads)
  })

  it('falls back value by value when a field is missing or not a positive number', () => {
    const limits = uploadLimitsOf({
      uploads: {
        contentTypes: ['image/png', 7 as unknown as string],
        maxBytes: -1,
        maxRasterBytes: Number.NaN,
        maxFiles: '3' as unknown as number,
      },
    })
    expect(limits).toEqual({ ...DEFAULT_UPLOAD_LIMITS, contentTypes: ['image/png'] })
    expect(uploadLimitsOf(undefined)).toEqual(DEFAULT_UPLOAD_LIMITS)
  })
})
