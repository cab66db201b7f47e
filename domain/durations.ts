// ISO-8601 durations (policy durations such as moverGrace: "P7D") and calendar-aware addition in a time zone.
import { Duration } from 'luxon';
import { parseInstant, toIsoInstant } from './instant';

/**
 * The subset of ISO 8601 we accept: P[nY][nM][nW][nD][T[nH][nM][n[.f]S]], at least one component, no sign.
 * Stricter than luxon, which also accepts "P", "PT" and "P1DT"; fractions only on seconds, so that
 * "P1.5M" never has to mean something surprising.
 */
const ISO_DURATION = /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

export class DurationError extends Error {
  override name = 'DurationError';
}

/** Parses a positive ISO-8601 duration ("P7D", "PT30S", "P1M") or throws a DurationError saying why not. */
export function parseDuration(s: string): Duration {
  const problem = durationProblem(s);
  if (problem !== null) throw new DurationError(problem);
  return Duration.fromISO(s);
}

/** Why `s` is not a usable duration, or null when it is. For validators that collect every problem. */
export function durationProblem(s: unknown): string | null {
  if (typeof s !== 'string') return 'must be an ISO-8601 duration string such as P7D';
  if (!ISO_DURATION.test(s)) {
    return `'${s}' is not an ISO-8601 duration such as P7D, PT30S or P1M (no sign; fractions only on seconds)`;
  }
  const d = Duration.fromISO(s);
  if (!d.isValid) return `'${s}' is not a valid duration: ${d.invalidExplanation ?? ''}`;
  const values = Object.values(d.toObject());
  if (!values.some((v) => typeof v === 'number' && v > 0)) return `'${s}' must be longer than zero`;
  return null;
}

/**
 * `instantIso` plus `durationIso`, computed in `zone`: days, weeks, months and years are calendar units
 * (P1D across a DST change is 23 or 25 hours; P1M from 31 January is the last day of February),
 * while hours, minutes and seconds are exact elapsed time. Returns a UTC ISO instant.
 */
export function addDuration(instantIso: string, durationIso: string, zone: string): string {
  const duration = parseDuration(durationIso);
  return toIsoInstant(parseInstant(instantIso, zone).plus(duration));
}
