// Synthetic DICOM files for the end-to-end tests and the benchmarks, written with dcmjs: one builder,
// so every suite sends the same well-formed Part 10 structure.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const dcmjs = require('dcmjs')

const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2'

/**
 * A 16-bit MONOCHROME2 image, explicit VR little endian. `pixels` holds rows × cols × frames values;
 * `attributes` adds or replaces data elements in dcmjs's dictionary form (e.g. a window).
 */
export function dicomFile({
  rows,
  cols,
  pixels,
  frames = 1,
  uid = '1.2.826.0.1.3680043.8.498.4242',
  sopClassUid = CT_IMAGE,
  modality = 'CT',
  patientName = 'PARK^JIHOON',
  bitsStored = 16,
  attributes = {},
}) {
  const dict = new dcmjs.data.DicomDict({
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: [sopClassUid] },
    '00020003': { vr: 'UI', Value: [uid] },
    '00020010': { vr: 'UI', Value: ['1.2.840.10008.1.2.1'] },
    '00020012': { vr: 'UI', Value: ['1.2.826.0.1.3680043.10.999'] },
  })
  dict.dict = {
    '00080016': { vr: 'UI', Value: [sopClassUid] },
    '00080018': { vr: 'UI', Value: [uid] },
    '00080060': { vr: 'CS', Value: [modality] },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: patientName }] },
    '00280002': { vr: 'US', Value: [1] },
    '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
    ...(frames > 1 ? { '00280008': { vr: 'IS', Value: [frames] } } : {}),
    '00280010': { vr: 'US', Value: [rows] },
    '00280011': { vr: 'US', Value: [cols] },
    '00280100': { vr: 'US', Value: [16] },
    '00280101': { vr: 'US', Value: [bitsStored] },
    '00280102': { vr: 'US', Value: [bitsStored - 1] },
    '00280103': { vr: 'US', Value: [0] },
    ...attributes,
    '7FE00010': { vr: 'OW', Value: [pixels.buffer] },
  }
  return Buffer.from(dict.write())
}

/**
 * An angiogram-like square image: a shaded background and a thin bright curved vessel (Gaussian
 * profile) — what the demonstration model marks — with a window and rescale that map it to 0…1.
 */
export function vesselDicom({ side = 256, seed = 0, uid, patientName = 'HAN^SORA' } = {}) {
  const pixels = new Uint16Array(side * side)
  for (let y = 0; y < side; y++) {
    const centre = side / 2 + (side / 5) * Math.sin((y / side) * Math.PI * 2 + seed)
    for (let x = 0; x < side; x++)
      pixels[y * side + x] = Math.round(1500 + (200 * x) / side + 900 * Math.exp(-((x - centre) ** 2) / 2.88))
  }
  return dicomFile({
    rows: side,
    cols: side,
    pixels,
    uid: uid ?? `1.2.826.0.1.3680043.8.498.${9000 + seed}`,
    patientName,
    attributes: {
      '00281050': { vr: 'DS', Value: ['900'] },
      '00281051': { vr: 'DS', Value: ['1400'] },
      '00281052': { vr: 'DS', Value: ['-1024'] },
      '00281053': { vr: 'DS', Value: ['1'] },
    },
  })
}
