import fc from 'fast-check';
import {
  addBusinessDays, endOfBusinessDay, endOfDay, isBusinessDay, localDateOf, nextBusinessDayOnOrAfter, startOfDay,
} from '../../domain/calendar';

const AMS = 'Europe/Amsterdam';
const hours = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 3_600_000;

describe('startOfDay and endOfDay', () => {
  it('end of day is the start of the next local day', () => {
    expect(startOfDay('2026-05-01', AMS)).toBe('2026-04-30T22:00:00.000Z');
    expect(endOfDay('2026-05-01', AMS)).toBe('2026-05-01T22:00:00.000Z');
    expect(endOfDay('2026-05-01', 'UTC')).toBe('2026-05-02T00:00:00.000Z');
  });

  it('a last day on which clocks go forward in Amsterdam is 23 hours long', () => {
    // Sunday 29 March 2026, 02:00 CET → 03:00 CEST.
    expect(startOfDay('2026-03-29', AMS)).toBe('2026-03-28T23:00:00.000Z');
    expect(endOfDay('2026-03-29', AMS)).toBe('2026-03-29T22:00:00.000Z');
    expect(hours(startOfDay('2026-03-29', AMS), endOfDay('2026-03-29', AMS))).toBe(23);
  });

  it('a last day on which clocks go back in Amsterdam is 25 hours long', () => {
    // Sunday 25 October 2026, 03:00 CEST → 02:00 CET.
    expect(startOfDay('2026-10-25', AMS)).toBe('2026-10-24T22:00:00.000Z');
    expect(endOfDay('2026-10-25', AMS)).toBe('2026-10-25T23:00:00.000Z');
    expect(hours(startOfDay('2026-10-25', AMS), endOfDay('2026-10-25', AMS))).toBe(25);
  });

  it('handles a leap day and refuses a date that does not exist', () => {
    expect(endOfDay('2028-02-29', AMS)).toBe('2028-02-29T23:00:00.000Z');
    expect(() => endOfDay('2027-02-29', AMS)).toThrow(/real calendar date/);
    expect(() => endOfDay('29-02-2028', AMS)).toThrow(/YYYY-MM-DD/);
    expect(() => endOfDay('2028-02-29', 'Nowhere/Town')).toThrow(/unknown time zone/);
  });
});

describe('business days', () => {
  it('Monday to Friday are business days, the weekend is not', () => {
    expect(isBusinessDay('2026-03-27', AMS)).toBe(true); // Friday
    expect(isBusinessDay('2026-03-28', AMS)).toBe(false); // Saturday
    expect(isBusinessDay('2026-03-29', AMS)).toBe(false); // Sunday
    expect(isBusinessDay('2028-02-29', AMS)).toBe(true); // Tuesday, leap day
  });

  it('adds business days over weekends, like WORKDAY', () => {
    expect(addBusinessDays('2026-03-27', 1, AMS)).toBe('2026-03-30');
    expect(addBusinessDays('2026-03-28', 1, AMS)).toBe('2026-03-30');
    expect(addBusinessDays('2026-03-30', -1, AMS)).toBe('2026-03-27');
    expect(addBusinessDays('2026-03-28', 0, AMS)).toBe('2026-03-28');
    expect(addBusinessDays('2028-02-28', 1, AMS)).toBe('2028-02-29');
    expect(addBusinessDays('2028-02-25', 5, AMS)).toBe('2028-03-03');
  });

  it('takes holidays from a calendar', () => {
    const cal = { zone: AMS, holidays: ['2026-04-27'] }; // King's Day, a Monday
    expect(isBusinessDay('2026-04-27', cal)).toBe(false);
    expect(addBusinessDays('2026-04-24', 1, cal)).toBe('2026-04-28');
    expect(nextBusinessDayOnOrAfter('2026-04-25', cal)).toBe('2026-04-28');
    expect(() => addBusinessDays('2026-04-24', 1, { zone: AMS, weekend: [1, 2, 3, 4, 5, 6, 7] })).toThrow(/no business days/);
  });
});

describe('endOfBusinessDay', () => {
  it('is the end of the same day on a business day', () => {
    // Friday 27 March 2026, 23:30 CET.
    expect(endOfBusinessDay('2026-03-27T22:30:00Z', AMS)).toBe('2026-03-27T23:00:00.000Z');
  });

  it('moves a weekend instant to the end of Monday, across the DST change', () => {
    expect(endOfBusinessDay('2026-03-29T10:00:00Z', AMS)).toBe('2026-03-30T22:00:00.000Z');
    // Exactly the end of Friday is Saturday 00:00: the deadline is the end of Monday.
    expect(endOfBusinessDay(endOfDay('2026-03-27', AMS), AMS)).toBe('2026-03-30T22:00:00.000Z');
  });

  it('uses the local date, not the UTC date', () => {
    // 23:30 UTC on Friday is already Saturday in Amsterdam (summer time).
    expect(localDateOf('2026-06-05T23:30:00Z', AMS)).toBe('2026-06-06');
    expect(endOfBusinessDay('2026-06-05T23:30:00Z', AMS)).toBe('2026-06-08T22:00:00.000Z');
  });

  const ZONES = ['Europe/Amsterdam', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland', 'UTC'];
  const instant = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

  it('is after the input, within four days, and ends a business day', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (at, zone) => {
        const deadline = endOfBusinessDay(at, zone);
        expect(Date.parse(deadline)).toBeGreaterThan(Date.parse(at));
        expect(hours(at, deadline)).toBeLessThanOrEqual(4 * 24);
        const lastInstant = new Date(Date.parse(deadline) - 1).toISOString();
        expect(isBusinessDay(localDateOf(lastInstant, zone), zone)).toBe(true);
        expect(deadline).toBe(endOfDay(localDateOf(lastInstant, zone), zone));
      }),
    );
  });

  it('addBusinessDays lands on a business day and reverses', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -30, max: 30 }).filter((n) => n !== 0), (at, n) => {
        const start = nextBusinessDayOnOrAfter(localDateOf(at, AMS), AMS);
        const moved = addBusinessDays(start, n, AMS);
        expect(isBusinessDay(moved, AMS)).toBe(true);
        expect(addBusinessDays(moved, -n, AMS)).toBe(start);
      }),
    );
  });
});
