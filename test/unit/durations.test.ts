import { addDuration, durationProblem, DurationError, parseDuration } from '../../domain/durations';

describe('parseDuration', () => {
  it.each([
    ['P7D', { days: 7 }],
    ['PT30S', { seconds: 30 }],
    ['P1M', { months: 1 }],
    ['P2W', { weeks: 2 }],
    ['P1DT12H', { days: 1, hours: 12 }],
  ])('parses %s', (s, expected) => {
    expect(parseDuration(s).toObject()).toEqual(expected);
  });

  it.each(['', 'P', 'PT', 'P1DT', '7D', 'p7d', '-P1D', 'P-1D', 'P1.5D', 'P7', 'seven days'])('refuses %j with a clear error', (s) => {
    expect(() => parseDuration(s)).toThrow(DurationError);
    expect(durationProblem(s)).toMatch(/ISO-8601 duration/);
  });

  it('refuses a zero duration', () => {
    expect(durationProblem('PT0S')).toMatch(/longer than zero/);
    expect(durationProblem('P0D')).toMatch(/longer than zero/);
  });

  it('allows fractional seconds', () => {
    expect(durationProblem('PT0.5S')).toBeNull();
  });

  it('reports non-strings', () => {
    expect(durationProblem(7)).toMatch(/string/);
  });
});

describe('addDuration', () => {
  it('adds calendar days across the spring DST change in Amsterdam (23-hour day)', () => {
    // 13:00 CET on Saturday 28 March 2026 → 13:00 CEST on Sunday 29 March, 23 hours later.
    expect(addDuration('2026-03-28T12:00:00Z', 'P1D', 'Europe/Amsterdam')).toBe('2026-03-29T11:00:00.000Z');
    expect(addDuration('2026-03-28T12:00:00Z', 'PT24H', 'Europe/Amsterdam')).toBe('2026-03-29T12:00:00.000Z');
  });

  it('adds calendar days across the autumn DST change (25-hour day)', () => {
    expect(addDuration('2026-10-24T12:00:00Z', 'P1D', 'Europe/Amsterdam')).toBe('2026-10-25T13:00:00.000Z');
  });

  it('keeps the local time for P7D over a DST change', () => {
    expect(addDuration('2026-03-25T08:00:00Z', 'P7D', 'Europe/Amsterdam')).toBe('2026-04-01T07:00:00.000Z');
  });

  it('clamps months to the end of a leap February', () => {
    expect(addDuration('2028-01-31T09:00:00Z', 'P1M', 'Europe/Amsterdam')).toBe('2028-02-29T09:00:00.000Z');
    expect(addDuration('2028-02-29T12:00:00Z', 'P1Y', 'UTC')).toBe('2029-02-28T12:00:00.000Z');
  });

  it('accepts instants with an offset and returns UTC', () => {
    expect(addDuration('2026-05-01T17:00:00+02:00', 'PT30S', 'Europe/Amsterdam')).toBe('2026-05-01T15:00:30.000Z');
  });

  it('refuses instants without an offset, unknown zones and bad durations', () => {
    expect(() => addDuration('2026-05-01T17:00:00', 'P1D', 'UTC')).toThrow(/with a zone/);
    expect(() => addDuration('2026-05-01T17:00:00Z', 'P1D', 'Mars/Olympus')).toThrow(/unknown time zone/);
    expect(() => addDuration('2026-05-01T17:00:00Z', 'P0D', 'UTC')).toThrow(DurationError);
  });
});
