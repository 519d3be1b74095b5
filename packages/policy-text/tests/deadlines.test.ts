import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addMonthsClamped, endOfLocalDay, extendDeadline, requestDeadline } from '../src/index.js'

const ZONES = ['Asia/Seoul', 'Europe/Berlin', 'Europe/Dublin', 'America/New_York', 'UTC', 'Pacific/Chatham']
const instant = fc.date({
  min: new Date('2020-01-01T00:00:00Z'),
  max: new Date('2035-12-31T00:00:00Z'),
  noInvalidDate: true,
})

function local(at: Date, timeZone: string) {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(at)
}

describe('request deadlines', () => {
  it('Korea: end of the 10th local day after receipt', () => {
    const due = requestDeadline({
      receivedAt: new Date('2026-03-01T16:30:00Z'),
      regimes: ['kr'],
      timeZone: 'Asia/Seoul',
    })
    // 16:30 UTC is 2 March 01:30 in Seoul: ten days later is 12 March, 23:59:59.999 Seoul time.
    expect(due.dueAt.toISOString()).toBe('2026-03-12T14:59:59.999Z')
  })

  it('EU: the same day next month, or the last day of a shorter month', () => {
    expect(
      requestDeadline({
        receivedAt: new Date('2026-01-31T10:00:00Z'),
        regimes: ['eu'],
        timeZone: 'UTC',
      }).dueAt.toISOString()
    ).toBe('2026-02-28T23:59:59.999Z')
    expect(
      requestDeadline({
        receivedAt: new Date('2028-01-31T10:00:00Z'),
        regimes: ['eu'],
        timeZone: 'UTC',
      }).dueAt.toISOString()
    ).toBe('2028-02-29T23:59:59.999Z')
    expect(
      requestDeadline({
        receivedAt: new Date('2026-03-15T10:00:00Z'),
        regimes: ['eu'],
        timeZone: 'Europe/Berlin',
      }).dueAt.toISOString()
    ).toBe('2026-04-15T21:59:59.999Z')
  })

  it('across a DST change the deadline is still the end of the local day', () => {
    // Berlin moves to summer time on 29 March 2026.
    const due = requestDeadline({
      receivedAt: new Date('2026-03-19T09:00:00Z'),
      regimes: ['kr'],
      timeZone: 'Europe/Berlin',
    })
    expect(local(due.dueAt, 'Europe/Berlin')).toBe('2026-03-29, 23:59:59')
  })

  it('property: every deadline is the last second of a local day, after receipt', () => {
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom(...ZONES),
        fc.subarray(['kr', 'eu'] as const, { minLength: 1 }),
        (at, zone, regimes) => {
          const { dueAt, byRegime } = requestDeadline({ receivedAt: at, regimes, timeZone: zone })
          expect(dueAt.getTime()).toBeGreaterThan(at.getTime())
          expect(local(dueAt, zone).endsWith('23:59:59')).toBe(true)
          expect(local(new Date(dueAt.getTime() + 1), zone).endsWith('00:00:00')).toBe(true)
          for (const d of Object.values(byRegime)) expect(dueAt.getTime()).toBeLessThanOrEqual(d.getTime())
        }
      ),
      { numRuns: 300 }
    )
  })

  it('property: where both regimes apply the earlier date wins (Korea: 10 days < one month)', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (at, zone) => {
        const both = requestDeadline({ receivedAt: at, regimes: ['kr', 'eu'], timeZone: zone })
        const kr = requestDeadline({ receivedAt: at, regimes: ['kr'], timeZone: zone })
        const eu = requestDeadline({ receivedAt: at, regimes: ['eu'], timeZone: zone })
        expect(both.dueAt.getTime()).toBe(Math.min(kr.dueAt.getTime(), eu.dueAt.getTime()))
        expect(both.dueAt.getTime()).toBe(kr.dueAt.getTime())
      }),
      { numRuns: 200 }
    )
  })

  it('property: the EU month is 28 to 31 local days', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (at, zone) => {
        const eu = requestDeadline({ receivedAt: at, regimes: ['eu'], timeZone: zone }).dueAt
        const days = (eu.getTime() - at.getTime()) / 86_400_000
        expect(days).toBeGreaterThan(27)
        expect(days).toBeLessThan(32.1)
      }),
      { numRuns: 200 }
    )
  })

  it('addMonthsClamped never overflows into the following month', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 0, max: 24 }),
        (year, month, day, months) => {
          const d = addMonthsClamped({ year, month, day }, months)
          const expectedIndex = year * 12 + month - 1 + months
          expect(d.year * 12 + d.month - 1).toBe(expectedIndex)
          expect(d.day).toBeLessThanOrEqual(day)
        }
      )
    )
  })

  it('extensions: EU only, before the first deadline, with a reason; three months from receipt', () => {
    const base = {
      receivedAt: new Date('2026-01-31T10:00:00Z'),
      timeZone: 'Europe/Berlin',
      reason: 'Large volume of records across archives.',
    }
    const ok = extendDeadline({ ...base, regimes: ['eu'], requestedAt: new Date('2026-02-10T10:00:00Z') })
    expect(ok).toEqual({ ok: true, dueAt: endOfLocalDay({ year: 2026, month: 4, day: 30 }, 'Europe/Berlin') })
    expect(
      extendDeadline({ ...base, regimes: ['eu', 'kr'], requestedAt: new Date('2026-02-01T10:00:00Z') })
    ).toMatchObject({ ok: false, code: 'not_extendable' })
    expect(
      extendDeadline({ ...base, regimes: ['kr'], requestedAt: new Date('2026-02-01T10:00:00Z') })
    ).toMatchObject({ ok: false, code: 'not_extendable' })
    expect(
      extendDeadline({ ...base, regimes: ['eu'], requestedAt: new Date('2026-03-01T10:00:00Z') })
    ).toMatchObject({ ok: false, code: 'after_deadline' })
    expect(
      extendDeadline({
        ...base,
        regimes: ['eu'],
        reason: 'busy',
        requestedAt: new Date('2026-02-10T10:00:00Z'),
      })
    ).toMatchObject({ ok: false, code: 'reason_required' })
  })

  it('property: an allowed extension always lands later than the first deadline', () => {
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom(...ZONES),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (at, zone, fraction) => {
          const first = requestDeadline({ receivedAt: at, regimes: ['eu'], timeZone: zone }).dueAt
          const requestedAt = new Date(at.getTime() + (first.getTime() - at.getTime()) * fraction)
          const result = extendDeadline({
            receivedAt: at,
            regimes: ['eu'],
            timeZone: zone,
            requestedAt,
            reason: 'Many linked records to review.',
          })
          expect(result.ok).toBe(true)
          if (result.ok) expect(result.dueAt.getTime()).toBeGreaterThan(first.getTime() + 55 * 86_400_000)
        }
      ),
      { numRuns: 200 }
    )
  })
})
