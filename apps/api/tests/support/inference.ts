import { pixelDicom } from '#tests/support/rle'

const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2'

/**
 * A 16-bit angiogram-like DICOM: a shaded background with a thin, bright, curved vessel
 * (Gaussian profile, σ ≈ 1.2 px), a window that maps it to 0..1, and rescale 1/−1024.
 */
export function vesselDicom(options: { rows?: number; columns?: number } = {}): Uint8Array {
  const rows = options.rows ?? 256
  const columns = options.columns ?? 256
  const values = new Uint16Array(rows * columns)
  for (let y = 0; y < rows; y++) {
    const centre = columns / 2 + (columns / 5) * Math.sin((y / rows) * Math.PI * 2)
    for (let x = 0; x < columns; x++) {
      const background = 1500 + Math.round((200 * x) / columns)
      const vessel = 900 * Math.exp(-((x - centre) ** 2) / (2 * 1.2 * 1.2))
      values[y * columns + x] = Math.round(background + vessel)
    }
  }
  return pixelDicom({
    rows,
    columns,
    bitsAllocated: 16,
    pixelData: new Uint8Array(values.buffer),
    attributes: {
      '00080016': { vr: 'UI', Value: [CT_IMAGE] },
      '00080060': { vr: 'CS', Value: ['XA'] },
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'VESSEL^PATIENT' }] },
      '00281050': { vr: 'DS', Value: ['900'] },
      '00281051': { vr: 'DS', Value: ['1400'] },
      '00281052': { vr: 'DS', Value: ['-1024'] },
      '00281053': { vr: 'DS', Value: ['1'] },
    },
  })
}
