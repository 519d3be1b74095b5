import dcmjs from 'dcmjs'

const { DicomDict } = dcmjs.data

/**
 * A small Part 10 file written with dcmjs: the patient details and a private attribute the server
 * must remove, and 8×8 pixels the de-identification must leave untouched.
 */
export function syntheticDicom(
  options: { modality?: string; sopClassUid?: string; burnedIn?: boolean } = {}
): Uint8Array {
  const sopClassUid = options.sopClassUid ?? '1.2.840.10008.5.1.4.1.1.2'
  const sopInstanceUid = '1.2.826.0.1.3680043.8.498.111'
  const meta = {
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: [sopClassUid] },
    '00020003': { vr: 'UI', Value: [sopInstanceUid] },
    '00020010': { vr: 'UI', Value: ['1.2.840.10008.1.2.1'] },
    '00020012': { vr: 'UI', Value: ['1.2.826.0.1.3680043.10.999'] },
  }
  const dict = new DicomDict(meta)
  dict.dict = {
    '00080016': { vr: 'UI', Value: [sopClassUid] },
    '00080018': { vr: 'UI', Value: [sopInstanceUid] },
    '00080020': { vr: 'DA', Value: ['20260301'] },
    '00080060': { vr: 'CS', Value: [options.modality ?? 'CT'] },
    '00080080': { vr: 'LO', Value: ['SEOUL GENERAL HOSPITAL'] },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: 'KIM^MINJI' }] },
    '00100020': { vr: 'LO', Value: ['PID-778899'] },
    '00100030': { vr: 'DA', Value: ['19800512'] },
    '00200013': { vr: 'IS', Value: [1] },
    '00280002': { vr: 'US', Value: [1] },
    '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
    '00280010': { vr: 'US', Value: [8] },
    '00280011': { vr: 'US', Value: [8] },
    '00280100': { vr: 'US', Value: [16] },
    '00280101': { vr: 'US', Value: [12] },
    '00280102': { vr: 'US', Value: [11] },
    '00280103': { vr: 'US', Value: [0] },
    ...(options.burnedIn ? { '00280301': { vr: 'CS', Value: ['YES'] } } : {}),
    '00090010': { vr: 'LO', Value: ['ACME PRIVATE'] },
    '00091001': { vr: 'LO', Value: ['PRIVATE-KIM-NOTE'] },
    '7FE00010': { vr: 'OW', Value: [new Uint16Array(64).map((_, i) => i * 7).buffer] },
  }
  return new Uint8Array(dict.write())
}
