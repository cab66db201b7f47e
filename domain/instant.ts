// Instants and time zones, checked strictly so that nothing depends on the machine's own zone or clock.
import { DateTime, IANAZone } from 'luxon';

/** An ISO-8601 instant must carry its offset (Z or ±hh:mm): without one luxon would read it in the host's zone. */
const OFFSET_AT_END = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

export class TimeError extends Error {
  override name = 'TimeError';
}

// isValidZone builds an Intl.DateTimeFormat on every call, which is slow in loops; a zone once valid stays valid.
const knownZones = new Set<string>();

/** Throws unless `zone` is an IANA time zone name luxon knows (e.g. Europe/Amsterdam, UTC). */
export function assertZone(zone: string): void {
  if (knownZones.has(zone)) return;
  if (!IANAZone.isValidZone(zone)) throw new TimeError(`unknown time zone '${zone}' (expected an IANA name such as Europe/Amsterdam)`);
}

/** Parses an ISO-8601 instant with an explicit offset into a DateTime in `zone` (UTC when not given). */
export function parseInstant(instantIso: string, zone = 'UTC'): DateTime {
  assertZone(zone);
  if (!OFFSET_AT_END.test(instantIso)) {
    throw new TimeError(`'${instantIso}' is not an ISO-8601 time with a zone, e.g. 2026-05-01T17:00:00Z`);
  }
  const dt = DateTime.fromISO(instantIso, { setZone: true });
  if (!dt.isValid) throw new TimeError(`'${instantIso}' is not a valid ISO-8601 time: ${dt.invalidExplanation ?? dt.invalidReason ?? ''}`);
  return dt.setZone(zone);
}

/** The canonical form every domain function returns: UTC with milliseconds, e.g. 2026-03-29T22:00:00.000Z. */
export function toIsoInstant(dt: DateTime): string {
  const iso = dt.toUTC().toISO();
  if (iso === null) throw new TimeError(`cannot format an invalid time: ${dt.invalidExplanation ?? ''}`);
  return iso;
}
