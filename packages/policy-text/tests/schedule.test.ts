import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { earliestEffectiveDate, noticeDays, validateSchedule } from '../src/index.js'

const DAY = 86_400_000
const at = (iso: string): Date => new Date(iso)

describe('earliestEffectiveDate', () => {
  it('adds 7 calendar days (30 when significant) in UTC, keeping the time of day', () => {
    expect(earliestEffectiveDate(at('2025-01-31T10:15:00Z'), false).toISOString()).toBe(
      '2025-02-07T10:15:00.000Z'
    )
    expect(earliestEffectiveDate(at('2025-01-31T10:15:00Z'), true).toISOString()).toBe(
      '2025-03-02T10:15:00.000Z'
    )
    // Across a leap day and a year end.
    expect(earliestEffectiveDate(at('2024-02-25T23:59:59.999Z'), false).toISOString()).toBe(
      '2024-03-03T23:59:59.999Z'
    )
    expect(earliestEffectiveDate(at('2025-12-20T00:00:00Z'), true).toISOString()).toBe(
      '2026-01-19T00:00:00.000Z'
    )
  })

  it('uses the tenant settings, never going below 7 / 30 days', () => {
    expect(noticeDays(false, { minorNoticeDays: 14 })).toBe(14)
    expect(noticeDays(true, { significantNoticeDays: 60 })).toBe(60)
    expect(noticeDays(false, { minorNoticeDays: 3 })).toBe(7)
    expect(noticeDays(true, { significantNoticeDays: 10 })).toBe(30)
    expect(noticeDays(true, { minorNoticeDays: 40 })).toBe(40)
    expect(
      earliestEffectiveDate(at('2025-01-01T00:00:00Z'), false, { minorNoticeDays: 10 }).toISOString()
    ).toBe('2025-01-11T00:00:00.000Z')
  })

  it('throws on an invalid date', () => {
    expect(() => earliestEffectiveDate(new Date('nope'), false)).toThrow(RangeError)
  })
})

describe('validateSchedule', () => {
  const postedAt = at('2025-03-01T09:00:00Z')

  it('accepts the earliest date and refuses one millisecond earlier, explaining why in en and ko', () => {
    expect(
      validateSchedule({ postedAt, effectiveAt: at('2025-03-08T09:00:00Z'), significant: false })
    ).toEqual({
      ok: true,
      earliest: at('2025-03-08T09:00:00Z'),
    })
    const r = validateSchedule({
      postedAt,
      effectiveAt: at('2025-03-08T08:59:59.999Z'),
      significant: false,
      locale: 'ko',
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.code).toBe('effective_too_soon')
    expect(r.earliest).toEqual(at('2025-03-08T09:00:00Z'))
    expect(r.messages.en).toBe(
      'A change takes effect no earlier than 7 days after posting: the earliest effective date is 2025-03-08 09:00 UTC.'
    )
    expect(r.message).toBe(r.messages.ko)
    expect(r.messages.ko).toContain('게시 후 7일')
    expect(r.messages.ko).toContain('2025-03-08 09:00 UTC')
  })

  it('requires 30 days for a significant change', () => {
    const r = validateSchedule({ postedAt, effectiveAt: at('2025-03-20T09:00:00Z'), significant: true })
    expect(r).toMatchObject({ ok: false, code: 'effective_too_soon', earliest: at('2025-03-31T09:00:00Z') })
    if (!r.ok) expect(r.message).toMatch(/significant change .* 30 days/)
    expect(
      validateSchedule({ postedAt, effectiveAt: at('2025-03-31T09:00:00Z'), significant: true }).ok
    ).toBe(true)
  })

  it('refuses an effective date in the past', () => {
    const before = validateSchedule({ postedAt, effectiveAt: at('2025-02-01T00:00:00Z'), significant: false })
    expect(before).toMatchObject({ ok: false, code: 'effective_in_past' })
    const stale = validateSchedule({
      postedAt,
      effectiveAt: at('2025-04-01T00:00:00Z'),
      now: at('2025-05-01T00:00:00Z'),
      significant: false,
    })
    expect(stale).toMatchObject({ ok: false, code: 'effective_in_past' })
    if (!stale.ok) expect(stale.messages.ko).toContain('이미 지났습니다')
  })

  it('refuses invalid dates with a clear code instead of throwing', () => {
    const r = validateSchedule({ postedAt, effectiveAt: new Date(Number.NaN), significant: true })
    expect(r).toMatchObject({ ok: false, code: 'invalid_date', earliest: at('2025-03-31T09:00:00Z') })
    expect(
      validateSchedule({ postedAt: new Date(''), effectiveAt: postedAt, significant: false })
    ).toMatchObject({
      ok: false,
      code: 'invalid_date',
      earliest: null,
    })
  })
})

describe('schedule properties', () => {
  const posted = fc.date({
    min: at('2000-01-01T00:00:00Z'),
    max: at('2100-01-01T00:00:00Z'),
    noInvalidDate: true,
  })
  const settings = fc.record(
    {
      minorNoticeDays: fc.integer({ min: -5, max: 90 }),
      significantNoticeDays: fc.integer({ min: -5, max: 200 }),
    },
    { requiredKeys: [] }
  )

  it('no effective date earlier than the rule is accepted, and the earliest date is', () => {
    fc.assert(
      fc.property(
        posted,
        fc.boolean(),
        settings,
        fc.integer({ min: 1, max: 400 * DAY }),
        (p, significant, s, early) => {
          const earliest = earliestEffectiveDate(p, significant, s)
          const floor = (significant ? 30 : 7) * DAY
          expect(earliest.getTime() - p.getTime()).toBeGreaterThanOrEqual(floor)
          expect((earliest.getTime() - p.getTime()) % DAY).toBe(0)
          expect(validateSchedule({ postedAt: p, effectiveAt: earliest, significant, settings: s }).ok).toBe(
            true
          )
          const tooSoon = new Date(earliest.getTime() - early)
          const r = validateSchedule({ postedAt: p, effectiveAt: tooSoon, significant, settings: s })
          expect(r.ok).toBe(false)
          if (!r.ok) expect(['effective_too_soon', 'effective_in_past']).toContain(r.code)
        }
      ),
      { numRuns: 300 }
    )
  })

  it('any date at or after the earliest is accepted; a significant change never needs less notice', () => {
    fc.assert(
      fc.property(posted, settings, fc.integer({ min: 0, max: 400 * DAY }), (p, s, late) => {
        const minor = earliestEffectiveDate(p, false, s)
        const major = earliestEffectiveDate(p, true, s)
        expect(major.getTime()).toBeGreaterThanOrEqual(minor.getTime())
        const effectiveAt = new Date(major.getTime() + late)
        expect(validateSchedule({ postedAt: p, effectiveAt, significant: true, settings: s }).ok).toBe(true)
      }),
      { numRuns: 200 }
    )
  })
})
