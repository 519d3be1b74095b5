import { describe, expect, it } from 'vitest'
import { currentVersion, versionStatus, type VersionTiming } from '../src/index.js'

const v1: VersionTiming = { id: 'v1', postedAt: '2025-01-01T00:00:00Z', effectiveAt: '2025-01-08T00:00:00Z' }
const v2: VersionTiming = {
  id: 'v2',
  postedAt: new Date('2025-03-01T00:00:00Z'),
  effectiveAt: new Date('2025-03-31T00:00:00Z'),
}
const draft: VersionTiming = { id: 'v3', postedAt: null, effectiveAt: null }
const published = [v1, v2]
const at = (iso: string): Date => new Date(iso)

describe('versionStatus', () => {
  it('derives each status from the clock value passed in', () => {
    expect(versionStatus(draft, at('2025-06-01T00:00:00Z'), published)).toBe('draft')
    expect(versionStatus(v1, at('2024-12-31T23:59:59Z'), published)).toBe('draft')
    expect(versionStatus(v1, at('2025-01-02T00:00:00Z'), published)).toBe('scheduled')
    expect(versionStatus(v1, at('2025-01-08T00:00:00Z'), published)).toBe('effective')
    expect(versionStatus(v2, at('2025-03-15T00:00:00Z'), published)).toBe('scheduled')
    expect(versionStatus(v1, at('2025-03-15T00:00:00Z'), published)).toBe('effective')
    expect(versionStatus(v1, at('2025-03-31T00:00:00Z'), published)).toBe('superseded')
    expect(versionStatus(v2, at('2025-03-31T00:00:00Z'), published)).toBe('effective')
  })

  it('currentVersion picks the latest effective one', () => {
    expect(currentVersion(published, at('2025-01-01T00:00:00Z'))).toBeUndefined()
    expect(currentVersion(published, at('2025-02-01T00:00:00Z'))?.id).toBe('v1')
    expect(currentVersion([v2, v1], at('2026-01-01T00:00:00Z'))?.id).toBe('v2')
  })

  it('breaks ties on the same effective date by the later posting', () => {
    const a: VersionTiming = {
      id: 'a',
      postedAt: '2025-01-01T00:00:00Z',
      effectiveAt: '2025-02-01T00:00:00Z',
    }
    const b: VersionTiming = {
      id: 'b',
      postedAt: '2025-01-02T00:00:00Z',
      effectiveAt: '2025-02-01T00:00:00Z',
    }
    expect(versionStatus(a, at('2025-02-02T00:00:00Z'), [b, a])).toBe('superseded')
    expect(versionStatus(b, at('2025-02-02T00:00:00Z'), [a, b])).toBe('effective')
  })
})
