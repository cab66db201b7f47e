// The mass-leaver safeguard's rule (domain/leaver-guard.ts).
import fc from 'fast-check';
import { DEFAULT_LEAVER_GUARD, allowedLeavers, leaverGuardDecision } from '../../domain/leaver-guard';

test('by default a source may take 10% of the active people a window, at least one', () => {
  expect(allowedLeavers(DEFAULT_LEAVER_GUARD, 60)).toBe(6);
  expect(allowedLeavers(DEFAULT_LEAVER_GUARD, 69)).toBe(6);
  expect(allowedLeavers(DEFAULT_LEAVER_GUARD, 5)).toBe(1);
  expect(allowedLeavers(DEFAULT_LEAVER_GUARD, 0)).toBe(1);
  expect(leaverGuardDecision(DEFAULT_LEAVER_GUARD, { activePeople: 60, earlierInWindow: 5 })).toEqual({ hold: false, allowed: 6, position: 6 });
  expect(leaverGuardDecision(DEFAULT_LEAVER_GUARD, { activePeople: 60, earlierInWindow: 6 })).toEqual({ hold: true, allowed: 6, position: 7 });
});

const settings = fc.record({
  share: fc.double({ min: 0, max: 1, noNaN: true }),
  windowSeconds: fc.integer({ min: 1, max: 10 ** 7 }),
  minimum: fc.integer({ min: 0, max: 20 }),
});

test('a mass termination: of n leavers in one window exactly the allowance runs, every later one is held', () => {
  fc.assert(
    fc.property(settings, fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 600 }), (s, active, n) => {
      const held = Array.from({ length: n }, (_, i) => leaverGuardDecision(s, { activePeople: active, earlierInWindow: i }).hold);
      const allowed = allowedLeavers(s, active);
      expect(held.filter((h) => !h).length).toBe(Math.min(n, allowed));
      // Once one is held, every later one is too.
      expect(held.indexOf(true) === -1 || held.slice(held.indexOf(true)).every(Boolean)).toBe(true);
      // Never more than the share (or the floor) of the active people.
      expect(allowed).toBeLessThanOrEqual(Math.max(s.minimum, s.share * active));
    }),
  );
});
